package model

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// EncLine is one line of an entry's DIE tree as the encodings tab shows
// it: a DIE's tag (Attr "") or one of its attributes with its decoded
// value. Key is what is compared between the two profiles (offsets left
// out, references named by their target).
type EncLine struct {
	Depth int
	Tag   string
	Attr  string
	Form  string
	Value string
	// Differs is set when the other profile's tree has no matching line.
	Differs bool
}

func (l EncLine) key() string {
	if l.Attr == "" {
		return fmt.Sprintf("%d %s", l.Depth, l.Tag)
	}
	return fmt.Sprintf("%d %s=%s", l.Depth, l.Attr, l.Value)
}

// EncTree is the tree of one entry (and of the type a declaration refers
// to) under one profile.
type EncTree struct {
	Profile string
	Lines   []EncLine
	// Missing is set when the profile's build has no entry of that name.
	Missing bool
}

// otherProfile returns the profile the encodings tab compares with.
func otherProfile(p string) string {
	if p == "portable" {
		return "zig"
	}
	return "portable"
}

// otherBuild builds the session's source with the other profile (the
// same build path as the page's, a session of its own), cached until the
// source or options change.
func (a *App) otherBuild() (*Build, error) {
	o := a.S.Opts
	o.Profile = otherProfile(o.Profile)
	key := a.S.Name + "\x00" + o.Query("") + "\x00" + a.S.Source
	if a.encKey == key && a.encBuild != nil {
		return a.encBuild, nil
	}
	s, err := sessionBuild(a.S.Name, a.S.Source, o)
	if err != nil {
		return nil, err
	}
	a.encKey, a.encBuild = key, s.Good
	return s.Good, nil
}

// Encodings returns the selected entry's trees under the zig and the
// portable profile, with the lines that differ marked. The selection must
// be an entry of .debug_info.
func (a *App) Encodings() (zig, portable EncTree, err error) {
	b := a.S.Good
	if b == nil || !a.Sel.valid || a.Sel.Sec != dwarfcore.DebugInfo || a.Sel.Item.Kind != dwarfread.SpanEntry {
		return zig, portable, fmt.Errorf("select a declaration or type entry of .debug_info")
	}
	ob, err := a.otherBuild()
	if err != nil {
		return zig, portable, err
	}
	name := a.Sel.Item.Name
	mine := EncTree{Profile: a.S.Opts.Profile, Lines: entryLines(b, name)}
	other := EncTree{Profile: otherProfile(a.S.Opts.Profile), Lines: entryLines(ob, name)}
	mine.Missing, other.Missing = mine.Lines == nil, other.Lines == nil
	markDiff(mine.Lines, other.Lines)
	if mine.Profile == "portable" {
		return other, mine, nil
	}
	return mine, other, nil
}

// entryLines returns the lines of the .debug_info entry called name in b,
// followed by those of the entry its top DIE's DW_AT_type refers to (a
// declaration's type); nil when b has no such entry.
func entryLines(b *Build, name string) []EncLine {
	x := b.idx(dwarfcore.DebugInfo)
	if x == nil {
		return nil
	}
	var it *dwarfread.Span
	for _, s := range x.items {
		if s.Kind == dwarfread.SpanEntry && s.Name == name {
			it = s
			break
		}
	}
	if it == nil {
		return nil
	}
	lines, typ := dieLines(b, x, it)
	if typ != nil && typ != it {
		more, _ := dieLines(b, x, typ)
		lines = append(lines, more...)
	}
	return lines
}

// dieLines returns the lines of item it's DIEs and the entry its top
// DIE's DW_AT_type refers to (nil when none).
func dieLines(b *Build, x *sectionIndex, it *dwarfread.Span) ([]EncLine, *dwarfread.Span) {
	var lines []EncLine
	var typ *dwarfread.Span
	dies := x.dies(it)
	// A reference inside the entry is named by its target DIE's tag and name.
	local := map[uint64]string{}
	for _, d := range dies {
		if d.DIE == nil {
			continue
		}
		local[d.Off] = dieLabel(d)
	}
	for _, d := range dies {
		if d.DIE == nil {
			continue
		}
		lines = append(lines, EncLine{Depth: d.DIE.Depth, Tag: d.DIE.Tag})
		for _, l := range d.Leaves() {
			if l.Attr == nil {
				continue
			}
			v := stripReloc(l.Value)
			if l.Reloc >= 0 && l.Reloc < len(b.Out.Relocs) && b.Out.Relocs[l.Reloc].Kind != dwarfcore.External && b.Out.Relocs[l.Reloc].TargetSection == dwarfcore.DebugInfo {
				// A reference: name its target, not its offset.
				r := b.Out.Relocs[l.Reloc]
				v = fmt.Sprintf("→ .debug_info 0x%x", r.TargetOffset)
				if name, ok := local[r.TargetOffset]; ok {
					v = "→ " + name
				} else if t := x.itemAt(r.TargetOffset); t != nil && t.Off == r.TargetOffset {
					v = "→ " + t.Name
					if d.DIE.Depth == 0 && l.Attr.Attr == dw.AttrType.String() {
						typ = t
					}
				} else if t != nil {
					// A DIE inside another entry (the portable profile's
					// u0 typedef sits in the u0 type's entry).
					v = "→ a DIE in " + t.Name
					for _, td := range x.dies(t) {
						if td.Off == r.TargetOffset && td.DIE != nil {
							v = "→ " + dieLabel(td) + " in " + t.Name
						}
					}
				}
			}
			lines = append(lines, EncLine{Depth: d.DIE.Depth, Attr: l.Attr.Attr, Form: l.Attr.Form, Value: v})
		}
	}
	return lines, typ
}

// dieLabel names a DIE by its tag and name (`DW_TAG_member "has_value"`).
func dieLabel(d *dwarfread.Span) string {
	label := d.DIE.Tag
	for _, l := range d.Leaves() {
		if l.Attr != nil && l.Attr.Attr == dw.AttrName.String() {
			label += " " + stripReloc(l.Value)
		}
	}
	return label
}

// markDiff marks the lines of a and b outside their longest common
// subsequence (by key).
func markDiff(a, b []EncLine) {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i].key() == b[j].key() {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i].key() == b[j].key():
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			a[i].Differs = true
			i++
		default:
			b[j].Differs = true
			j++
		}
	}
	for ; i < n; i++ {
		a[i].Differs = true
	}
	for ; j < m; j++ {
		b[j].Differs = true
	}
}

// tags returns the tags of t's DIEs.
func (t EncTree) tags() []string {
	var tags []string
	for _, l := range t.Lines {
		if l.Attr == "" {
			tags = append(tags, l.Tag)
		}
	}
	return tags
}

// encodingsHTML renders the selected entry's two trees side by side.
func (a *App) encodingsHTML() string {
	zig, portable, err := a.Encodings()
	var w el.Builder
	if err != nil {
		w.Open("div").Class("empty").Text(err.Error()).Text(": its trees under the zig and the portable profile show here side by side.")
		return w.String()
	}
	w.Open("div").Class("enc-why").Open("b").Text(a.Sel.Item.Name).Close().Text(" · ").Text(dwarfcore.ProfileDifference(zig.tags(), portable.tags())).Close()
	w.Open("div").Class("enc-cols")
	for _, t := range []EncTree{zig, portable} {
		w.Open("div").Class("enc-col").Attr("data-profile", t.Profile).Open("h4").Text(t.Profile).Text(" profile")
		if t.Profile == a.S.Opts.Profile {
			w.Text(" ").Open("span").Class("dim").Text("(the page's)").Close()
		}
		w.Close()
		if t.Missing {
			w.Open("div").Class("dim").Text("no entry of this name under this profile").Close()
		}
		for _, l := range t.Lines {
			w.Open("div").AttrStart("class").Text("enc-line")
			if l.Differs {
				w.Text(" enc-diff")
			}
			if l.Attr == "" {
				w.Text(" enc-tag")
			}
			w.AttrStart("style").Text("--depth:").Int(int64(l.Depth)).AttrEnd()
			if l.Attr == "" {
				w.Open("span").Class("tag").Text(l.Tag).Close().Close()
				continue
			}
			w.Open("span").Class("aname").Text(l.Attr).Close().Text(" ").Open("span").Class("val").Text(l.Value).Close().Text(" ").
				Open("span").Class("form").Text(l.Form).Close().Close()
		}
		w.Close()
	}
	return w.String()
}
