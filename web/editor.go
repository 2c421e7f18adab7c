package web

// The editor's line numbers and error marks are model.App.GutterHTML and
// MarksHTML, patched into #gutter and #marks by the wasm main after each
// render (only when they change), and so are its status line and error
// list (#status, #errors), which change on most keystrokes; its input
// goes to the wasm main's dsEditRange (what changed since the text the Go
// side holds; dsEdit, the whole text, when that is refused), inside the
// key's input event (a burst of keystrokes becomes one edit:
// static/explorer.js queueEdit and sendEdit).

// StatusClass colours the status line.
func (c *Editor) StatusClass() string {
	if c.App.Dimmed() {
		return "status bad"
	}
	return "status ok"
}

// View marks an element the wasm main patches (model.App.Patches) rather
// than vugu: the attribute makes vugugen treat it as dynamic, so vugu
// leaves its children alone instead of resetting them as static HTML.
func (c *Editor) View(id string) string { return id }

// PanelClass is the editor panel's class (maximised or not).
func (c *Editor) PanelClass() string { return panelClass(c.App, "editor") }

// MaxPressed is the editor's maximise button's aria-pressed.
func (c *Editor) MaxPressed() string { return pressed(c.App.Maximized == "editor") }
