package explain

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/annotate"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// TestEveryNameExplained emits the explorer's samples in every format and
// profile and checks that each attribute, form, tag and header field a
// learner meets has an explanation.
func TestEveryNameExplained(t *testing.T) {
	files, _ := filepath.Glob("../../wasm/model/samples/*.zig")
	if len(files) == 0 {
		t.Skip("no samples")
	}
	missing := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		prog, err := lang.Compile(filepath.Base(f), src, target.X86_64)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range []dwarfcore.Options{{Format: dwarfcore.DWARF32}, {Format: dwarfcore.DWARF32, AddrBase: true}, {Format: dwarfcore.DWARF64, Profile: dwarfcore.ProfilePortable, Lines: dwarfcore.LinesIncremental}} {
			o.Annotate = true
			out, err := dwarfcore.Emit(prog, nil, o)
			if err != nil {
				t.Fatal(err)
			}
			ann, err := annotate.New(out, out.Layout)
			if err != nil {
				t.Fatal(err)
			}
			for _, root := range ann.Map().Sections {
				if root == nil {
					continue
				}
				for _, l := range root.Leaves() {
					need := []string{}
					if l.Attr != nil {
						need = append(need, l.Attr.Attr, l.Attr.Form)
					} else if l.Kind == dwarfread.SpanField || l.Kind == dwarfread.SpanOp {
						need = append(need, l.Name)
					}
					for _, n := range need {
						if _, ok := Lookup(n); !ok {
							missing[n] = true
						}
					}
				}
			}
		}
	}
	if len(missing) > 0 {
		var names []string
		for n := range missing {
			names = append(names, n)
		}
		sort.Strings(names)
		t.Errorf("no explanation for:\n%s", strings.Join(names, "\n"))
	}
}

func TestRef(t *testing.T) {
	e, ok := Lookup("DW_AT_name")
	if !ok || e.Ref() != "DWARF 5 §2.15" {
		t.Errorf("%+v %v", e, ok)
	}
	if e, ok := Lookup("offsets[3]"); !ok || e.Section != "7.28" {
		t.Errorf("offsets[3]: %+v", e)
	}
}

// TestDWARFNamesAreKnown checks that every DW_ name the table explains is
// spelled as package dw spells a constant, so a typo cannot leave an
// explanation that no span ever names.
func TestDWARFNamesAreKnown(t *testing.T) {
	known := map[string]bool{}
	tables := []dw.Namer{dw.TagNames, dw.AttrNames, dw.FormNames, dw.OpNames, dw.LineOpNames,
		dw.LineExtOpNames, dw.LineContentNames, dw.EncodingNames, dw.LangNames, dw.UnitTypeNames,
		dw.RLENames, dw.LLENames, dw.AccessNames, dw.ChildrenNames}
	for _, names := range tables {
		for v := uint64(0); v <= 0xffff; v++ {
			if s, ok := names.Lookup(v); ok {
				known[s] = true
			}
		}
	}
	for _, name := range Names() {
		if strings.HasPrefix(name, "DW_") && !strings.Contains(name, " ") && !known[name] {
			t.Errorf("%s is not a DWARF name package dw knows", name)
		}
	}
}
