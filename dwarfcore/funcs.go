package dwarfcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// Functions: the subprogram DIE with its parameters and locals, the
// code-generation facts it takes (FuncCode), and the function's address
// range entries in .debug_aranges and .debug_rnglists. Its line program
// is in lineprogram.go.

// funcAlignment is the target's default function alignment (Zig's
// target.defaultFunctionAlignment).
func (d *Dwarf) funcAlignment() uint64 {
	switch d.opts.Arch.Name {
	case "aarch64":
		return 4
	case "riscv64":
		return 2
	}
	return 1
}

// funcCode returns what code generation reported about a function (no
// code at all when it did not report it).
func (d *Dwarf) funcCode(decl *lang.Decl) *FuncCode {
	if fn := d.code[decl]; fn != nil {
		return fn
	}
	return &FuncCode{Decl: decl}
}

// funcDIE writes decl_func (or decl_func_empty when the function has no
// parameters or locals) with its local_arg/local_var children.
func (w *entryWriter) funcDIE(decl *lang.Decl, fn *FuncCode) error {
	f := decl.Func
	ret := f.Ret
	if ret == nil && decl.Type != nil {
		ret = decl.Type.Elem
	}
	if ret == nil {
		return fmt.Errorf("dwarfcore: %s has no return type", decl.FQN)
	}
	codeAt := w.declCommon(abbrevDeclFunc, decl)
	w.strp(decl.Symbol())
	w.refType(ret)
	w.addrSym(decl.Symbol(), 0, false)
	w.addrSym(decl.Symbol(), int64(fn.Size), false)
	if decl.Align != 0 {
		w.info.ULEB(decl.Align)
	} else {
		w.info.ULEB(w.d.funcAlignment())
	}
	w.info.Flag(decl.Export)
	w.info.Flag(ret.Kind == lang.KindNoreturn)
	var locs map[*lang.Local]Location
	if len(fn.Vars) > 0 {
		locs = make(map[*lang.Local]Location, len(fn.Vars))
		for _, v := range fn.Vars {
			locs[v.Local] = v.Loc
		}
	}
	for _, l := range f.Locals {
		if l.Type == nil {
			return fmt.Errorf("dwarfcore: %s: local %s has no type", decl.FQN, l.Name)
		}
		if l.Param {
			w.code(abbrevLocalArg)
		} else {
			w.code(abbrevLocalVar)
		}
		w.strp(l.Name)
		w.typedLocation(l.Type, locs[l])
	}
	if len(f.Locals) > 0 {
		w.code(abbrevNull)
	} else {
		w.info.PatchULEB(codeAt, uint64(abbrevDeclFuncEmpty))
	}
	return nil
}

// funcRanges writes a function's .debug_aranges entry (address, length)
// and .debug_rnglists entry (DW_RLE_start_end).
func (d *Dwarf) funcRanges(ref entryRef, sym string, size uint64) {
	s := d.symbol(sym)
	w := &d.rangeWriter
	w.Reset()
	w.AddressReloc(relocRec{kind: External, sym: s})
	w.Address(size)
	d.replace(DebugAranges, ref, w.Bytes(), w.Relocs)
	w.Reset()
	w.U8(byte(dw.RLEStartEnd))
	w.AddressReloc(relocRec{kind: External, sym: s})
	w.AddressReloc(relocRec{kind: External, sym: s, addend: int64(size)})
	d.replace(DebugRnglists, ref, w.Bytes(), w.Relocs)
}
