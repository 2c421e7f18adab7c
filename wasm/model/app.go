package model

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// Selection is what the user clicked: a byte of a debug section. Item is
// the selectable group holding it (an entry, a unit header, padding...),
// Leaf the leaf span.
type Selection struct {
	Sec  dwarfcore.SectionID
	Off  uint64
	Item *dwarfread.Span
	Leaf *dwarfread.Span
	// key keeps an entry selected across edits (entries move).
	kind        dwarfread.SpanKind
	name        string
	unit, entry int
	leafDelta   uint64
	valid       bool
}

// Tabs are the lower panel's views.
var Tabs = []string{"relocs", "abbrev", "lines", "strings", "encodings", "compare", "elf", "layout", "verify", "log", "export"}

// TabTitle names a tab for its button.
func TabTitle(t string) string {
	switch t {
	case "relocs":
		return "Relocations"
	case "abbrev":
		return "Abbreviations"
	case "lines":
		return "Line program"
	case "strings":
		return "Strings"
	case "encodings":
		return "Encodings"
	case "compare":
		return "Compare"
	case "elf":
		return "File"
	case "layout":
		return "Layout"
	case "verify":
		return "Verify"
	case "log":
		return "Edit log"
	case "export":
		return "Export"
	}
	return t
}

// App is everything the page shows.
type App struct {
	S   *Session
	Sel Selection
	// lines counts the source's lines for the gutter.
	lines lineCounter
	// Run runs the mapping of a big unit of an opened file without
	// blocking the page (nil: at once); mapping are the units it is
	// mapping, by placeholder (see selectPaced).
	Run     Runner
	mapping map[*dwarfread.Span]*unitMapping
	// Hover is the leaf under the mouse (for the explanation panel),
	// HoverItem the entry (or other item) holding it, whose relocation
	// arrows the map draws.
	Hover     *dwarfread.Span
	HoverItem *dwarfread.Span
	HoverSec  dwarfcore.SectionID
	// ShowArrows switches on the arrows of every relocation of a kind
	// (by RelocKind name).
	ShowArrows map[string]bool
	// MapWidth is the width in CSS pixels the section map is drawn at
	// (0: DefaultMapWidth); MapScale is ScalePerSection ("" too) or
	// ScaleCommon; MapZoom (1: whole sections) and MapPan (the fraction
	// of the section, or of the longest with ScaleCommon, left of the
	// view) zoom into a byte range.
	MapWidth float64
	MapScale string
	MapZoom  float64
	MapPan   float64
	// Maximized names the panel drawn over the whole page ("" none:
	// editor, map, insp, hex, explain, tabs); Present is the presentation
	// mode (larger type for a projector).
	Maximized string
	Present   bool
	// CaretLine is the editor's caret line (0: not known).
	CaretLine int
	// back and forward are the selections Back and Forward return to.
	back, forward []place
	// Pinned is the span the explanation stays on while pinned (in
	// PinnedSec); nil: it follows the mouse.
	Pinned    *dwarfread.Span
	PinnedSec dwarfcore.SectionID
	// Tab is the lower panel's active tab.
	Tab string
	// HexSec is the hex view's section (-1: the whole ELF file); HexStart
	// its first row's offset when the user scrolled it.
	HexSec   int
	HexStart int64
	// Sample is the name of the loaded sample ("" after edits).
	Sample string

	views map[string]*viewCache
	// sentKey and sentHTML are what Patches last sent per element.
	sentKey  map[string]string
	sentHTML map[string]string
	// Renders counts how often each view's HTML was rebuilt.
	Renders map[string]int
	// Generation counts successful builds.
	Generation int
	// History keeps the layout events (moves, growth, padding) of the
	// last updates, newest first.
	History []HistoryLine
	// encBuild is the source built with the other profile (the
	// encodings tab), for the source and options in encKey.
	encBuild *Build
	encKey   string
	// own is the page image read back by dwarfread (the Layout and
	// Verify tabs, the inspector's type layout).
	own *ownRead
	// cmp is the Compare tab's state (html_compare.go).
	cmp compareState
	// Opened is the ELF file the user opened, shown instead of the
	// editor's build while not nil (opened.go); OpenErr says why the last
	// file could not be opened ("" when it could).
	Opened  *Opened
	OpenErr string
	// units is what EditRange knows of the source's text (editrange.go).
	units sourceUnits
}

// HistoryLine is one edit-log line of an earlier update.
type HistoryLine struct {
	Update int
	LogLine
}

const historyMax = 40

type viewCache struct {
	key  string
	html string
	// built is the HTML of a view built with el (viewHTML).
	built el.HTML
}

// NewApp returns an app showing the default sample.
func NewApp() *App {
	a := &App{S: NewSession("main.zig"), Tab: "relocs", HexSec: int(dwarfcore.DebugInfo), HexStart: -1,
		views: map[string]*viewCache{}, Renders: map[string]int{},
		sentKey: map[string]string{}, sentHTML: map[string]string{}, ShowArrows: map[string]bool{}}
	return a
}

// Load replaces the source and options (a sample, a share link, saved
// state) and rebuilds from scratch.
func (a *App) Load(name, src string, o Options) error {
	if name == "" {
		name = "main.zig"
	}
	a.S.Name = name
	if err := a.S.SetOptions(o); err != nil {
		return err
	}
	a.Sel = Selection{}
	a.HexStart = -1
	a.Edit(src)
	return nil
}

// LoadSample loads one of Samples by name.
func (a *App) LoadSample(name string) error {
	src, ok := SampleSource(name)
	if !ok {
		return fmt.Errorf("no sample %q", name)
	}
	if err := a.Load(name, src, a.S.Opts); err != nil {
		return err
	}
	a.Sample = name
	return nil
}

// Edit applies new source text.
func (a *App) Edit(src string) {
	a.Sample = ""
	if a.S.Edit(src) {
		a.cmp.built(a.S.Name, src)
		a.Generation++
		a.Pinned = nil // its span belongs to the build before
		a.reselect()
		a.Hover, a.HoverItem = nil, nil
		if a.S.Updates == 1 {
			a.History = nil
		}
		var add []HistoryLine
		for _, l := range a.S.Good.Log.Lines {
			if layoutKinds[l.Kind] && !a.S.Good.Log.Fresh {
				add = append(add, HistoryLine{a.S.Updates, l})
			}
		}
		a.History = append(add, a.History...)
		if len(a.History) > historyMax {
			a.History = a.History[:historyMax]
		}
	}
}

// SetOption changes one option by its buildopts name and rebuilds.
func (a *App) SetOption(name, value string) error {
	o := a.S.Opts
	o.set(name, value)
	if err := a.S.SetOptions(o); err != nil {
		return err
	}
	a.Edit(a.S.Source)
	return nil
}

// ToggleMaximized maximises the named panel, or restores it when it is
// the maximised one.
func (a *App) ToggleMaximized(panel string) {
	if a.Maximized == panel {
		a.Maximized = ""
		return
	}
	a.Maximized = panel
}

// ClearHover forgets the hovered byte (the mouse left the views).
func (a *App) ClearHover() bool {
	if a.Hover == nil && a.HoverItem == nil {
		return false
	}
	a.Hover, a.HoverItem = nil, nil
	return true
}

func (a *App) hoverItemKey() string {
	if a.HoverItem == nil {
		return "-"
	}
	return fmt.Sprintf("%d:%d:%d", a.HoverSec, a.HoverItem.Off, a.HoverItem.Len)
}

// Patch is one DOM update: the new inner HTML of the element with ID.
type Patch struct {
	ID, HTML string
}

// Patches returns the DOM updates the page needs since the last call:
// one per view (or part of the map) whose HTML changed, and the hover
// line (patched, not rendered by the components, so hovering does not
// render the whole page). Views whose data
// did not change are neither rebuilt (their HTML is cached by the
// revisions of the sections they show) nor sent again.
func (a *App) Patches() []Patch {
	if a.Opened != nil {
		return a.openedPatches()
	}
	out := a.mapPatches()
	out = append(out, a.patch("inspector", a.InspectorHTML())...)
	out = append(out, a.patch("hex", a.HexHTML())...)
	out = append(out, a.patch("explain", a.ExplainHTML())...)
	out = append(out, a.patch("tab", a.TabHTML())...)
	out = append(out, a.patch("gutter", a.GutterHTML())...)
	out = append(out, a.patch("marks", a.MarksHTML())...)
	out = append(out, a.patch("hover", textHTML(a.HoverText()))...)
	// The status line and the error list change on most keystrokes: as
	// patches, a keystroke does not render the vugu components again.
	out = append(out, a.patch("status", textHTML(a.Status()))...)
	out = append(out, a.patch("errors", a.ErrorsHTML())...)
	return out
}

// ResetPatches makes the next Patches send every view (after the page's
// DOM was rebuilt).
func (a *App) ResetPatches() {
	clear(a.sentKey)
	clear(a.sentHTML)
}

func (a *App) patch(id, html string) []Patch {
	if old, ok := a.sentHTML[id]; ok && old == html {
		return nil
	}
	a.sentHTML[id] = html
	return []Patch{{id, html}}
}

// reselect finds the selected entry again after a build.
func (a *App) reselect() {
	b := a.S.Good
	if b == nil || !a.Sel.valid {
		return
	}
	x := b.idx(a.Sel.Sec)
	if x == nil {
		a.Sel = Selection{}
		return
	}
	it := x.findItem(a.Sel.kind, a.Sel.name, a.Sel.unit, a.Sel.entry)
	if it == nil {
		it = x.itemAt(a.Sel.Off)
	}
	if it == nil {
		a.Sel = Selection{}
		return
	}
	off := it.Off + a.Sel.leafDelta
	if off >= it.Off+it.Len {
		off = it.Off
	}
	a.selectSpan(a.Sel.Sec, it, x.leafAt(off), off)
}

// Select selects the byte at off of section sec.
func (a *App) Select(sec dwarfcore.SectionID, off uint64) {
	if a.Opened != nil {
		a.selectPaced(int(sec), off)
		return
	}
	a.remember()
	a.selectAt(sec, off)
}

// selectAt selects the item at off of sec, without recording the
// selection it replaces.
func (a *App) selectAt(sec dwarfcore.SectionID, off uint64) {
	b := a.S.Good
	if b == nil {
		return
	}
	x := b.idx(sec)
	if x == nil {
		return
	}
	it := x.itemAt(off)
	if it == nil {
		return
	}
	a.selectSpan(sec, it, x.leafAt(off), off)
	a.HexSec = int(sec)
	a.HexStart = -1
}

// SelectEntry selects the first entry whose name contains name (for
// tests, the URL and the command line of the page).
func (a *App) SelectEntry(name string) bool {
	b := a.S.Good
	if b == nil {
		return false
	}
	for sec := range b.index {
		x := b.idx(dwarfcore.SectionID(sec))
		if x == nil {
			continue
		}
		for _, it := range x.items {
			if it.Kind == dwarfread.SpanEntry && strings.Contains(it.Name, name) {
				a.Select(dwarfcore.SectionID(sec), it.Off)
				return true
			}
		}
	}
	return false
}

func (a *App) selectSpan(sec dwarfcore.SectionID, it, leaf *dwarfread.Span, off uint64) {
	a.Sel = Selection{Sec: sec, Off: off, Item: it, Leaf: leaf, kind: it.Kind, name: it.Name,
		unit: it.Unit, entry: it.Entry, leafDelta: off - it.Off, valid: true}
}

// SetHover records the leaf under the mouse; it returns false when
// nothing changed (so the page need not redraw).
func (a *App) SetHover(sec dwarfcore.SectionID, off uint64) bool {
	if a.Opened != nil {
		return a.Opened.setHover(int(sec), off)
	}
	b := a.S.Good
	if b == nil || b.idx(sec) == nil {
		return false
	}
	leaf := b.idx(sec).leafAt(off)
	if leaf == a.Hover {
		return false
	}
	a.Hover, a.HoverSec = leaf, sec
	a.HoverItem = b.idx(sec).itemAt(off)
	return true
}

// view returns the cached HTML of a view, rebuilding it when key changed.
func (a *App) view(name, key string, build func() string) string {
	c := a.views[name]
	if c == nil {
		c = &viewCache{}
		a.views[name] = c
	}
	if c.key != key || c.html == "" {
		c.key = key
		c.html = build()
		a.Renders[name]++
	}
	return c.html
}

// viewHTML is view for a view built with el.
func (a *App) viewHTML(name, key string, build func() el.HTML) el.HTML {
	c := a.views[name]
	if c == nil {
		c = &viewCache{}
		a.views[name] = c
	}
	if c.key != key || c.built.String() == "" {
		c.key = key
		c.built = build()
		a.Renders[name]++
	}
	return c.built
}

func (a *App) selKey() string {
	if !a.Sel.valid {
		return "-"
	}
	return fmt.Sprintf("%d:%d:%d", a.Sel.Sec, a.Sel.Item.Off, a.Sel.Off)
}

// Dimmed reports whether the shown layout is stale (the source has errors).
func (a *App) Dimmed() bool { return len(a.S.Errors) > 0 || a.S.Fatal != nil }

// Status is the one-line summary under the editor.
func (a *App) Status() string {
	errs := ""
	switch n := len(a.S.Errors); {
	case a.S.Fatal != nil:
		return "internal error: " + a.S.Fatal.Error()
	case n == 1:
		errs = "1 error"
	case n > 1:
		errs = fmt.Sprintf("%d errors", n)
	}
	b := a.S.Good
	switch {
	case errs != "" && b == nil:
		return errs + " — no layout to show yet: the source has not compiled since it was loaded"
	case errs != "":
		return errs + " — showing the last good layout"
	case b == nil:
		return "no build yet"
	}
	st := b.Log.Stats
	var written uint64
	if b.Step != nil {
		written = b.Step.BytesWritten
	}
	if b.Log.Fresh {
		return fmt.Sprintf("ok · first build: %s, %s written to a new image", entries(st.EntriesWritten), dwarfread.Units(written, "byte"))
	}
	return fmt.Sprintf("ok · %s written, %d unchanged, %d moved · %s written to the image",
		entries(st.EntriesWritten), st.EntriesUnchanged, st.EntriesMoved, dwarfread.Units(written, "byte"))
}

// entries counts entries: "1 entry", "9 entries".
func entries(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return strconv.Itoa(n) + " entries"
}

// Views renders every view the page shows (the cached ones only when
// their data changed) and returns their total HTML size: what a redraw
// after an edit costs, for benchmarks.
func (a *App) Views() int {
	n := len(a.MapHTML()) + len(a.HexHTML()) + len(a.InspectorHTML()) + len(a.ExplainHTML()) + len(a.TabHTML())
	n += len(a.Status()) + len(a.ErrorsHTML())
	return n
}
