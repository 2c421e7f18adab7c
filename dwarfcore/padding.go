package dwarfcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
)

// Padding: the bytes between an entry's contents and the next entry with
// contents, written so that readers skip them (the seed's Entry.pad).
// writePadding is the one place padding bytes are written.

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

// nextWithContents returns ei, or the first entry after it with
// contents, or none.
func (s *section) nextWithContents(u *unit, ei int) int {
	for ei != none && u.entries[ei].len == 0 {
		ei = u.entries[ei].next
	}
	return ei
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
