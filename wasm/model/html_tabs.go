package model

import (
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
)

// TabHTML renders the active lower-panel tab.
func (a *App) TabHTML() string {
	b := a.S.Good
	if b == nil {
		return ""
	}
	key := fmt.Sprintf("%s|%d|%s|%d", a.Tab, a.Generation, a.selKey(), len(a.History))
	if a.Tab == "export" {
		key += a.S.Name + a.S.Opts.Query("")
	}
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
		case "elf":
			return a.elfHTML(b)
		case "log":
			return a.logHTML(b)
		case "export":
			return a.exportHTML()
		}
		return ""
	})
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
		fmt.Fprintf(&sb, `<div class="reloc-col"><h4><i class="ln k-%s"></i>%s <span class="dim">%d</span></h4><table class="grid"><tbody>`, k, k, count[k])
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
			if x := b.index[r.Section]; x != nil {
				if it := x.itemAt(r.Offset); it != nil {
					owner = it.Name
				}
			}
			tgt := fmt.Sprintf("%s+0x%x", r.TargetSection.Name(), r.TargetOffset)
			if k == dwarfcore.External {
				tgt = fmt.Sprintf("%s%+d", r.Symbol, r.Addend)
				if r.TLS {
					tgt += " (DTPOFF)"
				}
			}
			fmt.Fprintf(&sb, `<tr data-sec="%d" data-off="%d" data-reloc="%d"><td class="off">%s+0x%x</td><td>%s</td><td class="dim">%s</td></tr>`,
				r.Section, r.Offset, i, r.Section.Name(), r.Offset, esc(tgt), esc(owner))
		}
		sb.WriteString(`</tbody></table></div>`)
	}
	sb.WriteString(`</div>`)
	return sb.String()
}

func (a *App) abbrevHTML(b *Build) string {
	x := b.index[dwarfcore.DebugAbbrev]
	if x == nil {
		return ""
	}
	var sb strings.Builder
	sb.WriteString(`<table class="grid"><thead><tr><th>code</th><th>name</th><th>tag</th><th>children</th><th>attributes (name, form)</th></tr></thead><tbody>`)
	for _, it := range x.items {
		if it.Kind != dwarfcore.SpanAbbrev {
			continue
		}
		var code, tag, ch string
		var attrs []string
		for _, f := range it.Children {
			switch f.Name {
			case "abbreviation code":
				code = f.Value
			case "tag":
				tag = f.Value
			case "children":
				ch = strings.TrimPrefix(f.Value, "DW_CHILDREN_")
			case "attribute":
				if f.Attr != nil {
					attrs = append(attrs, fmt.Sprintf(`<span data-sec="%d" data-off="%d" data-x="%s">%s <span class="dim">%s</span></span>`, dwarfcore.DebugAbbrev, f.Off, esc(f.Attr.Attr), esc(strings.TrimPrefix(f.Attr.Attr, "DW_AT_")), esc(strings.TrimPrefix(f.Attr.Form, "DW_FORM_"))))
				}
			}
		}
		fmt.Fprintf(&sb, `<tr data-sec="%d" data-off="%d"><td class="off">%s</td><td>%s</td><td class="tag">%s</td><td>%s</td><td class="attrlist">%s</td></tr>`,
			dwarfcore.DebugAbbrev, it.Off, esc(code), esc(it.Name), esc(tag), esc(ch), strings.Join(attrs, " · "))
	}
	sb.WriteString(`</tbody></table>`)
	return sb.String()
}

func (a *App) linesHTML(b *Build) string {
	x := b.index[dwarfcore.DebugLine]
	if x == nil {
		return ""
	}
	var sb strings.Builder
	sb.WriteString(`<div class="two-col"><div><h4>Opcodes (decoded from .debug_line)</h4><table class="grid"><thead><tr><th>offset</th><th>opcode</th><th>operands / effect</th></tr></thead><tbody>`)
	n := 0
	for _, l := range x.leaves {
		if l.Kind != dwarfcore.SpanOp {
			continue
		}
		if n == 600 {
			sb.WriteString(`<tr><td class="dim" colspan="3">…</td></tr>`)
			break
		}
		n++
		fmt.Fprintf(&sb, `<tr data-sec="%d" data-off="%d" data-x="%s"><td class="off">0x%x</td><td class="tag">%s</td><td>%s %s</td></tr>`,
			dwarfcore.DebugLine, l.Off, esc(l.Name), l.Off, esc(l.Name), esc(stripReloc(l.Value)), b.refLink(l))
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
			fmt.Fprintf(&sb, `<tr><td>%s</td><td class="off">0x%x</td><td>%d</td><td>%d</td><td class="dim">%s</td></tr>`,
				esc(f.Symbol), f.Offset+r.PC, r.Line, r.Col, strings.Join(flags, " "))
		}
	}
	sb.WriteString(`</tbody></table></div></div>`)
	return sb.String()
}

func (a *App) stringsHTML(b *Build) string {
	var sb strings.Builder
	sb.WriteString(`<div class="two-col">`)
	for _, sec := range []dwarfcore.SectionID{dwarfcore.DebugStr, dwarfcore.DebugLineStr} {
		x := b.index[sec]
		if x == nil {
			continue
		}
		refs := a.stringRefs(b, sec)
		fmt.Fprintf(&sb, `<div><h4>%s</h4><table class="grid"><thead><tr><th>offset</th><th>string</th><th>referenced by</th></tr></thead><tbody>`, sec.Name())
		n := 0
		for _, l := range x.leaves {
			if l.Kind != dwarfcore.SpanString {
				continue
			}
			if n == 500 {
				sb.WriteString(`<tr><td class="dim" colspan="3">…</td></tr>`)
				break
			}
			n++
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
		sb.WriteString(`</tbody></table></div>`)
	}
	sb.WriteString(`</div>`)
	return sb.String()
}

func (a *App) elfHTML(b *Build) string {
	f := b.File
	var sb strings.Builder
	size := float64(len(f.Bytes))
	xof := func(off uint64) float64 { return 100 * float64(off) / size }
	sb.WriteString(`<h4>File map <span class="dim">` + fmt.Sprint(len(f.Bytes)) + ` bytes, to scale</span></h4><div class="filemap">`)
	fmt.Fprintf(&sb, `<div class="fm k-header" style="left:%.3f%%;width:%.3f%%" title="ELF header, %d bytes">ELF header</div>`, 0.0, xof(f.HeaderSize), f.HeaderSize)
	cursor := f.HeaderSize
	type seg struct{ off, end uint64 }
	used := []seg{{0, f.HeaderSize}}
	for _, s := range f.Sections {
		if s.Index == 0 || s.Type == 8 || s.Size == 0 {
			continue
		}
		fmt.Fprintf(&sb, `<div class="fm fs%d" style="left:%.3f%%;width:%.3f%%" title="%s at 0x%x, %d bytes">%s</div>`, s.Index%6, xof(s.Offset), xof(s.Size), esc(s.Name), s.Offset, s.Size, esc(s.Name))
		if s.Slot > s.Size {
			fmt.Fprintf(&sb, `<div class="fm k-slack" style="left:%.3f%%;width:%.3f%%" title="slack of %s: %d bytes">slack</div>`, xof(s.Offset+s.Size), xof(s.Slot-s.Size), esc(s.Name), s.Slot-s.Size)
		}
		used = append(used, seg{s.Offset, s.Offset + max(s.Slot, s.Size)})
	}
	shEnd := f.SHOff + f.SHNum*f.SHEntSize
	fmt.Fprintf(&sb, `<div class="fm k-header" style="left:%.3f%%;width:%.3f%%" title="section header table: %d × %d bytes">section headers</div>`, xof(f.SHOff), xof(shEnd-f.SHOff), f.SHNum, f.SHEntSize)
	used = append(used, seg{f.SHOff, shEnd})
	// Free space: gaps between used ranges (alignment).
	_ = cursor
	sortSegs(used)
	end := uint64(0)
	free := uint64(0)
	for _, u := range used {
		if u.off > end {
			fmt.Fprintf(&sb, `<div class="fm k-free" style="left:%.3f%%;width:%.3f%%" title="free: %d bytes at 0x%x"></div>`, xof(end), xof(u.off-end), u.off-end, end)
			free += u.off - end
		}
		if u.end > end {
			end = u.end
		}
	}
	fmt.Fprintf(&sb, `</div><div class="dim small">free space (alignment gaps): %d bytes</div>`, free)
	sb.WriteString(`<div class="two-col"><div><h4>Section headers</h4><table class="grid"><thead><tr><th>#</th><th>name</th><th>type</th><th>flags</th><th>offset</th><th>size</th><th>align</th><th>link</th><th>info</th></tr></thead><tbody>`)
	for _, s := range f.Sections {
		flags := s.Flags.String()
		if s.Flags == 0 {
			flags = ""
		}
		fmt.Fprintf(&sb, `<tr><td>%d</td><td>%s</td><td>%s</td><td class="dim">%s</td><td class="off">0x%x</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td></tr>`,
			s.Index, esc(s.Name), strings.TrimPrefix(s.Type.String(), "SHT_"), esc(strings.ReplaceAll(flags, "SHF_", "")), s.Offset, s.Size, s.Align, s.Link, s.Info)
	}
	sb.WriteString(`</tbody></table><h4>Program headers</h4><div class="dim">None: a relocatable object (ET_REL) has no segments; the linker makes them.</div></div>`)
	sb.WriteString(`<div><h4>Symbols</h4><table class="grid"><thead><tr><th>name</th><th>kind</th><th>bind</th><th>section</th><th>value</th><th>size</th></tr></thead><tbody>`)
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
		fmt.Fprintf(&sb, `<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class="off">0x%x</td><td>%d</td></tr>`, esc(s.Name), kind, bind, esc(sec), s.Value, s.Size)
	}
	sb.WriteString(`</tbody></table></div></div>`)
	return sb.String()
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
		return ""
	}
	sb.WriteString(`<h4>Last update</h4>`)
	if el.Fresh {
		sb.WriteString(`<div class="log-line k-written">fresh build: every entry written</div>`)
	}
	for _, l := range el.Lines {
		if l.Off >= 0 {
			fmt.Fprintf(&sb, `<div class="log-line lk-%s" data-sec="%d" data-off="%d"><span class="log-kind">%s</span>%s</div>`, l.Kind, l.Sec, l.Off, l.Kind, esc(l.Text))
		} else {
			fmt.Fprintf(&sb, `<div class="log-line lk-%s"><span class="log-kind">%s</span>%s</div>`, l.Kind, l.Kind, esc(l.Text))
		}
	}
	st := el.Stats
	if len(a.History) > 0 {
		sb.WriteString(`<h4>Layout changes of the last edits</h4>`)
		for _, h := range a.History {
			l := h.LogLine
			fmt.Fprintf(&sb, `<div class="log-line lk-%s" data-sec="%d" data-off="%d"><span class="log-upd">#%d</span><span class="log-kind">%s</span>%s</div>`, l.Kind, l.Sec, max(l.Off, 0), h.Update, l.Kind, esc(l.Text))
		}
	}
	fmt.Fprintf(&sb, `<div class="log-stats dim">update %d · entries written %d, unchanged %d, emptied %d, moved %d · units moved %d · %d writes, %d bytes</div>`,
		a.S.Updates, st.EntriesWritten, st.EntriesUnchanged, st.EntriesEmptied, st.EntriesMoved, st.UnitsMoved, st.Writes, st.BytesWritten)
	return sb.String()
}

func (a *App) exportHTML() string {
	obj := strings.TrimSuffix(a.S.Name, ".zig") + ".o"
	var sb strings.Builder
	sb.WriteString(`<div class="export"><div class="export-buttons">`)
	fmt.Fprintf(&sb, `<button class="btn primary" id="export-obj" data-export="obj">Download ELF object (%s)</button>`, esc(obj))
	sb.WriteString(`<button class="btn" disabled title="executables need the linker, which the server does not offer yet">Download executable (not available yet)</button></div>`)
	fmt.Fprintf(&sb, `<div class="dim small">The server builds it with the same options: <code>dwarfscope build -format %s -target %s -lines %s -profile %s %s</code></div>`,
		a.S.Opts.Format, a.S.Opts.Target, a.S.Opts.Lines, a.S.Opts.Profile, esc(a.S.Name))
	sb.WriteString(`<h4>Commands to try</h4><pre class="cmds">`)
	for _, c := range []string{
		"readelf -S " + obj + "                     # section headers",
		"readelf --debug-dump=info,abbrev " + obj,
		"readelf --debug-dump=rawline " + obj + "     # the line program, opcode by opcode",
		"llvm-dwarfdump --debug-info --show-form " + obj,
		"llvm-dwarfdump --verify " + obj,
		"objdump -dr " + obj + "                    # code and its relocations",
		"gdb " + obj + " -batch -ex 'info types' -ex 'ptype origin'",
		"lldb-22 " + obj + " -b -o 'image lookup -t Point' -o 'target variable'",
	} {
		sb.WriteString(esc(c) + "\n")
	}
	sb.WriteString(`</pre></div>`)
	return sb.String()
}
