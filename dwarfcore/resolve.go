package dwarfcore

import (
	"cmp"
	"fmt"
	"slices"
)

// Relocation records and their resolution: each entry and unit header
// keeps the records of the values it could not write (relocRec), and
// Output resolves them into the section bytes (resolveOne), all of them
// (resolveAll) or, when the layout held, only those of the entries
// rewritten since the last output (resolveDirty).

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
	out, _, err := d.resolveAll(false)
	return out, err
}

// relocOwner is the unit and entry (none: the unit header) a resolved
// record comes from, in its section.
type relocOwner struct{ unit, entry int32 }

// resolveAll is resolveRelocs, with the owner of each record when owners
// is set.
func (d *Dwarf) resolveAll(owners bool) ([]Reloc, []relocOwner, error) {
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
	var own []relocOwner
	if owners {
		own = make([]relocOwner, n)
	}
	n = 0
	// Walking units and entries in their linked (offset) order yields the
	// records sorted by offset: records of an entry are in source order.
	// Each record is filled in place (no copy of a Reloc per record).
	for _, s := range d.sections {
		b := s.contents()
		for ui := s.first; ui != none; ui = s.units[ui].next {
			u := s.units[ui]
			for i := range u.headerRelocs {
				if err := d.resolveOne(&out[n], s, b, u.off, &u.headerRelocs[i]); err != nil {
					return nil, nil, err
				}
				if owners {
					own[n] = relocOwner{int32(ui), none}
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
					if err := d.resolveOne(&out[n], s, b, start, &e.relocs[i]); err != nil {
						return nil, nil, err
					}
					if owners {
						own[n] = relocOwner{int32(ui), int32(ei)}
					}
					n++
				}
			}
		}
	}
	if owners {
		own = own[:n]
	}
	return out[:n], own, nil
}

// relocState lets Output resolve only what changed since the last
// output. It keeps the records that output returned (sorted; never
// changed once returned, so later outputs may share them) with the
// entry each came from, and the entries and unit headers rewritten
// since. valid is false before the first output and once an entry or
// unit moved, a section's start was trimmed or a unit header changed
// length (records everywhere may have moved), or when too many entries
// were rewritten to be worth checking one by one.
type relocState struct {
	valid  bool
	relocs []Reloc
	owners []relocOwner
	dirty  []dirtyEntry
	// fresh and spans are scratch space of resolveDirty.
	fresh []Reloc
	spans []relocSpan
	// sections are the copies the last Output returned (haveSections).
	sections     [NumSections][]byte
	haveSections bool
}

// dirtyEntry is an entry (or, with entry none, a unit header) rewritten
// since the last output.
type dirtyEntry struct {
	sec         SectionID
	unit, entry int
}

// relocSpan is a rewritten entry whose records changed: its old records
// are relocs[lo:hi], its new ones fresh[a:b], from section offset start.
type relocSpan struct {
	sec          SectionID
	start        uint64
	owner        relocOwner
	lo, hi, a, b int
}

// maxDirty bounds the rewritten entries Output checks one by one; past
// it, resolving everything is about as cheap.
const maxDirty = 4096

// layoutChanged notes that records may have moved.
func (r *relocState) layoutChanged() {
	if r != nil {
		r.valid = false
		r.dirty = r.dirty[:0]
	}
}

// rewritten notes that an entry's (or a header's) bytes and records were
// replaced: the bytes hold zeros where the records go.
func (r *relocState) rewritten(sec SectionID, unit, entry int) {
	if r == nil || !r.valid {
		return
	}
	if len(r.dirty) >= maxDirty {
		r.layoutChanged()
		return
	}
	r.dirty = append(r.dirty, dirtyEntry{sec, unit, entry})
}

// outputRelocs is resolveRelocs for Output. When the layout held, only
// the records of the rewritten entries are resolved (their values
// written into the section bytes): if they are the ones the last output
// had, its list is returned again, else a new list is merged from the
// last one's other records and the new ones.
func (d *Dwarf) outputRelocs() ([]Reloc, error) {
	st := &d.out
	if st.valid {
		if err := d.resolveDirty(); err != nil {
			st.valid = false
			return nil, err
		}
		st.dirty = st.dirty[:0]
		return st.relocs, nil
	}
	relocs, owners, err := d.resolveAll(true)
	if err != nil {
		st.valid = false
		return nil, err
	}
	st.relocs, st.owners, st.valid, st.dirty = relocs, owners, true, st.dirty[:0]
	// every record was written again, and those whose target moved with
	// a new value
	for id := range d.log.touched {
		d.log.touched[id] = true
	}
	return relocs, nil
}

// resolveDirty resolves the records of the entries rewritten since the
// last output into the section bytes and brings st.relocs (a new list
// when any record changed) and st.owners up to date.
func (d *Dwarf) resolveDirty() error {
	st := &d.out
	if len(st.dirty) == 0 {
		return nil
	}
	slices.SortFunc(st.dirty, func(a, b dirtyEntry) int {
		if a.sec != b.sec {
			return cmp.Compare(a.sec, b.sec)
		}
		if a.unit != b.unit {
			return cmp.Compare(a.unit, b.unit)
		}
		return cmp.Compare(a.entry, b.entry)
	})
	dirty := slices.Compact(st.dirty)
	fresh, spans := st.fresh[:0], st.spans[:0]
	pub, own := st.relocs, st.owners
	for _, de := range dirty {
		s := d.sections[de.sec]
		u := s.units[de.unit]
		var recs []relocRec
		var start uint64
		if de.entry == none {
			recs, start = u.headerRelocs, u.off
		} else {
			start = s.entryStart(de.unit, de.entry)
			if e := &u.entries[de.entry]; e.len > 0 {
				recs = e.relocs
			}
		}
		// The entry did not move, so its old records (if any) start at
		// or after its start, together.
		owner := relocOwner{int32(de.unit), int32(de.entry)}
		lo, _ := slices.BinarySearchFunc(pub, dirtyEntry{}, func(r Reloc, _ dirtyEntry) int {
			if r.Section != de.sec {
				return cmp.Compare(r.Section, de.sec)
			}
			return cmp.Compare(r.Offset, start)
		})
		hi := lo
		for hi < len(pub) && pub[hi].Section == de.sec && own[hi] == owner {
			hi++
		}
		a := len(fresh)
		b := s.contents()
		for i := range recs {
			fresh = append(fresh, Reloc{})
			if err := d.resolveOne(&fresh[len(fresh)-1], s, b, start, &recs[i]); err != nil {
				return err
			}
		}
		if slices.Equal(fresh[a:], pub[lo:hi]) {
			fresh = fresh[:a]
			continue
		}
		spans = append(spans, relocSpan{sec: de.sec, start: start, owner: owner, lo: lo, hi: hi, a: a, b: len(fresh)})
	}
	st.fresh, st.spans = fresh, spans
	if len(spans) == 0 {
		return nil
	}
	// Merge the old records outside the changed entries with the new
	// ones, both sorted by section and offset (entries do not overlap).
	slices.SortFunc(spans, func(x, y relocSpan) int {
		if x.sec != y.sec {
			return cmp.Compare(x.sec, y.sec)
		}
		return cmp.Compare(x.start, y.start)
	})
	removed := make([]relocSpan, 0, len(spans))
	n := len(pub)
	for _, sp := range spans {
		n += (sp.b - sp.a) - (sp.hi - sp.lo)
		if sp.hi > sp.lo {
			removed = append(removed, sp)
		}
	}
	slices.SortFunc(removed, func(x, y relocSpan) int { return cmp.Compare(x.lo, y.lo) })
	out := make([]Reloc, 0, n)
	outOwn := make([]relocOwner, 0, n)
	i, r := 0, 0
	for _, sp := range spans {
		for j := sp.a; j < sp.b; j++ {
			f := &fresh[j]
			// the old records before f
			for i < len(pub) && (pub[i].Section < f.Section || pub[i].Section == f.Section && pub[i].Offset < f.Offset) {
				if r < len(removed) && i == removed[r].lo {
					i = removed[r].hi
					r++
					continue
				}
				k := i + 1
				for k < len(pub) && (r >= len(removed) || k < removed[r].lo) &&
					(pub[k].Section < f.Section || pub[k].Section == f.Section && pub[k].Offset < f.Offset) {
					k++
				}
				out = append(out, pub[i:k]...)
				outOwn = append(outOwn, own[i:k]...)
				i = k
			}
			out = append(out, *f)
			outOwn = append(outOwn, sp.owner)
		}
	}
	for i < len(pub) {
		if r < len(removed) && i == removed[r].lo {
			i = removed[r].hi
			r++
			continue
		}
		k := len(pub)
		if r < len(removed) {
			k = removed[r].lo
		}
		out = append(out, pub[i:k]...)
		outOwn = append(outOwn, own[i:k]...)
		i = k
	}
	if len(out) != n {
		return fmt.Errorf("dwarfcore: internal error: %d relocation records merged, want %d", len(out), n)
	}
	st.relocs, st.owners = out, outOwn
	return nil
}

// resolveOne fills out with record r of section s (contents b), whose
// offsets are from base, and writes its value into b.
func (d *Dwarf) resolveOne(out *Reloc, s *section, b []byte, base uint64, r *relocRec) error {
	osize, asize := d.layout.OffsetSize, d.layout.AddrSize
	at := base + r.sourceOff
	out.Kind, out.Section, out.Offset = r.kind, s.id, at
	if r.kind == External {
		out.Size = asize
		out.Symbol = d.symbols[r.sym]
		out.Addend = r.addend
		out.TLS = r.tls
		d.layout.PutUint(b[at:at+uint64(asize)], uint64(r.addend))
		return nil
	}
	t, err := d.targetOffset(r)
	if err != nil {
		return err
	}
	out.Size = osize
	out.TargetSection = r.targetSec
	out.TargetOffset = t
	d.layout.PutUint(b[at:at+uint64(osize)], t)
	return nil
}
