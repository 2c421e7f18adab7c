package dwarfcore

import (
	"encoding/binary"
	"hash/maphash"
	"slices"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// This file is the per-declaration diff of an incremental update. Each
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

// dryFingerprint hashes a dry encoding and returns the types it refers to
// (resolved to their entries by refType, which also keeps them alive in
// this update).
func (d *Dwarf) dryFingerprint(w *wip) (fingerprint, []entryRef) {
	fp := fingerprint{info: maphash.Bytes(fpSeed, w.info) | 1}
	if len(w.line) > 0 {
		fp.line = maphash.Bytes(fpSeed, w.line) | 1
	}
	types := w.refs
	refs := d.refScratch[:0]
	for _, t := range types {
		refs = append(refs, d.refType(t))
	}
	d.refScratch = refs
	return fp, refs
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
// holds its encoding (after patching the line if only that moved).
func (d *Dwarf) declUnchanged(decl *lang.Decl, ref entryRef) (fp fingerprint, hit bool, err error) {
	w := d.getWip(ref)
	w.dry = true
	_, err = w.encodeDecl(decl)
	w.dry = false
	if err != nil {
		d.putWip(w)
		return fingerprint{}, false, err
	}
	// The recorded types are resolved after the wip is back in the pool:
	// refType may queue more work but encodes nothing itself.
	fp, refs := d.dryFingerprint(w)
	d.putWip(w)
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
	d.order.PutUint32(b[:], uint32(line))
	s.write(s.entryStart(ref.unit, ref.entry)+uint64(declAbbrevBytes)+d.offsetSize(), b[:], WriteLine, ref.unit, ref.entry)
	// The stored hash was of the old line; a later full encoding must not
	// mistake the old contents for the current ones.
	e.hash = 0
	d.log.Stats.EntriesWritten++
}

// typeUnchanged is declUnchanged for a type entry.
func (d *Dwarf) typeUnchanged(t *lang.Type, ref entryRef) (fp fingerprint, hit bool, err error) {
	w := d.getWip(ref)
	w.dry = true
	err = w.encodeType(t, ref)
	w.dry = false
	if err != nil {
		d.putWip(w)
		return fingerprint{}, false, err
	}
	fp, refs := d.dryFingerprint(w)
	d.putWip(w)
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

// nameEdits fills in the Name of every edit of the last update.
func (d *Dwarf) nameEdits() {
	for i := range d.log.Edits {
		e := &d.log.Edits[i]
		s := d.sections[e.Section]
		if e.Unit < 0 || e.Unit >= len(s.units) {
			continue
		}
		u := s.units[e.Unit]
		if e.Entry == none {
			e.Name = "unit " + u.label
			continue
		}
		if e.Entry < len(u.entries) {
			what := u.entries[e.Entry].what
			if e.Section != DebugInfo && (what.kind == whatDecl || what.kind == whatType || what.kind == whatFile) {
				// the .debug_info copy has the current name
				if info := d.sections[DebugInfo].units; e.Unit < len(info) && e.Entry < len(info[e.Unit].entries) {
					what = info[e.Unit].entries[e.Entry].what
				}
			}
			e.Name = what.String()
		}
	}
}
