package model

import (
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/compare"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
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

// linkAttrs is the attributes (with a leading space) selecting the left
// file's bytes at .debug_info offset off through link, titled title.
func linkAttrs(link DIELink, off uint64, title string) string {
	if link == nil {
		return ""
	}
	m := link(off)
	if m == nil {
		return ""
	}
	return fmt.Sprintf(` data-sec="%s" data-off="%s" title="%s"`, m["data-sec"], m["data-off"], title)
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
	var sb strings.Builder
	mode := a.compareMode()
	sb.WriteString(`<div class="cmp"><div class="cmp-modes">Compare this build with `)
	for _, m := range a.compareModes() {
		_, _, label, err := a.compareOptions(m)
		if err != nil {
			label = "the previous version"
		}
		pressed := m == mode || mode == "target" && m == "target:"+compareTarget(a.S.Opts.Target)
		fmt.Fprintf(&sb, `<button class="btn tiny" data-compare="%s" aria-pressed="%t">%s</button>`, m, pressed, esc(label))
	}
	sb.WriteString(`</div>`)
	c, err := a.Compare()
	if err != nil {
		fmt.Fprintf(&sb, `<div class="empty">%s</div></div>`, esc(err.Error()))
		return sb.String()
	}
	sb.WriteString(comparisonHTML(c, a.selectedInfoOff()))
	sb.WriteString(`</div>`)
	return sb.String()
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
func comparisonHTML(c *Comparison, sel int64) string {
	var sb strings.Builder
	r := c.Result
	fmt.Fprintf(&sb, `<div class="cmp-sum st-%s"><b>%s</b> · %s · <span class="cmp-key"><i class="st-encoding"></i>same meaning, other encoding <i class="st-changed"></i>changed <i class="st-only-left"></i>only left <i class="st-only-right"></i>only right</span></div>`,
		r.Status, r.Status, esc(r.Summary()[len(r.Status)+2:]))
	sb.WriteString(`<div class="cmp-grid">`)
	fmt.Fprintf(&sb, `<div class="cmp-row cmp-head"><div class="cmp-l">%s</div><div class="cmp-r">%s</div></div>`, esc(c.Left), esc(c.Right))
	rng := func(x compare.Range) string {
		return fmt.Sprintf(`<span class="rng" title="bytes in %s">0x%x+%d</span>`, x.Section, x.Off, x.Len)
	}
	rows := 0
	link := c.link()
	for _, u := range r.Units {
		us := func(s *compare.UnitSide) string {
			if s == nil {
				return `<span class="dim">—</span>`
			}
			return fmt.Sprintf(`unit %d <b>%s</b> %s`, s.Index, esc(dwarfread.Quote(s.Name)), rng(s.Range))
		}
		fmt.Fprintf(&sb, `<div class="cmp-row cmp-unit st-%s"><div class="cmp-l">%s</div><div class="cmp-r">%s</div></div>`, u.Status, us(u.Left), us(u.Right))
		for _, f := range u.Header {
			if f.Status != compare.StatusEqual {
				fmt.Fprintf(&sb, `<div class="cmp-row cmp-field st-%s"><div class="cmp-l">%s %s</div><div class="cmp-r">%s %s</div></div>`,
					f.Status, f.Name, esc(f.Left), f.Name, esc(f.Right))
			}
		}
		for _, e := range u.Entries {
			if rows++; rows > compareMaxRows {
				break
			}
			attrs := ""
			cls := "cmp-row cmp-entry st-" + string(e.Status)
			if e.Left != nil && link != nil {
				attrs = linkAttrs(link, e.Left.Range.Off, "select this entry in the map")
				if sel >= 0 && uint64(sel) >= e.Left.Range.Off && uint64(sel) < e.Left.Range.Off+e.Left.Range.Len {
					cls += " sel"
				}
			}
			es := func(s *compare.EntrySide) string {
				if s == nil {
					return ""
				}
				n := ""
				if s.Name != "" {
					n = " " + esc(dwarfread.Quote(s.Name))
				}
				return fmt.Sprintf(`<span class="tag">%s</span>%s %s`, s.Tag, n, rng(s.Range))
			}
			fmt.Fprintf(&sb, `<div class="%s" style="--depth:%d"%s><div class="cmp-l">%s</div><div class="cmp-r">%s</div></div>`, cls, e.Depth, attrs, es(e.Left), es(e.Right))
			if e.Status == compare.StatusEqual || e.Left == nil || e.Right == nil {
				continue
			}
			for _, at := range e.Attrs {
				as := func(s *compare.AttrSide) string {
					if s == nil {
						return ""
					}
					return fmt.Sprintf(`<span class="aname">%s</span> <span class="val">%s</span> <span class="form">%s</span> %s`, at.Attr, esc(s.Value), s.Form, rng(s.Range))
				}
				sel := ""
				if at.Left != nil {
					sel = linkAttrs(link, at.Left.Range.Off, "select this attribute in the map")
				}
				fmt.Fprintf(&sb, `<div class="cmp-row cmp-attr st-%s" style="--depth:%d"%s><div class="cmp-l">%s</div><div class="cmp-r">%s</div></div>`, at.Status, e.Depth, sel, as(at.Left), as(at.Right))
			}
		}
	}
	if rows > compareMaxRows {
		fmt.Fprintf(&sb, `<div class="dim">… the first %d entries are shown</div>`, compareMaxRows)
	}
	sb.WriteString(`</div>`)
	return sb.String()
}
