package model

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
)

// EditLog is one update's log in words, with the byte ranges it touched.
type EditLog struct {
	// Fresh is true for the first update of an emitter (everything new).
	Fresh bool
	Lines []LogLine
	// Flash are the ranges written, for the map to flash.
	Flash []Range
	Stats dwarfcore.UpdateStats
}

// LogLine is one sentence of the edit log; Sec/Off point at what it is
// about (Off < 0: nothing to select).
type LogLine struct {
	Kind string // "moved", "grew", "shrank", "padded", "freed", "written", "unit"
	Text string
	Sec  dwarfcore.SectionID
	Off  int64
}

// Range is a byte range of a debug section.
type Range struct {
	Sec      dwarfcore.SectionID
	Off, Len uint64
}

type entryKey struct {
	sec         dwarfcore.SectionID
	unit, entry int
}

func newEditLog(prev, cur *Build, log *dwarfcore.UpdateLog, fresh bool) *EditLog {
	el := &EditLog{Fresh: fresh}
	if log == nil {
		return el
	}
	el.Stats = log.Stats
	oldLen := map[entryKey]uint64{}
	if prev != nil {
		for sec, x := range prev.index {
			if x == nil {
				continue
			}
			for _, it := range x.items {
				if it.Kind == dwarfcore.SpanEntry {
					oldLen[entryKey{dwarfcore.SectionID(sec), it.Unit, it.Entry}] = it.Len
				}
			}
		}
	}
	moved := map[entryKey]bool{}
	for _, m := range log.Moves {
		x := cur.index[m.Section]
		if m.Entry < 0 {
			el.Lines = append(el.Lines, LogLine{Kind: "unit", Sec: m.Section, Off: int64(m.To),
				Text: fmt.Sprintf("%s: unit %d moved 0x%x → 0x%x (%d bytes)", m.Section.Name(), m.Unit, m.From, m.To, m.Len)})
			continue
		}
		k := entryKey{m.Section, m.Unit, m.Entry}
		moved[k] = true
		name := fmt.Sprintf("unit %d entry %d", m.Unit, m.Entry)
		var newLen uint64 = m.Len
		if x != nil {
			if sp := x.entryByKey(m.Unit, m.Entry); sp != nil {
				name, newLen = sp.Name, sp.Len
			}
		}
		grew := ""
		if ol, ok := oldLen[k]; ok && ol != newLen {
			grew = fmt.Sprintf(" grew %d→%d bytes,", ol, newLen)
		}
		behind := ""
		if x != nil {
			if it := x.itemAt(m.From); it != nil && (it.Kind == dwarfcore.SpanPadding || it.Kind == dwarfcore.SpanSlack || it.Kind == dwarfcore.SpanStale) {
				behind = fmt.Sprintf("; 0x%x is left as %s", m.From, it.Kind)
			}
		}
		el.Lines = append(el.Lines, LogLine{Kind: "moved", Sec: m.Section, Off: int64(m.To),
			Text: fmt.Sprintf("%s: `%s`%s moved to the end of its unit, 0x%x → 0x%x%s", m.Section.Name(), name, grew, m.From, m.To, behind)})
		if behind != "" {
			el.Lines = append(el.Lines, LogLine{Kind: "padded", Sec: m.Section, Off: int64(m.From),
				Text: fmt.Sprintf("%s: the old place of `%s` at 0x%x is padding now", m.Section.Name(), name, m.From)})
		}
	}
	if prev != nil {
		for sec, x := range cur.index {
			if x == nil {
				continue
			}
			for _, it := range x.items {
				if it.Kind != dwarfcore.SpanEntry {
					continue
				}
				k := entryKey{dwarfcore.SectionID(sec), it.Unit, it.Entry}
				ol, ok := oldLen[k]
				if !ok || moved[k] || ol == it.Len {
					continue
				}
				kind, verb := "grew", "grew in place"
				if it.Len < ol {
					kind, verb = "shrank", "shrank"
				}
				if it.Len == 0 {
					kind, verb = "freed", "was emptied"
				}
				el.Lines = append(el.Lines, LogLine{Kind: kind, Sec: k.sec, Off: int64(it.Off),
					Text: fmt.Sprintf("%s: `%s` %s %d→%d bytes", k.sec.Name(), it.Name, verb, ol, it.Len)})
			}
		}
	}
	for _, t := range log.Trims {
		el.Lines = append(el.Lines, LogLine{Kind: "freed", Sec: t.Section, Off: -1,
			Text: fmt.Sprintf("%s: first %d bytes dropped (its first unit moved away)", t.Section.Name(), t.N)})
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
			el.Lines = append(el.Lines, LogLine{Kind: "written", Off: -1,
				Text: fmt.Sprintf("%d %s writes, %d bytes", countBy[k], dwarfcore.WriteKind(k), bytesBy[k])})
		}
	}
	return el
}
