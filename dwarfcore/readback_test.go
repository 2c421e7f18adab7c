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

// checkCoverage asserts that out.Layout accounts for every byte of
// every section exactly once: units and the slack between them tile the
// section, and a unit's header, entries with their padding, and trailer
// tile the unit. (Package annotate's tests hold the byte map built from
// this layout to the same bytes.)
func checkCoverage(t testing.TB, out *Output) {
	t.Helper()
	if out.Layout == nil || len(out.Layout.Sections) != int(NumSections) {
		t.Fatal("no layout in the output (Options.Annotate)")
	}
	for id := range NumSections {
		sl := out.Layout.Sections[id]
		size := uint64(len(out.Sections[id]))
		if sl.ID != id || sl.Size != size {
			t.Fatalf("%s: layout of %s, %d bytes; section has %d", id.Name(), sl.ID.Name(), sl.Size, size)
		}
		pos := uint64(0)
		for _, u := range sl.Units {
			if u.Off < pos || u.Len > u.Slot || u.HeaderLen+u.TrailerLen > u.Len && u.Len > 0 {
				t.Fatalf("%s: unit %d at 0x%x (len %d, slot %d, header %d, trailer %d) after 0x%x", id.Name(), u.Index, u.Off, u.Len, u.Slot, u.HeaderLen, u.TrailerLen, pos)
			}
			at := u.Off + u.HeaderLen
			for _, e := range u.Entries {
				if e.Off < at || e.Len == 0 || e.Slot != e.Len+e.Padding {
					t.Fatalf("%s: entry %d (%s) at 0x%x, len %d, slot %d, padding %d; expected at or after 0x%x", id.Name(), e.Index, e.Name, e.Off, e.Len, e.Slot, e.Padding, at)
				}
				at = e.Off + e.Slot
			}
			if len(u.Entries) > 0 && at != u.Off+u.Len-u.TrailerLen {
				t.Errorf("%s: unit %d: entries end at 0x%x, its trailer starts at 0x%x", id.Name(), u.Index, at, u.Off+u.Len-u.TrailerLen)
			}
			pos = u.Off + u.Slot
		}
		if pos > size {
			t.Errorf("%s: units end at 0x%x, section is 0x%x bytes", id.Name(), pos, size)
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
