package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// srcValue is the editor's text.
const srcValue = `document.getElementById("src").value`

// TestNoLoss checks that nothing a student types is lost: a sample or a
// share link replaces the source as an edit Ctrl+Z takes back, an edited
// link survives a reload, Tab and Shift+Tab indent and outdent a selection
// as one undoable edit, and "Link copied" appears only when the clipboard
// took the link.
func TestNoLoss(t *testing.T) {
	url := startServer(t)
	ctx, cancel := newBrowser(t)
	defer cancel()
	ready := `window.dsRender && window.dsRender.ready && document.querySelectorAll("#map rect.seg.k-entry").length > 0`
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, ready)
	ctrlZ := func() {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("src")), chromedp.KeyEvent("z", chromedp.KeyModifiers(2 /* Ctrl */))); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("a sample switch is undone by Ctrl+Z", func(t *testing.T) {
		typeAfter(t, ctx, "pub fn main() void {}\n", "const mine: u32 = 7;\n")
		mine := eval[string](t, ctx, srcValue)
		setSelect(t, ctx, "sample", "optional.zig")
		waitJS(t, ctx, `!document.getElementById("src").value.includes("const mine")`)
		if got := eval[string](t, ctx, srcValue); !strings.Contains(got, "?") {
			t.Fatalf("the optional sample is not in the editor:\n%s", got)
		}
		ctrlZ()
		waitJS(t, ctx, `document.getElementById("src").value.includes("const mine: u32 = 7;")`)
		if got := eval[string](t, ctx, srcValue); got != mine {
			t.Errorf("after Ctrl+Z the editor holds\n%s\nwant the source before the sample\n%s", got, mine)
		}
		// The page follows the restored text: the build shows it.
		waitJS(t, ctx, `document.querySelector('#map [data-entry*="mine"]') !== null`)
		// Redo (Ctrl+Shift+Z) brings the sample back, and undo again the text.
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("src")), chromedp.KeyEvent("Z", chromedp.KeyModifiers(2|8 /* Ctrl+Shift */))); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `!document.getElementById("src").value.includes("const mine")`)
		ctrlZ()
		waitJS(t, ctx, `document.getElementById("src").value.includes("const mine: u32 = 7;")`)
	})

	t.Run("Tab and Shift+Tab indent and outdent a selection, undoably", func(t *testing.T) {
		before := eval[string](t, ctx, srcValue)
		// Select from inside "const Point" to inside its "x:" line.
		eval[bool](t, ctx, `(() => { const ta = document.getElementById("src"); const v = ta.value;
			const a = v.indexOf("const Point") + 3, b = v.indexOf("x: i32") + 2; ta.focus(); ta.setSelectionRange(a, b); return true; })()`)
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `document.getElementById("src").value.includes("    const Point = struct {\n        x: i32")`)
		after := eval[string](t, ctx, srcValue)
		if strings.Count(after, "\n") != strings.Count(before, "\n") || len(after) != len(before)+8 {
			t.Errorf("Tab changed more than the two selected lines:\n%s", after)
		}
		if sel := eval[string](t, ctx, `(() => { const ta = document.getElementById("src"); return ta.value.slice(ta.selectionStart, ta.selectionEnd); })()`); !strings.Contains(sel, "Point = struct {\n        x") {
			t.Errorf("the selection after Tab is %q, want it to still cover the lines", sel)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t", chromedp.KeyModifiers(8 /* Shift */))); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `!document.getElementById("src").value.includes("    const Point")`)
		if got := eval[string](t, ctx, srcValue); got != before {
			t.Errorf("Shift+Tab did not outdent back to the original:\n%s", got)
		}
		ctrlZ() // undoes the outdent
		waitJS(t, ctx, `document.getElementById("src").value.includes("    const Point = struct {")`)
		ctrlZ() // undoes the indent
		waitJS(t, ctx, `!document.getElementById("src").value.includes("    const Point")`)
		if got := eval[string](t, ctx, srcValue); got != before {
			t.Errorf("after undoing both the source differs:\n%s", got)
		}
	})

	t.Run("no clipboard: the page does not claim Link copied", func(t *testing.T) {
		eval[bool](t, ctx, `(() => { Object.defineProperty(navigator, "clipboard", {value: undefined, configurable: true}); return true; })()`)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("share"))); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `document.getElementById("share").textContent !== "Share link"`)
		if got := text(t, ctx, "#share"); strings.Contains(got, "copied") {
			t.Errorf("share button says %q with no clipboard", got)
		}
		if !strings.HasPrefix(eval[string](t, ctx, `location.hash`), "#s=") {
			t.Error("the link is not in the address bar")
		}
	})

	t.Run("a link, edited, survives a reload; the saved source it replaced is one Ctrl+Z away", func(t *testing.T) {
		// The link holds the current source (shared above). Edit it.
		typeAfter(t, ctx, "pub fn main() void {}\n", "const edited: u32 = 1;\n")
		waitJS(t, ctx, `!location.hash.startsWith("#s=")`)
		eval[bool](t, ctx, `(window.dsFlushSave(), true)`)
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, ready)
		if got := eval[string](t, ctx, srcValue); !strings.Contains(got, "const edited: u32 = 1;") {
			t.Fatalf("after a reload the edits are gone:\n%s", got)
		}
		// Open a link to another source while this one is saved.
		setSelect(t, ctx, "sample", "threadlocal.zig")
		waitJS(t, ctx, `!document.getElementById("src").value.includes("const edited")`)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("share"))); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `location.hash.startsWith("#s=")`)
		link := eval[string](t, ctx, `location.href`)
		ctrlZ() // back to the edited source, which is saved
		waitJS(t, ctx, `document.getElementById("src").value.includes("const edited")`)
		eval[bool](t, ctx, `(window.dsFlushSave(), true)`)
		time.Sleep(100 * time.Millisecond)
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(link)); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, ready)
		if got := eval[string](t, ctx, srcValue); strings.Contains(got, "const edited") {
			t.Fatalf("the link did not open:\n%s", got)
		}
		ctrlZ()
		waitJS(t, ctx, `document.getElementById("src").value.includes("const edited: u32 = 1;")`)
	})
}
