package model

import (
	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// Links between the views: an entry and the source line of its
// declaration (both ways), Back/Forward over selections, and the pinned
// explanation.

// place is a selection as the history keeps it.
type place struct {
	sec dwarfcore.SectionID
	off uint64
}

// historyCap bounds the Back and Forward lists.
const historyCap = 100

// declLine returns the source line an entry declares (its first DIE's
// DW_AT_decl_line), or 0 when it has none.
func (b *Build) declLine(sec dwarfcore.SectionID, it *dwarfread.Span) int {
	if sec != dwarfcore.DebugInfo || it == nil || it.Kind != dwarfread.SpanEntry {
		return 0
	}
	x := b.idx(sec)
	if x == nil {
		return 0
	}
	for _, d := range x.dies(it) {
		if d.Kind != dwarfread.SpanDIE {
			continue
		}
		for _, at := range d.Leaves() {
			if at.Attr != nil && at.Attr.Attr == dw.AttrDeclLine.String() {
				return int(at.Attr.Raw) // the constant the form holds
			}
		}
		return 0 // only the entry's own (first) DIE says where it is declared
	}
	return 0
}

// entryAtLine finds the .debug_info entry of the top-level declaration
// whose text holds source line line.
func (b *Build) entryAtLine(line int) *dwarfread.Span {
	var decl *lang.Decl
	for _, d := range b.Program.Decls {
		if d.Parent != nil && d.Parent.Decl != nil {
			continue // nested: its container's entry
		}
		if d.Line <= line && (decl == nil || d.Line >= decl.Line) {
			decl = d
		}
	}
	if decl == nil {
		return nil
	}
	if b.entryByLine == nil {
		b.entryByLine = map[int]*dwarfread.Span{}
		if x := b.idx(dwarfcore.DebugInfo); x != nil {
			for _, it := range x.items {
				if it.Kind == dwarfread.SpanEntry {
					if l := b.declLine(dwarfcore.DebugInfo, it); l > 0 && b.entryByLine[l] == nil {
						b.entryByLine[l] = it
					}
				}
			}
		}
	}
	return b.entryByLine[decl.Line]
}

// SelectAtLine records the editor's caret line (the line table marks its
// rows) and selects the entry of the declaration there; it reports
// whether anything the page shows changed.
func (a *App) SelectAtLine(line int) bool {
	moved := a.CaretLine != line
	a.CaretLine = line
	b := a.S.Good
	if b == nil || a.Dimmed() {
		return moved
	}
	it := b.entryAtLine(line)
	if it == nil || a.Sel.valid && a.Sel.Sec == dwarfcore.DebugInfo && a.Sel.Item == it {
		return moved
	}
	a.Select(dwarfcore.DebugInfo, it.Off)
	return true
}

// SelectedDeclLine is the source line of the selected entry's
// declaration, 0 when the selection is not a declaration's entry.
func (a *App) SelectedDeclLine() int {
	if a.S.Good == nil || !a.Sel.valid {
		return 0
	}
	return a.S.Good.declLine(a.Sel.Sec, a.Sel.Item)
}

// remember records the current selection before a new one, for Back.
func (a *App) remember() {
	if !a.Sel.valid {
		return
	}
	p := place{a.Sel.Sec, a.Sel.Off}
	if n := len(a.back); n > 0 && a.back[n-1] == p {
		return
	}
	a.back = append(a.back, p)
	if len(a.back) > historyCap {
		a.back = a.back[1:]
	}
	a.forward = nil
}

// CanGoBack and CanGoForward say whether Back and Forward have somewhere
// to go.
func (a *App) CanGoBack() bool    { return len(a.back) > 0 }
func (a *App) CanGoForward() bool { return len(a.forward) > 0 }

// GoBack returns to the selection before the current one.
func (a *App) GoBack() { a.travel(&a.back, &a.forward) }

// GoForward undoes GoBack.
func (a *App) GoForward() { a.travel(&a.forward, &a.back) }

func (a *App) travel(from, to *[]place) {
	n := len(*from)
	if n == 0 {
		return
	}
	p := (*from)[n-1]
	*from = (*from)[:n-1]
	if a.Sel.valid {
		*to = append(*to, place{a.Sel.Sec, a.Sel.Off})
	}
	a.selectAt(p.sec, p.off)
}

// TogglePin pins the explanation to what it shows now (hovering no
// longer changes it), or unpins it.
func (a *App) TogglePin() {
	if a.Pinned != nil {
		a.Pinned = nil
		return
	}
	s, sec := a.explained()
	if s != nil {
		a.Pinned, a.PinnedSec = s, sec
	}
}
