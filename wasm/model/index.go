package model

import (
	"sort"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/annotate"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// sectionIndex finds the spans of one section's annotated map by offset.
// The map is decoded on demand (annotate.Annotation): the index knows
// the section's items and units at once, and decodes an entry's contents
// only when a leaf inside it is asked for.
type sectionIndex struct {
	id   dwarfcore.SectionID
	ann  *annotate.Annotation
	root *dwarfread.Span
	// items are the selectable groups in offset order: entries, unit
	// headers, trailers, padding, slack, abbreviations, strings.
	items []*dwarfread.Span
	// units are the section's units.
	units []*dwarfread.Span
	// leaves are every leaf in offset order, once allLeaves decoded the
	// whole section.
	leaves []*dwarfread.Span
	all    bool
}

func newSectionIndex(id dwarfcore.SectionID, ann *annotate.Annotation) *sectionIndex {
	root := ann.Section(id)
	if root == nil {
		return nil
	}
	x := &sectionIndex{id: id, ann: ann, root: root}
	var walk func(s *dwarfread.Span)
	walk = func(s *dwarfread.Span) {
		isItem := false
		switch s.Kind {
		case dwarfread.SpanUnit:
			x.units = append(x.units, s)
		case dwarfread.SpanEntry, dwarfread.SpanHeader, dwarfread.SpanTrailer, dwarfread.SpanPadding,
			dwarfread.SpanSlack, dwarfread.SpanStale, dwarfread.SpanAbbrev, dwarfread.SpanString:
			isItem = true
		}
		// The abbreviation table is one entry holding every abbreviation:
		// the abbreviations are the useful items there.
		if s.Kind == dwarfread.SpanEntry && id == dwarfcore.DebugAbbrev {
			isItem = false
			x.expand(s)
		}
		if isItem {
			// Nothing inside an item is an item.
			x.items = append(x.items, s)
			return
		}
		for _, c := range s.Children {
			walk(c)
		}
	}
	walk(root)
	return x
}

// expand decodes the contents of s (an entry) if that was not done yet.
func (x *sectionIndex) expand(s *dwarfread.Span) {
	if s.Kind == dwarfread.SpanEntry && len(s.Children) == 0 {
		x.ann.Expand(x.id, s)
	}
}

// isLeaf reports whether s, decoded, is a leaf of the map.
func isLeaf(s *dwarfread.Span) bool {
	return len(s.Children) == 0 && s.Kind != dwarfread.SpanSection && s.Kind != dwarfread.SpanUnit
}

// leafAt returns the leaf span holding byte off, or nil.
func (x *sectionIndex) leafAt(off uint64) *dwarfread.Span {
	s := x.root
	for {
		x.expand(s)
		if len(s.Children) == 0 {
			if isLeaf(s) && s.Off <= off && off < s.Off+s.Len {
				return s
			}
			return nil
		}
		if s = spanAt(s.Children, off); s == nil {
			return nil
		}
	}
}

// itemAt returns the selectable group holding byte off, or nil.
func (x *sectionIndex) itemAt(off uint64) *dwarfread.Span {
	return spanAt(x.items, off)
}

func spanAt(list []*dwarfread.Span, off uint64) *dwarfread.Span {
	i := sort.Search(len(list), func(i int) bool { return list[i].Off+list[i].Len > off })
	if i < len(list) && list[i].Off <= off && off < list[i].Off+list[i].Len {
		return list[i]
	}
	return nil
}

// leavesIn returns the leaves overlapping [off, end), decoding only the
// entries there.
func (x *sectionIndex) leavesIn(off, end uint64) []*dwarfread.Span {
	var out []*dwarfread.Span
	var walk func(s *dwarfread.Span)
	walk = func(s *dwarfread.Span) {
		x.expand(s)
		if len(s.Children) == 0 {
			if isLeaf(s) {
				out = append(out, s)
			}
			return
		}
		cs := s.Children
		i := sort.Search(len(cs), func(i int) bool { return cs[i].Off+cs[i].Len > off })
		for ; i < len(cs) && cs[i].Off < end; i++ {
			walk(cs[i])
		}
	}
	walk(x.root)
	return out
}

// leavesOfKind returns the section's first limit leaves of kind, in
// offset order; more reports that there are others after them.
func (x *sectionIndex) leavesOfKind(kind dwarfread.SpanKind, limit int) (leaves []*dwarfread.Span, more bool) {
	for _, l := range x.allLeaves() {
		if l.Kind != kind {
			continue
		}
		if len(leaves) == limit {
			return leaves, true
		}
		leaves = append(leaves, l)
	}
	return leaves, false
}

// allLeaves returns every leaf of the section in offset order (decoding
// the whole section once).
func (x *sectionIndex) allLeaves() []*dwarfread.Span {
	if !x.all {
		x.all = true
		var walk func(s *dwarfread.Span)
		walk = func(s *dwarfread.Span) {
			x.expand(s)
			if len(s.Children) == 0 {
				if isLeaf(s) {
					x.leaves = append(x.leaves, s)
				}
				return
			}
			for _, c := range s.Children {
				walk(c)
			}
		}
		walk(x.root)
	}
	return x.leaves
}

// findItem returns the item with the given unit and entry index and kind,
// used to keep a selection on the same entry across edits.
func (x *sectionIndex) findItem(kind dwarfread.SpanKind, name string, unit, entry int) *dwarfread.Span {
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
func (x *sectionIndex) entryByKey(unit, entry int) *dwarfread.Span {
	for _, it := range x.items {
		if it.Kind == dwarfread.SpanEntry && it.Unit == unit && it.Entry == entry {
			return it
		}
	}
	return nil
}

// dies returns the DIE spans inside s (in order), decoding s first.
func (x *sectionIndex) dies(s *dwarfread.Span) []*dwarfread.Span {
	x.expand(s)
	return s.Find(func(s *dwarfread.Span) bool { return s.Kind == dwarfread.SpanDIE || s.Kind == dwarfread.SpanNull })
}
