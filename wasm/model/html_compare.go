package model

import (
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/compare"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// CompareModes are what the Compare tab compares the page's build with:
// the same source with one option switched (format, profile, target) or
// the previous successful version of the source with the same options.
// "target" compares with x86 (or, from another target, x86_64);
// "target:NAME" with target NAME.
var CompareModes = []string{"format", "profile", "target", "previous"}

// compareModes returns the modes the tab offers: CompareModes with
// "target" spelled out for every other target.
func (a *App) compareModes() []string {
	var out []string
	for _, m := range CompareModes {
		if m != "target" {
			out = append(out, m)
			continue
		}
		for _, t := range strings.Split(target.Names(), "|") {
			if t != a.S.Opts.Target {
				out = append(out, "target:"+t)
			}
		}
	}
	return out
}

// compareState is the Compare tab's state: its mode, the versions of the
// source it may compare and the last comparison.
type compareState struct {
	// Mode is one of CompareModes ("" : "format").
	Mode string
	// name and last are the file name and source of the last successful
	// build, prev the source of the one before (of the same name).
	name, last, prev string
	key              string
	cmp              *Comparison
	err              error
}

// built records the source of a successful build.
func (c *compareState) built(name, src string) {
	switch {
	case name != c.name:
		c.name, c.last, c.prev = name, src, ""
	case src != c.last:
		c.last, c.prev = src, c.last
	}
}

// Comparison is what the Compare tab shows: two files' debug information
// compared (package compare), and what each file is.
type Comparison struct {
	Left, Right string
	Result      *compare.Result
	// LeftIsPage says the left file is the page's build: its entries
	// select in the map.
	LeftIsPage bool
	// leftLink, when set, links the left file's entries to its map (a
	// file opened in the page); else ownDIELink when LeftIsPage.
	leftLink DIELink
}

// link returns how the left file's rows select in the map (nil: they
// do not).
func (c *Comparison) link() DIELink {
	if c.leftLink != nil {
		return c.leftLink
	}
	if c.LeftIsPage {
		return ownDIELink
	}
	return nil
}

// linkAttrs writes the attributes selecting the left file's bytes at
// .debug_info offset off through link (nothing when link is nil or does
// not link off), titled title.
func linkAttrs(w *el.Builder, link DIELink, off uint64, title string) {
	if link == nil {
		return
	}
	m := link(off)
	if m == nil {
		return
	}
	w.Attr("data-sec", m["data-sec"]).Attr("data-off", m["data-off"]).Attr("title", title)
}

// CompareData compares two files' debug information. The page's build
// against another build and the page's build against a file the user
// opened both come through here.
func CompareData(left, right *dwarfread.Data, leftName, rightName string, leftIsPage bool) *Comparison {
	return &Comparison{Left: leftName, Right: rightName, Result: compare.Files(left, right), LeftIsPage: leftIsPage}
}

// SetCompareMode chooses what the Compare tab compares with.
func (a *App) SetCompareMode(mode string) error {
	if name, ok := strings.CutPrefix(mode, "target:"); ok {
		if _, err := target.Lookup(name); err != nil {
			return fmt.Errorf("compare mode %q: %v", mode, err)
		}
		a.cmp.Mode = mode
		return nil
	}
	for _, m := range CompareModes {
		if m == mode {
			a.cmp.Mode = mode
			return nil
		}
	}
	return fmt.Errorf("no compare mode %q", mode)
}

func (a *App) compareMode() string {
	if a.cmp.Mode == "" {
		return CompareModes[0]
	}
	return a.cmp.Mode
}

// compareTarget is the target the "target" mode compares with: a 32-bit
// one against x86_64, x86_64 against any other.
func compareTarget(t string) string {
	if t == "x86_64" {
		return "x86"
	}
	return "x86_64"
}

// compareOptions returns the options and source the other build of a
// mode is made from, and what to call it.
func (a *App) compareOptions(mode string) (Options, string, string, error) {
	o := a.S.Opts
	if name, ok := strings.CutPrefix(mode, "target:"); ok {
		o.Target = name
		return o, a.cmp.last, "target " + o.Target, nil
	}
	switch mode {
	case "format":
		o.Format = map[string]string{"32": "64", "64": "32"}[o.Format]
		return o, a.cmp.last, "DWARF" + o.Format, nil
	case "profile":
		o.Profile = otherProfile(o.Profile)
		return o, a.cmp.last, o.Profile + " profile", nil
	case "target":
		o.Target = compareTarget(o.Target)
		return o, a.cmp.last, "target " + o.Target, nil
	case "previous":
		if a.cmp.prev == "" {
			return o, "", "", fmt.Errorf("no previous version yet: edit the source and the build before your edit shows here")
		}
		return o, a.cmp.prev, "the previous version", nil
	}
	return o, "", "", fmt.Errorf("no compare mode %q", mode)
}

// sessionBuild builds src under name with options o in a session of its
// own (the page's build path).
func sessionBuild(name, src string, o Options) (*Session, error) {
	s := NewSession(name)
	if err := s.SetOptions(o); err != nil {
		return nil, err
	}
	if !s.Edit(src) {
		if s.Fatal != nil {
			return nil, s.Fatal
		}
		return nil, s.Errors
	}
	return s, nil
}

// readImage reads a session's file image (a copy: the image is patched
// by the next edit).
func readImage(s *Session) (*dwarfread.Data, error) {
	if s.Opts.Container != "elf" {
		return nil, fmt.Errorf("the comparison reads ELF files: switch the container to elf")
	}
	return dwarfread.Read(append([]byte(nil), s.Image()...))
}

// Compare compares the page's build with the other build of the tab's
// mode, cached until the build, the options or the mode change.
func (a *App) Compare() (*Comparison, error) {
	b := a.S.Good
	if b == nil {
		return nil, fmt.Errorf("nothing built yet")
	}
	mode := a.compareMode()
	o, src, label, err := a.compareOptions(mode)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("%s|%s|%d|%p|%s", mode, o.Query(a.S.Name), b.FileRev, b, src)
	if a.cmp.key == key {
		return a.cmp.cmp, a.cmp.err
	}
	a.cmp.key = key
	a.cmp.cmp, a.cmp.err = a.compareBuild(o, src, label)
	return a.cmp.cmp, a.cmp.err
}

func (a *App) compareBuild(o Options, src, label string) (*Comparison, error) {
	left, err := readImage(a.S)
	if err != nil {
		return nil, err
	}
	other, err := sessionBuild(a.S.Name, src, o)
	if err != nil {
		return nil, fmt.Errorf("%s does not build: %v", label, err)
	}
	right, err := readImage(other)
	if err != nil {
		return nil, err
	}
	mine := a.S.Opts
	return CompareData(left, right, fmt.Sprintf("this build (%s profile, DWARF%s, %s)", mine.Profile, mine.Format, mine.Target), label, true), nil
}

// compareKey is the Compare tab's cache key.
func (a *App) compareKey() string {
	b := a.S.Good
	return fmt.Sprintf("%s|%d|%p|%s|%s|%d", a.compareMode(), b.FileRev, b, a.S.Opts.Query(a.S.Name), a.selKey(), len(a.cmp.prev))
}

// compareMaxRows bounds the rows the tab draws.
const compareMaxRows = 2000

// compareHTML renders the Compare tab: the mode buttons, then units,
// entries and (for entries that differ) attributes aligned in two
// columns, differences highlighted, each side's bytes given.
func (a *App) compareHTML() string {
	mode := a.compareMode()
	var w el.Builder
	w.Open("div").Class("cmp").Open("div").Class("cmp-modes").Text("Compare this build with ")
	for _, m := range a.compareModes() {
		_, _, label, err := a.compareOptions(m)
		if err != nil {
			label = "the previous version"
		}
		pressed := m == mode || mode == "target" && m == "target:"+compareTarget(a.S.Opts.Target)
		w.Open("button").Class("btn tiny").Attr("data-compare", m).AttrBool("aria-pressed", pressed).Text(label).Close()
	}
	w.Close()
	c, err := a.Compare()
	if err != nil {
		w.Open("div").Class("empty").Text(err.Error())
		return w.String()
	}
	w.Add(comparisonHTML(c, a.selectedInfoOff()))
	return w.String()
}

// selectedInfoOff returns the selected byte's offset in .debug_info, or
// -1.
func (a *App) selectedInfoOff() int64 {
	if !a.Sel.valid || a.Sel.Sec != dwarfcore.DebugInfo {
		return -1
	}
	return int64(a.Sel.Off)
}

// comparisonHTML renders a comparison in two aligned columns. Rows of
// the left file select its entry in the map when it is the page's build
// (data-sec, data-off); sel is the selected .debug_info offset (-1:
// none), whose DIE's row is marked.
func comparisonHTML(c *Comparison, sel int64) el.HTML {
	var w el.Builder
	r := c.Result
	w.Open("div").AttrStart("class").Text("cmp-sum st-").Text(string(r.Status)).AttrEnd().Open("b").Text(string(r.Status)).Close().
		Text(" · ").Text(r.Summary()[len(r.Status)+2:]).Text(" · ").Open("span").Class("cmp-key")
	for _, k := range [...][2]string{{"st-encoding", "same meaning, other encoding "}, {"st-changed", "changed "}, {"st-only-left", "only left "}, {"st-only-right", "only right"}} {
		w.Open("i").Class(k[0]).Close().Text(k[1])
	}
	w.Close().Close()
	w.Open("div").Class("cmp-grid")
	w.Open("div").Class("cmp-row cmp-head").Open("div").Class("cmp-l").Text(c.Left).Close().Open("div").Class("cmp-r").Text(c.Right).Close().Close()
	rng := func(x compare.Range) {
		w.Open("span").Class("rng").AttrStart("title").Text("bytes in ").Text(x.Section).AttrEnd().Text("0x").Hex(x.Off).Text("+").Uint(x.Len).Close()
	}
	// side writes one side's cell (class cls) of a row with what.
	side := func(cls string, what func()) {
		w.Open("div").Class(cls)
		what()
		w.Close()
	}
	// openRow opens a row of class "cmp-row kind st-status" (and extra),
	// indented by depth (< 0: not).
	openRow := func(kind string, status compare.Status, extra string, depth int) {
		w.Open("div").AttrStart("class").Text("cmp-row ").Text(kind).Text(" st-").Text(string(status)).Text(extra).AttrEnd()
		if depth >= 0 {
			w.AttrStart("style").Text("--depth:").Int(int64(depth)).AttrEnd()
		}
	}
	rows := 0
	link := c.link()
	for _, u := range r.Units {
		us := func(s *compare.UnitSide) func() {
			return func() {
				if s == nil {
					w.Open("span").Class("dim").Text("—").Close()
					return
				}
				w.Text("unit ").Int(int64(s.Index)).Text(" ").Open("b").Text(dwarfread.Quote(s.Name)).Close().Text(" ")
				rng(s.Range)
			}
		}
		openRow("cmp-unit", u.Status, "", -1)
		side("cmp-l", us(u.Left))
		side("cmp-r", us(u.Right))
		w.Close()
		for _, f := range u.Header {
			if f.Status != compare.StatusEqual {
				openRow("cmp-field", f.Status, "", -1)
				side("cmp-l", func() { w.Text(f.Name).Text(" ").Text(f.Left) })
				side("cmp-r", func() { w.Text(f.Name).Text(" ").Text(f.Right) })
				w.Close()
			}
		}
		for _, e := range u.Entries {
			if rows++; rows > compareMaxRows {
				break
			}
			linked := e.Left != nil && link != nil
			extra := ""
			if linked && sel >= 0 && uint64(sel) >= e.Left.Range.Off && uint64(sel) < e.Left.Range.Off+e.Left.Range.Len {
				extra = " sel"
			}
			es := func(s *compare.EntrySide) func() {
				return func() {
					if s == nil {
						return
					}
					w.Open("span").Class("tag").Text(s.Tag).Close()
					if s.Name != "" {
						w.Text(" ").Text(dwarfread.Quote(s.Name))
					}
					w.Text(" ")
					rng(s.Range)
				}
			}
			openRow("cmp-entry", e.Status, extra, e.Depth)
			if linked {
				linkAttrs(&w, link, e.Left.Range.Off, "select this entry in the map")
			}
			side("cmp-l", es(e.Left))
			side("cmp-r", es(e.Right))
			w.Close()
			if e.Status == compare.StatusEqual || e.Left == nil || e.Right == nil {
				continue
			}
			for _, at := range e.Attrs {
				as := func(s *compare.AttrSide) func() {
					return func() {
						if s == nil {
							return
						}
						w.Open("span").Class("aname").Text(at.Attr).Close().Text(" ").Open("span").Class("val").Text(s.Value).Close().Text(" ").
							Open("span").Class("form").Text(s.Form).Close().Text(" ")
						rng(s.Range)
					}
				}
				openRow("cmp-attr", at.Status, "", e.Depth)
				if at.Left != nil {
					linkAttrs(&w, link, at.Left.Range.Off, "select this attribute in the map")
				}
				side("cmp-l", as(at.Left))
				side("cmp-r", as(at.Right))
				w.Close()
			}
		}
	}
	if rows > compareMaxRows {
		w.Open("div").Class("dim").Text("… the first ").Int(compareMaxRows).Text(" entries are shown").Close()
	}
	return w.HTML()
}
