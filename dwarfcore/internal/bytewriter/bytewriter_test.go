package bytewriter

import (
	"bytes"
	"encoding/binary"
	"math/big"
	"testing"
)

var (
	le32 = Layout{Order: binary.LittleEndian, AddrSize: 4, OffsetSize: 4}
	le64 = Layout{Order: binary.LittleEndian, AddrSize: 8, OffsetSize: 8}
	be64 = Layout{Order: binary.BigEndian, AddrSize: 8, OffsetSize: 4}
)

func TestWriter(t *testing.T) {
	tests := []struct {
		name   string
		layout Layout
		write  func(w *Writer)
		want   []byte
	}{
		{"u8", le32, func(w *Writer) { w.U8(0xab) }, []byte{0xab}},
		{"u16 little", le32, func(w *Writer) { w.U16(0x0102) }, []byte{2, 1}},
		{"u16 big", be64, func(w *Writer) { w.U16(0x0102) }, []byte{1, 2}},
		{"u32 big", be64, func(w *Writer) { w.U32(0x01020304) }, []byte{1, 2, 3, 4}},
		{"u64 little", le32, func(w *Writer) { w.U64(0x0102030405060708) }, []byte{8, 7, 6, 5, 4, 3, 2, 1}},
		{"offset DWARF32", le32, func(w *Writer) { w.Offset(0x10) }, []byte{0x10, 0, 0, 0}},
		{"offset DWARF64", le64, func(w *Writer) { w.Offset(0x10) }, []byte{0x10, 0, 0, 0, 0, 0, 0, 0}},
		{"address 4", le32, func(w *Writer) { w.Address(0x1000) }, []byte{0, 0x10, 0, 0}},
		{"address 8 big", be64, func(w *Writer) { w.Address(0x1000) }, []byte{0, 0, 0, 0, 0, 0, 0x10, 0}},
		// DWARF 5 §7.4: the 64-bit format's initial length is 0xffffffff
		// and then the 8-byte length.
		{"unit length DWARF32", le32, func(w *Writer) { w.UnitLength(0x20) }, []byte{0x20, 0, 0, 0}},
		{"unit length DWARF64", le64, func(w *Writer) { w.UnitLength(0x20) },
			[]byte{0xff, 0xff, 0xff, 0xff, 0x20, 0, 0, 0, 0, 0, 0, 0}},
		// DWARF 5 Figures 7.2 and 7.3.
		{"uleb 127", le32, func(w *Writer) { w.ULEB(127) }, []byte{0x7f}},
		{"uleb 12857", le32, func(w *Writer) { w.ULEB(12857) }, []byte{0xb9, 0x64}},
		{"sleb -128", le32, func(w *Writer) { w.SLEB(-128) }, []byte{0x80, 0x7f}},
		{"uleb fixed", le32, func(w *Writer) { w.ULEBFixed(2, 3) }, []byte{0x82, 0x80, 0x00}},
		{"big uleb 2^64", le32, func(w *Writer) { w.BigLEB(new(big.Int).Lsh(big.NewInt(1), 64), false) },
			[]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02}},
		{"big sleb -2", le32, func(w *Writer) { w.BigLEB(big.NewInt(-2), true) }, []byte{0x7e}},
		{"flags", le32, func(w *Writer) { w.Flag(true); w.Flag(false) }, []byte{1, 0}},
		{"cstring", le32, func(w *Writer) { w.CString("ab") }, []byte{'a', 'b', 0}},
		{"append and fill", le32, func(w *Writer) { w.Append([]byte{9}); w.Fill(2, 7); w.Zeros(1) }, []byte{9, 7, 7, 0}},
		{"fill to", le32, func(w *Writer) { w.U8(1); w.FillTo(4, 0xee); w.FillTo(2, 0) }, []byte{1, 0xee, 0xee, 0xee}},
		{"patched offset", le32, func(w *Writer) {
			p := w.ReserveOffset()
			w.U8(5)
			w.PatchUint(p, uint64(w.Len()))
		}, []byte{5, 0, 0, 0, 5}},
		{"patched 2-byte", be64, func(w *Writer) {
			p := w.ReserveUint(2)
			w.PatchUint(p, 0x0304)
		}, []byte{3, 4}},
		{"patched uleb keeps its length", le32, func(w *Writer) {
			p := w.ULEBPlaceholder(10)
			w.U8(0xaa)
			w.PatchULEB(p, 11)
		}, []byte{11, 0xaa}},
		{"patched uleb stretched", le32, func(w *Writer) {
			p := w.ULEBPlaceholder(200) // two bytes
			w.PatchULEB(p, 3)
		}, []byte{0x83, 0x00}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &Writer{Layout: tt.layout}
			tt.write(w)
			if !bytes.Equal(w.Bytes(), tt.want) {
				t.Errorf("got % x, want % x", w.Bytes(), tt.want)
			}
			if w.Len() != len(tt.want) {
				t.Errorf("Len() = %d, want %d", w.Len(), len(tt.want))
			}
			w.Reset()
			if w.Len() != 0 {
				t.Errorf("Len() after Reset = %d", w.Len())
			}
		})
	}
}

func TestUnitLengthSize(t *testing.T) {
	if got := le32.UnitLengthSize(); got != 4 {
		t.Errorf("DWARF32: %d, want 4", got)
	}
	if got := le64.UnitLengthSize(); got != 12 {
		t.Errorf("DWARF64: %d, want 12", got)
	}
}

func TestPatchULEBTooLarge(t *testing.T) {
	w := &Writer{Layout: le32}
	p := w.ULEBPlaceholder(1)
	defer func() {
		if recover() == nil {
			t.Error("PatchULEB(128) into one byte did not panic")
		}
	}()
	w.PatchULEB(p, 128)
}

func TestPutUint(t *testing.T) {
	b := make([]byte, 8)
	be64.PutUint(b[2:6], 0x0a0b0c0d)
	if want := []byte{0, 0, 0xa, 0xb, 0xc, 0xd, 0, 0}; !bytes.Equal(b, want) {
		t.Errorf("got % x, want % x", b, want)
	}
	defer func() {
		if recover() == nil {
			t.Error("a 3-byte PutUint did not panic")
		}
	}()
	be64.PutUint(b[:3], 1)
}
