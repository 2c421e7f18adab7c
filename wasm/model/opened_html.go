package model

import (
	"fmt"
	"html"
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
	out = append(out, a.patch("hover", esc(hover))...)
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

// relocNote names the relocation that patched leaf l, if one did.
func (o *Opened) relocNote(l *dwarfread.Span) string {
	if l.Reloc < 0 || l.Reloc >= len(o.Data.Relocs) {
		return ""
	}
	r := o.Data.Relocs[l.Reloc]
	return fmt.Sprintf(` <span class="ref k-%s" title="relocated before decoding">← %s %s%+d</span>`,
		o.Data.File.RelocKind(r), esc(r.TypeName), esc(r.SymName), r.Addend)
}

// leafRow is one row of the inspector: a field or attribute leaf l of
// section i; cols are its first cells (name, and form for attributes).
func (o *Opened) leafRow(sb *strings.Builder, i int, l *dwarfread.Span, cols ...string) {
	cls := ""
	if l == o.sel.leaf {
		cls = ` class="sel"`
	}
	fmt.Fprintf(sb, `<tr%s data-sec="%d" data-off="%d" data-x="%s">`, cls, i, l.Off, esc(cols[0]))
	for j, c := range cols {
		name := "aname"
		if j > 0 {
			name = "form"
		}
		fmt.Fprintf(sb, `<td class="%s">%s</td>`, name, esc(c))
	}
	value := l.Value
	if l.Attr != nil && l.Attr.Text != "" {
		value = l.Attr.Text
	}
	fmt.Fprintf(sb, `<td class="off">0x%x</td><td class="raw">%s</td><td class="val"><span class="v">%s</span>%s</td></tr>`,
		l.Off, hexBytes(o.sectionBytes(i, l), 16), esc(value), o.relocNote(l))
}

// openedInspectorHTML shows the selected item: a DIE with its
// attributes, the DIEs it holds and its parents; else the item's fields.
func (a *App) openedInspectorHTML() string {
	o := a.Opened
	it, i := o.sel.item, o.sel.sec
	if it == nil {
		return `<div class="empty">Click a section in the map, a byte in the hex view or a row anywhere to inspect it.</div>`
	}
	sec := o.Data.Sections[i]
	var sb strings.Builder
	fmt.Fprintf(&sb, `<div class="insp-head"><span class="chip k-%s">%s</span> <b>%s</b><span class="dim"> %s+0x%x · %d bytes</span></div>`,
		it.Kind, it.Kind, esc(it.Name), esc(sec.Name), it.Off, it.Len)
	if it.Kind != dwarfread.SpanDIE {
		sb.WriteString(`<table class="attrs"><thead><tr><th>field</th><th>offset</th><th>raw bytes</th><th>value</th></tr></thead><tbody>`)
		leaves := it.Leaves()
		for j, l := range leaves {
			if j == 400 {
				fmt.Fprintf(&sb, `<tr><td colspan="4" class="dim">… %d more</td></tr>`, len(leaves)-j)
				break
			}
			o.leafRow(&sb, i, l, l.Name)
		}
		sb.WriteString(`</tbody></table>`)
		return sb.String()
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
		sb.WriteString(`<div class="die-path dim">in `)
		for j, p := range parents {
			if j > 0 {
				sb.WriteString(" › ")
			}
			fmt.Fprintf(&sb, `<a data-sec="%d" data-off="%d">%s%s</a>`, i, p.Off, esc(p.DIE.Tag), esc(dieName(p)))
		}
		sb.WriteString(`</div>`)
	}
	// A structure's layout (pahole's manner) beside its DIE, once the
	// Layout tab computed the layouts.
	lay := o.openedInspectorLayout(parents)
	if lay != "" {
		sb.WriteString(`<div class="insp-split">` + lay)
	}
	sb.WriteString(`<div class="die-tree">`)
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
			sb.WriteString(`<div class="dim">… more entries below this one: click one in the map or the hex view</div>`)
			break
		}
		shown++
		fmt.Fprintf(&sb, `<div class="die" style="--depth:%d">`, depth-it.DIE.Depth)
		if d.Kind == dwarfread.SpanNull {
			fmt.Fprintf(&sb, `<div class="die-head" data-sec="%d" data-off="%d"><span class="off">&lt;0x%x&gt;</span> <span class="dim">null entry (end of children)</span></div></div>`, i, d.Off, d.Off)
			continue
		}
		fmt.Fprintf(&sb, `<div class="die-head" data-sec="%d" data-off="%d" data-x="%s"><span class="off">&lt;0x%x&gt;</span> <span class="tag">%s</span> <span class="dim">abbrev %d</span></div>`,
			i, d.Off, esc(d.DIE.Tag), d.Off, esc(d.DIE.Tag), d.DIE.Code)
		sb.WriteString(`<table class="attrs"><thead><tr><th>attribute</th><th>form</th><th>offset</th><th>raw bytes</th><th>value</th></tr></thead><tbody>`)
		for _, l := range d.Children {
			name, form := l.Name, ""
			if l.Attr != nil {
				name, form = l.Attr.Attr, l.Attr.Form
			}
			o.leafRow(&sb, i, l, name, form)
		}
		for _, im := range d.DIE.Implicit {
			fmt.Fprintf(&sb, `<tr><td class="aname">%s</td><td class="form">%s</td><td class="off"></td><td class="raw dim">no bytes</td><td class="val">%s</td></tr>`, esc(im.Attr), esc(im.Form), esc(im.Text))
		}
		sb.WriteString(`</tbody></table></div>`)
	}
	sb.WriteString(`</div>`)
	if lay != "" {
		sb.WriteString(`</div>`)
	}
	return sb.String()
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
	var sb strings.Builder
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
	fmt.Fprintf(&sb, `<div class="hx-info">%d bytes · showing 0x%x–0x%x</div>`, len(data), start, end)
	if x != nil {
		sec := o.HexSec
		writeHexRows(&sb, data, start, end, x.leavesIn(uint64(start), uint64(end)), sel, leaf, nil,
			func(off int64) string { return fmt.Sprintf(`data-sec="%d" data-off="%d"`, sec, off) })
		return sb.String()
	}
	regions := o.Data.File.Regions()
	byteClass := func(off uint64) string {
		r := spanAtRegion(regions, off)
		if r == nil || r.Kind == dwarfread.RegionFree {
			return " k-slack"
		}
		if r.Section < 0 {
			return " k-header"
		}
		return fmt.Sprintf(" fs%d", r.Section%6)
	}
	writeHexRows(&sb, data, start, end, nil, sel, leaf, byteClass,
		func(off int64) string { return fmt.Sprintf(`data-foff="%d"`, off) })
	return sb.String()
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
		return `<div class="empty">Hover over a byte, a field or an attribute: what it is and where DWARF 5 defines it shows here.</div>`
	}
	var sb strings.Builder
	explainSpan(&sb, s, o.Data.Sections[i].Name)
	if s.Kind == dwarfread.SpanUndecoded {
		sb.WriteString(`<div class="ex"><div class="ex-text">These bytes are not decoded: the reader marks what it cannot read, and why, rather than guess.</div></div>`)
	}
	return sb.String()
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
	return `<div class="empty">This tab shows the editor's build. <button class="btn" data-close-file="1">Back to the editor</button></div>`
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
	var sb strings.Builder
	if len(d.Relocs) == 0 {
		return `<div class="empty">No relocation records against debug sections: a linked file has them applied already.</div>`
	}
	fmt.Fprintf(&sb, `<h4>%d relocation records against debug sections <span class="dim">applied before decoding, as a reader must; a click selects the field</span></h4>`, len(d.Relocs))
	sb.WriteString(`<table class="grid relocs-table"><thead><tr><th>kind</th><th>section</th><th>offset</th><th>type</th><th>target</th><th>addend</th><th>record</th></tr></thead><tbody>`)
	it, selSec := o.sel.item, -1
	if it != nil {
		selSec = d.Sections[o.sel.sec].Index
	}
	for n, r := range d.Relocs {
		if n == maxTabRows {
			fmt.Fprintf(&sb, `<tr><td class="dim" colspan="7">… %d more</td></tr>`, len(d.Relocs)-n)
			break
		}
		cls := ""
		if it != nil && r.Target == selSec && r.Offset >= it.Off && r.Offset < it.Off+it.Len {
			cls = ` class="sel"`
		}
		add := "(in place)"
		if r.HasAddend {
			add = fmt.Sprintf("%+d", r.Addend)
		}
		kind := d.File.RelocKind(r)
		fmt.Fprintf(&sb, `<tr%s data-sec="%d" data-off="%d"><td><i class="ln k-%s"></i>%s</td><td>%s</td><td class="off">0x%x</td><td>%s</td><td>%s</td><td>%s</td><td class="dim">%s</td></tr>`,
			cls, o.debugIndex(r.Target), r.Offset, kind, kind, esc(d.File.Sections[r.Target].Name), r.Offset, esc(r.TypeName), esc(r.SymName), add, esc(r.Record.Kind))
	}
	sb.WriteString(`</tbody></table>`)
	return sb.String()
}

func (o *Opened) abbrevHTML() string {
	i := o.sectionIndexByName(".debug_abbrev")
	if i < 0 {
		return `<div class="empty">No .debug_abbrev section.</div>`
	}
	var sb strings.Builder
	sb.WriteString(abbrevHead)
	n := 0
	for _, it := range o.index(i).items {
		if it.Kind != dwarfread.SpanAbbrev {
			continue
		}
		if n == maxTabRows {
			sb.WriteString(`<tr><td class="dim" colspan="5">… more: click the .debug_abbrev bar</td></tr>`)
			break
		}
		n++
		writeAbbrevRow(&sb, i, it)
	}
	sb.WriteString(`</tbody></table>`)
	return sb.String()
}

func (o *Opened) linesHTML() string {
	i := o.sectionIndexByName(".debug_line")
	if i < 0 {
		return `<div class="empty">No .debug_line section.</div>`
	}
	x := o.index(i)
	var ops, rows strings.Builder
	nOps, nRows := 0, 0
	for _, l := range x.leaves {
		if l.Kind != dwarfread.SpanOp {
			continue
		}
		if nOps < maxTabRows {
			nOps++
			fmt.Fprintf(&ops, `<tr data-sec="%d" data-off="%d" data-x="%s"><td class="off">0x%x</td><td class="tag">%s</td><td>%s</td></tr>`,
				i, l.Off, esc(l.Name), l.Off, esc(l.Name), esc(stripReloc(l.Value)))
		}
		if l.Line == nil {
			continue
		}
		for _, r := range l.Line.Rows {
			if nRows == maxTabRows {
				break
			}
			nRows++
			fmt.Fprintf(&rows, `<tr data-sec="%d" data-off="%d"><td class="off">0x%016x</td><td>%d</td><td>%d</td><td>%d</td><td class="dim">%s</td></tr>`,
				i, l.Off, r.Address, r.Line, r.Column, r.File, esc(r.Flags()))
		}
	}
	var sb strings.Builder
	sb.WriteString(`<div class="two-col"><div><h4>Opcodes</h4><table class="grid"><thead><tr><th>offset</th><th>opcode</th><th>operands / effect</th></tr></thead><tbody>`)
	sb.WriteString(ops.String())
	sb.WriteString(`</tbody></table></div><div><h4>Rows <span class="dim">as llvm-dwarfdump --debug-line lists them; a click selects the opcode that appended the row</span></h4><table class="grid"><thead><tr><th>address</th><th>line</th><th>column</th><th>file</th><th>flags</th></tr></thead><tbody>`)
	sb.WriteString(rows.String())
	sb.WriteString(`</tbody></table></div></div>`)
	return sb.String()
}

func (o *Opened) stringsHTML() string {
	var sb strings.Builder
	sb.WriteString(`<div class="two-col">`)
	for _, name := range []string{".debug_str", ".debug_line_str"} {
		i := o.sectionIndexByName(name)
		if i < 0 {
			continue
		}
		fmt.Fprintf(&sb, `<div><h4>%s</h4><table class="grid"><thead><tr><th>offset</th><th>string</th></tr></thead><tbody>`, name)
		n := 0
		for _, l := range o.index(i).leaves {
			if l.Kind != dwarfread.SpanString {
				continue
			}
			if n == maxTabRows {
				sb.WriteString(`<tr><td class="dim" colspan="2">…</td></tr>`)
				break
			}
			n++
			fmt.Fprintf(&sb, `<tr data-sec="%d" data-off="%d"><td class="off">0x%x</td><td class="str">%s</td></tr>`, i, l.Off, l.Off, esc(l.Value))
		}
		sb.WriteString(`</tbody></table></div>`)
	}
	sb.WriteString(`</div>`)
	return sb.String()
}

// fileHTML is the ELF file map (every byte of the file, to scale), the
// ELF header field by field and the section headers.
func (o *Opened) fileHTML() string {
	f := o.Data.File
	var sb strings.Builder
	size := float64(max(len(f.Data), 1))
	xof := func(off uint64) float64 { return 100 * float64(off) / size }
	fmt.Fprintf(&sb, `<h4>File map <span class="dim">%s: %d bytes, to scale</span></h4><div class="filemap">`, esc(o.Name), len(f.Data))
	for _, r := range f.Regions() {
		cls, label := "k-header", r.Kind
		switch r.Kind {
		case dwarfread.RegionFree:
			cls = "k-free"
		case dwarfread.RegionSection:
			cls, label = fmt.Sprintf("fs%d", r.Section%6), r.Name
		}
		fmt.Fprintf(&sb, `<div class="fm %s" style="left:%.3f%%;width:%.3f%%" title="%s at 0x%x, %d bytes">%s</div>`,
			cls, xof(r.Off), xof(r.Len), esc(label), r.Off, r.Len, esc(label))
	}
	sb.WriteString(`</div>`)
	for _, p := range o.Data.Problems {
		fmt.Fprintf(&sb, `<div class="open-problem">problem: %s</div>`, esc(p))
	}
	sb.WriteString(`<div class="two-col"><div><h4>Section headers</h4><table class="grid"><thead><tr><th>#</th><th>name</th><th>type</th><th>flags</th><th>offset</th><th>size</th><th>link</th><th>info</th></tr></thead><tbody>`)
	for _, s := range f.Sections {
		row := `<tr>`
		if di := o.debugIndex(s.Index); di >= 0 {
			row = fmt.Sprintf(`<tr data-sec="%d" data-off="0" title="show %s">`, di, html.EscapeString(s.Name))
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
		fmt.Fprintf(&sb, `%s<td>%d</td><td>%s</td><td>%s</td><td class="dim">%s</td><td class="off">0x%x</td><td>%d</td><td>%d</td><td>%d</td></tr>`,
			row, s.Index, esc(s.Name), esc(strings.TrimPrefix(typ, "SHT_")), esc(strings.ReplaceAll(flags, "SHF_", "")), s.Offset, s.Size, s.Link, s.Info)
	}
	sb.WriteString(`</tbody></table></div><div><h4>ELF header</h4><table class="grid"><thead><tr><th>field</th><th>offset</th><th>value</th></tr></thead><tbody>`)
	for _, fl := range f.Header.Fields {
		fmt.Fprintf(&sb, `<tr><td>%s</td><td class="off">0x%x</td><td>%s</td></tr>`, esc(fl.Name), fl.Off, esc(fl.Value))
	}
	sb.WriteString(`</tbody></table>`)
	if len(o.Data.Sections) > 0 {
		sb.WriteString(`<h4>Debug sections</h4><table class="grid"><thead><tr><th>name</th><th>bytes</th><th>in the file</th><th>compression</th><th>problems</th></tr></thead><tbody>`)
		for i, s := range o.Data.Sections {
			fmt.Fprintf(&sb, `<tr data-sec="%d" data-off="0"><td>%s</td><td>%d</td><td>%d</td><td>%s</td><td>%s</td></tr>`,
				i, esc(s.Name), len(s.Data), s.RawSize, esc(s.Compression), esc(strings.Join(s.Problems, "; ")))
		}
		sb.WriteString(`</tbody></table>`)
	}
	sb.WriteString(`</div></div>`)
	return sb.String()
}
