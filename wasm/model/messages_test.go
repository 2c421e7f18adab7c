package model

import (
	"html"
	"math"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// TestMessages checks the status line and the edit log say what happened:
// a first build is called one, the bytes written are the image's, and the
// declaration counts match the edit.
func TestMessages(t *testing.T) {
	a := NewApp()
	if err := a.LoadSample(DefaultSample); err != nil {
		t.Fatal(err)
	}
	if st := a.Status(); !strings.Contains(st, "first build") || strings.Contains(st, "moved") {
		t.Errorf("status after the first build: %q", st)
	}
	for _, l := range a.S.Good.Log.Lines {
		if l.Kind == "freed" {
			t.Errorf("the first build logs freed bytes: %s", l.Text)
		}
	}
	if log := a.logHTML(a.S.Good); !strings.Contains(log, "first build") || strings.Contains(log[:strings.Index(log, "</div>")], "moved") {
		t.Errorf("the edit log of the first build: %s", log[:min(len(log), 300)])
	}
	src := a.S.Source
	edits := []struct {
		name                           string
		from, to                       string
		added, removed, changed, moved int
	}{
		{"value change", "var origin: Point = .{ .x = 0,", "var origin: Point = .{ .x = 5,", 0, 0, 1, 0},
		{"remove one declaration", "var screen: Size = .{ .w = 640, .h = 480 };\n", "", 0, 1, 0, 1},
		{"add one declaration", "pub fn main() void {}\n", "var extra: u8 = 1;\npub fn main() void {}\n", 1, 0, 0, 1},
		{"remove a struct", "const Size = struct {\n    w: u32,\n    h: u32,\n};\n", "", 0, 1, 0, 3},
	}
	for _, e := range edits {
		if !strings.Contains(src, e.from) {
			t.Fatalf("%s: %q not in the source", e.name, e.from)
		}
		src = strings.Replace(src, e.from, e.to, 1)
		a.Edit(src)
		if len(a.S.Errors) > 0 {
			t.Fatalf("%s: %v", e.name, a.S.Errors)
		}
		d := a.S.Good.Log.Decls
		if d.Added != e.added || d.Removed != e.removed || d.Changed != e.changed {
			t.Errorf("%s: %d added, %d removed, %d changed; want %d, %d, %d", e.name, d.Added, d.Removed, d.Changed, e.added, e.removed, e.changed)
		}
		if d.Moved > e.moved {
			t.Errorf("%s: %d moved, want at most %d", e.name, d.Moved, e.moved)
		}
		// The log names freed bytes as the map draws them.
		for _, l := range a.S.Good.Log.Lines {
			if (l.Kind == "freed" || l.Kind == "padded") && l.Off >= 0 {
				it := a.S.Good.idx(l.Sec).itemAt(uint64(l.Off))
				if it == nil {
					continue
				}
				if name, ok := freedNames[it.Kind]; ok && !strings.Contains(l.Text, name+" now") {
					t.Errorf("%s: log %q, but the map draws 0x%x as %s", e.name, l.Text, l.Off, name)
				}
			}
		}
		st := a.Status()
		written := a.S.Good.Step.BytesWritten
		if written == 0 {
			t.Errorf("%s: the image step wrote 0 bytes", e.name)
		}
		if want := " " + dwarfread.Units(written, "byte") + " written to the image"; !strings.Contains(st, want) {
			t.Errorf("%s: status %q lacks %q", e.name, st, want)
		}
	}
	// An error keeps the last good layout, and says so truly.
	a.Edit(src + "const broken: u32 = ;\n")
	if st := a.Status(); !strings.Contains(st, "showing the last good layout") || a.S.Good == nil {
		t.Errorf("status with an error: %q", st)
	}
	b := NewApp()
	b.Load("bad.zig", "const broken: u32 = ;\n", DefaultOptions())
	if st := b.Status(); strings.Contains(st, "last good layout") {
		t.Errorf("status with no layout ever built claims one: %q", st)
	}
}

// TestCommandsFitProgram checks the export tab's debugger commands name
// the loaded program's own variable and type.
func TestCommandsFitProgram(t *testing.T) {
	a := NewApp()
	if err := a.Load("mine.zig", "const Pair = struct { a: u8, b: u8 };\nvar pair: Pair = .{ .a = 1, .b = 2 };\npub fn main() void {}\n", DefaultOptions()); err != nil {
		t.Fatal(err)
	}
	cmds := strings.Join(a.commandsToTry("mine.o"), "\n")
	for _, want := range []string{"ptype pair", "image lookup -t Pair"} {
		if !strings.Contains(cmds, want) {
			t.Errorf("commands lack %q:\n%s", want, cmds)
		}
	}
	if strings.Contains(cmds, "origin") || strings.Contains(cmds, "Point") {
		t.Errorf("commands name another program's variables:\n%s", cmds)
	}
}

// TestMapGeometry checks the map's zoom, pan and scales: zoomed in, each
// bar shows 1/zoom of its section from the pan; one scale for all draws
// each bar as long as its section; the drawing is as wide as the panel.
func TestMapGeometry(t *testing.T) {
	a := NewApp()
	if err := a.LoadSample(DefaultSample); err != nil {
		t.Fatal(err)
	}
	a.SetMapWidth(700)
	b := a.S.Good
	l := a.mapLayout(b)
	if l.width != 700 {
		t.Errorf("map width %v, want the panel's 700", l.width)
	}
	var longest uint64
	for _, g := range l.bars {
		longest = max(longest, uint64(len(b.Out.Sections[g.sec])))
		if g.off != 0 || g.span != uint64(len(b.Out.Sections[g.sec])) || g.x1 != 700-barRight {
			t.Errorf("%s: whole section expected, got [%d,+%d) to x %v", g.sec.Name(), g.off, g.span, g.x1)
		}
	}
	a.SetMapScale(ScaleCommon)
	for _, g := range a.mapLayout(b).bars {
		n := uint64(len(b.Out.Sections[g.sec]))
		want := barX0 + (700-barRight-barX0)*float64(n)/float64(longest)
		if math.Abs(g.x1-want) > 1e-9 {
			t.Errorf("one scale: %s (%d bytes) ends at %v, want %v", g.sec.Name(), n, g.x1, want)
		}
	}
	a.SetMapScale(ScalePerSection)
	a.ZoomMap(4, 0.5) // around the middle
	if a.MapZoom != 4 || math.Abs(a.MapPan-0.375) > 1e-9 {
		t.Errorf("zoom 4 at the middle: zoom %v pan %v, want 4 and 0.375", a.MapZoom, a.MapPan)
	}
	for _, g := range a.mapLayout(b).bars {
		n := uint64(len(b.Out.Sections[g.sec]))
		if g.span != max(n/4, 1) || g.off != uint64(0.375*float64(n)) {
			t.Errorf("%s zoomed: [%d,+%d), want [%d,+%d)", g.sec.Name(), g.off, g.span, uint64(0.375*float64(n)), n/4)
		}
	}
	a.PanMap(10) // far right: stops at the end
	if math.Abs(a.MapPan-0.75) > 1e-9 {
		t.Errorf("pan past the end: %v, want 0.75", a.MapPan)
	}
	a.PanMap(-10)
	if a.MapPan != 0 {
		t.Errorf("pan past the start: %v, want 0", a.MapPan)
	}
	a.ZoomMap(1e9, 0)
	if a.MapZoom != MaxMapZoom {
		t.Errorf("zoom bounded at %v, want %v", a.MapZoom, MaxMapZoom)
	}
	a.ResetMapZoom()
	if a.MapZoom != 1 || a.MapPan != 0 {
		t.Errorf("reset: zoom %v pan %v", a.MapZoom, a.MapPan)
	}
	// Map labels: the drawing is not scaled, so the style sheet's sizes
	// hold; the controls name the scales.
	html := a.MapHTML()
	if !strings.Contains(html, `width="700"`) || !strings.Contains(html, `viewBox="0 0 700 `) {
		t.Errorf("the map is not drawn at 700 px unscaled: %.200s", html)
	}
	for _, want := range []string{"each section its own", "one for all sections", `data-mapzoom="in"`} {
		if !strings.Contains(html, want) {
			t.Errorf("map controls lack %q", want)
		}
	}
}

// TestStatusPatches checks the status line and the error list reach the
// page as patches (the page does not render its components for them): sent
// when they change, with the status escaped, and not sent again when an
// edit leaves them as they were.
func TestStatusPatches(t *testing.T) {
	a := NewApp()
	if err := a.LoadSample(DefaultSample); err != nil {
		t.Fatal(err)
	}
	find := func(ps []Patch, id string) (string, bool) {
		for _, p := range ps {
			if p.ID == id {
				return p.HTML, true
			}
		}
		return "", false
	}
	good := a.S.Source
	bad := strings.Replace(good, "pub fn main() void {}", "const broken: u32 = ;\npub fn main() void {}", 1)
	if bad == good {
		t.Fatal("no main function in the default sample")
	}
	steps := []struct {
		name       string
		src        string // "" for no edit
		status     string // a part of the status patch; "" for no patch
		errors     string // a part of the errors patch
		sendErrors bool
	}{
		{"first render", "", "ok · first build", "", true},
		{"same source", good, "ok · 0 entries written", "", false},
		{"same source again", good, "", "", false},
		{"an error", bad, "1 error — showing the last good layout", `class="err"`, true},
		{"the error fixed", good, "ok · ", "", true},
	}
	for _, s := range steps {
		if s.src != "" {
			a.Edit(s.src)
		}
		ps := a.Patches()
		st, sent := find(ps, "status")
		if sent != (s.status != "") || !strings.Contains(st, s.status) {
			t.Errorf("%s: status patch %q (sent %v), want one with %q", s.name, st, sent, s.status)
		}
		if st != "" && st != html.EscapeString(a.Status()) {
			t.Errorf("%s: status patch %q is not the escaped status %q", s.name, st, a.Status())
		}
		errs, sent := find(ps, "errors")
		if sent != s.sendErrors || !strings.Contains(errs, s.errors) || (s.errors == "" && errs != "") {
			t.Errorf("%s: errors patch %q (sent %v), want sent %v with %q", s.name, errs, sent, s.sendErrors, s.errors)
		}
	}
}
