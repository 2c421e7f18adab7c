package dwarfread

import (
	"encoding/json"
	"testing"
)

// TestUnitMap: each unit's map alone is the unit span of the section's
// map, leaf for leaf.
func TestUnitMap(t *testing.T) {
	for _, name := range []string{"gcc-g-O0.o", "gcc-gdwarf-4-types.o", "goprog"} {
		d, err := Read(corpusBytes(t, name))
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]string{}
		for _, s := range d.Sections {
			if s.Name != ".debug_info" && s.Name != ".debug_types" {
				continue
			}
			for _, u := range d.SectionMap(s).Children {
				if u.Kind == SpanUnit {
					b, _ := json.Marshal(u)
					want[u.Unit] = string(b)
				}
			}
		}
		if len(want) != len(d.Units) {
			t.Fatalf("%s: %d unit spans for %d units", name, len(want), len(d.Units))
		}
		for ui := range d.Units {
			b, _ := json.Marshal(d.UnitMap(ui))
			if string(b) != want[ui] {
				t.Errorf("%s: unit %d mapped alone differs from its span in the section's map", name, ui)
			}
		}
		if d.UnitMap(-1) != nil || d.UnitMap(len(d.Units)) != nil {
			t.Errorf("%s: a unit out of range has a map", name)
		}
	}
}
