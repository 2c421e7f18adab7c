package model

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/dwarfcore/explain"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

var esc = html.EscapeString

func hexBytes(p []byte, max int) string {
	var sb strings.Builder
	for i, c := range p {
		if i == max {
			sb.WriteString("…")
			break
		}
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "%02x", c)
	}
	return sb.String()
}

func (b *Build) bytesOf(sec dwarfcore.SectionID, s *dwarfread.Span) []byte {
	data := b.Out.Sections[sec]
	if s.Off+s.Len > uint64(len(data)) {
		return nil
	}
	return data[s.Off : s.Off+s.Len]
}

// refLink renders a leaf's relocation target as a link that selects it
// (nothing when the leaf is not relocated).
func (b *Build) refLink(s *dwarfread.Span) el.Node {
	if s.Reloc < 0 || s.Reloc >= len(b.Out.Relocs) {
		return el.Text("")
	}
	r := b.Out.Relocs[s.Reloc]
	if r.Kind == dwarfcore.External {
		return el.New("span").Class("ref k-external").Text("→ " + r.Target())
	}
	label := r.Target()
	if x := b.idx(r.TargetSection); x != nil {
		if it := x.itemAt(r.TargetOffset); it != nil && it.Kind == dwarfread.SpanEntry {
			label += " " + it.Name
		}
	}
	return el.New("a").Class("ref k-"+r.Kind.String()).AttrInt("data-sec", int64(r.TargetSection)).
		Attr("data-off", strconv.FormatUint(r.TargetOffset, 10)).Text("→ " + label)
}

// leafRow is one row of the inspector's tables: a DIE's attribute (with
// its form) or a field; a click selects it.
func (a *App) leafRow(b *Build, sec dwarfcore.SectionID, l *dwarfread.Span, name, form string, withForm bool, maxBytes int) el.HTML {
	tr := el.New("tr").AttrInt("data-sec", int64(sec)).Attr("data-off", strconv.FormatUint(l.Off, 10)).Attr("data-x", name)
	if l == a.Sel.Leaf {
		tr.Class("sel")
	}
	tr.Add(el.New("td").Class("aname").Text(name))
	if withForm {
		tr.Add(el.New("td").Class("form").Text(form))
	}
	tr.Add(el.New("td").Class("off").Text(fmt.Sprintf("0x%x", l.Off)),
		el.New("td").Class("raw").Text(hexBytes(b.bytesOf(sec, l), maxBytes)),
		el.New("td").Class("val").Text(stripReloc(l.Value)+" ").Add(b.refLink(l)))
	return tr.HTML()
}

// InspectorHTML shows the selected item: its DIE tree with every
// attribute, or its fields.
func (a *App) InspectorHTML() string {
	b := a.S.Good
	if b == nil || !a.Sel.valid {
		return `<div class="empty">Click an entry in the map, a byte in the hex view or a row anywhere to inspect it.</div>`
	}
	return a.view("inspector", fmt.Sprintf("%x|%d|%s", b.Rev, b.NamesRev, a.selKey()), func() string { return a.inspectorHTML(b) })
}

func (a *App) inspectorHTML(b *Build) string {
	var sb strings.Builder
	it, sec := a.Sel.Item, a.Sel.Sec
	fmt.Fprintf(&sb, `<div class="insp-head"><span class="chip k-%s">%s</span> <b>%s</b><span class="dim"> %s+0x%x · %d bytes`, it.Kind, it.Kind, esc(it.Name), sec.Name(), it.Off, it.Len)
	if it.Owner != "" && it.Owner != it.Name {
		fmt.Fprintf(&sb, ` · %s`, esc(it.Owner))
	}
	sb.WriteString(`</span></div>`)
	x := b.idx(sec)
	ds := x.dies(it)
	if len(ds) > 0 {
		// A structure's layout (pahole's manner) beside its DIE.
		lay := a.inspectorLayoutHTML(b, ds)
		if lay != "" {
			sb.WriteString(`<div class="insp-split">` + lay)
		}
		sb.WriteString(`<div class="die-tree">`)
		for _, d := range ds {
			depth := 0
			if d.DIE != nil {
				depth = d.DIE.Depth
			}
			fmt.Fprintf(&sb, `<div class="die" style="--depth:%d">`, depth)
			if d.Kind == dwarfread.SpanNull {
				fmt.Fprintf(&sb, `<div class="die-head" data-sec="%d" data-off="%d"><span class="off">&lt;0x%x&gt;</span> <span class="dim">null entry (end of children)</span></div></div>`, sec, d.Off, d.Off)
				continue
			}
			tag, abbr := d.Name, ""
			if d.DIE != nil {
				tag = d.DIE.Tag
				abbr = fmt.Sprintf("abbrev %d · %s", d.DIE.Code, d.DIE.Abbrev)
			}
			fmt.Fprintf(&sb, `<div class="die-head" data-sec="%d" data-off="%d" data-x="%s"><span class="off">&lt;0x%x&gt;</span> <span class="tag">%s</span> <span class="dim">%s</span></div>`, sec, d.Off, esc(tag), d.Off, esc(tag), esc(abbr))
			sb.WriteString(`<table class="attrs"><thead><tr><th>attribute</th><th>form</th><th>offset</th><th>raw bytes</th><th>value</th></tr></thead><tbody>`)
			for _, at := range d.Leaves() {
				a.attrRow(&sb, b, sec, at)
			}
			sb.WriteString(`</tbody></table></div>`)
		}
		sb.WriteString(`</div>`)
		if lay != "" {
			sb.WriteString(`</div>`)
		}
		return sb.String()
	}
	sb.WriteString(`<table class="attrs"><thead><tr><th>field</th><th>offset</th><th>raw bytes</th><th>value</th></tr></thead><tbody>`)
	x.expand(it)
	leaves := it.Leaves()
	if len(it.Children) == 0 {
		leaves = []*dwarfread.Span{it}
	}
	for i, l := range leaves {
		if i == 400 {
			fmt.Fprintf(&sb, `<tr><td colspan="4" class="dim">… %d more</td></tr>`, len(leaves)-i)
			break
		}
		sb.WriteString(a.leafRow(b, sec, l, l.Name, "", false, 24).String())
	}
	sb.WriteString(`</tbody></table>`)
	if sec == dwarfcore.DebugStr || sec == dwarfcore.DebugLineStr {
		refs := a.stringRefs(b, sec)[it.Off]
		fmt.Fprintf(&sb, `<div class="sub">referenced by %d</div><ul class="refs">`, len(refs))
		for _, r := range refs {
			fmt.Fprintf(&sb, `<li><a data-sec="%d" data-off="%d">%s</a></li>`, r.sec, r.off, esc(r.text))
		}
		sb.WriteString(`</ul>`)
	}
	return sb.String()
}

func stripReloc(v string) string {
	if i := strings.Index(v, " ["); i >= 0 && strings.HasSuffix(v, "]") {
		return v[:i]
	}
	return v
}

func (a *App) attrRow(sb *strings.Builder, b *Build, sec dwarfcore.SectionID, at *dwarfread.Span) {
	name, form := at.Name, ""
	if at.Attr != nil {
		name, form = at.Attr.Attr, at.Attr.Form
	}
	sb.WriteString(a.leafRow(b, sec, at, name, form, true, 16).String())
}

type strRef struct {
	sec  dwarfcore.SectionID
	off  uint64
	text string
}

// stringRefs maps each string's offset to who references it.
func (a *App) stringRefs(b *Build, strSec dwarfcore.SectionID) map[uint64][]strRef {
	m := map[uint64][]strRef{}
	for _, r := range b.Out.Relocs {
		if r.Kind != dwarfcore.CrossSection || r.TargetSection != strSec {
			continue
		}
		text := fmt.Sprintf("%s+0x%x", r.Section.Name(), r.Offset)
		if x := b.idx(r.Section); x != nil {
			if l := x.leafAt(r.Offset); l != nil {
				text = l.Name
				if l.Attr != nil {
					text = l.Attr.Attr
				}
			}
			if it := x.itemAt(r.Offset); it != nil {
				text += " of " + it.Name
			}
		}
		m[r.TargetOffset] = append(m[r.TargetOffset], strRef{r.Section, r.Offset, text})
	}
	return m
}

// ExplainHTML explains the hovered (or selected) leaf.
func (a *App) ExplainHTML() string {
	s, sec := a.explained()
	if s == nil {
		return `<div class="empty">Hover over a byte, a field or an attribute: what it is and where DWARF 5 defines it shows here.</div>`
	}
	var sb strings.Builder
	pin, pinTitle := "Pin", "keep this explanation while the mouse moves"
	if a.Pinned != nil {
		pin, pinTitle = "Unpin", "follow the mouse again"
	}
	sb.WriteString(el.New("button").Class("btn tiny pin-btn").Attr("data-pin", "1").
		Attr("aria-pressed", fmt.Sprint(a.Pinned != nil)).Attr("title", pinTitle).Text(pin).HTML().String())
	explainSpan(&sb, s, sec.Name())
	return sb.String()
}

// explainSpan writes what span s of section secName is, its value and
// the explanations of the DWARF names it holds.
func explainSpan(sb *strings.Builder, s *dwarfread.Span, secName string) {
	fmt.Fprintf(sb, `<div class="ex-what"><span class="chip k-%s">%s</span> <b>%s</b> <span class="dim">%s+0x%x, %d bytes</span></div>`, s.Kind, s.Kind, esc(s.Name), secName, s.Off, s.Len)
	if s.Value != "" {
		fmt.Fprintf(sb, `<div class="ex-val">= %s</div>`, esc(s.Value))
	}
	for _, e := range explain.ForSpan(s) {
		fmt.Fprintf(sb, `<div class="ex"><div class="ex-name">%s <span class="ex-ref">%s</span></div><div class="ex-text">%s</div></div>`, esc(e.Name), esc(e.Ref()), esc(e.Text))
	}
}

// explained is what the explanation shows: the pinned span, else the
// hovered one, else the selection.
func (a *App) explained() (*dwarfread.Span, dwarfcore.SectionID) {
	if a.Pinned != nil {
		return a.Pinned, a.PinnedSec
	}
	s, sec := a.Hover, a.HoverSec
	if s == nil && a.Sel.valid {
		s, sec = a.Sel.Leaf, a.Sel.Sec
		if s == nil {
			s = a.Sel.Item
		}
	}
	return s, sec
}

// HoverText is a one-line description of the hovered byte.
func (a *App) HoverText() string {
	if a.Hover == nil {
		return ""
	}
	s := a.Hover
	v := s.Value
	if len(v) > 80 {
		v = v[:80] + "…"
	}
	return fmt.Sprintf("%s+0x%x  %s  %s", a.HoverSec.Name(), s.Off, s.Name, v)
}

// HexHTML is the hex view of the selected section (or the ELF file).
func (a *App) HexHTML() string {
	b := a.S.Good
	if b == nil {
		return `<div class="empty">No bytes yet: the hex view shows a debug section (or the whole file) once the source compiles.</div>`
	}
	rev := b.FileRev
	if a.HexSec >= 0 && a.HexSec < int(dwarfcore.NumSections) {
		rev = b.Rev[a.HexSec]
	}
	key := fmt.Sprintf("%d|%d|%d|%s", rev, a.HexSec, a.HexStart, a.selKey())
	return a.view("hex", key, func() string { return a.hexHTML(b) })
}

const hexRows = 40

func (a *App) hexHTML(b *Build) string {
	var sb strings.Builder
	var data []byte
	var x *sectionIndex
	sec := dwarfcore.SectionID(0)
	if a.HexSec >= 0 {
		sec = dwarfcore.SectionID(a.HexSec)
		data, x = b.Out.Sections[sec], b.idx(sec)
	} else {
		data = b.File.Bytes
	}
	selOff := int64(-1)
	if a.Sel.valid && a.HexSec == int(a.Sel.Sec) {
		selOff = int64(a.Sel.Item.Off)
	}
	start, end := hexWindow(len(data), a.HexStart, selOff)
	var selLo, selHi, leafLo, leafHi uint64 = 1, 0, 1, 0
	if a.Sel.valid && a.HexSec == int(a.Sel.Sec) {
		selLo, selHi = a.Sel.Item.Off, a.Sel.Item.Off+a.Sel.Item.Len
		if a.Sel.Leaf != nil {
			leafLo, leafHi = a.Sel.Leaf.Off, a.Sel.Leaf.Off+a.Sel.Leaf.Len
		}
	}
	// Kind and leaf boundaries per byte.
	var leaves []*dwarfread.Span
	if x != nil {
		leaves = x.leavesIn(uint64(start), uint64(end))
	}
	fileSec := func(off uint64) int {
		for _, s := range b.File.Sections {
			if s.Size > 0 && off >= s.Offset && off < s.Offset+s.Size && s.Type != 8 {
				return s.Index
			}
		}
		return -1
	}
	fmt.Fprintf(&sb, `<div class="hx-info">%d bytes · showing 0x%x–0x%x</div>`, len(data), start, end)
	byteClass := func(o uint64) string {
		if si := fileSec(o); si >= 0 {
			return fmt.Sprintf(" fs%d", si%6)
		}
		return " k-slack"
	}
	attr := func(off int64) string { return fmt.Sprintf(`data-foff="%d"`, off) }
	if a.HexSec >= 0 {
		byteClass = nil
		attr = func(off int64) string { return fmt.Sprintf(`data-sec="%d" data-off="%d"`, sec, off) }
	}
	writeHexRows(&sb, data, start, end, leaves, [2]uint64{selLo, selHi}, [2]uint64{leafLo, leafHi}, byteClass, attr)
	return sb.String()
}

// hexWindow returns the bytes [start, end) the hex view shows of n:
// hexRows rows from the row at hexStart when the user scrolled (>= 0),
// else from four rows above the selection at selOff (-1: none).
func hexWindow(n int, hexStart, selOff int64) (start, end int64) {
	start = hexStart
	if start < 0 {
		start = 0
		if selOff >= 4*16 {
			start = selOff/16*16 - 4*16
		}
	}
	if max := int64(n) - hexRows*16; start > max {
		start = (max + 15) / 16 * 16
	}
	if start < 0 {
		start = 0
	}
	return start, min(start+hexRows*16, int64(n))
}

// writeHexRows writes the hex rows of data[start:end]: leaves (in
// offset order; nil when the bytes have no map) give each byte its
// kind's class, byteClass (when not nil) the class of a byte without
// leaves; the bytes in sel (the selected item) and leaf (the selected
// leaf) are marked; attr gives a byte's data attributes.
func writeHexRows(sb *strings.Builder, data []byte, start, end int64, leaves []*dwarfread.Span, sel, leaf [2]uint64, byteClass func(o uint64) string, attr func(off int64) string) {
	li := 0
	for row := start; row < end; row += 16 {
		fmt.Fprintf(sb, `<div class="hx-row"><span class="hx-off">%08x</span><span class="hx-bytes">`, row)
		var ascii strings.Builder
		for off := row; off < row+16; off++ {
			if off >= end {
				sb.WriteString(`<span class="b pad">  </span>`)
				continue
			}
			o := uint64(off)
			cls := "b"
			if byteClass == nil {
				for li < len(leaves) && leaves[li].Off+leaves[li].Len <= o {
					li++
				}
				if li < len(leaves) && leaves[li].Off <= o {
					l := leaves[li]
					cls += " k-" + string(l.Kind)
					if l.Off == o {
						cls += " lstart"
					}
				}
			} else {
				cls += byteClass(o)
			}
			if o >= sel[0] && o < sel[1] {
				cls += " insel"
			}
			if o >= leaf[0] && o < leaf[1] {
				cls += " inleaf"
			}
			if off%8 == 0 && off%16 != 0 {
				cls += " mid"
			}
			c := data[off]
			fmt.Fprintf(sb, `<span class="%s" %s>%02x</span>`, cls, attr(off), c)
			if c >= 0x20 && c < 0x7f {
				ascii.WriteString(esc(string(rune(c))))
			} else {
				ascii.WriteByte('.')
			}
		}
		fmt.Fprintf(sb, `</span><span class="hx-ascii">%s</span></div>`, ascii.String())
	}
}

// HexSections lists the hex view's choices: value and label.
func (a *App) HexSections() [][2]string {
	if a.Opened != nil {
		return a.Opened.hexSections()
	}
	out := [][2]string{}
	if b := a.S.Good; b != nil {
		for i := dwarfcore.SectionID(0); i < dwarfcore.NumSections; i++ {
			if len(b.Out.Sections[i]) > 0 {
				out = append(out, [2]string{fmt.Sprint(int(i)), i.Name()})
			}
		}
	}
	return append(out, [2]string{"-1", "whole file"})
}

// ErrorsHTML lists the source's errors as file:line:col: error: message;
// a click puts the editor's caret there.
func (a *App) ErrorsHTML() string {
	var out []el.HTML
	for _, e := range a.S.Errors {
		pos := fmt.Sprintf("%s:%d:%d", a.S.Name, e.Line, e.Col)
		out = append(out, el.New("div").Class("err").AttrInt("data-line", int64(e.Line)).AttrInt("data-col", int64(e.Col)).
			Attr("title", "go to "+pos).
			Add(el.New("span").Class("err-pos").Text(pos+":")).Text(" error: "+e.Msg).HTML())
	}
	if a.S.Fatal != nil {
		out = append(out, el.New("div").Class("err").Text(a.S.Fatal.Error()).HTML())
	}
	return el.Join(out...).String()
}

// ErrorMark is one of the editor's error markers: the offending token
// (line, column, length in columns), the message, and the gap in columns
// from the token's start to the end of its line (the message is drawn
// there, beside the code).
type ErrorMark struct {
	Line, Col int
	Len, Gap  int
	Msg       string
}

// Marks returns the markers of the current errors.
func (a *App) Marks() []ErrorMark {
	var out []ErrorMark
	src := a.S.Source
	lineStart := func(line int) int {
		off := 0
		for l := 1; l < line; l++ {
			i := strings.IndexByte(src[off:], '\n')
			if i < 0 {
				return -1
			}
			off += i + 1
		}
		return off
	}
	for _, e := range a.S.Errors {
		m := ErrorMark{Line: e.Line, Col: e.Col, Len: 1, Msg: e.Msg}
		if ls := lineStart(e.Line); ls >= 0 {
			line := src[ls:]
			if i := strings.IndexByte(line, '\n'); i >= 0 {
				line = line[:i]
			}
			if c := e.Col - 1; c >= 0 && c <= len(line) {
				m.Len = max(tokenLen(line[c:]), 1)
				m.Gap = len(strings.TrimRight(line, " \t")) - c
			}
		}
		out = append(out, m)
	}
	return out
}

// tokenLen is the length of the token s starts with: a name or number,
// a quoted literal, or one character.
func tokenLen(s string) int {
	if s == "" {
		return 0
	}
	word := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '@' || c == '.'
	}
	switch {
	case s[0] == '"' || s[0] == '\'':
		for i := 1; i < len(s); i++ {
			if s[i] == '\\' {
				i++
			} else if s[i] == s[0] {
				return i + 1
			}
		}
		return len(s)
	case word(s[0]) && s[0] != '.':
		i := 0
		for i < len(s) && word(s[i]) && (s[i] != '.' || i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9') {
			i++
		}
		return i
	}
	return 1
}
