package dwarfcore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// DefaultProducer is DW_AT_producer when Options.Producer is empty.
const DefaultProducer = "dwarfscope"

// DefaultCompDir is DW_AT_comp_dir when Options.CompDir is empty.
const DefaultCompDir = "."

// Dwarf is the long-lived, incremental emitter state: eight growable
// section buffers laid out as units and entries (see DESIGN.md, "The
// emission model"). Update can be called again with a new version of the
// program; entries whose bytes are unchanged are not rewritten, entries
// that grow past their slot move, and everything that moved is recorded.
type Dwarf struct {
	opts  Options
	order binary.ByteOrder

	sections [NumSections]*section
	str      *stringSection
	lineStr  *stringSection
	log      updateLog

	// Modules: one unit per module, with the same index in aranges, info,
	// line, loclists and rnglists. Unit 0 is the main unit.
	mods  map[string]int
	units []*modUnit

	// decls maps a declaration's fully qualified name, types a type key
	// (see typeKey), to its common entry.
	decls map[string]entryRef
	types map[string]entryRef

	symbols  []string
	symIndex map[string]int

	// Per-update state.
	gen       int
	prog      *lang.Program
	code      map[*lang.Decl]*FuncCode
	typeOwner map[string]*lang.Type
	pending   []pendingItem
	errValues map[string]uint64
	errNames  []string
	anyerror  *entryRef
	wips      []*wip

	// caching turns on the per-entry fingerprints of fingerprint.go (off
	// for one-shot builds, see Emit), which the .debug_info entries hold
	// (entry.cache); nCached counts them.
	caching    bool
	nCached    int
	diff       Diff
	refScratch []entryRef
	// typeRefs remembers, by Type.ID, the entry each type resolved to in
	// the current update (gen), so refType computes a type's key once.
	typeRefs []typeRef

	// The delta path (delta.go). last is the program of the last
	// successful Update and typesSeen the length of its type table; delta
	// is set during a delta update. rc counts, by .debug_info unit and
	// entry, the references of live entries' cached encodings to each
	// entry (valid after a successful update with caching: rcValid; kept
	// up to date by remember and forget while rcTrack); rcZero lists the
	// entries whose count dropped to 0. liveDecls counts the declaration
	// entries with a cached encoding.
	last      *lang.Program
	typesSeen int
	delta     bool
	rcValid   bool
	rcTrack   bool
	rc        [][]int32
	rcZero    []entryRef
	liveDecls int

	// out is the last output's resolved relocation records and what
	// changed since (reloc.go).
	out relocState
}

type modUnit struct {
	name  string
	path  string
	files []string
	// pcFirst and pcLast are the symbols (none: no code) of the unit's
	// first and last function, pcLastSize the last one's size: the
	// unit's range under Options.CoreSections (see unitCodeRanges).
	pcFirst, pcLast int
	pcLastSize      uint64
}

type entryRef struct{ unit, entry int }

type pendingItem struct {
	t    *lang.Type
	decl *lang.Decl
	ref  entryRef
}

// New returns an emitter for opts (zero fields get defaults: DWARF32,
// x86_64, DefaultCompDir, DefaultProducer).
func New(opts Options) (*Dwarf, error) {
	if opts.Format == 0 {
		opts.Format = DWARF32
	}
	if opts.Format != DWARF32 && opts.Format != DWARF64 {
		return nil, fmt.Errorf("dwarfcore: unknown DWARF format %d", opts.Format)
	}
	if opts.Arch == nil {
		opts.Arch = target.X86_64
	}
	if opts.Arch.PtrSize != 4 && opts.Arch.PtrSize != 8 {
		return nil, fmt.Errorf("dwarfcore: unsupported address size %d", opts.Arch.PtrSize)
	}
	if opts.Arch.LineRange == 0 {
		return nil, errors.New("dwarfcore: line_range must not be 0")
	}
	if opts.Lines != LinesIncremental && opts.Lines != LinesPlain {
		return nil, fmt.Errorf("dwarfcore: unknown line mode %d", opts.Lines)
	}
	switch opts.Profile {
	case ProfileZig:
	case ProfilePortable:
		// portable.go: stock-debugger encodings of optionals, error
		// unions and tagged unions.
	default:
		return nil, fmt.Errorf("dwarfcore: unknown profile %d", opts.Profile)
	}
	if opts.CompDir == "" {
		opts.CompDir = DefaultCompDir
	}
	if opts.Producer == "" {
		opts.Producer = DefaultProducer
	}
	d := &Dwarf{
		opts:     opts,
		order:    opts.Arch.ByteOrder(),
		mods:     map[string]int{},
		decls:    map[string]entryRef{},
		types:    map[string]entryRef{},
		symIndex: map[string]int{},
		caching:  true,
	}
	d.log.keep = true
	// initMetadata: which sections pad, the abbrev unit and entry, the
	// string units, the aranges alignment.
	pads := [NumSections]bool{DebugInfo: true, DebugLine: true}
	for id := range NumSections {
		d.sections[id] = newSection(id, pads[id], &d.log)
		d.sections[id].out = &d.out
	}
	d.sections[DebugAranges].align = 2 * opts.Arch.PtrSize
	d.sections[DebugAbbrev].addUnit(0, 0, "abbreviations")
	d.sections[DebugAbbrev].addEntry(0, entryWhat{kind: whatAbbrevTable})
	d.lineStr = newStringSection(d.sections[DebugLineStr])
	d.str = newStringSection(d.sections[DebugStr])
	return d, nil
}

// Options returns the options in effect (with defaults filled in).
func (d *Dwarf) Options() Options { return d.opts }

// SetCaching turns the per-declaration fingerprints on (the default) or
// off. With them, an Update skips declarations and types whose encoding
// inputs did not change; without them every one is encoded again (and
// only the bytes that differ are written), which is cheaper for a single
// build.
func (d *Dwarf) SetCaching(on bool) {
	d.caching = on
	if !on {
		for _, u := range d.sections[DebugInfo].units {
			for ei := range u.entries {
				u.entries[ei].cache = nil
			}
		}
		d.nCached = 0
		d.rcValid = false
	}
}

// SetKeepLog turns recording of individual writes and moves on (the
// default) or off; statistics are always kept.
func (d *Dwarf) SetKeepLog(keep bool) { d.log.keep = keep }

// LastUpdate returns what the last Update wrote. Each update has a log of
// its own, so earlier logs stay valid.
func (d *Dwarf) LastUpdate() *UpdateLog {
	u := d.log.UpdateLog
	return &u
}

func (d *Dwarf) offsetSize() uint64 { return uint64(d.opts.Format.OffsetSize()) }
func (d *Dwarf) addrSize() uint64   { return uint64(d.opts.Arch.PtrSize) }
func (d *Dwarf) unitLengthBytes() uint64 {
	if d.opts.Format == DWARF64 {
		return 12
	}
	return 4
}

// getUnit returns the unit index of module mod, adding its units (and
// so its headers and trailers) to every unit section on first use.
func (d *Dwarf) getUnit(mod string) int {
	if u, ok := d.mods[mod]; ok {
		return u
	}
	u := len(d.units)
	d.mods[mod] = u
	d.units = append(d.units, &modUnit{name: mod, pcFirst: none, pcLast: none})
	label := "module " + mod
	d.sections[DebugAranges].addUnit(d.arangesHeaderBytes(), 2*d.addrSize(), label)
	d.sections[DebugInfo].addUnit(d.infoHeaderBytes(), infoTrailerBytes, label)
	d.sections[DebugLine].addUnit(d.lineHeaderBytes(25), lineTrailerBytes, label)
	// No location lists are emitted, so the loclists unit has no header
	// (a list table nobody references makes readelf and objdump report
	// an error); the seed reserves header bytes it never writes.
	d.sections[DebugLoclists].addUnit(0, 0, label)
	d.sections[DebugRnglists].addUnit(d.rnglistsHeaderBytes(), rnglistsTrailerBytes, label)
	return u
}

// fileIndex returns the index of path in module unit u's file table.
func (d *Dwarf) fileIndex(u int, path string) uint64 {
	m := d.units[u]
	for i, f := range m.files {
		if f == path {
			return uint64(i)
		}
	}
	m.files = append(m.files, path)
	return uint64(len(m.files) - 1)
}

// addCommonEntry adds one entry with the same index to the unit in
// aranges, info, line, loclists and rnglists.
func (d *Dwarf) addCommonEntry(u int, what entryWhat) int {
	e := d.sections[DebugAranges].addEntry(u, what)
	for _, id := range []SectionID{DebugInfo, DebugLine, DebugLoclists, DebugRnglists} {
		if d.sections[id].addEntry(u, what) != e {
			panic("dwarfcore: common entries out of step")
		}
	}
	return e
}

func (d *Dwarf) symbol(name string) int {
	if i, ok := d.symIndex[name]; ok {
		return i
	}
	d.symbols = append(d.symbols, name)
	d.symIndex[name] = len(d.symbols) - 1
	return len(d.symbols) - 1
}

// Update emits prog (and code, what code generation reports about its
// functions) into the sections, replacing what an earlier Update wrote:
// every declaration and every type it uses is re-encoded, entries whose
// bytes are unchanged are left alone, entries of declarations and types
// that are gone are emptied. When prog comes from a lang.Session that
// re-checked only some declarations of the program the last Update saw
// (prog.Changes), only those are visited (the delta path, delta.go).
// After an error the state must be discarded.
func (d *Dwarf) Update(prog *lang.Program, code []FuncCode) (err error) {
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
	if err := d.drain(); err != nil {
		return err
	}
	if d.anyerror != nil {
		d.updateAnyerror(*d.anyerror)
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

// drain encodes every queued declaration and type.
func (d *Dwarf) drain() error {
	for len(d.pending) > 0 {
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

// commonSections are the sections whose units share their entries
// (addCommonEntry).
var commonSections = [...]SectionID{DebugAranges, DebugInfo, DebugLine, DebugLoclists, DebugRnglists}

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

// Output lays out the current state: resolves every relocation record
// into the section bytes and returns copies of the sections, the records
// and the annotated map. Outputs never change once returned, so a later
// Output may share with an earlier one the sections nothing wrote since,
// and the list of records when it is the same.
func (d *Dwarf) Output() (*Output, error) { return d.output(true) }

// output is Output; without copy the sections are the emitter's own
// buffers, for a Dwarf that is discarded afterwards (Emit).
func (d *Dwarf) output(copySections bool) (*Output, error) {
	var relocs []Reloc
	var err error
	if copySections {
		relocs, err = d.outputRelocs()
	} else {
		relocs, err = d.resolveRelocs()
	}
	if err != nil {
		return nil, err
	}
	o := &Output{Relocs: relocs, Options: d.opts, order: d.order}
	for id := range NumSections {
		c := d.sections[id].contents()
		switch prev := d.out.sections[id]; {
		case !copySections:
			if len(c) > 0 {
				o.Sections[id] = c[:len(c):len(c)]
			}
		case d.out.haveSections && !d.log.touched[id] && len(prev) == len(c):
			o.Sections[id] = prev
		default:
			o.Sections[id] = append([]byte(nil), c...)
		}
		o.Align[id] = d.sections[id].align
	}
	if copySections {
		d.out.sections, d.out.haveSections = o.Sections, true
		d.log.touched = [NumSections]bool{}
	}
	if d.opts.Annotate {
		o.Layout = d.Layout()
	}
	return o, nil
}

// Emit is a fresh build: New(opts), Update(prog, code), Output().
func Emit(prog *lang.Program, code []FuncCode, opts Options) (*Output, error) {
	d, err := New(opts)
	if err != nil {
		return nil, err
	}
	d.SetKeepLog(false)
	d.SetCaching(false)
	if err := d.Update(prog, code); err != nil {
		return nil, err
	}
	return d.output(false)
}

// Output is the laid-out debug information.
type Output struct {
	// Sections holds the bytes of each debug section. Cross-entry,
	// cross-unit and cross-section relocations hold their resolved value;
	// External ones hold the addend alone (symbol value 0).
	Sections [NumSections][]byte
	// Align is each section's required alignment (sh_addralign).
	Align [NumSections]int
	// Relocs lists every relocation record with absolute section offsets,
	// sorted by section and offset.
	Relocs []Reloc
	// Layout is where every unit and entry of Sections is (what package
	// annotate needs to say what every byte is); nil unless
	// Options.Annotate was set.
	Layout *Layout
	// Options are the options the output was emitted with.
	Options Options

	order binary.ByteOrder
}
