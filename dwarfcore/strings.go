package dwarfcore

import "github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"

// stringSection is .debug_str or .debug_line_str: one unit without header
// or trailer whose entries are the NUL-terminated strings, each added
// once (DW_FORM_strp / DW_FORM_line_strp point at them).
type stringSection struct {
	sec   *section
	index map[string]int
	w     bytewriter.Writer
}

const stringUnit = 0

func newStringSection(sec *section) *stringSection {
	sec.addUnit(0, 0, "strings")
	return &stringSection{sec: sec, index: map[string]int{}}
}

// add returns the entry of str, appending it if it is new.
func (ss *stringSection) add(str string) int {
	if e, ok := ss.index[str]; ok {
		return e
	}
	s := ss.sec
	e := s.addEntry(stringUnit, entryWhat{kind: whatString})
	u := s.units[stringUnit]
	off := u.entries[e].off
	n := uint64(len(str) + 1)
	u.entries[e].len = n
	u.entries[e].written = true
	u.len = off + n
	s.resize(off + n)
	ss.w.Reset()
	ss.w.CString(str)
	s.write(off, ss.w.Bytes(), WriteString, stringUnit, e)
	ss.index[str] = e
	return e
}

// offset returns the section offset of entry e.
func (ss *stringSection) offset(e int) uint64 {
	return ss.sec.units[stringUnit].entries[e].off
}
