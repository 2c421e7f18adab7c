package browsertest

import (
	"strings"
	"testing"
)

// TestKeyEditsInItsEvent types keys as the keyboard does and checks that
// each is edited inside its own input event (the views are patched before
// the script that typed it returns, so the frame that shows the key shows
// them too), that the highlighting redraws only the line that changed
// (the other lines' elements stay), that it shows the textarea's text,
// and that a key typed while a render runs (a sample put into the editor)
// is still edited, after the render.
func TestKeyEditsInItsEvent(t *testing.T) {
	ctx, cancel := openPage(t)
	defer cancel()
	waitJS(t, ctx, `document.getElementById("hl").textContent.includes("const")`)
	// Type "1" after ".x = 0" in origin's initialiser, as the keyboard does.
	res := eval[[]any](t, ctx, `(() => {
		const ta = document.getElementById("src"), pre = document.getElementById("hl");
		const at = ta.value.indexOf(".x = 0") + ".x = 0".length;
		const line = ta.value.slice(0, at).split("\n").length - 1 - +pre.dataset.first;
		const before = [...pre.children];
		const count = window.dsRender.count, status = document.getElementById("status").textContent;
		ta.focus();
		ta.setSelectionRange(at, at);
		document.execCommand("insertText", false, "1");
		const after = [...pre.children];
		const kept = after.filter((d, i) => i !== line && d === before[i]).length;
		const shown = after.map(d => d.textContent.replace(/\n$/, "")).join("\n");
		const text = ta.value.split("\n").slice(+pre.dataset.first, +pre.dataset.first + after.length).join("\n");
		return [window.dsRender.count - count, kept, after.length - 1, shown === text, document.getElementById("status").textContent !== status, after[line].textContent];
	})()`)
	if renders := res[0].(float64); renders != 1 {
		t.Errorf("a key rendered %v times before its script returned, want 1 (edited in its input event)", renders)
	}
	if kept, others := res[1].(float64), res[2].(float64); kept != others {
		t.Errorf("the highlighting redrew %v of the %v lines the key did not change", others-kept, others)
	}
	if !res[3].(bool) {
		t.Error("the highlighting does not show the textarea's lines")
	}
	if !res[4].(bool) {
		t.Error("the status line did not change with the edit")
	}
	if got := res[5].(string); !strings.Contains(got, ".x = 01") {
		t.Errorf("the edited line is highlighted as %q", got)
	}
	// A sample chosen: its text goes into the editor from inside the
	// render (an input event there); the page edits it afterwards, the
	// editor's text is the page's last edit.
	setSelect(t, ctx, "sample", "optional.zig")
	waitJS(t, ctx, `document.getElementById("src").value.includes("?u32") && window.dsRender.lastEdit === document.getElementById("src").value`)
	if errs := text(t, ctx, "#errors"); errs != "" {
		t.Errorf("the sample shows errors: %s", errs)
	}
}
