package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// lineOf is the 1-based line of the first line of the editor holding s.
func lineOf(t *testing.T, ctx context.Context, s string) int {
	t.Helper()
	return eval[int](t, ctx, fmt.Sprintf(`document.getElementById("src").value.split("\n").findIndex(l => l.includes(%q)) + 1`, s))
}

// caretAt puts the editor's caret at the start of the line holding s,
// as a click there does.
func caretAt(t *testing.T, ctx context.Context, s string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const ta = document.getElementById("src"); const i = ta.value.indexOf(%q); ta.focus(); ta.setSelectionRange(i, i); ta.dispatchEvent(new MouseEvent("click", {bubbles: true})); return true; })()`, s))
}

// TestLinks checks the views are linked both ways: an entry and its
// declaration's line in the source, Back/Forward over selections, the
// hex view following the selection, a pinned explanation, clickable
// errors naming file:line:col with the squiggle spanning the token and
// the message beside the code, and a missing ';' at the end of its line.
func TestLinks(t *testing.T) {
	ctx, cancel := openPage(t)
	defer cancel()

	t.Run("syntax highlighting of the lines in view", func(t *testing.T) {
		waitJS(t, ctx, `document.querySelector("#hl .k") !== null`)
		if got := eval[string](t, ctx, `[...document.querySelectorAll("#hl .k")].map(e => e.textContent).join(" ")`); !strings.Contains(got, "const") || !strings.Contains(got, "var") {
			t.Errorf("highlighted keywords %q, want const and var", got)
		}
		if got := eval[string](t, ctx, `[...document.querySelectorAll("#hl .t")].map(e => e.textContent).join(" ")`); !strings.Contains(got, "i32") {
			t.Errorf("highlighted types %q, want i32", got)
		}
		// The layer holds the editor's text exactly, line for line.
		if !eval[bool](t, ctx, `(() => { const ta = document.getElementById("src"), hl = document.getElementById("hl"); const first = +hl.dataset.first; return ta.value.split("\n").slice(first).join("\n").startsWith(hl.textContent.replace(/\n$/, "")); })()`) {
			t.Error("the highlighted text differs from the editor's")
		}
	})

	t.Run("entry to its declaration in the source", func(t *testing.T) {
		clickSVG(t, ctx, `#map rect.seg[data-entry*="Point"]`)
		want := lineOf(t, ctx, "const Point = struct")
		waitJS(t, ctx, `document.querySelector("#marks .decl-hl") !== null`)
		if got := eval[int](t, ctx, `+document.querySelector("#marks .decl-hl").dataset.declLine`); got != want {
			t.Errorf("the selected Point entry highlights line %d, its declaration is on line %d", got, want)
		}
	})

	t.Run("caret in a declaration selects its entry", func(t *testing.T) {
		caretAt(t, ctx, "var screen")
		waitJS(t, ctx, `(document.querySelector("#inspector .insp-head") || {}).textContent.includes("screen")`)
		if !eval[bool](t, ctx, `document.querySelector('#map rect.seg.sel[data-entry*="screen"]') !== null`) {
			t.Error("the map does not mark the screen entry selected")
		}
		if got, want := eval[int](t, ctx, `+document.querySelector("#marks .decl-hl").dataset.declLine`), lineOf(t, ctx, "var screen"); got != want {
			t.Errorf("highlighted line %d, want %d", got, want)
		}
	})

	t.Run("hex view scrolls to the selection", func(t *testing.T) {
		// The last .debug_info entry: its bytes are below the hex view's fold.
		eval[bool](t, ctx, `(() => { const s = [...document.querySelectorAll('#map [data-bar=".debug_info"] rect.seg.k-entry')].pop(); s.dispatchEvent(new MouseEvent("click", {bubbles: true})); return true; })()`)
		waitJS(t, ctx, `(() => { const h = document.getElementById("hex"), b = h.querySelector(".b.insel"); if (!b) return false; const hr = h.getBoundingClientRect(), br = b.getBoundingClientRect(); return br.top >= hr.top && br.bottom <= hr.bottom; })()`)
	})

	t.Run("Back and Forward", func(t *testing.T) {
		last := text(t, ctx, "#inspector .insp-head")
		clickSVG(t, ctx, `#nav-back`)
		waitJS(t, ctx, `document.querySelector("#inspector .insp-head").textContent.includes("screen")`)
		clickSVG(t, ctx, `#nav-back`)
		waitJS(t, ctx, `document.querySelector("#inspector .insp-head").textContent.includes("Point")`)
		clickSVG(t, ctx, `#nav-forward`)
		waitJS(t, ctx, `document.querySelector("#inspector .insp-head").textContent.includes("screen")`)
		clickSVG(t, ctx, `#nav-forward`)
		waitJS(t, ctx, `document.querySelector("#inspector .insp-head").textContent === `+jsString(last))
		if !eval[bool](t, ctx, `document.getElementById("nav-forward").disabled`) {
			t.Error("Forward is enabled at the newest selection")
		}
	})

	t.Run("following a reference shows the target's header", func(t *testing.T) {
		clickSVG(t, ctx, `#map rect.seg[data-entry*="origin"]`)
		waitJS(t, ctx, `document.querySelector("#inspector a.ref[data-sec]") !== null`)
		// A short inspector, scrolled to its end, as after reading a long entry.
		eval[bool](t, ctx, `(document.querySelector(".insp-panel").style.height = "160px", true)`)
		waitJS(t, ctx, `(() => { const i = document.getElementById("inspector"); i.scrollTop = i.scrollHeight; return i.scrollTop > 0; })()`)
		before := text(t, ctx, "#inspector .insp-head")
		eval[bool](t, ctx, `(document.querySelector("#inspector a.ref[data-sec]").dispatchEvent(new MouseEvent("click", {bubbles: true})), true)`)
		waitJS(t, ctx, `document.querySelector("#inspector .insp-head").textContent !== `+jsString(before))
		if top := eval[float64](t, ctx, `document.getElementById("inspector").scrollTop`); top != 0 {
			t.Errorf("after following a reference the inspector is scrolled %v px down, its header hidden", top)
		}
		clickSVG(t, ctx, `#nav-back`)
		waitJS(t, ctx, `document.querySelector("#inspector .insp-head").textContent === `+jsString(before))
		clickSVG(t, ctx, `#nav-forward`)
		waitJS(t, ctx, `document.querySelector("#inspector .insp-head").textContent !== `+jsString(before))
		clickSVG(t, ctx, `#nav-back`)
		waitJS(t, ctx, `document.querySelector("#inspector .insp-head").textContent === `+jsString(before))
		eval[bool](t, ctx, `(document.querySelector(".insp-panel").style.height = "", true)`)
	})

	t.Run("relocation to both ends", func(t *testing.T) {
		clickSVG(t, ctx, `#map rect.seg[data-entry*="Point"]`)
		clickSVG(t, ctx, `[data-tab="relocs"]`)
		waitJS(t, ctx, `document.getElementById("tab").dataset.tabId === "relocs" && document.querySelector("#tab tr.sel") !== null`)
		// Every marked row starts or ends in Point's entry.
		pointOff := eval[int](t, ctx, `+document.querySelector('#map rect.seg[data-entry*="Point"]').dataset.off`)
		pointLen := eval[int](t, ctx, `+document.querySelector('#map rect.seg[data-entry*="Point"]').dataset.len`)
		// A relocation in Point's entry: its target cell selects what it
		// points to.
		row := fmt.Sprintf(`[...document.querySelectorAll("#tab tr.sel")].find(r => { const o = +r.dataset.off; return o >= %d && o < %d && r.querySelector("td.reloc-end[data-sec]"); })`, pointOff, pointOff+pointLen)
		if !eval[bool](t, ctx, `!!`+row) {
			t.Fatal("no relocation from Point marked in the table")
		}
		target := eval[int](t, ctx, `+(`+row+`).querySelector("td.reloc-end[data-sec]").dataset.off`)
		eval[bool](t, ctx, `((`+row+`).querySelector("td.reloc-end[data-sec]").dispatchEvent(new MouseEvent("click", {bubbles: true})), true)`)
		waitJS(t, ctx, fmt.Sprintf(`(() => { const s = document.querySelector('#map [data-bar=".debug_info"] rect.seg.sel'); return s && +s.dataset.off <= %d && %d < +s.dataset.off + +s.dataset.len; })()`, target, target))
	})

	t.Run("line-table row to source line and back", func(t *testing.T) {
		clickSVG(t, ctx, `[data-tab="lines"]`)
		waitJS(t, ctx, `document.getElementById("tab").dataset.tabId === "lines" && document.querySelector("#tab tr[data-src-line]") !== null`)
		line := eval[int](t, ctx, `+document.querySelector("#tab tr[data-src-line]").dataset.srcLine`)
		if want := lineOf(t, ctx, "pub fn main"); line != want {
			t.Errorf("the first row is on line %d, main is on line %d", line, want)
		}
		clickSVG(t, ctx, `#tab tr[data-src-line]`)
		// The caret is on that line, and the rows of that line are marked.
		waitJS(t, ctx, fmt.Sprintf(`document.getElementById("src").value.slice(0, document.getElementById("src").selectionStart).split("\n").length === %d`, line))
		waitJS(t, ctx, `document.querySelector("#tab tr[data-src-line].sel") !== null`)
		// A caret elsewhere unmarks them.
		caretAt(t, ctx, "var origin")
		waitJS(t, ctx, `document.querySelector("#tab tr[data-src-line].sel") === null`)
		caretAt(t, ctx, "pub fn main")
		waitJS(t, ctx, `document.querySelector("#tab tr[data-src-line].sel") !== null`)
	})

	t.Run("pinned explanation stays", func(t *testing.T) {
		hover := func(i int) {
			eval[bool](t, ctx, fmt.Sprintf(`(() => { const b = document.querySelectorAll("#hex .b")[%d]; b.dispatchEvent(new MouseEvent("mouseover", {bubbles: true})); return true; })()`, i))
		}
		hover(0)
		waitJS(t, ctx, `document.querySelector("#explain .ex-what") !== null && document.querySelector("#explain .ex-what").textContent.includes("+0x0,")`)
		first := text(t, ctx, "#explain .ex-what")
		clickSVG(t, ctx, `#explain [data-pin]`)
		waitJS(t, ctx, `document.querySelector("#explain [data-pin]").getAttribute("aria-pressed") === "true"`)
		hover(40)
		hover(41)
		if got := text(t, ctx, "#explain .ex-what"); got != first {
			t.Errorf("pinned explanation changed to %q", got)
		}
		clickSVG(t, ctx, `#explain [data-pin]`)
		hover(40)
		waitJS(t, ctx, `!document.querySelector("#explain .ex-what").textContent.includes("+0x0,")`)
	})

	t.Run("errors: file:line:col, squiggle over the token, message beside, clickable", func(t *testing.T) {
		typeAfter(t, ctx, "pub fn main() void {}\n", "const bad: u32 = nosuchname;\n")
		waitJS(t, ctx, `document.querySelector("#errors .err") !== null && document.querySelector("#marks .mark") !== null`)
		line := lineOf(t, ctx, "const bad: u32")
		errText := text(t, ctx, "#errors .err")
		if want := fmt.Sprintf("growing.zig:%d:18:", line); !strings.Contains(errText, want) {
			t.Errorf("error list entry %q lacks %q", errText, want)
		}
		geo := eval[map[string]float64](t, ctx, `(() => { const m = document.querySelector("#marks .mark"), g = m.querySelector(".mark-msg");
			const probe = document.createElement("span"); probe.textContent = "x"; probe.style.font = getComputedStyle(document.getElementById("src")).font; document.body.appendChild(probe);
			const ch = probe.getBoundingClientRect().width; probe.remove();
			const mr = m.getBoundingClientRect(), gr = g.getBoundingClientRect();
			return {width: mr.width, ch: ch, msgLeft: gr.left, markLeft: mr.left, msgTop: gr.top, markTop: mr.top, markBottom: mr.bottom}; })()`)
		if w := geo["width"] / geo["ch"]; w < 9.5 || w > 10.5 {
			t.Errorf("squiggle %.1f characters wide, want the 10 of 'nosuchname'", w)
		}
		// "nosuchname;" then the message: it starts after the line's code
		// and stays on the line.
		if geo["msgLeft"] < geo["markLeft"]+11*geo["ch"] {
			t.Errorf("the message starts at %.0f px, over the code (token at %.0f px)", geo["msgLeft"], geo["markLeft"])
		}
		if geo["msgTop"] < geo["markTop"]-1 || geo["msgTop"] >= geo["markBottom"] {
			t.Errorf("the message is not on the error's line (top %.0f, line %.0f..%.0f)", geo["msgTop"], geo["markTop"], geo["markBottom"])
		}
		// Clicking the error puts the caret on it.
		eval[bool](t, ctx, `(() => { const ta = document.getElementById("src"); ta.setSelectionRange(0, 0); return true; })()`)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#errors .err"))); err != nil {
			t.Fatal(err)
		}
		want := eval[int](t, ctx, `document.getElementById("src").value.indexOf("nosuchname")`)
		waitJS(t, ctx, fmt.Sprintf(`document.getElementById("src").selectionStart === %d`, want))
		screenshot(t, ctx, "links-error")
	})

	t.Run("a missing ';' is reported at the end of its line", func(t *testing.T) {
		eval[bool](t, ctx, `(() => { const ta = document.getElementById("src"); const i = ta.value.indexOf("nosuchname;"); ta.focus(); ta.setSelectionRange(i, i + 11); document.execCommand("insertText", false, "7"); return true; })()`)
		waitJS(t, ctx, `document.querySelector("#errors .err") !== null && document.querySelector("#errors .err").textContent.includes("';'")`)
		line := lineOf(t, ctx, "const bad: u32 = 7")
		col := len("const bad: u32 = 7") + 1
		if got, want := text(t, ctx, "#errors .err"), fmt.Sprintf("growing.zig:%d:%d:", line, col); !strings.Contains(got, want) {
			t.Errorf("missing ';' reported as %q, want at %s", got, want)
		}
	})
}

// pageReady is true once the page shows the map of its source.
const pageReady = `window.dsRender && window.dsRender.ready && document.querySelectorAll("#map rect.seg.k-entry").length > 0`

// openPage starts a browser on the real server's page, after setup (a
// viewport, say), and waits for the map.
func openPage(t *testing.T, setup ...chromedp.Action[chromedp.Void]) (context.Context, context.CancelFunc) {
	t.Helper()
	url := startServer(t)
	ctx, cancel := newBrowser(t)
	if err := chromedp.Do(ctx, append(setup, chromedp.Navigate(url))...); err != nil {
		cancel()
		t.Fatal(err)
	}
	waitJS(t, ctx, pageReady)
	return ctx, cancel
}
