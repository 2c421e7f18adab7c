package dwarfcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// The emitter's options and the names of what it writes (sections,
// DWARF format, line-program modes, encoding profiles).

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
	// loader's TLS information). Mach-O objects use it too (their
	// thread-locals have no TLV descriptors; the symbol's address is its
	// initial value in __thread_data, which lldb reads without a process).
	StaticTLS bool
	// LLDBFormatters says the file carries Output.LLDBFormatters as its
	// .lldbformatters section (ELF executables do). Under the portable
	// profile it names the base type of a narrow signed integer that is
	// an element or pointee _BitInt(N), which lldb-22 sizes and the
	// section's summaries sign-extend (portable.go, baseTypeName);
	// without the section lldb-22 would read the whole byte, so other
	// files keep the name iN, which lldb-22 shows as void.
	LLDBFormatters bool
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
	// AddrBase gives each compile unit a DW_AT_addr_base of 8, the first
	// entry after a .debug_addr header (DWARF 5 §7.27), though nothing
	// the emitter writes indexes .debug_addr. It is for Mach-O objects:
	// dsymutil rewrites every range list of a DWARF 5 unit as
	// DW_RLE_base_addressx into the .debug_addr it writes, but points the
	// unit there only by patching a DW_AT_addr_base the unit already has,
	// so without one the dSYM's range lists have no base address.
	// CoreSections units have no range lists and ignore it.
	AddrBase bool
	// UnitStrp writes the compile unit entry's strings (DW_AT_producer,
	// DW_AT_comp_dir, DW_AT_name) as DW_FORM_strp into .debug_str instead
	// of DW_FORM_line_strp, as clang does on Darwin (there as strx); the
	// line program header keeps its names in .debug_line_str. It is for
	// Mach-O objects: ld64.lld reads a unit's name and directory for the
	// stabs it writes through a DWARF context that has no
	// .debug_line_str, and crashes on DW_FORM_line_strp. CoreSections
	// implies it.
	UnitStrp bool
	// Annotate asks Output for its Layout (Output.Layout), from which
	// package annotate builds the map of what every byte is. Plain
	// builds leave it off; an incremental emitter's Layout method gives
	// the same for its latest Output.
	Annotate bool
}
