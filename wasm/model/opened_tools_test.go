package model

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// TestOpenedToolTabs opens a gcc -g object of testdata/holey.c beside
// the editor's build of the same struct in Zig (testdata/holey.zig) and
// shows the tools on the opened file: the Layout tab gives pahole's
// offsets, sizes, holes and padding on the same object, its member rows
// select the member DIEs in the opened file's map, and the selected
// struct's layout shows in the inspector; the Verify tab is clean; the
// Compare tab sets the gcc object against the editor's build with the
// struct's entries matched and a difference highlighted; the exports
// are the opened file's annotated map (inspect -json's schema) and its
// map as a standalone SVG. None of it is computed before its tab is
// shown.
func TestOpenedToolTabs(t *testing.T) {
	dir := t.TempDir()
	obj := gccCompile(t, dir, "testdata/holey.c")
	want, _ := runPahole(t, obj)
	data, err := os.ReadFile(obj)
	if err != nil {
		t.Fatal(err)
	}
	a := NewApp()
	if err := a.Load("hole.zig", holeZig(t), DefaultOptions()); err != nil || a.S.Good == nil {
		t.Fatalf("load: %v %v", err, a.S.Errors)
	}
	a.Patches()
	if err := a.OpenFile("holey.o", data); err != nil {
		t.Fatal(err)
	}
	o := a.Opened
	a.Tab = "relocs"
	a.Patches()
	if o.tools.layoutsDone || o.tools.verified || o.tools.cmpKey != "" {
		t.Error("the layout, verifier or comparison ran before their tab was shown")
	}
	for _, tab := range []string{"layout", "verify", "compare", "export"} {
		found := false
		for _, s := range a.ShownTabs() {
			found = found || s == tab
		}
		if !found {
			t.Errorf("the %s tab is not shown for an opened file", tab)
		}
	}

	// Layout: pahole's facts, rows linked to the opened file's DIEs.
	a.Tab = "layout"
	tab := patchHTML(a.Patches(), "tab")
	if !o.tools.layoutsDone || o.tools.verified {
		t.Error("showing the Layout tab did not compute the layouts alone")
	}
	got := htmlFacts(tab)
	for _, name := range []string{"struct Holey", "struct Bits", "struct Nested"} {
		if want[name] == "" || got[name] != want[name] {
			t.Errorf("%s:\npahole: %s\npage:   %s", name, want[name], got[name])
		}
	}
	if !strings.Contains(tab, "XXX 7 bytes hole, try to pack") || !strings.Contains(tab, "Type layout of holey.o") {
		t.Errorf("the Layout tab of the opened file:\n%s", tab)
	}
	info := strconv.Itoa(o.sectionIndexByName(".debug_info"))
	members := memberDIEs(o.Data)
	rows := regexp.MustCompile(`<tr class="ph-member" data-off="(\d+)" data-sec="(\d+)" data-member="`).FindAllStringSubmatch(tab, -1)
	if len(rows) < len(members) {
		t.Fatalf("%d member rows link to DIEs, the file has %d members", len(rows), len(members))
	}
	for _, m := range rows {
		off, _ := strconv.ParseUint(m[1], 10, 64)
		if m[2] != info || !members[off] {
			t.Errorf("member row links to section %s offset 0x%x, not a member DIE of .debug_info (section %s)", m[2], off, info)
		}
	}
	// A click on a row (its data-sec, data-off) selects the member DIE.
	sec, _ := strconv.Atoi(rows[1][2])
	off, _ := strconv.ParseUint(rows[1][1], 10, 64)
	a.Select(dwarfcore.SectionID(sec), off)
	if _, it, _ := o.Selected(); it == nil || it.Off != off || it.DIE == nil || it.DIE.Tag != "DW_TAG_member" {
		t.Fatalf("the row selected %+v", it)
	}
	ps := a.Patches()
	if !strings.Contains(patchHTML(ps, "tab"), `<tr class="ph-member sel" data-off="`+rows[1][1]+`"`) {
		t.Error("the selected member's row is not marked")
	}
	if insp := patchHTML(ps, "inspector"); !strings.Contains(insp, `class="insp-layout"`) || htmlFacts(insp)["struct Holey"] != want["struct Holey"] {
		t.Errorf("the inspector does not show Holey's layout beside the member:\n%s", insp)
	}

	// Verify: clean, as llvm-dwarfdump --verify finds gcc's output.
	a.Tab = "verify"
	if tab := patchHTML(a.Patches(), "tab"); !strings.Contains(tab, `data-findings="0"`) {
		t.Errorf("the Verify tab of a gcc object is not clean:\n%s", tab)
	}

	// Compare: the gcc object (left, rows selecting in its map) against
	// the editor's Zig build (right).
	a.Tab = "compare"
	tab = patchHTML(a.Patches(), "tab")
	c, err := a.CompareOpened()
	if err != nil {
		t.Fatal(err)
	}
	if c.Left != "holey.o" || !strings.Contains(c.Right, "hole.zig") {
		t.Errorf("compared %q with %q", c.Left, c.Right)
	}
	var holey string
	for _, u := range c.Result.Units {
		for _, e := range u.Entries {
			if e.Left != nil && e.Right != nil && e.Left.Name == "Holey" && e.Left.Tag == "DW_TAG_structure_type" {
				holey = string(e.Status)
				row := regexp.MustCompile(`<div class="cmp-row cmp-entry st-` + holey + `[^"]*" style="[^"]*" data-sec="` + info + `" data-off="` + strconv.FormatUint(e.Left.Range.Off, 10) + `"`)
				if !row.MatchString(tab) {
					t.Errorf("no row for struct Holey (%s) selecting its DIE at 0x%x in the tab", holey, e.Left.Range.Off)
				}
			}
		}
	}
	if holey == "" || holey == "equal" {
		t.Errorf("struct Holey of gcc and of the editor's build: %q, want a difference (gcc names its members' types uint8_t, Zig u8)", holey)
	}
	if !strings.Contains(tab, "st-changed") {
		t.Error("the comparison highlights no change")
	}
	// The comparison is made once per editor build.
	if c2, _ := a.CompareOpened(); c2 != c {
		t.Error("the comparison was made again with nothing changed")
	}

	// Exports: the annotated map as JSON, the map as SVG.
	j, err := a.ExportMap("json")
	if err != nil {
		t.Fatal(err)
	}
	wantJSON, err := FileMapJSON("holey.o", o.Full())
	if err != nil {
		t.Fatal(err)
	}
	if j.Name != "holey.o.map.json" || j.Text != string(wantJSON) {
		t.Errorf("the JSON export %s is not FileMapJSON of the opened file", j.Name)
	}
	var rep struct {
		File     string `json:"file"`
		Sections []struct {
			Name string `json:"name"`
			Size int    `json:"size"`
		} `json:"sections"`
	}
	if err := json.Unmarshal([]byte(j.Text), &rep); err != nil || rep.File != "holey.o" || len(rep.Sections) != len(o.Data.Sections) {
		t.Errorf("the JSON export: %v, %+v", err, rep)
	}
	s, err := a.ExportMap("svg")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "holey.o.map.svg" || !strings.HasPrefix(s.Text, `<?xml`) || !strings.Contains(s.Text, `data-bar=".debug_info"`) || strings.Contains(s.Text, `class="seg k-lazy"`) || !strings.Contains(s.Text, `class="seg k-abbrev`) {
		t.Errorf("the SVG export %s:\n%.400s", s.Name, s.Text)
	}
	dec := xml.NewDecoder(bytes.NewReader([]byte(s.Text)))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("the SVG export is not well-formed XML: %v", err)
		}
	}

	// A small file's inspector shows a struct's layout when the struct is
	// selected, before the Layout tab was shown.
	if err := a.OpenFile("holey.o", data); err != nil {
		t.Fatal(err)
	}
	if !a.Opened.SelectDIE("Holey") {
		t.Fatal("no DIE named Holey")
	}
	if insp := patchHTML(a.Patches(), "inspector"); htmlFacts(insp)["struct Holey"] != want["struct Holey"] {
		t.Errorf("selecting struct Holey in a small file shows no layout in the inspector:\n%.600s", insp)
	}

	// Back to the editor: its own exports again.
	a.CloseFile()
	if s, err := a.ExportMap("svg"); err != nil || s.Name != "hole.map.svg" {
		t.Errorf("after closing the file the export is %s, %v", s.Name, err)
	}
}

// TestOpenedVerifyFinding corrupts gcc's object (a DW_AT_decl_file naming
// a file its line table lacks) and opens it: the Verify tab lists the
// finding at its offset, and the row's data-sec and data-off select that
// attribute in the opened file's map.
func TestOpenedVerifyFinding(t *testing.T) {
	data := gccObject(t)
	d, err := dwarfread.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	at := findAttr(d, func(x dwarfread.Attr) bool { return x.Attr == dw.AttrDeclFile && x.Len == 1 })
	if at == nil {
		t.Fatal("no one-byte DW_AT_decl_file in gcc's object")
	}
	info := d.File.Sections[d.File.SectionByName(".debug_info")]
	data[info.Offset+at.Off] = 0x7f
	a := NewApp()
	a.LoadSample(DefaultSample)
	if err := a.OpenFile("bad.o", data); err != nil {
		t.Fatal(err)
	}
	a.Tab = "verify"
	tab := patchHTML(a.Patches(), "tab")
	sec := a.Opened.sectionIndexByName(".debug_info")
	row := fmt.Sprintf(`<tr class="finding" data-fsec=".debug_info" data-foff="%d" title="select the byte" data-sec="%d" data-off="%d">`, at.Off, sec, at.Off)
	if !strings.Contains(tab, row) || !strings.Contains(tab, "line table file index") {
		t.Fatalf("corrupted DW_AT_decl_file at .debug_info 0x%x: no finding row there:\n%s", at.Off, tab)
	}
	a.Select(dwarfcore.SectionID(sec), at.Off)
	if s, _, leaf := a.Opened.Selected(); s != sec || leaf == nil || leaf.Off != at.Off || leaf.Attr == nil || leaf.Attr.Attr != "DW_AT_decl_file" {
		t.Errorf("the finding selected %+v in section %d", leaf, s)
	}
}
