// Package bytewriter is the one byte writer of the DWARF emitter: every
// section's entries, every unit header and trailer is written through it.
//
// A Layout fixes how integers are written: the target's byte order and
// address size and the DWARF format's offset size (4 bytes in DWARF32, 8
// in DWARF64, DWARF 5 §7.4). A Writer appends fixed-size integers,
// ULEB128/SLEB128 numbers (internal/leb128), section offsets, addresses,
// initial lengths, strings and fill, and reserves fixed-size placeholders
// that are patched once their value is known (a line program's
// header_length, an abbreviation code chosen after the children are
// written). The emitter layers relocation capture on top (dwarfcore's
// relocWriter embeds a Writer): a value known only when the output is laid
// out (an offset into another entry, unit or section, a symbol's address)
// is written as zeros with Zeros and recorded, and the resolver later
// patches it in place with Layout.PutUint.
//
// Only the emitter (package dwarfcore) may use it.
package bytewriter

import (
	"encoding/binary"
	"fmt"
	"math/big"

	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// Layout is how the emitter writes integers.
type Layout struct {
	// Order is the target's byte order.
	Order binary.ByteOrder
	// AddrSize is the size of a target address in bytes (4 or 8).
	AddrSize int
	// OffsetSize is the size of a section offset in bytes: 4 in DWARF32,
	// 8 in DWARF64.
	OffsetSize int
}

// UnitLengthSize is the size of a unit's initial length field (DWARF 5
// §7.4): 4 bytes, or 0xffffffff and 8 bytes in DWARF64.
func (l Layout) UnitLengthSize() int {
	if l.OffsetSize == 8 {
		return 12
	}
	return 4
}

// PutUint writes v into all of b (1, 2, 4 or 8 bytes) in the layout's
// byte order: it fills a placeholder in place, in a writer's buffer or in
// a section laid out from them.
func (l Layout) PutUint(b []byte, v uint64) {
	switch len(b) {
	case 1:
		b[0] = byte(v)
	case 2:
		l.Order.PutUint16(b, uint16(v))
	case 4:
		l.Order.PutUint32(b, uint32(v))
	case 8:
		l.Order.PutUint64(b, v)
	default:
		panic(fmt.Sprintf("bytewriter: %d-byte integer", len(b)))
	}
}

// zeros is what Uint grows a buffer by before it fills the bytes in.
var zeros [8]byte

// Writer appends the bytes of one entry, header or trailer. The zero
// Writer has no layout; set Layout before writing integers wider than a
// byte.
type Writer struct {
	Layout
	buf []byte
}

// Bytes returns the bytes written so far (the writer's own buffer, valid
// until the next write or Reset).
func (w *Writer) Bytes() []byte { return w.buf }

// Len returns the number of bytes written so far: the offset, from the
// writer's start, of the next byte.
func (w *Writer) Len() int { return len(w.buf) }

// Reset empties the writer, keeping its buffer.
func (w *Writer) Reset() { w.buf = w.buf[:0] }

// U8 appends one byte.
func (w *Writer) U8(v byte) { w.buf = append(w.buf, v) }

// U16 appends a 2-byte integer.
func (w *Writer) U16(v uint16) { w.Uint(2, uint64(v)) }

// U32 appends a 4-byte integer.
func (w *Writer) U32(v uint32) { w.Uint(4, uint64(v)) }

// U64 appends an 8-byte integer.
func (w *Writer) U64(v uint64) { w.Uint(8, v) }

// Uint appends v as an n-byte integer (n is 1, 2, 4 or 8).
func (w *Writer) Uint(n int, v uint64) {
	// Grown in place, then filled: a local array passed through the byte
	// order's interface would escape and cost an allocation per integer.
	w.buf = append(w.buf, zeros[:n]...)
	w.PutUint(w.buf[len(w.buf)-n:], v)
}

// Offset appends a section offset of the format's size.
func (w *Writer) Offset(v uint64) { w.Uint(w.OffsetSize, v) }

// Address appends a target address.
func (w *Writer) Address(v uint64) { w.Uint(w.AddrSize, v) }

// UnitLength appends a unit's initial length (DWARF 5 §7.4): the 4-byte
// length, or in DWARF64 0xffffffff and the 8-byte length.
func (w *Writer) UnitLength(v uint64) {
	if w.OffsetSize == 8 {
		w.U32(0xffffffff)
	}
	w.Offset(v)
}

// ULEB appends v as an unsigned LEB128 number.
func (w *Writer) ULEB(v uint64) { w.buf = leb128.AppendUnsigned(w.buf, v) }

// SLEB appends v as a signed LEB128 number.
func (w *Writer) SLEB(v int64) { w.buf = leb128.AppendSigned(w.buf, v) }

// ULEBFixed appends v as an unsigned LEB128 number stretched to exactly
// size bytes with redundant continuation bytes; v must fit in 7*size
// bits.
func (w *Writer) ULEBFixed(v uint64, size int) {
	w.PatchULEB(w.ReserveUint(size), v)
}

// BigLEB appends v as a signed (signed true) or unsigned LEB128 number of
// any size.
func (w *Writer) BigLEB(v *big.Int, signed bool) { w.buf = leb128.AppendBig(w.buf, v, signed) }

// Flag appends a DW_FORM_flag: 1 for true, 0 for false.
func (w *Writer) Flag(v bool) {
	if v {
		w.U8(1)
	} else {
		w.U8(0)
	}
}

// Append appends b as it is.
func (w *Writer) Append(b []byte) { w.buf = append(w.buf, b...) }

// CString appends s and a terminating NUL.
func (w *Writer) CString(s string) { w.buf = append(append(w.buf, s...), 0) }

// Fill appends n copies of b.
func (w *Writer) Fill(n int, b byte) {
	for range n {
		w.buf = append(w.buf, b)
	}
}

// Zeros appends n zero bytes.
func (w *Writer) Zeros(n int) { w.Fill(n, 0) }

// FillTo appends b until the writer holds n bytes.
func (w *Writer) FillTo(n int, b byte) {
	if n > len(w.buf) {
		w.Fill(n-len(w.buf), b)
	}
}

// Placeholder is a fixed-size field written before its value is known:
// Size bytes at Off from the writer's start.
type Placeholder struct{ Off, Size int }

// ReserveUint appends n zero bytes to be patched by PatchUint or
// PatchULEB.
func (w *Writer) ReserveUint(n int) Placeholder {
	p := Placeholder{Off: len(w.buf), Size: n}
	w.Zeros(n)
	return p
}

// ReserveOffset appends a zero section offset to be patched by PatchUint.
func (w *Writer) ReserveOffset() Placeholder { return w.ReserveUint(w.OffsetSize) }

// PatchUint writes v into placeholder p.
func (w *Writer) PatchUint(p Placeholder, v uint64) {
	w.PutUint(w.buf[p.Off:p.Off+p.Size], v)
}

// ULEBPlaceholder appends v as an unsigned LEB128 number and returns it
// as a placeholder that PatchULEB may overwrite with another value of the
// same encoded length.
func (w *Writer) ULEBPlaceholder(v uint64) Placeholder {
	p := Placeholder{Off: len(w.buf)}
	w.ULEB(v)
	p.Size = len(w.buf) - p.Off
	return p
}

// PatchULEB overwrites placeholder p with v as an unsigned LEB128 number
// stretched to p's size; v must fit in 7*p.Size bits.
func (w *Writer) PatchULEB(p Placeholder, v uint64) {
	if p.Size < 10 && v>>(7*p.Size) != 0 {
		panic(fmt.Sprintf("bytewriter: %d does not fit a %d-byte ULEB128", v, p.Size))
	}
	leb128.PutUnsignedFixed(w.buf[p.Off:p.Off+p.Size], v)
}
