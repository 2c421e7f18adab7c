package dwarfcore

import (
	"debug/dwarf"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// annotated emits prog with an incremental emitter and returns the
// annotation of its output.
func annotated(t *testing.T, opts Options, prog *lang.Program, code []FuncCode) (*Annotation, *Output) {
	t.Helper()
	d, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Update(prog, code); err != nil {
		t.Fatal(err)
	}
	out, err := d.Output()
	if err != nil {
		t.Fatal(err)
	}
	ann, err := d.Annotation(out)
	if err != nil {
		t.Fatal(err)
	}
	return ann, out
}

// TestDecodedLineTablesMatchGoDwarf replays every line table of every
// source on every target and encoding and holds the rows to those Go's
// debug/dwarf line reader (an independent state machine) produces.
func TestDecodedLineTablesMatchGoDwarf(t *testing.T) {
	for name, src := range sources(t) {
		for _, opts := range allOptions() {
			t.Run(name+"/"+optName(opts), func(t *testing.T) {
				prog, err := lang.Compile(name, []byte(src), opts.Arch)
				if err != nil {
					t.Skipf("front end rejects it: %v", err)
				}
				ann, out := annotated(t, opts, prog, synthCode(prog))
				var got []string
				for _, lt := range ann.LineTables() {
					if lt.Err != nil {
						t.Fatalf("line table at 0x%x: %v", lt.Off, lt.Err)
					}
					for _, r := range lt.Table.Rows {
						got = append(got, fmt.Sprintf("0x%x %d:%d stmt=%t end=%t pe=%t eb=%t", r.Address, r.Line, r.Column, r.IsStmt, r.EndSequence, r.PrologueEnd, r.EpilogueBegin))
					}
				}
				var want []string
				gd := readDWARF(t, out)
				r := gd.Reader()
				for {
					e, err := r.Next()
					if err != nil {
						t.Fatal(err)
					}
					if e == nil {
						break
					}
					if e.Tag != dwarf.TagCompileUnit {
						r.SkipChildren()
						continue
					}
					lr, err := gd.LineReader(e)
					if err != nil || lr == nil {
						t.Fatalf("LineReader: %v", err)
					}
					var le dwarf.LineEntry
					for {
						if err := lr.Next(&le); err == io.EOF {
							break
						} else if err != nil {
							t.Fatal(err)
						}
						want = append(want, fmt.Sprintf("0x%x %d:%d stmt=%t end=%t pe=%t eb=%t", le.Address, le.Line, le.Column, le.IsStmt, le.EndSequence, le.PrologueEnd, le.EpilogueBegin))
					}
					r.SkipChildren()
				}
				if len(want) == 0 {
					t.Fatal("debug/dwarf reads no rows")
				}
				if strings.Join(want, "\n") != strings.Join(got, "\n") {
					t.Errorf("rows differ:\ndebug/dwarf:\n%s\nreplayed:\n%s", strings.Join(want, "\n"), strings.Join(got, "\n"))
				}
			})
		}
	}
}

// TestMapDecodesForViews checks what the views use instead of labels:
// typed fields, named constants, expressions, the line opcodes' effects
// and rows, and the reason an empty section is empty.
func TestMapDecodesForViews(t *testing.T) {
	b := sampleProgram(allOptions()[0].Arch)
	ann, _ := annotated(t, Options{Arch: allOptions()[0].Arch, Lines: LinesPlain}, b.p, b.code())
	m := ann.Map()
	if root := m.Sections[DebugLoclists]; root.Len != 0 || !strings.HasPrefix(root.Value, "empty: ") {
		t.Errorf(".debug_loclists root %d bytes, value %q: want empty with a reason", root.Len, root.Value)
	}
	fields := map[FieldKind]int{}
	consts, exprs, specials, rows := 0, 0, 0, 0
	for id := range NumSections {
		for _, l := range m.Sections[id].Leaves() {
			fields[l.Field]++
			if l.Attr != nil && l.Field == FieldAttrValue {
				if l.Attr.Const != "" {
					consts++
					if !strings.HasPrefix(l.Value, l.Attr.Const) {
						t.Errorf("%s at 0x%x shows %q, not its constant %s", l.Attr.Attr, l.Off, l.Value, l.Attr.Const)
					}
				}
				if l.Attr.Attr == "DW_AT_encoding" && !strings.HasPrefix(l.Attr.Const, "DW_ATE_") {
					t.Errorf("DW_AT_encoding at 0x%x: constant %q", l.Off, l.Attr.Const)
				}
				if len(l.Attr.Expr) > 0 {
					exprs++
					last := l.Attr.Expr[len(l.Attr.Expr)-1]
					if l.Attr.ExprOff+last.Off+last.Len != l.Off+l.Len {
						t.Errorf("expression at 0x%x: operations end at 0x%x, the attribute at 0x%x", l.Off, l.Attr.ExprOff+last.Off+last.Len, l.Off+l.Len)
					}
				}
			}
			if l.Kind == SpanOp && id == DebugLine {
				if l.Line == nil {
					t.Errorf("line opcode %s at 0x%x has no replay info", l.Name, l.Off)
					continue
				}
				rows += len(l.Line.Rows)
				if l.Name == "special opcode" {
					specials++
					for _, w := range []string{"opcode_base", "line_base", "line_range", "min_inst_length"} {
						if !strings.Contains(l.Line.Effect, w) {
							t.Errorf("special opcode at 0x%x: effect %q does not show %s", l.Off, l.Line.Effect, w)
						}
					}
				}
			}
		}
	}
	for _, f := range []FieldKind{FieldAbbrevCode, FieldTag, FieldChildren, FieldAttrSpec, FieldAttrsEnd, FieldAttrValue, "unit_length", "standard_opcode_lengths"} {
		if fields[f] == 0 {
			t.Errorf("no leaf with field %q", f)
		}
	}
	if consts == 0 || exprs == 0 || specials == 0 || rows == 0 {
		t.Errorf("%d named constants, %d expressions, %d special opcodes, %d rows: want some of each", consts, exprs, specials, rows)
	}
}
