package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCompare loads the optional sample, selects the optional ?u32
// global and opens the Compare tab against the portable profile: the two
// builds' units, entries and attributes stand in two columns side by
// side, zig's DW_TAG_variant_part highlighted as only on the left, each
// side's bytes given, the selected global's row marked. Clicking the
// variant part's row (a real mouse click) selects its entry in the map.
// The DWARF64 mode shows the header's format as an encoding difference.
// Screenshots at 1280×800 and 1920×1080.
func TestCompare(t *testing.T) {
	ctx, cancel := openOptionalMaybe(t)
	defer cancel()
	clickSVG(t, ctx, `[data-tab="compare"]`)
	waitJS(t, ctx, `document.getElementById("tab").dataset.tabId === "compare" && document.querySelector("#tab [data-compare]") !== null`)
	clickSVG(t, ctx, `#tab [data-compare="profile"]`)
	const variantRow = `#tab .cmp-entry.st-only-left`
	waitJS(t, ctx, `[...document.querySelectorAll(`+jsString(variantRow)+`)].some(e => e.textContent.includes("DW_TAG_variant_part"))`)

	head := text(t, ctx, "#tab .cmp-head")
	if !strings.Contains(head, "this build (zig profile") || !strings.Contains(head, "portable profile") {
		t.Errorf("column heads: %q", head)
	}
	// Two aligned columns inside the window; the variant part's row
	// highlighted, its right cell empty; byte ranges on both sides.
	if !eval[bool](t, ctx, `(() => { const r = document.querySelector("#tab .cmp-entry"); const [a, b] = [r.children[0], r.children[1]].map(e => e.getBoundingClientRect()); return a.right <= b.left && a.top === b.top && b.right <= window.innerWidth; })()`) {
		t.Error("the columns are not side by side within the window")
	}
	row := `[...document.querySelectorAll(` + jsString(variantRow) + `)].find(e => e.textContent.includes("DW_TAG_variant_part"))`
	if bg := eval[string](t, ctx, `getComputedStyle(`+row+`).backgroundColor`); bg == "rgba(0, 0, 0, 0)" {
		t.Error("the only-left row is not highlighted")
	}
	if right := eval[string](t, ctx, row+`.children[1].textContent`); right != "" {
		t.Errorf("the variant part's right cell says %q", right)
	}
	if !eval[bool](t, ctx, `[...document.querySelectorAll("#tab .cmp-entry.st-changed, #tab .cmp-entry.st-encoding, #tab .cmp-entry.st-equal")].some(r => /0x[0-9a-f]+\+\d+/.test(r.children[0].textContent) && /0x[0-9a-f]+\+\d+/.test(r.children[1].textContent))`) {
		t.Error("no matched row gives both sides' bytes")
	}
	if sel := text(t, ctx, "#tab .cmp-entry.sel"); !strings.Contains(sel, `"maybe"`) {
		t.Errorf("the selected row is %q, want the maybe variable's", sel)
	}
	eval[bool](t, ctx, `(() => { `+row+`.scrollIntoView({block: "center"}); return true; })()`)
	// The column heads stay in view as the rows scroll.
	if !eval[bool](t, ctx, `(() => { const h = document.querySelector("#tab .cmp-head").getBoundingClientRect(), t = document.getElementById("tab").getBoundingClientRect(); return h.top >= t.top - 1 && h.bottom <= t.bottom; })()`) {
		t.Error("the column heads scrolled out of view")
	}
	screenshot(t, ctx, "compare-profile-1280")
	// Maximised, the lower panel shows the comparison's rows whole.
	clickSVG(t, ctx, `[data-maximize="tabs"]`)
	waitJS(t, ctx, `document.querySelector(".panel.maximized.tabs-panel") !== null`)
	eval[bool](t, ctx, `(() => { document.getElementById("tab").scrollTop = 0; return true; })()`)
	screenshot(t, ctx, "compare-profile-1280-max")
	clickSVG(t, ctx, `[data-maximize="tabs"]`)
	waitJS(t, ctx, `document.querySelector(".panel.maximized") === null`)

	// A click on the variant part's row selects its entry (the ?u32
	// structure's) in the map and the inspector.
	off := eval[string](t, ctx, row+`.dataset.off`)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#tab .cmp-entry[data-off="`+off+`"]`))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelector("#inspector").textContent.includes("DW_TAG_variant_part") && document.querySelector("#tab .cmp-entry.sel") !== null && document.querySelector("#tab .cmp-entry.sel").dataset.off === `+jsString(off))
	if sel := eval[string](t, ctx, `(document.querySelector("#map rect.seg.sel") || {getAttribute: () => ""}).getAttribute("data-entry")`); !strings.Contains(sel, "?u32") {
		t.Errorf("the map selects %q, want the ?u32 entry", sel)
	}

	// Against DWARF64: the header's format differs in encoding only.
	clickSVG(t, ctx, `#tab [data-compare="format"]`)
	waitJS(t, ctx, `document.querySelector('#tab [data-compare="format"]').getAttribute("aria-pressed") === "true" && document.querySelector("#tab .cmp-field.st-encoding") !== null`)
	if f := text(t, ctx, "#tab .cmp-field.st-encoding"); !strings.Contains(f, "DWARF32") || !strings.Contains(f, "DWARF64") {
		t.Errorf("format field: %q", f)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#tab .cmp-entry.st-changed, #tab .cmp-entry.st-only-left, #tab .cmp-entry.st-only-right").length`); n != 0 {
		t.Errorf("%d entries changed between DWARF32 and DWARF64", n)
	}

	// 1920×1080, back on the profile comparison.
	clickSVG(t, ctx, `#tab [data-compare="profile"]`)
	waitJS(t, ctx, `document.querySelector(`+jsString(variantRow)+`) !== null`)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1920, 1080)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `window.innerWidth === 1920`)
	eval[bool](t, ctx, `(() => { document.querySelector("#tab .cmp-entry.sel").scrollIntoView({block: "center"}); return true; })()`)
	screenshot(t, ctx, "compare-profile-1920")
}
