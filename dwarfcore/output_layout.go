package dwarfcore

// Layout is the placement of every section's units and entries at one
// Output: the part of the emitter's public output that, with the
// section bytes and the relocation records, lets a reader say what every
// byte is (package annotate's byte map) and lets the layout command and
// the explorer show units, entries, padding and slack. Offsets are
// section offsets.
type Layout struct {
	// Sections has one SectionLayout per SectionID, in SectionID order.
	Sections []SectionLayout `json:"sections"`
	// AbbrevNames names the abbreviation codes of .debug_abbrev by code
	// ("decl_var", "pad_1" ...; "" for a code the table does not have).
	// The byte map shows them; the layout report leaves them out.
	AbbrevNames []string `json:"-"`
}

// SectionLayout is one section: its units in section order.
type SectionLayout struct {
	ID    SectionID    `json:"id"`
	Name  string       `json:"name"`
	Size  uint64       `json:"size"`
	Units []UnitLayout `json:"units"`
}

// UnitLayout is one unit: header, entries in unit order, trailer.
type UnitLayout struct {
	Index int    `json:"index"`
	Label string `json:"label"`
	// Off and Len are the unit's offset and length (header, entries and
	// trailer); Slot is the space up to the next unit or the section end,
	// so Slot-Len is its slack.
	Off        uint64 `json:"off"`
	Len        uint64 `json:"len"`
	Slot       uint64 `json:"slot"`
	HeaderLen  uint64 `json:"headerLen"`
	TrailerLen uint64 `json:"trailerLen"`
	// Entries lists the entries with contents (emptied ones take no
	// space and are left out), in the order they are laid out.
	Entries []EntryLayout `json:"entries"`
}

// EntryLayout is one entry.
type EntryLayout struct {
	Index int    `json:"index"`
	Name  string `json:"name"`
	// Off and Len are the entry's section offset and length; Slot is the
	// space up to the next entry (or the unit's trailer), and Padding =
	// Slot - Len is the filler readers skip (ZIG_padding DIEs in
	// .debug_info, DW_LNS_const_add_pc in .debug_line).
	Off     uint64 `json:"off"`
	Len     uint64 `json:"len"`
	Slot    uint64 `json:"slot"`
	Padding uint64 `json:"padding"`
	// Relocs counts the entry's relocation records.
	Relocs int `json:"relocs"`
}

// Layout returns where every unit and entry currently is: a snapshot
// that stays valid, with the Output it was taken with, after the next
// Update. Output.Layout holds the one taken with an Output when
// Options.Annotate is set.
//
// A section whose units and entries are where the last Layout saw them,
// with the same names, is taken over from it (its units and entries are
// never modified once returned), so a Layout after an edit that moved
// nothing allocates next to nothing. Like Update, Layout is not for
// concurrent use.
func (d *Dwarf) Layout() *Layout {
	l := &Layout{Sections: make([]SectionLayout, 0, NumSections), AbbrevNames: make([]string, numAbbrevCodes)}
	for code := abbrevPad1; code < numAbbrevCodes; code++ {
		l.AbbrevNames[code] = abbrevFor(&d.opts, code).name
	}
	// names caches the .debug_info entries' names (by unit and entry),
	// which the other sections' entries of a declaration, type or file
	// share.
	names := make([][]string, len(d.sections[DebugInfo].units))
	for id := range NumSections {
		c := &d.lastLayout[id]
		if c.ok && d.sameSectionLayout(id, c) {
			l.Sections = append(l.Sections, c.sl)
			continue
		}
		c.sl, c.whats = d.sectionLayout(id, names, c.whats[:0])
		c.ok = true
		l.Sections = append(l.Sections, c.sl)
	}
	return l
}

// sectionLayoutCache is a section's part of the last Layout, and the
// entryWhat each of its entries' names was made from, in order.
type sectionLayoutCache struct {
	ok    bool
	sl    SectionLayout
	whats []entryWhat
}

// sectionLayout returns section id's layout, and appends to whats the
// entryWhat each entry's name is made from.
func (d *Dwarf) sectionLayout(id SectionID, names [][]string, whats []entryWhat) (SectionLayout, []entryWhat) {
	s := d.sections[id]
	info := d.sections[DebugInfo]
	sl := SectionLayout{ID: id, Name: id.Name(), Size: s.size()}
	if len(s.units) > 0 {
		sl.Units = make([]UnitLayout, 0, len(s.units))
	}
	d.walkLayout(id, func(ul UnitLayout, n int) bool {
		if n > 0 {
			ul.Entries = make([]EntryLayout, 0, n)
		}
		sl.Units = append(sl.Units, ul)
		return true
	}, func(el EntryLayout, ui, ei int, w entryWhat, fromInfo bool) bool {
		if fromInfo {
			if names[ui] == nil {
				names[ui] = make([]string, len(info.units[ui].entries))
			}
			if el.Name = names[ui][ei]; el.Name == "" {
				el.Name = w.String()
				names[ui][ei] = el.Name
			}
		} else {
			el.Name = w.String()
		}
		u := &sl.Units[len(sl.Units)-1]
		u.Entries = append(u.Entries, el)
		whats = append(whats, w)
		return true
	})
	return sl, whats
}

// sameSectionLayout reports whether section id's units and entries are
// where c says, with the same names.
func (d *Dwarf) sameSectionLayout(id SectionID, c *sectionLayoutCache) bool {
	if d.sections[id].size() != c.sl.Size {
		return false
	}
	k, j, w := -1, 0, 0 // unit, entry in it, entry in the section
	same := d.walkLayout(id, func(ul UnitLayout, n int) bool {
		k++
		if k >= len(c.sl.Units) {
			return false
		}
		cu := &c.sl.Units[k]
		j = 0
		return len(cu.Entries) == n && ul.Index == cu.Index && ul.Label == cu.Label && ul.Off == cu.Off &&
			ul.Len == cu.Len && ul.Slot == cu.Slot && ul.HeaderLen == cu.HeaderLen && ul.TrailerLen == cu.TrailerLen
	}, func(el EntryLayout, _, _ int, what entryWhat, _ bool) bool {
		ce := &c.sl.Units[k].Entries[j]
		cw := c.whats[w]
		j++
		w++
		return el.Index == ce.Index && el.Off == ce.Off && el.Len == ce.Len && el.Slot == ce.Slot &&
			el.Relocs == ce.Relocs && what.kind == cw.kind && what.name == cw.name
	})
	return same && k+1 == len(c.sl.Units)
}

// walkLayout calls unit for each unit of section id in section order
// (without its entries; n is how many it has) and then entry for each of
// its entries with contents (without a name: w is the entryWhat the name
// is made from, the .debug_info entry ui, ei's when fromInfo). It stops,
// returning false, when a call returns false.
func (d *Dwarf) walkLayout(id SectionID, unit func(ul UnitLayout, n int) bool,
	entry func(el EntryLayout, ui, ei int, w entryWhat, fromInfo bool) bool) bool {
	s := d.sections[id]
	info := d.sections[DebugInfo]
	for ui := s.first; ui != none; ui = s.units[ui].next {
		u := s.units[ui]
		end := s.size()
		if u.next != none {
			end = s.units[u.next].off
		}
		ul := UnitLayout{Index: ui, Label: u.label, Off: u.off, Len: u.len, Slot: end - u.off,
			HeaderLen: u.headerLen, TrailerLen: u.trailerLen}
		var area uint64 // end of the entry area, from the header's end
		if u.len >= u.headerLen+u.trailerLen {
			area = u.len - u.headerLen - u.trailerLen
		}
		n := 0
		for i := range u.entries {
			if u.entries[i].len > 0 {
				n++
			}
		}
		if !unit(ul, n) {
			return false
		}
		for ei := u.first; ei != none; ei = u.entries[ei].next {
			e := &u.entries[ei]
			if e.len == 0 {
				continue
			}
			next := area
			for n := e.next; n != none; n = u.entries[n].next {
				if u.entries[n].len > 0 {
					next = u.entries[n].off
					break
				}
			}
			slot := max(next, e.off+e.len) - e.off
			w, fromInfo := e.what, false
			if k := e.what.kind; (id == DebugInfo || k == whatDecl || k == whatType || k == whatFile) &&
				ui < len(info.units) && ei < len(info.units[ui].entries) {
				w, fromInfo = info.units[ui].entries[ei].what, true
			}
			el := EntryLayout{Index: ei, Off: u.off + u.headerLen + e.off, Len: e.len, Slot: slot,
				Padding: slot - e.len, Relocs: len(e.relocs)}
			if !entry(el, ui, ei, w, fromInfo) {
				return false
			}
		}
	}
	return true
}
