package model

import (
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/linkcore"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// TabHTML renders the active lower-panel tab.
func (a *App) TabHTML() string {
	b := a.S.Good
	if b == nil {
		if a.Tab == "export" {
			return a.exportHTML()
		}
		return emptyHTML("Nothing built yet: this tab fills in once the source compiles.")
	}
	// Each tab's key names the data it shows, so an edit that changes
	// none of it does not rebuild the tab.
	var key string
	switch a.Tab {
	case "abbrev":
		key = fmt.Sprint(b.Rev[dwarfcore.DebugAbbrev], a.selKey())
	case "lines":
		key = fmt.Sprint(b.Rev[dwarfcore.DebugLine], b.NamesRev, a.selKey(), a.CaretLine)
	case "elf":
		key = fmt.Sprint(b.FileRev, b.NamesRev, b.Container)
	case "log":
		key = fmt.Sprintf("%p|%d", b, len(a.History))
	case "export":
		key = a.S.Name + a.S.Opts.Query("")
	case "layout":
		key = fmt.Sprintf("%x|%s|%s", b.Rev, b.Container, a.selKey())
	case "verify":
		key = fmt.Sprintf("%x|%s", b.Rev, b.Container)
	case "compare":
		key = a.compareKey()
	default: // relocs, strings
		key = fmt.Sprintf("%x|%d|%s", b.Rev, b.NamesRev, a.selKey())
	}
	key = a.Tab + "|" + key
	return a.view("tab", key, func() string {
		switch a.Tab {
		case "relocs":
			return a.relocsHTML(b)
		case "abbrev":
			return a.abbrevHTML(b)
		case "lines":
			return a.linesHTML(b)
		case "strings":
			return a.stringsHTML(b)
		case "encodings":
			return a.encodingsHTML()
		case "compare":
			return a.compareHTML()
		case "elf":
			return a.elfHTML(b)
		case "log":
			return a.logHTML(b)
		case "layout":
			return a.layoutTabHTML(b)
		case "verify":
			return a.verifyTabHTML(b)
		case "export":
			return a.exportHTML()
		}
		return ""
	})
}

// relocTouchesSelection reports whether r starts or ends in the selected
// item.
func (a *App) relocTouchesSelection(r dwarfcore.Reloc) bool {
	if !a.Sel.valid || a.Sel.Item == nil {
		return false
	}
	in := func(sec dwarfcore.SectionID, off uint64) bool {
		return sec == a.Sel.Sec && off >= a.Sel.Item.Off && off < a.Sel.Item.Off+a.Sel.Item.Len
	}
	return in(r.Section, r.Offset) || r.Kind != dwarfcore.External && in(r.TargetSection, r.TargetOffset)
}

// openGrid opens a table of class cls with the column headings cols, up
// to its tbody.
func openGrid(w *el.Builder, cls string, cols ...string) {
	w.Open("table").Class(cls).Open("thead").Open("tr")
	for _, c := range cols {
		w.Open("th").Text(c).Close()
	}
	w.Close().Close().Open("tbody")
}

// ellipsisRow writes the last row of a table cut short, across cols
// columns.
func ellipsisRow(w *el.Builder, cols int) {
	w.Open("tr").Open("td").Class("dim").AttrInt("colspan", int64(cols)).Text("…").Close().Close()
}

func (a *App) relocsHTML(b *Build) string {
	kinds := []dwarfcore.RelocKind{dwarfcore.CrossEntry, dwarfcore.CrossUnit, dwarfcore.CrossSection, dwarfcore.External}
	count := map[dwarfcore.RelocKind]int{}
	for _, r := range b.Out.Relocs {
		count[r.Kind]++
	}
	var w el.Builder
	w.Open("div").Class("reloc-cols")
	for _, k := range kinds {
		w.Open("div").Class("reloc-col").Open("h4").Open("i").AttrStart("class").Text("ln k-").Text(k.String()).AttrEnd().Close().
			Text(k.String()).Text(" ").Open("span").Class("dim").Int(int64(count[k])).Close().Close()
		w.Open("table").Class("grid").Open("thead").Open("tr").
			Open("th").Attr("title", "where the relocated field is (click: select it)").Text("at").Close().
			Open("th").Attr("title", "what it points to (click: select it)").Text("points to").Close().
			Open("th").Text("in").Close().Close().Close().Open("tbody")
		n := 0
		for i, r := range b.Out.Relocs {
			if r.Kind != k {
				continue
			}
			if n == 300 {
				w.Open("tr").Open("td").Class("dim").Attr("colspan", "3").Text("… ").Int(int64(count[k] - n)).Text(" more").Close().Close()
				break
			}
			n++
			owner := ""
			if x := b.idx(r.Section); x != nil {
				if it := x.itemAt(r.Offset); it != nil {
					owner = it.Name
				}
			}
			// Each end selects itself: the source cell (and the row) the
			// field, the target cell the bytes it points to.
			w.Open("tr")
			if a.relocTouchesSelection(r) {
				w.Class("sel")
			}
			w.AttrInt("data-sec", int64(r.Section)).AttrUint("data-off", r.Offset).AttrInt("data-reloc", int64(i))
			w.Open("td").Class("off reloc-end").Attr("title", "select the field").Text(r.Section.Name()).Text("+0x").Hex(r.Offset).Close()
			w.Open("td")
			if k != dwarfcore.External {
				w.Class("reloc-end").AttrInt("data-sec", int64(r.TargetSection)).AttrUint("data-off", r.TargetOffset).Attr("title", "select the target")
			}
			w.Text(r.Target()).Close()
			cell(&w, "dim", owner)
			w.Close()
		}
		w.Close().Close().Close()
	}
	return w.String()
}

func (a *App) abbrevHTML(b *Build) string {
	x := b.idx(dwarfcore.DebugAbbrev)
	if x == nil {
		return ""
	}
	var w el.Builder
	openAbbrevTable(&w)
	for _, it := range x.items {
		if it.Kind == dwarfread.SpanAbbrev {
			writeAbbrevRow(&w, int(dwarfcore.DebugAbbrev), it)
		}
	}
	return w.String()
}

// openAbbrevTable opens the abbreviation table, up to its tbody.
func openAbbrevTable(w *el.Builder) {
	openGrid(w, "grid", "code", "name", "tag", "children", "attributes (name, form)")
}

// writeAbbrevRow writes one abbreviation declaration (it, of section
// sec) as a row of the abbreviation table: a click selects it.
func writeAbbrevRow(w *el.Builder, sec int, it *dwarfread.Span) {
	var code, tag, ch string
	for _, f := range it.Children {
		switch f.Field {
		case dwarfread.FieldAbbrevCode:
			code = f.Value
		case dwarfread.FieldTag:
			tag = f.Value
		case dwarfread.FieldChildren:
			ch = strings.TrimPrefix(f.Value, "DW_CHILDREN_")
		}
	}
	w.Open("tr").AttrInt("data-sec", int64(sec)).AttrUint("data-off", it.Off)
	cell(w, "off", code)
	cell(w, "", it.Name)
	cell(w, "tag", tag)
	cell(w, "", ch)
	w.Open("td").Class("attrlist")
	n := 0
	for _, f := range it.Children {
		if f.Field != dwarfread.FieldAttrSpec || f.Attr == nil {
			continue
		}
		if n > 0 {
			w.Text(" · ")
		}
		n++
		w.Open("span").AttrInt("data-sec", int64(sec)).AttrUint("data-off", f.Off).Attr("data-x", f.Attr.Attr).
			Text(strings.TrimPrefix(f.Attr.Attr, "DW_AT_")).Text(" ").Open("span").Class("dim").Text(strings.TrimPrefix(f.Attr.Form, "DW_FORM_")).Close().Close()
	}
	w.Close().Close()
}

func (a *App) linesHTML(b *Build) string {
	x := b.idx(dwarfcore.DebugLine)
	if x == nil {
		return ""
	}
	var w el.Builder
	w.Open("div").Class("two-col").Open("div").Open("h4").Text("Opcodes (decoded from .debug_line)").Close()
	openGrid(&w, "grid", "offset", "opcode", "operands / effect")
	ops, more := x.leavesOfKind(dwarfread.SpanOp, 600)
	for _, l := range ops {
		openRow(&w, int(dwarfcore.DebugLine), l.Off, l.Name, false)
		offCell(&w, l.Off)
		cell(&w, "tag", l.Name)
		w.Open("td").Text(stripReloc(l.Value)).Text(" ")
		b.refLink(&w, l)
		w.Close().Close()
	}
	if more {
		ellipsisRow(&w, 3)
	}
	w.Close().Close().Close()
	w.Open("div").Open("h4").Text("Rows (per function, as code generation reported them)").Close()
	openGrid(&w, "grid", "function", "address", "line", "col", "flags")
	for i, f := range b.Code.Funcs {
		if i >= len(b.Code.Debug) {
			break
		}
		for _, r := range b.Code.Debug[i].Rows {
			// A row links to its source line: a click puts the caret there,
			// and the caret's line marks its rows.
			cls := "src-row"
			if int(r.Line) == a.CaretLine {
				cls += " sel"
			}
			w.Open("tr").Class(cls).AttrUint("data-src-line", uint64(r.Line)).AttrUint("data-src-col", uint64(r.Col)).
				AttrStart("title").Text("go to line ").Uint(uint64(r.Line)).AttrEnd()
			cell(&w, "", f.Symbol)
			offCell(&w, f.Offset+r.PC)
			w.Open("td").Uint(uint64(r.Line)).Close().Open("td").Uint(uint64(r.Col)).Close()
			w.Open("td").Class("dim")
			sep := ""
			for _, fl := range [...]struct {
				on   bool
				name string
			}{{r.Stmt, "is_stmt"}, {r.PrologueEnd, "prologue_end"}, {r.EpilogueBegin, "epilogue_begin"}} {
				if fl.on {
					w.Text(sep).Text(fl.name)
					sep = " "
				}
			}
			w.Close().Close()
		}
	}
	return w.String()
}

func (a *App) stringsHTML(b *Build) string {
	var w el.Builder
	w.Open("div").Class("two-col")
	for _, sec := range []dwarfcore.SectionID{dwarfcore.DebugStr, dwarfcore.DebugLineStr} {
		x := b.idx(sec)
		if x == nil {
			continue
		}
		refs := a.stringRefs(b, sec)
		w.Open("div").Open("h4").Text(sec.Name()).Close()
		openGrid(&w, "grid", "offset", "string", "referenced by")
		strs, more := x.leavesOfKind(dwarfread.SpanString, 500)
		for _, l := range strs {
			w.Open("tr").AttrInt("data-sec", int64(sec)).AttrUint("data-off", l.Off)
			offCell(&w, l.Off)
			cell(&w, "str", l.Value)
			w.Open("td")
			for i, r := range refs[l.Off] {
				if i > 0 {
					w.Text(", ")
				}
				if i == 4 {
					w.Text("+").Int(int64(len(refs[l.Off]) - 4)).Text(" more")
					break
				}
				w.Open("a").AttrInt("data-sec", int64(r.sec)).AttrUint("data-off", r.off).Text(r.text).Close()
			}
			if len(refs[l.Off]) == 0 {
				w.Open("span").Class("dim").Text("nobody (stale)").Close()
			}
			w.Close().Close()
		}
		if more {
			ellipsisRow(&w, 3)
		}
		w.Close().Close().Close()
	}
	return w.String()
}

// fileBlock writes a block of the file map: class cls, from left to
// left+width percent of the bar, titled title, saying text.
func fileBlock(w *el.Builder, cls string, left, width float64, title, text string) {
	w.Open("div").Class(cls).AttrStart("style").Text("left:").Float(left, 3).Text("%;width:").Float(width, 3).Text("%").AttrEnd().
		Attr("title", title).Text(text).Close()
}

func (a *App) elfHTML(b *Build) string {
	if b.Regions != nil {
		return a.regionsHTML(b)
	}
	f := b.File
	size := float64(len(f.Bytes))
	xof := func(off uint64) float64 { return 100 * float64(off) / size }
	state := map[string]linkcore.SectionStep{}
	if b.Step != nil {
		for _, st := range b.Step.Sections {
			state[st.Name] = st
		}
	}
	var w el.Builder
	w.Open("h4").Text("File map ").Open("span").Class("dim").Text("the page's incremental image: ").Int(int64(len(f.Bytes))).
		Text(" bytes, to scale; sections outlined in white were written by the last edit").Close().Close()
	w.Open("div").Class("filemap")
	w.Open("div").Class("fm k-header").AttrStart("style").Text("left:0%;width:").Float(xof(f.HeaderSize), 3).Text("%").AttrEnd().
		AttrStart("title").Text("ELF header, ").Uint(f.HeaderSize).Text(" bytes").AttrEnd().Text("ELF header").Close()
	type seg struct{ off, end uint64 }
	used := []seg{{0, f.HeaderSize}}
	for _, s := range f.Sections {
		if s.Index == 0 || s.Type == 8 || s.Size == 0 {
			continue
		}
		cls := fmt.Sprintf("fm fs%d", s.Index%6)
		if st := state[s.Name]; st.Bytes > 0 {
			cls += " written"
		}
		if st := state[s.Name]; st.State == "moved" {
			cls += " moved"
		}
		fileBlock(&w, cls, xof(s.Offset), xof(s.Size), fmt.Sprintf("%s at 0x%x, %s (slot %d)", s.Name, s.Offset, dwarfread.Units(s.Size, "byte"), s.Slot), s.Name)
		if s.Slot > s.Size {
			fileBlock(&w, "fm k-slack", xof(s.Offset+s.Size), xof(s.Slot-s.Size), fmt.Sprintf("slack of %s: %s", s.Name, dwarfread.Units(s.Slot-s.Size, "byte")), "")
		}
		used = append(used, seg{s.Offset, s.Offset + max(s.Slot, s.Size)})
	}
	shEnd := f.SHOff + f.SHNum*f.SHEntSize
	fileBlock(&w, "fm k-header", xof(f.SHOff), xof(shEnd-f.SHOff), fmt.Sprintf("section header table at 0x%x: %d × %d bytes", f.SHOff, f.SHNum, f.SHEntSize), "section headers")
	used = append(used, seg{f.SHOff, shEnd})
	sortSegs(used)
	end, free := uint64(0), uint64(0)
	for _, u := range used {
		if u.off > end {
			fileBlock(&w, "fm k-free", xof(end), xof(u.off-end), fmt.Sprintf("free: %s at 0x%x", dwarfread.Units(u.off-end, "byte"), end), "")
			free += u.off - end
		}
		if u.end > end {
			end = u.end
		}
	}
	// Section moves of the last edit: the old slot (now free) with an
	// arrow to the new place.
	var moves []linkcore.SectionMove
	if b.Step != nil {
		moves = b.Step.Moves
	}
	for _, m := range moves {
		fileBlock(&w, "fm fm-ghost", xof(m.OldOff), xof(m.OldSlot), fmt.Sprintf("old slot of %s: 0x%x, %s, free now", m.Name, m.OldOff, dwarfread.Units(m.OldSlot, "byte")), "")
	}
	w.Close()
	if len(moves) > 0 {
		w.Open("svg").Class("fm-moves").Attr("viewBox", "0 0 1000 26").Attr("preserveAspectRatio", "none")
		for _, m := range moves {
			x1, x2 := 10*xof(m.OldOff+m.OldSlot/2), 10*xof(m.NewOff+m.Size/2)
			w.Open("path").Class("fm-move").AttrStart("d").Text("M").Float(x1, 1).Text(" 2 C").Float(x1, 1).Text(" 24 ").Float(x2, 1).Text(" 24 ").Float(x2, 1).Text(" 2").AttrEnd().
				Attr("vector-effect", "non-scaling-stroke").Close()
		}
		w.Close()
		for _, m := range moves {
			w.Open("div").Class("fm-move-line").Text("moved: ").Open("b").Text(m.Name).Close().
				Text(fmt.Sprintf(" 0x%x → 0x%x (%s; slot %d → %d)", m.OldOff, m.NewOff, dwarfread.Units(m.Size, "byte"), m.OldSlot, m.NewSlot)).Close()
		}
	}
	w.Open("div").Class("dim small").Text("free space (old slots and alignment gaps): ").Text(dwarfread.Units(free, "byte"))
	if b.Step != nil {
		w.Text(" · last edit wrote ").Text(dwarfread.Units(uint64(b.Step.BytesWritten), "byte")).Text(" of the file")
	}
	w.Close()
	w.Open("div").Class("two-col").Open("div").Open("h4").Text("Section headers").Close()
	openGrid(&w, "grid", "#", "name", "type", "flags", "offset", "size", "slot", "align", "link", "info", "last edit")
	for _, s := range f.Sections {
		flags := s.Flags.String()
		if s.Flags == 0 {
			flags = ""
		}
		st := state[s.Name]
		what := st.State
		if st.Bytes > 0 {
			what = fmt.Sprintf("%s, %d B", st.State, st.Bytes)
		}
		w.Open("tr").Open("td").Int(int64(s.Index)).Close()
		cell(&w, "", s.Name)
		cell(&w, "", strings.TrimPrefix(s.Type.String(), "SHT_"))
		cell(&w, "dim", strings.ReplaceAll(flags, "SHF_", ""))
		offCell(&w, s.Offset)
		for _, v := range [...]uint64{s.Size, s.Slot, s.Align, uint64(s.Link), uint64(s.Info)} {
			w.Open("td").Uint(v).Close()
		}
		cell(&w, "st-"+strings.ReplaceAll(st.State, " ", "-"), what)
		w.Close()
	}
	w.Close().Close()
	w.Open("h4").Text("Program headers").Close().Open("div").Class("dim").Text("None: a relocatable object (ET_REL) has no segments; the linker makes them.").Close()
	w.Close()
	w.Open("div")
	a.symbolsHTML(&w, b)
	w.Close().Close()
	return w.String()
}

// symbolsHTML lists the object's symbols.
func (a *App) symbolsHTML(w *el.Builder, b *Build) {
	w.Open("h4").Text("Symbols").Close()
	openGrid(w, "grid", "name", "kind", "bind", "section", "value", "size")
	for _, s := range b.Object.Symbols {
		sec := "UND"
		if s.Section >= 0 && s.Section < len(b.Object.Sections) {
			sec = b.Object.Sections[s.Section].Name
		}
		bind := "local"
		if s.Global {
			bind = "global"
		}
		kind := [...]string{"notype", "func", "object", "tls"}[s.Kind&3]
		w.Open("tr")
		cell(w, "", s.Name)
		cell(w, "", kind)
		cell(w, "", bind)
		cell(w, "", sec)
		offCell(w, s.Value)
		w.Open("td").Uint(s.Size).Close().Close()
	}
	w.Close().Close()
}

func sortSegs[T interface{ ~struct{ off, end uint64 } }](s []T) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && struct{ off, end uint64 }(s[j]).off < struct{ off, end uint64 }(s[j-1]).off; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// logLine writes a line of the edit log: its kind and text, the update
// it belongs to (upd > 0), and the byte it selects (off >= 0).
func logLine(w *el.Builder, l LogLine, upd int, off int64) {
	w.Open("div").AttrStart("class").Text("log-line lk-").Text(cssKind(l.Kind)).AttrEnd()
	if off >= 0 {
		w.AttrInt("data-sec", int64(l.Sec)).AttrInt("data-off", off)
	}
	if upd > 0 {
		w.Open("span").Class("log-upd").Text("#").Int(int64(upd)).Close()
	}
	w.Open("span").Class("log-kind").Text(l.Kind).Close().Text(l.Text).Close()
}

func (a *App) logHTML(b *Build) string {
	lg := b.Log
	if lg == nil {
		return emptyHTML("No edits yet.")
	}
	st, df := lg.Stats, lg.Diff
	dc := lg.Decls
	var w el.Builder
	w.Open("div").Class("log-stats").Text("update ").Int(int64(a.S.Updates))
	if lg.Fresh {
		w.Text(" · first build")
		w.Text(fmt.Sprintf(" · entries written %d · %d DWARF writes, %d bytes · %d types encoded",
			st.EntriesWritten, st.Writes, st.BytesWritten, df.TypesEncoded))
	} else {
		w.Text(fmt.Sprintf(" · declarations: %d changed, %d added, %d removed, %d moved to other lines", dc.Changed, dc.Added, dc.Removed, dc.Moved))
		w.Text(fmt.Sprintf(" · entries written %d, unchanged %d, moved %d · units moved %d · %d DWARF writes, %d bytes · %d types encoded",
			st.EntriesWritten, st.EntriesUnchanged, st.EntriesMoved, st.UnitsMoved, st.Writes, st.BytesWritten, df.TypesEncoded))
	}
	if b.Step != nil && lg.Fresh {
		w.Text(fmt.Sprintf(" · file: %s written", dwarfread.Units(uint64(b.Step.BytesWritten), "byte")))
	} else if b.Step != nil {
		w.Text(fmt.Sprintf(" · file: %s written, %d sections moved", dwarfread.Units(uint64(b.Step.BytesWritten), "byte"), len(b.Step.Moves)))
	}
	w.Close()
	w.Open("div").Class("two-col log-cols").Open("div")
	w.Open("h4").Text("Last update").Close()
	if lg.Fresh {
		w.Open("div").Class("log-line lk-written").Open("span").Class("log-kind").Text("fresh").Close().Text("first build: every entry written, every section placed").Close()
	}
	for _, l := range lg.Lines {
		logLine(&w, l, 0, l.Off)
	}
	if len(a.History) > 0 {
		w.Open("h4").Text("Layout changes of the last edits").Close()
		for _, h := range a.History {
			logLine(&w, h.LogLine, h.Update, max(h.LogLine.Off, 0))
		}
	}
	w.Close().Open("div")
	a.editsTable(&w, b)
	return w.String()
}

func cssKind(k string) string { return strings.ReplaceAll(k, " ", "-") }

// editsTable lists the update's Edits (dwarfcore's per-entry edit log)
// and the file image's section writes.
func (a *App) editsTable(w *el.Builder, b *Build) {
	if b.Step == nil || b.Step.Debug == nil {
		return
	}
	edits := b.Step.Debug.Edits
	w.Open("h4").Text("Edits ").Open("span").Class("dim").Int(int64(len(edits))).Text(", per entry and section").Close().Close()
	if len(edits) == 0 {
		w.Open("div").Class("dim small").Text("No DWARF bytes changed.").Close()
	} else {
		openGrid(w, "grid edits", "action", "section", "what", "old", "new", "written")
		span := func(o, n uint64) {
			w.Open("td").Class("off")
			if n == 0 && o == 0 {
				w.Text("—")
			} else {
				w.Text("0x").Hex(o).Text(" +").Uint(n)
			}
			w.Close()
		}
		for i, e := range edits {
			if i == 200 {
				moreRow(w, len(edits)-i, 6)
				break
			}
			off := e.NewOff
			if e.Action == dwarfcore.EditFreed {
				off = e.OldOff
			}
			w.Open("tr").AttrInt("data-sec", int64(e.Section)).AttrUint("data-off", off)
			w.Open("td").Open("span").AttrStart("class").Text("act act-").Text(cssKind(string(e.Action))).AttrEnd().Text(string(e.Action)).Close().Close()
			cell(w, "", e.Section.Name())
			cell(w, "", e.Name)
			span(e.OldOff, e.OldLen)
			span(e.NewOff, e.NewLen)
			w.Open("td").Int(int64(e.Bytes)).Text(" B").Close().Close()
		}
		w.Close().Close()
	}
	w.Open("h4").Text("File image").Close()
	openGrid(w, "grid", "section", "state", "offset", "size / slot", "written")
	for _, s := range b.Step.Sections {
		if s.State == "unchanged" {
			continue
		}
		w.Open("tr")
		cell(w, "", s.Name)
		cell(w, "st-"+cssKind(s.State), s.State)
		offCell(w, uint64(s.Off))
		w.Open("td").Uint(uint64(s.Size)).Text(" / ").Uint(uint64(s.Slot)).Close()
		w.Open("td").Int(int64(s.Bytes)).Text(" B").Close().Close()
	}
	w.Close().Close()
}

func (a *App) exportHTML() string {
	obj := strings.TrimSuffix(a.S.Name, ".zig") + ".o"
	var w el.Builder
	w.Open("div").Class("export").Open("div").Class("export-grid")
	w.Open("div").Class("export-card").Open("button").Class("btn primary").Attr("id", "export-obj").Attr("data-export", "obj").Text("Download a fresh build (").Text(obj).Text(")").Close()
	w.Open("div").Class("dim small").Text("The server builds the source from scratch, exactly as the command line does: ").
		Open("code").Text(fmt.Sprintf("dwarfscope build -format %s -target %s -lines %s -profile %s -container %s %s",
		a.S.Opts.Format, a.S.Opts.Target, a.S.Opts.Lines, a.S.Opts.Profile, a.S.Opts.Container, a.S.Name)).Close().
		Text(". Compact: no slack, no padding left by edits.").Close().Close()
	w.Open("div").Class("export-card").Open("button").Class("btn").Attr("id", "export-image").Attr("data-export", "image").Text("Download what you see (page image)").Close()
	w.Open("div").Class("dim small").Text(fmt.Sprintf("The incremental image this page patched edit by edit (%d bytes, %d updates): slack, padding, moved entries and sections exactly as the map and hex view show them. Just as valid: the same tools read it.", len(a.S.Image()), a.S.Updates)).Close().Close()
	w.Add(mapExportHTML())
	w.Open("div").Class("export-card").Open("button").Class("btn").Attr("disabled", "").Attr("title", "executables need the linker, which the server does not offer yet").Text("Executable (not available yet)").Close().Close()
	w.Close()
	w.Open("h4").Text("Commands to try").Close().Open("pre").Class("cmds")
	for _, c := range a.commandsToTry(obj) {
		w.Text(c).Text("\n")
	}
	return w.String()
}

// commandsToTry are the tool commands the export tab suggests, naming a
// variable and a type of the program in the debuggers' commands.
func (a *App) commandsToTry(obj string) []string {
	cmds := []string{
		"readelf -S " + obj + "                     # section headers",
		"readelf --debug-dump=info,abbrev " + obj,
		"readelf --debug-dump=rawline " + obj + "     # the line program, opcode by opcode",
		"llvm-dwarfdump --debug-info --show-form " + obj,
		"llvm-dwarfdump --verify " + obj,
		"objdump -dr " + obj + "                    # code and its relocations",
	}
	var v, typ string
	if b := a.S.Good; b != nil {
		for _, d := range b.Program.Decls {
			if d.Parent != nil && d.Parent.Decl != nil {
				continue // nested
			}
			switch {
			case v == "" && (d.Kind == lang.DeclVar || d.Kind == lang.DeclConst):
				v = d.Name
			case typ == "" && d.Kind == lang.DeclType:
				typ = d.Name
			}
		}
	}
	gdb := "gdb " + obj + " -batch -ex 'info types' -ex 'info variables'"
	lldb := "lldb-22 " + obj + " -b -o 'target variable'"
	if v != "" {
		gdb += " -ex 'ptype " + v + "'"
	}
	if typ != "" {
		lldb = "lldb-22 " + obj + " -b -o 'image lookup -t " + typ + "' -o 'target variable'"
	}
	return append(cmds, gdb, lldb)
}
