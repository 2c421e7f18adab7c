package dwarfread

// ReadLazy is Read without reading the units' DIEs: every unit of
// .debug_info and .debug_types has its header (offsets, version, address
// size, abbreviation offset) and no DIEs until LoadDIEs reads them. A
// viewer of a big file reads the units it shows; UnitMap loads its unit,
// and LoadAll makes d what Read returns (before Map, Layouts, Verify or a
// section map of .debug_ranges or .debug_loc, which look at every unit).
func ReadLazy(data []byte) (*Data, error) { return read(data, true) }

// Loaded reports whether unit ui's DIEs were read.
func (d *Data) Loaded(ui int) bool {
	return ui >= 0 && ui < len(d.Units) && (ui >= len(d.pending) || !d.pending[ui])
}

// LoadDIEs reads the DIEs of unit ui if ReadLazy left them unread.
func (d *Data) LoadDIEs(ui int) {
	if ui < 0 || ui >= len(d.pending) || !d.pending[ui] {
		return
	}
	d.pending[ui] = false
	u := d.Units[ui]
	for _, s := range d.Sections {
		if s.Index == u.SectionIndex {
			d.readDIEs(u, s.Data)
			return
		}
	}
}

// loadDIEsPaced is LoadDIEs calling pace (see readDIEsPaced). pace may
// run other work on d, a LoadDIEs of the same unit included: the DIEs
// are read into a copy of the unit, which replaces it only if it is
// still unread when the copy is complete.
func (d *Data) loadDIEsPaced(ui int, pace func(off uint64)) {
	if ui < 0 || ui >= len(d.pending) || !d.pending[ui] {
		return
	}
	u := d.Units[ui]
	for _, s := range d.Sections {
		if s.Index == u.SectionIndex {
			c := *u
			d.readDIEsPaced(&c, s.Data, pace)
			if d.pending[ui] {
				*u = c
				d.pending[ui] = false
			}
			return
		}
	}
	d.pending[ui] = false
}

// LoadAll reads the DIEs of every unit ReadLazy left unread.
func (d *Data) LoadAll() {
	for ui := range d.pending {
		d.LoadDIEs(ui)
	}
}
