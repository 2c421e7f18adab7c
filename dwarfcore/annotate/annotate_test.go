package annotate

import (
	"debug/dwarf"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/canon"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/internal/samples"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// allOptions is every target, offset size and line mode, with the
// layout in the Output.
func allOptions() []dwarfcore.Options {
	var out []dwarfcore.Options
	for _, a := range target.All {
		for _, f := range []dwarfcore.Format{dwarfcore.DWARF32, dwarfcore.DWARF64} {
			for _, l := range []dwarfcore.LineMode{dwarfcore.LinesPlain, dwarfcore.LinesIncremental} {
				out = append(out, dwarfcore.Options{Format: f, Arch: a, Lines: l, CompDir: "/src", Annotate: true})
			}
		}
	}
	return out
}

func optName(o dwarfcore.Options) string {
	return fmt.Sprintf("%s/dwarf%d/lines%d", o.Arch.Name, o.Format, o.Lines)
}

// build compiles src with the pipeline (the target's code generator
// gives the functions their code, rows and locations) and returns the
// debug output, which carries its layout.
func build(t testing.TB, name, src string, opts dwarfcore.Options) *dwarfcore.Output {
	t.Helper()
	opts.Annotate = true
	res, err := linkcore.Build(name, []byte(src), linkcore.Options{Debug: opts})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if res.Debug.Layout == nil {
		t.Fatal("Options.Annotate set, no Output.Layout")
	}
	return res.Debug
}

// update compiles src for x86-64 and updates d with it (no code: the
// functions have no line rows) and returns d's Output.
func update(t testing.TB, d *dwarfcore.Dwarf, name string, src []byte) *dwarfcore.Output {
	t.Helper()
	prog, err := lang.Compile(name, src, target.X86_64)
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
	return o
}

// annotation is New(out, out.Layout).
func annotation(t testing.TB, out *dwarfcore.Output) *Annotation {
	t.Helper()
	ann, err := New(out, out.Layout)
	if err != nil {
		t.Fatal(err)
	}
	return ann
}

// readDWARF opens out's sections, unrelocated, with Go's debug/dwarf.
func readDWARF(t testing.TB, out *dwarfcore.Output) *dwarf.Data {
	t.Helper()
	s := out.Sections
	d, err := dwarf.New(s[dwarfcore.DebugAbbrev], s[dwarfcore.DebugAranges], nil, s[dwarfcore.DebugInfo], s[dwarfcore.DebugLine], nil, nil, s[dwarfcore.DebugStr])
	if err != nil {
		t.Fatalf("dwarf.New: %v", err)
	}
	for _, id := range []dwarfcore.SectionID{dwarfcore.DebugLineStr, dwarfcore.DebugRnglists} {
		if err := d.AddSection(id.Name(), s[id]); err != nil {
			t.Fatalf("AddSection(%s): %v", id.Name(), err)
		}
	}
	return d
}

// entries returns every entry debug/dwarf reads from d, null entries
// left out.
func entries(t testing.TB, d *dwarf.Data) []*dwarf.Entry {
	t.Helper()
	es, err := canon.Entries(d)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// checkCoverage asserts the map's leaves tile every section exactly.
func checkCoverage(t testing.TB, out *dwarfcore.Output, m *Map) {
	t.Helper()
	for id := range dwarfcore.NumSections {
		root := m.Sections[id]
		if root.Len != uint64(len(out.Sections[id])) {
			t.Errorf("%s: map covers %d bytes, section has %d", id.Name(), root.Len, len(out.Sections[id]))
		}
		pos := uint64(0)
		for _, l := range root.Leaves() {
			if l.Kind == dwarfread.SpanSection {
				continue
			}
			if l.Off != pos {
				t.Fatalf("%s: leaf %q (%s) at 0x%x, want 0x%x", id.Name(), l.Name, l.Kind, l.Off, pos)
			}
			if l.Len == 0 {
				t.Fatalf("%s: empty leaf %q at 0x%x", id.Name(), l.Name, l.Off)
			}
			if l.Kind == dwarfread.SpanStale && id != dwarfcore.DebugInfo {
				t.Errorf("%s: undecodable bytes at 0x%x: %s", id.Name(), l.Off, l.Name)
			}
			pos += l.Len
		}
		if pos != uint64(len(out.Sections[id])) {
			t.Errorf("%s: leaves end at 0x%x, section is 0x%x bytes", id.Name(), pos, len(out.Sections[id]))
		}
	}
}

// deepMap decodes every section at once, entries included: the other
// path through the decoder than Section and Expand.
func deepMap(out *dwarfcore.Output, lay *dwarfcore.Layout) *Map {
	a := newAnnotator(out, lay)
	m := &Map{}
	for id := range dwarfcore.NumSections {
		m.Sections[id] = a.section(id, true)
	}
	return m
}

func marshal(t testing.TB, m *Map) string {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMapCoversEveryByte maps every sample on every target and encoding:
// the leaves tile every section, and decoding section by section and
// entry by entry gives the same tree as decoding everything at once.
func TestMapCoversEveryByte(t *testing.T) {
	for _, p := range samples.Programs() {
		for _, opts := range allOptions() {
			t.Run(p.Name+"/"+optName(opts), func(t *testing.T) {
				out := build(t, p.Name, string(p.Src), opts)
				m := annotation(t, out).Map()
				checkCoverage(t, out, m)
				if marshal(t, m) != marshal(t, deepMap(out, out.Layout)) {
					t.Error("the on-demand map differs from the whole one")
				}
			})
		}
	}
}

// TestAnnotationMatchesMap checks the on-demand map against the whole
// one across incremental updates (moves, padding, stale bytes): decoded
// section by section and entry by entry, out of order, it must be the
// same tree; and an Annotation taken after the next update still
// describes its own output.
func TestAnnotationMatchesMap(t *testing.T) {
	for _, f := range []dwarfcore.Format{dwarfcore.DWARF32, dwarfcore.DWARF64} {
		for _, lines := range []dwarfcore.LineMode{dwarfcore.LinesPlain, dwarfcore.LinesIncremental} {
			d, err := dwarfcore.New(dwarfcore.Options{Arch: target.X86_64, Format: f, Lines: lines, Annotate: true})
			if err != nil {
				t.Fatal(err)
			}
			var prevAnn *Annotation
			var prevMap string
			for seed := uint64(1); seed <= 6; seed++ {
				o := update(t, d, "x.zig", corpus.Sized(20+int(seed%3)*7, seed%4))
				whole := deepMap(o, o.Layout)
				checkCoverage(t, o, whole)
				want := marshal(t, whole)
				if prevAnn != nil {
					// decoded after the emitter moved on
					if got := marshal(t, prevAnn.Map()); got != prevMap {
						t.Fatalf("format %v lines %v update %d: the previous update's Annotation changed with the emitter", f, lines, seed)
					}
				}
				ann, err := New(o, d.Layout())
				if err != nil {
					t.Fatal(err)
				}
				// Expand entries one by one, out of order, before the rest.
				info := ann.Section(dwarfcore.DebugInfo)
				for i := len(info.Children) - 1; i >= 0; i-- {
					u := info.Children[i]
					for j := len(u.Children) - 1; j >= 0; j -= 2 {
						ann.Expand(dwarfcore.DebugInfo, u.Children[j])
					}
				}
				if got := marshal(t, ann.Map()); got != want {
					t.Fatalf("format %v lines %v update %d: Annotation.Map differs from the whole map", f, lines, seed)
				}
				// A fresh one, decoded only after the next update.
				if prevAnn, err = New(o, d.Layout()); err != nil {
					t.Fatal(err)
				}
				prevMap = want
			}
		}
	}
}

const tinySource = "var x: u32 = 0;\nexport fn f() void {}\n"

// viewsSource has a little of everything the views read: enumerated
// constants, variables with locations, functions with line rows.
const viewsSource = `const E = enum(u8) { x, y, z };
pub var e: E = .y;
pub var n: u64 = 5;
threadlocal var t: u64 = 7;
export fn f(x: u32, y: u32) u32 {
    const z = x + y;
    return z;
}
`

// TestAnnotationLazy checks that Section leaves the entries undecoded and
// Expand decodes one, and that a layout that is not the output's is
// refused.
func TestAnnotationLazy(t *testing.T) {
	d, err := dwarfcore.New(dwarfcore.Options{Arch: target.X86_64, Lines: dwarfcore.LinesPlain})
	if err != nil {
		t.Fatal(err)
	}
	o := update(t, d, "t.zig", []byte(tinySource))
	if o.Layout != nil {
		t.Fatal("Output.Layout without Options.Annotate")
	}
	if _, err := New(o, o.Layout); err == nil {
		t.Fatal("New accepted no layout")
	}
	ann, err := New(o, d.Layout())
	if err != nil {
		t.Fatal(err)
	}
	var entries []*dwarfread.Span
	for _, u := range ann.Section(dwarfcore.DebugInfo).Children {
		for _, c := range u.Children {
			if c.Kind == dwarfread.SpanEntry {
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
	ann.Expand(dwarfcore.DebugInfo, entries[0])
	if len(entries[0].Children) == 0 || entries[0].Children[0].Kind != dwarfread.SpanDIE {
		t.Fatalf("Expand left entry %s without DIEs", entries[0].Name)
	}
	n := len(entries[0].Children)
	ann.Expand(dwarfcore.DebugInfo, entries[0])
	if len(entries[0].Children) != n {
		t.Fatal("a second Expand decoded the entry again")
	}
	if ann.Section(dwarfcore.DebugInfo) != ann.Section(dwarfcore.DebugInfo) {
		t.Fatal("Section returned a new root")
	}
	for _, s := range ann.Section(dwarfcore.DebugStr).Children {
		for _, c := range s.Children {
			if c.Kind == dwarfread.SpanEntry {
				t.Fatalf("a string at 0x%x is left undecoded", c.Off)
			}
		}
	}
	short := *o
	short.Sections[dwarfcore.DebugInfo] = o.Sections[dwarfcore.DebugInfo][:len(o.Sections[dwarfcore.DebugInfo])-1]
	if _, err := New(&short, d.Layout()); err == nil {
		t.Fatal("New accepted a layout that is not the output's")
	}
}

// TestMapDescribesEntries checks .debug_info's map against Go's
// debug/dwarf: one DIE span per entry it reads (padding DIEs apart),
// padding owned by the entry before it, every relocation shown.
func TestMapDescribesEntries(t *testing.T) {
	out := build(t, "t.zig", tinySource, dwarfcore.Options{Arch: target.X86_64, Lines: dwarfcore.LinesPlain})
	info := annotation(t, out).Map().Sections[dwarfcore.DebugInfo]
	var dies, padding, relocs int
	var walk func(s *dwarfread.Span)
	walk = func(s *dwarfread.Span) {
		switch s.Kind {
		case dwarfread.SpanDIE:
			dies++
			if s.DIE == nil || s.DIE.Tag == "" || s.DIE.Abbrev == "" {
				t.Errorf("DIE span without DIE info at 0x%x", s.Off)
			}
		case dwarfread.SpanPadding:
			padding++
			if !strings.HasPrefix(s.Owner, "slack of ") {
				t.Errorf("padding at 0x%x owned by %q", s.Off, s.Owner)
			}
		}
		if s.Reloc != none {
			relocs++
			if r := out.Relocs[s.Reloc]; r.Offset < s.Off || r.Offset >= s.Off+s.Len || r.Section != dwarfcore.DebugInfo {
				t.Errorf("span at 0x%x names reloc at 0x%x", s.Off, r.Offset)
			}
		}
		for _, c := range s.Children {
			walk(c)
		}
	}
	walk(info)
	want := 0
	for _, e := range entries(t, readDWARF(t, out)) {
		if dw.Tag(e.Tag) != dw.TagZIGPadding {
			want++
		}
	}
	if dies != want || dies == 0 {
		t.Errorf("%d DIEs, debug/dwarf reads %d", dies, want)
	}
	if padding == 0 {
		t.Error("no padding spans")
	}
	n := 0
	for _, r := range out.Relocs {
		if r.Section == dwarfcore.DebugInfo {
			n++
		}
	}
	if relocs != n || n == 0 {
		t.Errorf("map shows %d of %d .debug_info relocations", relocs, n)
	}
}

// TestDecodedLineTablesMatchGoDwarf replays every line table of every
// sample on every target and encoding and holds the rows to those Go's
// debug/dwarf line reader (an independent state machine) produces.
func TestDecodedLineTablesMatchGoDwarf(t *testing.T) {
	for _, p := range samples.Programs() {
		for _, opts := range allOptions() {
			t.Run(p.Name+"/"+optName(opts), func(t *testing.T) {
				out := build(t, p.Name, string(p.Src), opts)
				var got []string
				for _, lt := range annotation(t, out).LineTables() {
					if lt.Err != nil {
						t.Fatalf("line table at 0x%x: %v", lt.Off, lt.Err)
					}
					for _, r := range lt.Table.Rows {
						got = append(got, fmt.Sprintf("0x%x %d:%d stmt=%t end=%t pe=%t eb=%t", r.Address, r.Line, r.Column, r.IsStmt, r.EndSequence, r.PrologueEnd, r.EpilogueBegin))
					}
				}
				var want []string
				gd := readDWARF(t, out)
				for _, e := range entries(t, gd) {
					if e.Tag != dwarf.TagCompileUnit {
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
	out := build(t, "views.zig", viewsSource, dwarfcore.Options{Arch: target.X86_64, Lines: dwarfcore.LinesPlain})
	m := annotation(t, out).Map()
	if root := m.Sections[dwarfcore.DebugLoclists]; root.Len != 0 || !strings.HasPrefix(root.Value, "empty: ") {
		t.Errorf(".debug_loclists root %d bytes, value %q: want empty with a reason", root.Len, root.Value)
	}
	fields := map[dwarfread.FieldKind]int{}
	consts, exprs, specials, rows := 0, 0, 0, 0
	for id := range dwarfcore.NumSections {
		for _, l := range m.Sections[id].Leaves() {
			fields[l.Field]++
			if l.Attr != nil && l.Field == dwarfread.FieldAttrValue {
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
			if l.Kind == dwarfread.SpanOp && id == dwarfcore.DebugLine {
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
	for _, f := range []dwarfread.FieldKind{dwarfread.FieldAbbrevCode, dwarfread.FieldTag, dwarfread.FieldChildren, dwarfread.FieldAttrSpec, dwarfread.FieldAttrsEnd, dwarfread.FieldAttrValue, "unit_length", "standard_opcode_lengths"} {
		if fields[f] == 0 {
			t.Errorf("no leaf with field %q", f)
		}
	}
	if consts == 0 || exprs == 0 || specials == 0 || rows == 0 {
		t.Errorf("%d named constants, %d expressions, %d special opcodes, %d rows: want some of each", consts, exprs, specials, rows)
	}
}

// attrLeaves returns the raw values of attribute attr in .debug_info's
// map, in section order.
func attrLeaves(m *Map, attr string) []uint64 {
	var out []uint64
	for _, l := range m.Sections[dwarfcore.DebugInfo].Leaves() {
		if l.Attr != nil && l.Field == dwarfread.FieldAttrValue && l.Attr.Attr == attr {
			out = append(out, l.Attr.Raw)
		}
	}
	return out
}

// TestRelocated decodes an output's sections after its External
// relocations are applied: the layout's knowledge stays, the addresses
// become the relocated ones; sections of another size are refused.
func TestRelocated(t *testing.T) {
	out := build(t, "t.zig", tinySource, dwarfcore.Options{Arch: target.X86_64, Lines: dwarfcore.LinesPlain})
	ann := annotation(t, out)
	rel := *out
	const base = 0x400000
	rel.Relocate(func(r dwarfcore.Reloc) uint64 { return base + uint64(r.Addend) })
	rann, err := ann.Relocated(rel.Sections)
	if err != nil {
		t.Fatal(err)
	}
	before, after := attrLeaves(ann.Map(), "DW_AT_low_pc"), attrLeaves(rann.Map(), "DW_AT_low_pc")
	if len(before) == 0 || len(before) != len(after) {
		t.Fatalf("low_pc values: %d before, %d after", len(before), len(after))
	}
	for i := range before {
		if after[i] != before[i]+base {
			t.Errorf("low_pc %d: 0x%x relocated to 0x%x, want 0x%x", i, before[i], after[i], before[i]+base)
		}
	}
	if marshal(t, ann.Map()) == marshal(t, rann.Map()) {
		t.Error("the relocated map is the unrelocated one")
	}
	short := rel.Sections
	short[dwarfcore.DebugLine] = short[dwarfcore.DebugLine][:1]
	if _, err := ann.Relocated(short); err == nil {
		t.Error("Relocated accepted a section of another size")
	}
}
