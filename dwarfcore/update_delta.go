package dwarfcore

import (
	"hash/maphash"
	"slices"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// This file is the delta path of an incremental update. When a
// lang.Session re-checked only some declarations of the program the last
// Update saw, Program.Changes lists them: the declarations removed and
// added (a changed one is both) and those that only moved to other lines.
// Everything else is the same Decl with the same contents, and the type
// table is shared and only grows, so the update visits only the changes:
//
//   - Added declarations are encoded as in a whole update (with the
//     fingerprint check of cache.go against what their entry held);
//     the types they use get entries on first use. A type whose entry is
//     live is not visited: types never change, nor does anything their
//     encoding depends on (the entries they refer to are kept alive by
//     them, see below; error values are guarded by canDelta).
//   - Removed declarations whose name is not added again have their entry
//     emptied, as sweep does.
//   - Moved declarations get their DW_AT_decl_line patched in place; a
//     function's line program is checked again (plain line programs hold
//     absolute lines).
//
// A whole update keeps exactly the type entries some live entry refers
// to. The delta path keeps the same set with reference counts: rc counts,
// for every entry, the references in the cached encodings (cached.refs)
// of live entries. They are counted afresh after every whole update and
// kept up to date by remember and forget during a delta update; a type
// entry whose count drops to 0 is emptied at the end of the update, which
// may drop the counts of the types it referred to in turn. Declaration
// entries are not counted down: they live as long as their declaration.
// (Counting cannot free a cycle: type entries refer to each other in a
// cycle only through a pointer to an anonymous container that reaches
// itself, which a container declaration keeps alive anyway; a cycle only
// removed declarations reached would stay until the next whole update.)

// canDelta reports whether prog can take the delta path: it comes with
// Changes against the program of the last successful update, shares its
// type table, root and error numbering, and changes only variables,
// constants and functions.
func (d *Dwarf) canDelta(prog *lang.Program) bool {
	ch, last := prog.Changes, d.last
	if !d.caching || !d.rcValid || ch == nil || last == nil || ch.Prev != last || prog.Types != last.Types ||
		prog.Root != last.Root || prog.Path != last.Path || prog.Module != last.Module ||
		len(prog.Types.All) < d.typesSeen || !slices.Equal(prog.Errors, last.Errors) || d.typeOwner == nil {
		return false
	}
	for _, list := range [2][]*lang.Decl{ch.Added, ch.Removed} {
		for _, decl := range list {
			switch decl.Kind {
			case lang.DeclVar, lang.DeclConst, lang.DeclFunc:
			default:
				return false
			}
		}
	}
	// A new error set naming a new error would renumber the errors
	// (collectErrors).
	for _, t := range prog.Types.All[d.typesSeen:] {
		if t.Kind != lang.KindErrorSet {
			continue
		}
		for _, n := range t.Errors {
			if _, ok := d.errValues[n]; !ok {
				return false
			}
		}
	}
	return true
}

// updateDelta is the delta path of Update (see the top of this file).
func (d *Dwarf) updateDelta(prog *lang.Program, code []FuncCode) error {
	ch := prog.Changes
	d.delta, d.rcTrack = true, true
	defer func() { d.delta, d.rcTrack = false, false }()
	d.rcZero = d.rcZero[:0]
	d.deltaCode(ch, code)
	for _, decl := range ch.Added {
		if err := d.queueDecl(decl); err != nil {
			return err
		}
		if err := d.drain(); err != nil {
			return err
		}
	}
	for _, decl := range ch.Removed {
		ref, ok := d.decls[decl.FQN]
		if !ok || d.infoEntry(ref).what.gen == d.gen || d.cached(ref) == nil {
			continue // no entry, or re-encoded for an added declaration
		}
		d.emptyEntry(ref)
	}
	for _, decl := range ch.Moved {
		if err := d.stop.step(); err != nil {
			return err
		}
		if err := d.moveDecl(decl); err != nil {
			return err
		}
	}
	if err := d.drainAll(); err != nil {
		return err
	}
	d.freeUnreferenced()
	// Everything not visited is unchanged.
	touched := d.diff.Added + d.diff.Changed + d.diff.LineOnly
	if n := d.liveDecls - touched; n > d.diff.Unchanged {
		d.diff.Unchanged = n
	}
	d.log.Stats.Delta = true
	if n := d.nCached - d.liveDecls - d.diff.TypesEncoded; n > d.diff.TypesUnchanged {
		d.diff.TypesUnchanged = n
	}
	return nil
}

// deltaCode indexes the code of the functions a delta update encodes:
// the added and moved ones.
func (d *Dwarf) deltaCode(ch *lang.Changes, code []FuncCode) {
	var need []*lang.Decl
	for _, list := range [2][]*lang.Decl{ch.Added, ch.Moved} {
		for _, decl := range list {
			if decl.Kind == lang.DeclFunc {
				need = append(need, decl)
			}
		}
	}
	d.code = make(map[*lang.Decl]*FuncCode, len(need))
	if len(need) == 0 {
		return
	}
	if len(need) > 8 {
		for i := range code {
			d.code[code[i].Decl] = &code[i]
		}
		return
	}
	for i := range code {
		for _, decl := range need {
			if code[i].Decl == decl {
				d.code[decl] = &code[i]
			}
		}
	}
}

// moveDecl brings the entry of a declaration that only moved up to date:
// its DW_AT_decl_line is patched, and a function's line program checked
// again (moveFunc).
func (d *Dwarf) moveDecl(decl *lang.Decl) error {
	if decl.Kind == lang.DeclFunc && (decl.Extern || decl.Func == nil) {
		return nil // no entry
	}
	ref, ok := d.decls[decl.FQN]
	if !ok {
		return d.queueDecl(decl)
	}
	c := d.cached(ref)
	if c == nil {
		return d.queueDecl(decl)
	}
	if d.infoEntry(ref).what.gen == d.gen {
		return nil // encoded in this update
	}
	if decl.Kind == lang.DeclFunc {
		return d.moveFunc(decl, ref, c)
	}
	if c.line != decl.Line {
		d.diff.LineOnly++
		d.patchDeclLine(ref, decl.Line)
		c.line = decl.Line
	}
	return nil
}

// moveFunc is moveDecl for a function. With the same code its DIE is the
// same but for DW_AT_decl_line (anything else is checked again like a
// changed declaration); its line program is encoded again when its dry
// encoding changed (a plain one holds absolute lines, an incremental one
// lines relative to the declaration's).
func (d *Dwarf) moveFunc(decl *lang.Decl, ref entryRef, c *cached) error {
	fn := d.funcCode(decl)
	if c.code != codeFingerprint(fn) {
		return d.queueDecl(decl)
	}
	w := d.getEntryWriter(ref)
	defer d.putEntryWriter(w)
	w.dry = true
	err := w.lineProgram(decl, fn)
	w.dry = false
	if err != nil {
		return err
	}
	var lineFP uint64
	if w.line.Len() > 0 {
		lineFP = maphash.Bytes(fpSeed, w.line.Bytes()) | 1
	}
	if lineFP == c.fp.line && c.line == decl.Line {
		d.diff.Unchanged++
		return nil
	}
	d.diff.LineOnly++
	if lineFP != c.fp.line {
		w.line.Reset()
		if err := w.lineProgram(decl, fn); err != nil {
			return err
		}
		d.replace(DebugLine, ref, w.line.Bytes(), w.line.Relocs)
		c.fp.line = lineFP
	}
	if c.line != decl.Line {
		d.patchDeclLine(ref, decl.Line)
		c.line = decl.Line
	}
	return nil
}

// freeUnreferenced empties the type entries whose reference count
// dropped to 0, and in turn those only they referred to.
func (d *Dwarf) freeUnreferenced() {
	for len(d.rcZero) > 0 {
		ref := d.rcZero[len(d.rcZero)-1]
		d.rcZero = d.rcZero[:len(d.rcZero)-1]
		if *d.rcSlot(ref) != 0 || d.cached(ref) == nil || d.infoEntry(ref).what.kind != whatType {
			continue
		}
		d.emptyEntry(ref)
	}
}

// rebuildRefCounts counts the references of every cached encoding
// afresh (after a whole update, whose sweep left only live entries in
// the cache).
func (d *Dwarf) rebuildRefCounts() {
	for _, u := range d.rc {
		clear(u)
	}
	d.rcZero = d.rcZero[:0]
	d.liveDecls = 0
	for _, u := range d.sections[DebugInfo].units {
		for ei := range u.entries {
			e := &u.entries[ei]
			if e.cache == nil {
				continue
			}
			if e.what.kind == whatDecl {
				d.liveDecls++
			}
			for _, r := range e.cache.refs {
				d.rcInc(r)
			}
		}
	}
}

// rcSlot returns the reference count of ref.
func (d *Dwarf) rcSlot(ref entryRef) *int32 {
	if ref.unit >= len(d.rc) {
		d.rc = append(d.rc, make([][]int32, ref.unit+1-len(d.rc))...)
	}
	u := d.rc[ref.unit]
	if ref.entry >= len(u) {
		n := len(d.sections[DebugInfo].units[ref.unit].entries)
		u = append(u, make([]int32, max(n, ref.entry+1)-len(u))...)
		d.rc[ref.unit] = u
	}
	return &u[ref.entry]
}

func (d *Dwarf) rcInc(ref entryRef) { *d.rcSlot(ref)++ }

func (d *Dwarf) rcDec(ref entryRef) {
	p := d.rcSlot(ref)
	*p--
	if *p < 0 {
		panic("dwarfcore: reference count below zero")
	}
	if *p == 0 {
		d.rcZero = append(d.rcZero, ref)
	}
}
