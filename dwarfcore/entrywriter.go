package dwarfcore

import (
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// The entry writer: the byte writer of one common entry's .debug_info and
// .debug_line contents, with the references every DIE writes (strings,
// types, symbols, forward and self references).

// entryWriter writes one common entry: its new .debug_info and
// .debug_line contents and their relocation records (the seed's WipNav,
// "work in progress"). Writers are pooled (getEntryWriter).
type entryWriter struct {
	d           *Dwarf
	unit, entry int
	info        relocWriter
	line        relocWriter
	// dry is set while fingerprinting (see cache.go): nothing is
	// added to the string or symbol tables, no relocation record is made,
	// and every reference is written as zeros and listed in refs.
	dry  bool
	refs []*lang.Type
}

func (d *Dwarf) getEntryWriter(ref entryRef) *entryWriter {
	var w *entryWriter
	if n := len(d.freeWriters); n > 0 {
		w = d.freeWriters[n-1]
		d.freeWriters = d.freeWriters[:n-1]
	} else {
		w = &entryWriter{d: d}
		w.info.Layout, w.line.Layout = d.layout, d.layout
	}
	w.unit, w.entry = ref.unit, ref.entry
	w.info.Reset()
	w.line.Reset()
	w.dry, w.refs = false, w.refs[:0]
	return w
}

func (d *Dwarf) putEntryWriter(w *entryWriter) { d.freeWriters = append(d.freeWriters, w) }

// withEntryWriter runs encode on a pooled writer for ref, which goes back
// to the pool when encode returns: the encoding path the declarations'
// and the types' entries share.
func (d *Dwarf) withEntryWriter(ref entryRef, encode func(w *entryWriter) error) error {
	w := d.getEntryWriter(ref)
	defer d.putEntryWriter(w)
	return encode(w)
}

// code appends an abbreviation code.
func (w *entryWriter) code(c abbrevCode) { w.info.ULEB(uint64(c)) }

// infoSectionOffset appends an offset into section sec (unit u, entry e,
// plus off) with the right kind of record: cross-section for another
// section, cross-unit for another unit of .debug_info, cross-entry
// within the unit.
func (w *entryWriter) infoSectionOffset(sec SectionID, u, e int, off uint64) {
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
func (w *entryWriter) strp(str string) {
	if w.dry {
		w.info.CString(str)
		return
	}
	w.infoSectionOffset(DebugStr, stringUnit, w.d.str.add(str), 0)
}

// refType appends a DW_FORM_ref_addr to t's entry, queueing t.
func (w *entryWriter) refType(t *lang.Type) {
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
func (w *entryWriter) refNext() {
	w.infoSectionOffset(DebugInfo, w.unit, w.entry, uint64(w.info.Len()+w.info.OffsetSize))
}

// refForward appends a reference whose target offset is filled in by
// finishForward.
func (w *entryWriter) refForward() int {
	if w.dry {
		w.info.Zeros(w.info.OffsetSize)
		return -1
	}
	w.infoSectionOffset(DebugInfo, w.unit, w.entry, 0)
	return len(w.info.Relocs) - 1
}

func (w *entryWriter) finishForward(i int) {
	if i >= 0 {
		w.info.Relocs[i].targetOff = uint64(w.info.Len())
	}
}

// addrSym appends an address-sized external relocation to sym + addend.
func (w *entryWriter) addrSym(sym string, addend int64, tls bool) {
	if w.dry {
		w.info.CString(sym)
		w.info.U8(byte(boolBit(tls)))
		w.info.SLEB(addend)
		w.info.Zeros(w.info.AddrSize)
		return
	}
	w.info.AddressReloc(relocRec{kind: External, sym: w.d.symbol(sym), addend: addend, tls: tls})
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
