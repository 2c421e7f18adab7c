package dwarfcore

import (
	"encoding/json"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

// TestAnnotationMatchesMap checks the on-demand map against Output.Map
// across incremental updates (moves, padding, stale bytes): decoded
// section by section and entry by entry, it must be the same tree; and an
// Annotation taken after the next update still describes its own output.
func TestAnnotationMatchesMap(t *testing.T) {
	for _, f := range []Format{DWARF32, DWARF64} {
		for _, lines := range []LineMode{LinesPlain, LinesIncremental} {
			d, err := New(Options{Arch: target.X86_64, Format: f, Lines: lines, Annotate: true})
			if err != nil {
				t.Fatal(err)
			}
			var prevAnn *Annotation
			var prevMap []byte
			for seed := uint64(1); seed <= 6; seed++ {
				prog, err := lang.Compile("x.zig", corpus.Sized(20+int(seed%3)*7, seed%4), target.X86_64)
				if err != nil {
					t.Fatal(err)
				}
				if err := d.Update(prog, nil); err != nil {
					t.Fatal(err)
				}
				o, err := d.Output()
				if err != nil {
					t.Fatal(err)
				}
				want, err := json.Marshal(o.Map)
				if err != nil {
					t.Fatal(err)
				}
				if prevAnn != nil {
					// decoded after the emitter moved on
					if got, _ := json.Marshal(prevAnn.Map()); string(got) != string(prevMap) {
						t.Fatalf("format %v lines %v update %d: the previous update's Annotation changed with the emitter", f, lines, seed)
					}
				}
				ann, err := d.Annotation(o)
				if err != nil {
					t.Fatal(err)
				}
				// Expand entries one by one, out of order, before the rest.
				info := ann.Section(DebugInfo)
				for i := len(info.Children) - 1; i >= 0; i-- {
					u := info.Children[i]
					for j := len(u.Children) - 1; j >= 0; j -= 2 {
						ann.Expand(DebugInfo, u.Children[j])
					}
				}
				if got, _ := json.Marshal(ann.Map()); string(got) != string(want) {
					t.Fatalf("format %v lines %v update %d: Annotation.Map differs from Output.Map", f, lines, seed)
				}
				// A fresh one, decoded only after the next update.
				if prevAnn, err = d.Annotation(o); err != nil {
					t.Fatal(err)
				}
				prevMap = want
			}
		}
	}
}

// TestAnnotationLazy checks that Section leaves the entries undecoded and
// Expand decodes one, and that an output that is not the emitter's latest
// is refused.
func TestAnnotationLazy(t *testing.T) {
	b := tinyProgram(target.X86_64)
	d, err := New(Options{Arch: target.X86_64, Lines: LinesPlain})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Update(b.p, tinyCode(b)); err != nil {
		t.Fatal(err)
	}
	o, err := d.Output()
	if err != nil {
		t.Fatal(err)
	}
	if o.Map != nil {
		t.Fatal("Output.Map without Options.Annotate")
	}
	ann, err := d.Annotation(o)
	if err != nil {
		t.Fatal(err)
	}
	var entries []*Span
	for _, u := range ann.Section(DebugInfo).Children {
		for _, c := range u.Children {
			if c.Kind == SpanEntry {
				entries = append(entries, c)
			}
		}
	}
	if len(entries) == 0 {
		t.Fatal("no entries in .debug_info")
	}
	for _, e := range entries {
		if len(e.Children) != 0 {
			t.Fatalf("entry %s decoded before Expand", e.Name)
		}
	}
	ann.Expand(DebugInfo, entries[0])
	if len(entries[0].Children) == 0 || entries[0].Children[0].Kind != SpanDIE {
		t.Fatalf("Expand left entry %s without DIEs", entries[0].Name)
	}
	n := len(entries[0].Children)
	ann.Expand(DebugInfo, entries[0])
	if len(entries[0].Children) != n {
		t.Fatal("a second Expand decoded the entry again")
	}
	if ann.Section(DebugInfo) != ann.Section(DebugInfo) {
		t.Fatal("Section returned a new root")
	}
	for _, s := range ann.Section(DebugStr).Children {
		for _, c := range s.Children {
			if c.Kind == SpanEntry {
				t.Fatalf("a string at 0x%x is left undecoded", c.Off)
			}
		}
	}
	short := *o
	short.Sections[DebugInfo] = o.Sections[DebugInfo][:len(o.Sections[DebugInfo])-1]
	if _, err := d.Annotation(&short); err == nil {
		t.Fatal("Annotation accepted an output that is not the emitter's latest")
	}
}
