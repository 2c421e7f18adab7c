package model

import (
	"fmt"
	"strings"
)

// regionClass is a region's colour class in the file map: the header,
// the load commands, code and data, DWARF, relocations, symbols (wasm's
// linking section) and strings each their own colour.
func regionClass(r FileRegion) string {
	switch {
	case r.Kind == "header":
		return "k-header"
	case r.Kind == "load command":
		return "fs5"
	case r.Kind == "free":
		return "k-free"
	case r.Kind == "load command room":
		return "k-slack"
	case r.Kind == "relocations" || strings.HasPrefix(r.Name, "reloc."):
		return "fs2"
	case r.Kind == "symbol table" || r.Name == "linking":
		return "fs3"
	case r.Kind == "string table":
		return "fs4"
	case r.Segment == "__DWARF" || strings.HasPrefix(r.Name, ".debug_"):
		return "fs1"
	}
	return "fs0"
}

// regionBar draws the regions of [lo, hi) of the file to scale, with
// the slack of each slot and the old places of the pieces that moved.
func regionBar(sb *strings.Builder, rs []FileRegion, lo, hi uint64, label string) {
	span := float64(hi - lo)
	x := func(off uint64) float64 { return 100 * float64(min(max(off, lo), hi)-lo) / span }
	w := func(off, n uint64) float64 { return x(off+n) - x(off) }
	fmt.Fprintf(sb, `<div class="filemap" aria-label="%s">`, esc(label))
	for _, r := range rs {
		start, end := r.Start(), r.Offset+r.Slot
		if end <= lo || start >= hi {
			continue
		}
		cls := regionClass(r)
		if r.Moved {
			cls += " moved"
		}
		title := fmt.Sprintf("%s (%s) at 0x%x, %d bytes", r.Name, r.Kind, r.Start(), r.Offset+r.Size-r.Start())
		if r.Slot > r.Size {
			title += fmt.Sprintf(", slot %d (%d bytes slack)", r.Slot, r.Slot-r.Size)
		}
		text := r.Name
		if r.Kind == "free" {
			text = ""
		}
		fmt.Fprintf(sb, `<div class="fm %s" data-region="%s" style="left:%.3f%%;width:%.3f%%" title="%s">%s</div>`,
			cls, esc(r.Name), x(start), w(start, r.Offset+r.Size-start), esc(title), esc(text))
		if r.Slot > r.Size {
			fmt.Fprintf(sb, `<div class="fm k-slack" style="left:%.3f%%;width:%.3f%%" title="slack of %s: %d bytes"></div>`,
				x(r.Offset+r.Size), w(r.Offset+r.Size, r.Slot-r.Size), esc(r.Name), r.Slot-r.Size)
		}
	}
	// The old place of a piece that moved, where it is free space now
	// (not where other pieces lie now, as after a wasm section shifted).
	for _, r := range rs {
		if r.Moved && freeNow(rs, r.OldOffset, r.OldOffset+r.OldSlot) && r.OldOffset+r.OldSlot > lo && r.OldOffset < hi {
			fmt.Fprintf(sb, `<div class="fm fm-ghost" style="left:%.3f%%;width:%.3f%%" title="old place of %s: 0x%x, %d bytes"></div>`,
				x(r.OldOffset), w(r.OldOffset, r.OldSlot), esc(r.Name), r.OldOffset, r.OldSlot)
		}
	}
	sb.WriteString(`</div>`)
}

// freeNow reports whether [off, end) overlaps no region but free ones.
func freeNow(rs []FileRegion, off, end uint64) bool {
	for _, r := range rs {
		if r.Kind != "free" && r.Start() < end && off < r.Offset+r.Slot {
			return false
		}
	}
	return true
}

// containerNames are the page's words for each container's file.
var containerNames = map[string]string{"macho": "Mach-O object (MH_OBJECT)", "wasm": "WebAssembly object module"}

// regionsHTML is the file tab of a Mach-O or WebAssembly build: the file
// map drawn from the container's layout (linkcore/macho, linkcore/wasmobj
// Regions), the header and load commands zoomed, each region in a table
// with its slot, slack and move, then the symbols.
func (a *App) regionsHTML(b *Build) string {
	rs := b.Regions
	size := uint64(len(b.File.Bytes))
	var sb strings.Builder
	key := "hatched: slack; dashed red: where a moved piece was"
	if b.Container == "wasm" {
		key = "sections follow each other with no slack"
	}
	fmt.Fprintf(&sb, `<h4>File map <span class="dim">the page's incremental %s: %d bytes, to scale; %s</span></h4>`,
		containerNames[b.Container], size, key)
	regionBar(&sb, rs, 0, size, "the whole file")
	// The header and the load commands are small: drawn again, zoomed.
	var head uint64
	for _, r := range rs {
		if r.Kind == "header" || r.Kind == "load command" || r.Kind == "load command room" {
			head = max(head, r.Offset+r.Slot)
		}
	}
	if b.Container == "wasm" {
		// The module header and the standard sections.
		for _, r := range rs {
			if r.Kind == "section" {
				head = max(head, r.Offset+r.Size)
			}
		}
	}
	if head > 0 && head < size {
		what := "header and load commands"
		if b.Container == "wasm" {
			what = "header and standard sections"
		}
		fmt.Fprintf(&sb, `<h4>Zoomed: the %s <span class="dim">bytes 0x0–0x%x</span></h4>`, what, head)
		regionBar(&sb, rs, 0, head, what)
	}
	var moves []string
	var free, slack uint64
	// A Mach-O piece moves out of its slot; a wasm section shifts when
	// one before it changes size.
	verb := "moved"
	if b.Container == "wasm" {
		verb = "shifted"
	}
	const maxMoves = 6
	nmoved := 0
	for _, r := range rs {
		if r.Moved {
			nmoved++
			if nmoved <= maxMoves {
				moves = append(moves, fmt.Sprintf(`<div class="fm-move-line">%s: <b>%s</b> 0x%x → 0x%x (%d bytes)</div>`, verb, esc(r.Name), r.OldOffset, r.Offset, r.Size))
			}
		}
		switch r.Kind {
		case "free":
			free += r.Size
		case "load command room":
			slack += r.Size
		}
		slack += r.Slot - r.Size
	}
	sb.WriteString(strings.Join(moves, ""))
	if nmoved > maxMoves {
		fmt.Fprintf(&sb, `<div class="fm-move-line">and %d more %s (see the table)</div>`, nmoved-maxMoves, verb)
	}
	fmt.Fprintf(&sb, `<div class="dim small">slack: %d bytes · free space: %d bytes`, slack, free)
	if b.Step != nil {
		fmt.Fprintf(&sb, ` · last edit wrote %d bytes of the file`, b.Step.BytesWritten)
	}
	if b.Container == "wasm" {
		sb.WriteString(` · a module has no room between sections: a section that grows shifts the ones after it`)
	}
	sb.WriteString(`</div><div class="two-col"><div><h4>Regions</h4>`)
	if b.Container == "wasm" {
		sb.WriteString(`<div class="dim small">offset and size of each section's contents (a custom section's name first), after its id and size bytes, as <code>wasm-objdump -h</code> shows them</div>`)
	}
	sb.WriteString(`<table class="grid regions"><thead><tr><th>name</th><th>kind</th><th>offset</th><th>size</th><th>slot</th><th>slack</th><th>last edit</th></tr></thead><tbody>`)
	for _, r := range rs {
		edit := ""
		if r.Moved {
			edit = fmt.Sprintf("%s from 0x%x", verb, r.OldOffset)
		}
		fmt.Fprintf(&sb, `<tr data-region="%s"><td>%s</td><td class="dim">%s</td><td class="off">0x%x</td><td>%d</td><td>%d</td><td>%d</td><td class="st-moved">%s</td></tr>`,
			esc(r.Name), esc(r.Name), esc(r.Kind), r.Offset, r.Size, r.Slot, r.Slot-r.Size, edit)
	}
	sb.WriteString(`</tbody></table></div><div>`)
	a.symbolsHTML(&sb, b)
	sb.WriteString(`</div></div>`)
	return sb.String()
}
