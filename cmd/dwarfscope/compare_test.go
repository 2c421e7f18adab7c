package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/compare"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
)

// TestCompareCommand builds one struct as DWARF32 and DWARF64 objects and
// compiles it with gcc -g, then compares: a file against itself exits 0
// and says equal, DWARF32 against DWARF64 exits 1 with only ~ lines (the
// strp offsets 4 bytes against 8), ours against gcc's exits 1 with the
// members matched through Zig's module; -json parses into the documented
// schema; files that are missing or not ELF exit 2.
func TestCompareCommand(t *testing.T) {
	dir := t.TempDir()
	zig := filepath.Join(dir, "s.zig")
	if err := os.WriteFile(zig, []byte("const S = extern struct { a: u8, b: u32 };\nexport var s: S = .{ .a = 1, .b = 2 };\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gcc := tooltest.GCCObject(t, dir, "s", "struct S { unsigned char a; unsigned int b; };\nstruct S s = { 1, 2 };\n", "-g")
	c := filepath.Join(dir, "s.c")
	o32, o64 := filepath.Join(dir, "s32.o"), filepath.Join(dir, "s64.o")
	var so, se bytes.Buffer
	for _, b := range [][]string{{"build", "-o", o32, zig}, {"build", "-format", "64", "-o", o64, zig}} {
		if code := run(b, &so, &se); code != 0 {
			t.Fatalf("%v: exit %d: %s", b, code, se.String())
		}
	}
	for _, c := range []struct {
		args       []string
		code       int
		want, nots []string
	}{
		{[]string{o32, o32}, 0, []string{"equal: 1 units", "  unit 0 \"s.zig\""}, []string{"\n~ ", "\n! "}},
		{[]string{o32, o64}, 1, []string{"~   header format: DWARF32 | DWARF64",
			`~           DW_AT_name: "a" (DW_FORM_strp @0x47+4) | "a" (DW_FORM_strp @0x7c+8)`, "encoding: 1 units"}, []string{"\n! ", "\n- ", "\n+ "}},
		{[]string{o32, gcc}, 1, []string{
			`-     DW_TAG_module "root"`,
			`~           DW_AT_data_member_location: 4 (DW_FORM_udata @`,
			`~           DW_AT_type: 0x0000006a → DW_TAG_base_type "u32" (DW_FORM_ref_addr @0x56+4) | 0x00000043 → DW_TAG_base_type "unsigned int" (DW_FORM_ref4 @`,
			`!     DW_AT_language: DW_LANG_Zig`}, nil},
		{[]string{o32, c}, 2, nil, nil},
		{[]string{o32, filepath.Join(dir, "missing.o")}, 2, nil, nil},
		{[]string{o32}, 2, nil, nil},
	} {
		so.Reset()
		se.Reset()
		code := run(append([]string{"compare"}, c.args...), &so, &se)
		if code != c.code {
			t.Errorf("compare %v: exit %d, want %d\n%s%s", c.args, code, c.code, so.String(), se.String())
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(so.String(), w) {
				t.Errorf("compare %v: output lacks %q:\n%s", c.args, w, so.String())
			}
		}
		for _, n := range c.nots {
			if strings.Contains(so.String(), n) {
				t.Errorf("compare %v: output has %q:\n%s", c.args, n, so.String())
			}
		}
		if c.code == 2 && se.Len() == 0 {
			t.Errorf("compare %v: exit 2 without a message", c.args)
		}
	}
	// -json: the schema of docs/compare-json.md.
	so.Reset()
	se.Reset()
	if code := run([]string{"compare", "-json", o32, gcc}, &so, &se); code != 1 {
		t.Fatalf("compare -json: exit %d: %s", code, se.String())
	}
	var rep struct {
		LeftFile, RightFile string
		compare.Result
	}
	if err := json.Unmarshal(so.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.LeftFile != o32 || rep.RightFile != gcc || rep.Status != compare.StatusChanged || len(rep.Units) != 1 {
		t.Fatalf("json: %s %s %s, %d units", rep.LeftFile, rep.RightFile, rep.Status, len(rep.Units))
	}
	found := false
	for _, e := range rep.Units[0].Entries {
		if e.Left != nil && e.Right != nil && e.Left.Tag == "DW_TAG_member" && e.Left.Name == "b" {
			found = true
			if e.Right.Range.Section != ".debug_info" || e.Right.Range.Len == 0 || len(e.Attrs) == 0 {
				t.Errorf("member b: %+v", e)
			}
		}
	}
	if !found {
		t.Error("json: member b is not matched")
	}
	for _, k := range []string{`"leftFile"`, `"status": "changed"`, `"entries"`, `"attrs"`, `"range"`, `"section": ".debug_info"`, `"only-left"`} {
		if !bytes.Contains(so.Bytes(), []byte(k)) {
			t.Errorf("json lacks %s", k)
		}
	}
}
