package linkcore

import (
	"encoding/binary"
	"math/big"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
)

// handProgram builds a small checked program by hand, as the front end
// would: two functions (one exported), a variable, a constant, a zero
// variable, two thread-locals (one zero) and a pointer to the constant.
func handProgram(arch *target.Arch) *lang.Program {
	ts := lang.NewTypes(arch)
	u64 := ts.Int(false, 64)
	u32 := ts.Int(false, 32)
	ptr := ts.Pointer(lang.PointerSpec{Size: lang.PtrOne, Elem: u64, Const: true})
	fnType := ts.Fn(nil, ts.Void, lang.CallConvAuto)
	root := ts.NewContainer(lang.KindStruct, "hand")
	prog := &lang.Program{Path: "hand.zig", Module: "root", Root: root, Types: ts}
	intVal := func(t *lang.Type, v int64) *lang.Value {
		return &lang.Value{Kind: lang.ValInt, Type: t, Int: big.NewInt(v)}
	}
	fn := func(name string, line int, export bool) *lang.Decl {
		return &lang.Decl{Kind: lang.DeclFunc, Name: name, FQN: "hand." + name, Parent: root,
			Line: line, Col: 1, Export: export, Type: fnType,
			Func: &lang.Func{Ret: ts.Void, Body: &lang.Block{Pos: lang.Pos{Line: line, Col: 20},
				EndLine: line + 1, EndCol: 1}}}
	}
	data := func(kind lang.DeclKind, name string, t *lang.Type, init *lang.Value, tls bool) *lang.Decl {
		return &lang.Decl{Kind: kind, Name: name, FQN: "hand." + name, Parent: root, Line: 1, Col: 1,
			Type: t, Init: init, ThreadLocal: tls}
	}
	c := data(lang.DeclConst, "c", u64, intVal(u64, 0x1122334455667788), false)
	prog.Decls = []*lang.Decl{
		fn("main", 10, false),
		fn("exported", 13, true),
		data(lang.DeclVar, "v", u64, intVal(u64, 0x0102030405060708), false),
		c,
		data(lang.DeclVar, "z", u32, intVal(u32, 0), false),
		data(lang.DeclVar, "t", u64, intVal(u64, 42), true),
		data(lang.DeclVar, "tz", u64, intVal(u64, 0), true),
		data(lang.DeclVar, "p", ptr, &lang.Value{Kind: lang.ValAddr, Type: ptr, Target: c, Offset: 0}, false),
	}
	return prog
}

// handDebug is a minimal, valid DWARF 5 compile unit written by hand so the
// object writer can be tested before and apart from the emitter. It holds
// one relocation of every kind: cross-section (abbrev offset, strp,
// line_strp), cross-entry (a DW_FORM_ref_addr type reference), external
// (DW_AT_low_pc, DW_OP_addr) and thread-local (DW_OP_form_tls_address).
func handDebug(arch *target.Arch, funcSym string, funcSize uint64, varSym, tlsSym string) *DebugInput {
	const (
		tagCompileUnit, tagVariable, tagBaseType          = 0x11, 0x34, 0x24
		atName, atProducer, atLowPC, atHighPC             = 0x03, 0x25, 0x11, 0x12
		atType, atLocation, atEncoding, atByteSize        = 0x49, 0x02, 0x3e, 0x0b
		formAddr, formData1, formData4, formStrp          = 0x01, 0x0b, 0x06, 0x0e
		formRefAddr, formExprloc, formLineStrp            = 0x10, 0x18, 0x1f
		opAddr, opConst4u, opConst8u, opFormTLSAddress    = 0x03, 0x0c, 0x0e, 0x9b
		ateUnsigned, utCompile, version, childrenYes, noC = 0x07, 0x01, 5, 1, 0
	)
	order := arch.ByteOrder().(byteOrder)
	ps := arch.PtrSize
	d := &DebugInput{}
	d.Sections[dwarfcore.DebugAbbrev] = []byte{
		1, tagCompileUnit, childrenYes, atProducer, formStrp, atName, formLineStrp,
		atLowPC, formAddr, atHighPC, formData4, 0, 0,
		2, tagVariable, noC, atName, formStrp, atType, formRefAddr, atLocation, formExprloc, 0, 0,
		3, tagBaseType, noC, atName, formStrp, atEncoding, formData1, atByteSize, formData1, 0, 0,
		0,
	}
	str := []byte("\x00handmade\x00v\x00t\x00u64\x00")
	d.Sections[dwarfcore.DebugStr] = str
	d.Sections[dwarfcore.DebugLineStr] = []byte("hand.zig\x00")
	strOff := func(s string) uint64 {
		for i := 0; i+len(s) < len(str); i++ {
			if string(str[i:i+len(s)]) == s && str[i+len(s)] == 0 && (i == 0 || str[i-1] == 0) {
				return uint64(i)
			}
		}
		panic(s)
	}
	var info []byte
	reloc := func(r dwarfcore.Reloc, size int, value uint64) {
		r.Section, r.Offset, r.Size = dwarfcore.DebugInfo, uint64(len(info)), size
		d.Relocs = append(d.Relocs, r)
		if size == 4 {
			info = order.AppendUint32(info, uint32(value))
		} else {
			info = order.AppendUint64(info, value)
		}
	}
	info = order.AppendUint32(info, 0) // unit_length, patched below
	info = order.AppendUint16(info, version)
	info = append(info, utCompile, byte(ps))
	reloc(dwarfcore.Reloc{Kind: dwarfcore.CrossSection, TargetSection: dwarfcore.DebugAbbrev}, 4, 0)
	info = append(info, 1)
	reloc(dwarfcore.Reloc{Kind: dwarfcore.CrossSection, TargetSection: dwarfcore.DebugStr, TargetOffset: strOff("handmade")}, 4, strOff("handmade"))
	reloc(dwarfcore.Reloc{Kind: dwarfcore.CrossSection, TargetSection: dwarfcore.DebugLineStr}, 4, 0)
	reloc(dwarfcore.Reloc{Kind: dwarfcore.External, Symbol: funcSym}, ps, 0)
	info = order.AppendUint32(info, uint32(funcSize))
	var typeRefs []int
	variable := func(name, sym string, tls bool) {
		info = append(info, 2)
		reloc(dwarfcore.Reloc{Kind: dwarfcore.CrossSection, TargetSection: dwarfcore.DebugStr, TargetOffset: strOff(name)}, 4, strOff(name))
		typeRefs = append(typeRefs, len(d.Relocs))
		reloc(dwarfcore.Reloc{Kind: dwarfcore.CrossEntry, TargetSection: dwarfcore.DebugInfo}, 4, 0)
		info = append(info, byte(1+ps+boolInt(tls)))
		switch {
		case tls && ps == 8:
			info = append(info, opConst8u)
		case tls:
			info = append(info, opConst4u)
		default:
			info = append(info, opAddr)
		}
		reloc(dwarfcore.Reloc{Kind: dwarfcore.External, Symbol: sym, TLS: tls}, ps, 0)
		if tls {
			info = append(info, opFormTLSAddress)
		}
	}
	variable("v", varSym, false)
	variable("t", tlsSym, true)
	baseType := uint64(len(info))
	for _, i := range typeRefs {
		r := &d.Relocs[i]
		r.TargetOffset = baseType
		order.PutUint32(info[r.Offset:], uint32(baseType))
	}
	info = append(info, 3)
	reloc(dwarfcore.Reloc{Kind: dwarfcore.CrossSection, TargetSection: dwarfcore.DebugStr, TargetOffset: strOff("u64")}, 4, strOff("u64"))
	info = append(info, ateUnsigned, 8, 0)
	order.PutUint32(info, uint32(len(info)-4))
	d.Sections[dwarfcore.DebugInfo] = info
	return d
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// handObject builds an object from handProgram's code and hand-encoded
// data, without the front end's value encoder.
func handObject(arch *target.Arch) (*Object, *Code, error) {
	prog := handProgram(arch)
	code, err := CodeGen(prog, arch)
	if err != nil {
		return nil, nil, err
	}
	order := arch.ByteOrder().(byteOrder)
	ps := arch.PtrSize
	text := &elfobj.Section{Name: ".text", Kind: elfobj.SectText, Data: code.Text, Align: code.Align}
	data := &elfobj.Section{Name: ".data", Kind: elfobj.SectData, Align: 8, Data: order.AppendUint64(nil, 0x0102030405060708)}
	rodata := &elfobj.Section{Name: ".rodata", Kind: elfobj.SectROData, Align: 8, Data: order.AppendUint64(nil, 0x1122334455667788)}
	tdata := &elfobj.Section{Name: ".tdata", Kind: elfobj.SectTData, Align: 8, Data: order.AppendUint64(nil, 42)}
	tbss := &elfobj.Section{Name: ".tbss", Kind: elfobj.SectTBSS, Align: 8, Size: 8}
	bss := &elfobj.Section{Name: ".bss", Kind: elfobj.SectBSS, Align: 4, Size: 4}
	// p: a pointer to c, in .data after v
	data.Data = append(data.Data, make([]byte, ps)...)
	data.Relocs = []elfobj.Reloc{{Offset: 8, Size: ps, Kind: elfobj.RelocAbs, Symbol: "hand.c"}}
	obj := &Object{Arch: arch, FileName: "hand.zig",
		Sections: []*elfobj.Section{text, data, rodata, tdata, tbss, bss}}
	for _, f := range code.Funcs {
		obj.Symbols = append(obj.Symbols, &elfobj.Symbol{Name: f.Symbol, Kind: elfobj.SymFunc, Global: f.Decl.Export,
			Section: 0, Value: f.Offset, Size: f.Size})
	}
	obj.Symbols = append(obj.Symbols,
		&elfobj.Symbol{Name: "hand.v", Kind: elfobj.SymObject, Section: 1, Value: 0, Size: 8},
		&elfobj.Symbol{Name: "hand.p", Kind: elfobj.SymObject, Section: 1, Value: 8, Size: uint64(ps)},
		&elfobj.Symbol{Name: "hand.c", Kind: elfobj.SymObject, Section: 2, Value: 0, Size: 8},
		&elfobj.Symbol{Name: "hand.t", Kind: elfobj.SymTLS, Section: 3, Value: 0, Size: 8},
		&elfobj.Symbol{Name: "hand.tz", Kind: elfobj.SymTLS, Section: 4, Value: 0, Size: 8},
		&elfobj.Symbol{Name: "hand.z", Kind: elfobj.SymObject, Section: 5, Value: 0, Size: 4},
		&elfobj.Symbol{Name: "ext", Kind: elfobj.SymNoType, Global: true, Section: -1},
	)
	debug := handDebug(arch, code.Funcs[0].Symbol, code.Funcs[0].Size, "hand.v", "hand.t")
	var index [dwarfcore.NumSections]int
	obj.Sections, index = appendDebugSections(obj.Sections, debug)
	if err := addDebugRelocs(obj.Sections, index, debug.Relocs); err != nil {
		return nil, nil, err
	}
	return obj, code, nil
}

// byteOrder is binary.LittleEndian or binary.BigEndian.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}
