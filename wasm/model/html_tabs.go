package model

import (
	"fmt"
	"strconv"
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
		return `<div class="empty">Nothing built yet: this tab fills in once the source compiles.</div>`
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

func (a *App) relocsHTML(b *Build) string {
	var sb strings.Builder
	kinds := []dwarfcore.RelocKind{dwarfcore.CrossEntry, dwarfcore.CrossUnit, dwarfcore.CrossSection, dwarfcore.External}
	count := map[dwarfcore.RelocKind]int{}
	for _, r := range b.Out.Relocs {
		count[r.Kind]++
	}
	sb.WriteString(`<div class="reloc-cols">`)
	for _, k := range kinds {
		fmt.Fprintf(&sb, `<div class="reloc-col"><h4><i class="ln k-%s"></i>%s <span class="dim">%d</span></h4><table class="grid"><thead><tr><th title="where the relocated field is (click: select it)">at</th><th title="what it points to (click: select it)">points to</th><th>in</th></tr></thead><tbody>`, k, k, count[k])
		n := 0
		for i, r := range b.Out.Relocs {
			if r.Kind != k {
				continue
			}
			if n == 300 {
				fmt.Fprintf(&sb, `<tr><td class="dim" colspan="3">… %d more</td></tr>`, count[k]-n)
				break
			}
			n++
			owner := ""
			if x := b.idx(r.Section); x != nil {
				if it := x.itemAt(r.Offset); it != nil {
					owner = it.Name
				}
			}
			tgt := r.Target()
			// Each end selects itself: the source cell (and the row) the
			// field, the target cell the bytes it points to.
			cls := ""
			if a.relocTouchesSelection(r) {
				cls = ` class="sel"`
			}
			target := fmt.Sprintf(`<td>%s</td>`, esc(tgt))
			if k != dwarfcore.External {
				target = fmt.Sprintf(`<td class="reloc-end" data-sec="%d" data-off="%d" title="select the target">%s</td>`, r.TargetSection, r.TargetOffset, esc(tgt))
			}
			fmt.Fprintf(&sb, `<tr%s data-sec="%d" data-off="%d" data-reloc="%d"><td class="off reloc-end" title="select the field">%s+0x%x</td>%s<td class="dim">%s</td></tr>`,
				cls, r.Section, r.Offset, i, r.Section.Name(), r.Offset, target, esc(owner))
		}
		sb.WriteString(`</tbody></table></div>`)
	}
	sb.WriteString(`</div>`)
	return sb.String()
}

func (a *App) abbrevHTML(b *Build) string {
	x := b.idx(dwarfcore.DebugAbbrev)
	if x == nil {
		return ""
	}
	var sb strings.Builder
	sb.WriteString(abbrevHead)
	for _, it := range x.items {
		if it.Kind == dwarfread.SpanAbbrev {
			writeAbbrevRow(&sb, int(dwarfcore.DebugAbbrev), it)
		}
	}
	sb.WriteString(`</tbody></table>`)
	return sb.String()
}

// abbrevHead is the abbreviation table's header row.
const abbrevHead = `<table class="grid"><thead><tr><th>code</th><th>name</th><th>tag</th><th>children</th><th>attributes (name, form)</th></tr></thead><tbody>`

// writeAbbrevRow writes one abbreviation declaration (it, of section
// sec) as a row of the abbreviation table: a click selects it.
func writeAbbrevRow(sb *strings.Builder, sec int, it *dwarfread.Span) {
	var code, tag, ch string
	var attrs []string
	for _, f := range it.Children {
		switch f.Field {
		case dwarfread.FieldAbbrevCode:
			code = f.Value
		case dwarfread.FieldTag:
			tag = f.Value
		case dwarfread.FieldChildren:
			ch = strings.TrimPrefix(f.Value, "DW_CHILDREN_")
		case dwarfread.FieldAttrSpec:
			if f.Attr != nil {
				attrs = append(attrs, fmt.Sprintf(`<span data-sec="%d" data-off="%d" data-x="%s">%s <span class="dim">%s</span></span>`, sec, f.Off, esc(f.Attr.Attr), esc(strings.TrimPrefix(f.Attr.Attr, "DW_AT_")), esc(strings.TrimPrefix(f.Attr.Form, "DW_FORM_"))))
			}
		}
	}
	fmt.Fprintf(sb, `<tr data-sec="%d" data-off="%d"><td class="off">%s</td><td>%s</td><td class="tag">%s</td><td>%s</td><td class="attrlist">%s</td></tr>`,
		sec, it.Off, esc(code), esc(it.Name), esc(tag), esc(ch), strings.Join(attrs, " · "))
}

func (a *App) linesHTML(b *Build) string {
	x := b.idx(dwarfcore.DebugLine)
	if x == nil {
		return ""
	}
	var sb strings.Builder
	sb.WriteString(`<div class="two-col"><div><h4>Opcodes (decoded from .debug_line)</h4><table class="grid"><thead><tr><th>offset</th><th>opcode</th><th>operands / effect</th></tr></thead><tbody>`)
	ops, more := x.leavesOfKind(dwarfread.SpanOp, 600)
	for _, l := range ops {
		sb.WriteString(el.New("tr").AttrInt("data-sec", int64(dwarfcore.DebugLine)).Attr("data-off", strconv.FormatUint(l.Off, 10)).Attr("data-x", l.Name).Add(
			el.New("td").Class("off").Text(fmt.Sprintf("0x%x", l.Off)),
			el.New("td").Class("tag").Text(l.Name),
			el.New("td").Text(stripReloc(l.Value)+" ").Add(b.refLink(l))).HTML().String())
	}
	if more {
		sb.WriteString(`<tr><td class="dim" colspan="3">…</td></tr>`)
	}
	sb.WriteString(`</tbody></table></div><div><h4>Rows (per function, as code generation reported them)</h4><table class="grid"><thead><tr><th>function</th><th>address</th><th>line</th><th>col</th><th>flags</th></tr></thead><tbody>`)
	for i, f := range b.Code.Funcs {
		if i >= len(b.Code.Debug) {
			break
		}
		for _, r := range b.Code.Debug[i].Rows {
			var flags []string
			if r.Stmt {
				flags = append(flags, "is_stmt")
			}
			if r.PrologueEnd {
				flags = append(flags, "prologue_end")
			}
			if r.EpilogueBegin {
				flags = append(flags, "epilogue_begin")
			}
			// A row links to its source line: a click puts the caret there,
			// and the caret's line marks its rows.
			cls := "src-row"
			if int(r.Line) == a.CaretLine {
				cls += " sel"
			}
			fmt.Fprintf(&sb, `<tr class="%s" data-src-line="%d" data-src-col="%d" title="go to line %d"><td>%s</td><td class="off">0x%x</td><td>%d</td><td>%d</td><td class="dim">%s</td></tr>`,
				cls, r.Line, r.Col, r.Line, esc(f.Symbol), f.Offset+r.PC, r.Line, r.Col, strings.Join(flags, " "))
		}
	}
	sb.WriteString(`</tbody></table></div></div>`)
	return sb.String()
}

func (a *App) stringsHTML(b *Build) string {
	var sb strings.Builder
	sb.WriteString(`<div class="two-col">`)
	for _, sec := range []dwarfcore.SectionID{dwarfcore.DebugStr, dwarfcore.DebugLineStr} {
		x := b.idx(sec)
		if x == nil {
			continue
		}
		refs := a.stringRefs(b, sec)
		fmt.Fprintf(&sb, `<div><h4>%s</h4><table class="grid"><thead><tr><th>offset</th><th>string</th><th>referenced by</th></tr></thead><tbody>`, sec.Name())
		strs, more := x.leavesOfKind(dwarfread.SpanString, 500)
		for _, l := range strs {
			var who []string
			for i, r := range refs[l.Off] {
				if i == 4 {
					who = append(who, fmt.Sprintf("+%d more", len(refs[l.Off])-4))
					break
				}
				who = append(who, fmt.Sprintf(`<a data-sec="%d" data-off="%d">%s</a>`, r.sec, r.off, esc(r.text)))
			}
			if len(who) == 0 {
				who = []string{`<span class="dim">nobody (stale)</span>`}
			}
			fmt.Fprintf(&sb, `<tr data-sec="%d" data-off="%d"><td class="off">0x%x</td><td class="str">%s</td><td>%s</td></tr>`, sec, l.Off, l.Off, esc(l.Value), strings.Join(who, ", "))
		}
		if more {
			sb.WriteString(`<tr><td class="dim" colspan="3">…</td></tr>`)
		}
		sb.WriteString(`</tbody></table></div>`)
	}
	sb.WriteString(`</div>`)
	return sb.String()
}

func (a *App) elfHTML(b *Build) string {
	if b.Regions != nil {
		return a.regionsHTML(b)
	}
	f := b.File
	var sb strings.Builder
	size := float64(len(f.Bytes))
	xof := func(off uint64) float64 { return 100 * float64(off) / size }
	state := map[string]linkcore.SectionStep{}
	if b.Step != nil {
		for _, st := range b.Step.Sections {
			state[st.Name] = st
		}
	}
	fmt.Fprintf(&sb, `<h4>File map <span class="dim">the page's incremental image: %d bytes, to scale; sections outlined in white were written by the last edit</span></h4><div class="filemap">`, len(f.Bytes))
	fmt.Fprintf(&sb, `<div class="fm k-header" style="left:0%%;width:%.3f%%" title="ELF header, %d bytes">ELF header</div>`, xof(f.HeaderSize), f.HeaderSize)
	type seg struct{ off, end uint64 }
	used := []seg{{0, f.HeaderSize}}
	for _, s := range f.Sections {
		if s.Index == 0 || s.Type == 8 || s.Size == 0 {
			continue
		}
		cls := ""
		if st := state[s.Name]; st.Bytes > 0 {
			cls = " written"
		}
		if st := state[s.Name]; st.State == "moved" {
			cls += " moved"
		}
		fmt.Fprintf(&sb, `<div class="fm fs%d%s" style="left:%.3f%%;width:%.3f%%" title="%s at 0x%x, %d bytes (slot %d)">%s</div>`, s.Index%6, cls, xof(s.Offset), xof(s.Size), esc(s.Name), s.Offset, s.Size, s.Slot, esc(s.Name))
		if s.Slot > s.Size {
			fmt.Fprintf(&sb, `<div class="fm k-slack" style="left:%.3f%%;width:%.3f%%" title="slack of %s: %d bytes"></div>`, xof(s.Offset+s.Size), xof(s.Slot-s.Size), esc(s.Name), s.Slot-s.Size)
		}
		used = append(used, seg{s.Offset, s.Offset + max(s.Slot, s.Size)})
	}
	shEnd := f.SHOff + f.SHNum*f.SHEntSize
	fmt.Fprintf(&sb, `<div class="fm k-header" style="left:%.3f%%;width:%.3f%%" title="section header table at 0x%x: %d × %d bytes">section headers</div>`, xof(f.SHOff), xof(shEnd-f.SHOff), f.SHOff, f.SHNum, f.SHEntSize)
	used = append(used, seg{f.SHOff, shEnd})
	sortSegs(used)
	end, free := uint64(0), uint64(0)
	for _, u := range used {
		if u.off > end {
			fmt.Fprintf(&sb, `<div class="fm k-free" style="left:%.3f%%;width:%.3f%%" title="free: %d bytes at 0x%x"></div>`, xof(end), xof(u.off-end), u.off-end, end)
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
		fmt.Fprintf(&sb, `<div class="fm fm-ghost" style="left:%.3f%%;width:%.3f%%" title="old slot of %s: 0x%x, %d bytes, free now"></div>`, xof(m.OldOff), xof(m.OldSlot), esc(m.Name), m.OldOff, m.OldSlot)
	}
	sb.WriteString(`</div>`)
	if len(moves) > 0 {
		sb.WriteString(`<svg class="fm-moves" viewBox="0 0 1000 26" preserveAspectRatio="none">`)
		for _, m := range moves {
			x1, x2 := 10*xof(m.OldOff+m.OldSlot/2), 10*xof(m.NewOff+m.Size/2)
			fmt.Fprintf(&sb, `<path class="fm-move" d="M%.1f 2 C%.1f 24 %.1f 24 %.1f 2" vector-effect="non-scaling-stroke"/>`, x1, x1, x2, x2)
		}
		sb.WriteString(`</svg>`)
		for _, m := range moves {
			fmt.Fprintf(&sb, `<div class="fm-move-line">moved: <b>%s</b> 0x%x → 0x%x (%d bytes; slot %d → %d)</div>`, esc(m.Name), m.OldOff, m.NewOff, m.Size, m.OldSlot, m.NewSlot)
		}
	}
	fmt.Fprintf(&sb, `<div class="dim small">free space (old slots and alignment gaps): %d bytes`, free)
	if b.Step != nil {
		fmt.Fprintf(&sb, ` · last edit wrote %d bytes of the file`, b.Step.BytesWritten)
	}
	sb.WriteString(`</div>`)
	sb.WriteString(`<div class="two-col"><div><h4>Section headers</h4><table class="grid"><thead><tr><th>#</th><th>name</th><th>type</th><th>flags</th><th>offset</th><th>size</th><th>slot</th><th>align</th><th>link</th><th>info</th><th>last edit</th></tr></thead><tbody>`)
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
		fmt.Fprintf(&sb, `<tr><td>%d</td><td>%s</td><td>%s</td><td class="dim">%s</td><td class="off">0x%x</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td class="st-%s">%s</td></tr>`,
			s.Index, esc(s.Name), strings.TrimPrefix(s.Type.String(), "SHT_"), esc(strings.ReplaceAll(flags, "SHF_", "")), s.Offset, s.Size, s.Slot, s.Align, s.Link, s.Info, strings.ReplaceAll(st.State, " ", "-"), esc(what))
	}
	sb.WriteString(`</tbody></table><h4>Program headers</h4><div class="dim">None: a relocatable object (ET_REL) has no segments; the linker makes them.</div></div>`)
	sb.WriteString(`<div>`)
	a.symbolsHTML(&sb, b)
	sb.WriteString(`</div></div>`)
	return sb.String()
}

// symbolsHTML lists the object's symbols.
func (a *App) symbolsHTML(sb *strings.Builder, b *Build) {
	sb.WriteString(`<h4>Symbols</h4><table class="grid"><thead><tr><th>name</th><th>kind</th><th>bind</th><th>section</th><th>value</th><th>size</th></tr></thead><tbody>`)
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
		fmt.Fprintf(sb, `<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class="off">0x%x</td><td>%d</td></tr>`, esc(s.Name), kind, bind, esc(sec), s.Value, s.Size)
	}
	sb.WriteString(`</tbody></table>`)
}

func sortSegs[T interface{ ~struct{ off, end uint64 } }](s []T) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && struct{ off, end uint64 }(s[j]).off < struct{ off, end uint64 }(s[j-1]).off; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func (a *App) logHTML(b *Build) string {
	el := b.Log
	var sb strings.Builder
	if el == nil {
		return `<div class="empty">No edits yet.</div>`
	}
	st, df := el.Stats, el.Diff
	dc := el.Decls
	if el.Fresh {
		fmt.Fprintf(&sb, `<div class="log-stats">update %d · first build`, a.S.Updates)
	} else {
		fmt.Fprintf(&sb, `<div class="log-stats">update %d · declarations: %d changed, %d added, %d removed, %d moved to other lines`,
			a.S.Updates, dc.Changed, dc.Added, dc.Removed, dc.Moved)
	}
	if el.Fresh {
		fmt.Fprintf(&sb, ` · entries written %d · %d DWARF writes, %d bytes · %d types encoded`,
			st.EntriesWritten, st.Writes, st.BytesWritten, df.TypesEncoded)
	} else {
		fmt.Fprintf(&sb, ` · entries written %d, unchanged %d, moved %d · units moved %d · %d DWARF writes, %d bytes · %d types encoded`,
			st.EntriesWritten, st.EntriesUnchanged, st.EntriesMoved, st.UnitsMoved, st.Writes, st.BytesWritten, df.TypesEncoded)
	}
	if b.Step != nil && el.Fresh {
		fmt.Fprintf(&sb, ` · file: %d bytes written`, b.Step.BytesWritten)
	} else if b.Step != nil {
		fmt.Fprintf(&sb, ` · file: %d bytes written, %d sections moved`, b.Step.BytesWritten, len(b.Step.Moves))
	}
	sb.WriteString(`</div><div class="two-col log-cols"><div>`)
	sb.WriteString(`<h4>Last update</h4>`)
	if el.Fresh {
		sb.WriteString(`<div class="log-line lk-written"><span class="log-kind">fresh</span>first build: every entry written, every section placed</div>`)
	}
	for _, l := range el.Lines {
		if l.Off >= 0 {
			fmt.Fprintf(&sb, `<div class="log-line lk-%s" data-sec="%d" data-off="%d"><span class="log-kind">%s</span>%s</div>`, cssKind(l.Kind), l.Sec, l.Off, l.Kind, esc(l.Text))
		} else {
			fmt.Fprintf(&sb, `<div class="log-line lk-%s"><span class="log-kind">%s</span>%s</div>`, cssKind(l.Kind), l.Kind, esc(l.Text))
		}
	}
	if len(a.History) > 0 {
		sb.WriteString(`<h4>Layout changes of the last edits</h4>`)
		for _, h := range a.History {
			l := h.LogLine
			fmt.Fprintf(&sb, `<div class="log-line lk-%s" data-sec="%d" data-off="%d"><span class="log-upd">#%d</span><span class="log-kind">%s</span>%s</div>`, cssKind(l.Kind), l.Sec, max(l.Off, 0), h.Update, l.Kind, esc(l.Text))
		}
	}
	sb.WriteString(`</div><div>`)
	a.editsTable(&sb, b)
	sb.WriteString(`</div></div>`)
	return sb.String()
}

func cssKind(k string) string { return strings.ReplaceAll(k, " ", "-") }

// editsTable lists the update's Edits (dwarfcore's per-entry edit log)
// and the file image's section writes.
func (a *App) editsTable(sb *strings.Builder, b *Build) {
	if b.Step == nil || b.Step.Debug == nil {
		return
	}
	edits := b.Step.Debug.Edits
	fmt.Fprintf(sb, `<h4>Edits <span class="dim">%d, per entry and section</span></h4>`, len(edits))
	if len(edits) == 0 {
		sb.WriteString(`<div class="dim small">No DWARF bytes changed.</div>`)
	} else {
		sb.WriteString(`<table class="grid edits"><thead><tr><th>action</th><th>section</th><th>what</th><th>old</th><th>new</th><th>written</th></tr></thead><tbody>`)
		for i, e := range edits {
			if i == 200 {
				fmt.Fprintf(sb, `<tr><td class="dim" colspan="6">… %d more</td></tr>`, len(edits)-i)
				break
			}
			off := e.NewOff
			if e.Action == dwarfcore.EditFreed {
				off = e.OldOff
			}
			span := func(o, n uint64) string {
				if n == 0 && o == 0 {
					return "—"
				}
				return fmt.Sprintf("0x%x +%d", o, n)
			}
			fmt.Fprintf(sb, `<tr data-sec="%d" data-off="%d"><td><span class="act act-%s">%s</span></td><td>%s</td><td>%s</td><td class="off">%s</td><td class="off">%s</td><td>%d B</td></tr>`,
				e.Section, off, cssKind(string(e.Action)), e.Action, e.Section.Name(), esc(e.Name), span(e.OldOff, e.OldLen), span(e.NewOff, e.NewLen), e.Bytes)
		}
		sb.WriteString(`</tbody></table>`)
	}
	sb.WriteString(`<h4>File image</h4><table class="grid"><thead><tr><th>section</th><th>state</th><th>offset</th><th>size / slot</th><th>written</th></tr></thead><tbody>`)
	for _, s := range b.Step.Sections {
		if s.State == "unchanged" {
			continue
		}
		fmt.Fprintf(sb, `<tr><td>%s</td><td class="st-%s">%s</td><td class="off">0x%x</td><td>%d / %d</td><td>%d B</td></tr>`, esc(s.Name), cssKind(s.State), s.State, s.Off, s.Size, s.Slot, s.Bytes)
	}
	sb.WriteString(`</tbody></table>`)
}

func (a *App) exportHTML() string {
	obj := strings.TrimSuffix(a.S.Name, ".zig") + ".o"
	var sb strings.Builder
	sb.WriteString(`<div class="export"><div class="export-grid">`)
	fmt.Fprintf(&sb, `<div class="export-card"><button class="btn primary" id="export-obj" data-export="obj">Download a fresh build (%s)</button>`, esc(obj))
	fmt.Fprintf(&sb, `<div class="dim small">The server builds the source from scratch, exactly as the command line does: <code>dwarfscope build -format %s -target %s -lines %s -profile %s -container %s %s</code>. Compact: no slack, no padding left by edits.</div></div>`,
		a.S.Opts.Format, a.S.Opts.Target, a.S.Opts.Lines, a.S.Opts.Profile, a.S.Opts.Container, esc(a.S.Name))
	sb.WriteString(`<div class="export-card"><button class="btn" id="export-image" data-export="image">Download what you see (page image)</button>`)
	size := len(a.S.Image())
	fmt.Fprintf(&sb, `<div class="dim small">The incremental image this page patched edit by edit (%d bytes, %d updates): slack, padding, moved entries and sections exactly as the map and hex view show them. Just as valid: the same tools read it.</div></div>`, size, a.S.Updates)
	sb.WriteString(mapExportHTML())
	sb.WriteString(`<div class="export-card"><button class="btn" disabled title="executables need the linker, which the server does not offer yet">Executable (not available yet)</button></div></div>`)
	sb.WriteString(`<h4>Commands to try</h4><pre class="cmds">`)
	for _, c := range a.commandsToTry(obj) {
		sb.WriteString(esc(c) + "\n")
	}
	sb.WriteString(`</pre></div>`)
	return sb.String()
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
