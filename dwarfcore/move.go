package dwarfcore

// Moves: an entry that outgrows its slot moves to the end of its unit
// (moveEntry), a unit that outgrows its slot to the end of its section
// (resizeUnit, moveUnit), and the entries after one that shrank in an
// unpadded section move down (closeHole). Nothing that points at what
// moved is rewritten: relocation records are resolved by Output.

// moveEntry moves entry ei of unit ui, whose new contents of n bytes do
// not fit its slot, to the end of the unit's entries (the move inside the
// seed's Entry.replace): it is unlinked, the hole it leaves is padded
// from the entry before it, and it is linked last, at its predecessor's
// ideal end. Its bytes are not copied (the caller writes its new
// contents there) and the unit is not resized (the caller's resizeUnit
// does).
func (s *section) moveEntry(ui, ei int, n uint64) {
	u := s.units[ui]
	e := &u.entries[ei]
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
