package dwarfcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// SectionID names one of the eight debug sections the emitter writes.
type SectionID uint8

// The debug sections, in the order they are laid out in a file.
const (
	DebugAbbrev SectionID = iota
	DebugAranges
	DebugInfo
	DebugLine
	DebugLineStr
	DebugLoclists
	DebugRnglists
	DebugStr
	NumSections
)

var sectionNames = [NumSections]string{
	".debug_abbrev", ".debug_aranges", ".debug_info", ".debug_line",
	".debug_line_str", ".debug_loclists", ".debug_rnglists", ".debug_str",
}

// Name returns the section's ELF name, e.g. ".debug_info".
func (s SectionID) Name() string {
	if s < NumSections {
		return sectionNames[s]
	}
	return fmt.Sprintf("SectionID(%d)", s)
}

// Format is the DWARF format: 32-bit or 64-bit section offsets.
type Format uint8

// The DWARF formats (DWARF 5 §7.4).
const (
	DWARF32 Format = 32
	DWARF64 Format = 64
)

// OffsetSize returns the size of a section offset in bytes.
func (f Format) OffsetSize() int {
	if f == DWARF64 {
		return 8
	}
	return 4
}

// LineMode selects how a function's line program starts.
type LineMode uint8

// The line-program modes.
const (
	// LinesIncremental starts each function's sequence with the seed's
	// DW_LNE_ZIG_set_decl, pointing at its declaration entry.
	LinesIncremental LineMode = iota
	// LinesPlain starts each sequence with DW_LNE_set_address and ends it
	// with DW_LNE_end_sequence, as every debugger expects.
	LinesPlain
)

// Profile selects the encoding of types a stock debugger may not know.
type Profile uint8

// The encoding profiles.
const (
	// ProfileZig is the seed's encoding (optionals and error unions as
	// unions with a DW_TAG_variant_part).
	ProfileZig Profile = iota
	// ProfilePortable describes the same layout with constructs stock
	// lldb displays.
	ProfilePortable
)

// Options configure emission.
type Options struct {
	Format  Format
	Arch    *target.Arch
	Lines   LineMode
	Profile Profile
	// CompDir is DW_AT_comp_dir and the line table's directory 0.
	CompDir string
	// Producer is DW_AT_producer.
	Producer string
	// StaticTLS describes thread-locals by the address of the main
	// thread's copy (DW_OP_addr of the symbol, an External reloc without
	// TLS) instead of DW_OP_form_tls_address. It is for static
	// single-threaded executables, whose linker resolves an absolute
	// reference to a thread-local to the main thread's copy: neither stock
	// gdb 13 nor lldb-22 can evaluate DW_OP_form_tls_address in a static
	// executable without libc (gdb needs libthread_db, lldb a dynamic
	// loader's TLS information).
	StaticTLS bool
	// CoreSections keeps the unit entry and the line program header
	// within the sections a DWARF 4 reader has (.debug_abbrev, .debug_info,
	// .debug_line, .debug_str): their names are DW_FORM_strp into
	// .debug_str instead of DW_FORM_line_strp, and the compile unit's code
	// is one DW_AT_low_pc/DW_AT_high_pc range (from the first function of
	// the unit in Update's code slice to the end of its last one) instead
	// of DW_AT_ranges. It is for containers whose consumers read only
	// those sections (wazero's WebAssembly stack traces); the code slice
	// must then list the functions in the order they are laid out, with
	// each unit's functions contiguous. The output stays DWARF 5.
	CoreSections bool
	// Annotate asks Output for the annotated map (Output.Map), which says
	// what every byte is. Building it costs several times the emission
	// itself, so plain builds leave it off.
	Annotate bool
}

// LineRow is one row a function's code contributes to the line table.
type LineRow struct {
	// PC is the offset from the function's first byte.
	PC uint64
	// Line and Col are 1-based source positions.
	Line, Col     int
	Stmt          bool
	PrologueEnd   bool
	EpilogueBegin bool
}

// VarLoc is where a parameter or local lives while the function runs.
type VarLoc struct {
	Local *lang.Local
	// Loc is where it lives (e.g. rbp-24); the emitter encodes it as a
	// DW_FORM_exprloc location expression (location.go).
	Loc Location
}

// FuncCode is what code generation reports about one function.
type FuncCode struct {
	Decl *lang.Decl
	// Size is the number of bytes of machine code.
	Size uint64
	// Rows are the line-table rows in PC order.
	Rows []LineRow
	// FrameBase is the register the function's frame is addressed from
	// (e.g. rbp), LocNone for none.
	FrameBase Location
	// Vars give every parameter and local a location; a Local missing
	// here gets no DW_AT_location.
	Vars []VarLoc
}

// RelocKind classifies a relocation record as the seed does.
type RelocKind uint8

// The relocation kinds.
const (
	// CrossEntry: a reference from one entry to another of the same unit.
	CrossEntry RelocKind = iota
	// CrossUnit: to an entry or header of another unit of the section.
	CrossUnit
	// CrossSection: an offset into another section (DW_FORM_strp,
	// DW_AT_stmt_list, ...).
	CrossSection
	// External: the address of a symbol (DW_AT_low_pc, DW_OP_addr, ...).
	External
)

// String names the kind.
func (k RelocKind) String() string {
	switch k {
	case CrossEntry:
		return "cross-entry"
	case CrossUnit:
		return "cross-unit"
	case CrossSection:
		return "cross-section"
	case External:
		return "external"
	}
	return fmt.Sprintf("RelocKind(%d)", k)
}

// Reloc is one resolved relocation: Size bytes at Offset in Section hold
// either TargetOffset, an offset into TargetSection (the cross kinds), or
// the address of Symbol plus Addend (External).
type Reloc struct {
	Kind    RelocKind
	Section SectionID
	Offset  uint64
	Size    int

	TargetSection SectionID
	TargetOffset  uint64

	// Symbol is the linker symbol of an External reloc; TLS says the value
	// is the symbol's offset in the thread-local block (DTPOFF).
	Symbol string
	Addend int64
	TLS    bool
}
