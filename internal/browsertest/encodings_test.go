package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestEncodings loads the optional sample at 1280×800, selects the
// optional ?u32 global on the map and opens the encodings tab: both
// profiles' trees are drawn side by side, zig's with a
// DW_TAG_variant_part marked as differing and portable's without one,
// with the line that says why. It saves a screenshot.
func TestEncodings(t *testing.T) {
	ctx, cancel := openOptionalMaybe(t)
	defer cancel()
	clickSVG(t, ctx, `[data-tab="encodings"]`)
	waitJS(t, ctx, `document.getElementById("tab").dataset.tabId === "encodings" && document.querySelectorAll("#tab .enc-col").length === 2`)

	colText := func(profile string) string {
		return text(t, ctx, `#tab .enc-col[data-profile="`+profile+`"]`)
	}
	zig, portable := colText("zig"), colText("portable")
	for _, want := range []string{"DW_TAG_variable", "DW_TAG_structure_type", `"?u32"`, "DW_TAG_variant_part", "DW_TAG_variant"} {
		if !strings.Contains(zig, want) {
			t.Errorf("the zig tree lacks %q:\n%s", want, zig)
		}
	}
	for _, want := range []string{"DW_TAG_variable", "DW_TAG_structure_type", `"?u32"`, `"has_value"`} {
		if !strings.Contains(portable, want) {
			t.Errorf("the portable tree lacks %q:\n%s", want, portable)
		}
	}
	if strings.Contains(portable, "DW_TAG_variant_part") {
		t.Errorf("the portable tree has a DW_TAG_variant_part:\n%s", portable)
	}
	// The variant part is drawn highlighted; the variable's line is not.
	if !eval[bool](t, ctx, `[...document.querySelectorAll('#tab .enc-col[data-profile="zig"] .enc-diff')].some(e => e.textContent.includes("DW_TAG_variant_part"))`) {
		t.Error("zig's DW_TAG_variant_part is not highlighted")
	}
	if eval[bool](t, ctx, `document.querySelector('#tab .enc-col[data-profile="zig"] .enc-line').classList.contains("enc-diff")`) {
		t.Error("the variable's DW_TAG_variable line is highlighted, but it is the same under both profiles")
	}
	if bg := eval[string](t, ctx, `getComputedStyle(document.querySelector("#tab .enc-diff")).backgroundColor`); bg == "rgba(0, 0, 0, 0)" {
		t.Error("differing lines are drawn without a highlight")
	}
	if why := text(t, ctx, "#tab .enc-why"); !strings.Contains(why, "only for Rust") {
		t.Errorf("the explanation says %q", why)
	}
	// Side by side: the two columns sit next to each other, inside the page.
	if !eval[bool](t, ctx, `(() => { const [a, b] = [...document.querySelectorAll("#tab .enc-col")].map(e => e.getBoundingClientRect()); return a.right <= b.left && a.top === b.top && b.right <= window.innerWidth; })()`) {
		t.Error("the two trees are not side by side within the window")
	}
	screenshot(t, ctx, "encodings-optional")
	// Maximised, the lower panel shows both trees whole.
	clickSVG(t, ctx, `[data-maximize="tabs"]`)
	waitJS(t, ctx, `document.querySelector(".panel.maximized.tabs-panel") !== null`)
	screenshot(t, ctx, "encodings-optional-max")
}

// openOptionalMaybe opens the page at 1280×800 with the optional sample
// loaded and its ?u32 global maybe selected on the map.
func openOptionalMaybe(t *testing.T) (context.Context, context.CancelFunc) {
	t.Helper()
	ctx, cancel := openPage(t, chromedp.EmulateViewport(1280, 800))
	setSelect(t, ctx, "sample", "optional.zig")
	const maybeSel = `#map rect.seg[data-entry="declaration optional.maybe"]`
	waitJS(t, ctx, `document.querySelector(`+jsString(maybeSel)+`) !== null`)
	clickSVG(t, ctx, maybeSel)
	waitJS(t, ctx, `document.querySelector("#inspector .tag") !== null && document.querySelector("#inspector").textContent.includes("DW_TAG_variable")`)
	return ctx, cancel
}
