package model

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// The views of an opened file (Opened): the same panels as the editor's
// build — section map, inspector, hex, explanation, the lower tabs —
// drawn from dwarfread's map of the file. Every clickable element
// carries data-sec (an index in Opened.Data.Sections) and data-off, so
// the page's click and hover handling is the editor's (App.Select and
// App.SetHover pass them here while a file is open).

// maxTreeDIEs bounds the DIEs the inspector lists under the selected one.
const maxTreeDIEs = 200

// openedPatches are the DOM updates of the opened file's views.
func (a *App) openedPatches() []Patch {
	o := a.Opened
	key := fmt.Sprintf("%p|%d", o, o.rev)
	var out []Patch
	out = append(out, a.patch("map", a.view("o-map", fmt.Sprintf("%s|%g", key, a.mapWidth()), a.openedMapHTML))...)
	out = append(out, a.patch("inspector", a.view("o-insp", key, a.openedInspectorHTML))...)
	out = append(out, a.patch("hex", a.view("o-hex", key, a.openedHexHTML))...)
	out = append(out, a.patch("explain", a.view("o-explain", fmt.Sprintf("%s|%d", key, o.hoverRev), a.openedExplainHTML))...)
	tabKey := key + "|" + a.Tab
	if a.Tab == "compare" {
		tabKey += "|" + a.openedCompareKey()
	}
	out = append(out, a.patch("tab", a.view("o-tab", tabKey, a.openedTabHTML))...)
	hover := ""
	if s := o.hover; s != nil {
		hover = fmt.Sprintf("%s+0x%x  %s  %s", o.Data.Sections[o.hoverSec].Name, s.Off, s.Name, clip(s.Value, 80))
	}
	out = append(out, a.patch("hover", textHTML(hover))...)
	return out
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// openedMapHTML draws one bar per debug section, to scale; a section's
// items are drawn once its map is built (the selected one at first; a
// click on another bar builds that one), and a zoomed bar shows the
// bytes around the selection in a large section.
func (a *App) openedMapHTML() string {
	o := a.Opened
	var w el.Builder
	if len(o.Data.Sections) == 0 {
		w.Open("div").Class("empty").Text(o.Name).Text(" has no .debug_* sections: nothing to map. The File tab shows its sections.")
		return w.String()
	}
	width := a.mapWidth()
	body, y := a.openedMapBody(width)
	w.Open("div").Class("map-tools").Open("span").Class("dim small").Text(o.Summary()).Close().Close()
	w.Open("div").Class("map-scroll").Attr("id", "map-scroll").Attr("tabindex", "0")
	openMapSVG(&w, "map-svg opened-map", width, y)
	w.Add(body)
	return w.String()
}

// openedMapBody draws the opened file's section bars (and the zoom bar)
// for a map width wide: the markup inside the map's svg and its height.
func (a *App) openedMapBody(width float64) (el.HTML, float64) {
	o := a.Opened
	d := o.Data
	x1 := width - barRight
	y := rowTop
	var w el.Builder
	w.SVG()
	w.Open("defs")
	hatch(&w, "hatch-undecoded", "undec-bg", "undec-line")
	w.Close()
	var zoomOf *barGeom
	for i, s := range d.Sections {
		n := uint64(len(s.Data))
		if s.Data == nil {
			n = s.RawSize
		}
		g := barGeom{y: y, span: n, x0: barX0, x1: x1}
		openBar(&w, g, "bar", s.Name, s.Name)
		size := strconv.FormatUint(n, 10) + " bytes"
		if s.Compression != "" {
			size += " (compressed)"
		}
		barSize(&w, g, false, size)
		barBg(&w, g)
		if !o.Built(i) {
			w.Open("rect").Class("seg k-lazy").AttrFloat("x", g.x0, -1).AttrFloat("y", g.y, 1).AttrFloat("width", g.x1-g.x0, -1).AttrFloat("height", barH, -1).
				AttrInt("data-sec", int64(i)).Attr("data-off", "0").Open("title").Text("not decoded yet: click to decode ").Text(s.Name).Close().Close()
			w.Open("text").Class("lazy-label").AttrFloat("x", g.x0+8, -1).AttrFloat("y", g.y+barH/2+4, 1).Text("not decoded yet · click to decode").Close()
		} else {
			x := o.maps[i]
			var sel *dwarfread.Span
			if o.sel.sec == i {
				sel = o.sel.item
			}
			drawItems(&w, g, i, x.items, sel, true)
			a.drawMapping(&w, g, i)
			if len(x.units) <= 64 {
				for _, u := range x.units {
					unitEdge(&w, g, u.Off)
				}
			}
			if sel != nil {
				selOutline(&w, g, sel)
				if n > 2*zoomBytes {
					zoomOf = &g
				}
			}
		}
		w.Close()
		y += rowH
		if zoomOf != nil {
			// The bytes around the selection, right under its section.
			y = a.openedZoomBar(&w, *zoomOf, y, x1)
			zoomOf = nil
		}
	}
	return w.HTML(), y
}

// openedZoomBar draws, at y, the zoomBytes around the selected item of
// the section drawn on bar of, with guides from that bar; it returns the
// y of the next row.
func (a *App) openedZoomBar(w *el.Builder, of barGeom, y, x1 float64) float64 {
	o := a.Opened
	it := o.sel.item
	start := uint64(0)
	if it.Off > zoomBytes/3 {
		start = it.Off - zoomBytes/3
	}
	start = min(start, of.span-zoomBytes)
	z := barGeom{y: y, off: start, span: zoomBytes, x0: barX0, x1: x1}
	name := o.Data.Sections[o.sel.sec].Name
	openBar(w, z, "bar zoom", "zoom "+name, "zoom "+name)
	barSize(w, z, true, "")
	barBg(w, z)
	drawItems(w, z, o.sel.sec, o.maps[o.sel.sec].items, it, false)
	selOutline(w, z, it)
	zoomGuide(w, of, z)
	w.Close()
	return y + rowH
}

func (o *Opened) sectionBytes(i int, s *dwarfread.Span) []byte {
	data := o.Data.Sections[i].Data
	if s.Off+s.Len > uint64(len(data)) {
		return nil
	}
	return data[s.Off : s.Off+s.Len]
}

// relocNote writes the relocation that patched leaf l, if one did.
func (o *Opened) relocNote(w *el.Builder, l *dwarfread.Span) {
	if l.Reloc < 0 || l.Reloc >= len(o.Data.Relocs) {
		return
	}
	r := o.Data.Relocs[l.Reloc]
	w.Text(" ").Open("span").AttrStart("class").Text("ref k-").Text(o.Data.File.RelocKind(r)).AttrEnd().Attr("title", "relocated before decoding").
		Text("← ").Text(r.TypeName).Text(" ").Text(r.SymName)
	if r.Addend >= 0 {
		w.Text("+")
	}
	w.Int(r.Addend).Close()
}

// leafRow is one row of the inspector: a field or attribute leaf l of
// section i; cols are its first cells (name, and form for attributes).
func (o *Opened) leafRow(w *el.Builder, i int, l *dwarfread.Span, cols ...string) {
	openRow(w, i, l.Off, cols[0], l == o.sel.leaf)
	for j, c := range cols {
		name := "aname"
		if j > 0 {
			name = "form"
		}
		cell(w, name, c)
	}
	value := l.Value
	if l.Attr != nil && l.Attr.Text != "" {
		value = l.Attr.Text
	}
	offCell(w, l.Off)
	w.Open("td").Class("raw")
	writeHexBytes(w, o.sectionBytes(i, l), 16)
	w.Close()
	w.Open("td").Class("val").Open("span").Class("v").Text(value).Close()
	o.relocNote(w, l)
	w.Close().Close()
}

// openedInspectorHTML shows the selected item: a DIE with its
// attributes, the DIEs it holds and its parents; else the item's fields.
func (a *App) openedInspectorHTML() string {
	o := a.Opened
	it, i := o.sel.item, o.sel.sec
	if it == nil {
		return emptyHTML("Click a section in the map, a byte in the hex view or a row anywhere to inspect it.")
	}
	sec := o.Data.Sections[i]
	var w el.Builder
	inspectorHead(&w, it, sec.Name, "")
	if it.Kind != dwarfread.SpanDIE {
		openAttrsTable(&w, false)
		leaves := it.Leaves()
		for j, l := range leaves {
			if j == 400 {
				moreRow(&w, len(leaves)-j, 4)
				break
			}
			o.leafRow(&w, i, l, l.Name)
		}
		return w.String()
	}
	items := o.maps[i].items
	at := spanIndex(items, it)
	// The parents, outermost first.
	var parents []*dwarfread.Span
	for j, depth := at-1, it.DIE.Depth; j >= 0 && depth > 0 && items[j].Unit == it.Unit; j-- {
		if d := items[j].DIE; d != nil && d.Depth < depth {
			parents = append([]*dwarfread.Span{items[j]}, parents...)
			depth = d.Depth
		}
	}
	if len(parents) > 0 {
		w.Open("div").Class("die-path dim").Text("in ")
		for j, p := range parents {
			if j > 0 {
				w.Text(" › ")
			}
			w.Open("a").AttrInt("data-sec", int64(i)).AttrUint("data-off", p.Off).Text(p.DIE.Tag).Text(dieName(p)).Close()
		}
		w.Close()
	}
	// A structure's layout (pahole's manner) beside its DIE, once the
	// Layout tab computed the layouts.
	openLayoutSplit(&w, o.openedInspectorLayout(parents))
	w.Open("div").Class("die-tree")
	// The selected DIE and what it holds: the entries after it deeper
	// than it, up to the null entry ending its children. A null entry's
	// depth is the depth of the list it ends.
	shown, next := 0, it.DIE.Depth
	for j := at; j < len(items); j++ {
		d := items[j]
		if d.Unit != it.Unit || d.Kind != dwarfread.SpanDIE && d.Kind != dwarfread.SpanNull {
			break
		}
		depth := next
		if d.DIE != nil {
			depth, next = d.DIE.Depth, d.DIE.Depth
			if d.DIE.Children {
				next++
			}
		} else {
			next--
		}
		if j > at && depth <= it.DIE.Depth {
			break
		}
		if shown == maxTreeDIEs {
			w.Open("div").Class("dim").Text("… more entries below this one: click one in the map or the hex view").Close()
			break
		}
		shown++
		if d.Kind == dwarfread.SpanNull {
			openDIE(&w, i, d.Off, depth-it.DIE.Depth, "", "")
			continue
		}
		openDIE(&w, i, d.Off, depth-it.DIE.Depth, d.DIE.Tag, "abbrev "+strconv.FormatUint(d.DIE.Code, 10))
		openAttrsTable(&w, true)
		for _, l := range d.Children {
			name, form := l.Name, ""
			if l.Attr != nil {
				name, form = l.Attr.Attr, l.Attr.Form
			}
			o.leafRow(&w, i, l, name, form)
		}
		for _, im := range d.DIE.Implicit {
			w.Open("tr")
			cell(&w, "aname", im.Attr)
			cell(&w, "form", im.Form)
			cell(&w, "off", "")
			cell(&w, "raw dim", "no bytes")
			cell(&w, "val", im.Text)
			w.Close()
		}
		w.Close().Close().Close()
	}
	return w.String()
}

// dieName is ` "name"` for a DIE with a DW_AT_name, else "".
func dieName(d *dwarfread.Span) string {
	for _, l := range d.Children {
		if l.Attr != nil && l.Attr.Attr == dw.AttrName.String() {
			return " " + l.Attr.Text
		}
	}
	return ""
}

// spanIndex returns the index of s in list (sorted by offset), or -1.
func spanIndex(list []*dwarfread.Span, s *dwarfread.Span) int {
	for j := range list {
		if list[j] == s {
			return j
		}
	}
	return -1
}

// openedHexHTML is the hex view of a debug section (or the whole file).
func (a *App) openedHexHTML() string {
	o := a.Opened
	var data []byte
	var x *openedIndex
	if o.HexSec >= 0 && o.HexSec < len(o.Data.Sections) {
		data, x = o.Data.Sections[o.HexSec].Data, o.index(o.HexSec)
	} else {
		data = o.Data.File.Data
	}
	selOff := int64(-1)
	sel, leaf := [2]uint64{1, 0}, [2]uint64{1, 0}
	if it := o.sel.item; it != nil && o.sel.sec == o.HexSec {
		selOff = int64(it.Off)
		sel = [2]uint64{it.Off, it.Off + it.Len}
		if l := o.sel.leaf; l != nil {
			leaf = [2]uint64{l.Off, l.Off + l.Len}
		}
	}
	start, end := hexWindow(len(data), o.HexStart, selOff)
	var w el.Builder
	w.Grow(hexViewBytes)
	if x != nil {
		writeHexRows(&w, data, start, end, x.leavesIn(uint64(start), uint64(end)), sel, leaf, nil, o.HexSec)
		return w.String()
	}
	regions := o.Data.File.Regions()
	byteClass := func(off uint64) int {
		r := spanAtRegion(regions, off)
		if r == nil || r.Kind == dwarfread.RegionFree {
			return hexSlack
		}
		if r.Section < 0 {
			return hexHeader
		}
		return r.Section
	}
	writeHexRows(&w, data, start, end, nil, sel, leaf, byteClass, -1)
	return w.String()
}

func spanAtRegion(rs []dwarfread.Region, off uint64) *dwarfread.Region {
	lo, hi := 0, len(rs)
	for lo < hi {
		m := (lo + hi) / 2
		if rs[m].Off+rs[m].Len <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(rs) && rs[lo].Off <= off {
		return &rs[lo]
	}
	return nil
}

// OpenedHexSections lists the hex view's choices for the opened file.
func (o *Opened) hexSections() [][2]string {
	var out [][2]string
	for i, s := range o.Data.Sections {
		out = append(out, [2]string{fmt.Sprint(i), s.Name})
	}
	return append(out, [2]string{"-1", "whole file"})
}

// openedExplainHTML explains the hovered (else the selected) leaf.
func (a *App) openedExplainHTML() string {
	o := a.Opened
	s, i := o.hover, o.hoverSec
	if s == nil {
		s, i = o.sel.leaf, o.sel.sec
		if s == nil {
			s = o.sel.item
		}
	}
	if s == nil {
		return emptyHTML("Hover over a byte, a field or an attribute: what it is and where DWARF 5 defines it shows here.")
	}
	var w el.Builder
	explainSpan(&w, s, o.Data.Sections[i].Name)
	if s.Kind == dwarfread.SpanUndecoded {
		w.Open("div").Class("ex").Open("div").Class("ex-text").Text("These bytes are not decoded: the reader marks what it cannot read, and why, rather than guess.").Close().Close()
	}
	return w.String()
}

// openedTabHTML renders the lower panel's active tab for the opened file.
func (a *App) openedTabHTML() string {
	o := a.Opened
	switch a.Tab {
	case "relocs":
		return o.relocsHTML()
	case "abbrev":
		return o.abbrevHTML()
	case "lines":
		return o.linesHTML()
	case "strings":
		return o.stringsHTML()
	case "elf":
		return o.fileHTML()
	case "layout":
		return a.openedLayoutHTML()
	case "verify":
		return a.openedVerifyHTML()
	case "compare":
		return a.openedCompareHTML()
	case "export":
		return a.openedExportHTML()
	}
	var w el.Builder
	w.Open("div").Class("empty").Text("This tab shows the editor's build. ").Open("button").Class("btn").Attr("data-close-file", "1").Text("Back to the editor")
	return w.String()
}

// sectionIndexByName returns the index in Data.Sections of the first
// section called name, or -1.
func (o *Opened) sectionIndexByName(name string) int {
	for i, s := range o.Data.Sections {
		if s.Name == name {
			return i
		}
	}
	return -1
}

// debugIndex returns the index in Data.Sections of the ELF section elf,
// or -1.
func (o *Opened) debugIndex(elf int) int {
	for i, s := range o.Data.Sections {
		if s.Index == elf {
			return i
		}
	}
	return -1
}

const maxTabRows = 1000

func (o *Opened) relocsHTML() string {
	d := o.Data
	if len(d.Relocs) == 0 {
		return emptyHTML("No relocation records against debug sections: a linked file has them applied already.")
	}
	var w el.Builder
	w.Open("h4").Int(int64(len(d.Relocs))).Text(" relocation records against debug sections ").
		Open("span").Class("dim").Text("applied before decoding, as a reader must; a click selects the field").Close().Close()
	openGrid(&w, "grid relocs-table", "kind", "section", "offset", "type", "target", "addend", "record")
	it, selSec := o.sel.item, -1
	if it != nil {
		selSec = d.Sections[o.sel.sec].Index
	}
	for n, r := range d.Relocs {
		if n == maxTabRows {
			moreRow(&w, len(d.Relocs)-n, 7)
			break
		}
		w.Open("tr")
		if it != nil && r.Target == selSec && r.Offset >= it.Off && r.Offset < it.Off+it.Len {
			w.Class("sel")
		}
		kind := d.File.RelocKind(r)
		w.AttrInt("data-sec", int64(o.debugIndex(r.Target))).AttrUint("data-off", r.Offset)
		w.Open("td").Open("i").AttrStart("class").Text("ln k-").Text(kind).AttrEnd().Close().Text(kind).Close()
		cell(&w, "", d.File.Sections[r.Target].Name)
		offCell(&w, r.Offset)
		cell(&w, "", r.TypeName)
		cell(&w, "", r.SymName)
		w.Open("td")
		if r.HasAddend {
			if r.Addend >= 0 {
				w.Text("+")
			}
			w.Int(r.Addend)
		} else {
			w.Text("(in place)")
		}
		w.Close()
		cell(&w, "dim", r.Record.Kind)
		w.Close()
	}
	return w.String()
}

func (o *Opened) abbrevHTML() string {
	i := o.sectionIndexByName(".debug_abbrev")
	if i < 0 {
		return emptyHTML("No .debug_abbrev section.")
	}
	var w el.Builder
	openAbbrevTable(&w)
	n := 0
	for _, it := range o.index(i).items {
		if it.Kind != dwarfread.SpanAbbrev {
			continue
		}
		if n == maxTabRows {
			w.Open("tr").Open("td").Class("dim").Attr("colspan", "5").Text("… more: click the .debug_abbrev bar").Close().Close()
			break
		}
		n++
		writeAbbrevRow(&w, i, it)
	}
	return w.String()
}

func (o *Opened) linesHTML() string {
	i := o.sectionIndexByName(".debug_line")
	if i < 0 {
		return emptyHTML("No .debug_line section.")
	}
	x := o.index(i)
	var w el.Builder
	w.Open("div").Class("two-col").Open("div").Open("h4").Text("Opcodes").Close()
	openGrid(&w, "grid", "offset", "opcode", "operands / effect")
	nOps := 0
	for _, l := range x.leaves {
		if l.Kind == dwarfread.SpanOp && nOps < maxTabRows {
			nOps++
			openRow(&w, i, l.Off, l.Name, false)
			offCell(&w, l.Off)
			cell(&w, "tag", l.Name)
			cell(&w, "", stripReloc(l.Value))
			w.Close()
		}
	}
	w.Close().Close().Close()
	w.Open("div").Open("h4").Text("Rows ").Open("span").Class("dim").Text("as llvm-dwarfdump --debug-line lists them; a click selects the opcode that appended the row").Close().Close()
	openGrid(&w, "grid", "address", "line", "column", "file", "flags")
	nRows := 0
	for _, l := range x.leaves {
		if l.Kind != dwarfread.SpanOp || l.Line == nil {
			continue
		}
		for _, r := range l.Line.Rows {
			if nRows == maxTabRows {
				break
			}
			nRows++
			w.Open("tr").AttrInt("data-sec", int64(i)).AttrUint("data-off", l.Off)
			w.Open("td").Class("off").Text("0x").HexPad(r.Address, 16).Close()
			w.Open("td").Uint(uint64(r.Line)).Close().Open("td").Uint(uint64(r.Column)).Close().Open("td").Uint(uint64(r.File)).Close()
			cell(&w, "dim", r.Flags())
			w.Close()
		}
	}
	return w.String()
}

func (o *Opened) stringsHTML() string {
	var w el.Builder
	w.Open("div").Class("two-col")
	for _, name := range []string{".debug_str", ".debug_line_str"} {
		i := o.sectionIndexByName(name)
		if i < 0 {
			continue
		}
		w.Open("div").Open("h4").Text(name).Close()
		openGrid(&w, "grid", "offset", "string")
		n := 0
		for _, l := range o.index(i).leaves {
			if l.Kind != dwarfread.SpanString {
				continue
			}
			if n == maxTabRows {
				ellipsisRow(&w, 2)
				break
			}
			n++
			w.Open("tr").AttrInt("data-sec", int64(i)).AttrUint("data-off", l.Off)
			offCell(&w, l.Off)
			cell(&w, "str", l.Value)
			w.Close()
		}
		w.Close().Close().Close()
	}
	return w.String()
}

// fileHTML is the ELF file map (every byte of the file, to scale), the
// ELF header field by field and the section headers.
func (o *Opened) fileHTML() string {
	f := o.Data.File
	size := float64(max(len(f.Data), 1))
	xof := func(off uint64) float64 { return 100 * float64(off) / size }
	var w el.Builder
	w.Open("h4").Text("File map ").Open("span").Class("dim").Text(o.Name).Text(": ").Int(int64(len(f.Data))).Text(" bytes, to scale").Close().Close()
	w.Open("div").Class("filemap")
	for _, r := range f.Regions() {
		cls, label := "fm k-header", r.Kind
		switch r.Kind {
		case dwarfread.RegionFree:
			cls = "fm k-free"
		case dwarfread.RegionSection:
			cls, label = fmt.Sprintf("fm fs%d", r.Section%6), r.Name
		}
		fileBlock(&w, cls, xof(r.Off), xof(r.Len), fmt.Sprintf("%s at 0x%x, %s", label, r.Off, dwarfread.Units(r.Len, "byte")), label)
	}
	w.Close()
	for _, p := range o.Data.Problems {
		w.Open("div").Class("open-problem").Text("problem: ").Text(p).Close()
	}
	w.Open("div").Class("two-col").Open("div").Open("h4").Text("Section headers").Close()
	openGrid(&w, "grid", "#", "name", "type", "flags", "offset", "size", "link", "info")
	for _, s := range f.Sections {
		w.Open("tr")
		if di := o.debugIndex(s.Index); di >= 0 {
			w.AttrInt("data-sec", int64(di)).Attr("data-off", "0").Attr("title", "show "+s.Name)
		}
		typ, flags := "", ""
		for _, fl := range s.Header.Fields {
			switch fl.Name {
			case "sh_type":
				typ = fl.Value
			case "sh_flags":
				flags = fl.Value
			}
		}
		w.Open("td").Int(int64(s.Index)).Close()
		cell(&w, "", s.Name)
		cell(&w, "", strings.TrimPrefix(typ, "SHT_"))
		cell(&w, "dim", strings.ReplaceAll(flags, "SHF_", ""))
		offCell(&w, s.Offset)
		w.Open("td").Uint(s.Size).Close().Open("td").Uint(uint64(s.Link)).Close().Open("td").Uint(uint64(s.Info)).Close()
		w.Close()
	}
	w.Close().Close().Close()
	w.Open("div").Open("h4").Text("ELF header").Close()
	openGrid(&w, "grid", "field", "offset", "value")
	for _, fl := range f.Header.Fields {
		w.Open("tr")
		cell(&w, "", fl.Name)
		offCell(&w, fl.Off)
		cell(&w, "", fl.Value)
		w.Close()
	}
	w.Close().Close()
	if len(o.Data.Sections) > 0 {
		w.Open("h4").Text("Debug sections").Close()
		openGrid(&w, "grid", "name", "bytes", "in the file", "compression", "problems")
		for i, s := range o.Data.Sections {
			w.Open("tr").AttrInt("data-sec", int64(i)).Attr("data-off", "0")
			cell(&w, "", s.Name)
			w.Open("td").Int(int64(len(s.Data))).Close().Open("td").Uint(s.RawSize).Close()
			cell(&w, "", s.Compression)
			cell(&w, "", strings.Join(s.Problems, "; "))
			w.Close()
		}
	}
	return w.String()
}
