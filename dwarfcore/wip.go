package dwarfcore

import (
	"hash/maphash"

	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// wip is the work in progress of one common entry: its new .debug_info
// and .debug_line contents and their relocation records (the seed's
// WipNav).
type wip struct {
	d           *Dwarf
	unit, entry int
	info        relocWriter
	line        relocWriter
	// dry is set while fingerprinting (see fingerprint.go): nothing is
	// added to the string or symbol tables, no relocation record is made,
	// and every reference is written as zeros and listed in refs.
	dry  bool
	refs []*lang.Type
}

// relocWriter is the byte writer with the emitter's relocation records.
type relocWriter = bytewriter.RelocWriter[relocRec]

func (d *Dwarf) getWip(ref entryRef) *wip {
	var w *wip
	if n := len(d.wips); n > 0 {
		w = d.wips[n-1]
		d.wips = d.wips[:n-1]
	} else {
		w = &wip{d: d}
		w.info.Layout, w.line.Layout = d.layout, d.layout
	}
	w.unit, w.entry = ref.unit, ref.entry
	w.info.Reset()
	w.line.Reset()
	w.dry, w.refs = false, w.refs[:0]
	return w
}

func (d *Dwarf) putWip(w *wip) { d.wips = append(d.wips, w) }

// code appends an abbreviation code.
func (w *wip) code(c abbrevCode) { w.info.ULEB(uint64(c)) }

// infoSectionOffset appends an offset into section sec (unit u, entry e,
// plus off) with the right kind of record: cross-section for another
// section, cross-unit for another unit of .debug_info, cross-entry
// within the unit.
func (w *wip) infoSectionOffset(sec SectionID, u, e int, off uint64) {
	if w.dry {
		w.info.Zeros(w.info.OffsetSize)
		return
	}
	r := relocRec{targetSec: sec, targetUnit: u, targetEntry: e, targetOff: off}
	switch {
	case sec != DebugInfo:
		r.kind = CrossSection
	case u != w.unit:
		r.kind = CrossUnit
	default:
		r.kind = CrossEntry
	}
	w.info.OffsetReloc(r)
}

// strp appends a DW_FORM_strp to str.
func (w *wip) strp(str string) {
	if w.dry {
		w.info.CString(str)
		return
	}
	w.infoSectionOffset(DebugStr, stringUnit, w.d.str.add(str), 0)
}

// refType appends a DW_FORM_ref_addr to t's entry, queueing t.
func (w *wip) refType(t *lang.Type) {
	if w.dry {
		w.refs = append(w.refs, t)
		w.info.Zeros(w.info.OffsetSize)
		return
	}
	ref := w.d.refType(t)
	w.infoSectionOffset(DebugInfo, ref.unit, ref.entry, 0)
}

// refNext appends a reference to the DIE that starts right after the
// reference itself (the seed's self-referencing offsets of const/volatile
// chains and variant parts).
func (w *wip) refNext() {
	w.infoSectionOffset(DebugInfo, w.unit, w.entry, uint64(w.info.Len()+w.info.OffsetSize))
}

// refForward appends a reference whose target offset is filled in by
// finishForward.
func (w *wip) refForward() int {
	if w.dry {
		w.info.Zeros(w.info.OffsetSize)
		return -1
	}
	w.infoSectionOffset(DebugInfo, w.unit, w.entry, 0)
	return len(w.info.Relocs) - 1
}

func (w *wip) finishForward(i int) {
	if i >= 0 {
		w.info.Relocs[i].targetOff = uint64(w.info.Len())
	}
}

// addrSym appends an address-sized external relocation to sym + addend.
func (w *wip) addrSym(sym string, addend int64, tls bool) {
	if w.dry {
		w.info.CString(sym)
		w.info.U8(byte(boolBit(tls)))
		w.info.SLEB(addend)
		w.info.Zeros(w.info.AddrSize)
		return
	}
	w.info.AddressReloc(relocRec{kind: External, sym: w.d.symbol(sym), addend: addend, tls: tls})
}

// hashContents fingerprints contents and records so an unchanged entry
// is not rewritten.
var hashSeed = maphash.MakeSeed()

func hashContents(b []byte, rs []relocRec) uint64 {
	h := maphash.Bytes(hashSeed, b)
	mix := func(v uint64) {
		h ^= v
		h *= 0x100000001b3
		h ^= h >> 29
	}
	for i := range rs {
		r := &rs[i]
		mix(uint64(r.kind) | uint64(r.targetSec)<<8 | boolBit(r.tls)<<16 | uint64(uint32(r.targetUnit))<<32)
		mix(r.sourceOff)
		mix(uint64(int64(r.targetEntry)))
		mix(r.targetOff)
		mix(uint64(int64(r.sym)))
		mix(uint64(r.addend))
	}
	return h | 1
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// replace writes contents as the entry of section id unless the entry
// already holds exactly these bytes and records.
func (d *Dwarf) replace(id SectionID, ref entryRef, contents []byte, relocs []relocRec) {
	s := d.sections[id]
	e := &s.units[ref.unit].entries[ref.entry]
	if len(contents) == 0 && e.len == 0 {
		e.relocs = e.relocs[:0]
		return
	}
	h := hashContents(contents, relocs)
	if e.written && e.hash == h && e.len == uint64(len(contents)) {
		if id == DebugInfo {
			d.log.Stats.EntriesUnchanged++
		}
		return
	}
	if id == DebugInfo && e.written && e.len == uint64(len(contents)) && d.onlyLineChanged(ref, contents, relocs) {
		e.hash = h
		return
	}
	s.replaceEntry(ref.unit, ref.entry, contents, relocs)
	s.units[ref.unit].entries[ref.entry].hash = h
	if id == DebugInfo {
		d.log.Stats.EntriesWritten++
	}
}

// onlyLineChanged handles the seed's updateNavLineNumber case: a
// declaration entry whose new contents differ from the old only in the
// 4-byte DW_AT_decl_line is patched in place (4 bytes written).
func (d *Dwarf) onlyLineChanged(ref entryRef, contents []byte, relocs []relocRec) bool {
	s := d.sections[DebugInfo]
	e := &s.units[ref.unit].entries[ref.entry]
	if e.what.kind != whatDecl || len(relocs) != len(e.relocs) {
		return false
	}
	for i := range relocs {
		if relocs[i] != e.relocs[i] {
			return false
		}
	}
	lineOff := uint64(declAbbrevBytes) + d.offsetSize()
	if uint64(len(contents)) < lineOff+4 {
		return false
	}
	old := s.contents()[s.entryStart(ref.unit, ref.entry):][:len(contents)]
	// Compare outside relocation sites (which hold resolved values).
	mask := make([]bool, len(contents))
	for _, r := range relocs {
		n := d.offsetSize()
		if r.kind == External {
			n = d.addrSize()
		}
		for j := r.sourceOff; j < r.sourceOff+n && j < uint64(len(mask)); j++ {
			mask[j] = true
		}
	}
	for i := range contents {
		if mask[i] || uint64(i) >= lineOff && uint64(i) < lineOff+4 {
			continue
		}
		if contents[i] != old[i] {
			return false
		}
	}
	s.write(s.entryStart(ref.unit, ref.entry)+lineOff, contents[lineOff:lineOff+4], WriteLine, ref.unit, ref.entry)
	d.log.Stats.EntriesWritten++
	return true
}
