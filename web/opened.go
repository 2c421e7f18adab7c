package web

import (
	"strconv"

	"github.com/vugu/vugu/js"
)

// OpenedSummary is the opened file's name and kind in the top bar (""
// when the page shows the editor's build).
func (c *Root) OpenedSummary() string {
	if c.App.Opened == nil {
		return ""
	}
	return c.App.Opened.Title()
}

// openedClick handles the clicks that differ while a file is open (going
// back to the editor, scrolling the hex view, a byte of the whole-file hex
// view); it reports whether it handled t's click.
func (c *Root) openedClick(t js.Value) bool {
	// A verifier finding carries data-foff and data-sec: it selects its
	// byte through the page's data-sec handling.
	el := t.Call("closest", "[data-close-file],[data-hexmove],[data-foff]:not([data-sec])")
	if el.IsNull() || el.IsUndefined() {
		return false
	}
	attr := attrOf(el)
	switch {
	case attr("data-close-file") != "":
		c.App.CloseFile()
	case attr("data-hexmove") != "":
		d, _ := strconv.ParseInt(attr("data-hexmove"), 10, 64)
		c.App.Opened.MoveHex(d)
	default:
		// A byte of the whole file: nothing to select in a debug section.
	}
	return true
}

// attrOf returns a function giving el's attribute n ("" when el has none).
func attrOf(el js.Value) func(n string) string {
	return func(n string) string {
		v := el.Call("getAttribute", n)
		if v.IsNull() {
			return ""
		}
		return v.String()
	}
}
