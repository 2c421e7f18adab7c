package dwarfcore

import (
	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
	"github.com/dwarfscope/dwarfscope/internal/align"
)

// The header and trailer of a .debug_aranges unit (DWARF 5 §6.1.2).

// arangesHeaderBytes: unit_length, version, debug_info_offset,
// address_size, segment_selector_size, padded to twice the address size.
func (d *Dwarf) arangesHeaderBytes() uint64 {
	return align.Forward(d.unitLengthBytes()+2+d.offsetSize()+1+1, 2*d.addrSize())
}

// arangesTrailerBytes: the terminating zero address and length.
func (d *Dwarf) arangesTrailerBytes() uint64 { return 2 * d.addrSize() }

// writeArangesHeader writes what follows a .debug_aranges unit's initial
// length.
func (d *Dwarf) writeArangesHeader(h *headerWriter, u *unit) {
	h.U16(2) // version
	h.ref(CrossSection, DebugInfo, u.index, none, 0)
	h.U8(byte(h.AddrSize))
	h.U8(0) // segment_selector_size
	h.FillTo(int(u.headerLen), 0)
}

// writeArangesTrailer writes a zero address pair, then zeros.
func writeArangesTrailer(w *bytewriter.Writer, n int) {
	w.Zeros(2 * w.AddrSize)
	w.FillTo(n, 0)
}
