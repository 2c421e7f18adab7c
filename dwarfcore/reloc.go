package dwarfcore

import (
	"encoding/binary"
	"fmt"
)

// relocRec is a relocation record as the seed keeps them: the source is
// an offset within the entry holding the record (or within the unit, for
// header records); the target is an entry or unit of some section, or an
// external symbol. Records are resolved only when the output is laid out,
// so an entry or unit can move without rewriting anything that points at
// it.
//
// The seed keeps four lists per unit (cross_entry, cross_unit,
// cross_section, external); here each entry keeps its own records, tagged
// with the kind, so that replacing an entry drops the records of its old
// contents.
type relocRec struct {
	kind      RelocKind
	sourceOff uint64
	// Cross kinds: the target section (the source's own for CrossEntry
	// and CrossUnit), unit and entry (none: the unit's start), and an
	// offset from there.
	targetSec   SectionID
	targetUnit  int
	targetEntry int
	targetOff   uint64
	// External: the symbol (index into Dwarf.symbols) and the addend.
	sym    int
	addend int64
	tls    bool
}

// targetOffset returns the section offset a cross record points at.
func (d *Dwarf) targetOffset(r *relocRec) (uint64, error) {
	s := d.sections[r.targetSec]
	if r.targetUnit < 0 || r.targetUnit >= len(s.units) {
		return 0, fmt.Errorf("dwarfcore: relocation to missing unit %d of %s", r.targetUnit, s.id.Name())
	}
	u := s.units[r.targetUnit]
	off := u.off + r.targetOff
	if r.targetEntry != none {
		e := &u.entries[r.targetEntry]
		if e.len == 0 {
			return 0, fmt.Errorf("dwarfcore: missing dwarf relocation target: empty entry %d (%s) of %s unit %d",
				r.targetEntry, e.what.String(), s.id.Name(), r.targetUnit)
		}
		off += u.headerLen + e.off
	}
	return off, nil
}

// resolveRelocs writes every record's value into the section buffers
// (cross kinds: the target offset; external: the addend alone) and
// returns the records with absolute offsets, sorted by section and
// offset.
func (d *Dwarf) resolveRelocs() ([]Reloc, error) {
	n := 0
	for _, s := range d.sections {
		for _, u := range s.units {
			n += len(u.headerRelocs)
			for ei := range u.entries {
				if u.entries[ei].len > 0 {
					n += len(u.entries[ei].relocs)
				}
			}
		}
	}
	out := make([]Reloc, n)
	n = 0
	order := d.order
	osize := d.opts.Format.OffsetSize()
	asize := d.opts.Arch.PtrSize
	// Walking units and entries in their linked (offset) order yields the
	// records sorted by offset: records of an entry are in source order.
	// Each record is filled in place (no copy of a Reloc per record).
	for _, s := range d.sections {
		b := s.contents()
		for ui := s.first; ui != none; ui = s.units[ui].next {
			u := s.units[ui]
			for i := range u.headerRelocs {
				if err := d.resolveOne(&out[n], s, b, u.off, &u.headerRelocs[i], osize, asize, order); err != nil {
					return nil, err
				}
				n++
			}
			for ei := u.first; ei != none; ei = u.entries[ei].next {
				e := &u.entries[ei]
				if e.len == 0 {
					continue
				}
				start := u.off + u.headerLen + e.off
				for i := range e.relocs {
					if err := d.resolveOne(&out[n], s, b, start, &e.relocs[i], osize, asize, order); err != nil {
						return nil, err
					}
					n++
				}
			}
		}
	}
	return out[:n], nil
}

// resolveOne fills out with record r of section s (contents b), whose
// offsets are from base, and writes its value into b.
func (d *Dwarf) resolveOne(out *Reloc, s *section, b []byte, base uint64, r *relocRec, osize, asize int, order binary.ByteOrder) error {
	at := base + r.sourceOff
	out.Kind, out.Section, out.Offset = r.kind, s.id, at
	if r.kind == External {
		out.Size = asize
		out.Symbol = d.symbols[r.sym]
		out.Addend = r.addend
		out.TLS = r.tls
		putUint(order, b[at:at+uint64(asize)], uint64(r.addend))
		return nil
	}
	t, err := d.targetOffset(r)
	if err != nil {
		return err
	}
	out.Size = osize
	out.TargetSection = r.targetSec
	out.TargetOffset = t
	putUint(order, b[at:at+uint64(osize)], t)
	return nil
}

// putUint writes v into all of b (1, 2, 4 or 8 bytes) in byte order o.
func putUint(o binary.ByteOrder, b []byte, v uint64) {
	switch len(b) {
	case 1:
		b[0] = byte(v)
	case 2:
		o.PutUint16(b, uint16(v))
	case 4:
		o.PutUint32(b, uint32(v))
	case 8:
		o.PutUint64(b, v)
	default:
		panic("dwarfcore: bad integer size")
	}
}

// getUint reads an unsigned integer of len(b) bytes.
func getUint(o binary.ByteOrder, b []byte) uint64 {
	switch len(b) {
	case 1:
		return uint64(b[0])
	case 2:
		return uint64(o.Uint16(b))
	case 4:
		return uint64(o.Uint32(b))
	case 8:
		return o.Uint64(b)
	}
	return 0
}

// Relocate rewrites the bytes of every External relocation with
// value(r): the final address (or, for TLS records, the DTPOFF) of the
// symbol plus the addend. Cross-section records already hold their final
// value.
func (o *Output) Relocate(value func(r Reloc) uint64) {
	for _, r := range o.Relocs {
		if r.Kind != External {
			continue
		}
		b := o.Sections[r.Section]
		putUint(o.order, b[r.Offset:r.Offset+uint64(r.Size)], value(r))
	}
}
