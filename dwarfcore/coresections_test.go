package dwarfcore

import (
	"debug/dwarf"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// TestCoreSections reads output emitted with Options.CoreSections the way
// wazero does, with debug/dwarf given the DWARF 4 sections only: every
// entry decodes, the compile unit's code range is DW_AT_low_pc and
// DW_AT_high_pc relocated to the first function's start and the last
// one's end, and the line table names the file without .debug_line_str.
func TestCoreSections(t *testing.T) {
	for _, arch := range []*target.Arch{target.X86_64, target.Wasm32} {
		for _, format := range []Format{DWARF32, DWARF64} {
			opts := Options{Format: format, Arch: arch, Lines: LinesPlain, CompDir: "/src", CoreSections: true, Annotate: true}
			t.Run(optName(opts), func(t *testing.T) {
				b := sampleProgram(arch)
				code := b.code()
				out, err := Emit(b.p, code, opts)
				if err != nil {
					t.Fatal(err)
				}
				if n := len(out.Sections[DebugLineStr]); n != 0 {
					t.Errorf(".debug_line_str has %d bytes, want none", n)
				}
				s := out.Sections
				d, err := dwarf.New(s[DebugAbbrev], nil, nil, s[DebugInfo], s[DebugLine], nil, nil, s[DebugStr])
				if err != nil {
					t.Fatalf("dwarf.New: %v", err)
				}
				r := d.Reader()
				cu, err := r.Next()
				if err != nil || cu == nil || cu.Tag != dwarf.TagCompileUnit {
					t.Fatalf("compile unit: %v %v", cu, err)
				}
				if name, _ := cu.Val(dwarf.AttrName).(string); name != "sample.zig" {
					t.Errorf("DW_AT_name %q, want sample.zig", name)
				}
				if cu.Val(dwarf.AttrLowpc) == nil || cu.Val(dwarf.AttrHighpc) == nil || cu.Val(dwarf.AttrRanges) != nil {
					t.Errorf("compile unit: want low_pc and high_pc, no ranges: %v", cu.Field)
				}
				// The module entry, then the first entry of its own.
				module, err := r.Next()
				if err != nil || module == nil || module.Tag != dwarf.TagModule {
					t.Fatalf("module: %v %v", module, err)
				}
				next, err := r.Next()
				if err != nil || next == nil {
					t.Fatalf("first entry after the module: %v %v", next, err)
				}
				for {
					e, err := r.Next()
					if err != nil {
						t.Fatalf("entry: %v", err)
					}
					if e == nil {
						break
					}
				}
				// The unit's and the module's address relocations:
				// low_pc and high_pc of each.
				var got []Reloc
				for _, rel := range out.Relocs {
					if rel.Section == DebugInfo && rel.Kind == External && rel.Offset < uint64(next.Offset) {
						got = append(got, rel)
					}
				}
				first, last := code[0], code[len(code)-1]
				if len(got) != 4 {
					t.Fatalf("unit and module range relocations %+v, want 4", got)
				}
				for i := 0; i < 4; i += 2 {
					if got[i].Symbol != first.Decl.Symbol() || got[i].Addend != 0 ||
						got[i+1].Symbol != last.Decl.Symbol() || got[i+1].Addend != int64(last.Size) {
						t.Errorf("range relocations %+v, want %s+0 and %s+%d", got[i:i+2], first.Decl.Symbol(), last.Decl.Symbol(), last.Size)
					}
				}
				lr, err := d.LineReader(cu)
				if err != nil || lr == nil {
					t.Fatalf("line reader: %v", err)
				}
				var le dwarf.LineEntry
				rows := 0
				for lr.Next(&le) == nil {
					rows++
					if !le.EndSequence && (le.File == nil || le.File.Name != "/src/sample.zig") {
						t.Errorf("row file %v", le.File)
					}
				}
				if rows == 0 {
					t.Error("no line rows")
				}
				if out.Layout == nil {
					t.Error("no layout for the annotated map")
				}
			})
		}
	}
}
