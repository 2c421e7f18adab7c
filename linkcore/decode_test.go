package linkcore

import (
	"debug/elf"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/annotate"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/dwarfdump"
	"github.com/dwarfscope/dwarfscope/internal/samples"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
)

// The annotated map decodes every attribute value and replays the line
// program the way llvm-dwarfdump-22 (Debian llvm-22) does; these tests
// hold it to that for every sample, as an executable and as the page's
// incremental object.

// dumpDIE is one DIE as llvm-dwarfdump --debug-info --show-form prints it.
type dumpDIE = dwarfdump.DIE

func llvmDwarfdump(t *testing.T, args ...string) string {
	t.Helper()
	return dwarfdump.MustRun(t, args...)
}

// llvmName names the Zig extensions llvm-dwarfdump does not know
// ("DW_AT_unknown_2ccd") as dwarfread does.
func llvmName(kind string, v uint64) string {
	if kind == "DW_AT" {
		return dwarfread.AttrName(v)
	}
	return dwarfread.TagName(v)
}

func parseDumpDIEs(out string) []dumpDIE { return dwarfdump.DIEs(out, llvmName) }

// mapDIEs lists the DIEs of an annotated .debug_info map the same way:
// the emitter's DIEs and its DW_TAG_ZIG_padding filler.
func mapDIEs(root *dwarfread.Span) []dumpDIE {
	var dies []dumpDIE
	attr := func(d *dumpDIE, a *dwarfread.AttrInfo) {
		d.Attrs = append(d.Attrs, dwarfdump.Attr(a.Attr, a.Form, a.Text))
	}
	var walk func(s *dwarfread.Span)
	walk = func(s *dwarfread.Span) {
		switch {
		case s.Kind == dwarfread.SpanDIE:
			d := dumpDIE{Off: s.DIE.Offset, Tag: s.DIE.Tag}
			for _, c := range s.Children {
				if c.Attr != nil && c.Field == dwarfread.FieldAttrValue {
					attr(&d, c.Attr)
				}
			}
			for i := range s.DIE.Implicit {
				attr(&d, &s.DIE.Implicit[i])
			}
			dies = append(dies, d)
			return
		case s.Kind == dwarfread.SpanPadding:
			for _, c := range s.Children {
				if c.Field == dwarfread.FieldAbbrevCode {
					dies = append(dies, dumpDIE{Off: c.Off, Tag: "DW_TAG_ZIG_padding"})
				} else if c.Attr != nil && len(dies) > 0 {
					attr(&dies[len(dies)-1], c.Attr)
				}
			}
			return
		}
		for _, c := range s.Children {
			walk(c)
		}
	}
	walk(root)
	return dies
}

func compareDIEs(t *testing.T, want, got []dumpDIE) {
	t.Helper()
	for _, d := range dwarfdump.DiffDIEs(want, got, 10) {
		t.Error(d)
	}
}

func parseDumpRows(out string) []string { return dwarfdump.Rows(out) }

// rowLine prints a row as llvm-dwarfdump --debug-line does.
func rowLine(r dwarfread.LineRow) string {
	return dwarfdump.Row(r.Address, r.Line, r.Column, r.File, r.ISA, r.Discriminator, r.OpIndex, r.Flags())
}

// tableRows lists the rows of line tables as llvm-dwarfdump
// --debug-line prints them.
func tableRows(tables ...*dwarfread.LineTable) []string {
	var rows []string
	for _, lt := range tables {
		for _, r := range lt.Rows {
			rows = append(rows, rowLine(r))
		}
	}
	return rows
}

// readDWARF reads an ELF image's debug information with dwarfread.
func readDWARF(t *testing.T, image []byte) *dwarfread.Data {
	t.Helper()
	d, err := dwarfread.Read(image)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// mapRows lists the rows the map's line opcodes appended, in order.
func mapRows(root *dwarfread.Span) []string {
	var rows []string
	for _, l := range root.Leaves() {
		if l.Kind == dwarfread.SpanOp && l.Line != nil {
			for _, r := range l.Line.Rows {
				rows = append(rows, rowLine(r))
			}
		}
	}
	return rows
}

func compareLines(t *testing.T, what string, want, got []string) {
	t.Helper()
	if strings.Join(want, "\n") != strings.Join(got, "\n") {
		t.Errorf("%s: line rows differ:\nllvm-dwarfdump-22 --debug-line:\n%s\nours:\n%s", what, strings.Join(want, "\n"), strings.Join(got, "\n"))
	}
}

// debugSections reads an ELF file's debug sections as they are in the
// file (relocations not applied).
func debugSections(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][]byte{}
	for _, s := range f.Sections {
		if strings.HasPrefix(s.Name, ".debug_") {
			b, err := s.Data()
			if err != nil {
				t.Fatal(err)
			}
			out[s.Name] = b
		}
	}
	return out
}

// checkDecoded compares the annotation of a file's debug sections with
// llvm-dwarfdump-22's decoding of the file (image, written at path): every
// DIE and attribute value, and the line rows (those the map's opcodes
// appended and those of Annotation.LineTables).
//
// raw, when not nil, is the map of the same output without relocations
// applied: llvm-dwarfdump reads location expressions from the section's
// bytes without applying relocations to them (its DWARFExpression works
// on the raw block), so in an object their DW_OP_addr operands are held
// to raw's decoding, everything else to ann's.
func checkDecoded(t *testing.T, ann, raw *annotate.Annotation, path string, image []byte) {
	t.Helper()
	m := ann.Map()
	dies := parseDumpDIEs(llvmDwarfdump(t, "--debug-info", "--show-form", path))
	got := mapDIEs(m.Sections[dwarfcore.DebugInfo])
	if raw != nil {
		exprs := map[string]string{}
		for _, d := range mapDIEs(raw.Map().Sections[dwarfcore.DebugInfo]) {
			for _, a := range d.Attrs {
				if strings.Contains(a, " DW_FORM_exprloc ") {
					exprs[fmt.Sprintf("%x %s", d.Off, strings.SplitN(a, " ", 2)[0])] = a
				}
			}
		}
		for i := range got {
			for j, a := range got[i].Attrs {
				if e, ok := exprs[fmt.Sprintf("%x %s", got[i].Off, strings.SplitN(a, " ", 2)[0])]; ok {
					got[i].Attrs[j] = e
				}
			}
		}
	}
	compareDIEs(t, dies, got)
	want := parseDumpRows(llvmDwarfdump(t, "--debug-line", path))
	nattr := 0
	for _, d := range dies {
		nattr += len(d.Attrs)
	}
	if len(dies) == 0 || nattr == 0 || len(want) == 0 {
		t.Fatalf("llvm-dwarfdump-22 shows %d DIEs, %d attributes, %d rows: nothing to compare", len(dies), nattr, len(want))
	}
	t.Logf("%s: %d DIEs, %d attribute values, %d line rows equal llvm-dwarfdump-22's", filepath.Base(path), len(dies), nattr, len(want))
	compareLines(t, "map", want, mapRows(m.Sections[dwarfcore.DebugLine]))
	var rows []string
	for _, lt := range ann.LineTables() {
		if lt.Err != nil {
			t.Errorf("line table at 0x%x: %v", lt.Off, lt.Err)
			continue
		}
		rows = append(rows, tableRows(lt.Table)...)
		for i, r := range lt.Table.Rows {
			if op := lt.Table.Ops[r.Op]; len(op.Rows) == 0 || !containsInt(op.Rows, i) {
				t.Errorf("row %d links to opcode %d (%s at 0x%x), which does not list it", i, r.Op, op.Name, op.Off)
			}
		}
	}
	compareLines(t, "LineTables", want, rows)

	// the general reader reads the same file, and its verifier and
	// llvm-dwarfdump-22 --verify find it clean
	d := readDWARF(t, image)
	for _, f := range d.Verify() {
		t.Errorf("dwarfread.Verify: %s", f)
	}
	ndie := 0
	for _, u := range d.Units {
		for _, die := range u.DIEs {
			if die.Code != 0 {
				ndie++
			}
		}
	}
	if ndie != len(dies) {
		t.Errorf("dwarfread reads %d DIEs, llvm-dwarfdump-22 shows %d", ndie, len(dies))
	}
	if out, err := dwarfdump.Run("--verify", path); err != nil {
		t.Errorf("llvm-dwarfdump-22 --verify: %v\n%s", err, out)
	}
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// fileSections returns the bytes of our debug sections as the file at
// path holds them, in dwarfcore's order.
func fileSections(t *testing.T, path string) [dwarfcore.NumSections][]byte {
	secs := debugSections(t, path)
	var out [dwarfcore.NumSections][]byte
	for id := range dwarfcore.NumSections {
		out[id] = secs[id.Name()]
	}
	return out
}

// decodeOptions are the encodings the tests decode: both line-program
// modes, both profiles, DWARF32 and DWARF64.
func decodeOptions() map[string]dwarfcore.Options {
	out := map[string]dwarfcore.Options{}
	for _, lines := range []dwarfcore.LineMode{dwarfcore.LinesPlain, dwarfcore.LinesIncremental} {
		for _, prof := range []dwarfcore.Profile{dwarfcore.ProfileZig, dwarfcore.ProfilePortable} {
			for _, f := range []dwarfcore.Format{dwarfcore.DWARF32, dwarfcore.DWARF64} {
				name := fmt.Sprintf("lines%d-profile%d-dwarf%d", lines, prof, f)
				out[name] = dwarfcore.Options{Lines: lines, Profile: prof, Format: f}
			}
		}
	}
	return out
}

func TestDecodedValuesMatchDwarfdumpExecutable(t *testing.T) {
	for _, p := range samples.Programs() {
		for name, dopts := range decodeOptions() {
			t.Run(p.Name+"/"+name, func(t *testing.T) {
				testDecodedExecutable(t, p, dopts)
			})
		}
	}
}

func testDecodedExecutable(t *testing.T, p samples.Program, dopts dwarfcore.Options) {
	res, err := Build(p.Name, p.Src, Options{Kind: KindExecutable, Debug: dopts})
	if err != nil {
		t.Fatal(err)
	}
	path := tooltest.WriteFile(t, t.TempDir(), strings.TrimSuffix(p.Name, ".zig"), res.ELF)
	// the emitter Build ran, again, to annotate its output
	d, err := dwarfcore.New(res.Debug.Options)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Update(res.Program, res.Code.Debug); err != nil {
		t.Fatal(err)
	}
	o, err := d.Output()
	if err != nil {
		t.Fatal(err)
	}
	ann, err := annotate.New(o, d.Layout())
	if err != nil {
		t.Fatal(err)
	}
	// the linker applied the relocations in the file
	if ann, err = ann.Relocated(fileSections(t, path)); err != nil {
		t.Fatal(err)
	}
	checkDecoded(t, ann, nil, path, res.ELF)
}

func TestDecodedValuesMatchDwarfdumpIncrementalObject(t *testing.T) {
	for _, p := range samples.Programs() {
		for name, dopts := range decodeOptions() {
			t.Run(p.Name+"/"+name, func(t *testing.T) {
				in, err := NewIncremental(Options{Kind: KindObject, Debug: dopts})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := in.Update(p.Name, p.Src); err != nil {
					t.Fatal(err)
				}
				path := tooltest.WriteFile(t, t.TempDir(), strings.TrimSuffix(p.Name, ".zig")+".o", in.Image())
				ann, err := annotate.New(in.Last().Debug, in.Dwarf().Layout())
				if err != nil {
					t.Fatal(err)
				}
				// the page's map of the object, with its relocations
				// applied by the reader as llvm-dwarfdump applies them
				f, err := dwarfread.Open(in.Image())
				if err != nil {
					t.Fatal(err)
				}
				var secs [dwarfcore.NumSections][]byte
				for id := range dwarfcore.NumSections {
					i := f.SectionByName(id.Name())
					if i < 0 {
						continue
					}
					b, err := f.Contents(i)
					if err != nil {
						t.Fatal(err)
					}
					b, errs := f.ApplyRelocations(i, b)
					if len(errs) > 0 {
						t.Fatalf("%s: %v", id.Name(), errs)
					}
					secs[id] = b
				}
				rel, err := ann.Relocated(secs)
				if err != nil {
					t.Fatal(err)
				}
				checkDecoded(t, rel, ann, path, in.Image())
			})
		}
	}
}

// TestReaderOnEveryTarget reads our objects for every target — ELF32
// (x86), big-endian (s390x), aarch64, riscv64 — with dwarfread,
// relocations applied as llvm-dwarfdump applies them, and holds every
// DIE, attribute value and line row to llvm-dwarfdump-22's.
func TestReaderOnEveryTarget(t *testing.T) {
	for _, arch := range target.All {
		for _, p := range samples.Programs() {
			t.Run(arch.Name+"/"+p.Name, func(t *testing.T) {
				res, err := Build(p.Name, p.Src, Options{Kind: KindObject, Debug: dwarfcore.Options{Arch: arch}})
				if err != nil {
					t.Fatal(err)
				}
				path := tooltest.WriteFile(t, t.TempDir(), strings.TrimSuffix(p.Name, ".zig")+".o", res.ELF)
				d := readDWARF(t, res.ELF)
				var got []dumpDIE
				raw := d.Section(".debug_info").Raw
				for _, u := range d.Units {
					if u.Err != nil {
						t.Errorf("unit 0x%x: %v", u.Off, u.Err)
					}
					c := d.Context(u)
					for _, die := range u.DIEs {
						if die.Code == 0 {
							continue
						}
						dd := dumpDIE{Off: die.Off, Tag: die.Tag.String()}
						for _, a := range die.Attrs {
							v := a.Value
							if v.Block != nil {
								// llvm-dwarfdump does not relocate
								// expressions (see checkDecoded)
								end := a.Off + a.Len
								v.Block = raw[end-uint64(len(v.Block)) : end]
							}
							dd.Attrs = append(dd.Attrs, dwarfdump.Attr(a.Attr.String(), a.Form.String(), dwarfread.AttrText(a.Attr, v, c)))
						}
						got = append(got, dd)
					}
				}
				compareDIEs(t, parseDumpDIEs(llvmDwarfdump(t, "--debug-info", "--show-form", path)), got)
				tables, err := d.LineTables()
				if err != nil {
					t.Fatal(err)
				}
				compareLines(t, "dwarfread", parseDumpRows(llvmDwarfdump(t, "--debug-line", path)), tableRows(tables...))
				for _, f := range d.Verify() {
					t.Errorf("dwarfread.Verify: %s", f)
				}
			})
		}
	}
}
