package dwarfcore

import (
	"errors"
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// The emitter's state (Dwarf), its creation (New) and the bookkeeping
// every encoder shares: module units, common entries, symbols and sizes.

// DefaultProducer is DW_AT_producer when Options.Producer is empty.
const DefaultProducer = "dwarfscope"

// DefaultCompDir is DW_AT_comp_dir when Options.CompDir is empty.
const DefaultCompDir = "."

// Dwarf is the long-lived, incremental emitter state: eight growable
// section buffers laid out as units and entries (see the package
// documentation for the terms). Update can be called again with a new version of the
// program; entries whose bytes are unchanged are not rewritten, entries
// that grow past their slot move, and everything that moved is recorded.
type Dwarf struct {
	opts Options
	stop stopCheck // the context of the update under way (update.go)
	// layout is how integers are written (byte order, address and offset
	// sizes).
	layout bytewriter.Layout

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
	gen         int
	prog        *lang.Program
	code        map[*lang.Decl]*FuncCode
	typeOwner   map[string]*lang.Type
	pending     []pendingItem
	errValues   map[string]uint64
	errNames    []string
	anyerror    *entryRef
	freeWriters []*entryWriter
	// lastLayout is the last Layout's sections, which the next one takes
	// over where nothing changed (output_layout.go).
	lastLayout [NumSections]sectionLayoutCache
	// rangeWriter writes functions' address ranges (funcRanges), header
	// the unit headers and trailer the unit trailers (flush).
	rangeWriter relocWriter
	header      headerWriter
	trailer     bytewriter.Writer

	// caching turns on the per-entry fingerprints of cache.go (off
	// for one-shot builds, see Emit), which the .debug_info entries hold
	// (entry.cache); nCached counts them.
	caching    bool
	nCached    int
	diff       Diff
	refScratch []entryRef
	// typeRefs remembers, by Type.ID, the entry each type resolved to in
	// the current update (gen), so refType computes a type's key once.
	typeRefs []typeRef

	// The delta path (update_delta.go). last is the program of the last
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
	// changed since (resolve.go).
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
	layout := bytewriter.Layout{Order: opts.Arch.ByteOrder(), AddrSize: opts.Arch.PtrSize, OffsetSize: opts.Format.OffsetSize()}
	d := &Dwarf{
		opts:     opts,
		layout:   layout,
		mods:     map[string]int{},
		decls:    map[string]entryRef{},
		types:    map[string]entryRef{},
		symIndex: map[string]int{},
		caching:  true,
	}
	d.log.keep = true
	d.rangeWriter.Layout, d.header.Layout, d.trailer.Layout = layout, layout, layout
	d.header.d = d
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

func (d *Dwarf) offsetSize() uint64      { return uint64(d.layout.OffsetSize) }
func (d *Dwarf) addrSize() uint64        { return uint64(d.layout.AddrSize) }
func (d *Dwarf) unitLengthBytes() uint64 { return uint64(d.layout.UnitLengthSize()) }

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
	d.sections[DebugAranges].addUnit(d.arangesHeaderBytes(), d.arangesTrailerBytes(), label)
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

// commonSections are the sections whose units share their entries
// (addCommonEntry).
var commonSections = [...]SectionID{DebugAranges, DebugInfo, DebugLine, DebugLoclists, DebugRnglists}

// infoEntry returns the .debug_info entry of ref.
func (d *Dwarf) infoEntry(ref entryRef) *entry {
	return &d.sections[DebugInfo].units[ref.unit].entries[ref.entry]
}

func (d *Dwarf) module() string {
	if d.prog.Module == "" {
		return "root"
	}
	return d.prog.Module
}
