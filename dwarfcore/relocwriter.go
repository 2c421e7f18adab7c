package dwarfcore

import "github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"

// relocWriter is the one byte writer with the emitter's relocation
// capture layered on top: a value known only when the output is laid out
// (an offset into another entry, unit or section, a symbol's address) is
// written as zeros, and its record, with the offset of the zeros, goes to
// Relocs. The resolver (resolve.go) later patches the zeros in place.
//
// It is a concrete type, not a generic one over the record: a method
// call through a generic's dictionary per reference, and two copies of
// the record, cost the emitter about a tenth of its time.
type relocWriter struct {
	bytewriter.Writer
	Relocs []relocRec
}

// Reset empties the writer and its records, keeping their buffers.
func (w *relocWriter) Reset() {
	w.Writer.Reset()
	w.Relocs = w.Relocs[:0]
}

// OffsetReloc appends a section offset that r resolves; it returns the
// index of r in Relocs.
func (w *relocWriter) OffsetReloc(r relocRec) int { return w.reloc(r, w.OffsetSize) }

// AddressReloc appends a target address that r resolves; it returns the
// index of r in Relocs.
func (w *relocWriter) AddressReloc(r relocRec) int { return w.reloc(r, w.AddrSize) }

func (w *relocWriter) reloc(r relocRec, size int) int {
	r.sourceOff = uint64(w.Len())
	w.Relocs = append(w.Relocs, r)
	w.Zeros(size)
	return len(w.Relocs) - 1
}
