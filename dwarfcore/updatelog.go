package dwarfcore

import "fmt"

// The update log: every write, move and trim of an Update, the edits per
// entry and unit the explorer shows, and the statistics.

// WriteKind says why bytes were written during an update.
type WriteKind uint8

// The kinds of write.
const (
	// WriteEntry: an entry's new contents.
	WriteEntry WriteKind = iota
	// WritePadding: filler after an entry (padding DIE header,
	// DW_LNS_const_add_pc bytes).
	WritePadding
	// WriteHeader: a unit header.
	WriteHeader
	// WriteTrailer: a unit trailer and its fill.
	WriteTrailer
	// WriteMove: bytes copied because an entry or unit moved.
	WriteMove
	// WriteString: a new string appended to .debug_str/.debug_line_str.
	WriteString
	// WriteLine: the 4-byte DW_AT_decl_line of an entry whose only change
	// was its line.
	WriteLine
)

var writeKindNames = [...]string{"entry", "padding", "header", "trailer", "move", "string", "line"}

// String names the kind.
func (k WriteKind) String() string {
	if int(k) < len(writeKindNames) {
		return writeKindNames[k]
	}
	return "?"
}

// MarshalText implements encoding.TextMarshaler for JSON output.
func (k WriteKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Write records Len bytes written at Off of Section during an update.
// Offsets are relative to the section's start at the time of the write
// (see Trim for later shifts).
type Write struct {
	Section SectionID `json:"section"`
	Off     uint64    `json:"off"`
	Len     uint64    `json:"len"`
	Kind    WriteKind `json:"kind"`
	// Unit and Entry identify what was written; -1 when not applicable.
	Unit  int `json:"unit"`
	Entry int `json:"entry"`
}

// Move records an entry (Entry >= 0) or a unit (Entry == -1) moving from
// one section offset to another.
type Move struct {
	Section SectionID `json:"section"`
	Unit    int       `json:"unit"`
	Entry   int       `json:"entry"`
	From    uint64    `json:"from"`
	To      uint64    `json:"to"`
	Len     uint64    `json:"len"`
}

// Trim records that the first N bytes of a section were dropped because
// its first unit moved away; later offsets are N smaller.
type Trim struct {
	Section SectionID `json:"section"`
	N       uint64    `json:"n"`
}

// UpdateStats summarises one Update.
type UpdateStats struct {
	// EntriesWritten counts entries whose contents were (re)written;
	// EntriesUnchanged those re-encoded to identical bytes and skipped.
	EntriesWritten   int `json:"entriesWritten"`
	EntriesUnchanged int `json:"entriesUnchanged"`
	// EntriesEmptied counts entries of declarations or types that are
	// gone.
	EntriesEmptied int `json:"entriesEmptied"`
	// EntriesMoved and UnitsMoved count moves to the end of the unit or
	// section.
	EntriesMoved int `json:"entriesMoved"`
	UnitsMoved   int `json:"unitsMoved"`
	// Writes and BytesWritten count every logged write.
	Writes       int    `json:"writes"`
	BytesWritten uint64 `json:"bytesWritten"`
	// Sizes are the section sizes after the update.
	Sizes [NumSections]uint64 `json:"sizes"`
	// SectionBytes are the bytes written per section (index SectionID).
	SectionBytes [NumSections]uint64 `json:"sectionBytes"`
	// Delta is set when the update visited only the declarations the
	// front end re-checked (lang.Program.Changes), not the whole program.
	Delta bool `json:"delta"`
}

// UpdateLog is everything one Update wrote, in order.
type UpdateLog struct {
	Writes []Write `json:"writes"`
	Moves  []Move  `json:"moves"`
	Trims  []Trim  `json:"trims"`
	// Edits summarise the writes per entry and unit: the edit log the
	// explorer shows, in order of first write.
	Edits []Edit      `json:"edits"`
	Stats UpdateStats `json:"stats"`
	// Diff says how the declarations compared with the previous update.
	Diff Diff `json:"diff"`
}

// EditAction says what an update did to an entry or unit of a section.
type EditAction string

// The edit actions.
const (
	// EditAdded: a new entry got its first contents (or a new string was
	// appended to a string section).
	EditAdded EditAction = "added"
	// EditInPlace: new contents written in the entry's slot.
	EditInPlace EditAction = "in place"
	// EditMoved: the entry outgrew its slot and moved to the end of its
	// unit, or the unit outgrew its slot and moved to the end of its
	// section.
	EditMoved EditAction = "moved"
	// EditPadded: only the entry's padding was rewritten (its successor
	// moved away or it shrank), so readers skip the hole.
	EditPadded EditAction = "padded"
	// EditFreed: the entry's declaration or type is gone; its bytes became
	// padding and its relocations were dropped.
	EditFreed EditAction = "freed"
	// EditLine: only the 4-byte DW_AT_decl_line was rewritten (the
	// seed's updateNavLineNumber).
	EditLine EditAction = "line"
	// EditHeader: a unit's header or trailer was rewritten.
	EditHeader EditAction = "header"
)

// Edit is one entry's (Entry >= 0) or unit's (Entry == -1) change in one
// section during an update. Offsets are section offsets; Old* are zero
// for an added entry, New* zero for a freed one.
type Edit struct {
	Section     SectionID `json:"section"`
	SectionName string    `json:"sectionName"`
	Unit        int       `json:"unit"`
	Entry       int       `json:"entry"`
	// Name says what the entry is: "declaration basic.Basic", "type u32",
	// "file basic", "string", or "unit module root" for a unit.
	Name   string     `json:"name"`
	Action EditAction `json:"action"`
	OldOff uint64     `json:"oldOff"`
	OldLen uint64     `json:"oldLen"`
	NewOff uint64     `json:"newOff"`
	NewLen uint64     `json:"newLen"`
	// Bytes counts the bytes written for it in this section.
	Bytes uint64 `json:"bytes"`
}

type editKey struct {
	sec         SectionID
	unit, entry int
}

type updateLog struct {
	UpdateLog
	// keep false turns off recording of individual writes (stats only).
	keep bool
	// editIndex finds the edit of an entry (or unit) in Edits:
	// editIndex[sec][unit][entry+1] is its index + 1, 0 when it has none
	// (entry+1 is 0 for the unit itself); reset clears the slots Edits
	// used. edits holds any other key.
	editIndex [NumSections][][]int32
	edits     map[editKey]int
	// touched says which sections were written or trimmed since the last
	// Output (which clears it); reset leaves it alone.
	touched [NumSections]bool
}

func (l *updateLog) reset() {
	for i := range l.Edits {
		if slot := l.editSlot(l.Edits[i].Section, l.Edits[i].Unit, l.Edits[i].Entry, false); slot != nil {
			*slot = 0
		}
	}
	// Fresh slices: callers keep earlier updates' logs (LastUpdate).
	l.UpdateLog = UpdateLog{}
	clear(l.edits)
}

// editSlot returns the editIndex slot of an entry or unit (made when
// grow is set), or nil for a key outside it.
func (l *updateLog) editSlot(sec SectionID, unit, entry int, grow bool) *int32 {
	if int(sec) >= len(l.editIndex) || unit < 0 || entry < none || unit > 1<<20 || entry >= 1<<26 {
		return nil
	}
	units := l.editIndex[sec]
	if unit >= len(units) {
		if !grow {
			return nil
		}
		units = append(units, make([][]int32, unit+1-len(units))...)
		l.editIndex[sec] = units
	}
	idx := units[unit]
	if entry+1 >= len(idx) {
		if !grow {
			return nil
		}
		idx = append(idx, make([]int32, entry+2-len(idx))...)
		idx = idx[:cap(idx)]
		units[unit] = idx
	}
	return &idx[entry+1]
}

// edit returns the edit of an entry or unit, adding it on first use.
func (l *updateLog) edit(sec SectionID, unit, entry int) *Edit {
	slot := l.editSlot(sec, unit, entry, true)
	if slot != nil {
		if i := *slot; i > 0 {
			return &l.Edits[i-1]
		}
		*slot = int32(len(l.Edits) + 1)
	} else {
		k := editKey{sec, unit, entry}
		if i, ok := l.edits[k]; ok {
			return &l.Edits[i]
		}
		if l.edits == nil {
			l.edits = map[editKey]int{}
		}
		l.edits[k] = len(l.Edits)
	}
	l.Edits = append(l.Edits, Edit{Section: sec, SectionName: sec.Name(), Unit: unit, Entry: entry})
	return &l.Edits[len(l.Edits)-1]
}

func (l *updateLog) replaced(sec SectionID, unit, entry int, oldOff, oldLen, newOff, newLen uint64, action EditAction) {
	if !l.keep {
		return
	}
	e := l.edit(sec, unit, entry)
	if e.Action == "" || e.Action == EditPadded || e.Action == EditLine {
		e.OldOff, e.OldLen = oldOff, oldLen
	}
	if e.Action != EditMoved && e.Action != EditAdded {
		e.Action = action
	}
	e.NewOff, e.NewLen = newOff, newLen
}

func (l *updateLog) wrote(w Write) {
	if int(w.Section) < len(l.touched) {
		l.touched[w.Section] = true
	}
	l.Stats.Writes++
	l.Stats.BytesWritten += w.Len
	if int(w.Section) < len(l.Stats.SectionBytes) {
		l.Stats.SectionBytes[w.Section] += w.Len
	}
	if !l.keep {
		return
	}
	l.Writes = append(l.Writes, w)
	e := l.edit(w.Section, w.Unit, w.Entry)
	e.Bytes += w.Len
	if e.Action != "" {
		return
	}
	switch w.Kind {
	case WritePadding:
		e.Action = EditPadded
	case WriteHeader, WriteTrailer:
		e.Action = EditHeader
	case WriteMove:
		e.Action = EditMoved
	case WriteString:
		e.Action = EditAdded
		e.NewOff, e.NewLen = w.Off, w.Len
	case WriteLine:
		e.Action = EditLine
	}
	// WriteEntry: replaced says what happened
}

func (l *updateLog) moved(m Move) {
	if m.Entry == none {
		l.Stats.UnitsMoved++
	} else {
		l.Stats.EntriesMoved++
	}
	if l.keep {
		l.Moves = append(l.Moves, m)
	}
}

func (l *updateLog) trimmed(id SectionID, n uint64) {
	if int(id) < len(l.touched) {
		l.touched[id] = true
	}
	if l.keep {
		l.Trims = append(l.Trims, Trim{Section: id, N: n})
	}
}

// UnmarshalText implements encoding.TextUnmarshaler, the inverse of
// MarshalText.
func (k *WriteKind) UnmarshalText(b []byte) error {
	for i, n := range writeKindNames {
		if n == string(b) {
			*k = WriteKind(i)
			return nil
		}
	}
	return fmt.Errorf("dwarfcore: unknown write kind %q", b)
}

// nameEdits fills in the Name of every edit of the last update.
func (d *Dwarf) nameEdits() {
	for i := range d.log.Edits {
		e := &d.log.Edits[i]
		s := d.sections[e.Section]
		if e.Unit < 0 || e.Unit >= len(s.units) {
			continue
		}
		u := s.units[e.Unit]
		if e.Entry == none {
			e.Name = "unit " + u.label
			continue
		}
		if e.Entry < len(u.entries) {
			what := u.entries[e.Entry].what
			if e.Section != DebugInfo && (what.kind == whatDecl || what.kind == whatType || what.kind == whatFile) {
				// the .debug_info copy has the current name
				if info := d.sections[DebugInfo].units; e.Unit < len(info) && e.Entry < len(info[e.Unit].entries) {
					what = info[e.Unit].entries[e.Entry].what
				}
			}
			e.Name = what.String()
		}
	}
}
