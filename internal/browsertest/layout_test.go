package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// viewport is one window the page must fit: Width×Height CSS pixels at
// Scale device pixels per CSS pixel (browser zoom: 1280×800 at 150% is a
// 853×533 CSS-pixel window drawn 1.5× larger).
type viewport struct {
	name          string
	width, height int64
	scale         float64
}

var viewports = []viewport{
	{"laptop-1280x800", 1280, 800, 1},
	{"projector-1920x1080", 1920, 1080, 1},
	{"narrow-800x1000", 800, 1000, 1},
	{"laptop-1280x800-zoom150", 853, 533, 1.5},
	{"projector-1920x1080-zoom150", 1280, 720, 1.5},
}

// layoutProbeJS measures what the layout test checks, in the page:
// horizontal overflow, top-bar controls outside the viewport, the map's
// label sizes as drawn, and the contrast of the main text colours against
// the background they are drawn on.
const layoutProbeJS = `(() => {
  const out = {overflow: document.documentElement.scrollWidth - window.innerWidth, offscreen: [], small: [], lowContrast: [], labels: 0, clipped: []};
  // The inspector: no cell wider than its box or past the panel's edge,
  // and the panel needs no sideways scrolling.
  const insp = document.getElementById("inspector");
  const edge = insp.getBoundingClientRect().left + insp.clientLeft + insp.clientWidth;
  if (insp.scrollWidth > insp.clientWidth) out.clipped.push("#inspector scrolls sideways: " + insp.scrollWidth + " > " + insp.clientWidth);
  for (const td of insp.querySelectorAll("td")) {
    const r = td.getBoundingClientRect();
    if (td.scrollWidth > td.clientWidth + 1 || r.right > edge + 0.5)
      out.clipped.push(td.className + " '" + td.textContent.slice(0, 40) + "': right " + Math.round(r.right) + " > " + Math.round(edge) + " or scrollWidth " + td.scrollWidth + " > " + td.clientWidth);
  }
  for (const el of document.querySelectorAll(".topbar select, .topbar button")) {
    const r = el.getBoundingClientRect();
    if (r.left < 0 || r.right > window.innerWidth + 0.5 || r.top < 0 || r.bottom > window.innerHeight + 0.5 || r.width === 0)
      out.offscreen.push((el.id || el.textContent.trim()) + " at " + Math.round(r.left) + ".." + Math.round(r.right) + " x " + Math.round(r.top) + ".." + Math.round(r.bottom));
  }
  for (const el of document.querySelectorAll("#map text")) {
    out.labels++;
    const fs = parseFloat(getComputedStyle(el).fontSize);
    // the size as drawn: the font size times the SVG's scale
    const m = el.getScreenCTM();
    const drawn = fs * (m ? Math.hypot(m.a, m.b) : 1);
    if (drawn < 12 - 1e-6) out.small.push(el.getAttribute("class") + " '" + el.textContent + "' " + drawn.toFixed(1) + "px");
  }
  const rgb = (c) => { const m = c.match(/[\d.]+/g); return m ? m.map(Number) : null; };
  const lum = (c) => { const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }); return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const bgOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && (c.length < 4 || c[3] > 0.5)) return c;
    }
    return [255, 255, 255];
  };
  for (const sel of %s) {
    const el = document.querySelector(sel);
    if (!el) { out.lowContrast.push(sel + ": missing"); continue; }
    const st = getComputedStyle(el);
    const fg = rgb(st.color), bg = bgOf(el);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < 4.5) out.lowContrast.push(sel + " " + st.color + " on rgb(" + bg.slice(0, 3) + ") " + ratio.toFixed(2) + ":1");
  }
  return out;
})()`

// contrastSelectors are the page's main text colours: body text, dim
// text, headings, line numbers, hex offsets and bytes, tables, legend,
// status, tabs, buttons.
var contrastSelectors = []string{
	".brand", ".opt", "#sample", ".btn", ".btn.primary", ".panel-head h3", ".panel-head .dim",
	"#gutter", "#hl", "#hl .k", "#hl .t", "#hl .n", "#hl .c", ".status", ".hx-off", ".hx-bytes .b", ".hx-ascii", ".hx-info",
	".legend", ".legend span", ".map-controls .dim", ".sw-btn", ".sw-btn.on", ".tab", ".tab.active",
	"#inspector .off", "#inspector .tag", "#inspector td.aname", "#inspector td.form", "#inspector td.val",
	"#explain .ex-text", "#explain .ex-name", ".hover-line",
}

type layoutProbe struct {
	Overflow    float64  `json:"overflow"`
	Offscreen   []string `json:"offscreen"`
	Small       []string `json:"small"`
	LowContrast []string `json:"lowContrast"`
	Labels      int      `json:"labels"`
	Clipped     []string `json:"clipped"`
}

// TestLayout loads the page at each viewport and checks that it fits: no
// horizontal overflow, every top-bar control on screen, map labels at least
// 12 CSS pixels as drawn, main text colours at least 4.5:1 against their
// background. It saves a screenshot of every view (each tab, each panel
// maximised) at each size.
func TestLayout(t *testing.T) {
	url := startServer(t)
	ctx, cancel := newBrowser(t)
	defer cancel()
	var sels strings.Builder
	sels.WriteString("[")
	for i, s := range contrastSelectors {
		if i > 0 {
			sels.WriteString(",")
		}
		sels.WriteString(jsString(s))
	}
	sels.WriteString("]")
	probe := fmt.Sprintf(layoutProbeJS, sels.String())
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateScale(vp.scale)),
				chromedp.Navigate(url)); err != nil {
				t.Fatal(err)
			}
			waitJS(t, ctx, `window.dsRender && window.dsRender.ready && document.querySelectorAll("#map rect.seg.k-entry").length > 0`)
			// Select an entry so the inspector, hex and explanation views
			// have content.
			clickSVG(t, ctx, `#map [data-bar=".debug_info"] rect.seg.k-entry`)
			waitJS(t, ctx, `document.querySelectorAll("#hex .b.insel").length > 0 && document.querySelector("#inspector td.aname") !== null`)
			eval[bool](t, ctx, `(() => { const b = document.querySelector("#hex .b.insel"); b.dispatchEvent(new MouseEvent("mouseover", {bubbles: true})); return true; })()`)
			waitJS(t, ctx, `document.querySelector("#explain .ex-text") !== null`)
			p := eval[layoutProbe](t, ctx, probe)
			if p.Overflow > 0 {
				t.Errorf("the page is %v px wider than the window", p.Overflow)
			}
			for _, s := range p.Offscreen {
				t.Errorf("top-bar control outside the viewport (%dx%d): %s", vp.width, vp.height, s)
			}
			if p.Labels < 5 {
				t.Errorf("%d map labels, want the section names and more", p.Labels)
			}
			for _, s := range p.Small {
				t.Errorf("map label under 12 px: %s", s)
			}
			for _, s := range p.LowContrast {
				t.Errorf("contrast under 4.5:1: %s", s)
			}
			if eval[int](t, ctx, `document.querySelectorAll("#inspector td.val").length`) < 2 {
				t.Error("the inspector shows no values")
			}
			for _, s := range p.Clipped {
				t.Errorf("inspector cut at %dx%d: %s", vp.width, vp.height, s)
			}
			shoot := func(name string) {
				t.Helper()
				if vp.width < 1100 {
					fullScreenshot(t, ctx, vp.name+"-"+name)
				} else {
					screenshot(t, ctx, vp.name+"-"+name)
				}
			}
			for _, tab := range eval[[]string](t, ctx, `[...document.querySelectorAll("[data-tab]")].map(b => b.dataset.tab)`) {
				clickSVG(t, ctx, `[data-tab="`+tab+`"]`)
				waitJS(t, ctx, `document.getElementById("tab").dataset.tabId === `+jsString(tab))
				shoot("tab-" + tab)
			}
			for _, panel := range []string{"editor", "map", "insp", "hex", "explain", "tabs"} {
				clickSVG(t, ctx, `[data-maximize="`+panel+`"]`)
				waitJS(t, ctx, `document.querySelector(".panel.maximized.`+panel+`-panel") !== null`)
				if o := eval[float64](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); o > 0 {
					t.Errorf("%s maximised: the page is %v px wider than the window", panel, o)
				}
				shoot("max-" + panel)
				clickSVG(t, ctx, `[data-maximize="`+panel+`"]`)
				waitJS(t, ctx, `document.querySelector(".panel.maximized") === null`)
			}
			// Panels are resizable (CSS resize): a wider editor leaves the
			// map less room, the page does not overflow.
			if vp.width >= 1100 {
				mapW := eval[float64](t, ctx, `document.querySelector(".map-panel").getBoundingClientRect().width`)
				eval[bool](t, ctx, `(() => { const e = document.querySelector(".editor-panel"); if (getComputedStyle(e).resize === "none") return false; e.style.width = (e.getBoundingClientRect().width + 120) + "px"; return true; })()`)
				waitJS(t, ctx, fmt.Sprintf(`document.querySelector(".map-panel").getBoundingClientRect().width < %g`, mapW-100))
				if o := eval[float64](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); o > 0 {
					t.Errorf("after widening the editor the page is %v px wider than the window", o)
				}
				eval[bool](t, ctx, `(document.querySelector(".editor-panel").style.width = "", true)`)
			}
			if r := eval[string](t, ctx, `getComputedStyle(document.querySelector(".tabs-panel")).resize`); r == "none" {
				t.Error("the tabs panel cannot be resized")
			}
			brandH := eval[float64](t, ctx, `document.querySelector(".brand").getBoundingClientRect().height`)
			clickSVG(t, ctx, `#present`)
			waitJS(t, ctx, `document.querySelector(".app.present") !== null`)
			if h := eval[float64](t, ctx, `document.querySelector(".brand").getBoundingClientRect().height`); h < brandH*1.2 {
				t.Errorf("presentation mode: type drawn %v px high, %v before: not larger", h, brandH)
			}
			if o := eval[float64](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); o > 0 {
				t.Errorf("presentation mode: the page is %v px wider than the window", o)
			}
			shoot("present")
			clickSVG(t, ctx, `#present`)
			waitJS(t, ctx, `document.querySelector(".app.present") === null`)
		})
	}
	chromedp.Do(ctx, chromedp.ResetViewport())
}
