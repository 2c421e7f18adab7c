package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/dwarfscope/dwarfscope/wasm/model"
)

// edits are the page's counters of edits sent as a range, as the whole
// text, and ranges the Go side refused (static/explorer.js sendEdit).
type edits struct{ ranges, wholes, refused int }

func editCounts(t *testing.T, ctx context.Context) edits {
	t.Helper()
	v := eval[[]float64](t, ctx, `[window.dsRender.rangeEdits, window.dsRender.wholeEdits, window.dsRender.refusedEdits]`)
	return edits{int(v[0]), int(v[1]), int(v[2])}
}

// goSource waits until the page has edited the editor's latest text and
// returns the source the Go side holds (its saved state, written by
// dsSave) with the editor's text.
func goSource(t *testing.T, ctx context.Context) (goSrc, editor string) {
	t.Helper()
	waitJS(t, ctx, `window.dsRender.edits === 0 || window.dsRender.lastEdit === document.getElementById("src").value`)
	res := eval[[]string](t, ctx, `(() => { window.dsSave(); return [localStorage.getItem("dwarfscope.state"), document.getElementById("src").value]; })()`)
	st, err := model.ParseState(res[0])
	if err != nil {
		t.Fatalf("the saved state: %v", err)
	}
	return st.Source, res[1]
}

// TestEditRangeKeys types into the editor the ways a student does (real
// key events with non-ASCII and astral characters, an inserted text
// replacing a selection as a paste does, Backspace over a selection, a
// sample switch, Ctrl+Z, an option switch) and checks after each that the
// source the Go side holds is the editor's text, that keys went as
// ranges, and that a range for a source the Go side changed (the option)
// was refused and the whole text sent instead.
func TestEditRangeKeys(t *testing.T) {
	ctx, cancel := openPage(t)
	defer cancel()
	same := func(step string) {
		t.Helper()
		got, want := goSource(t, ctx)
		if got != want {
			t.Fatalf("%s: the Go side holds\n%q\nthe editor\n%q", step, got, want)
		}
	}
	same("loaded")
	start := editCounts(t, ctx)

	typeAfter(t, ctx, "// A struct growing past its slack", " é😀ü")
	same("typed é😀ü into a comment")
	// 😁 before 😀: the two share their first UTF-16 unit, so the
	// changed range must start before it, not between a pair's units.
	eval[bool](t, ctx, `(() => { const ta = document.getElementById("src"); const i = ta.value.indexOf("slack é") + "slack é".length; ta.focus(); ta.setSelectionRange(i, i); return true; })()`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("src"), "😁")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.getElementById("src").value.includes("slack é😁😀ü")`)
	same("typed 😁 before 😀")
	typeAfter(t, ctx, "pub fn main() void {}\n", "const mine: u32 = 7;\n")
	same("typed a declaration")
	if n := editCounts(t, ctx); n.ranges-start.ranges < 20 || n.wholes != start.wholes || n.refused != start.refused {
		t.Errorf("typed keys went as %d ranges, %d whole texts, %d refused ranges; want each key a range", n.ranges-start.ranges, n.wholes-start.wholes, n.refused-start.refused)
	}
	if src, _ := goSource(t, ctx); !strings.Contains(src, "// A struct growing past its slack é😁😀ü") {
		t.Errorf("the Go side's source lacks the typed characters:\n%s", src)
	}

	// A paste: a multi-line text with an emoji replacing a selection
	// (Input.insertText, what the browser does with pasted text).
	eval[bool](t, ctx, `(() => { const ta = document.getElementById("src"); const i = ta.value.indexOf("mine: u32 = 7"); ta.focus(); ta.setSelectionRange(i, i + 4); return true; })()`)
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: "pasted: u32 = 8; // 🎉\nconst ours"}); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.getElementById("src").value.includes("const ours: u32 = 7")`)
	same("pasted over a selection")

	// Backspace over a selection that ends inside the emoji's line.
	eval[bool](t, ctx, `(() => { const ta = document.getElementById("src"); const i = ta.value.indexOf("slack é😁😀ü"); ta.focus(); ta.setSelectionRange(i + 5, i + 11); return true; })()`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Backspace)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.getElementById("src").value.includes("slackü")`)
	same("deleted a selection")

	before := editCounts(t, ctx)
	setSelect(t, ctx, "sample", "optional.zig")
	waitJS(t, ctx, `document.getElementById("src").value.includes("?u32")`)
	same("switched to a sample")
	typeAfter(t, ctx, "\n", "// ∑\n")
	same("typed after the sample")
	if n := editCounts(t, ctx); n.ranges-before.ranges < 4 || n.refused != before.refused {
		t.Errorf("after the sample: %d ranges, %d refused, want the keys as ranges of the sample's text", n.ranges-before.ranges, n.refused-before.refused)
	}

	// Ctrl+Z until cond holds in the editor.
	undoUntil := func(cond string) {
		t.Helper()
		for i := 0; !eval[bool](t, ctx, cond); i++ {
			if i == 10 {
				t.Fatalf("ten Ctrl+Z did not reach %s", cond)
			}
			if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("src")), chromedp.KeyEvent("z", chromedp.KeyModifiers(2 /* Ctrl */))); err != nil {
				t.Fatal(err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	undoUntil(`!document.getElementById("src").value.includes("// ∑")`)
	same("undone")
	undoUntil(`document.getElementById("src").value.includes("const ours")`)
	same("undone to before the sample")
	if src, _ := goSource(t, ctx); !strings.Contains(src, "const ours: u32 = 7") {
		t.Errorf("undo did not bring the typed source back to the Go side:\n%s", src)
	}

	// An option rebuilds the source as a new version: the next key's
	// range is refused and the whole text goes.
	before = editCounts(t, ctx)
	setSelect(t, ctx, "opt-format", "64")
	waitJS(t, ctx, `document.getElementById("opt-format").value === "64"`)
	typeAfter(t, ctx, "const ours", "2")
	same("typed after an option")
	if n := editCounts(t, ctx); n.refused-before.refused != 1 || n.wholes-before.wholes != 1 {
		t.Errorf("after an option: %d refused ranges, %d whole texts, want 1 and 1", n.refused-before.refused, n.wholes-before.wholes)
	}

	// The page's changedRange against a unit-by-unit reference, on random
	// edits of random texts (surrogate pairs, lone surrogates, texts of
	// 30,000 units for its block comparisons) with hints right, wrong and
	// absent: the same range, and the range rebuilds the text.
	if bad := eval[string](t, ctx, changedRangeCheckJS); bad != "" {
		t.Error(bad)
	}
}

const changedRangeCheckJS = `(() => {
	const high = (c) => c >= 0xd800 && c < 0xdc00, low = (c) => c >= 0xdc00 && c < 0xe000;
	function ref(o, t) {
		const m = Math.min(o.length, t.length);
		let p = 0, q = 0;
		while (p < m && o.charCodeAt(p) === t.charCodeAt(p)) p++;
		while (q < m - p && o.charCodeAt(o.length - 1 - q) === t.charCodeAt(t.length - 1 - q)) q++;
		if (p > 0 && (high(t.charCodeAt(p - 1)) || high(o.charCodeAt(p - 1)))) p--;
		if (q > 0 && (low(t.charCodeAt(t.length - q)) || low(o.charCodeAt(o.length - q)))) q--;
		return [p, q];
	}
	let seed = 13;
	const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
	const pieces = ["a", "b", "\n", "\r\n", "é", "😀", "😁", "\ud83d", "\ude00", "xyz"];
	for (let it = 0; it < 3000; it++) {
		const n = it % 50 === 0 ? 30000 : rnd(60);
		let o = "";
		while (o.length < n) o += pieces[rnd(pieces.length)];
		let t = o;
		for (let k = 1 + rnd(3); k > 0; k--) {
			const a = rnd(t.length + 1), b = Math.min(t.length, a + rnd(5));
			let ins = "";
			for (let r = rnd(3); r > 0; r--) ins += pieces[rnd(pieces.length)];
			t = t.slice(0, a) + ins + t.slice(b);
		}
		const lo = [Infinity, 0, rnd(t.length + 2), -3][it % 4], tail = [Infinity, rnd(t.length + 2), 0, 5][it % 4];
		const got = changedRange(o, t, lo, tail), want = ref(o, t);
		if (got[0] !== want[0] || got[1] !== want[1]) return "changedRange(" + o.length + " units, " + t.length + " units, " + lo + ", " + tail + ") = " + got + ", want " + want;
		if (o.slice(0, got[0]) + t.slice(got[0], t.length - got[1]) + o.slice(o.length - got[1]) !== t) return "the range does not rebuild the text";
	}
	return "";
})()`
