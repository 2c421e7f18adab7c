// Package dwarfcore is an incremental DWARF 5 emitter: it turns a program
// of the declaration language (package lang) and what code generation
// reports about its functions (FuncCode) into the eight debug sections,
// laid out so that a later version of the program can be written over
// them with few bytes changed.
//
// The emitter follows Zig's incremental DWARF emitter of August 2024
// ("the seed": src/link/Dwarf.zig of the change "Dwarf: rework
// self-hosted debug info from scratch"); the glossary below maps the
// seed's names to ours. New(Options) returns a Dwarf; Update(prog, code)
// emits a version of the program; Output lays the sections out and
// returns their bytes with every relocation record (Reloc). Emit does all
// three for a one-shot build.
//
// # Glossary
//
// Section: one of the eight debug sections (SectionID). A section is a
// linked sequence of units (section.go).
//
// Unit: a unit header, a linked sequence of entries and a trailer. Every
// module has one unit, with the same index, in .debug_aranges,
// .debug_info, .debug_line, .debug_loclists and .debug_rnglists; the
// string sections have one unit without header or trailer, and
// .debug_abbrev one unit with the abbreviation table as its only entry.
//
// Entry: the bytes one declaration or type contributes to a unit. A
// declaration owns a common entry: the same entry index in each of the
// five unit sections (its DIE in .debug_info, its line program in
// .debug_line, its address range in .debug_aranges and .debug_rnglists).
// Types no declaration names get entries in the main unit on first
// reference. In the string sections an entry is one NUL-terminated
// string.
//
// Slot: the space an entry (or unit) holds in its section: from its
// start to the start of the next one. An entry is written in place while
// its new contents fit its slot; otherwise it moves (move.go).
//
// Slack: the room a slot has beyond its contents. Sections that pad
// (.debug_info, .debug_line) give a new or moved entry and unit the
// seed's ideal size, len + len/3, so it can grow in place.
//
// Padding: the bytes between an entry's contents and the next entry,
// written so that readers skip them: DW_TAG_ZIG_padding DIEs in
// .debug_info (pad_1, or pad_n with a DW_FORM_block), DW_LNS_const_add_pc
// in .debug_line (padding.go, writePadding).
//
// Header, trailer: the fixed bytes before and after a unit's entries.
// Each section's header size is computed beside its header writer
// (unit_aranges.go, unit_info.go, unit_line.go, unit_loclists.go,
// unit_rnglists.go). A trailer ends the unit and fills the rest of its
// slot with the section's own filler: null DIEs, DW_LNE_end_sequence,
// DW_RLE_end_of_list, zero address pairs (units.go, writeTrailer).
//
// Relocation record: a value the emitter cannot write until the output is
// laid out, kept beside the bytes (relocRec) and resolved by Output into
// them (resolve.go): the four kinds (RelocKind) are CrossEntry (a
// reference to another entry of the same unit), CrossUnit (to an entry or
// header of another unit of the same section), CrossSection (an offset
// into another section: DW_FORM_strp, DW_AT_stmt_list, ...) and External
// (a symbol's address: DW_AT_low_pc, DW_OP_addr, ...; a container writer
// resolves those). Because nothing holds a resolved value before Output,
// an entry or unit moves without rewriting what points at it.
//
// Entry writer: the bytes and relocation records of one common entry
// while it is encoded (entryWriter), written through the one byte writer
// (dwarfcore/internal/bytewriter) with relocation capture on top
// (relocWriter, relocwriter.go).
//
// Incremental cache: each .debug_info entry remembers a fingerprint of
// what it was encoded from, so an Update skips what did not change
// (cache.go); the delta path visits only the declarations the front end
// re-checked (update_delta.go).
//
// Profile: the seed's encoding (ProfileZig), or one that stock debuggers
// display (ProfilePortable, portable.go).
//
// # Where things are
//
//	options.go, funccode.go    the public input: Options, what code generation reports (FuncCode)
//	output.go                  the public output: Output, Reloc, Emit, Relocate
//	dwarf.go, update.go        the emitter's state (New) and Update's whole-program path
//	update_delta.go            Update's delta path (only what the front end re-checked)
//	cache.go                   the incremental cache: unchanged entries are not rewritten
//	entrywriter.go             the entry writer every DIE is written with
//	relocwriter.go             the byte writer with relocation capture on top
//	decls.go, funcs.go         declarations; functions (subprogram DIE, address ranges)
//	types.go, containers.go    types; structs, enums, unions and their members
//	variantpart.go             DW_TAG_variant_part: entryWriter.variantPart
//	portable.go                the portable profile's encodings
//	locexpr.go                 location expressions of globals
//	lineprogram.go             line programs
//	abbrev.go                  the abbreviation table
//	strings.go                 .debug_str and .debug_line_str
//	units.go, unit_*.go        unit headers and trailers, one file per section
//	section.go                 sections, units and entries; replaceEntry
//	move.go                    entry and unit moves: section.moveEntry, section.moveUnit
//	padding.go                 padding: section.writePadding
//	resolve.go                 relocation records and their resolution: Dwarf.resolveOne
//	updatelog.go               what an Update wrote, moved and trimmed
//
// # The seed's names
//
//	seed (src/link/Dwarf.zig)           dwarfcore
//	Dwarf                               Dwarf
//	Section, Unit, Entry                section, unit, entry (section.go)
//	Section.padToIdeal                  padToIdeal
//	Section.trim                        section.trim
//	Unit.resize, Unit.move              section.resizeUnit, section.moveUnit (move.go)
//	Unit.resizeHeader                   section.resizeHeader
//	Unit.replaceHeader                  Dwarf.replaceHeader (units.go)
//	Unit.writeTrailer                   Dwarf.writeTrailer (units.go)
//	Entry.replace                       section.replaceEntry; its move: section.moveEntry (move.go)
//	Entry.pad                           section.padEntry (padding.go)
//	DebugAranges.headerBytes, ...       arangesHeaderBytes, infoHeaderBytes, lineHeaderBytes, rnglistsHeaderBytes
//	DebugLocLists.baseOffset            loclistsBaseOffset
//	StringSection.addString             stringSection.add (strings.go)
//	CrossEntryReloc, CrossUnitReloc,
//	CrossSectionReloc, ExternalReloc    relocRec with kind CrossEntry, CrossUnit, CrossSection, External
//	Section.resolveRelocs               Dwarf.resolveRelocs (resolve.go)
//	WipNav                              entryWriter (entrywriter.go)
//	WipNav.infoSectionOffset, strp,
//	addrSym, refType, refForward        entryWriter.infoSectionOffset, strp, addrSym, refType, refForward
//	WipNav.advancePCAndLine             entryWriter.advancePCAndLine (lineprogram.go)
//	getTypeEntry                        Dwarf.refType (types.go)
//	initMetadata                        New
//	updateNav                           Dwarf.updateDecl (decls.go)
//	updateContainerType, updateType     Dwarf.updateType (types.go)
//	updateNavLineNumber                 Dwarf.patchDeclLine (cache.go)
//	flushModule                         Dwarf.flush (units.go)
//	Nav (a declaration)                 lang.Decl
//	AbbrevCode                          abbrevCode (abbrev.go)
//	DW_LNE_ZIG_set_decl                 LinesIncremental (Options.Lines)
package dwarfcore
