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

// TestReadLazy: ReadLazy reads no DIEs; a unit's map after it is the map
// after Read; LoadAll makes the units (and the whole map) what Read gives.
func TestReadLazy(t *testing.T) {
	for _, name := range []string{"gcc-g-O0.o", "gcc-gdwarf-4-types.o", "clang-gdwarf-5-O2", "goprog"} {
		data := corpusBytes(t, name)
		full, err := Read(data)
		if err != nil {
			t.Fatal(err)
		}
		lazy, err := ReadLazy(data)
		if err != nil {
			t.Fatal(err)
		}
		if len(lazy.Units) != len(full.Units) {
			t.Fatalf("%s: %d units lazily, %d read", name, len(lazy.Units), len(full.Units))
		}
		for ui, u := range lazy.Units {
			if u.DIEs != nil || lazy.Loaded(ui) {
				t.Fatalf("%s: unit %d has its DIEs before LoadDIEs", name, ui)
			}
		}
		last := len(lazy.Units) - 1
		a, _ := json.Marshal(lazy.UnitMap(last))
		b, _ := json.Marshal(full.UnitMap(last))
		if string(a) != string(b) || !lazy.Loaded(last) || lazy.Loaded(0) && last > 0 {
			t.Errorf("%s: the last unit's map after ReadLazy differs, or loaded other units", name)
		}
		lazy.LoadAll()
		a, _ = json.Marshal(lazy.Map())
		b, _ = json.Marshal(full.Map())
		if string(a) != string(b) {
			t.Errorf("%s: after LoadAll the map differs from Read's", name)
		}
	}
}

// TestUnitMapPaced: a unit mapped with a pace function is UnitMap's map;
// pace sees progress that only grows, up to the total; work that pace
// runs on the same data in the middle (a LoadAll, as the page's other
// views may do while a unit is mapped) changes neither the map nor the
// units.
func TestUnitMapPaced(t *testing.T) {
	for _, name := range []string{"gcc-g-O0.o", "goprog"} {
		data := corpusBytes(t, name)
		full, err := Read(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, meddle := range []bool{false, true} {
			lazy, err := ReadLazy(data)
			if err != nil {
				t.Fatal(err)
			}
			// the biggest unit, for the most calls of pace
			ui := 0
			for i, u := range lazy.Units {
				if u.End-u.Off > lazy.Units[ui].End-lazy.Units[ui].Off {
					ui = i
				}
			}
			var calls int
			var last, total uint64
			m := lazy.UnitMapPaced(ui, func(done, tot uint64) {
				if done < last || total != 0 && tot != total || done > tot {
					t.Errorf("%s: pace(%d, %d) after (%d, %d)", name, done, tot, last, total)
				}
				last, total = done, tot
				calls++
				if meddle && calls == 2 {
					lazy.LoadAll()
				}
			})
			if calls < 2 || total != 2*(lazy.Units[ui].End-lazy.Units[ui].Off) {
				t.Errorf("%s: pace called %d times, total %d", name, calls, total)
			}
			a, _ := json.Marshal(m)
			b, _ := json.Marshal(full.UnitMap(ui))
			if string(a) != string(b) {
				t.Errorf("%s (meddle %v): unit %d's paced map differs from UnitMap's", name, meddle, ui)
			}
			lazy.LoadAll()
			a, _ = json.Marshal(lazy.Map())
			b, _ = json.Marshal(full.Map())
			if string(a) != string(b) {
				t.Errorf("%s (meddle %v): after a paced map and LoadAll the map differs from Read's", name, meddle)
			}
		}
	}
}
