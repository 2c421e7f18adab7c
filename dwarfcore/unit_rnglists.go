package dwarfcore

import (
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
)

// The header and trailer of a .debug_rnglists unit (DWARF 5 §7.28): one
// range list, the unit's, whose entries are the functions' (funcRanges).

// rnglistsHeaderBytes: the list table header plus one offset (list 0).
func (d *Dwarf) rnglistsHeaderBytes() uint64 { return d.loclistsBaseOffset() + d.offsetSize() }

// rnglistsTrailerBytes: DW_RLE_end_of_list.
const rnglistsTrailerBytes = 1

// writeRnglistsHeader writes what follows a .debug_rnglists unit's
// initial length: the list table header and the offset of list 0, which
// starts right after the offsets.
func (d *Dwarf) writeRnglistsHeader(h *headerWriter, u *unit) {
	h.U16(5) // version
	h.U8(byte(h.AddrSize))
	h.U8(0)  // segment_selector_size
	h.U32(1) // offset_entry_count
	h.Offset(uint64(h.OffsetSize))
}

// writeRnglistsTrailer writes DW_RLE_end_of_list, then more of them.
func writeRnglistsTrailer(w *bytewriter.Writer, n int) {
	w.FillTo(n, byte(dw.RLEEndOfList))
}
