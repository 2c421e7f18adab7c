package dwarfcore

import (
	"encoding/binary"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// TestRelocate checks that Output.Relocate writes every External
// relocation's value where the record says.
func TestRelocate(t *testing.T) {
	b := tinyProgram(target.S390X)
	out, err := Emit(b.p, tinyCode(b), Options{Arch: target.S390X, Lines: LinesPlain, Annotate: true})
	if err != nil {
		t.Fatal(err)
	}
	out.Relocate(func(r Reloc) uint64 { return 0x1000 + uint64(r.Addend) })
	seen := 0
	for _, r := range out.Relocs {
		if r.Kind != External {
			continue
		}
		seen++
		got := binary.BigEndian.Uint64(out.Sections[r.Section][r.Offset:])
		if got != 0x1000+uint64(r.Addend) {
			t.Errorf("%s+0x%x = 0x%x", r.Section.Name(), r.Offset, got)
		}
	}
	if seen == 0 {
		t.Fatal("no external relocations")
	}
}

func TestOptionsRejected(t *testing.T) {
	for _, o := range []Options{{Format: 16}, {Profile: 9}, {Lines: 7}, {Arch: &target.Arch{Name: "x", PtrSize: 2, LineRange: 1}}} {
		if _, err := New(o); err == nil {
			t.Errorf("New(%+v) accepted", o)
		}
	}
}
