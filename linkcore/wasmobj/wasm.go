// Package wasmobj writes an elfobj.Object (the object model linkcore's
// pipeline builds) as a WebAssembly relocatable
// object, after the seed's src/link/Wasm/ZigObject.zig and the
// WebAssembly tool conventions (Linking.md): the type, import (the linear
// memory and extern functions), function, code and data sections, the
// `linking` custom section (segment info and symbol table), the
// `reloc.*` custom sections, and the debug information as `.debug_*`
// custom sections with their own `reloc..debug_*` sections. Addresses in
// the debug information are code-section offsets (R_WASM_FUNCTION_OFFSET_I32)
// and memory addresses (R_WASM_MEMORY_ADDR_I32); offsets into other
// debug sections are R_WASM_SECTION_OFFSET_I32 against section symbols.
package wasmobj

import (
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"github.com/dwarfscope/dwarfscope/internal/leb128"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
)

// Section ids, relocation types, symbol kinds and flags (Linking.md).
const (
	secCustom   = 0
	secType     = 1
	secImport   = 2
	secFunction = 3
	secCode     = 10
	secData     = 11

	relFunctionIndexLEB  = 0
	relMemoryAddrSLEB    = 4
	relMemoryAddrI32     = 5
	relGlobalIndexLEB    = 7
	relFunctionOffsetI32 = 8
	relSectionOffsetI32  = 9
	relMemoryAddrTLSSLEB = 21

	symFunction = 0
	symData     = 1
	symGlobal   = 2
	symSection  = 3

	flagBindingLocal = 0x02
	flagUndefined    = 0x10
	flagTLS          = 0x100 // WASM_SYM_TLS

	importKindGlobal = 3
	globalMutable    = 1
	valI32           = 0x7f
	tlsBase          = "__tls_base" // the linker's global for the thread-local block

	segFlagTLS = 0x2 // WASM_SEG_FLAG_TLS

	linkingVersion   = 2
	linkSegmentInfo  = 5
	linkSymbolTable  = 8
	importKindFunc   = 0
	importKindMemory = 2
)

// Section is one section of a written module, for the file map.
type Section struct {
	ID   byte
	Name string // the custom section's name, or the standard section's
	// Offset and Size place the section's contents (after its id and
	// size) in the file.
	Offset, Size uint64
}

// File is a written module with its map.
type File struct {
	Bytes    []byte
	Sections []Section
	// Segments place each data segment's bytes in the file (ID 11, Name
	// the object section's), in segment order.
	Segments []Section
}

// function is one function of the module.
type function struct {
	sym  *elfobj.Symbol
	typ  uint32
	defd bool
}

// WriteObject writes obj (from CodeGen's code) as a WebAssembly
// relocatable object.
func WriteObject(obj *elfobj.Object) (*File, error) {
	return WriteObjectContext(context.Background(), obj)
}

// stopped returns an error that wraps ctx's error once ctx is done,
// saying where the writer stopped: before what.
func stopped(ctx context.Context, what string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("linkcore: WebAssembly writer stopped before %s: %w", what, err)
	}
	return nil
}

// WriteObjectContext is WriteObject stopped once ctx is done: it looks
// at ctx as it starts, before the code, each data segment, each debug
// section, the linking section and each relocation section, and
// returns no file but an error that wraps ctx's error.
func WriteObjectContext(ctx context.Context, obj *elfobj.Object) (*File, error) {
	if err := stopped(ctx, "starting"); err != nil {
		return nil, err
	}
	if obj.Arch != target.Wasm32 {
		return nil, fmt.Errorf("wasmobj: objects are written for wasm32, not %s", obj.Arch.Name)
	}
	text := -1
	for i, s := range obj.Sections {
		if s.Kind == elfobj.SectText {
			text = i
		}
	}
	if text < 0 {
		return nil, fmt.Errorf("wasmobj: no code section")
	}

	// Functions: imports (extern) first, then the defined ones in code
	// order; types deduplicated.
	var types [][]byte
	typeIndex := func(sym string) (uint32, error) {
		ft, ok := obj.FuncTypes[sym]
		if !ok {
			return 0, fmt.Errorf("wasmobj: function %s has no type", sym)
		}
		for i, t := range types {
			if slices.Equal(t, ft) {
				return uint32(i), nil
			}
		}
		types = append(types, ft)
		return uint32(len(types) - 1), nil
	}
	var imports, defined []*function
	for _, s := range obj.Symbols {
		if s.Kind != elfobj.SymFunc {
			continue
		}
		ti, err := typeIndex(s.Name)
		if err != nil {
			return nil, err
		}
		f := &function{sym: s, typ: ti, defd: s.Section >= 0}
		if f.defd {
			defined = append(defined, f)
		} else {
			imports = append(imports, f)
		}
	}
	slices.SortStableFunc(defined, func(a, b *function) int { return int(a.sym.Value) - int(b.sym.Value) })
	funcIndex := map[string]uint32{}
	for i, f := range slices.Concat(imports, defined) {
		funcIndex[f.sym.Name] = uint32(i)
	}

	// Data segments: one per data section; thread-locals in segments
	// flagged TLS (which a linker without shared memory makes ordinary
	// data, as single-threaded WebAssembly has it).
	segIndex := map[int]int{}
	var segs []int
	for i, s := range obj.Sections {
		switch s.Kind {
		case elfobj.SectData, elfobj.SectROData, elfobj.SectBSS, elfobj.SectTData, elfobj.SectTBSS:
			segIndex[i] = len(segs)
			segs = append(segs, i)
		}
	}
	tls := func(s *elfobj.Section) bool { return s.Kind == elfobj.SectTData || s.Kind == elfobj.SectTBSS }
	zero := func(s *elfobj.Section) bool { return s.Kind == elfobj.SectBSS || s.Kind == elfobj.SectTBSS }

	// Provisional addresses, written into relocated bytes as LLVM's
	// object writer does (readers that do not relocate, such as
	// llvm-dwarfdump on an object, see them): data segments one after
	// another from 0, functions at their code-section offset.
	segBase := map[int]uint64{}
	var next uint64
	for _, i := range segs {
		s := obj.Sections[i]
		next = alignUp(next, max(s.Align, 1))
		segBase[i] = next
		next += uint64(len(s.Data)) + s.Size
	}
	// Thread-locals' offsets in the thread-local block, where wasm-ld
	// puts the TLS segments one after another (its output segment
	// .tdata), this object's first when it is the only one with any.
	tlsOff := map[int]uint64{}
	next = 0
	for _, i := range segs {
		if s := obj.Sections[i]; tls(s) {
			next = alignUp(next, max(s.Align, 1))
			tlsOff[i] = next
			next += uint64(len(s.Data)) + s.Size
		}
	}
	addrs := map[string]uint64{}
	defs := map[string]*elfobj.Symbol{}
	for _, s := range obj.Symbols {
		defs[s.Name] = s
		switch {
		case s.Section < 0:
		case s.Kind == elfobj.SymFunc:
			addrs[s.Name] = s.Value
		default:
			addrs[s.Name] = segBase[s.Section] + s.Value
		}
	}
	provisional := func(name string, addend int64) uint32 {
		return uint32(int64(addrs[name]) + addend)
	}

	// Symbol table: every object symbol, then a section symbol for every
	// debug section.
	var symtab []byte
	nsyms := 0
	symIndex := map[string]uint32{}
	isFunc := map[string]bool{}
	for _, s := range obj.Symbols {
		flags := uint64(0)
		if !s.Global {
			flags |= flagBindingLocal
		}
		switch {
		case s.Kind == elfobj.SymFunc:
			isFunc[s.Name] = true
			symtab = append(symtab, symFunction)
			if s.Section < 0 {
				flags = flagUndefined
			}
			symtab = leb128.AppendUnsigned(symtab, flags)
			symtab = leb128.AppendUnsigned(symtab, uint64(funcIndex[s.Name]))
			if s.Section >= 0 {
				symtab = appendString(symtab, s.Name)
			}
		case s.Section < 0:
			symtab = append(symtab, symData)
			symtab = leb128.AppendUnsigned(symtab, flagUndefined)
			symtab = appendString(symtab, s.Name)
		default:
			seg, ok := segIndex[s.Section]
			if !ok {
				return nil, fmt.Errorf("wasmobj: symbol %s in section %s, which is not data", s.Name, obj.Sections[s.Section].Name)
			}
			if tls(obj.Sections[s.Section]) {
				flags |= flagTLS
			}
			symtab = append(symtab, symData)
			symtab = leb128.AppendUnsigned(symtab, flags)
			symtab = appendString(symtab, s.Name)
			symtab = leb128.AppendUnsigned(symtab, uint64(seg))
			symtab = leb128.AppendUnsigned(symtab, s.Value)
			symtab = leb128.AppendUnsigned(symtab, s.Size)
		}
		symIndex[s.Name] = uint32(nsyms)
		nsyms++
	}
	// The code of thread-locals reads the linker's __tls_base: an
	// imported global (global 0) and its undefined symbol.
	importsTLSBase := false
	for _, r := range obj.Sections[text].Relocs {
		if r.Kind == elfobj.RelocIndexLEB && r.Symbol == tlsBase {
			importsTLSBase = true
		}
	}
	if importsTLSBase {
		symtab = append(symtab, symGlobal)
		symtab = leb128.AppendUnsigned(symtab, flagUndefined)
		symtab = leb128.AppendUnsigned(symtab, 0)
		symIndex[tlsBase] = uint32(nsyms)
		nsyms++
	}

	// The module's sections in order: type, import, function, code, data,
	// the debug custom sections, linking, the reloc sections.
	var out []byte
	out = append(out, 0, 'a', 's', 'm', 1, 0, 0, 0)
	f := &File{}
	index := 0
	emit := func(id byte, name string, payload []byte) uint64 {
		out = append(out, id)
		out = leb128.AppendUnsigned(out, uint64(len(payload)))
		off := uint64(len(out))
		out = append(out, payload...)
		if name == "" {
			name = standardName[id]
		}
		f.Sections = append(f.Sections, Section{ID: id, Name: name, Offset: off, Size: uint64(len(payload))})
		index++
		return off
	}
	var b []byte
	b = leb128.AppendUnsigned(nil, uint64(len(types)))
	for _, t := range types {
		b = append(b, t...)
	}
	emit(secType, "", b)
	nimports := 1 + len(imports)
	if importsTLSBase {
		nimports++
	}
	b = leb128.AppendUnsigned(nil, uint64(nimports))
	b = appendString(appendString(b, "env"), "__linear_memory")
	b = append(b, importKindMemory, 0, 0) // limits: no maximum, minimum 0
	if importsTLSBase {
		b = appendString(appendString(b, "env"), tlsBase)
		b = append(b, importKindGlobal, valI32, globalMutable)
	}
	for _, im := range imports {
		b = appendString(appendString(b, "env"), im.sym.Name)
		b = append(b, importKindFunc)
		b = leb128.AppendUnsigned(b, uint64(im.typ))
	}
	emit(secImport, "", b)
	b = leb128.AppendUnsigned(nil, uint64(len(defined)))
	for _, d := range defined {
		b = leb128.AppendUnsigned(b, uint64(d.typ))
	}
	emit(secFunction, "", b)

	var relocSecs []relocSection

	// Code: the generator's section contents, with call targets and
	// memory addresses written in.
	if err := stopped(ctx, "the code"); err != nil {
		return nil, err
	}
	code := slices.Clone(obj.Sections[text].Data)
	rs := relocSection{name: "reloc.CODE"}
	for _, r := range obj.Sections[text].Relocs {
		if r.Offset+5 > uint64(len(code)) {
			return nil, fmt.Errorf("wasmobj: code relocation at %#x is outside the code", r.Offset)
		}
		si, ok := symIndex[r.Symbol]
		if !ok {
			return nil, fmt.Errorf("wasmobj: code relocation to unknown symbol %q", r.Symbol)
		}
		sym := defs[r.Symbol]
		switch {
		case r.Kind == elfobj.RelocIndexLEB && r.Symbol == tlsBase:
			putPaddedULEB(code[r.Offset:], 0)
			rs.add(relGlobalIndexLEB, r.Offset, si, 0, false)
		case r.Kind == elfobj.RelocIndexLEB:
			putPaddedULEB(code[r.Offset:], uint64(funcIndex[r.Symbol]))
			rs.add(relFunctionIndexLEB, r.Offset, si, 0, false)
		case r.Kind == elfobj.RelocAbsSLEB && sym != nil && sym.Kind == elfobj.SymTLS:
			// the offset from __tls_base: its place in its segment
			putPaddedSLEB(code[r.Offset:], int64(int32(int64(tlsOff[sym.Section]+sym.Value)+r.Addend)))
			rs.add(relMemoryAddrTLSSLEB, r.Offset, si, r.Addend, true)
		case r.Kind == elfobj.RelocAbsSLEB:
			putPaddedSLEB(code[r.Offset:], int64(int32(provisional(r.Symbol, r.Addend))))
			rs.add(relMemoryAddrSLEB, r.Offset, si, r.Addend, true)
		default:
			return nil, fmt.Errorf("wasmobj: code relocation of kind %s", r.Kind)
		}
	}
	rs.target = index
	emit(secCode, "", code)
	if len(rs.entries) > 0 {
		relocSecs = append(relocSecs, rs)
	}

	// Data: one active segment per data section at offset 0 (the linker
	// places them).
	var segInfo []byte
	b = leb128.AppendUnsigned(nil, uint64(len(segs)))
	rs = relocSection{name: "reloc.DATA"}
	for _, i := range segs {
		s := obj.Sections[i]
		if err := stopped(ctx, "data segment "+s.Name); err != nil {
			return nil, err
		}
		b = append(b, 0, 0x41, 0, 0x0b) // active, memory 0, i32.const 0 end
		data := s.Data
		if zero(s) {
			data = make([]byte, s.Size)
		}
		b = leb128.AppendUnsigned(b, uint64(len(data)))
		start := uint64(len(b))
		b = append(b, data...)
		// offset in the payload for now: the section's offset is added
		// once it is placed
		f.Segments = append(f.Segments, Section{ID: secData, Name: s.Name, Offset: start, Size: uint64(len(data))})
		for _, r := range s.Relocs {
			si, ok := symIndex[r.Symbol]
			if r.Kind != elfobj.RelocAbs || r.Size != 4 || !ok || isFunc[r.Symbol] {
				return nil, fmt.Errorf("wasmobj: %s+%#x: data relocation (%s, %d bytes, to %q) has no WebAssembly form", s.Name, r.Offset, r.Kind, r.Size, r.Symbol)
			}
			binary.LittleEndian.PutUint32(b[start+r.Offset:], provisional(r.Symbol, r.Addend))
			rs.add(relMemoryAddrI32, start+r.Offset, si, r.Addend, true)
		}
		segInfo = appendString(segInfo, s.Name)
		segInfo = leb128.AppendUnsigned(segInfo, uint64(log2(max(s.Align, 1))))
		flags := uint64(0)
		if tls(s) {
			flags = segFlagTLS
		}
		segInfo = leb128.AppendUnsigned(segInfo, flags)
	}
	if len(segs) > 0 {
		rs.target = index
		at := emit(secData, "", b)
		for i := range f.Segments {
			f.Segments[i].Offset += at
		}
		if len(rs.entries) > 0 {
			relocSecs = append(relocSecs, rs)
		}
	}

	// Debug sections: custom sections; their section symbols follow the
	// object's symbols.
	debugSym := map[int]uint32{}
	for i, s := range obj.Sections {
		if s.Kind == elfobj.SectDebug || s.Kind == elfobj.SectDebugStrings {
			debugSym[i] = uint32(nsyms)
			nsyms++
		}
	}
	debugIndex := map[int]int{}
	for i, s := range obj.Sections {
		if _, ok := debugSym[i]; !ok {
			continue
		}
		if err := stopped(ctx, "section "+s.Name); err != nil {
			return nil, err
		}
		prefix := appendString(nil, s.Name)
		payload := append(prefix, s.Data...)
		rs := relocSection{name: "reloc." + s.Name}
		for _, r := range s.Relocs {
			if r.Size != 4 {
				return nil, fmt.Errorf("wasmobj: %s+%#x: %d-byte relocation (WebAssembly objects hold 32-bit DWARF)", s.Name, r.Offset, r.Size)
			}
			// Offsets in a custom section count from the end of its name.
			off := r.Offset
			at := uint64(len(prefix)) + off
			switch {
			case r.Symbol == "":
				si, ok := debugSym[r.TargetSection]
				if !ok {
					return nil, fmt.Errorf("wasmobj: %s+%#x: section-relative relocation to a section that is not debug information", s.Name, r.Offset)
				}
				binary.LittleEndian.PutUint32(payload[at:], uint32(r.Addend))
				rs.add(relSectionOffsetI32, off, si, r.Addend, true)
			case r.Kind == elfobj.RelocDTPRel:
				// No relocation (the conventions have no 32-bit one
				// for an offset in the thread-local block): the
				// offset in the block.
				sym := defs[r.Symbol]
				if sym == nil || sym.Kind != elfobj.SymTLS {
					return nil, fmt.Errorf("wasmobj: %s+%#x: thread-local relocation to %q, not a defined thread-local", s.Name, r.Offset, r.Symbol)
				}
				binary.LittleEndian.PutUint32(payload[at:], uint32(int64(tlsOff[sym.Section]+sym.Value)+r.Addend))
				continue
			case r.Kind == elfobj.RelocAbs:
				si, ok := symIndex[r.Symbol]
				if !ok {
					return nil, fmt.Errorf("wasmobj: %s+%#x: relocation to unknown symbol %q", s.Name, r.Offset, r.Symbol)
				}
				typ := byte(relMemoryAddrI32)
				if isFunc[r.Symbol] {
					typ = relFunctionOffsetI32
				}
				binary.LittleEndian.PutUint32(payload[at:], provisional(r.Symbol, r.Addend))
				rs.add(typ, off, si, r.Addend, true)
			default:
				return nil, fmt.Errorf("wasmobj: %s+%#x: %s relocation has no WebAssembly form", s.Name, r.Offset, r.Kind)
			}
		}
		debugIndex[i] = index
		rs.target = index
		out = append(out, secCustom)
		out = leb128.AppendUnsigned(out, uint64(len(payload)))
		f.Sections = append(f.Sections, Section{ID: secCustom, Name: s.Name, Offset: uint64(len(out)) + uint64(len(prefix)), Size: uint64(len(s.Data))})
		out = append(out, payload...)
		index++
		if len(rs.entries) > 0 {
			relocSecs = append(relocSecs, rs)
		}
	}
	for i := range obj.Sections {
		if _, ok := debugSym[i]; ok {
			symtab = append(symtab, symSection, flagBindingLocal)
			symtab = leb128.AppendUnsigned(symtab, uint64(debugIndex[i]))
		}
	}

	// linking, then the relocation sections.
	if err := stopped(ctx, "the linking section"); err != nil {
		return nil, err
	}
	link := appendString(nil, "linking")
	link = leb128.AppendUnsigned(link, linkingVersion)
	if len(segs) > 0 {
		sub := leb128.AppendUnsigned(nil, uint64(len(segs)))
		sub = append(sub, segInfo...)
		link = append(link, linkSegmentInfo)
		link = leb128.AppendUnsigned(link, uint64(len(sub)))
		link = append(link, sub...)
	}
	sub := leb128.AppendUnsigned(nil, uint64(nsyms))
	sub = append(sub, symtab...)
	link = append(link, linkSymbolTable)
	link = leb128.AppendUnsigned(link, uint64(len(sub)))
	link = append(link, sub...)
	emitCustom := func(payload []byte) {
		name, _ := readString(payload)
		out = append(out, secCustom)
		out = leb128.AppendUnsigned(out, uint64(len(payload)))
		f.Sections = append(f.Sections, Section{ID: secCustom, Name: name, Offset: uint64(len(out)), Size: uint64(len(payload))})
		out = append(out, payload...)
		index++
	}
	emitCustom(link)
	for _, rs := range relocSecs {
		if err := stopped(ctx, rs.name); err != nil {
			return nil, err
		}
		p := appendString(nil, rs.name)
		p = leb128.AppendUnsigned(p, uint64(rs.target))
		emitCustom(rs.encode(p))
	}
	// target_features: what the object uses beyond WebAssembly 1.0, which
	// wasm-ld checks: thread-local storage needs atomics and bulk memory
	// (for __wasm_init_tls), __tls_base is a mutable global import, a
	// wide integer result is several values.
	var features []string
	hasTLS := false
	for _, i := range segs {
		hasTLS = hasTLS || tls(obj.Sections[i])
	}
	if hasTLS {
		features = append(features, "atomics", "bulk-memory")
	}
	for _, t := range types {
		if multiValue(t) {
			features = append(features, "multivalue")
			break
		}
	}
	if importsTLSBase {
		features = append(features, "mutable-globals")
	}
	if len(features) > 0 {
		p := appendString(nil, "target_features")
		p = leb128.AppendUnsigned(p, uint64(len(features)))
		for _, name := range features {
			p = appendString(append(p, featureUsed), name)
		}
		emitCustom(p)
	}
	f.Bytes = out
	return f, nil
}

// featureUsed is target_features' prefix of a feature the object uses.
const featureUsed = '+'

// multiValue reports whether the type-section entry t (0x60, parameters,
// results) has more than one result.
func multiValue(t []byte) bool {
	np, n := leb128.ReadUnsigned(t, 1)
	at := 1 + uint64(n) + np
	if n == 0 || at >= uint64(len(t)) {
		return false
	}
	nr, _ := leb128.ReadUnsigned(t, at)
	return nr > 1
}

// relocSection is one reloc.* custom section being built.
type relocSection struct {
	target  int
	name    string
	entries []relocEntry
}

type relocEntry struct {
	typ       byte
	off       uint64
	sym       uint32
	addend    int64
	hasAddend bool
}

func (rs *relocSection) add(typ byte, off uint64, sym uint32, addend int64, hasAddend bool) {
	rs.entries = append(rs.entries, relocEntry{typ, off, sym, addend, hasAddend})
}

// encode appends the entry count and the entries, in offset order as
// readers require.
func (rs *relocSection) encode(b []byte) []byte {
	slices.SortStableFunc(rs.entries, func(a, b relocEntry) int { return cmp.Compare(a.off, b.off) })
	b = leb128.AppendUnsigned(b, uint64(len(rs.entries)))
	for _, e := range rs.entries {
		b = append(b, e.typ)
		b = leb128.AppendUnsigned(b, e.off)
		b = leb128.AppendUnsigned(b, uint64(e.sym))
		if e.hasAddend {
			b = leb128.AppendSigned(b, e.addend)
		}
	}
	return b
}

var standardName = map[byte]string{secType: "type", secImport: "import", secFunction: "function", secCode: "code", secData: "data"}

func appendString(b []byte, s string) []byte {
	return append(leb128.AppendUnsigned(b, uint64(len(s))), s...)
}

func readString(b []byte) (string, bool) {
	var n, shift uint64
	for i, c := range b {
		n |= uint64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if uint64(len(b)-i-1) < n {
				return "", false
			}
			return string(b[i+1 : i+1+int(n)]), true
		}
	}
	return "", false
}

// putPaddedULEB writes v as a 5-byte ULEB128.
func putPaddedULEB(b []byte, v uint64) {
	for i := range 4 {
		b[i] = byte(v&0x7f) | 0x80
		v >>= 7
	}
	b[4] = byte(v & 0x7f)
}

// putPaddedSLEB writes v as a 5-byte SLEB128.
func putPaddedSLEB(b []byte, v int64) {
	for i := range 4 {
		b[i] = byte(v&0x7f) | 0x80
		v >>= 7
	}
	b[4] = byte(v & 0x7f)
}

func alignUp(n, align uint64) uint64 { return (n + align - 1) / align * align }

// log2 is the exponent of a power-of-two alignment.
func log2(n uint64) int { return bits.TrailingZeros64(n) }

// Container is the WebAssembly object container, for
// linkcore.Options.Container (which it satisfies by its methods): its own
// target (wasm32), whose code generator is linkcore/wasm32.
var Container container

type container struct{}

func (container) Name() string       { return "wasm" }
func (container) Arch() *target.Arch { return target.Wasm32 }

// CoreDebugSections is true, for dwarfcore.Options.CoreSections: WebAssembly
// runtimes read DWARF through Go's debug/dwarf with the DWARF 4 sections
// only (wazero v1.12.0 builds its stack traces' source positions from
// .debug_abbrev, .debug_info, .debug_line, .debug_ranges and .debug_str),
// so the unit's names and code range must not need .debug_line_str or
// .debug_rnglists. linkcore/wasm32 lists the functions in code-section order, as
// CoreSections requires.
func (container) CoreDebugSections() bool { return true }

// WriteObject writes obj as WebAssembly; the file map lists the sections
// by name (custom sections by theirs). Slack does not apply: a WebAssembly
// module has no room between its sections.
func (c container) WriteObject(obj *elfobj.Object, slack bool) (*elfobj.File, error) {
	return c.WriteObjectContext(context.Background(), obj, slack)
}

// WriteObjectContext is WriteObject stopped once ctx is done
// (WriteObjectContext of the package).
func (container) WriteObjectContext(ctx context.Context, obj *elfobj.Object, slack bool) (*elfobj.File, error) {
	f, err := WriteObjectContext(ctx, obj)
	if err != nil {
		return nil, err
	}
	return f.LinkFile(), nil
}

// LinkFile returns the module as elfobj.File, the file map of linkcore's
// results: its bytes and one SectionInfo per section (numbered from 0 in
// module order, custom sections by their names).
func (f *File) LinkFile() *elfobj.File {
	lf := &elfobj.File{Bytes: f.Bytes, HeaderSize: 8}
	for i, s := range f.Sections {
		lf.Sections = append(lf.Sections, elfobj.SectionInfo{Index: i, Name: strings.TrimSpace(s.Name), Offset: s.Offset, Size: s.Size, Slot: s.Size})
	}
	return lf
}
