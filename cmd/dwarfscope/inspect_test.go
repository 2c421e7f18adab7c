package main

import (
	"bytes"
	"debug/elf"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/internal/dwarfdump"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
)

// TestInspectCommand inspects a gcc-built object and our own executable:
// -json prints every debug section's map covering it byte for byte with
// one span of kind die per DIE llvm-dwarfdump-22 shows; the text form
// lists the DIEs; files that are not ELF are refused with the offset.
func TestInspectCommand(t *testing.T) {
	dir := t.TempDir()
	obj := tooltest.GCCObject(t, dir, "prog", "struct s { int a; char b; } v;\nint f(int x) { return x + v.a; }\n", "-g", "-O2")
	zig := filepath.Join(dir, "good.zig")
	if err := os.WriteFile(zig, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "good")
	var so, se bytes.Buffer
	if code := run([]string{"build", "-kind", "exe", "-profile", "zig", "-o", exe, zig}, &so, &se); code != 0 {
		t.Fatalf("build: %d %s", code, se.String())
	}
	for _, path := range []string{obj, exe} {
		so.Reset()
		se.Reset()
		if code := run([]string{"inspect", "-json", path}, &so, &se); code != 0 {
			t.Fatalf("inspect -json %s: exit %d: %s", path, code, se.String())
		}
		var rep dwarfread.Report
		if err := json.Unmarshal(so.Bytes(), &rep); err != nil {
			t.Fatal(err)
		}
		dies := 0
		for _, s := range rep.Sections {
			if s.Map == nil || s.Map.Len != uint64(s.Size) {
				t.Errorf("%s: map does not cover its %d bytes", s.Name, s.Size)
				continue
			}
			pos := uint64(0)
			for _, l := range s.Map.Leaves() {
				if l == s.Map {
					continue
				}
				if l.Off != pos {
					t.Errorf("%s: leaf at 0x%x, want 0x%x", s.Name, l.Off, pos)
					break
				}
				pos += l.Len
				if l.Kind == dwarfread.SpanUndecoded && s.Name != ".debug_frame" {
					t.Errorf("%s: %d bytes undecoded at 0x%x: %s", s.Name, l.Len, l.Off, l.Value)
				}
			}
			var walk func(*dwarfread.Span)
			walk = func(sp *dwarfread.Span) {
				if sp.Kind == dwarfread.SpanDIE {
					dies++
				}
				for _, c := range sp.Children {
					walk(c)
				}
			}
			walk(s.Map)
		}
		out, err := dwarfdump.Run("--debug-info", path)
		if err != nil {
			t.Fatal(err)
		}
		if want := len(dwarfdump.DIEs(out, nil)); dies != want || want == 0 {
			t.Errorf("%s: %d die spans, llvm-dwarfdump-22 shows %d DIEs", path, dies, want)
		}
		if len(rep.ELF.Fields) == 0 || len(rep.SectionHeaders) == 0 {
			t.Errorf("%s: no ELF header or section headers in the report", path)
		}
		so.Reset()
		if code := run([]string{"inspect", path}, &so, &se); code != 0 || !strings.Contains(so.String(), "DW_TAG_compile_unit") {
			t.Errorf("inspect %s: exit %d, output:\n%s", path, code, so.String())
		}
	}
	so.Reset()
	if code := run([]string{"inspect", "-layout", obj}, &so, &se); code != 0 || !strings.Contains(so.String(), "struct s {") ||
		!strings.Contains(so.String(), "/* XXX 3 bytes hole, try to pack */") && !strings.Contains(so.String(), "/* padding: 3 */") {
		t.Errorf("inspect -layout: exit %d, output:\n%s", code, so.String())
	}
	so.Reset()
	if code := run([]string{"inspect", "-json", "-layout", obj}, &so, &se); code != 0 || !strings.Contains(so.String(), `"padding":3`) {
		t.Errorf("inspect -json -layout: exit %d, output:\n%s", code, so.String())
	}
	so.Reset()
	if code := run([]string{"inspect", exe}, &so, &se); code != 0 {
		t.Fatalf("inspect %s: exit %d", exe, code)
	}
	if !strings.Contains(so.String(), "DW_LANG_Zig") {
		t.Errorf("our executable's text dump does not name DW_LANG_Zig:\n%s", so.String())
	}
	for _, path := range []string{obj, exe} {
		so.Reset()
		if code := run([]string{"verify", path}, &so, &se); code != 0 || !strings.Contains(so.String(), "no errors") {
			t.Errorf("verify %s: exit %d:\n%s", path, code, so.String())
		}
	}
	// a unit_length running past the end of .debug_info
	ef, err := elf.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	info := ef.Section(".debug_info")
	ef.Close()
	if info == nil {
		t.Fatalf("%s has no .debug_info", exe)
	}
	damaged := filepath.Join(dir, "damaged")
	b, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	copy(b[info.Offset:], []byte{0xf0, 0xff, 0xff, 0x7f})
	if err := os.WriteFile(damaged, b, 0o644); err != nil {
		t.Fatal(err)
	}
	so.Reset()
	if code := run([]string{"verify", damaged}, &so, &se); code != 1 || !strings.Contains(so.String(), ".debug_info offset 0x0: unit header chain") {
		t.Errorf("verify of a damaged file: exit %d:\n%s", code, so.String())
	}
	so.Reset()
	se.Reset()
	if code := run([]string{"inspect", zig}, &so, &se); code != 1 || !strings.Contains(se.String(), zig+": error: offset 0x0: not an ELF file") {
		t.Errorf("inspect of a non-ELF file: exit %d, stderr %q", code, se.String())
	}
	se.Reset()
	if code := run([]string{"inspect", filepath.Join(dir, "missing")}, &so, &se); code != 2 {
		t.Errorf("inspect of a missing file: exit %d, stderr %q", code, se.String())
	}
}
