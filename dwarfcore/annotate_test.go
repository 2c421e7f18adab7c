package dwarfcore

import (
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

func TestMapDescribesEntries(t *testing.T) {
	b := tinyProgram(target.X86_64)
	out, err := Emit(b.p, tinyCode(b), Options{Arch: target.X86_64, Lines: LinesPlain, Annotate: true})
	if err != nil {
		t.Fatal(err)
	}
	info := out.Map.Sections[DebugInfo]
	var dies, padding, relocs int
	var walk func(s *Span)
	walk = func(s *Span) {
		switch s.Kind {
		case SpanDIE:
			dies++
			if s.DIE == nil || s.DIE.Tag == "" || s.DIE.Abbrev == "" {
				t.Errorf("DIE span without DIE info at 0x%x", s.Off)
			}
		case SpanPadding:
			padding++
			if !strings.HasPrefix(s.Owner, "slack of ") {
				t.Errorf("padding at 0x%x owned by %q", s.Off, s.Owner)
			}
		}
		if s.Reloc != none {
			relocs++
			if r := out.Relocs[s.Reloc]; r.Offset < s.Off || r.Offset >= s.Off+s.Len || r.Section != DebugInfo {
				t.Errorf("span at 0x%x names reloc at 0x%x", s.Off, r.Offset)
			}
		}
		for _, c := range s.Children {
			walk(c)
		}
	}
	walk(info)
	// compile_unit, module, namespace_file, decl_var, numeric_type,
	// decl_func_empty, void_type
	if dies != 7 {
		t.Errorf("%d DIEs, want 7", dies)
	}
	if padding != 4 {
		t.Errorf("%d padding spans, want 4", padding)
	}
	n := 0
	for _, r := range out.Relocs {
		if r.Section == DebugInfo {
			n++
		}
	}
	if relocs != n {
		t.Errorf("map shows %d of %d .debug_info relocations", relocs, n)
	}
	if _, err := json.Marshal(out.Map); err != nil {
		t.Fatal(err)
	}
}

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
