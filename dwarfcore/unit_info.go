package dwarfcore

import (
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// The header and trailer of a .debug_info unit: the unit header
// (DWARF 5 §7.5.1.1) followed by the compile_unit DIE's and the module
// DIE's attributes, whose children are the unit's entries.

// infoHeaderBytes: the unit header, the compile_unit DIE's attributes and
// the module DIE's attributes.
func (d *Dwarf) infoHeaderBytes() uint64 {
	o := d.offsetSize()
	// producer, comp_dir, name, base_types, stmt_list, then the range:
	// rnglists_base and a range list index, or low_pc and high_pc.
	// The module DIE's range is the same.
	unitRange := o + uint64(leb128.UnsignedLen(0))
	moduleRange := uint64(leb128.UnsignedLen(0))
	if d.opts.CoreSections {
		unitRange, moduleRange = 2*d.addrSize(), 2*d.addrSize()
	} else if d.opts.AddrBase {
		unitRange += o
	}
	return d.unitLengthBytes() + 2 + 1 + 1 + o +
		uint64(leb128.UnsignedLen(uint64(abbrevCompileUnit))) + 1 + o*5 + unitRange +
		uint64(leb128.UnsignedLen(uint64(abbrevModule))) + o + moduleRange
}

// infoTrailerBytes: two null DIEs, the end of the module's and of the
// compile unit's children.
const infoTrailerBytes = 1 + 1

// writeInfoHeader writes what follows a .debug_info unit's initial
// length: the rest of the unit header, the compile_unit DIE and the
// module DIE.
func (d *Dwarf) writeInfoHeader(h *headerWriter, u *unit) {
	m := d.units[u.index]
	h.U16(5) // version
	h.U8(byte(dw.UTCompile))
	h.U8(byte(h.AddrSize))
	h.ref(CrossSection, DebugAbbrev, 0, 0, 0)
	cuOff := uint64(h.Len())
	h.ULEB(uint64(abbrevCompileUnit))
	h.U8(byte(d.unitLanguage()))
	h.unitStrp(d.opts.Producer)
	h.unitStrp(d.opts.CompDir)
	h.unitStrp(m.path)
	h.ref(CrossUnit, DebugInfo, 0, none, cuOff) // base_types: the main unit's compile_unit
	h.ref(CrossSection, DebugLine, u.index, none, 0)
	if d.opts.CoreSections {
		h.unitPC(m)
	} else {
		h.ref(CrossSection, DebugRnglists, u.index, none, d.loclistsBaseOffset())
		h.ULEB(0)
		if d.opts.AddrBase {
			h.Offset(8) // past the .debug_addr header dsymutil writes
		}
	}
	h.ULEB(uint64(abbrevModule))
	h.ref(CrossSection, DebugStr, stringUnit, d.str.add(m.name), 0)
	if d.opts.CoreSections {
		h.unitPC(m)
	} else {
		h.ULEB(0)
	}
}

// unitPC appends the DW_AT_low_pc and DW_AT_high_pc of CoreSections (of
// the compile unit and of its module): the start of the unit's first
// function and the end of its last, or an empty range at 0 for a unit
// without code.
func (h *headerWriter) unitPC(m *modUnit) {
	if m.pcFirst == none {
		h.Address(0)
		h.Address(0)
		return
	}
	h.addr(m.pcFirst, 0)
	h.addr(m.pcLast, int64(m.pcLastSize))
}

// writeInfoTrailer writes two null DIEs, then nulls.
func writeInfoTrailer(w *bytewriter.Writer, n int) {
	w.FillTo(n, byte(abbrevNull))
}
