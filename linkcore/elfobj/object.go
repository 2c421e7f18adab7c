// Package elfobj is the ELF writer: the object model every container
// writer takes (Object, its sections, symbols and relocations), the ELF
// relocatable object writer (WriteObject) with its symbol table and
// relocation sections, the static linker of x86-64 executables
// (LinkExecutable), the file-space allocator that gives sections room to
// grow, and the incremental image patched in place (Image). Every header
// it writes is one of debug/elf's structures (Header64/32, Section64/32,
// Prog64, Sym64/32, Rela64/32, Rel32).
package elfobj

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// Object is the plain input of WriteObject: the contents of one ELF
// relocatable object, independent of how they were produced.
type Object struct {
	Arch *target.Arch
	// FileName is the source file's name, written as the STT_FILE symbol.
	FileName string
	// Sections are the contents sections in file order. WriteObject adds
	// the null section, relocation sections, .note.GNU-stack, .symtab,
	// .strtab and .shstrtab itself.
	Sections []*Section
	// Symbols are the object's symbols; their order in .symtab is locals
	// first, then globals, each group in this order.
	Symbols []*Symbol
	// FuncTypes are the functions' WebAssembly types by symbol (from
	// Code.FuncTypes); nil for machine code.
	FuncTypes map[string][]byte
}

// SectionKind says what a section holds; it fixes type and flags.
type SectionKind uint8

// The section kinds.
const (
	SectText         SectionKind = iota // .text: SHF_ALLOC|SHF_EXECINSTR
	SectData                            // .data: SHF_ALLOC|SHF_WRITE
	SectROData                          // .rodata: SHF_ALLOC
	SectTData                           // .tdata: SHF_ALLOC|SHF_WRITE|SHF_TLS
	SectTBSS                            // .tbss: SHT_NOBITS, SHF_ALLOC|SHF_WRITE|SHF_TLS
	SectBSS                             // .bss: SHT_NOBITS, SHF_ALLOC|SHF_WRITE
	SectDebug                           // .debug_*: no flags
	SectDebugStrings                    // .debug_str, .debug_line_str: SHF_MERGE|SHF_STRINGS
)

// Section is one contents section.
type Section struct {
	Name string
	Kind SectionKind
	// Data is the contents; for SHT_NOBITS sections (SectBSS, SectTBSS)
	// it must be empty and Size gives the size.
	Data []byte
	Size uint64
	// Align is sh_addralign (0 or 1 for none).
	Align uint64
	// Relocs are the section's relocations, written to .rela<Name> (or
	// .rel<Name> on REL targets) in this order.
	Relocs []Reloc
}

// MemSize returns the section's size in memory.
func (s *Section) MemSize() uint64 {
	if s.NoBits() {
		return s.Size
	}
	return uint64(len(s.Data))
}

// NoBits reports whether the section occupies no file space.
func (s *Section) NoBits() bool { return s.Kind == SectBSS || s.Kind == SectTBSS }

// SymbolKind is a symbol's type.
type SymbolKind uint8

// The symbol kinds.
const (
	SymNoType SymbolKind = iota // STT_NOTYPE
	SymFunc                     // STT_FUNC
	SymObject                   // STT_OBJECT
	SymTLS                      // STT_TLS
)

// Symbol is one named symbol.
type Symbol struct {
	Name string
	Kind SymbolKind
	// Global makes the symbol STB_GLOBAL; otherwise it is STB_LOCAL.
	Global bool
	// Section is the index in Object.Sections of the defining section,
	// or -1 for an undefined symbol.
	Section int
	// Value is the offset in the section (for STT_TLS, in the section,
	// which is the offset in the TLS template of a single object).
	Value, Size uint64
}

// RelocKind is what a relocation computes, independent of the target.
type RelocKind uint8

// The relocation kinds. Each maps to one ELF type per target and size.
const (
	// RelocAbs is the absolute value S + A.
	RelocAbs RelocKind = iota
	// RelocDTPRel is a thread-local symbol's offset in its module's TLS
	// block (DTPOFF/DTPREL), as DWARF locations of TLS variables use.
	RelocDTPRel
	// RelocPC32 is S + A - P in 32 bits (x86_64 rip-relative operands and
	// call targets).
	RelocPC32
	// RelocTPOff32 is a thread-local symbol's offset from the thread
	// pointer in 32 bits (x86_64 local-exec TLS, R_X86_64_TPOFF32).
	RelocTPOff32
	// RelocIndexLEB is the symbol's index (a WebAssembly function index)
	// as a 5-byte padded ULEB128 (R_WASM_FUNCTION_INDEX_LEB).
	RelocIndexLEB
	// RelocAbsSLEB is S + A as a 5-byte padded SLEB128 (a WebAssembly
	// memory address operand, R_WASM_MEMORY_ADDR_SLEB).
	RelocAbsSLEB
)

// String names the kind.
func (k RelocKind) String() string {
	switch k {
	case RelocAbs:
		return "absolute"
	case RelocDTPRel:
		return "DTP-relative"
	case RelocPC32:
		return "PC-relative"
	case RelocTPOff32:
		return "TP-relative"
	case RelocIndexLEB:
		return "index (LEB128)"
	case RelocAbsSLEB:
		return "absolute (SLEB128)"
	}
	return fmt.Sprintf("RelocKind(%d)", k)
}

// Reloc is one relocation in a section: Size bytes at Offset hold the
// value of Kind for the target plus Addend. The target is the section
// TargetSection (an index in Object.Sections, through its STT_SECTION
// symbol) when Symbol is empty, or the named symbol.
type Reloc struct {
	Offset        uint64
	Size          int
	Kind          RelocKind
	TargetSection int
	Symbol        string
	Addend        int64
}
