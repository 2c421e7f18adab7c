package linkcore

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/internal/align"
	"github.com/dwarfscope/dwarfscope/linkcore/codegen"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
)

// DebugInput is the DWARF emitter's output as the object writer needs it:
// the eight sections' bytes and their relocation records. Cross-entry,
// cross-unit and cross-section relocations hold section offsets (the
// seed's DW_FORM_ref_addr, strp, line_strp, sec_offset); External ones
// hold their Addend in the bytes.
type DebugInput struct {
	Sections [dwarfcore.NumSections][]byte
	// Align is each section's sh_addralign (0 or 1: none).
	Align  [dwarfcore.NumSections]int
	Relocs []dwarfcore.Reloc
}

// symbolPlace is a symbol whose section is known by pointer until the
// object's section list is final.
type symbolPlace struct {
	sym *elfobj.Symbol
	sec *elfobj.Section // nil: undefined
}

// objectBuilder collects the sections and symbols of one object.
type objectBuilder struct {
	ctx                                  context.Context // stops the value encoder
	prog                                 *lang.Program
	text, data, rodata, tdata, tbss, bss *elfobj.Section
	syms                                 []symbolPlace
}

// NewObject lays out prog's code, data and debug information as the
// sections and symbols of a relocatable object. debug may be nil for an
// object without debug information.
//
// Functions with a body are STT_FUNC symbols in .text; variables live in
// .data (.bss when all zero), constants and anonymous data in .rodata,
// thread-locals in .tdata (.tbss when all zero) as STT_TLS symbols.
// Exported declarations are global, extern ones undefined, all others
// local.
func NewObject(prog *lang.Program, code *codegen.Code, debug *DebugInput) (*elfobj.Object, error) {
	return newObject(context.Background(), prog, code, debug)
}

// newObject is NewObject with the value encoder stopped once ctx is done
// (lang.Types.EncodeContext).
func newObject(ctx context.Context, prog *lang.Program, code *codegen.Code, debug *DebugInput) (*elfobj.Object, error) {
	if prog == nil || prog.Types == nil {
		return nil, fmt.Errorf("linkcore: no program")
	}
	if code == nil {
		return nil, fmt.Errorf("linkcore: no code")
	}
	textRelocs, err := fixupRelocs(code.Fixups)
	if err != nil {
		return nil, err
	}
	b := &objectBuilder{
		ctx:    ctx,
		prog:   prog,
		text:   &elfobj.Section{Name: ".text", Kind: elfobj.SectText, Data: code.Text, Align: max(code.Align, 1), Relocs: textRelocs},
		data:   &elfobj.Section{Name: ".data", Kind: elfobj.SectData, Align: 1},
		rodata: &elfobj.Section{Name: ".rodata", Kind: elfobj.SectROData, Align: 1},
		tdata:  &elfobj.Section{Name: ".tdata", Kind: elfobj.SectTData, Align: 1},
		tbss:   &elfobj.Section{Name: ".tbss", Kind: elfobj.SectTBSS, Align: 1},
		bss:    &elfobj.Section{Name: ".bss", Kind: elfobj.SectBSS, Align: 1},
	}
	funcs := map[*lang.Decl]*codegen.Function{}
	for i := range code.Funcs {
		funcs[code.Funcs[i].Decl] = &code.Funcs[i]
	}
	for _, d := range prog.Decls {
		switch d.Kind {
		case lang.DeclFunc:
			b.addFunc(d, funcs[d])
		case lang.DeclVar, lang.DeclConst:
			if err := b.addData(d); err != nil {
				return nil, err
			}
		}
	}
	for _, a := range prog.Anons {
		if err := b.addAnon(a); err != nil {
			return nil, err
		}
	}

	// Always-present sections as compilers emit them, the others only when
	// they have contents or a symbol is defined in them: a constant of a
	// zero-size type (an empty struct, a u0) is a zero-size symbol at
	// offset 0 of an empty .rodata, as gcc and clang emit it (ld,
	// readelf and llvm-dwarfdump accept an empty PROGBITS section).
	used := map[*elfobj.Section]bool{}
	for _, p := range b.syms {
		if p.sec != nil {
			used[p.sec] = true
		}
	}
	var secs []*elfobj.Section
	for _, s := range []*elfobj.Section{b.text, b.data, b.rodata, b.tdata, b.tbss, b.bss} {
		if s == b.text || s == b.data || s == b.bss || s.MemSize() > 0 || len(s.Relocs) > 0 || used[s] {
			secs = append(secs, s)
		}
	}
	var debugIndex [dwarfcore.NumSections]int
	if debug != nil {
		secs, debugIndex = appendDebugSections(secs, debug)
	}
	index := map[*elfobj.Section]int{}
	for i, s := range secs {
		index[s] = i
	}
	obj := &elfobj.Object{Arch: prog.Types.Arch, FileName: prog.Path, Sections: secs, Symbols: make([]*elfobj.Symbol, 0, len(b.syms)),
		FuncTypes: code.FuncTypes}
	for _, p := range b.syms {
		p.sym.Section = -1
		if p.sec != nil {
			i, ok := index[p.sec]
			if !ok {
				return nil, fmt.Errorf("linkcore: symbol %q in a dropped section %s", p.sym.Name, p.sec.Name)
			}
			p.sym.Section = i
		}
		obj.Symbols = append(obj.Symbols, p.sym)
	}
	if debug != nil {
		if err := addDebugRelocs(secs, debugIndex, debug.Relocs); err != nil {
			return nil, err
		}
	}
	return obj, nil
}

func (b *objectBuilder) addFunc(d *lang.Decl, f *codegen.Function) {
	sym := &elfobj.Symbol{Name: d.Symbol(), Kind: elfobj.SymFunc, Global: d.Export || d.Extern}
	if f == nil {
		// Extern, or a function the code generator did not compile: an
		// undefined global.
		sym.Global = true
		b.syms = append(b.syms, symbolPlace{sym: sym})
		return
	}
	sym.Value, sym.Size = f.Offset, f.Size
	b.syms = append(b.syms, symbolPlace{sym: sym, sec: b.text})
}

func (b *objectBuilder) addData(d *lang.Decl) error {
	if d.Type == nil {
		return fmt.Errorf("linkcore: %s has no type", d.FQN)
	}
	sym := &elfobj.Symbol{Name: d.Symbol(), Kind: dataSymbolKind(d), Global: d.Export || d.Extern}
	if d.Extern {
		b.syms = append(b.syms, symbolPlace{sym: sym})
		return nil
	}
	size := d.Type.Size
	var data []byte
	var relocs []lang.DataReloc
	if d.Init != nil {
		var err error
		if data, relocs, err = b.prog.Types.EncodeContext(b.ctx, d.Init); err != nil {
			return err
		}
	} else {
		data = make([]byte, size)
	}
	if uint64(len(data)) != size {
		return fmt.Errorf("linkcore: %s: initial value is %d bytes, type %s is %d", d.FQN, len(data), d.Type, size)
	}
	var sec *elfobj.Section
	switch dataSectionKind(d, isZero(data) && len(relocs) == 0) {
	case elfobj.SectROData:
		sec = b.rodata
	case elfobj.SectTBSS:
		sec = b.tbss
	case elfobj.SectTData:
		sec = b.tdata
	case elfobj.SectBSS:
		sec = b.bss
	default:
		sec = b.data
	}
	return b.place(sym, sec, data, relocs, d.DataAlign())
}

// dataSectionKind is the section a variable or constant lives in: .rodata
// for constants, else .tbss/.tdata for thread-locals and .bss/.data for
// the others, by whether the initial value is all zero (zero).
func dataSectionKind(d *lang.Decl, zero bool) elfobj.SectionKind {
	switch {
	case d.Kind == lang.DeclConst:
		return elfobj.SectROData
	case d.ThreadLocal && zero:
		return elfobj.SectTBSS
	case d.ThreadLocal:
		return elfobj.SectTData
	case zero:
		return elfobj.SectBSS
	}
	return elfobj.SectData
}

func (b *objectBuilder) addAnon(a *lang.Anon) error {
	if a.Type == nil || a.Value == nil {
		return fmt.Errorf("linkcore: anonymous data %s has no value", a.Name)
	}
	data, relocs, err := b.prog.Types.EncodeContext(b.ctx, a.Value)
	if err != nil {
		return err
	}
	if uint64(len(data)) != a.Type.Size {
		return fmt.Errorf("linkcore: %s: value is %d bytes, type %s is %d", a.Name, len(data), a.Type, a.Type.Size)
	}
	sym := &elfobj.Symbol{Name: a.Name, Kind: elfobj.SymObject}
	return b.place(sym, b.rodata, data, relocs, a.Type.Align)
}

// place puts a symbol's bytes in sec and turns its data relocations into
// absolute relocations of sec.
func (b *objectBuilder) place(sym *elfobj.Symbol, sec *elfobj.Section, data []byte, relocs []lang.DataReloc, alignment uint64) error {
	sym.Value = placeData(sec, data, uint64(len(data)), alignment)
	sym.Size = uint64(len(data))
	for _, r := range relocs {
		name, err := codegen.DataRelocSymbol(r)
		if err != nil {
			return fmt.Errorf("%s: %w", sym.Name, err)
		}
		if r.Off > sym.Size || uint64(r.Size) > sym.Size-r.Off {
			return fmt.Errorf("linkcore: %s: data relocation at %#x+%d is outside its %d bytes", sym.Name, r.Off, r.Size, sym.Size)
		}
		sec.Relocs = append(sec.Relocs, elfobj.Reloc{Offset: sym.Value + r.Off, Size: r.Size, Kind: elfobj.RelocAbs,
			Symbol: name, Addend: r.Addend})
	}
	b.syms = append(b.syms, symbolPlace{sym: sym, sec: sec})
	return nil
}

// appendDebugSections appends the debug sections to secs in SectionID
// order, leaving out empty ones no relocation refers to (as compilers do;
// objdump complains about empty debug sections). index gives each
// section's place in secs, -1 when left out.
func appendDebugSections(secs []*elfobj.Section, debug *DebugInput) (_ []*elfobj.Section, index [dwarfcore.NumSections]int) {
	var used [dwarfcore.NumSections]bool
	for _, r := range debug.Relocs {
		if r.Section < dwarfcore.NumSections {
			used[r.Section] = true
		}
		if r.Kind != dwarfcore.External && r.TargetSection < dwarfcore.NumSections {
			used[r.TargetSection] = true
		}
	}
	for id := range dwarfcore.NumSections {
		index[id] = -1
		if len(debug.Sections[id]) == 0 && !used[id] {
			continue
		}
		kind := elfobj.SectDebug
		if id == dwarfcore.DebugStr || id == dwarfcore.DebugLineStr {
			kind = elfobj.SectDebugStrings
		}
		index[id] = len(secs)
		secs = append(secs, &elfobj.Section{Name: id.Name(), Kind: kind, Data: debug.Sections[id],
			Align: uint64(max(debug.Align[id], 1))})
	}
	return secs, index
}

// addDebugRelocs turns the emitter's relocation records into relocations
// of the debug sections, placed in secs as index says: the cross kinds
// become absolute relocations against the target section's STT_SECTION
// symbol with the target offset as addend, External ones absolute (or, for
// thread-locals, DTP-relative) relocations against the named symbol.
func addDebugRelocs(secs []*elfobj.Section, index [dwarfcore.NumSections]int, relocs []dwarfcore.Reloc) error {
	var counts [dwarfcore.NumSections]int
	for _, r := range relocs {
		if r.Section < dwarfcore.NumSections {
			counts[r.Section]++
		}
	}
	for id, n := range counts {
		if n > 0 && index[id] >= 0 {
			sec := secs[index[id]]
			sec.Relocs = slices.Grow(sec.Relocs, n)
		}
	}
	for i := range relocs {
		r := &relocs[i]
		if r.Section >= dwarfcore.NumSections {
			return fmt.Errorf("linkcore: relocation in unknown debug section %d", r.Section)
		}
		sec := secs[index[r.Section]]
		// Filled in place: no Reloc copy per record.
		sec.Relocs = sec.Relocs[:len(sec.Relocs)+1]
		out := &sec.Relocs[len(sec.Relocs)-1]
		out.Offset, out.Size, out.Kind, out.TargetSection, out.Addend = r.Offset, r.Size, elfobj.RelocAbs, 0, 0
		if out.Symbol != "" {
			out.Symbol = ""
		}
		switch r.Kind {
		case dwarfcore.CrossEntry, dwarfcore.CrossUnit, dwarfcore.CrossSection:
			if r.TargetSection >= dwarfcore.NumSections {
				return fmt.Errorf("linkcore: %s+%#x: relocation to unknown debug section %d", sec.Name, r.Offset, r.TargetSection)
			}
			if r.TargetOffset > uint64(1<<63-1) {
				return fmt.Errorf("linkcore: %s+%#x: target offset %#x too large", sec.Name, r.Offset, r.TargetOffset)
			}
			out.TargetSection = index[r.TargetSection]
			out.Addend = int64(r.TargetOffset)
		case dwarfcore.External:
			if r.Symbol == "" {
				return fmt.Errorf("linkcore: %s+%#x: external relocation without a symbol", sec.Name, r.Offset)
			}
			out.Symbol, out.Addend = r.Symbol, r.Addend
			if r.TLS {
				out.Kind = elfobj.RelocDTPRel
			}
		default:
			return fmt.Errorf("linkcore: %s+%#x: unknown relocation kind %s", sec.Name, r.Offset, r.Kind)
		}
	}
	return nil
}

// placeData appends size bytes (data, or zeros for NOBITS sections) to s
// at the next offset aligned to alignment and returns that offset.
func placeData(s *elfobj.Section, data []byte, size, alignment uint64) uint64 {
	s.Align = max(s.Align, alignment, 1)
	off := align.Forward(s.MemSize(), alignment)
	if s.NoBits() {
		s.Size = off + size
		return off
	}
	for uint64(len(s.Data)) < off {
		s.Data = append(s.Data, 0)
	}
	s.Data = append(s.Data, data...)
	return off
}

// isZero reports whether every byte of b is zero.
func isZero(b []byte) bool {
	return len(bytes.Trim(b, "\x00")) == 0
}

// dataSymbolKind is the symbol type of a variable or constant.
func dataSymbolKind(d *lang.Decl) elfobj.SymbolKind {
	if d.ThreadLocal {
		return elfobj.SymTLS
	}
	return elfobj.SymObject
}

// fixupKinds maps the fixups of generated code to the object model's
// relocation kinds.
var fixupKinds = map[codegen.FixupKind]elfobj.RelocKind{
	codegen.PCRel32:      elfobj.RelocPC32,
	codegen.TPOff32:      elfobj.RelocTPOff32,
	codegen.FuncIndexLEB: elfobj.RelocIndexLEB,
	codegen.MemAddrSLEB:  elfobj.RelocAbsSLEB,
	// the symbol's index, as for functions: the writer knows a global
	codegen.GlobalIndexLEB: elfobj.RelocIndexLEB,
}

// fixupRelocs returns the fixups of generated code as relocations of
// .text against their symbols.
func fixupRelocs(rs []codegen.Fixup) ([]elfobj.Reloc, error) {
	out := make([]elfobj.Reloc, 0, len(rs))
	for _, r := range rs {
		kind, ok := fixupKinds[r.Kind]
		if !ok {
			return nil, fmt.Errorf("linkcore: .text+%#x: unknown fixup kind %d", r.Offset, r.Kind)
		}
		out = append(out, elfobj.Reloc{Offset: r.Offset, Size: r.Size, Kind: kind, Symbol: r.Symbol, Addend: r.Addend})
	}
	return out, nil
}
