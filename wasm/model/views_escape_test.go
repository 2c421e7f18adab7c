package model

import (
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
)

// hostileSource declares names (Zig's @"..." identifiers), a string and
// a file name that are markup if a view writes them unescaped.
const hostileSource = `const @"<i>T" = struct { @"a&b": u32, @"q\" data-evil=\"1": u8 };
var @"v'<script>": @"<i>T" = .{ .@"a&b" = 1, .@"q\" data-evil=\"1" = 2 };
const s: []const u8 = "<script>alert(1)</script>";
pub fn main() void {}
`

// rawMarkup are what the hostile names become in a view that does not
// escape them: an element or an attribute of the view's own.
var rawMarkup = []string{"<i>", "<script", `data-evil="`, `v'<`}

// checkEscaped fails the test when html holds one of rawMarkup.
func checkEscaped(t *testing.T, what, html string) {
	t.Helper()
	for _, m := range rawMarkup {
		if strings.Contains(html, m) {
			i := strings.Index(html, m)
			t.Errorf("%s writes %q unescaped: …%s…", what, m, html[max(i-80, 0):min(i+80, len(html))])
		}
	}
}

// TestViewsEscapeNames renders every view and tab of a program whose
// names hold <, >, &, " and ', with an item of every section selected
// and hovered, and of a file opened under such a name: no name becomes
// markup (the views build their HTML with package el).
func TestViewsEscapeNames(t *testing.T) {
	tabs := []string{"relocs", "abbrev", "lines", "strings", "encodings", "compare", "elf", "log", "layout", "verify", "export"}
	a := NewApp()
	if err := a.Load(`<i>evil".zig`, hostileSource, DefaultOptions()); err != nil || len(a.S.Errors) > 0 {
		t.Fatal(err, a.S.Errors)
	}
	escaped := false
	render := func(what string) {
		a.ResetPatches()
		for _, p := range a.Patches() {
			checkEscaped(t, what+": "+p.ID, p.HTML)
			escaped = escaped || strings.Contains(p.HTML, "&lt;i&gt;T")
		}
		for _, tab := range tabs {
			a.Tab = tab
			if a.Opened != nil {
				checkEscaped(t, what+": tab "+tab, a.openedTabHTML())
			} else {
				checkEscaped(t, what+": tab "+tab, a.TabHTML())
			}
		}
		a.Tab = "relocs"
	}
	render("load")
	b := a.S.Good
	for sec := dwarfcore.SectionID(0); sec < dwarfcore.NumSections; sec++ {
		if x := b.idx(sec); x != nil {
			for _, it := range x.items {
				a.Select(sec, it.Off)
				a.SetHover(sec, it.Off)
				render("selected " + sec.Name())
			}
		}
	}
	a.HexSec = -1
	render("hex of the file")
	a.ToggleArrows(dwarfcore.External.String())
	render("arrows")
	if svg := a.MapSVG(); svg == "" {
		t.Error("no map SVG")
	} else {
		checkEscaped(t, "map SVG", svg)
	}
	if !escaped {
		t.Error("no view shows the name <i>T (escaped): the test checks nothing")
	}

	if err := a.OpenFile(`<i>evil" data-evil="1.o`, gccObject(t)); err != nil {
		t.Fatal(err)
	}
	render("opened")
	o := a.Opened
	for i := range o.Data.Sections {
		if x := o.index(i); x != nil && len(x.items) > 0 {
			a.Select(dwarfcore.SectionID(i), x.items[len(x.items)/2].Off)
			render("opened, selected " + o.Data.Sections[i].Name)
		}
	}
	if e, err := a.openedExport("svg"); err != nil {
		t.Error(err)
	} else {
		checkEscaped(t, "opened map SVG", e.Text)
	}
}
