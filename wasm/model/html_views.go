package model

import (
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/dwarfcore/explain"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// writeHexBytes writes the bytes p in hex, space-separated, at most max
// of them (then "…").
func writeHexBytes(w *el.Builder, p []byte, max int) {
	for i, c := range p {
		if i == max {
			w.Text("…")
			break
		}
		if i > 0 {
			w.Text(" ")
		}
		w.HexPad(uint64(c), 2)
	}
}

func (b *Build) bytesOf(sec dwarfcore.SectionID, s *dwarfread.Span) []byte {
	data := b.Out.Sections[sec]
	if s.Off+s.Len > uint64(len(data)) {
		return nil
	}
	return data[s.Off : s.Off+s.Len]
}

// refLink writes a leaf's relocation target as a link that selects it
// (nothing when the leaf is not relocated).
func (b *Build) refLink(w *el.Builder, s *dwarfread.Span) {
	if s.Reloc < 0 || s.Reloc >= len(b.Out.Relocs) {
		return
	}
	r := b.Out.Relocs[s.Reloc]
	if r.Kind == dwarfcore.External {
		w.Open("span").Class("ref k-external").Text("→ ").Text(r.Target()).Close()
		return
	}
	w.Open("a").AttrStart("class").Text("ref k-").Text(r.Kind.String()).AttrEnd().AttrInt("data-sec", int64(r.TargetSection)).
		AttrUint("data-off", r.TargetOffset).Text("→ ").Text(r.Target())
	if x := b.idx(r.TargetSection); x != nil {
		if it := x.itemAt(r.TargetOffset); it != nil && it.Kind == dwarfread.SpanEntry {
			w.Text(" ").Text(it.Name)
		}
	}
	w.Close()
}

// openRow opens a table row that selects byte off of section sec (data-x
// names it for the page's tests), marked selected when sel.
func openRow(w *el.Builder, sec int, off uint64, x string, sel bool) {
	w.Open("tr").AttrInt("data-sec", int64(sec)).AttrUint("data-off", off).Attr("data-x", x)
	if sel {
		w.Class("sel")
	}
}

// cell writes a table cell of class cls ("": none) holding text.
func cell(w *el.Builder, cls, text string) {
	w.Open("td")
	if cls != "" {
		w.Class(cls)
	}
	w.Text(text).Close()
}

// offCell writes a cell of class "off" holding off in hex.
func offCell(w *el.Builder, off uint64) {
	w.Open("td").Class("off").Text("0x").Hex(off).Close()
}

// leafRow is one row of the inspector's tables: a DIE's attribute (with
// its form) or a field; a click selects it.
func (a *App) leafRow(w *el.Builder, b *Build, sec dwarfcore.SectionID, l *dwarfread.Span, name, form string, withForm bool, maxBytes int) {
	openRow(w, int(sec), l.Off, name, l == a.Sel.Leaf)
	cell(w, "aname", name)
	if withForm {
		cell(w, "form", form)
	}
	offCell(w, l.Off)
	w.Open("td").Class("raw")
	writeHexBytes(w, b.bytesOf(sec, l), maxBytes)
	w.Close()
	w.Open("td").Class("val").Text(stripReloc(l.Value)).Text(" ")
	b.refLink(w, l)
	w.Close().Close()
}

// textHTML is text as the content of an element (escaped).
func textHTML(s string) string {
	var w el.Builder
	w.Text(s)
	return w.String()
}

// emptyHTML is a view's placeholder: a div of class "empty" saying text.
func emptyHTML(text string) string {
	return el.New("div").Class("empty").Text(text).HTML().String()
}

// InspectorHTML shows the selected item: its DIE tree with every
// attribute, or its fields.
func (a *App) InspectorHTML() string {
	b := a.S.Good
	if b == nil || !a.Sel.valid {
		return emptyHTML("Click an entry in the map, a byte in the hex view or a row anywhere to inspect it.")
	}
	return a.view("inspector", fmt.Sprintf("%x|%d|%s", b.Rev, b.NamesRev, a.selKey()), func() string { return a.inspectorHTML(b) })
}

// inspectorHead writes the inspector's first line: item it of section
// secName, and who owns it ("": nobody named).
func inspectorHead(w *el.Builder, it *dwarfread.Span, secName, owner string) {
	w.Open("div").Class("insp-head")
	chip(w, it.Kind)
	w.Text(" ").Open("b").Text(it.Name).Close()
	w.Open("span").Class("dim").Text(" ").Text(secName).Text("+0x").Hex(it.Off).Text(" · ").Text(dwarfread.Units(it.Len, "byte"))
	if owner != "" {
		w.Text(" · ").Text(owner)
	}
	w.Close().Close()
}

// chip writes a span kind's chip.
func chip(w *el.Builder, k dwarfread.SpanKind) {
	w.Open("span").AttrStart("class").Text("chip k-").Text(string(k)).AttrEnd().Text(string(k)).Close()
}

// openAttrsTable opens the inspector's table of a DIE's attributes (with
// their forms) or of an item's fields, up to its tbody.
func openAttrsTable(w *el.Builder, withForm bool) {
	w.Open("table").Class("attrs").Open("thead").Open("tr")
	if withForm {
		w.Open("th").Text("attribute").Close().Open("th").Text("form").Close()
	} else {
		w.Open("th").Text("field").Close()
	}
	w.Open("th").Text("offset").Close().Open("th").Text("raw bytes").Close().Open("th").Text("value").Close()
	w.Close().Close().Open("tbody")
}

// moreRow writes the last row of a table cut short: "… n more" across
// cols columns.
func moreRow(w *el.Builder, n, cols int) {
	w.Open("tr").Open("td").AttrInt("colspan", int64(cols)).Class("dim").Text("… ").Int(int64(n)).Text(" more").Close().Close()
}

// openDIE opens a DIE of the inspector's tree, indented by depth, and
// writes its head: for a null entry (tag "") the entry and its closing
// div, else the tag and dim (what the abbreviation says).
func openDIE(w *el.Builder, sec int, off uint64, depth int, tag, dim string) {
	w.Open("div").Class("die").AttrStart("style").Text("--depth:").Int(int64(depth)).AttrEnd()
	w.Open("div").Class("die-head").AttrInt("data-sec", int64(sec)).AttrUint("data-off", off)
	if tag != "" {
		w.Attr("data-x", tag)
	}
	w.Open("span").Class("off").Text("<0x").Hex(off).Text(">").Close().Text(" ")
	if tag == "" {
		w.Open("span").Class("dim").Text("null entry (end of children)").Close().Close().Close()
		return
	}
	w.Open("span").Class("tag").Text(tag).Close().Text(" ").Open("span").Class("dim").Text(dim).Close()
	w.Close()
}

// openLayoutSplit opens, when lay (the layout of the inspected type) is
// not empty, the split that draws it beside the DIE tree.
func openLayoutSplit(w *el.Builder, lay el.HTML) {
	if lay.String() != "" {
		w.Open("div").Class("insp-split").Add(lay)
	}
}

func (a *App) inspectorHTML(b *Build) string {
	var w el.Builder
	it, sec := a.Sel.Item, a.Sel.Sec
	owner := ""
	if it.Owner != it.Name {
		owner = it.Owner
	}
	inspectorHead(&w, it, sec.Name(), owner)
	x := b.idx(sec)
	ds := x.dies(it)
	if len(ds) > 0 {
		// A structure's layout (pahole's manner) beside its DIE.
		openLayoutSplit(&w, a.inspectorLayoutHTML(b, ds))
		w.Open("div").Class("die-tree")
		for _, d := range ds {
			depth := 0
			if d.DIE != nil {
				depth = d.DIE.Depth
			}
			if d.Kind == dwarfread.SpanNull {
				openDIE(&w, int(sec), d.Off, depth, "", "")
				continue
			}
			tag, abbr := d.Name, ""
			if d.DIE != nil {
				tag = d.DIE.Tag
				abbr = fmt.Sprintf("abbrev %d · %s", d.DIE.Code, d.DIE.Abbrev)
			}
			openDIE(&w, int(sec), d.Off, depth, tag, abbr)
			openAttrsTable(&w, true)
			for _, at := range d.Leaves() {
				a.attrRow(&w, b, sec, at)
			}
			w.Close().Close().Close()
		}
		return w.String()
	}
	openAttrsTable(&w, false)
	x.expand(it)
	leaves := it.Leaves()
	if len(it.Children) == 0 {
		leaves = []*dwarfread.Span{it}
	}
	for i, l := range leaves {
		if i == 400 {
			moreRow(&w, len(leaves)-i, 4)
			break
		}
		a.leafRow(&w, b, sec, l, l.Name, "", false, 24)
	}
	w.Close().Close()
	if sec == dwarfcore.DebugStr || sec == dwarfcore.DebugLineStr {
		refs := a.stringRefs(b, sec)[it.Off]
		w.Open("div").Class("sub").Text("referenced by ").Int(int64(len(refs))).Close()
		w.Open("ul").Class("refs")
		for _, r := range refs {
			w.Open("li").Open("a").AttrInt("data-sec", int64(r.sec)).AttrUint("data-off", r.off).Text(r.text).Close().Close()
		}
		w.Close()
	}
	return w.String()
}

func stripReloc(v string) string {
	if i := strings.Index(v, " ["); i >= 0 && strings.HasSuffix(v, "]") {
		return v[:i]
	}
	return v
}

func (a *App) attrRow(w *el.Builder, b *Build, sec dwarfcore.SectionID, at *dwarfread.Span) {
	name, form := at.Name, ""
	if at.Attr != nil {
		name, form = at.Attr.Attr, at.Attr.Form
	}
	a.leafRow(w, b, sec, at, name, form, true, 16)
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
		return emptyHTML("Hover over a byte, a field or an attribute: what it is and where DWARF 5 defines it shows here.")
	}
	pin, pinTitle := "Pin", "keep this explanation while the mouse moves"
	if a.Pinned != nil {
		pin, pinTitle = "Unpin", "follow the mouse again"
	}
	var w el.Builder
	w.Open("button").Class("btn tiny pin-btn").Attr("data-pin", "1").
		AttrBool("aria-pressed", a.Pinned != nil).Attr("title", pinTitle).Text(pin).Close()
	explainSpan(&w, s, sec.Name())
	return w.String()
}

// explainSpan writes what span s of section secName is, its value and
// the explanations of the DWARF names it holds.
func explainSpan(w *el.Builder, s *dwarfread.Span, secName string) {
	w.Open("div").Class("ex-what")
	chip(w, s.Kind)
	w.Text(" ").Open("b").Text(s.Name).Close().Text(" ")
	w.Open("span").Class("dim").Text(secName).Text("+0x").Hex(s.Off).Text(", ").Text(dwarfread.Units(s.Len, "byte")).Close()
	w.Close()
	if s.Value != "" {
		w.Open("div").Class("ex-val").Text("= ").Text(s.Value).Close()
	}
	for _, e := range explain.ForSpan(s) {
		w.Open("div").Class("ex").Open("div").Class("ex-name").Text(e.Name).Text(" ").Open("span").Class("ex-ref").Text(e.Ref()).Close().Close()
		w.Open("div").Class("ex-text").Text(e.Text).Close().Close()
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
		return emptyHTML("No bytes yet: the hex view shows a debug section (or the whole file) once the source compiles.")
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
	var data []byte
	var x *sectionIndex
	sec := -1
	if a.HexSec >= 0 {
		sec = a.HexSec
		data, x = b.Out.Sections[sec], b.idx(dwarfcore.SectionID(sec))
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
	var byteClass func(o uint64) int
	if sec < 0 {
		byteClass = func(off uint64) int {
			for _, s := range b.File.Sections {
				if s.Size > 0 && off >= s.Offset && off < s.Offset+s.Size && s.Type != 8 {
					return s.Index
				}
			}
			return hexSlack
		}
	}
	var w el.Builder
	w.Grow(hexViewBytes)
	writeHexRows(&w, data, start, end, leaves, [2]uint64{selLo, selHi}, [2]uint64{leafLo, leafHi}, byteClass, sec)
	return w.String()
}

// hexViewBytes is about the largest size of a hex view's HTML (a byte's
// span with its classes and offset is some 70 bytes).
const hexViewBytes = hexRows * 16 * 75

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

// The classes byteClass gives the bytes of the whole file outside any
// section's (writeHexRows); the bytes in a section get the section's
// index.
const (
	hexSlack  = -1 // bytes no section holds
	hexHeader = -2 // the ELF header and the section headers
)

// writeHexRows writes the line saying what the hex view shows, then the
// hex rows of data[start:end]: leaves (in offset order; nil when the
// bytes have no map) give each byte its kind's class, byteClass (when not
// nil) the class of a byte without leaves (the index of the file's
// section holding it, hexSlack or hexHeader); the bytes in sel (the
// selected item) and leaf (the selected leaf) are marked; a byte selects
// its offset of section sec, or of the file when sec < 0.
func writeHexRows(w *el.Builder, data []byte, start, end int64, leaves []*dwarfread.Span, sel, leaf [2]uint64, byteClass func(o uint64) int, sec int) {
	w.Open("div").Class("hx-info").Text(dwarfread.Units(uint64(len(data)), "byte")).Text(" · showing 0x").Hex(uint64(start)).Text("–0x").Hex(uint64(end)).Close()
	li := 0
	for row := start; row < end; row += 16 {
		w.Open("div").Class("hx-row").Open("span").Class("hx-off").HexPad(uint64(row), 8).Close()
		w.Open("span").Class("hx-bytes")
		for off := row; off < row+16; off++ {
			if off >= end {
				w.Open("span").Class("b pad").Text("  ").Close()
				continue
			}
			o := uint64(off)
			w.Open("span").AttrStart("class").Text("b")
			if byteClass == nil {
				for li < len(leaves) && leaves[li].Off+leaves[li].Len <= o {
					li++
				}
				if li < len(leaves) && leaves[li].Off <= o {
					l := leaves[li]
					w.Text(" k-").Text(string(l.Kind))
					if l.Off == o {
						w.Text(" lstart")
					}
				}
			} else {
				switch c := byteClass(o); c {
				case hexSlack:
					w.Text(" k-slack")
				case hexHeader:
					w.Text(" k-header")
				default:
					w.Text(" fs").Int(int64(c % 6))
				}
			}
			if o >= sel[0] && o < sel[1] {
				w.Text(" insel")
			}
			if o >= leaf[0] && o < leaf[1] {
				w.Text(" inleaf")
			}
			if off%8 == 0 && off%16 != 0 {
				w.Text(" mid")
			}
			if sec >= 0 {
				w.AttrInt("data-sec", int64(sec)).AttrInt("data-off", off)
			} else {
				w.AttrInt("data-foff", off)
			}
			w.HexPad(uint64(data[off]), 2).Close()
		}
		w.Close()
		w.Open("span").Class("hx-ascii")
		for off := row; off < min(row+16, end); off++ {
			if c := data[off]; c >= 0x20 && c < 0x7f {
				w.Text(string(data[off : off+1])) // one byte: no allocation
			} else {
				w.Text(".")
			}
		}
		w.Close().Close()
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
