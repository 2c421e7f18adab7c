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
func (d *Dwarf) Layout() *Layout {
	l := &Layout{Sections: make([]SectionLayout, 0, NumSections), AbbrevNames: make([]string, numAbbrevCodes)}
	for code := abbrevPad1; code < numAbbrevCodes; code++ {
		l.AbbrevNames[code] = abbrevFor(&d.opts, code).name
	}
	info := d.sections[DebugInfo]
	// names caches the .debug_info entries' names (by unit and entry),
	// which the other sections' entries of a declaration, type or file
	// share.
	names := make([][]string, len(info.units))
	for id := range NumSections {
		s := d.sections[id]
		sl := SectionLayout{ID: id, Name: id.Name(), Size: s.size()}
		if len(s.units) > 0 {
			sl.Units = make([]UnitLayout, 0, len(s.units))
		}
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
			if n > 0 {
				ul.Entries = make([]EntryLayout, 0, n)
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
				var name string
				if k := e.what.kind; (id == DebugInfo || k == whatDecl || k == whatType || k == whatFile) &&
					ui < len(info.units) && ei < len(info.units[ui].entries) {
					if names[ui] == nil {
						names[ui] = make([]string, len(info.units[ui].entries))
					}
					if name = names[ui][ei]; name == "" {
						name = info.units[ui].entries[ei].what.String()
						names[ui][ei] = name
					}
				} else {
					name = e.what.String()
				}
				ul.Entries = append(ul.Entries, EntryLayout{Index: ei, Name: name,
					Off: u.off + u.headerLen + e.off, Len: e.len, Slot: slot, Padding: slot - e.len, Relocs: len(e.relocs)})
			}
			sl.Units = append(sl.Units, ul)
		}
		l.Sections = append(l.Sections, sl)
	}
	return l
}
