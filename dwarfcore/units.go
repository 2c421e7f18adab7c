package dwarfcore

// Unit headers and trailers of every section (the seed's flushModule,
// Unit.replaceHeader and Unit.writeTrailer). Each section's header and
// trailer, with their sizes, are in unit_<section>.go.

// headerWriter writes a unit header and its relocation records.
type headerWriter struct {
	relocWriter
	d *Dwarf
}

// ref appends a relocated section offset.
func (h *headerWriter) ref(kind RelocKind, sec SectionID, unit, entry int, off uint64) {
	h.OffsetReloc(relocRec{kind: kind, targetSec: sec, targetUnit: unit, targetEntry: entry, targetOff: off})
}

// addr appends the address of symbol sym plus addend.
func (h *headerWriter) addr(sym int, addend int64) {
	h.AddressReloc(relocRec{kind: External, sym: sym, addend: addend})
}

// lineStrp appends a reference to string s of the unit entry or line
// program header: in .debug_line_str, or in .debug_str under
// CoreSections (lineStrForm says which).
func (h *headerWriter) lineStrp(s string) {
	if h.d.opts.CoreSections {
		h.ref(CrossSection, DebugStr, stringUnit, h.d.str.add(s), 0)
		return
	}
	h.ref(CrossSection, DebugLineStr, stringUnit, h.d.lineStr.add(s), 0)
}

// unitStrp appends a reference to string s of the unit entry: as
// lineStrp, but in .debug_str under UnitStrp too.
func (h *headerWriter) unitStrp(s string) {
	if h.d.opts.UnitStrp {
		h.ref(CrossSection, DebugStr, stringUnit, h.d.str.add(s), 0)
		return
	}
	h.lineStrp(s)
}

// unitEnd returns the offset where unit u's bytes end: the next unit's
// start, or the section end.
func (s *section) unitEnd(u *unit) uint64 {
	if u.next != none {
		return s.units[u.next].off
	}
	return s.size()
}

// replaceHeader writes a unit's header unless it is unchanged.
func (d *Dwarf) replaceHeader(s *section, u *unit, h *headerWriter) {
	if uint64(h.Len()) != u.headerLen {
		panic("dwarfcore: header length mismatch in " + s.id.Name())
	}
	hash := hashContents(h.Bytes(), h.Relocs)
	if u.headerWritten && u.headerHash == hash {
		return
	}
	u.headerRelocs = append(u.headerRelocs[:0], h.Relocs...)
	u.headerHash = hash
	u.headerWritten = true
	s.out.rewritten(s.id, u.index, none)
	s.write(u.off, h.Bytes(), WriteHeader, u.index, none)
}

// flush writes the abbreviation table once, then every unit's header and
// trailer (the seed's flushModule).
func (d *Dwarf) flush() {
	abbrev := d.sections[DebugAbbrev]
	if !abbrev.units[0].entries[0].written {
		abbrev.replaceEntry(0, 0, encodeAbbrevTable(&d.opts), nil)
	}
	d.flushUnits(d.sections[DebugAranges], (*Dwarf).writeArangesHeader)
	d.flushUnits(d.sections[DebugInfo], (*Dwarf).writeInfoHeader)
	line := d.sections[DebugLine]
	for _, u := range line.units {
		line.resizeHeader(u.index, d.lineHeaderBytes(len(lineFileTable(d.units[u.index].files))))
	}
	d.flushUnits(line, (*Dwarf).writeLineHeader)
	d.flushUnits(d.sections[DebugLoclists], (*Dwarf).writeLoclistsHeader)
	d.flushUnits(d.sections[DebugRnglists], (*Dwarf).writeRnglistsHeader)
}

// flushUnits writes the header and trailer of every unit of s that has a
// header: the initial length, then what writeHeader writes after it.
func (d *Dwarf) flushUnits(s *section, writeHeader func(d *Dwarf, h *headerWriter, u *unit)) {
	h := &d.header
	for _, u := range s.units {
		if u.headerLen == 0 {
			continue // a .debug_loclists unit without lists
		}
		h.Reset()
		h.UnitLength(s.unitEnd(u) - u.off - d.unitLengthBytes())
		writeHeader(d, h, u)
		d.replaceHeader(s, u, h)
		d.writeTrailer(s, u)
	}
}

// trailerStart returns the section offset where unit u's trailer starts.
func (s *section) trailerStart(u *unit) uint64 {
	start := u.off + u.headerLen
	for ei := u.last; ei != none; ei = u.entries[ei].prev {
		if e := &u.entries[ei]; e.len > 0 {
			return start + e.off + e.len
		}
	}
	return start
}

// writeTrailer fills the bytes from the unit's last entry to the next
// unit (or the section end) with the section's trailer (the seed's
// writeTrailer). Each section's trailer writer writes exactly n bytes:
// the trailer and the fill up to the unit's end.
func (d *Dwarf) writeTrailer(s *section, u *unit) {
	start := s.trailerStart(u)
	end := s.unitEnd(u)
	n := end - start
	if n < u.trailerLen {
		panic("dwarfcore: trailer does not fit in " + s.id.Name())
	}
	w := &d.trailer
	w.Reset()
	switch s.id {
	case DebugAranges:
		writeArangesTrailer(w, int(n))
	case DebugInfo:
		writeInfoTrailer(w, int(n))
	case DebugLine:
		writeLineTrailer(w, int(n))
	case DebugRnglists:
		writeRnglistsTrailer(w, int(n))
	default:
		w.Zeros(int(n))
	}
	if string(s.contents()[start:end]) == string(w.Bytes()) {
		return
	}
	s.write(start, w.Bytes(), WriteTrailer, u.index, none)
}
