package dwarfcore

import (
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// The header and trailer of a .debug_line unit: the line program header
// (DWARF 5 §6.2.4) and the end of the last sequence. The functions' line
// programs are the unit's entries (lineprogram.go).

// lineHeaderBytes: the line program header for files files.
func (d *Dwarf) lineHeaderBytes(files int) uint64 {
	o := d.offsetSize()
	return d.unitLengthBytes() + 2 + 1 + 1 + o + 1 + 1 + 1 + 1 + 1 + 1 + uint64(len(dw.StandardOpcodeLengths)) +
		1 + uint64(leb128.UnsignedLen(uint64(dw.LNCTPath))+leb128.UnsignedLen(uint64(lineStrForm(&d.opts)))+leb128.UnsignedLen(1)) + o +
		1 + uint64(leb128.UnsignedLen(uint64(dw.LNCTPath))+leb128.UnsignedLen(uint64(lineStrForm(&d.opts)))+leb128.UnsignedLen(uint64(dw.LNCTDirectoryIndex))+leb128.UnsignedLen(uint64(dw.FormUdata))+
		leb128.UnsignedLen(uint64(dw.LNCTLLVMSource))+leb128.UnsignedLen(uint64(lineStrForm(&d.opts)))+leb128.UnsignedLen(uint64(files))) +
		(2*o+1)*uint64(files)
}

// lineTrailerBytes: DW_LNS_set_file 0 and DW_LNE_end_sequence.
const lineTrailerBytes = 1 + 1 + 1 + 1 + 1

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

// lineStrForm is the form of the line program header's strings.
func lineStrForm(opts *Options) dw.Form {
	if opts.CoreSections {
		return dw.FormStrp
	}
	return dw.FormLineStrp
}

// writeLineHeader writes what follows a .debug_line unit's initial
// length: the rest of the line program header, with the module's files.
func (d *Dwarf) writeLineHeader(h *headerWriter, u *unit) {
	m := d.units[u.index]
	h.U16(5) // version
	h.U8(byte(h.AddrSize))
	h.U8(0) // segment_selector_size
	headerLength := h.ReserveOffset()
	h.U8(1) // minimum_instruction_length
	h.U8(1) // maximum_operations_per_instruction
	h.U8(1) // default_is_stmt
	h.U8(byte(d.opts.Arch.LineBase))
	h.U8(d.opts.Arch.LineRange)
	h.U8(byte(dw.LineOpcodeBase))
	h.Append(dw.StandardOpcodeLengths[:])
	h.U8(1) // directory_entry_format_count
	h.ULEB(uint64(dw.LNCTPath))
	h.ULEB(uint64(lineStrForm(&d.opts)))
	h.ULEB(1) // directories_count
	h.lineStrp(d.opts.CompDir)
	// The seed's file entries are path and LLVM_source; we add the
	// directory index (always 0), which DWARF 5 leaves optional but
	// elfutils requires before it reads any file name.
	h.U8(3) // file_name_entry_format_count
	h.ULEB(uint64(dw.LNCTPath))
	h.ULEB(uint64(lineStrForm(&d.opts)))
	h.ULEB(uint64(dw.LNCTDirectoryIndex))
	h.ULEB(uint64(dw.FormUdata))
	h.ULEB(uint64(dw.LNCTLLVMSource))
	h.ULEB(uint64(lineStrForm(&d.opts)))
	files := lineFileTable(m.files)
	h.ULEB(uint64(len(files)))
	for _, f := range files {
		h.lineStrp(f)
		h.ULEB(0)
		h.lineStrp("")
	}
	h.PatchUint(headerLength, uint64(h.Len()-headerLength.Off-headerLength.Size))
}

// writeLineTrailer writes DW_LNS_set_file 0, DW_LNS_const_add_pc fill and
// a final DW_LNE_end_sequence (the seed puts its fill after end_sequence,
// which leaves bytes outside any sequence that elfutils rejects).
// set_file 0 keeps the end row's file valid; the fill advances the
// address inside this last sequence, so every byte up to the unit's end
// belongs to a sequence that end_sequence closes.
func writeLineTrailer(w *bytewriter.Writer, n int) {
	w.U8(byte(dw.LNSSetFile))
	w.U8(0)
	w.FillTo(n-3, byte(dw.LNSConstAddPC))
	w.U8(byte(dw.LNSExtendedOp))
	w.U8(1)
	w.U8(byte(dw.LNEEndSequence))
}
