package dwarfcore

import (
	"bytes"
	"debug/dwarf"
	"fmt"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// readDWARF opens out with Go's debug/dwarf, without ELF.
func readDWARF(t testing.TB, out *Output) *dwarf.Data {
	t.Helper()
	s := out.Sections
	d, err := dwarf.New(s[DebugAbbrev], s[DebugAranges], nil, s[DebugInfo], s[DebugLine], nil, nil, s[DebugStr])
	if err != nil {
		t.Fatalf("dwarf.New: %v", err)
	}
	for _, id := range []SectionID{DebugLineStr, DebugRnglists, DebugLoclists} {
		if err := d.AddSection(id.Name(), s[id]); err != nil {
			t.Fatalf("AddSection(%s): %v", id.Name(), err)
		}
	}
	return d
}

// checkReadable reads every entry, resolves every DW_AT_type and decodes
// every line table; it returns the entries by name.
func checkReadable(t testing.TB, out *Output) map[string]*dwarf.Entry {
	t.Helper()
	d := readDWARF(t, out)
	r := d.Reader()
	byName := map[string]*dwarf.Entry{}
	limit := len(out.Sections[DebugInfo]) + 1
	var cus []*dwarf.Entry
	for i := 0; i < limit; i++ {
		e, err := r.Next()
		if err != nil {
			t.Fatalf("reading entry: %v", err)
		}
		if e == nil {
			continue
		}
		if e.Tag == dwarf.TagCompileUnit {
			cus = append(cus, e)
		}
		if n, ok := e.Val(dwarf.AttrName).(string); ok {
			byName[n] = e
		}
		if off, ok := e.Val(dwarf.AttrType).(dwarf.Offset); ok {
			if _, err := d.Type(off); err != nil {
				t.Errorf("entry %s at 0x%x: type at 0x%x: %v", e.Tag, e.Offset, off, err)
			}
		}
	}
	if len(cus) == 0 {
		t.Fatal("no compile unit")
	}
	for _, cu := range cus {
		lr, err := d.LineReader(cu)
		if err != nil {
			t.Fatalf("LineReader: %v", err)
		}
		if lr == nil {
			t.Fatal("no line table")
		}
		var le dwarf.LineEntry
		for {
			if err := lr.Next(&le); err != nil {
				if err.Error() == "EOF" {
					break
				}
				t.Fatalf("line table: %v", err)
			}
		}
		if _, err := d.Ranges(cu); err != nil {
			t.Errorf("ranges: %v", err)
		}
	}
	return byName
}

// checkCoverage asserts the map's leaves tile every section exactly.
func checkCoverage(t testing.TB, out *Output) {
	t.Helper()
	for id := range NumSections {
		root := out.Map.Sections[id]
		if root.Len != uint64(len(out.Sections[id])) {
			t.Errorf("%s: map covers %d bytes, section has %d", id.Name(), root.Len, len(out.Sections[id]))
		}
		pos := uint64(0)
		for _, l := range root.Leaves() {
			if l.Kind == SpanSection {
				continue
			}
			if l.Off != pos {
				t.Fatalf("%s: leaf %q (%s) at 0x%x, want 0x%x", id.Name(), l.Name, l.Kind, l.Off, pos)
			}
			if l.Len == 0 {
				t.Fatalf("%s: empty leaf %q at 0x%x", id.Name(), l.Name, l.Off)
			}
			if l.Kind == SpanStale && id != DebugInfo {
				t.Errorf("%s: undecodable bytes at 0x%x: %s", id.Name(), l.Off, l.Name)
			}
			pos += l.Len
		}
		if pos != uint64(len(out.Sections[id])) {
			t.Errorf("%s: leaves end at 0x%x, section is 0x%x bytes", id.Name(), pos, len(out.Sections[id]))
		}
	}
}

func allOptions() []Options {
	var out []Options
	for _, a := range target.All {
		for _, f := range []Format{DWARF32, DWARF64} {
			for _, l := range []LineMode{LinesPlain, LinesIncremental} {
				out = append(out, Options{Format: f, Arch: a, Lines: l, CompDir: "/src", Annotate: true})
			}
		}
	}
	return out
}

func optName(o Options) string {
	return fmt.Sprintf("%s/dwarf%d/lines%d", o.Arch.Name, o.Format, o.Lines)
}

func TestSampleReadable(t *testing.T) {
	for _, opts := range allOptions() {
		t.Run(optName(opts), func(t *testing.T) {
			b := sampleProgram(opts.Arch)
			out, err := Emit(b.p, b.code(), opts)
			if err != nil {
				t.Fatal(err)
			}
			byName := checkReadable(t, out)
			for _, n := range []string{"counter", "limit", "tls", "add", "main", "Point", "Color", "Value", "u32", "anyerror", "?u32"} {
				if byName[n] == nil {
					t.Errorf("no entry named %q", n)
				}
			}
			checkCoverage(t, out)
			if opts.Lines == LinesPlain {
				checkLines(t, out, b)
			}
			if !bytes.Equal(out.Sections[DebugAbbrev], encodeAbbrevTable(&Options{})) {
				t.Error("abbrev section differs from the table")
			}
		})
	}
}

func checkLines(t *testing.T, out *Output, b *progBuilder) {
	d := readDWARF(t, out)
	r := d.Reader()
	cu, _ := r.Next()
	lr, err := d.LineReader(cu)
	if err != nil {
		t.Fatal(err)
	}
	var rows []dwarf.LineEntry
	var le dwarf.LineEntry
	for lr.Next(&le) == nil {
		rows = append(rows, le)
	}
	code := b.code()
	want := 0
	for _, c := range code {
		want += len(c.Rows) + 2 // lbrace row + rows + end_sequence
	}
	want++ // the trailer's end_sequence
	if len(rows) != want {
		t.Errorf("got %d line rows, want %d", len(rows), want)
	}
	for _, row := range rows {
		// The entry's directory index names directory 0, the comp dir.
		if !row.EndSequence && row.File != nil && row.File.Name != "/src/sample.zig" {
			t.Errorf("row file %q", row.File.Name)
		}
	}
}
