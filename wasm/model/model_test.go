package model

import (
	"bytes"
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

func TestSamplesBuild(t *testing.T) {
	for _, s := range Samples {
		a := NewApp()
		if err := a.LoadSample(s.File); err != nil {
			t.Fatal(err)
		}
		if a.S.Good == nil || len(a.S.Errors) > 0 || a.S.Fatal != nil {
			t.Fatalf("%s: errors %v fatal %v", s.File, a.S.Errors, a.S.Fatal)
		}
		if !strings.Contains(a.MapHTML(), `class="seg k-entry`) {
			t.Errorf("%s: map has no entries", s.File)
		}
	}
}

// growPoint types fields into growing.zig's Point until its entry moves.
func growPoint(t *testing.T, a *App) (fields int) {
	t.Helper()
	src := a.S.Source
	for i := 0; i < 40; i++ {
		src = strings.Replace(src, "    y: i32 = 0,\n", "    y: i32 = 0,\n    f"+string(rune('a'+i%26))+string(rune('a'+i/26))+": u64 = 0,\n", 1)
		a.Edit(src)
		if len(a.S.Errors) > 0 {
			t.Fatalf("edit %d: %v", i, a.S.Errors)
		}
		for _, l := range a.S.Good.Log.Lines {
			if l.Kind == "moved" && strings.Contains(l.Text, "Point") {
				return i + 1
			}
		}
	}
	t.Fatal("Point never moved")
	return 0
}

func TestGrowMovesEntry(t *testing.T) {
	a := NewApp()
	a.LoadSample(DefaultSample)
	if !a.SelectEntry("growing.Point") {
		t.Fatal("no Point entry")
	}
	before := a.Sel.Item.Off
	n := growPoint(t, a)
	after := a.Sel.Item.Off
	if after <= before {
		t.Errorf("Point at 0x%x after %d fields, was 0x%x", after, n, before)
	}
	x := a.S.Good.idx(dwarfcore.DebugInfo)
	if it := x.itemAt(before); it == nil || it.Kind != dwarfread.SpanPadding {
		t.Errorf("old place of Point is %v, want padding", it)
	}
	var log []string
	for _, l := range a.S.Good.Log.Lines {
		log = append(log, l.Text)
	}
	if !strings.Contains(strings.Join(log, "\n"), "padding now") {
		t.Errorf("log does not say padding was left behind:\n%s", strings.Join(log, "\n"))
	}
	t.Logf("after %d fields:\n%s", n, strings.Join(log, "\n"))
}

func TestStateRoundTrip(t *testing.T) {
	s := State{Name: "x.zig", Source: "const a: u32 = 1;\n// é\n", Opts: Options{Format: "64", Target: "aarch64", Lines: "incremental", Profile: "portable", Container: "macho"}}
	got, err := ParseState(s.Text())
	if err != nil || got != s {
		t.Fatalf("got %+v, %v", got, err)
	}
	if _, err := ParseState("ds2\n"); err == nil {
		t.Error("bad state parsed")
	}
}

func TestErrorsKeepLayout(t *testing.T) {
	a := NewApp()
	a.LoadSample(DefaultSample)
	good := a.S.Good
	a.Edit(a.S.Source + "\nconst broken: u32 = ;\n")
	if len(a.S.Errors) == 0 || a.S.Good != good || !a.Dimmed() {
		t.Fatalf("errors %v, good kept %v", a.S.Errors, a.S.Good == good)
	}
}

func TestViewsRender(t *testing.T) {
	a := NewApp()
	a.LoadSample("storage.zig")
	a.SelectEntry("testStorage")
	for _, tab := range Tabs {
		a.Tab = tab
		if a.TabHTML() == "" {
			t.Errorf("tab %s empty", tab)
		}
	}
	for name, h := range map[string]string{"map": a.MapHTML(), "insp": a.InspectorHTML(), "hex": a.HexHTML(), "explain": a.ExplainHTML()} {
		if len(h) < 100 {
			t.Errorf("%s: %q", name, h)
		}
	}
	a.Sel = Selection{}
	if m := a.MapHTML(); strings.Contains(m, `class="arrow k-`) {
		t.Error("arrows drawn with nothing selected and every kind switched off")
	}
	for _, k := range []string{"cross-entry", "cross-unit", "cross-section", "external"} {
		a.ToggleArrows(k)
		m := a.MapHTML()
		if !strings.Contains(m, `class="arrow k-`+k) {
			t.Errorf("no %s arrow after switching the kind on", k)
		}
		a.ToggleArrows(k)
		if strings.Contains(a.MapHTML(), `class="arrow k-`+k) {
			t.Errorf("%s arrows stay after switching the kind off", k)
		}
	}
	a.SelectEntry("testStorage")
	if !strings.Contains(a.MapHTML(), `arrow k-external hot`) {
		t.Error("the selected function's external relocations have no arrows")
	}
}

// TestPatches checks that an edit which changes no DWARF bytes sends no
// view again, and one that does sends only what changed.
func TestPatches(t *testing.T) {
	a := NewApp()
	a.LoadSample(DefaultSample)
	a.SelectEntry("growing.Point")
	first := a.Patches()
	if len(first) < 5 {
		t.Fatalf("first patches: %d", len(first))
	}
	if p := a.Patches(); len(p) != 0 {
		t.Errorf("no change, yet %d patches (%s)", len(p), p[0].ID)
	}
	a.Edit(a.S.Source + "// a comment\n")
	for _, p := range a.Patches() {
		if strings.HasPrefix(p.ID, "mb-") || p.ID == "map" || p.ID == "hex" || p.ID == "inspector" {
			t.Errorf("a comment changed no section, yet %s was sent", p.ID)
		}
	}
	a.Edit(strings.Replace(a.S.Source, "    y: i32 = 0,\n", "    y: i32 = 0,\n    q: u8 = 0,\n", 1))
	ids := map[string]bool{}
	for _, p := range a.Patches() {
		ids[p.ID] = true
	}
	if !ids[fmt.Sprintf("mb-%d", dwarfcore.DebugInfo)] {
		t.Errorf("a new field did not redraw .debug_info's bar: %v", ids)
	}
	if ids["map"] {
		t.Error("a new field redrew the whole map, not its bars")
	}
}

func TestImageIsIncremental(t *testing.T) {
	a := NewApp()
	a.LoadSample(DefaultSample)
	growPoint(t, a)
	img := a.S.Image()
	f, err := elf.NewFile(bytes.NewReader(img))
	if err != nil {
		t.Fatal(err)
	}
	info := f.Section(".debug_info")
	if info == nil {
		t.Fatal("no .debug_info in the page image")
	}
	data, err := info.Data()
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != len(a.S.Good.Out.Sections[dwarfcore.DebugInfo]) {
		t.Errorf("the image's .debug_info has %d bytes, the map's %d", len(data), len(a.S.Good.Out.Sections[dwarfcore.DebugInfo]))
	}
	d, err := f.DWARF()
	if err != nil {
		t.Fatalf("page image: %v", err)
	}
	// The map's (moved) Point entry is where the image has it.
	if !a.SelectEntry("growing.Point") {
		t.Fatal("no Point")
	}
	r := d.Reader()
	r.Seek(dwarf.Offset(a.Sel.Item.Off))
	e, err := r.Next()
	if err != nil || e == nil || e.Tag != dwarf.TagStructType || e.Val(dwarf.AttrName) != "Point" {
		t.Errorf("at the map's offset 0x%x the image has %v (%v)", a.Sel.Item.Off, e, err)
	}
	var moved bool
	for _, h := range a.History {
		moved = moved || h.Kind == "moved"
	}
	if !moved {
		t.Error("history has no move")
	}
}

// TestAbbrevTable checks the abbreviation table fills every column from
// the spans' typed fields: a code, a tag, a children flag and attributes
// for every declaration the abbreviation section holds.
func TestAbbrevTable(t *testing.T) {
	a := NewApp()
	if err := a.LoadSample("storage.zig"); err != nil {
		t.Fatal(err)
	}
	h := a.abbrevHTML(a.S.Good)
	rows := strings.Count(h, "<tr data-sec=")
	if rows < 10 {
		t.Fatalf("%d abbreviation rows:\n%s", rows, h)
	}
	for _, want := range []string{`<td class="tag">DW_TAG_compile_unit</td><td>yes</td>`, `<td class="tag">DW_TAG_variable</td>`, `>name <span class="dim">strp</span>`} {
		if !strings.Contains(h, want) {
			t.Errorf("abbreviation table lacks %q", want)
		}
	}
	if strings.Contains(h, `<td class="off"></td>`) || strings.Contains(h, `<td class="tag"></td>`) {
		t.Errorf("a row without its code or tag:\n%.2000s", h)
	}
}

// TestOptionOverride: only the WebAssembly container overrides the target.
func TestOptionOverride(t *testing.T) {
	for _, c := range []struct {
		container string
		want      bool
	}{{"elf", false}, {"macho", false}, {"wasm", true}} {
		s := NewSession("x.zig")
		o := s.Opts
		o.Container = c.container
		if err := s.SetOptions(o); err != nil {
			t.Fatal(err)
		}
		why := s.OptionOverride("target")
		if (why != "") != c.want || c.want && !strings.Contains(why, "wasm32") {
			t.Errorf("%s: OptionOverride(target) = %q", c.container, why)
		}
		if s.OptionOverride("format") != "" {
			t.Errorf("%s: the format is overridden", c.container)
		}
	}
}
