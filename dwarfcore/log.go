package dwarfcore

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
}

// UpdateLog is everything one Update wrote, in order.
type UpdateLog struct {
	Writes []Write     `json:"writes"`
	Moves  []Move      `json:"moves"`
	Trims  []Trim      `json:"trims"`
	Stats  UpdateStats `json:"stats"`
}

type updateLog struct {
	UpdateLog
	// keep false turns off recording of individual writes (stats only).
	keep bool
}

func (l *updateLog) wrote(w Write) {
	l.Stats.Writes++
	l.Stats.BytesWritten += w.Len
	if l.keep {
		l.Writes = append(l.Writes, w)
	}
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
	if l.keep {
		l.Trims = append(l.Trims, Trim{Section: id, N: n})
	}
}
