package dwarfcore

// The header of a .debug_loclists unit (DWARF 5 §7.29). No location lists
// are emitted yet, so the unit has no header (see getUnit) and no
// trailer.

// loclistsBaseOffset is the offset of a list table's offsets array (the
// seed's DebugLocLists.baseOffset), which .debug_rnglists shares:
// unit_length, version, address_size, segment_selector_size,
// offset_entry_count.
func (d *Dwarf) loclistsBaseOffset() uint64 { return d.unitLengthBytes() + 2 + 1 + 1 + 4 }

// writeLoclistsHeader writes what follows a .debug_loclists unit's
// initial length: a list table without offsets.
func (d *Dwarf) writeLoclistsHeader(h *headerWriter, u *unit) {
	h.U16(5) // version
	h.U8(byte(h.AddrSize))
	h.U8(0)  // segment_selector_size
	h.U32(0) // offset_entry_count
}
