package browsertest

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/dwarfscope/dwarfscope/internal/page"
)

// TestMapView checks the module arrives brotli-compressed, downloaded
// once, and the section map's zoom (buttons, wheel, keys), pan
// (keys, drag) with its overview strip, and its scale switch: one scale
// for every section draws each bar as long as its section.
func TestMapView(t *testing.T) {
	// The server makes the module's brotli form in the background at
	// start-up (about half a minute, once per module); wait for it.
	startServer(t)
	page.WaitCompressed(pageH)
	ctx, cancel := openPage(t)
	defer cancel()
	// The module was downloaded once (preloaded, then used), brotli-compressed.
	if n := eval[int](t, ctx, `performance.getEntriesByType("resource").filter(r => r.name.endsWith("/app.wasm")).length`); n != 1 {
		t.Errorf("app.wasm fetched %d times, want once", n)
	}
	if enc := eval[float64](t, ctx, `(() => { const r = performance.getEntriesByType("resource").find(r => r.name.endsWith("/app.wasm")); return r.encodedBodySize / r.decodedBodySize; })()`); enc > 0.22 {
		t.Errorf("app.wasm travelled at %.2f of its size; brotli gives about 0.19, gzip 0.27", enc)
	}
	// The map is drawn at its panel's width, unscaled.
	if d := eval[float64](t, ctx, `(() => { const s = document.querySelector("#map svg.map-svg"); return Math.abs(s.getBoundingClientRect().width - (document.getElementById("map").clientWidth - 24)); })()`); d > 1 {
		t.Errorf("the map's width differs from its panel's by %v px", d)
	}
	ovWin := func() (x, w float64) {
		v := eval[[]float64](t, ctx, `(() => { const r = document.querySelector("#map .ov-win"); return r ? [+r.getAttribute("x"), +r.getAttribute("width")] : [-1, -1]; })()`)
		return v[0], v[1]
	}
	ovBg := eval[float64](t, ctx, `0`)

	t.Run("zoom buttons and overview strip", func(t *testing.T) {
		if eval[bool](t, ctx, `document.querySelector("#map .ov-win") !== null`) {
			t.Error("overview strip shown while not zoomed")
		}
		clickSVG(t, ctx, `#map [data-mapzoom="in"]`)
		waitJS(t, ctx, `document.querySelector("#map .zoom-level").textContent === "2×"`)
		waitJS(t, ctx, `document.querySelector("#map .ov-win") !== null`)
		ovBg = eval[float64](t, ctx, `+document.querySelector("#map .ov-bg").getAttribute("width")`)
		_, w := ovWin()
		if math.Abs(w-ovBg/2) > 1 {
			t.Errorf("overview window %v px of %v, want half", w, ovBg)
		}
		// The bars now show half of each section: .debug_info's last
		// entries are off the bar.
		if n := eval[int](t, ctx, `document.querySelectorAll('#map [data-bar=".debug_info"] rect.seg').length`); n == 0 {
			t.Error("no segments on the zoomed .debug_info bar")
		}
	})

	t.Run("keys pan and zoom", func(t *testing.T) {
		x0, _ := ovWin()
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("map-scroll")), chromedp.KeyEvent(kb.ArrowRight)); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `+document.querySelector("#map .ov-win").getAttribute("x") > `+ftoa(x0+1))
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("map-scroll")), chromedp.KeyEvent("+")); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `document.querySelector("#map .zoom-level").textContent === "4×"`)
	})

	t.Run("drag pans", func(t *testing.T) {
		x0, _ := ovWin()
		eval[bool](t, ctx, `(() => { const s = document.getElementById("map-scroll"); const r = s.getBoundingClientRect();
			const y = r.top + 40, x = r.left + r.width / 2;
			s.dispatchEvent(new PointerEvent("pointerdown", {bubbles: true, clientX: x, clientY: y, button: 0, buttons: 1}));
			window.dispatchEvent(new PointerEvent("pointermove", {bubbles: true, clientX: x + 60, clientY: y, buttons: 1}));
			window.dispatchEvent(new PointerEvent("pointerup", {bubbles: true, clientX: x + 60, clientY: y}));
			return true; })()`)
		waitJS(t, ctx, `+document.querySelector("#map .ov-win").getAttribute("x") < `+ftoa(x0-0.5))
	})

	t.Run("wheel zooms", func(t *testing.T) {
		eval[bool](t, ctx, `(() => { const s = document.querySelector("#map svg.map-svg"); const r = s.getBoundingClientRect();
			s.dispatchEvent(new WheelEvent("wheel", {bubbles: true, cancelable: true, clientX: r.left + 300, clientY: r.top + 60, deltaY: -100})); return true; })()`)
		waitJS(t, ctx, `document.querySelector("#map .zoom-level").textContent === "5×"`)
		clickSVG(t, ctx, `#map [data-mapzoom="reset"]`)
		waitJS(t, ctx, `document.querySelector("#map .zoom-level").textContent === "1×" && document.querySelector("#map .ov-win") === null`)
	})

	t.Run("one scale for all sections", func(t *testing.T) {
		widths := `(() => { const o = {}; for (const g of document.querySelectorAll("#map g.bar:not(.zoom)")) { const r = g.querySelector("rect.bar-bg"); o[g.dataset.bar] = +r.getAttribute("width"); } return o; })()`
		sizes := `(() => { const o = {}; for (const g of document.querySelectorAll("#map g.bar:not(.zoom)")) { o[g.dataset.bar] = parseInt(g.querySelector("text.sec-size").textContent); } return o; })()`
		per := eval[map[string]float64](t, ctx, widths)
		for name, w := range per {
			if math.Abs(w-per[".debug_info"]) > 0.5 {
				t.Errorf("per-section scale: %s is %v px, .debug_info %v px", name, w, per[".debug_info"])
			}
		}
		clickSVG(t, ctx, `#map [data-mapscale="common"]`)
		waitJS(t, ctx, `document.querySelector('#map [data-mapscale="common"]').getAttribute("aria-checked") === "true"`)
		if !strings.Contains(text(t, ctx, "#map .map-controls"), "one for all sections") {
			t.Error("the scale switch is not labelled")
		}
		common := eval[map[string]float64](t, ctx, widths)
		size := eval[map[string]float64](t, ctx, sizes)
		var longest string
		for name := range size {
			if longest == "" || size[name] > size[longest] {
				longest = name
			}
		}
		for name, w := range common {
			want := common[longest] * size[name] / size[longest]
			if math.Abs(w-want) > 0.5 {
				t.Errorf("one scale: %s (%v bytes) is %v px, want %v (the longest, %s, %v bytes, is %v px)", name, size[name], w, want, longest, size[longest], common[longest])
			}
		}
		clickSVG(t, ctx, `#map [data-mapscale="per-section"]`)
		waitJS(t, ctx, `document.querySelector('#map [data-mapscale="per-section"]').getAttribute("aria-checked") === "true"`)
	})

	t.Run("the legend stays in view while the map scrolls", func(t *testing.T) {
		eval[bool](t, ctx, `(document.getElementById("map-scroll").scrollTop = 10000, true)`)
		if !eval[bool](t, ctx, `(() => { const l = document.querySelector("#map .legend span"); const p = document.getElementById("map").getBoundingClientRect(); const r = l.getBoundingClientRect(); return r.top >= p.top && r.bottom <= p.bottom; })()`) {
			t.Error("the legend scrolled out of the map panel")
		}
	})

	t.Run("an export error reads file:line:col: message", func(t *testing.T) {
		typeAfter(t, ctx, "pub fn main() void {}\n", "const broken: u32 = ;\n")
		waitJS(t, ctx, `document.getElementById("status").classList.contains("bad")`)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("export"))); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `document.getElementById("status").textContent.startsWith("export failed")`)
		st := text(t, ctx, "#status")
		if strings.ContainsAny(st, "{}\"") || !strings.Contains(st, ".zig:") {
			t.Errorf("export error %q, want file:line:col: message", st)
		}
	})
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 3, 64) }
