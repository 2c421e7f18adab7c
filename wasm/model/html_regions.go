package model

import (
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/wasm/el"
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
func regionBar(w *el.Builder, rs []FileRegion, lo, hi uint64, label string) {
	span := float64(hi - lo)
	x := func(off uint64) float64 { return 100 * float64(min(max(off, lo), hi)-lo) / span }
	wd := func(off, n uint64) float64 { return x(off+n) - x(off) }
	w.Open("div").Class("filemap").Attr("aria-label", label)
	for _, r := range rs {
		start, end := r.Start(), r.Offset+r.Slot
		if end <= lo || start >= hi {
			continue
		}
		cls := "fm " + regionClass(r)
		if r.Moved {
			cls += " moved"
		}
		title := fmt.Sprintf("%s (%s) at 0x%x, %s", r.Name, r.Kind, r.Start(), dwarfread.Units(r.Offset+r.Size-r.Start(), "byte"))
		if r.Slot > r.Size {
			title += fmt.Sprintf(", slot %d (%s slack)", r.Slot, dwarfread.Units(r.Slot-r.Size, "byte"))
		}
		text := r.Name
		if r.Kind == "free" {
			text = ""
		}
		w.Open("div").Class(cls).Attr("data-region", r.Name).AttrStart("style").Text("left:").Float(x(start), 3).Text("%;width:").Float(wd(start, r.Offset+r.Size-start), 3).Text("%").AttrEnd().
			Attr("title", title).Text(text).Close()
		if r.Slot > r.Size {
			fileBlock(w, "fm k-slack", x(r.Offset+r.Size), wd(r.Offset+r.Size, r.Slot-r.Size), fmt.Sprintf("slack of %s: %s", r.Name, dwarfread.Units(r.Slot-r.Size, "byte")), "")
		}
	}
	// The old place of a piece that moved, where it is free space now
	// (not where other pieces lie now, as after a wasm section shifted).
	for _, r := range rs {
		if r.Moved && freeNow(rs, r.OldOffset, r.OldOffset+r.OldSlot) && r.OldOffset+r.OldSlot > lo && r.OldOffset < hi {
			fileBlock(w, "fm fm-ghost", x(r.OldOffset), wd(r.OldOffset, r.OldSlot), fmt.Sprintf("old place of %s: 0x%x, %s", r.Name, r.OldOffset, dwarfread.Units(r.OldSlot, "byte")), "")
		}
	}
	w.Close()
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
	key := "hatched: slack; dashed red: where a moved piece was"
	if b.Container == "wasm" {
		key = "sections follow each other with no slack"
	}
	var w el.Builder
	w.Open("h4").Text("File map ").Open("span").Class("dim").Text("the page's incremental ").Text(containerNames[b.Container]).Text(": ").Uint(size).Text(" bytes, to scale; ").Text(key).Close().Close()
	regionBar(&w, rs, 0, size, "the whole file")
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
		w.Open("h4").Text("Zoomed: the ").Text(what).Text(" ").Open("span").Class("dim").Text("bytes 0x0–0x").Hex(head).Close().Close()
		regionBar(&w, rs, 0, head, what)
	}
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
				w.Open("div").Class("fm-move-line").Text(verb).Text(": ").Open("b").Text(r.Name).Close().
					Text(fmt.Sprintf(" 0x%x → 0x%x (%s)", r.OldOffset, r.Offset, dwarfread.Units(r.Size, "byte"))).Close()
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
	if nmoved > maxMoves {
		w.Open("div").Class("fm-move-line").Text(fmt.Sprintf("and %d more %s (see the table)", nmoved-maxMoves, verb)).Close()
	}
	w.Open("div").Class("dim small").Text("slack: ").Text(dwarfread.Units(slack, "byte")).Text(" · free space: ").Text(dwarfread.Units(free, "byte"))
	if b.Step != nil {
		w.Text(" · last edit wrote ").Text(dwarfread.Units(uint64(b.Step.BytesWritten), "byte")).Text(" of the file")
	}
	if b.Container == "wasm" {
		w.Text(" · a module has no room between sections: a section that grows shifts the ones after it")
	}
	w.Close()
	w.Open("div").Class("two-col").Open("div").Open("h4").Text("Regions").Close()
	if b.Container == "wasm" {
		w.Open("div").Class("dim small").Text("offset and size of each section's contents (a custom section's name first), after its id and size bytes, as ").
			Open("code").Text("wasm-objdump -h").Close().Text(" shows them").Close()
	}
	openGrid(&w, "grid regions", "name", "kind", "offset", "size", "slot", "slack", "last edit")
	for _, r := range rs {
		edit := ""
		if r.Moved {
			edit = fmt.Sprintf("%s from 0x%x", verb, r.OldOffset)
		}
		w.Open("tr").Attr("data-region", r.Name)
		cell(&w, "", r.Name)
		cell(&w, "dim", r.Kind)
		offCell(&w, r.Offset)
		w.Open("td").Uint(r.Size).Close().Open("td").Uint(r.Slot).Close().Open("td").Uint(r.Slot - r.Size).Close()
		cell(&w, "st-moved", edit)
		w.Close()
	}
	w.Close().Close().Close().Open("div")
	a.symbolsHTML(&w, b)
	return w.String()
}
