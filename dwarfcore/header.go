package dwarfcore

import (
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// Unit headers and trailers (the seed's flushModule and writeTrailer).

const (
	infoTrailerBytes     = 1 + 1 // two null DIEs: end of module, end of compile unit
	lineTrailerBytes     = 1 + 1 + 1 + 1 + 1
	rnglistsTrailerBytes = 1
)

// arangesHeaderBytes: unit_length, version, debug_info_offset,
// address_size, segment_selector_size, padded to twice the address size
// (DWARF 5 §6.1.2).
func (d *Dwarf) arangesHeaderBytes() uint64 {
	return alignForward(d.unitLengthBytes()+2+d.offsetSize()+1+1, 2*d.addrSize())
}

// infoHeaderBytes: the unit header (§7.5.1.1), the compile_unit DIE's
// attributes and the module DIE's attributes.
func (d *Dwarf) infoHeaderBytes() uint64 {
	o := d.offsetSize()
	// producer, comp_dir, name, base_types, stmt_list, then the range:
	// rnglists_base and a range list index, or low_pc and high_pc.
	// The module DIE's range is the same.
	unitRange := o + uint64(leb128.UnsignedLen(0))
	moduleRange := uint64(leb128.UnsignedLen(0))
	if d.opts.CoreSections {
		unitRange, moduleRange = 2*d.addrSize(), 2*d.addrSize()
	}
	return d.unitLengthBytes() + 2 + 1 + 1 + o +
		uint64(leb128.UnsignedLen(uint64(abbrevCompileUnit))) + 1 + o*5 + unitRange +
		uint64(leb128.UnsignedLen(uint64(abbrevModule))) + o + moduleRange
}

// lineHeaderBytes: the line program header for files files (§6.2.4).
func (d *Dwarf) lineHeaderBytes(files int) uint64 {
	o := d.offsetSize()
	return d.unitLengthBytes() + 2 + 1 + 1 + o + 1 + 1 + 1 + 1 + 1 + 1 + uint64(len(dw.StandardOpcodeLengths)) +
		1 + uint64(leb128.UnsignedLen(uint64(dw.LNCTPath))+leb128.UnsignedLen(uint64(lineStrForm(&d.opts)))+leb128.UnsignedLen(1)) + o +
		1 + uint64(leb128.UnsignedLen(uint64(dw.LNCTPath))+leb128.UnsignedLen(uint64(lineStrForm(&d.opts)))+leb128.UnsignedLen(uint64(dw.LNCTDirectoryIndex))+leb128.UnsignedLen(uint64(dw.FormUdata))+
		leb128.UnsignedLen(uint64(dw.LNCTLLVMSource))+leb128.UnsignedLen(uint64(lineStrForm(&d.opts)))+leb128.UnsignedLen(uint64(files))) +
		(2*o+1)*uint64(files)
}

// lineFileTable returns the line header's file names: the primary file
// as entry 0 and again as entry 1, then the unit's other files. In DWARF 5
// the file register starts at 1 (§6.2.2), so rows before any
// DW_LNS_set_file — every row of an incremental-mode sequence — name
// file 1; gcc lists its primary file twice for the same reason. Index k
// of files is entry k+1, and entry 0 stays the primary file.
func lineFileTable(files []string) []string {
	if len(files) == 0 {
		return nil
	}
	return append([]string{files[0]}, files...)
}

// loclistsBaseOffset is the offset of a list-of-lists unit's offsets
// table (§7.29): unit_length, version, address_size,
// segment_selector_size, offset_entry_count.
func (d *Dwarf) loclistsBaseOffset() uint64 { return d.unitLengthBytes() + 2 + 1 + 1 + 4 }

// rnglistsHeaderBytes: the list header plus one offset (list 0).
func (d *Dwarf) rnglistsHeaderBytes() uint64 { return d.loclistsBaseOffset() + d.offsetSize() }

// headerWriter builds a unit header and its relocation records.
type headerWriter struct {
	d      *Dwarf
	b      []byte
	relocs []relocRec
}

func (h *headerWriter) u8(v byte)    { h.b = append(h.b, v) }
func (h *headerWriter) u16(v uint16) { h.fixed(2, uint64(v)) }
func (h *headerWriter) u32(v uint32) { h.fixed(4, uint64(v)) }

// fixed appends an n-byte integer in the target's byte order.
func (h *headerWriter) fixed(n int, v uint64) {
	var b [8]byte
	putUint(h.d.order, b[:n], v)
	h.b = append(h.b, b[:n]...)
}
func (h *headerWriter) uleb(v uint64) { h.b = leb128.AppendUnsigned(h.b, v) }

// offset appends a section offset of the format's size.
func (h *headerWriter) offset(v uint64) {
	h.fixed(h.d.opts.Format.OffsetSize(), v)
}

// unitLength appends the initial length (§7.4): 4 bytes, or 0xffffffff
// and 8 bytes in DWARF64.
func (h *headerWriter) unitLength(v uint64) {
	if h.d.opts.Format == DWARF64 {
		h.u32(0xffffffff)
	}
	h.offset(v)
}

// ref appends a relocated section offset.
func (h *headerWriter) ref(kind RelocKind, sec SectionID, unit, entry int, off uint64) {
	h.relocs = append(h.relocs, relocRec{kind: kind, sourceOff: uint64(len(h.b)),
		targetSec: sec, targetUnit: unit, targetEntry: entry, targetOff: off})
	h.offset(0)
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

// lineStrForm is the form of the line program header's strings.
func lineStrForm(opts *Options) dw.Form {
	if opts.CoreSections {
		return dw.FormStrp
	}
	return dw.FormLineStrp
}

// addr appends the address of symbol sym plus addend.
func (h *headerWriter) addr(sym int, addend int64) {
	h.relocs = append(h.relocs, relocRec{kind: External, sourceOff: uint64(len(h.b)), sym: sym, addend: addend})
	h.fixed(int(h.d.addrSize()), 0)
}

// unitPC appends the DW_AT_low_pc and DW_AT_high_pc of CoreSections (of
// the compile unit and of its module): the
// start of the unit's first function and the end of its last, or an
// empty range at 0 for a unit without code.
func (h *headerWriter) unitPC(m *modUnit) {
	if m.pcFirst == none {
		h.fixed(int(h.d.addrSize()), 0)
		h.fixed(int(h.d.addrSize()), 0)
		return
	}
	h.addr(m.pcFirst, 0)
	h.addr(m.pcLast, int64(m.pcLastSize))
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
	if uint64(len(h.b)) != u.headerLen {
		panic("dwarfcore: header length mismatch in " + s.id.Name())
	}
	hash := hashContents(h.b, h.relocs)
	if u.headerWritten && u.headerHash == hash {
		return
	}
	u.headerRelocs = append(u.headerRelocs[:0], h.relocs...)
	u.headerHash = hash
	u.headerWritten = true
	s.out.rewritten(s.id, u.index, none)
	s.write(u.off, h.b, WriteHeader, u.index, none)
}

// flush writes the abbreviation table once, then every unit's header and
// trailer (the seed's flushModule).
func (d *Dwarf) flush() {
	abbrev := d.sections[DebugAbbrev]
	if !abbrev.units[0].entries[0].written {
		abbrev.replaceEntry(0, 0, encodeAbbrevTable(&d.opts), nil)
	}
	h := &headerWriter{d: d}
	reset := func() { h.b, h.relocs = h.b[:0], h.relocs[:0] }

	// .debug_aranges (§6.1.2)
	s := d.sections[DebugAranges]
	for _, u := range s.units {
		reset()
		h.unitLength(s.unitEnd(u) - u.off - d.unitLengthBytes())
		h.u16(2)
		h.ref(CrossSection, DebugInfo, u.index, none, 0)
		h.u8(byte(d.addrSize()))
		h.u8(0)
		for uint64(len(h.b)) < u.headerLen {
			h.u8(0)
		}
		d.replaceHeader(s, u, h)
		d.writeTrailer(s, u)
	}

	// .debug_info (§7.5.1.1) with the compile_unit and module DIEs
	s = d.sections[DebugInfo]
	for _, u := range s.units {
		m := d.units[u.index]
		reset()
		h.unitLength(s.unitEnd(u) - u.off - d.unitLengthBytes())
		h.u16(5)
		h.u8(byte(dw.UTCompile))
		h.u8(byte(d.addrSize()))
		h.ref(CrossSection, DebugAbbrev, 0, 0, 0)
		cuOff := uint64(len(h.b))
		h.uleb(uint64(abbrevCompileUnit))
		h.u8(byte(d.unitLanguage()))
		h.lineStrp(d.opts.Producer)
		h.lineStrp(d.opts.CompDir)
		h.lineStrp(m.path)
		h.ref(CrossUnit, DebugInfo, 0, none, cuOff)
		h.ref(CrossSection, DebugLine, u.index, none, 0)
		if d.opts.CoreSections {
			h.unitPC(m)
		} else {
			h.ref(CrossSection, DebugRnglists, u.index, none, d.loclistsBaseOffset())
			h.uleb(0)
		}
		h.uleb(uint64(abbrevModule))
		h.ref(CrossSection, DebugStr, stringUnit, d.str.add(m.name), 0)
		if d.opts.CoreSections {
			h.unitPC(m)
		} else {
			h.uleb(0)
		}
		d.replaceHeader(s, u, h)
		d.writeTrailer(s, u)
	}

	// .debug_line (§6.2.4)
	s = d.sections[DebugLine]
	for _, u := range s.units {
		s.resizeHeader(u.index, d.lineHeaderBytes(len(lineFileTable(d.units[u.index].files))))
	}
	for _, u := range s.units {
		m := d.units[u.index]
		reset()
		h.unitLength(s.unitEnd(u) - u.off - d.unitLengthBytes())
		h.u16(5)
		h.u8(byte(d.addrSize()))
		h.u8(0)
		h.offset(u.headerLen - uint64(len(h.b)) - d.offsetSize())
		h.u8(1) // minimum_instruction_length
		h.u8(1) // maximum_operations_per_instruction
		h.u8(1) // default_is_stmt
		h.u8(byte(d.opts.Arch.LineBase))
		h.u8(d.opts.Arch.LineRange)
		h.u8(byte(dw.LineOpcodeBase))
		h.b = append(h.b, dw.StandardOpcodeLengths[:]...)
		h.u8(1)
		h.uleb(uint64(dw.LNCTPath))
		h.uleb(uint64(lineStrForm(&d.opts)))
		h.uleb(1)
		h.lineStrp(d.opts.CompDir)
		// The seed's file entries are path and LLVM_source; we add the
		// directory index (always 0), which DWARF 5 leaves optional but
		// elfutils requires before it reads any file name.
		h.u8(3)
		h.uleb(uint64(dw.LNCTPath))
		h.uleb(uint64(lineStrForm(&d.opts)))
		h.uleb(uint64(dw.LNCTDirectoryIndex))
		h.uleb(uint64(dw.FormUdata))
		h.uleb(uint64(dw.LNCTLLVMSource))
		h.uleb(uint64(lineStrForm(&d.opts)))
		files := lineFileTable(m.files)
		h.uleb(uint64(len(files)))
		for _, f := range files {
			h.lineStrp(f)
			h.uleb(0)
			h.lineStrp("")
		}
		d.replaceHeader(s, u, h)
		d.writeTrailer(s, u)
	}

	// .debug_loclists (§7.29): a list table, once a unit has a header
	s = d.sections[DebugLoclists]
	for _, u := range s.units {
		if u.headerLen == 0 {
			continue
		}
		reset()
		h.unitLength(s.unitEnd(u) - u.off - d.unitLengthBytes())
		h.u16(5)
		h.u8(byte(d.addrSize()))
		h.u8(0)
		h.u32(0)
		d.replaceHeader(s, u, h)
		d.writeTrailer(s, u)
	}

	// .debug_rnglists (§7.28): one list, starting right after the offsets
	s = d.sections[DebugRnglists]
	for _, u := range s.units {
		reset()
		h.unitLength(s.unitEnd(u) - u.off - d.unitLengthBytes())
		h.u16(5)
		h.u8(byte(d.addrSize()))
		h.u8(0)
		h.u32(1)
		h.offset(d.offsetSize())
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
// writeTrailer): .debug_aranges a zero address pair then zeros;
// .debug_info two null DIEs then nulls; .debug_line DW_LNS_set_file 0,
// DW_LNS_const_add_pc fill and a final DW_LNE_end_sequence (the seed puts
// its fill after end_sequence, which leaves bytes outside any sequence
// that elfutils rejects); .debug_rnglists DW_RLE_end_of_list then
// end-of-list fill.
func (d *Dwarf) writeTrailer(s *section, u *unit) {
	start := s.trailerStart(u)
	end := s.unitEnd(u)
	n := end - start
	if n < u.trailerLen {
		panic("dwarfcore: trailer does not fit in " + s.id.Name())
	}
	buf := make([]byte, 0, n)
	var fill byte
	switch s.id {
	case DebugAranges:
		for range 2 * d.addrSize() {
			buf = append(buf, 0)
		}
	case DebugInfo:
		buf = append(buf, byte(abbrevNull), byte(abbrevNull))
	case DebugLine:
		// set_file 0 keeps the end row's file valid; the fill advances the
		// address inside this last sequence, so every byte up to the unit's
		// end belongs to a sequence that end_sequence closes.
		buf = append(buf, byte(dw.LNSSetFile), 0)
		for uint64(len(buf)) < n-3 {
			buf = append(buf, byte(dw.LNSConstAddPC))
		}
		buf = append(buf, byte(dw.LNSExtendedOp), 1, byte(dw.LNEEndSequence))
	case DebugRnglists:
		buf = append(buf, byte(dw.RLEEndOfList))
		fill = byte(dw.RLEEndOfList)
	}
	for uint64(len(buf)) < n {
		buf = append(buf, fill)
	}
	old := s.contents()[start:end]
	if string(old) == string(buf) {
		return
	}
	s.write(start, buf, WriteTrailer, u.index, none)
}
