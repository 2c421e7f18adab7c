package elfobj

import (
	"bytes"
	"debug/elf"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// TestExeExtraSections checks ExeOptions.Sections: a non-allocated
// section without relocations is written after the object's with its
// bytes, no address and no flags; any other is refused.
func TestExeExtraSections(t *testing.T) {
	obj := func() *Object {
		return &Object{Arch: target.X86_64, FileName: "x.zig",
			Sections: []*Section{{Name: ".text", Kind: SectText, Data: []byte{0xc3}, Align: 16}},
			Symbols:  []*Symbol{{Name: "main", Kind: SymFunc, Global: true, Section: 0, Size: 1}}}
	}
	payload := []byte{1, 2, 3, 4, 5}
	for _, c := range []struct {
		name string
		sec  *Section
		ok   bool
	}{
		{"non-allocated", &Section{Name: ".lldbformatters", Kind: SectDebug, Data: payload, Align: 1}, true},
		{"allocated", &Section{Name: ".extra", Kind: SectData, Data: payload, Align: 1}, false},
		{"relocated", &Section{Name: ".extra", Kind: SectDebug, Data: make([]byte, 8), Align: 1,
			Relocs: []Reloc{{Offset: 0, Size: 8, Kind: RelocAbs, Symbol: "main"}}}, false},
	} {
		f, err := LinkExecutable(obj(), ExeOptions{Main: "main", Sections: []*Section{c.sec}})
		if !c.ok {
			if err == nil {
				t.Errorf("%s: no error", c.name)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		ef, err := elf.NewFile(bytes.NewReader(f.Bytes))
		if err != nil {
			t.Fatal(err)
		}
		s := ef.Section(c.sec.Name)
		if s == nil {
			t.Fatalf("%s: no section %s", c.name, c.sec.Name)
		}
		data, err := s.Data()
		if err != nil || !bytes.Equal(data, payload) || s.Flags != 0 || s.Addr != 0 || s.Type != elf.SHT_PROGBITS {
			t.Errorf("%s: %v %v %#x %v (%v), want %v", c.name, s.Type, s.Flags, s.Addr, data, err, payload)
		}
	}
}
