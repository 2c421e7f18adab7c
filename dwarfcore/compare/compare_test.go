package compare

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// build builds src with the given build options (buildopts names) and
// reads it back.
func build(t *testing.T, src string, opts map[string]string) *dwarfread.Data {
	t.Helper()
	return read(t, buildBytes(t, src, opts))
}

// buildBytes builds src with the given build options.
func buildBytes(t testing.TB, src string, opts map[string]string) []byte {
	t.Helper()
	o, err := buildopts.Parse(opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := linkcore.Build("main.zig", []byte(src), o)
	if err != nil {
		t.Fatal(err)
	}
	return res.ELF
}

func read(t testing.TB, b []byte) *dwarfread.Data {
	t.Helper()
	d, err := dwarfread.Read(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// gccObject compiles C source with Debian's gcc -g -c and reads it.
func gccObject(t *testing.T, src string) *dwarfread.Data {
	t.Helper()
	return read(t, gccBytes(t, src))
}

// gccBytes compiles C source with Debian's gcc -g -c, as /src/s.c
// wherever the test put it (so two objects name the same file).
func gccBytes(t testing.TB, src string, flags ...string) []byte {
	t.Helper()
	dir := t.TempDir()
	o := tooltest.GCCObject(t, dir, "s", src, append([]string{"-g", "-fdebug-prefix-map=" + dir + "=/src"}, flags...)...)
	b, err := os.ReadFile(o)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const (
	structSrc = "const S = extern struct { a: u8, b: u32 };\nexport var s: S = .{ .a = 1, .b = 2 };\n"
	structC   = "struct S { unsigned char a; unsigned int b; };\nstruct S s = { 1, 2 };\n"
	optSrc    = "var maybe: ?u32 = 123;\nvar n: usize = 7;\npub fn main() void {}\n"
	v1Src     = "const P = struct { x: u32, y: u32 };\nvar p: P = .{ .x = 1, .y = 2 };\n"
	v2Src     = "const P = struct { x: u32, y: u64 };\nvar p: P = .{ .x = 1, .y = 2 };\nvar q: bool = true;\n"
)

// find returns the entry whose path ends in suffix.
func find(t *testing.T, r *Result, suffix string) EntryDiff {
	t.Helper()
	for _, u := range r.Units {
		for _, e := range u.Entries {
			if strings.HasSuffix(e.Path, suffix) {
				return e
			}
		}
	}
	t.Fatalf("no entry %s", suffix)
	return EntryDiff{}
}

// attr returns entry e's attribute diff called name.
func attr(t *testing.T, e EntryDiff, name string) AttrDiff {
	t.Helper()
	for _, a := range e.Attrs {
		if a.Attr == name {
			return a
		}
	}
	t.Fatalf("%s has no %s", e.Path, name)
	return AttrDiff{}
}

func TestFiles(t *testing.T) {
	for _, c := range []struct {
		name        string
		left, right func(t *testing.T) *dwarfread.Data
		check       func(t *testing.T, r *Result)
	}{{
		name:  "same build",
		left:  func(t *testing.T) *dwarfread.Data { return build(t, optSrc, nil) },
		right: func(t *testing.T) *dwarfread.Data { return build(t, optSrc, nil) },
		check: func(t *testing.T, r *Result) {
			if !r.Equal() || r.Entries[StatusEqual] == 0 || len(r.Entries) != 1 || len(r.Attrs) != 1 {
				t.Errorf("a build against itself: %s, attrs %v", r.Summary(), r.Attrs)
			}
		},
	}, {
		name:  "DWARF32 against DWARF64",
		left:  func(t *testing.T) *dwarfread.Data { return build(t, optSrc, nil) },
		right: func(t *testing.T) *dwarfread.Data { return build(t, optSrc, map[string]string{"format": "64"}) },
		check: func(t *testing.T, r *Result) {
			// The same entries, each in the same forms with 8-byte
			// offsets: nothing changes meaning.
			if r.Status != StatusEncoding || r.Entries[StatusChanged]+r.Entries[StatusOnlyLeft]+r.Entries[StatusOnlyRight] != 0 {
				t.Errorf("want only encoding differences: %s", r.Summary())
			}
			if h := r.Units[0].Header[1]; h.Name != "format" || h.Left != "DWARF32" || h.Right != "DWARF64" || h.Status != StatusEncoding {
				t.Errorf("header field %+v", h)
			}
			a := attr(t, find(t, r, `DW_TAG_variable "maybe"`), "DW_AT_name")
			if a.Status != StatusEncoding || a.Left.Form != "DW_FORM_strp" || a.Right.Form != "DW_FORM_strp" ||
				a.Left.Range.Len != 4 || a.Right.Range.Len != 8 || a.Left.Value != `"maybe"` || a.Right.Value != `"maybe"` {
				t.Errorf("DW_AT_name: %+v %+v %+v", a, a.Left, a.Right)
			}
			// A reference is compared by its target, not its offset.
			a = attr(t, find(t, r, `DW_TAG_variable "maybe"`), "DW_AT_type")
			if a.Status != StatusEncoding || a.Left.Range.Len != 4 || a.Right.Range.Len != 8 ||
				!strings.HasSuffix(a.Left.Value, `→ DW_TAG_structure_type "?u32"`) || !strings.HasSuffix(a.Right.Value, `→ DW_TAG_structure_type "?u32"`) {
				t.Errorf("DW_AT_type: %+v %+v %+v", a, a.Left, a.Right)
			}
		},
	}, {
		name:  "zig profile against portable",
		left:  func(t *testing.T) *dwarfread.Data { return build(t, optSrc, map[string]string{"profile": "zig"}) },
		right: func(t *testing.T) *dwarfread.Data { return build(t, optSrc, map[string]string{"profile": "portable"}) },
		check: func(t *testing.T, r *Result) {
			if e := find(t, r, `DW_TAG_structure_type "?u32"/DW_TAG_variant_part`); e.Status != StatusOnlyLeft || e.Right != nil {
				t.Errorf("the variant part: %s, right %+v", e.Status, e.Right)
			}
			if e := find(t, r, `DW_TAG_variable "maybe"`); e.Status == StatusChanged {
				t.Errorf("the variable itself changed: %+v", e.Attrs)
			}
		},
	}, {
		name:  "x86_64 against x86",
		left:  func(t *testing.T) *dwarfread.Data { return build(t, optSrc, nil) },
		right: func(t *testing.T) *dwarfread.Data { return build(t, optSrc, map[string]string{"target": "x86"}) },
		check: func(t *testing.T, r *Result) {
			if h := r.Units[0].Header[3]; h.Name != "address_size" || h.Left != "8" || h.Right != "4" || h.Status != StatusChanged {
				t.Errorf("header field %+v", h)
			}
			e := find(t, r, `DW_TAG_base_type "usize"`)
			if a := attr(t, e, "DW_AT_byte_size"); a.Status != StatusChanged || a.Left.Value != "8" || a.Right.Value != "4" {
				t.Errorf("usize byte_size %+v %+v %+v", a, a.Left, a.Right)
			}
			// DW_OP_addr's operand is 8 bytes against 4: the same operation.
			a := attr(t, find(t, r, `DW_TAG_variable "n"`), "DW_AT_location")
			if a.Status != StatusEncoding || a.Left.Range.Len == a.Right.Range.Len || !strings.HasPrefix(a.Left.Value, "DW_OP_addr") {
				t.Errorf("DW_AT_location %+v %+v %+v", a, a.Left, a.Right)
			}
		},
	}, {
		name:  "two versions of the source",
		left:  func(t *testing.T) *dwarfread.Data { return build(t, v1Src, nil) },
		right: func(t *testing.T) *dwarfread.Data { return build(t, v2Src, nil) },
		check: func(t *testing.T, r *Result) {
			if e := find(t, r, `DW_TAG_variable "q"`); e.Status != StatusOnlyRight || e.Left != nil || e.Right.Range.Len == 0 {
				t.Errorf("the new variable q: %+v", e)
			}
			y := find(t, r, `DW_TAG_structure_type "P"/DW_TAG_member "y"`)
			if a := attr(t, y, "DW_AT_type"); a.Status != StatusChanged || !strings.HasSuffix(a.Left.Value, `"u32"`) || !strings.HasSuffix(a.Right.Value, `"u64"`) {
				t.Errorf("y's type: %+v %+v %+v", a, a.Left, a.Right)
			}
			// Zig orders an auto struct's fields by alignment: the u64
			// y goes first and x moves from offset 0 to 8.
			x := find(t, r, `DW_TAG_structure_type "P"/DW_TAG_member "x"`)
			if a := attr(t, x, "DW_AT_type"); a.Status != StatusEqual {
				t.Errorf("x's type: %+v %+v %+v", a, a.Left, a.Right)
			}
			if a := attr(t, x, "DW_AT_data_member_location"); a.Status != StatusChanged || a.Left.Value != "0" || a.Right.Value != "8" {
				t.Errorf("x's offset: %+v %+v %+v", a, a.Left, a.Right)
			}
			if e := find(t, r, `DW_TAG_base_type "u64"`); e.Status != StatusOnlyRight {
				t.Errorf("u64: %s", e.Status)
			}
		},
	}, {
		name:  "ours against gcc",
		left:  func(t *testing.T) *dwarfread.Data { return build(t, structSrc, nil) },
		right: func(t *testing.T) *dwarfread.Data { return gccObject(t, structC) },
		check: func(t *testing.T, r *Result) {
			// Zig's DW_TAG_module "root" is looked through: the struct,
			// its members and the variable match gcc's at the top.
			if e := find(t, r, `DW_TAG_module "root"`); e.Status != StatusOnlyLeft {
				t.Errorf("the module: %s", e.Status)
			}
			for _, m := range []struct{ name, off string }{{"a", "0x00"}, {"b", "0x04"}} {
				e := find(t, r, `DW_TAG_structure_type "S"/DW_TAG_member "`+m.name+`"`)
				if e.Left == nil || e.Right == nil {
					t.Fatalf("member %s not matched: %+v", m.name, e)
				}
				loc := attr(t, e, "DW_AT_data_member_location")
				if loc.Status != StatusEncoding || loc.Left.Form != "DW_FORM_udata" || loc.Right.Form != "DW_FORM_data1" || loc.Right.Value != m.off {
					t.Errorf("%s's offset: %+v %+v %+v", m.name, loc, loc.Left, loc.Right)
				}
				// u8 ↔ unsigned char, u32 ↔ unsigned int: matched by
				// size, so the references point to matched entries.
				if typ := attr(t, e, "DW_AT_type"); typ.Status != StatusEncoding {
					t.Errorf("%s's type: %+v %+v %+v", m.name, typ, typ.Left, typ.Right)
				}
			}
			s := find(t, r, `DW_TAG_variable "s"`)
			if a := attr(t, s, "DW_AT_type"); a.Status != StatusEncoding || !strings.HasSuffix(a.Right.Value, `DW_TAG_structure_type "S"`) {
				t.Errorf("s's type: %+v %+v", a.Left, a.Right)
			}
			if a := attr(t, s, "DW_AT_name"); a.Left.Form != "DW_FORM_strp" || a.Right.Form != "DW_FORM_string" || a.Status != StatusEncoding {
				t.Errorf("s's name: %+v %+v %+v", a, a.Left, a.Right)
			}
			if a := attr(t, find(t, r, `DW_TAG_compile_unit "main.zig"`), "DW_AT_language"); a.Status != StatusChanged || a.Left.Value != "DW_LANG_Zig" {
				t.Errorf("language: %+v %+v", a.Left, a.Right)
			}
		},
	}, {
		name:  "gcc DWARF 4 against DWARF 5",
		left:  func(t *testing.T) *dwarfread.Data { return read(t, gccBytes(t, structC, "-gdwarf-4")) },
		right: func(t *testing.T) *dwarfread.Data { return read(t, gccBytes(t, structC, "-gdwarf-5")) },
		check: func(t *testing.T, r *Result) {
			if h := r.Units[0].Header[0]; h.Name != "version" || h.Left != "4" || h.Right != "5" || h.Status != StatusChanged {
				t.Errorf("header field %+v", h)
			}
			// The file index is 1-based in DWARF 4's line table and
			// 0-based in DWARF 5's, data1 against implicit_const: the
			// same file.
			a := attr(t, find(t, r, `DW_TAG_member "a"`), "DW_AT_decl_file")
			if a.Status != StatusEncoding || a.Left.Form != "DW_FORM_data1" || a.Right.Form != "DW_FORM_implicit_const" || a.Right.Range.Len != 0 || a.Left.Value != `"/src/s.c"` {
				t.Errorf("decl_file: %+v %+v %+v", a, a.Left, a.Right)
			}
			a = attr(t, find(t, r, `DW_TAG_compile_unit "/src/s.c"`), "DW_AT_name")
			if a.Status != StatusEncoding || a.Left.Form != "DW_FORM_strp" || a.Right.Form != "DW_FORM_line_strp" {
				t.Errorf("name: %+v %+v %+v", a, a.Left, a.Right)
			}
			if n := r.Entries[StatusChanged] + r.Entries[StatusOnlyLeft] + r.Entries[StatusOnlyRight]; n != 1 {
				t.Errorf("want only the unit's root changed (producer, language): %s", r.Summary())
			}
		},
	}} {
		t.Run(c.name, func(t *testing.T) {
			l, rt := c.left(t), c.right(t)
			r := Files(l, rt)
			checkRanges(t, r, l, rt)
			c.check(t, r)
			// Swapped, every status mirrors.
			back := Files(rt, l)
			if back.Status != r.Status || back.Entries[StatusOnlyLeft] != r.Entries[StatusOnlyRight] || back.Entries[StatusChanged] != r.Entries[StatusChanged] {
				t.Errorf("swapped: %s, want the mirror of %s", back.Summary(), r.Summary())
			}
		})
	}
}

// checkRanges checks every side's byte range is the unit, DIE or value
// dwarfread read at that offset.
func checkRanges(t *testing.T, r *Result, l, rt *dwarfread.Data) {
	t.Helper()
	dies := func(d *dwarfread.Data) map[uint64]*dwarfread.DIE {
		m := map[uint64]*dwarfread.DIE{}
		for _, u := range d.Units {
			for i := range u.DIEs {
				m[u.DIEs[i].Off] = &u.DIEs[i]
			}
		}
		return m
	}
	ld, rd := dies(l), dies(rt)
	for _, u := range r.Units {
		for _, e := range u.Entries {
			for _, s := range []struct {
				side *EntrySide
				dies map[uint64]*dwarfread.DIE
			}{{e.Left, ld}, {e.Right, rd}} {
				if s.side == nil {
					continue
				}
				die := s.dies[s.side.Range.Off]
				if die == nil || die.Len != s.side.Range.Len || die.Tag.String() != s.side.Tag {
					t.Fatalf("%s: range %+v is not its DIE", e.Path, s.side.Range)
				}
			}
			for _, a := range e.Attrs {
				for _, s := range []*AttrSide{a.Left, a.Right} {
					if s != nil && s.Range.Section != ".debug_info" {
						t.Fatalf("%s %s: section %q", e.Path, a.Attr, s.Range.Section)
					}
				}
			}
		}
	}
}

// TestUnitMatching links two gcc objects into one (ld -r) and compares it
// with the second object alone: the unit of the same name is matched
// (what the link moved shows as changed), the other is only on one side,
// whichever order the files are in.
func TestUnitMatching(t *testing.T) {
	dir := t.TempDir()
	var objs []string
	for _, name := range []string{"a", "b"} {
		objs = append(objs, tooltest.GCCObject(t, dir, name, "int "+name+"_var = 1;\n", "-g"))
	}
	ab := filepath.Join(dir, "ab.o")
	if out, err := exec.Command("ld", "-r", "-o", ab, objs[0], objs[1]).CombinedOutput(); err != nil {
		t.Fatalf("ld -r: %v\n%s", err, out)
	}
	readPath := func(p string) *dwarfread.Data {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return read(t, b)
	}
	both, b := readPath(ab), readPath(objs[1])
	r := Files(both, b)
	if len(r.Units) != 2 {
		t.Fatalf("%d units", len(r.Units))
	}
	// ab.o's units are a.c's, then b.c's: b.c's is matched by name. ld
	// placed its variable after a_var, so the address in DW_AT_location
	// changes; its line table moved too, but DW_AT_stmt_list is compared
	// by the files of the table it points to, which did not change.
	u := r.Units[1]
	if u.Status != StatusChanged || u.Left == nil || u.Right == nil || u.Left.Index != 1 || u.Right.Index != 0 || !strings.HasSuffix(u.Left.Name, "b.c") {
		t.Errorf("b.c's unit: %s %+v %+v", u.Status, u.Left, u.Right)
	}
	var changed []string
	for _, e := range u.Entries {
		if e.Left == nil || e.Right == nil {
			t.Errorf("b.c: %s only on one side", e.Path)
		}
		for _, a := range e.Attrs {
			if a.Status != StatusEqual {
				changed = append(changed, a.Attr+" "+a.Left.Value+" | "+a.Right.Value)
			}
		}
	}
	if want := []string{"DW_AT_location DW_OP_addr 0x4 | DW_OP_addr 0x0"}; strings.Join(changed, "\n") != strings.Join(want, "\n") {
		t.Errorf("b.c's changed attributes:\n%s\nwant\n%s", strings.Join(changed, "\n"), strings.Join(want, "\n"))
	}
	if u := r.Units[0]; u.Status != StatusOnlyLeft || u.Right != nil || !strings.HasSuffix(u.Left.Name, "a.c") || len(u.Entries) == 0 || u.Entries[0].Status != StatusOnlyLeft {
		t.Errorf("a.c's unit: %s %+v", u.Status, u.Left)
	}
	back := Files(b, both)
	if len(back.Units) != 2 || back.Units[0].Status != StatusChanged || back.Units[0].Right.Index != 1 || back.Units[1].Status != StatusOnlyRight {
		t.Errorf("swapped: %s", back.Summary())
	}
}
