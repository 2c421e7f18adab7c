package dwarfcore

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// Update, and its whole-program path: every declaration is visited and
// every type it uses, then the entries nothing visited are emptied. The
// delta path is in update_delta.go.

// Update emits prog (and code, what code generation reports about its
// functions) into the sections, replacing what an earlier Update wrote:
// every declaration and every type it uses is re-encoded, entries whose
// bytes are unchanged are left alone, entries of declarations and types
// that are gone are emptied. When prog comes from a lang.Session that
// re-checked only some declarations of the program the last Update saw
// (prog.Changes), only those are visited (the delta path, update_delta.go).
// After an error the state must be discarded.
func (d *Dwarf) Update(prog *lang.Program, code []FuncCode) error {
	return d.UpdateContext(context.Background(), prog, code)
}

// UpdateContext is Update stopped once ctx is done: the emitter looks at
// ctx as it starts and every stopCheckEvery declarations and types it
// encodes, and a stopped update returns an error that wraps ctx's error
// (the state must then be discarded, as after any error).
func (d *Dwarf) UpdateContext(ctx context.Context, prog *lang.Program, code []FuncCode) (err error) {
	d.stop = stopCheck{ctx: ctx}
	defer func() { d.stop = stopCheck{} }()
	if err := d.stop.now(); err != nil {
		return err
	}
	if prog == nil || prog.Root == nil || prog.Types == nil {
		return errors.New("dwarfcore: incomplete program")
	}
	if prog.Types.Arch != nil && prog.Types.Arch.PtrSize != d.opts.Arch.PtrSize {
		return fmt.Errorf("dwarfcore: program laid out for %s, emitting for %s", prog.Types.Arch.Name, d.opts.Arch.Name)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("dwarfcore: internal error: %v\n%s", r, debug.Stack())
		}
		if err != nil {
			d.delta, d.rcTrack, d.rcValid, d.last = false, false, false, nil
		}
	}()
	delta := d.canDelta(prog)
	d.rcValid, d.last = false, nil
	d.log.reset()
	d.gen++
	d.diff = Diff{}
	d.prog = prog
	d.anyerror = nil
	if delta {
		if err := d.updateDelta(prog, code); err != nil {
			return err
		}
	} else if err := d.updateWhole(prog, code); err != nil {
		return err
	}
	if d.opts.CoreSections {
		d.unitCodeRanges(code)
	}
	d.flush()
	for id := range NumSections {
		d.log.Stats.Sizes[id] = d.sections[id].size()
	}
	d.nameEdits()
	d.log.Diff = d.diff
	d.prog, d.code = nil, nil
	d.last, d.typesSeen, d.rcValid = prog, len(prog.Types.All), d.caching
	return nil
}

// unitCodeRanges sets each unit's first and last function from code,
// which lists the functions in layout order (Options.CoreSections).
func (d *Dwarf) unitCodeRanges(code []FuncCode) {
	for _, m := range d.units {
		m.pcFirst, m.pcLast, m.pcLastSize = none, none, 0
	}
	for i := range code {
		ref, ok := d.decls[code[i].Decl.FQN]
		if !ok {
			continue
		}
		m := d.units[ref.unit]
		sym := d.symbol(code[i].Decl.Symbol())
		if m.pcFirst == none {
			m.pcFirst = sym
		}
		m.pcLast, m.pcLastSize = sym, code[i].Size
	}
}

// updateWhole is the whole-program path of Update: every declaration is
// visited, then the entries nothing visited are swept.
func (d *Dwarf) updateWhole(prog *lang.Program, code []FuncCode) error {
	d.code = make(map[*lang.Decl]*FuncCode, len(code))
	for i := range code {
		d.code[code[i].Decl] = &code[i]
	}
	if d.typeOwner == nil {
		d.typeOwner = make(map[string]*lang.Type, len(prog.Types.All))
	} else {
		clear(d.typeOwner)
	}
	d.collectErrors(prog)
	mod := prog.Module
	if mod == "" {
		mod = "root"
	}
	u := d.getUnit(mod)
	d.reserveEntries(len(prog.Decls) + len(prog.Types.All))
	d.units[u].path = prog.Path
	d.fileIndex(u, prog.Path)

	d.refType(prog.Root)
	if err := d.drain(); err != nil {
		return err
	}
	for _, decl := range prog.Decls {
		if err := d.queueDecl(decl); err != nil {
			return err
		}
		if err := d.drain(); err != nil {
			return err
		}
	}
	if err := d.drainAll(); err != nil {
		return err
	}
	d.sweep()
	if d.caching {
		d.rebuildRefCounts()
	}
	return nil
}

// reserveEntries makes room for n more entries in every unit of the
// entry sections, so a large first update does not regrow them.
func (d *Dwarf) reserveEntries(n int) {
	for _, id := range []SectionID{DebugAranges, DebugInfo, DebugLine, DebugLoclists, DebugRnglists} {
		for _, u := range d.sections[id].units {
			if cap(u.entries)-len(u.entries) < n {
				u.entries = slices.Grow(u.entries, n)
			}
		}
	}
	// about two strings (name, linkage name) per declaration
	if u := d.str.sec.units[stringUnit]; cap(u.entries)-len(u.entries) < 2*n {
		u.entries = slices.Grow(u.entries, 2*n)
	}
	// A first update sizes the maps once instead of growing them.
	if len(d.str.index) == 0 {
		d.str.index = make(map[string]int, 2*n)
	}
	if len(d.decls) == 0 {
		d.decls = make(map[string]entryRef, n)
	}
	if len(d.types) == 0 {
		d.types = make(map[string]entryRef, n/2)
	}
	if len(d.symIndex) == 0 {
		d.symIndex = make(map[string]int, n/2)
	}
}

// stopCheckEvery is how many declarations and types the emitter encodes
// between two looks at its context: often enough to stop within a
// fraction of a millisecond, rarely enough not to show in its time.
const stopCheckEvery = 64

// stopCheck is the emitter's look at the context of an update.
type stopCheck struct {
	ctx   context.Context // nil: never stops
	steps int
}

// step counts one encoded declaration or type and, every
// stopCheckEvery steps, returns the stop error once ctx is done.
func (s *stopCheck) step() error {
	s.steps++
	if s.steps%stopCheckEvery != 0 {
		return nil
	}
	return s.now()
}

// now returns an error that wraps ctx's error when ctx is done.
func (s *stopCheck) now() error {
	if s.ctx == nil {
		return nil
	}
	if err := s.ctx.Err(); err != nil {
		return fmt.Errorf("dwarfcore: emission stopped after %d declarations and types: %w", s.steps, err)
	}
	return nil
}

// drain encodes every queued declaration and type.
func (d *Dwarf) drain() error {
	for len(d.pending) > 0 {
		if err := d.stop.step(); err != nil {
			return err
		}
		p := d.pending[len(d.pending)-1]
		d.pending = d.pending[:len(d.pending)-1]
		var err error
		if p.decl != nil {
			err = d.updateDecl(p.decl, p.ref)
		} else {
			err = d.updateType(p.t, p.ref)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// visit marks ref as encoded by this update; it reports false if it
// already was.
func (d *Dwarf) visit(ref entryRef) bool {
	e := d.infoEntry(ref)
	if e.what.gen == d.gen {
		return false
	}
	e.what.gen = d.gen
	return true
}

// drainAll encodes every queued declaration and type, then anyerror,
// once every error is known (the seed does it in flushModule).
func (d *Dwarf) drainAll() error {
	if err := d.drain(); err != nil {
		return err
	}
	if d.anyerror != nil {
		d.updateAnyerror(*d.anyerror)
	}
	return nil
}

// sweep empties the entries no declaration or type of this update owns.
func (d *Dwarf) sweep() {
	info := d.sections[DebugInfo]
	for ui, u := range info.units {
		for ei := range u.entries {
			e := &u.entries[ei]
			if e.what.gen == d.gen || e.len == 0 && !e.written {
				continue
			}
			if e.what.gen == -1 {
				continue
			}
			d.emptyEntry(entryRef{ui, ei})
		}
	}
}

// emptyEntry empties common entry ref in every section: its bytes become
// padding, its relocation records are dropped and its cached encoding
// forgotten.
func (d *Dwarf) emptyEntry(ref entryRef) {
	d.infoEntry(ref).what.gen = -1
	d.log.Stats.EntriesEmptied++
	d.diff.Removed++
	d.forget(ref)
	for _, id := range commonSections {
		s := d.sections[id]
		se := &s.units[ref.unit].entries[ref.entry]
		if se.len > 0 {
			s.replaceEntry(ref.unit, ref.entry, nil, nil)
		}
		se.relocs = se.relocs[:0]
		se.hash = 0
	}
}
