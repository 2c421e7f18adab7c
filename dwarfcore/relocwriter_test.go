package dwarfcore

import (
	"encoding/binary"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
)

// TestRelocWriter checks that a relocated value is written as zeros of
// the layout's offset or address size and that its record carries the
// offset of those zeros.
func TestRelocWriter(t *testing.T) {
	for _, osize := range []int{4, 8} {
		w := &relocWriter{Writer: bytewriter.Writer{Layout: bytewriter.Layout{Order: binary.LittleEndian, AddrSize: 8, OffsetSize: osize}}}
		w.U8(1)
		i := w.OffsetReloc(relocRec{kind: CrossSection, targetSec: DebugStr})
		w.U8(2)
		j := w.AddressReloc(relocRec{kind: External, sym: 3, addend: 5})
		if i != 0 || j != 1 {
			t.Fatalf("indexes %d, %d, want 0, 1", i, j)
		}
		want := []relocRec{
			{kind: CrossSection, targetSec: DebugStr, sourceOff: 1},
			{kind: External, sym: 3, addend: 5, sourceOff: uint64(2 + osize)},
		}
		if len(w.Relocs) != 2 || w.Relocs[0] != want[0] || w.Relocs[1] != want[1] {
			t.Errorf("offset size %d: records %+v, want %+v", osize, w.Relocs, want)
		}
		if n := 1 + osize + 1 + 8; w.Len() != n {
			t.Errorf("offset size %d: %d bytes, want %d", osize, w.Len(), n)
		}
		for _, b := range w.Bytes()[1 : 1+osize] {
			if b != 0 {
				t.Errorf("relocated bytes not zero: % x", w.Bytes())
			}
		}
		w.Reset()
		if w.Len() != 0 || len(w.Relocs) != 0 {
			t.Errorf("Reset left %d bytes, %d records", w.Len(), len(w.Relocs))
		}
	}
}
