package model

import (
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/annotate"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// TestIndexDecodesOnDemand checks the section index, which decodes
// entries only as leaves are asked for, against the fully decoded map:
// the same leaf at every byte, the same leaves in every hex-view window,
// the same items.
func TestIndexDecodesOnDemand(t *testing.T) {
	a := NewApp()
	if err := a.LoadSample("growing.zig"); err != nil {
		t.Fatal(err)
	}
	growPoint(t, a) // moves and padding
	b := a.S.Good
	full := b.Ann.Map()
	for sec := dwarfcore.SectionID(0); sec < dwarfcore.NumSections; sec++ {
		var leaves []*dwarfread.Span
		var walk func(s *dwarfread.Span)
		walk = func(s *dwarfread.Span) {
			if len(s.Children) == 0 {
				if s.Kind != dwarfread.SpanSection && s.Kind != dwarfread.SpanUnit {
					leaves = append(leaves, s)
				}
				return
			}
			for _, c := range s.Children {
				walk(c)
			}
		}
		walk(full.Sections[sec])
		// A fresh index over a fresh annotation: nothing decoded yet.
		ann, err := annotate.New(b.Out, a.S.inc.Dwarf().Layout())
		if err != nil {
			t.Fatal(err)
		}
		x := newSectionIndex(sec, ann)
		size := uint64(len(b.Out.Sections[sec]))
		for off := uint64(0); off < size; off++ {
			got, want := x.leafAt(off), spanAt(leaves, off)
			if (got == nil) != (want == nil) || got != nil && (got.Off != want.Off || got.Len != want.Len || got.Name != want.Name || got.Value != want.Value) {
				t.Fatalf("%s+0x%x: leaf %+v, want %+v", sec.Name(), off, got, want)
			}
		}
		for off := uint64(0); off < size; off += 96 {
			got := x.leavesIn(off, off+160)
			var want []*dwarfread.Span
			for _, l := range leaves {
				if l.Off+l.Len > off && l.Off < off+160 {
					want = append(want, l)
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%s [0x%x, 0x%x): %d leaves, want %d", sec.Name(), off, off+160, len(got), len(want))
			}
			for i := range got {
				if got[i].Off != want[i].Off || got[i].Name != want[i].Name {
					t.Fatalf("%s [0x%x, 0x%x): leaf %d at 0x%x, want 0x%x", sec.Name(), off, off+160, i, got[i].Off, want[i].Off)
				}
			}
		}
		if all := x.allLeaves(); len(all) != len(leaves) {
			t.Fatalf("%s: %d leaves, want %d", sec.Name(), len(all), len(leaves))
		}
		if y := b.idx(sec); len(y.items) != len(x.items) || len(y.units) != len(x.units) {
			t.Fatalf("%s: %d items, %d units; a fresh index has %d, %d", sec.Name(), len(y.items), len(y.units), len(x.items), len(x.units))
		}
	}
}

// TestGutter checks the line numbers: one text line per source line, and
// a marker on a line with an error.
func TestGutter(t *testing.T) {
	a := NewApp()
	if err := a.LoadSample("growing.zig"); err != nil {
		t.Fatal(err)
	}
	n := strings.Count(a.S.Source, "\n") + 1
	g := a.GutterHTML()
	if strings.Contains(g, "bad") || strings.Count(g, "\n") != n-1 || !strings.Contains(g, "\n"+itoa(n)+"<") {
		t.Fatalf("gutter of %d lines: %.200q", n, g)
	}
	a.Edit(a.S.Source + "const broken: u32 = ;\n")
	if len(a.S.Errors) == 0 {
		t.Fatal("no error")
	}
	line := a.S.Errors[0].Line
	if g := a.GutterHTML(); strings.Count(g, `class="ln bad"`) != 1 || !strings.Contains(g, ">"+itoa(line)+"</div>") {
		t.Fatalf("gutter does not mark line %d: %.300q", line, g[strings.Index(g, "</div>"):])
	}
}
