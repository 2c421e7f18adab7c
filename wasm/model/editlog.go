package model

import (
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// EditLog is one update's log in words, with the byte ranges it touched.
type EditLog struct {
	// Fresh is true for the first update of a build (everything new).
	Fresh bool
	Lines []LogLine
	// Flash are the ranges written, for the map to flash.
	Flash []Range
	Stats dwarfcore.UpdateStats
	Diff  dwarfcore.Diff
	// Decls counts the top-level declarations the edit added, removed,
	// changed and moved (to other lines), as the user sees them.
	Decls DeclCounts
}

// DeclCounts are what an edit did to the top-level declarations: a
// declaration removed with everything nested in it counts once, and so
// does one whose text changed (not as one removed and one added).
type DeclCounts struct {
	Added, Removed, Changed, Moved int
}

// declCounts compares the top-level declarations of prev and cur: by the
// front end's own account (lang.Program.Changes) when it checked only
// some, else by their qualified names and texts.
func declCounts(prev, cur *Build) DeclCounts {
	var c DeclCounts
	if prev == nil || cur == nil {
		return c
	}
	top := func(p *lang.Program, list []*lang.Decl) map[string]bool {
		m := map[string]bool{}
		for _, d := range list {
			if d.Parent == p.Root || d.Parent == nil || d.Parent.Decl == nil {
				m[d.FQN] = true
			}
		}
		return m
	}
	if ch := cur.Program.Changes; ch != nil {
		added, removed := top(cur.Program, ch.Added), top(ch.Prev, ch.Removed)
		for n := range added {
			if removed[n] {
				c.Changed++
			} else {
				c.Added++
			}
		}
		for n := range removed {
			if !added[n] {
				c.Removed++
			}
		}
		c.Moved = len(top(cur.Program, ch.Moved))
		return c
	}
	was, is := declTexts(prev.Program), declTexts(cur.Program)
	for n, text := range is {
		old, ok := was[n]
		switch {
		case !ok:
			c.Added++
		case old != text:
			c.Changed++
		}
	}
	for n := range was {
		if _, ok := is[n]; !ok {
			c.Removed++
		}
	}
	return c
}

// LogLine is one sentence of the edit log; Sec/Off point at what it is
// about (Off < 0: nothing to select).
type LogLine struct {
	// Kind is an Edit action ("added", "in place", "moved", "padded",
	// "freed", "line", "header"), "grew"/"shrank" (in place, with a new
	// length), "unit" (a unit moved), "section" (a section moved in the
	// file) or "written" (totals).
	Kind string
	Text string
	Sec  dwarfcore.SectionID
	Off  int64
}

// Range is a byte range of a debug section.
type Range struct {
	Sec      dwarfcore.SectionID
	Off, Len uint64
}

// layoutKinds are the log kinds the history keeps: the ones that change
// where things are.
var layoutKinds = map[string]bool{"moved": true, "padded": true, "freed": true, "added": true, "grew": true,
	"shrank": true, "unit": true, "section": true}

// declTexts maps each top-level declaration's qualified name to its text:
// from its keyword to the next top-level declaration's (comments and
// blank lines after it included, trailing space dropped).
func declTexts(p *lang.Program) map[string]string {
	src := string(p.Source)
	lineStart := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			lineStart = append(lineStart, i+1)
		}
	}
	offset := func(d *lang.Decl) int {
		if d.Line < 1 || d.Line > len(lineStart) {
			return len(src)
		}
		return min(lineStart[d.Line-1]+max(d.Col-1, 0), len(src))
	}
	var top []*lang.Decl
	for _, d := range p.Decls {
		if d.Parent == nil || d.Parent.Decl == nil {
			top = append(top, d)
		}
	}
	m := make(map[string]string, len(top))
	for i, d := range top {
		end := len(src)
		if i+1 < len(top) {
			end = offset(top[i+1])
		}
		start := offset(d)
		if end < start {
			end = start
		}
		m[d.FQN] = strings.TrimRight(src[start:end], " \t\r\n")
	}
	return m
}

func newEditLog(prev, cur *Build, step *linkcore.Step, fresh bool) *EditLog {
	el := &EditLog{Fresh: fresh}
	if step == nil || step.Debug == nil {
		return el
	}
	log := step.Debug
	el.Stats, el.Diff = log.Stats, log.Diff
	if !fresh {
		el.Decls = declCounts(prev, cur)
	}
	add := func(kind string, sec dwarfcore.SectionID, off int64, format string, args ...any) {
		el.Lines = append(el.Lines, LogLine{Kind: kind, Sec: sec, Off: off, Text: fmt.Sprintf(format, args...)})
	}
	if !fresh {
		for _, e := range log.Edits {
			cur.editLines(e, add)
		}
	}
	for _, m := range step.Moves {
		what := "section " + m.Name
		switch {
		case m.Name == "<section headers>":
			what = "the section header table"
		case strings.Contains(m.Name, " "): // a Mach-O table: "symbol table", "relocations of …"
			what = "the " + m.Name
		}
		add("section", 0, -1, "file: %s outgrew its slot of %s and moved 0x%x → 0x%x (%s, new slot %d); its old slot is free space now",
			what, dwarfread.Units(m.OldSlot, "byte"), m.OldOff, m.NewOff, dwarfread.Units(m.Size, "byte"), m.NewSlot)
	}
	for _, t := range log.Trims {
		if fresh {
			break // a first build frees nothing
		}
		add("freed", t.Section, -1, "%s: first %s dropped (its first unit moved away)", t.Section.Name(), dwarfread.Units(uint64(t.N), "byte"))
	}
	var bytesBy [8]uint64
	var countBy [8]int
	for _, w := range log.Writes {
		if int(w.Kind) < len(bytesBy) {
			bytesBy[w.Kind] += w.Len
			countBy[w.Kind]++
		}
		if len(el.Flash) < 400 {
			el.Flash = append(el.Flash, Range{w.Section, w.Off, w.Len})
		}
	}
	for k := range bytesBy {
		if countBy[k] > 0 {
			add("written", 0, -1, "%s, %s", dwarfread.Units(uint64(countBy[k]), dwarfcore.WriteKind(k).String()+" write"), dwarfread.Units(bytesBy[k], "byte"))
		}
	}
	nsec := 0
	for _, s := range step.Sections {
		if s.Bytes > 0 {
			nsec++
		}
	}
	if len(step.Sections) == 0 {
		// Mach-O and WebAssembly: the image's changed bytes, not per section.
		add("written", 0, -1, "file image: %s changed (image %d bytes)", dwarfread.Units(uint64(step.BytesWritten), "byte"), step.ImageSize)
	} else {
		add("written", 0, -1, "file image: %s written in %s (image %d bytes)", dwarfread.Units(uint64(step.BytesWritten), "byte"), dwarfread.Units(uint64(nsec), "section"), step.ImageSize)
	}
	return el
}

// freedNames are the words the log uses for bytes no entry holds, the
// same the map's legend uses for their span kinds.
var freedNames = map[dwarfread.SpanKind]string{
	dwarfread.SpanPadding: "padding",
	dwarfread.SpanTrailer: "unit trailer",
	dwarfread.SpanSlack:   "slack",
	dwarfread.SpanStale:   "stale bytes",
}

// leftAs names what the map shows at off of sec, when it is bytes no
// entry holds ("" otherwise).
func (b *Build) leftAs(sec dwarfcore.SectionID, off uint64) string {
	if x := b.idx(sec); x != nil {
		if it := x.itemAt(off); it != nil {
			return freedNames[it.Kind]
		}
	}
	return ""
}

// editLines turns one Edit into sentences.
func (b *Build) editLines(e dwarfcore.Edit, add func(kind string, sec dwarfcore.SectionID, off int64, format string, args ...any)) {
	sec, name := e.Section, e.Name
	sn := sec.Name()
	switch e.Action {
	case dwarfcore.EditMoved:
		if e.Entry < 0 {
			add("unit", sec, int64(e.NewOff), "%s: %s moved to the end of the section, 0x%x → 0x%x (%s)", sn, name, e.OldOff, e.NewOff, dwarfread.Units(e.NewLen, "byte"))
			return
		}
		grew := ""
		if e.OldLen != e.NewLen {
			grew = fmt.Sprintf(" grew %d→%d bytes,", e.OldLen, e.NewLen)
		}
		behind := ""
		left := b.leftAs(sec, e.OldOff)
		if left != "" {
			behind = fmt.Sprintf("; 0x%x is left as %s", e.OldOff, left)
		}
		add("moved", sec, int64(e.NewOff), "%s: `%s`%s moved to the end of its unit, 0x%x → 0x%x%s", sn, name, grew, e.OldOff, e.NewOff, behind)
		if left != "" {
			add("padded", sec, int64(e.OldOff), "%s: the old place of `%s` at 0x%x is %s now", sn, name, e.OldOff, left)
		}
	case dwarfcore.EditInPlace:
		switch {
		case e.NewLen > e.OldLen:
			add("grew", sec, int64(e.NewOff), "%s: `%s` grew in place %d→%d bytes (%s written)", sn, name, e.OldLen, e.NewLen, dwarfread.Units(e.Bytes, "byte"))
		case e.NewLen < e.OldLen:
			add("shrank", sec, int64(e.NewOff), "%s: `%s` shrank in place %d→%d bytes", sn, name, e.OldLen, e.NewLen)
		default:
			add("in place", sec, int64(e.NewOff), "%s: `%s` rewritten in place (%s written)", sn, name, dwarfread.Units(e.Bytes, "byte"))
		}
	case dwarfcore.EditAdded:
		add("added", sec, int64(e.NewOff), "%s: `%s` added at 0x%x (%s)", sn, name, e.NewOff, dwarfread.Units(e.NewLen, "byte"))
	case dwarfcore.EditPadded:
		add("padded", sec, int64(e.NewOff), "%s: the padding after `%s` was rewritten (%s)", sn, name, dwarfread.Units(e.Bytes, "byte"))
	case dwarfcore.EditFreed:
		left := b.leftAs(sec, e.OldOff)
		if left == "" {
			left = "free"
		}
		add("freed", sec, int64(e.OldOff), "%s: `%s` is gone; its %s at 0x%x are %s now", sn, name, dwarfread.Units(e.OldLen, "byte"), e.OldOff, left)
	case dwarfcore.EditLine:
		add("line", sec, int64(e.NewOff), "%s: only the line of `%s` changed (%s written)", sn, name, dwarfread.Units(e.Bytes, "byte"))
	case dwarfcore.EditHeader:
		add("header", sec, int64(e.NewOff), "%s: header or trailer of %s rewritten (%s)", sn, name, dwarfread.Units(e.Bytes, "byte"))
	default:
		add(string(e.Action), sec, int64(e.NewOff), "%s: `%s` %s", sn, name, e.Action)
	}
}
