package model

import (
	"sort"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
)

// sectionIndex finds the spans of one section's annotated map by offset.
type sectionIndex struct {
	id     dwarfcore.SectionID
	root   *dwarfcore.Span
	leaves []*dwarfcore.Span
	// items are the selectable groups in offset order: entries, unit
	// headers, trailers, padding, slack, abbreviations, strings.
	items []*dwarfcore.Span
	// units are the section's units.
	units []*dwarfcore.Span
}

func newSectionIndex(id dwarfcore.SectionID, root *dwarfcore.Span) *sectionIndex {
	x := &sectionIndex{id: id, root: root}
	var walk func(s *dwarfcore.Span, item bool)
	walk = func(s *dwarfcore.Span, inItem bool) {
		isItem := false
		switch s.Kind {
		case dwarfcore.SpanUnit:
			x.units = append(x.units, s)
		case dwarfcore.SpanEntry, dwarfcore.SpanHeader, dwarfcore.SpanTrailer, dwarfcore.SpanPadding,
			dwarfcore.SpanSlack, dwarfcore.SpanStale, dwarfcore.SpanAbbrev, dwarfcore.SpanString:
			isItem = !inItem
		}
		// The abbreviation table is one entry holding every abbreviation:
		// the abbreviations are the useful items there.
		if s.Kind == dwarfcore.SpanEntry && id == dwarfcore.DebugAbbrev {
			isItem = false
		}
		if isItem {
			x.items = append(x.items, s)
		}
		if len(s.Children) == 0 {
			if s.Kind != dwarfcore.SpanSection && s.Kind != dwarfcore.SpanUnit {
				x.leaves = append(x.leaves, s)
			}
			return
		}
		for _, c := range s.Children {
			walk(c, inItem || isItem)
		}
	}
	walk(root, false)
	return x
}

// leafAt returns the leaf span holding byte off, or nil.
func (x *sectionIndex) leafAt(off uint64) *dwarfcore.Span {
	return spanAt(x.leaves, off)
}

// itemAt returns the selectable group holding byte off, or nil.
func (x *sectionIndex) itemAt(off uint64) *dwarfcore.Span {
	return spanAt(x.items, off)
}

func spanAt(list []*dwarfcore.Span, off uint64) *dwarfcore.Span {
	i := sort.Search(len(list), func(i int) bool { return list[i].Off+list[i].Len > off })
	if i < len(list) && list[i].Off <= off && off < list[i].Off+list[i].Len {
		return list[i]
	}
	return nil
}

// leavesIn returns the leaves overlapping [off, end).
func (x *sectionIndex) leavesIn(off, end uint64) []*dwarfcore.Span {
	i := sort.Search(len(x.leaves), func(i int) bool { return x.leaves[i].Off+x.leaves[i].Len > off })
	j := i
	for j < len(x.leaves) && x.leaves[j].Off < end {
		j++
	}
	return x.leaves[i:j]
}

// findItem returns the item with the given unit and entry index and kind,
// used to keep a selection on the same entry across edits.
func (x *sectionIndex) findItem(kind dwarfcore.SpanKind, name string, unit, entry int) *dwarfcore.Span {
	for _, it := range x.items {
		if it.Kind == kind && it.Unit == unit && it.Entry == entry && (entry >= 0 || it.Name == name) {
			return it
		}
	}
	for _, it := range x.items {
		if it.Kind == kind && it.Name == name {
			return it
		}
	}
	return nil
}

// entryByKey returns the entry span of (unit, entry), or nil.
func (x *sectionIndex) entryByKey(unit, entry int) *dwarfcore.Span {
	for _, it := range x.items {
		if it.Kind == dwarfcore.SpanEntry && it.Unit == unit && it.Entry == entry {
			return it
		}
	}
	return nil
}

// dies returns the DIE spans inside s (in order).
func dies(s *dwarfcore.Span) []*dwarfcore.Span {
	var out []*dwarfcore.Span
	var walk func(s *dwarfcore.Span)
	walk = func(s *dwarfcore.Span) {
		if s.Kind == dwarfcore.SpanDIE || s.Kind == dwarfcore.SpanNull {
			out = append(out, s)
			return
		}
		for _, c := range s.Children {
			walk(c)
		}
	}
	walk(s)
	return out
}
