package dwarfread

// UnitMap returns the byte map of one unit of .debug_info or
// .debug_types, d.Units[ui], alone: the span of kind SpanUnit that
// SectionMap gives it, with the same leaves. A viewer of a big file maps
// the units it shows rather than the whole section (Span.Unit is ui, as in
// SectionMap); after ReadLazy, it reads the unit's DIEs first. It returns
// nil when ui is out of range.
func (d *Data) UnitMap(ui int) *Span {
	if ui < 0 || ui >= len(d.Units) {
		return nil
	}
	d.LoadDIEs(ui)
	u := d.Units[ui]
	var sec *DebugSection
	for _, s := range d.Sections {
		if s.Index == u.SectionIndex {
			sec = s
		}
	}
	if sec == nil {
		return nil
	}
	// The section's map with only this unit in it: its unit span is the
	// unit's map (what SectionMap adds around it, the bytes before and
	// after, is dropped).
	one := *d
	one.Units = []*Unit{u}
	for _, c := range one.SectionMap(sec).Children {
		if c.Kind == SpanUnit {
			renumber(c, ui)
			return c
		}
	}
	return nil
}

// renumber sets the unit index of s and everything in it.
func renumber(s *Span, ui int) {
	s.Unit = ui
	for _, c := range s.Children {
		renumber(c, ui)
	}
}
