package dwarfread

// UnitMap returns the byte map of one unit of .debug_info or
// .debug_types, d.Units[ui], alone: the span of kind SpanUnit that
// SectionMap gives it, with the same leaves. A viewer of a big file maps
// the units it shows rather than the whole section (Span.Unit is ui, as in
// SectionMap); after ReadLazy, it reads the unit's DIEs first. It returns
// nil when ui is out of range.
func (d *Data) UnitMap(ui int) *Span { return d.UnitMapPaced(ui, nil) }

// UnitMapPaced is UnitMap for a caller that must stay responsive while a
// big unit is read and mapped (the page, which has one thread): it calls
// pace (when not nil) every few dozen DIEs with how far it got, done of
// total bytes, reading the unit's DIEs being the first half and mapping
// them the second. pace may let other work run, even on d (a LoadAll, a
// UnitMap of this unit): the unit's DIEs are read into a copy of the
// unit, which replaces it only if it is still unread when complete, and
// the map is built apart from everything d holds.
func (d *Data) UnitMapPaced(ui int, pace func(done, total uint64)) *Span {
	if ui < 0 || ui >= len(d.Units) {
		return nil
	}
	u := d.Units[ui]
	var mapPace func(off uint64)
	if pace != nil {
		n := u.End - u.Off
		d.loadDIEsPaced(ui, func(off uint64) { pace(off-u.Off, 2*n) })
		mapPace = func(off uint64) { pace(n+off-u.Off, 2*n) }
	} else {
		d.LoadDIEs(ui)
	}
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
	for _, c := range one.sectionMapPaced(sec, mapPace).Children {
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
