package dwarfcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
)

// This file is the seed's layout engine: a section is an ordered, linked
// sequence of units; a unit is a header, an ordered, linked sequence of
// entries and a trailer. Entries and units get ideal padding
// (len + len/3) in the sections that pad; an entry that outgrows its slot
// moves to the end of its unit, and a unit that outgrows its slot moves to
// the end of its section. Every byte written is logged.

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
	// (fingerprint.go); nil when not cached.
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

// resizeUnit is the seed's Unit.resize: make room for len bytes (plus
// extraHeader bytes in front), moving the unit to the end of the section
// when it would overlap its successor.
func (s *section) resizeUnit(ui int, extraHeader, n uint64) {
	u := s.units[ui]
	end := s.size()
	if u.next != none {
		end = s.units[u.next].off
	}
	if extraHeader > 0 || u.off+n > end {
		u.len = min(u.len, n)
		newOff := u.off
		if u.next != none {
			if u.prev != none {
				s.units[u.prev].next = u.next
			} else {
				s.first = u.next
			}
			s.units[u.next].prev = u.prev
			last := s.units[s.last]
			last.next = ui
			u.prev = s.last
			u.next = none
			newOff = last.off + s.pad(last.len)
			s.last = ui
		} else if extraHeader > 0 {
			// keep the new place disjoint from the old one
			if u.len > extraHeader {
				newOff += u.len - extraHeader
			}
		}
		s.resize(newOff + n)
		s.moveUnit(ui, newOff+extraHeader)
		u.off -= extraHeader
		u.headerLen += extraHeader
		s.trim()
	}
	u.len = n
}

// moveUnit copies the unit's bytes to newOff.
func (s *section) moveUnit(ui int, newOff uint64) {
	u := s.units[ui]
	if u.off == newOff {
		return
	}
	from := u.off
	copy(s.buf[s.start+int(newOff):s.start+int(newOff+u.len)], s.buf[s.start+int(from):s.start+int(from+u.len)])
	s.log.moved(Move{Section: s.id, Unit: ui, Entry: none, From: from, To: newOff, Len: u.len})
	s.out.layoutChanged()
	s.log.replaced(s.id, ui, none, from, u.len, newOff, u.len, EditMoved)
	s.log.wrote(Write{Section: s.id, Off: newOff, Len: u.len, Kind: WriteMove, Unit: ui, Entry: none})
	u.off = newOff
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
// relocation records) as entry ei of unit ui.
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
			from := s.entryStart(ui, ei)
			if e.prev != none {
				u.entries[e.prev].next = e.next
			} else {
				u.first = e.next
			}
			u.entries[e.next].prev = e.prev
			s.padBefore(ui, e.next)
			last := &u.entries[u.last]
			last.next = ei
			e.prev = u.last
			e.next = none
			e.off = last.off + s.pad(last.len)
			u.last = ei
			s.log.moved(Move{Section: s.id, Unit: ui, Entry: ei, From: from, To: s.entryStart(ui, ei), Len: n})
			s.out.layoutChanged()
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

// closeHole shifts the entries after ei of an unpadded section down by
// delta bytes so that no gap is left behind a shrinking entry (unpadded
// sections have no filler a reader skips).
func (s *section) closeHole(ui, ei int, delta uint64) {
	u := s.units[ui]
	e := &u.entries[ei]
	from := s.entryStart(ui, e.next)
	dataEnd := u.off + u.headerLen
	if u.last != none {
		l := &u.entries[u.last]
		dataEnd += l.off + l.len
	}
	b := s.buf[s.start:]
	copy(b[from-delta:], b[from:dataEnd])
	for i := e.next; i != none; i = u.entries[i].next {
		u.entries[i].off -= delta
	}
	s.log.moved(Move{Section: s.id, Unit: ui, Entry: e.next, From: from, To: from - delta, Len: dataEnd - from})
	s.out.layoutChanged()
	s.log.wrote(Write{Section: s.id, Off: from - delta, Len: dataEnd - from, Kind: WriteMove, Unit: ui, Entry: e.next})
	u.len -= delta
	if u.next == none {
		s.resize(u.off + u.len)
	}
}

// padEntry fills the gap between entry ei and its successor so readers
// skip it: ZIG_padding DIEs in .debug_info, DW_LNS_const_add_pc in
// .debug_line (the seed's Entry.pad).
//
// The gap runs to the next entry with contents: empty entries (of
// declarations and types that are gone) take no space, and the bytes of
// their slots may be anything (a trailer fill, say), so the padding
// covers them. An empty entry pads nothing itself.
func (s *section) padEntry(ui, ei int) {
	u := s.units[ui]
	e := &u.entries[ei]
	if e.len == 0 {
		return
	}
	next := s.nextWithContents(u, e.next)
	if next == none {
		return // the trailer starts right after the last entry
	}
	start := e.off + e.len
	n := u.entries[next].off - start
	if n == 0 {
		return
	}
	at := u.off + u.headerLen + start
	if !s.writePadding(at, n, ui, ei) {
		panic(fmt.Sprintf("dwarfcore: %d-byte hole in unpadded section %s", n, s.id.Name()))
	}
}

// padHead fills the hole an entry leaves at the start of a unit's entry
// area when it moves away (the seed leaves its stale bytes there, which
// readers would decode as live DIEs).
func (s *section) padHead(ui int) {
	u := s.units[ui]
	first := s.nextWithContents(u, u.first)
	if first == none {
		return
	}
	n := u.entries[first].off
	if n == 0 {
		return
	}
	s.writePadding(u.off+u.headerLen, n, ui, none)
}

// writePadding writes n bytes of padding at section offset off, after
// entry ei of unit ui (none: at the start of the unit's entries), so that
// readers skip them: a ZIG_padding DIE in .debug_info, DW_LNS_const_add_pc
// in .debug_line. It reports false for a section that is not padded.
func (s *section) writePadding(off, n uint64, ui, ei int) bool {
	w := &s.padWriter
	w.Reset()
	switch s.id {
	case DebugInfo:
		writeInfoPad(w, n)
	case DebugLine:
		w.Fill(int(n), byte(dw.LNSConstAddPC))
	default:
		return false
	}
	s.write(off, w.Bytes(), WritePadding, ui, ei)
	return true
}

// nextWithContents returns ei, or the first entry after it with
// contents, or none.
func (s *section) nextWithContents(u *unit, ei int) int {
	for ei != none && u.entries[ei].len == 0 {
		ei = u.entries[ei].next
	}
	return ei
}

// padBefore pads the gap in front of entry ei: from the end of the
// nearest entry before it with contents, or from the start of the unit's
// entry area.
func (s *section) padBefore(ui, ei int) {
	u := s.units[ui]
	for p := u.entries[ei].prev; p != none; p = u.entries[p].prev {
		if u.entries[p].len > 0 {
			s.padEntry(ui, p)
			return
		}
	}
	s.padHead(ui)
}

// writeInfoPad writes the header of the padding DIE that makes a reader
// skip n bytes: pad_1 for one byte, else pad_n whose DW_FORM_block length
// is a ULEB; when no ULEB length makes the total exactly n, the length is
// undercounted by one and its ULEB stretched by one byte (the seed's
// trick). The block's contents are not written.
func writeInfoPad(w *bytewriter.Writer, n uint64) {
	switch n {
	case 0:
		return
	case 1:
		w.ULEB(uint64(abbrevPad1))
		return
	}
	start := w.Len()
	w.ULEB(uint64(abbrevPadN))
	code := uint64(w.Len() - start)
	for lenBytes := uint64(1); ; lenBytes++ {
		v := n - code - lenBytes
		limit := uint64(1) << (7 * lenBytes)
		switch {
		case v < limit:
			w.ULEB(v)
			return
		case v == limit:
			// No length fits: stretch the ULEB to lenBytes+1 bytes.
			lenBytes++
			w.ULEBFixed(n-code-lenBytes, int(lenBytes))
			return
		}
	}
}
