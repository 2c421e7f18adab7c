package annotate

import (
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// FuzzRelocated decodes an output whose bytes were overwritten (the
// relocated sections Relocated accepts are anyone's bytes): the map must
// not panic and must keep covering each section. Run with
// go test -fuzz FuzzRelocated ./dwarfcore/annotate; a normal run tries
// the seeds.
func FuzzRelocated(f *testing.F) {
	out := build(f, "views.zig", viewsSource, dwarfcore.Options{Arch: target.X86_64, Lines: dwarfcore.LinesPlain})
	ann := annotation(f, out)
	for id := range dwarfcore.NumSections {
		for _, off := range []uint16{0, 4, 11, 30, 64} {
			for _, b := range []byte{0x00, 0x01, 0x7f, 0x80, 0xff} {
				f.Add(uint8(id), off, b, uint8(1))
			}
		}
	}
	f.Add(uint8(dwarfcore.DebugInfo), uint16(12), byte(0x80), uint8(40))
	f.Add(uint8(dwarfcore.DebugLine), uint16(40), byte(0x00), uint8(60))
	f.Fuzz(func(t *testing.T, sec uint8, off uint16, b byte, n uint8) {
		id := dwarfcore.SectionID(sec) % dwarfcore.NumSections
		var secs [dwarfcore.NumSections][]byte
		data := append([]byte(nil), out.Sections[id]...)
		for i := int(off); i < int(off)+int(n) && i < len(data); i++ {
			data[i] = b
		}
		secs[id] = data
		rel, err := ann.Relocated(secs)
		if err != nil {
			t.Fatal(err)
		}
		m := rel.Map()
		for id := range dwarfcore.NumSections {
			if root := m.Sections[id]; root == nil || root.Len != uint64(len(out.Sections[id])) {
				t.Fatalf("%s: root does not cover the section", id.Name())
			}
		}
		rel.LineTables()
	})
}
