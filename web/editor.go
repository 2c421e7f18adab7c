package web

import (
	"fmt"
	"html"
	"strings"

	"github.com/vugu/vugu"
)

// Gutter is the line numbers, errors marked.
func (c *Editor) Gutter() string {
	n := strings.Count(c.App.S.Source, "\n") + 1
	bad := map[int]bool{}
	for _, m := range c.App.Marks() {
		bad[m.Line] = true
	}
	var sb strings.Builder
	for i := 1; i <= n; i++ {
		if bad[i] {
			fmt.Fprintf(&sb, `<div class="ln bad">%d</div>`, i)
		} else {
			fmt.Fprintf(&sb, `<div class="ln">%d</div>`, i)
		}
	}
	return sb.String()
}

// MarksHTML underlines each error at its line and column (the layer
// scrolls with the textarea).
func (c *Editor) MarksHTML() string {
	var sb strings.Builder
	for _, m := range c.App.Marks() {
		fmt.Fprintf(&sb, `<div class="mark" style="--line:%d;--col:%d" data-line="%d" data-col="%d"><span class="mark-msg">%s</span></div>`,
			m.Line-1, m.Col-1, m.Line, m.Col, html.EscapeString(m.Msg))
	}
	return sb.String()
}

// StatusClass colours the status line.
func (c *Editor) StatusClass() string {
	if c.App.Dimmed() {
		return "status bad"
	}
	return "status ok"
}

// OnInput re-emits on every keystroke.
func (c *Editor) OnInput(e vugu.DOMEvent) {
	c.App.Edit(e.JSEventTarget().Get("value").String())
	if h, ok := hostOf(c); ok {
		h.Changed()
	}
}

// host is set by the wasm main so the editor can report changes.
var host Host

// SetHost installs the browser host for components that need it.
func SetHost(h Host) { host = h }

func hostOf(*Editor) (Host, bool) { return host, host != nil }
