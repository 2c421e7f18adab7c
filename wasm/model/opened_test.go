package model

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/internal/verify"
)

// pointC is the C program the opened-file tests compile with gcc.
const pointC = `struct point { int x; long y; char tag; };
struct point origin = { 1, 2, 'o' };
int area(struct point *p) { return p->x * (int)p->y; }
`

// gccObject compiles pointC with Debian's gcc -g -c and returns the
// object's bytes.
func gccObject(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "point.c")
	if err := os.WriteFile(src, []byte(pointC), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(gccCompile(t, dir, src))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func patchHTML(ps []Patch, id string) string {
	for _, p := range ps {
		if p.ID == id {
			return p.HTML
		}
	}
	return ""
}

// TestOpenFile opens a gcc object: the first map is .debug_info's only
// (the other sections are decoded when shown), the inspector shows the
// compile unit, selecting the struct shows its attributes as
// llvm-dwarfdump names them, the relocation records are listed with
// their kinds, and going back shows the editor's build again with its
// source untouched.
func TestOpenFile(t *testing.T) {
	data := gccObject(t)
	a := NewApp()
	a.LoadSample(DefaultSample)
	src := a.S.Source
	a.Patches()
	if err := a.OpenFile("point.o", data); err != nil {
		t.Fatal(err)
	}
	o := a.Opened
	ps := a.Patches()
	mapHTML := patchHTML(ps, "map")
	for _, want := range []string{`data-bar=".debug_info"`, `data-bar=".debug_abbrev"`, "not decoded yet", "ELF64 LSB ET_REL EM_X86_64"} {
		if !strings.Contains(mapHTML, want) {
			t.Errorf("the map lacks %q", want)
		}
	}
	built := 0
	for i, s := range o.Data.Sections {
		if o.Built(i) {
			built++
			if s.Name != ".debug_info" {
				t.Errorf("%s was decoded before it was shown", s.Name)
			}
		}
	}
	if built != 1 {
		t.Errorf("%d section maps built for the first view, want 1 (.debug_info)", built)
	}
	if insp := patchHTML(ps, "inspector"); !strings.Contains(insp, "DW_TAG_compile_unit") || !strings.Contains(insp, "DW_AT_producer") {
		t.Errorf("the inspector does not show the compile unit:\n%.600s", insp)
	}

	if !o.SelectDIE("point") {
		t.Fatal("no DIE named point")
	}
	insp := patchHTML(a.Patches(), "inspector")
	for _, want := range []string{"DW_TAG_structure_type", "DW_AT_byte_size", "DW_FORM_data1", "0x18", `&#34;point&#34;`, "DW_TAG_member", "DW_AT_data_member_location"} {
		if !strings.Contains(insp, want) {
			t.Errorf("the inspector of struct point lacks %q:\n%.1500s", want, insp)
		}
	}

	// Every byte of every debug section is in exactly one leaf.
	for i, s := range o.Data.Sections {
		x := o.index(i)
		var pos uint64
		for _, l := range x.leaves {
			if l.Off != pos {
				t.Fatalf("%s: leaf at 0x%x, want 0x%x", s.Name, l.Off, pos)
			}
			pos += l.Len
		}
		if pos != uint64(len(s.Data)) {
			t.Errorf("%s: leaves cover %d of %d bytes", s.Name, pos, len(s.Data))
		}
	}

	a.Tab = "relocs"
	relocs := a.openedTabHTML()
	for _, want := range []string{"R_X86_64_32", ".debug_abbrev", dwarfread.RelocCrossSection, dwarfread.RelocExternal, ".text"} {
		if !strings.Contains(relocs, want) {
			t.Errorf("the relocations tab lacks %q", want)
		}
	}
	for _, tab := range []string{"abbrev", "lines", "strings", "elf"} {
		a.Tab = tab
		if html := patchHTML(a.Patches(), "tab"); !strings.Contains(html, "data-sec") {
			t.Errorf("tab %s links to nothing:\n%.400s", tab, html)
		}
	}
	a.Tab = "lines"
	if html := a.openedTabHTML(); !strings.Contains(html, "DW_LNE_end_sequence") || !strings.Contains(html, "is_stmt") {
		t.Errorf("the line program tab lacks the end of sequence or a row")
	}

	a.CloseFile()
	if a.Opened != nil || a.S.Source != src {
		t.Fatal("back to the editor: the file is still open or the source changed")
	}
	if m := patchHTML(a.Patches(), "map"); !strings.Contains(m, "rect class=\"seg k-entry") {
		t.Errorf("back to the editor, the map is not the build's")
	}
}

// TestOpenBadFile opens truncated and random files after a good one: each
// gets a message naming the offset, and the good file stays shown.
func TestOpenBadFile(t *testing.T) {
	data := gccObject(t)
	a := NewApp()
	if err := a.OpenFile("point.o", data); err != nil {
		t.Fatal(err)
	}
	good := a.Opened
	for name, bad := range map[string][]byte{
		"empty":          nil,
		"not ELF":        []byte("hello, this is not an ELF file at all"),
		"header only":    data[:40],
		"no section hdr": data[:len(data)/2],
	} {
		err := a.OpenFile(name, bad)
		if err == nil {
			t.Errorf("%s: opened", name)
			continue
		}
		if !strings.Contains(a.OpenErr, "offset") || !strings.HasPrefix(a.OpenErr, name+": ") {
			t.Errorf("%s: message %q does not name the file and the offset", name, a.OpenErr)
		}
		if a.Opened != good {
			t.Errorf("%s: the last good file is not shown any more", name)
		}
	}
	// Corrupted debug bytes open, and what cannot be decoded is marked.
	bad := append([]byte(nil), data...)
	info := a.Opened.Data.Sections[a.Opened.sectionIndexByName(".debug_info")]
	off := a.Opened.Data.File.Sections[info.Index].Offset
	for i := uint64(11); i < 40 && off+i < uint64(len(bad)); i++ {
		bad[off+i] = 0xff
	}
	if err := a.OpenFile("corrupt.o", bad); err != nil {
		t.Fatalf("a file with corrupt DWARF should open: %v", err)
	}
	if m := patchHTML(a.Patches(), "map"); !strings.Contains(m, "k-undecoded") {
		t.Errorf("corrupt .debug_info: no undecoded bytes on the map")
	}
}

// TestOpenUnitByUnit opens an executable of two units: only the unit
// shown first is mapped; a click in the other maps it and selects its
// entry; the placeholders and the mapped units cover every byte of
// .debug_info once.
func TestOpenUnitByUnit(t *testing.T) {
	verify.Require(t, "gcc")
	dir := t.TempDir()
	for name, src := range map[string]string{"a.c": pointC, "b.c": "struct other { char c; };\nstruct other o;\nint main(void) { return o.c; }\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exe := filepath.Join(dir, "ab")
	if out, err := exec.Command("gcc", "-g", filepath.Join(dir, "a.c"), filepath.Join(dir, "b.c"), "-o", exe).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	a := NewApp()
	if err := a.OpenFile("ab", data); err != nil {
		t.Fatal(err)
	}
	o := a.Opened
	i := o.sectionIndexByName(".debug_info")
	x := o.maps[i]
	if len(x.units) < 2 || len(x.lazy) != len(x.units)-1 {
		t.Fatalf("%d units, %d not mapped: want all but the first lazy", len(x.units), len(x.lazy))
	}
	last := x.units[len(x.units)-1]
	if o.Data.Loaded(len(o.Data.Units) - 1) {
		t.Error("the last unit's DIEs were read before it was shown")
	}
	a.Select(dwarfcore.SectionID(i), last.Off+last.Len-1) // anywhere in it: its first DIE
	if len(x.lazy) != len(x.units)-2 {
		t.Errorf("a click in the last unit left %d units lazy, want %d", len(x.lazy), len(x.units)-2)
	}
	if _, it, _ := o.Selected(); it == nil || it.Unit != len(o.Data.Units)-1 || it.Kind != dwarfread.SpanDIE {
		t.Errorf("the click selected %+v, not an item of the last unit", it)
	}
	var pos uint64
	for _, l := range x.leaves {
		if l.Off != pos {
			t.Fatalf("leaf at 0x%x, want 0x%x", l.Off, pos)
		}
		pos += l.Len
	}
	if n := uint64(len(o.Data.Sections[i].Data)); pos != n {
		t.Errorf("leaves cover %d of %d bytes", pos, n)
	}
	if !o.SelectDIE("other") || !strings.Contains(patchHTML(a.Patches(), "inspector"), "DW_TAG_structure_type") {
		t.Error("struct other (second unit) not found")
	}
}

// TestOpenCorruptFiles opens the gcc object with runs of bytes
// overwritten (seeded, 150 variants): each one opens or gets a message
// naming the offset, and every view of every section and item renders
// without a panic.
func TestOpenCorruptFiles(t *testing.T) {
	data := gccObject(t)
	rng := rand.New(rand.NewPCG(14, 1))
	for v := range 150 {
		bad := append([]byte(nil), data...)
		for range 1 + rng.IntN(4) {
			at, n := rng.IntN(len(bad)), 1+rng.IntN(16)
			for i := at; i < min(at+n, len(bad)); i++ {
				bad[i] = byte(rng.IntN(256))
			}
		}
		if v%5 == 0 {
			bad = bad[:rng.IntN(len(bad))]
		}
		a := NewApp()
		if err := a.OpenFile("bad.o", bad); err != nil {
			if !strings.Contains(a.OpenErr, "offset") {
				t.Errorf("variant %d: %q names no offset", v, a.OpenErr)
			}
			continue
		}
		o := a.Opened
		for i := range o.Data.Sections {
			x := o.index(i)
			for _, u := range slices.Clone(x.units) {
				o.expandUnit(x, u)
			}
			for j, it := range x.items {
				if j%7 == 0 {
					a.Select(dwarfcore.SectionID(i), it.Off)
					a.SetHover(dwarfcore.SectionID(i), it.Off)
					a.Patches()
				}
			}
		}
		o.SetHexSec(-1)
		for _, tab := range Tabs {
			a.Tab = tab
			a.Patches()
		}
	}
}
