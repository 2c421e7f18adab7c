package dwarfcore

import (
	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
)

// This file is the seed's layout engine: a section is an ordered, linked
// sequence of units; a unit is a header, an ordered, linked sequence of
// entries and a trailer. Entries and units get ideal padding
// (len + len/3) in the sections that pad; an entry that outgrows its slot
// moves to the end of its unit, and a unit that outgrows its slot moves to
// the end of its section (move.go); the gaps are padded (padding.go).
// Every byte written is logged (updatelog.go).

const none = -1

// padToIdeal is the seed's ideal capacity: actual + actual/3.
func padToIdeal(n uint64) uint64 { return n + n/3 }

type section struct {
	id         SectionID
	padToIdeal bool
	// align is the section's alignment in bytes (sh_addralign).
	align int
	// buf[start:] holds the section's bytes; trim advances start the way
	// the seed advances the section's file offset.
	buf   []byte
	start int

	units       []*unit
	first, last int
	log         *updateLog
	// out tracks what the next Output must resolve again (nil: always
	// everything).
	out *relocState
	// padWriter writes the padding (writePadding).
	padWriter bytewriter.Writer
	// relocArena is the free tail of the current chunk entries' reloc
	// records are carved from (see storeRelocs).
	relocArena []relocRec
}

type unit struct {
	index         int
	prev, next    int
	first, last   int
	off           uint64 // within the section
	headerLen     uint64
	trailerLen    uint64
	len           uint64 // header + entries + trailer
	entries       []entry
	headerRelocs  []relocRec
	headerHash    uint64
	headerWritten bool
	trailerHash   uint64
	label         string
}

type entry struct {
	prev, next int
	off        uint64 // from the end of the unit header
	len        uint64
	relocs     []relocRec
	hash       uint64
	written    bool
	// what describes the entry for the annotated map and the edit log.
	what entryWhat
	// cache is what a .debug_info entry was last encoded from
	// (cache.go); nil when not cached.
	cache *cached
}

func newSection(id SectionID, pad bool, log *updateLog) *section {
	return &section{id: id, padToIdeal: pad, align: 1, first: none, last: none, log: log}
}

func (s *section) size() uint64     { return uint64(len(s.buf) - s.start) }
func (s *section) contents() []byte { return s.buf[s.start:] }

func (s *section) pad(n uint64) uint64 {
	if s.padToIdeal {
		return padToIdeal(n)
	}
	return n
}

// resize sets the section's length, zero-filling new bytes.
func (s *section) resize(n uint64) {
	want := s.start + int(n)
	if want <= len(s.buf) {
		s.buf = s.buf[:want]
		return
	}
	if want <= cap(s.buf) {
		old := len(s.buf)
		s.buf = s.buf[:want]
		clear(s.buf[old:])
		return
	}
	nb := make([]byte, want, want+want/2)
	copy(nb, s.buf)
	s.buf = nb
}

// write copies b to off and logs it.
func (s *section) write(off uint64, b []byte, kind WriteKind, u, e int) {
	if len(b) == 0 {
		return
	}
	copy(s.buf[s.start+int(off):], b)
	s.log.wrote(Write{Section: s.id, Off: off, Len: uint64(len(b)), Kind: kind, Unit: u, Entry: e})
}

// trim drops the bytes before the first unit, as the seed moves the
// section's start forward.
func (s *section) trim() {
	if s.first == none {
		return
	}
	n := s.units[s.first].off
	if n == 0 {
		return
	}
	for _, u := range s.units {
		u.off -= n
	}
	s.start += int(n)
	s.log.trimmed(s.id, n)
	s.out.layoutChanged()
	// Reclaim space once the dead prefix dominates.
	if s.start > len(s.buf)/2 && s.start > 4096 {
		nb := make([]byte, len(s.buf)-s.start, cap(s.buf)-s.start)
		copy(nb, s.buf[s.start:])
		s.buf, s.start = nb, 0
	}
}

// addUnit appends a unit of header and trailer lengths to the section.
func (s *section) addUnit(headerLen, trailerLen uint64, label string) int {
	u := &unit{index: len(s.units), prev: s.last, next: none, first: none, last: none,
		headerLen: headerLen, trailerLen: trailerLen, len: headerLen + trailerLen, label: label}
	if s.last != none {
		last := s.units[s.last]
		last.next = u.index
		u.off = last.off + s.pad(last.len)
	}
	if s.first == none {
		s.first = u.index
	}
	s.last = u.index
	s.units = append(s.units, u)
	s.resize(u.off + s.pad(u.len))
	return u.index
}

// addEntry appends an empty entry to unit ui.
func (s *section) addEntry(ui int, what entryWhat) int {
	u := s.units[ui]
	ei := len(u.entries)
	e := entry{prev: u.last, next: none, what: what}
	if u.last != none {
		last := &u.entries[u.last]
		last.next = ei
		e.off = last.off + s.pad(last.len)
	}
	if u.first == none {
		u.first = ei
	}
	u.last = ei
	u.entries = append(u.entries, e)
	return ei
}

// entryStart returns the section offset of entry ei of unit ui.
func (s *section) entryStart(ui, ei int) uint64 {
	u := s.units[ui]
	return u.off + u.headerLen + u.entries[ei].off
}

// resizeHeader is the seed's Unit.resizeHeader.
func (s *section) resizeHeader(ui int, n uint64) {
	u := s.units[ui]
	if u.headerLen == n {
		return
	}
	s.out.layoutChanged()
	var available uint64
	if u.prev != none {
		p := s.units[u.prev]
		available = u.off - p.off - p.len
	}
	if available+u.headerLen < n {
		s.resizeUnit(ui, n-u.headerLen, u.len-u.headerLen+n)
	}
	if u.headerLen > n {
		excess := u.headerLen - n
		u.off += excess
		u.headerLen -= excess
		u.len -= excess
	} else if u.headerLen < n {
		need := n - u.headerLen
		u.off -= need
		u.headerLen += need
		u.len += need
	}
	u.headerWritten = false
	s.trim()
}

// replaceEntry is the seed's Entry.replace: write contents (with their
// relocation records) as entry ei of unit ui. Contents that outgrow the
// entry's slot move it to the end of the unit (moveEntry), which grows
// (resizeUnit, moving the unit to the end of the section if need be).
func (s *section) replaceEntry(ui, ei int, contents []byte, relocs []relocRec) {
	u := s.units[ui]
	e := &u.entries[ei]
	n := uint64(len(contents))
	oldOff, oldLen, wasWritten, moved := s.entryStart(ui, ei), e.len, e.written && e.len > 0, false
	if !s.padToIdeal && n < e.len && e.next != none {
		s.closeHole(ui, ei, e.len-n)
		e = &u.entries[ei]
	}
	var end uint64
	if e.next != none {
		end = u.entries[e.next].off
	} else if u.len > u.headerLen+u.trailerLen {
		end = u.len - (u.headerLen + u.trailerLen)
	}
	if e.off+n > end {
		if e.next != none {
			s.moveEntry(ui, ei, n)
			moved = true
		}
		s.resizeUnit(ui, 0, u.headerLen+e.off+s.pad(n)+u.trailerLen)
	}
	e.len = n
	e.relocs = s.storeRelocs(e.relocs, relocs)
	e.written = true
	s.out.rewritten(s.id, ui, ei)
	s.padBefore(ui, ei)
	s.write(s.entryStart(ui, ei), contents, WriteEntry, ui, ei)
	s.padEntry(ui, ei)
	if s.log.keep {
		action, newOff := EditInPlace, s.entryStart(ui, ei)
		switch {
		case n == 0:
			action, newOff = EditFreed, 0
		case !wasWritten:
			action, oldOff, oldLen = EditAdded, 0, 0
		case moved:
			action = EditMoved
		}
		s.log.replaced(s.id, ui, ei, oldOff, oldLen, newOff, n, action)
	}
}

// storeRelocs returns old holding a copy of relocs: in old's array when
// it has room, else in a new slot of the section's shared chunk, so
// entries do not each allocate their own (capacity-limited: a later,
// longer list moves to a new slot).
func (s *section) storeRelocs(old, relocs []relocRec) []relocRec {
	n := len(relocs)
	if n <= cap(old) {
		return append(old[:0], relocs...)
	}
	if cap(s.relocArena)-len(s.relocArena) < n {
		// chunks double from 32 records up to 4096
		s.relocArena = make([]relocRec, 0, max(n, min(max(2*cap(s.relocArena), 32), 4096)))
	}
	start := len(s.relocArena)
	s.relocArena = append(s.relocArena, relocs...)
	return s.relocArena[start : start+n : start+n]
}

// whatKind says what owns an entry.
type whatKind uint8

const (
	whatDecl whatKind = iota
	whatType
	whatFile
	whatString
	whatAbbrevTable
)

// entryWhat describes an entry's owner.
type entryWhat struct {
	kind whatKind
	name string
	// gen is the update that last encoded the entry (.debug_info copy
	// only); -1 once emptied.
	gen int
}

func (w entryWhat) String() string {
	switch w.kind {
	case whatDecl:
		return "declaration " + w.name
	case whatType:
		return "type " + w.name
	case whatFile:
		return "file " + w.name
	case whatString:
		return "string"
	case whatAbbrevTable:
		return "abbreviation table"
	}
	return "?"
}
