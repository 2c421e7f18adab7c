package dwarfread

import (
	"debug/elf"
	"strings"
)

// The kinds of relocation against a debug section, in the words the
// page's own output uses (dwarfcore.RelocKind) so the views name both
// the same way.
const (
	// RelocCrossUnit patches a reference into the section it is in
	// (a DW_FORM_ref_addr, a DW_AT_sibling through a section symbol).
	RelocCrossUnit = "cross-unit"
	// RelocCrossSection patches a reference into another debug section
	// (DW_FORM_strp into .debug_str, DW_AT_stmt_list into .debug_line).
	RelocCrossSection = "cross-section"
	// RelocExternal patches an address or offset of anything else: code,
	// data, a symbol of another object.
	RelocExternal = "external"
)

// RelocKind classifies r by what its symbol stands for: a debug section
// (the section r patches, or another one) or anything else.
func (f *File) RelocKind(r RelocInfo) string {
	sym, ok := f.relocSymbol(r)
	if !ok || elf.ST_TYPE(sym.Info) != elf.STT_SECTION && !strings.HasPrefix(sym.Name, ".debug_") {
		return RelocExternal
	}
	shndx := int(sym.Shndx)
	if shndx <= 0 || shndx >= len(f.Sections) || !strings.HasPrefix(f.Sections[shndx].Name, ".debug_") {
		return RelocExternal
	}
	if shndx == r.Target {
		return RelocCrossUnit
	}
	return RelocCrossSection
}

// relocSymbol returns the symbol r refers to, from the symbol table its
// relocation section links to.
func (f *File) relocSymbol(r RelocInfo) (Symbol, bool) {
	if r.RelSection < 0 || r.RelSection >= len(f.Sections) {
		return Symbol{}, false
	}
	link := int(f.Sections[r.RelSection].Link)
	if link <= 0 || link >= len(f.Sections) {
		return Symbol{}, false
	}
	syms := f.Sections[link].Symbols
	if int(r.Sym) >= len(syms) || r.Sym == 0 {
		return Symbol{}, false
	}
	return syms[r.Sym], true
}
