package dwarfcore

import (
	"encoding/binary"
	"hash/maphash"
	"slices"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// This file is the incremental cache: entries whose bytes are unchanged
// are not rewritten (replace), and the per-declaration diff of an
// incremental update skips re-encoding what did not change. Each
// declaration and type entry remembers a fingerprint of what it was last
// encoded from, and the entries its references resolved to. An update
// fingerprints every declaration again with a dry pass of the encoder,
// which adds no string, symbol or relocation record and writes no section:
// it hashes the bytes the encoder would produce with every reference
// written as zeros (and strings and symbols spelled out), and lists the
// types the references name. A declaration whose fingerprint is the same
// and whose references resolve to the same entries would encode to the
// same bytes, so it is not encoded again; when only its line moved, the
// 4-byte DW_AT_decl_line is patched (the seed's updateNavLineNumber).

// fingerprint is a content hash of an entry's encoding inputs: of its
// .debug_info contents and of its line program (a function's), apart.
type fingerprint struct{ info, line uint64 }

// cached is what an entry was last encoded from. For a function, code
// fingerprints what its DIE takes from code generation (codeFingerprint).
type cached struct {
	fp   fingerprint
	code uint64
	line int
	refs []entryRef
}

// Diff counts how the declarations and types of one update compared with
// the previous update.
type Diff struct {
	// Added: declarations with no entry before this update.
	Added int `json:"added"`
	// Changed: declarations whose contents changed and were re-encoded.
	Changed int `json:"changed"`
	// Unchanged: declarations neither re-encoded nor rewritten.
	Unchanged int `json:"unchanged"`
	// LineOnly: declarations whose only change was their line; only
	// their DW_AT_decl_line (and, for plain line programs, their line
	// program) was rewritten.
	LineOnly int `json:"lineOnly"`
	// Removed: declarations (and types) whose entries were emptied.
	Removed int `json:"removed"`
	// TypesEncoded counts types that were encoded (new or changed);
	// TypesUnchanged those whose cached encoding was kept.
	TypesEncoded   int `json:"typesEncoded"`
	TypesUnchanged int `json:"typesUnchanged"`
}

var fpSeed = maphash.MakeSeed()

// dryEncode runs encode on a writer for ref in a dry pass and returns
// the fingerprint of what it wrote and the entries of the types it refers
// to (resolved by refType, which also keeps them alive in this update,
// and may queue them but encodes nothing itself).
func (d *Dwarf) dryEncode(ref entryRef, encode func(w *entryWriter) error) (fingerprint, []entryRef, error) {
	w := d.getEntryWriter(ref)
	defer d.putEntryWriter(w)
	w.dry = true
	err := encode(w)
	w.dry = false
	if err != nil {
		return fingerprint{}, nil, err
	}
	fp := fingerprint{info: maphash.Bytes(fpSeed, w.info.Bytes()) | 1}
	if w.line.Len() > 0 {
		fp.line = maphash.Bytes(fpSeed, w.line.Bytes()) | 1
	}
	refs := d.refScratch[:0]
	for _, t := range w.refs {
		refs = append(refs, d.refType(t))
	}
	d.refScratch = refs
	return fp, refs, nil
}

// codeFingerprint hashes what a function's DIE takes from its code: the
// size and the location of each local (the rows go to the line program).
func codeFingerprint(fn *FuncCode) uint64 {
	var h maphash.Hash
	h.SetSeed(fpSeed)
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], fn.Size)
	h.Write(b[:])
	for _, v := range fn.Vars {
		maphash.WriteComparable(&h, v.Local)
		maphash.WriteComparable(&h, v.Loc)
	}
	return h.Sum64()
}

// declUnchanged fingerprints decl; hit reports that its entry already
// holds its encoding (after patching the line if only that moved). Without
// caching it reports a miss.
func (d *Dwarf) declUnchanged(decl *lang.Decl, ref entryRef) (fp fingerprint, hit bool, err error) {
	if !d.caching {
		return fingerprint{}, false, nil
	}
	fp, refs, err := d.dryEncode(ref, func(w *entryWriter) error {
		_, err := w.encodeDecl(decl)
		return err
	})
	if err != nil {
		return fingerprint{}, false, err
	}
	c := d.cached(ref)
	if c == nil {
		d.diff.Added++
		return fp, false, nil
	}
	if c.fp != fp || !slices.Equal(c.refs, refs) {
		d.diff.Changed++
		return fp, false, nil
	}
	if decl.Kind == lang.DeclFunc {
		// the same code, maybe of other (equal) locals
		c.code = codeFingerprint(d.funcCode(decl))
	}
	if c.line == decl.Line {
		d.diff.Unchanged++
		d.log.Stats.EntriesUnchanged++
		return fp, true, nil
	}
	if decl.Kind == lang.DeclFunc && d.opts.Lines == LinesPlain {
		// a plain line program holds absolute lines; its fingerprint
		// changed too, so this is not reached, but stay safe
		d.diff.Changed++
		return fp, false, nil
	}
	d.diff.LineOnly++
	d.patchDeclLine(ref, decl.Line)
	c.line = decl.Line
	return fp, true, nil
}

// patchDeclLine rewrites the 4-byte DW_AT_decl_line of a declaration's
// entry in place.
func (d *Dwarf) patchDeclLine(ref entryRef, line int) {
	s := d.sections[DebugInfo]
	e := &s.units[ref.unit].entries[ref.entry]
	var b [4]byte
	d.layout.PutUint(b[:], uint64(uint32(line)))
	s.write(s.entryStart(ref.unit, ref.entry)+uint64(declAbbrevBytes)+d.offsetSize(), b[:], WriteLine, ref.unit, ref.entry)
	// The stored hash was of the old line; a later full encoding must not
	// mistake the old contents for the current ones.
	e.hash = 0
	d.log.Stats.EntriesWritten++
}

// typeUnchanged is declUnchanged for a type entry.
func (d *Dwarf) typeUnchanged(t *lang.Type, ref entryRef) (fp fingerprint, hit bool, err error) {
	if !d.caching {
		return fingerprint{}, false, nil
	}
	fp, refs, err := d.dryEncode(ref, func(w *entryWriter) error { return w.encodeType(t, ref) })
	if err != nil {
		return fingerprint{}, false, err
	}
	c := d.cached(ref)
	if c != nil && c.fp == fp && slices.Equal(c.refs, refs) {
		d.diff.TypesUnchanged++
		d.log.Stats.EntriesUnchanged++
		return fp, true, nil
	}
	d.diff.TypesEncoded++
	return fp, false, nil
}

// remember records what ref was just encoded from. The references are
// those the dry pass resolved (still in d.refScratch).
func (d *Dwarf) remember(ref entryRef, fp fingerprint, line int) {
	c := d.cached(ref)
	if c == nil {
		c = &cached{}
		d.infoEntry(ref).cache = c
		d.nCached++
		if d.rcTrack && d.infoEntry(ref).what.kind == whatDecl {
			d.liveDecls++
		}
	}
	if d.rcTrack {
		// the new references first, so that one kept drops to 0 not even
		// for a moment
		for _, r := range d.refScratch {
			d.rcInc(r)
		}
		for _, r := range c.refs {
			d.rcDec(r)
		}
	}
	c.fp, c.line = fp, line
	c.refs = append(c.refs[:0], d.refScratch...)
}

// forget drops the cached encoding of an emptied entry.
func (d *Dwarf) forget(ref entryRef) {
	c := d.cached(ref)
	if c == nil {
		return
	}
	if d.rcTrack {
		for _, r := range c.refs {
			d.rcDec(r)
		}
		if d.infoEntry(ref).what.kind == whatDecl {
			d.liveDecls--
		}
	}
	d.infoEntry(ref).cache = nil
	d.nCached--
}

// cached returns what ref was last encoded from, or nil.
func (d *Dwarf) cached(ref entryRef) *cached { return d.infoEntry(ref).cache }

// LastDiff returns how the last Update's declarations compared with the
// previous one (zero when caching is off, as in Emit).
func (d *Dwarf) LastDiff() Diff { return d.diff }

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
