package amd64

import (
	"fmt"
	"math"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/align"
	"github.com/dwarfscope/dwarfscope/linkcore/codegen"
)

// Package amd64 is the x86-64 code generator: a simple, correct
// stack-frame compiler of the whole function bodies a static executable
// runs.
//
// Frame: `push rbp; mov rbp, rsp; sub rsp, N`. Every parameter and local
// has a slot at a fixed offset from rbp for the whole function, which is
// also its location (dwarfcore.AtRegOffset(target.X86_64RBP, offset),
// DW_OP_breg6 once encoded). Expressions are evaluated into
// frame temporaries; rax, rcx, rdx, rsi and rdi are scratch registers
// within one operation and hold nothing across operations. Integers are
// kept in memory as Zig 0.11 keeps them: truncated to their bit width,
// the bits above zero, signed or not (an i5 of -3 is the byte 0x1d);
// loads extend them from their bit width by their signedness. Fields of
// packed structs are read and written in the words of the value that
// holds them, at any width and bit offset.
//
// Calling conventions:
//   - callconv(.C) is System V x86-64 for what the subset has: integer,
//     bool, enum, error set and pointer arguments in rdi, rsi, rdx, rcx,
//     r8, r9, then on the stack (8 bytes each, in order); aggregates of at
//     most 16 bytes without floats in one or two of those registers (on
//     the stack when they do not fit), larger aggregates copied onto the
//     stack. Floating-point arguments and returns are not supported.
//   - Every other function uses the project's convention: all arguments on
//     the stack, each at the next multiple of 8 bytes in declaration order,
//     so a parameter's slot is the caller's copy at [rbp+16+offset].
//   - Both return values of at most 8 bytes in rax, of 9 to 16 bytes in
//     rax:rdx, larger ones through a caller-provided buffer whose address
//     is passed in rdi (and returned in rax).
//
// Every statement starts a line-table row.

// x86Gen compiles one function.
type x86Gen struct {
	a     asm
	ts    *lang.Types
	decl  *lang.Decl
	fn    *lang.Func
	slots map[*lang.Local]int32
	// frame is the lowest rbp offset used so far by locals (negative);
	// temp the current temporaries' low mark.
	frame, temp, minTemp int32
	// outArgs is the size of the outgoing stack-argument area at rsp.
	outArgs int32
	// retPtr is the slot holding the hidden return-buffer address (0 when
	// the function returns in registers).
	retPtr  int32
	returns []uint64
	rows    []dwarfcore.LineRow
	// stop is stepped before every statement (codegen.Stop); its
	// error, like any other, is kept in err.
	stop *codegen.Stop
	err  error
}

func (g *x86Gen) fail(pos lang.Pos, format string, args ...any) {
	if g.err == nil {
		g.err = fmt.Errorf("%d:%d: %s", pos.Line, pos.Col, fmt.Sprintf(format, args...))
	}
}

// alloc reserves a frame slot for a value of type t below the current
// mark and returns its rbp offset. Slots are 8-byte aligned and rounded
// up to 8 bytes so whole words can be loaded from them.
func alloc(mark *int32, size, alignment uint64) int32 {
	a := int64(max(alignment, 8))
	n := int64(*mark) - int64(align.Forward(max(size, 1), 8))
	n = -int64(align.Forward(uint64(-n), uint64(a)))
	*mark = int32(n)
	return int32(n)
}

func (g *x86Gen) tempSlot(t *lang.Type) int32 {
	return g.tempBytes(t.Size, t.Align)
}

// tempBytes reserves a frame temporary of size bytes.
func (g *x86Gen) tempBytes(size, alignment uint64) int32 {
	off := alloc(&g.temp, size, alignment)
	g.minTemp = min(g.minTemp, g.temp)
	return off
}

// abiInRegs says how a value of type t travels in registers: 0 (memory),
// 1 or 2 eightbytes.
func abiWords(t *lang.Type) int {
	switch {
	case t.Size == 0:
		return 0
	case t.Size <= 8:
		return 1
	case t.Size <= 16:
		return 2
	}
	return 0
}

// hasFloat reports whether t contains a floating-point value.
func hasFloat(t *lang.Type) bool {
	switch t.Kind {
	case lang.KindFloat:
		return true
	case lang.KindArray, lang.KindOptional:
		return hasFloat(t.Elem)
	case lang.KindErrorUnion:
		return hasFloat(t.Elem)
	case lang.KindStruct, lang.KindUnion:
		if t.Layout == lang.LayoutPacked {
			return false
		}
		for _, f := range t.Fields {
			if f.Type != nil && !f.Comptime && hasFloat(f.Type) {
				return true
			}
		}
	}
	return false
}

// intRepr is how an integer-like t holds its value: the number of value
// bits and whether they load sign-extended. A type that is not
// integer-like is all of its bytes, unsigned.
func intRepr(t *lang.Type) (bits uint32, signed bool) {
	tag := t
	switch {
	case t.Kind == lang.KindBool:
		return 1, false
	case t.Kind == lang.KindEnum && t.Tag != nil:
		tag = t.Tag
	case t.Kind == lang.KindStruct && t.Layout == lang.LayoutPacked && t.Tag != nil:
		tag = t.Tag
	case t.Kind != lang.KindInt:
		return uint32(t.Size * 8), false
	}
	return tag.Bits, tag.Signed
}

// paramPlan is where each parameter arrives.
type argPlace struct {
	regs  []reg // registers holding the eightbytes, or nil
	stack int32 // offset in the stack-argument area when regs is nil
	// xmm is 1 + the SSE register (xmm0..xmm7) of a C float argument
	// (f16, f32, f64 and f128 are class SSE in the System V ABI), 0
	// when it has none.
	xmm int
}

// sseScalar reports whether t is a float the System V ABI passes in an
// SSE register (f80 is class X87 and goes in memory).
func sseScalar(t *lang.Type) bool {
	return t.Kind == lang.KindFloat && t.Bits != 80
}

// planArgs assigns parameters of types to registers and stack slots for
// calling convention cc; hidden says rdi carries a return buffer.
func planArgs(types []*lang.Type, cc lang.CallConv, hidden bool) ([]argPlace, int32, error) {
	next := 0
	if hidden {
		next = 1
	}
	places := make([]argPlace, len(types))
	var stack int32
	nextXMM := 0
	for i, t := range types {
		if cc == lang.CallConvC {
			if sseScalar(t) && nextXMM < 8 {
				nextXMM++
				places[i].xmm = nextXMM
				continue
			}
			if hasFloat(t) && t.Kind != lang.KindFloat {
				return nil, 0, fmt.Errorf("callconv(.C) parameter %d: aggregates with floating-point fields are not supported", i+1)
			}
			if n := abiWords(t); n > 0 && t.Kind != lang.KindFloat && next+n <= len(sysvIntArgRegs) {
				places[i].regs = sysvIntArgRegs[next : next+n]
				next += n
				continue
			}
		}
		if t.Size == 0 {
			places[i].stack = -1
			continue
		}
		places[i].stack = stack
		stack += int32(align.Forward(t.Size, 8))
	}
	return places, stack, nil
}

func paramTypes(fn *lang.Func) []*lang.Type {
	ts := make([]*lang.Type, len(fn.Params))
	for i, p := range fn.Params {
		ts[i] = p.Type
	}
	return ts
}

// genX86Func compiles one function.
func genX86Func(ts *lang.Types, d *lang.Decl, stop *codegen.Stop) (codegen.Body, []dwarfcore.LineRow, []dwarfcore.VarLoc, error) {
	fn := d.Func
	g := &x86Gen{ts: ts, decl: d, fn: fn, slots: map[*lang.Local]int32{}, stop: stop}
	g.a.room, g.a.stop, g.a.nextLook = stop.Room(), stop, lookBytes
	ret := fn.Ret
	if ret == nil {
		return codegen.Body{}, nil, nil, fmt.Errorf("no return type")
	}
	if fn.CC == lang.CallConvC && hasFloat(ret) {
		return codegen.Body{}, nil, nil, fmt.Errorf("callconv(.C) floating-point return values are not supported")
	}
	hidden := ret.Size > 16
	places, _, err := planArgs(paramTypes(fn), fn.CC, hidden)
	if err != nil {
		return codegen.Body{}, nil, nil, err
	}
	// Prologue: push rbp; mov rbp, rsp; sub rsp, frame (patched below).
	g.a.bytes(codegen.X86_64Prologue...)
	g.a.bytes(0x48, 0x81, 0xec)
	frameAt := g.a.pc()
	g.a.u32(0)
	if hidden {
		g.retPtr = alloc(&g.frame, 8, 8)
		g.a.store(rDI, rBP, g.retPtr, 8)
	}
	for i, p := range fn.Params {
		pl := places[i]
		switch {
		case pl.xmm > 0:
			// the whole register: the value is in its low bytes
			off := alloc(&g.frame, 16, 16)
			g.slots[p] = off
			g.a.movdquStore(pl.xmm-1, rBP, off)
		case pl.regs != nil:
			off := alloc(&g.frame, p.Type.Size, p.Type.Align)
			g.slots[p] = off
			g.storeWords(pl.regs, rBP, off, p.Type.Size)
		case pl.stack >= 0:
			g.slots[p] = 16 + pl.stack
		default:
			g.slots[p] = alloc(&g.frame, 0, 1)
		}
	}
	for _, l := range fn.Locals {
		if l.Param {
			continue
		}
		if l.Type == nil {
			return codegen.Body{}, nil, nil, fmt.Errorf("local %s has no type", l.Name)
		}
		g.slots[l] = alloc(&g.frame, l.Type.Size, l.Type.Align)
	}
	// Compile-time known locals live in the frame from the start, so they
	// show in a debugger wherever the function stops.
	for _, l := range fn.Locals {
		if l.Comptime && l.Value != nil && !l.Param {
			g.temp = g.frame
			g.constant(l.Value, rBP, g.slots[l])
		}
	}
	prologueEnd := g.a.pc()
	b := fn.Body
	// No row of our own at pc 0: the line program already starts every
	// function with a row at its opening brace, and a second row at the
	// same address gives the first entry a size of 0, which makes lldb
	// find no prologue (breakpoints and `step` then stop before it).
	g.block(b)
	epilogue := g.a.pc()
	for _, at := range g.returns {
		g.a.patch32(at, epilogue)
	}
	g.a.bytes(0xc9, 0xc3) // leave; ret
	if g.a.dropped > 0 || g.a.err != nil {
		// The code outgrew its room, or the stop said to stop: Look
		// says which.
		return codegen.Body{}, nil, nil, stop.Look(g.a.pc())
	}
	if g.err != nil {
		return codegen.Body{}, nil, nil, g.err
	}
	size := int64(-g.minTemp) + int64(g.outArgs)
	if g.frame < g.minTemp {
		size = int64(-g.frame) + int64(g.outArgs)
	}
	size = int64(align.Forward(uint64(size), 16))
	if size > math.MaxInt32 {
		return codegen.Body{}, nil, nil, fmt.Errorf("stack frame of %d bytes is too large", size)
	}
	putU32(g.a.code[frameAt:], uint32(size))

	rows := g.rows
	rows = append(rows, dwarfcore.LineRow{PC: epilogue, Line: b.EndLine, Col: b.EndCol, Stmt: true, EpilogueBegin: true})
	for i := range rows {
		if rows[i].PC >= prologueEnd {
			rows[i].PrologueEnd = true
			break
		}
	}
	var vars []dwarfcore.VarLoc
	for _, l := range fn.Locals {
		off, ok := g.slots[l]
		if !ok {
			continue
		}
		vars = append(vars, dwarfcore.VarLoc{Local: l, Loc: dwarfcore.AtRegOffset(target.X86_64RBP, int64(off))})
	}
	return codegen.Body{Code: g.a.code, PrologueEnd: prologueEnd, EpilogueBegin: epilogue, Fixups: g.a.fixups}, rows, vars, nil
}

func putU32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}

// row starts a line-table row at the current pc; the row at pc 0 is the
// function's opening brace. A statement at the same pc as the previous
// row replaces it.
func (g *x86Gen) row(pos lang.Pos, pc uint64) {
	if n := len(g.rows); n > 0 && g.rows[n-1].PC == pc {
		g.rows[n-1].Line, g.rows[n-1].Col = pos.Line, pos.Col
		return
	}
	g.rows = append(g.rows, dwarfcore.LineRow{PC: pc, Line: pos.Line, Col: pos.Col, Stmt: true})
}

func (g *x86Gen) block(b *lang.Block) {
	for _, s := range b.Stmts {
		if g.err != nil {
			return
		}
		if inner, ok := s.(*lang.Block); ok {
			g.block(inner)
			continue
		}
		if g.a.err != nil {
			g.err = g.a.err
			return
		}
		if err := g.stop.Step(g.a.pc()); err != nil {
			g.err = err
			return
		}
		g.row(s.StmtPos(), g.a.pc())
		g.temp = g.frame
		g.stmt(s)
	}
}

func (g *x86Gen) stmt(s lang.Stmt) {
	switch s := s.(type) {
	case *lang.VarStmt:
		if s.Init != nil {
			g.eval(s.Init, rBP, g.slots[s.Local])
		}
	case *lang.AssignStmt:
		t := s.Target.ExprType()
		tmp := g.tempSlot(t)
		g.eval(s.Value, rBP, tmp)
		if fe, ok := s.Target.(*lang.FieldExpr); ok && packedField(fe) {
			g.packedWrite(fe, tmp)
			break
		}
		g.addr(s.Target) // rax
		g.a.movRR(rDI, rAX)
		g.copy(rBP, tmp, rDI, 0, t.Size)
	case *lang.DiscardStmt:
		t := s.Value.ExprType()
		g.eval(s.Value, rBP, g.tempSlot(t))
	case *lang.ExprStmt:
		t := s.X.ExprType()
		g.eval(s.X, rBP, g.tempSlot(t))
	case *lang.ReturnStmt:
		if s.Value != nil {
			t := s.Value.ExprType()
			tmp := g.tempSlot(t)
			g.eval(s.Value, rBP, tmp)
			switch {
			case t.Size == 0:
			case t.Size <= 16:
				g.a.load(rAX, rBP, tmp, 8, false)
				if t.Size > 8 {
					g.a.load(rDX, rBP, tmp+8, 8, false)
				}
			default:
				g.a.load(rDI, rBP, g.retPtr, 8, false)
				g.copy(rBP, tmp, rDI, 0, t.Size)
				g.a.movRR(rAX, rDI)
			}
		}
		g.returns = append(g.returns, g.a.jmp32())
	default:
		g.fail(s.StmtPos(), "statement %T is not supported", s)
	}
}

// pieces calls f for the pieces that move size bytes with the fewest
// loads and stores: at done, n bytes (8, 4, 2 or 1), in order.
func pieces(size uint64, f func(done, n uint64)) {
	for done := uint64(0); done < size; {
		n := uint64(8)
		for n > size-done {
			n /= 2
		}
		f(done, n)
		done += n
	}
}

// copy copies size bytes from [src+soff] to [dst+doff] through rcx.
func (g *x86Gen) copy(src reg, soff int32, dst reg, doff int32, size uint64) {
	pieces(size, func(done, n uint64) {
		g.a.load(rCX, src, soff+int32(done), n, false)
		g.a.store(rCX, dst, doff+int32(done), n)
	})
}

// storeWords stores up to two eightbytes held in regs as size bytes at
// [base+off]; it clobbers the registers of a partial last word.
func (g *x86Gen) storeWords(regs []reg, base reg, off int32, size uint64) {
	for i, r := range regs {
		n := min(size-uint64(i)*8, 8)
		g.storePartial(r, base, off+int32(i*8), n)
	}
}

// storePartial stores the low n (1..8) bytes of r at [base+off]; r is
// shifted right as it goes.
func (g *x86Gen) storePartial(r, base reg, off int32, n uint64) {
	pieces(n, func(done, k uint64) {
		g.a.store(r, base, off+int32(done), k)
		if done+k < n {
			g.a.shiftImm(extShr, r, uint8(k*8))
		}
	})
}

// loadWord loads n (1..8) bytes at [base+off] into r, zero-extended,
// using r11 (never an argument register) as scratch when n is not a
// power of two.
func (g *x86Gen) loadWord(r, base reg, off int32, n uint64) {
	if n == 1 || n == 2 || n == 4 || n == 8 {
		g.a.load(r, base, off, n, false)
		return
	}
	g.a.zero(r)
	pieces(n, func(done, k uint64) {
		g.a.load(r11, base, off+int32(done), k, false)
		if done > 0 {
			g.a.shiftImm(extShl, r11, uint8(done*8))
		}
		g.a.aluRR(aluOr, r, r11)
	})
}

// normalize truncates rax to t's bits, the bits above them zero: how
// Zig 0.11 stores an integer in memory, signed or not.
func (g *x86Gen) normalize(t *lang.Type) {
	bits, _ := intRepr(t)
	g.extend(rAX, uint64(bits), false)
}

// extend truncates r to its low bits (0 clears it) and extends them by
// signed.
func (g *x86Gen) extend(r reg, bits uint64, signed bool) {
	switch {
	case bits == 0:
		g.a.zero(r)
	case bits < 64:
		g.a.shiftImm(extShl, r, uint8(64-bits))
		if signed {
			g.a.shiftImm(extSar, r, uint8(64-bits))
		} else {
			g.a.shiftImm(extShr, r, uint8(64-bits))
		}
	}
}

// extendWords truncates the integer of n little-endian words at
// [rbp+at] to bits and extends it by signed through all n words.
func (g *x86Gen) extendWords(at int32, n int32, bits uint64, signed bool) {
	for i := int32(0); i < n; i++ {
		low := int64(bits) - 64*int64(i) // the value's bits in word i
		switch {
		case low >= 64:
			continue
		case low > 0:
			g.a.load(rAX, rBP, at+8*i, 8, false)
			g.extend(rAX, uint64(low), signed)
		case signed && i > 0:
			// above the value: copies of its sign
			g.a.load(rAX, rBP, at+8*(i-1), 8, false)
			g.a.shiftImm(extSar, rAX, 63)
		default:
			g.a.zero(rAX)
		}
		g.a.store(rAX, rBP, at+8*i, 8)
	}
}

// constant stores compile-time value v at [base+off].
func (g *x86Gen) constant(v *lang.Value, base reg, off int32) {
	data, relocs := g.ts.Encode(v)
	pieces(uint64(len(data)), func(done, n uint64) {
		v := leUint(data[done : done+n])
		if n == 8 {
			g.a.movImm64(rAX, v)
			g.a.store(rAX, base, off+int32(done), 8)
			return
		}
		g.a.storeImm(base, off+int32(done), n, uint32(v))
	})
	for _, r := range relocs {
		sym, err := codegen.DataRelocSymbol(r)
		if err != nil {
			g.fail(lang.Pos{}, "%v", err)
			return
		}
		if r.Target != nil && r.Target.ThreadLocal {
			g.a.leaTLS(rAX, sym, r.Addend)
		} else {
			g.a.leaSym(rAX, sym, r.Addend)
		}
		g.a.store(rAX, base, off+int32(r.Off), uint64(r.Size))
	}
}

func leUint(b []byte) uint64 {
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

// addressable reports whether e denotes memory addr can point at without
// evaluating it into a temporary.
func addressable(e lang.Expr) bool {
	switch e := e.(type) {
	case *lang.LocalRef, *lang.GlobalRef:
		return true
	case *lang.FieldExpr:
		return !packedField(e) && addressable(e.X)
	case *lang.IndexExpr:
		return addressable(e.X)
	}
	return false
}

// packedField reports whether e selects a field of a packed struct,
// which has a bit offset rather than an address.
func packedField(e *lang.FieldExpr) bool {
	return e.X.ExprType().Layout == lang.LayoutPacked
}

// packedPlace is where a field of a packed struct (or packed union)
// lives: bits [bit, bit+typ.BitSize) of root, the value a chain of
// packed field selections starts from (p in p.a.b).
type packedPlace struct {
	root lang.Expr
	typ  *lang.Type
	bit  uint64
}

// packedFieldPlace follows e down through packed fields to the value
// that holds them, adding up their bit offsets.
func (g *x86Gen) packedFieldPlace(e *lang.FieldExpr) (p packedPlace, ok bool) {
	var x lang.Expr = e
	for {
		fe, isField := x.(*lang.FieldExpr)
		if !isField || !packedField(fe) {
			break
		}
		pt := fe.X.ExprType()
		if fe.Field < 0 || fe.Field >= len(pt.Fields) {
			g.fail(fe.Pos, "field %d out of range", fe.Field)
			return p, false
		}
		f := pt.Fields[fe.Field]
		if p.typ == nil {
			p.typ = f.Type
		}
		p.bit += f.BitOffset
		x = fe.X
	}
	p.root = x
	return p, true
}

// packedBuffer reserves a frame temporary for the bytes of a packed
// value of size bytes with two zero words after them, so any field's
// bits can be read and written with whole 64-bit loads and stores.
func (g *x86Gen) packedBuffer(size uint64) int32 {
	n := align.Forward(size, 8) + 16
	buf := g.tempBytes(n, 8)
	g.zeroRange(rBP, buf, n)
	return buf
}

// packedBytes copies the bytes of p's root into a packed buffer; when
// the root is a place, its address is kept in the frame slot addrAt.
func (g *x86Gen) packedBytes(p packedPlace) (buf, addrAt int32) {
	size := p.root.ExprType().Size
	buf = g.packedBuffer(size)
	if !addressable(p.root) {
		g.eval(p.root, rBP, buf)
		return buf, 0
	}
	g.addr(p.root)
	addrAt = g.tempSlot(g.ts.Usize)
	g.a.store(rAX, rBP, addrAt, 8)
	g.a.movRR(rSI, rAX)
	g.copy(rSI, 0, rBP, buf, size)
	return buf, addrAt
}

// packedRead stores the field e of a packed struct at [base+off]: the
// root's words shifted down by the field's bit offset and cut to the
// field's bits (loads extend them by the field's signedness).
func (g *x86Gen) packedRead(e *lang.FieldExpr, base reg, off int32) {
	p, ok := g.packedFieldPlace(e)
	if !ok || p.typ.Size == 0 {
		return
	}
	buf, _ := g.packedBytes(p)
	n := int32(align.Forward(p.typ.Size, 8) / 8)
	res := g.tempBytes(uint64(n)*8, 8)
	first, shift := int32(p.bit/64), uint8(p.bit%64)
	for i := int32(0); i < n; i++ {
		g.a.load(rAX, rBP, buf+8*(first+i), 8, false)
		if shift > 0 {
			g.a.shiftImm(extShr, rAX, shift)
			g.a.load(rDX, rBP, buf+8*(first+i+1), 8, false)
			g.a.shiftImm(extShl, rDX, 64-shift)
			g.a.aluRR(aluOr, rAX, rDX)
		}
		g.a.store(rAX, rBP, res+8*i, 8)
	}
	g.extendWords(res, n, p.typ.BitSize, false) // stored as normalize does
	g.copy(rBP, res, base, off, p.typ.Size)
}

// packedInsert writes the value of type t at [rbp+val] into bits
// [bit, bit+t.BitSize) of the packed buffer buf, word by word: the
// value's words shifted up by the bit offset, the bits around the
// field kept.
func (g *x86Gen) packedInsert(buf int32, bit uint64, t *lang.Type, val int32) {
	bits := t.BitSize
	if bits == 0 {
		return
	}
	n := int64(align.Forward(t.Size, 8) / 8) // the value's words
	first, last := int64(bit/64), int64((bit+bits-1)/64)
	shift := uint8(bit % 64)
	for j := first; j <= last; j++ {
		mask := fieldMask(bit, bits, uint64(j))
		i := j - first // the value word that lands shifted in word j
		// rdx = the value's bits that land in word j
		g.a.zero(rDX)
		if i < n {
			g.a.load(rDX, rBP, val+int32(8*i), 8, false)
			if shift > 0 {
				g.a.shiftImm(extShl, rDX, shift)
			}
		}
		if shift > 0 && i > 0 && i-1 < n {
			g.a.load(rCX, rBP, val+int32(8*(i-1)), 8, false)
			g.a.shiftImm(extShr, rCX, 64-shift)
			g.a.aluRR(aluOr, rDX, rCX)
		}
		g.a.movImm64(rCX, mask)
		g.a.aluRR(aluAnd, rDX, rCX)
		g.a.load(rAX, rBP, buf+int32(8*j), 8, false)
		g.a.movImm64(rCX, ^mask)
		g.a.aluRR(aluAnd, rAX, rCX)
		g.a.aluRR(aluOr, rAX, rDX)
		g.a.store(rAX, rBP, buf+int32(8*j), 8)
	}
}

// fieldMask is the bits of 64-bit word j that lie in [bit, bit+bits).
func fieldMask(bit, bits, j uint64) uint64 {
	lo, hi := max(bit, 64*j), min(bit+bits, 64*j+64)
	if lo >= hi {
		return 0
	}
	m := ^uint64(0)
	if hi-lo < 64 {
		m = uint64(1)<<(hi-lo) - 1
	}
	return m << (lo - 64*j)
}

// packedWrite assigns the value at [rbp+tmp] to the field e of a packed
// struct: the root's bytes copied out, the field's bits replaced, and
// the words that hold them written back.
func (g *x86Gen) packedWrite(e *lang.FieldExpr, tmp int32) {
	p, ok := g.packedFieldPlace(e)
	if !ok || p.typ.BitSize == 0 {
		return
	}
	if !addressable(p.root) {
		g.fail(e.Pos, "assignment to a field of a packed struct that is not a variable is not supported")
		return
	}
	buf, addrAt := g.packedBytes(p)
	g.packedInsert(buf, p.bit, p.typ, tmp)
	lo := p.bit / 64 * 8
	hi := min(p.root.ExprType().Size, ((p.bit+p.typ.BitSize-1)/64+1)*8)
	g.a.load(rDI, rBP, addrAt, 8, false)
	g.copy(rBP, buf+int32(lo), rDI, int32(lo), hi-lo)
}

// addr leaves the address of e in rax, evaluating it into a temporary
// first when it is not a place.
func (g *x86Gen) addr(e lang.Expr) {
	switch e := e.(type) {
	case *lang.LocalRef:
		off, ok := g.slots[e.Local]
		if !ok {
			g.fail(e.Pos, "unknown local %s", e.Local.Name)
			return
		}
		g.a.lea(rAX, rBP, off)
		return
	case *lang.GlobalRef:
		if e.Decl.ThreadLocal {
			g.a.leaTLS(rAX, e.Decl.Symbol(), 0)
		} else {
			g.a.leaSym(rAX, e.Decl.Symbol(), 0)
		}
		return
	case *lang.FieldExpr:
		if addressable(e.X) {
			g.addr(e.X)
			if off := g.fieldOffset(e); off != 0 {
				g.a.addImm(rAX, int32(off))
			}
			return
		}
	case *lang.IndexExpr:
		if addressable(e.X) {
			g.addr(e.X)
			save := g.tempSlot(g.ts.Usize)
			g.a.store(rAX, rBP, save, 8)
			g.indexInto(e.Index, e.Type.Size)
			g.a.load(rAX, rBP, save, 8, false)
			g.a.aluRR(aluAdd, rAX, rCX)
			return
		}
	}
	tmp := g.tempSlot(e.ExprType())
	g.eval(e, rBP, tmp)
	g.a.lea(rAX, rBP, tmp)
}

// indexInto evaluates index and leaves index*elemSize in rcx.
func (g *x86Gen) indexInto(index lang.Expr, elemSize uint64) {
	it := index.ExprType()
	tmp := g.tempSlot(it)
	g.eval(index, rBP, tmp)
	g.a.load(rCX, rBP, tmp, min(max(it.Size, 1), 8), false)
	if elemSize != 1 {
		g.a.movImm64(rDX, elemSize)
		g.a.imulRR(rCX, rDX)
	}
}

func (g *x86Gen) fieldOffset(e *lang.FieldExpr) uint64 {
	t := e.X.ExprType()
	if e.Field < 0 || e.Field >= len(t.Fields) {
		g.fail(e.Pos, "field %d out of range", e.Field)
		return 0
	}
	if t.Layout == lang.LayoutPacked {
		g.fail(e.Pos, "fields of packed structs are not supported at run time")
		return 0
	}
	return t.Fields[e.Field].Offset
}

// eval stores the value of e at [base+off]; base is rbp or rsp.
func (g *x86Gen) eval(e lang.Expr, base reg, off int32) {
	if g.err != nil {
		return
	}
	t := e.ExprType()
	switch e := e.(type) {
	case *lang.Const:
		g.constant(e.Value, base, off)
	case *lang.LocalRef, *lang.GlobalRef, *lang.FieldExpr, *lang.IndexExpr:
		if t.Size == 0 {
			return
		}
		if fe, ok := e.(*lang.FieldExpr); ok && packedField(fe) {
			g.packedRead(fe, base, off)
			return
		}
		g.addr(e)
		g.a.movRR(rSI, rAX)
		g.copy(rSI, 0, base, off, t.Size)
	case *lang.AddrOf:
		g.addr(e.X)
		g.a.store(rAX, base, off, 8)
	case *lang.Binary:
		g.binary(e, base, off)
	case *lang.Unary:
		g.unary(e, base, off)
	case *lang.Call:
		g.call(e, base, off)
	case *lang.Aggregate:
		g.aggregate(e, base, off)
	case *lang.Convert:
		g.convert(e, base, off)
	default:
		g.fail(e.ExprPos(), "expression %T is not supported", e)
	}
}

// loadInt evaluates an integer-like e and leaves it in r, extended from
// its bits by its signedness (the low word of a wider one).
func (g *x86Gen) loadInt(e lang.Expr, r reg) {
	t := e.ExprType()
	tmp := g.tempSlot(t)
	g.eval(e, rBP, tmp)
	if t.Size == 0 {
		g.a.zero(r)
		return
	}
	n := min(t.Size, 8)
	bits, signed := intRepr(t)
	g.a.load(r, rBP, tmp, n, signed)
	if uint64(bits) < n*8 {
		g.extend(r, uint64(bits), signed)
	}
}

func (g *x86Gen) storeInt(t *lang.Type, base reg, off int32) {
	g.normalize(t)
	if t.Size > 0 {
		g.storePartial(rAX, base, off, min(t.Size, 8))
	}
}

func (g *x86Gen) binary(e *lang.Binary, base reg, off int32) {
	t := e.Type
	if t.Size > 8 && t.Kind == lang.KindInt {
		g.wideBinary(e, base, off)
		return
	}
	if t.Size > 8 || t.Kind != lang.KindInt {
		g.fail(e.Pos, "operator on %s is not supported", t.Name)
		return
	}
	x := g.tempSlot(g.ts.Usize)
	g.loadInt(e.X, rAX)
	g.a.store(rAX, rBP, x, 8)
	g.loadInt(e.Y, rCX)
	g.a.load(rAX, rBP, x, 8, false)
	switch e.Op {
	case lang.OpAdd, lang.OpAddWrap:
		g.a.aluRR(aluAdd, rAX, rCX)
	case lang.OpSub, lang.OpSubWrap:
		g.a.aluRR(aluSub, rAX, rCX)
	case lang.OpMul, lang.OpMulWrap:
		g.a.imulRR(rAX, rCX)
	case lang.OpAnd:
		g.a.aluRR(aluAnd, rAX, rCX)
	case lang.OpOr:
		g.a.aluRR(aluOr, rAX, rCX)
	case lang.OpXor:
		g.a.aluRR(aluXor, rAX, rCX)
	case lang.OpShl:
		g.a.shiftCL(extShl, rAX)
	case lang.OpShr:
		if t.Signed {
			g.a.shiftCL(extSar, rAX)
		} else {
			g.a.shiftCL(extShr, rAX)
		}
	case lang.OpDiv, lang.OpMod:
		if t.Signed {
			g.a.bytes(0x48, 0x99) // cqo
			g.a.group3(extIdv, rCX)
		} else {
			g.a.zero(rDX)
			g.a.group3(extDiv, rCX)
		}
		if e.Op == lang.OpMod {
			g.a.movRR(rAX, rDX)
		}
	default:
		g.fail(e.Pos, "operator %d is not supported", e.Op)
		return
	}
	g.storeInt(t, base, off)
}

// wideBinary computes an operator on integers wider than 64 bits word
// by word in memory (little-endian 64-bit words): add and subtract with
// the carry chained through adc/sbb, bitwise operators per word, and
// multiplication as the low words of a schoolbook product.
func (g *x86Gen) wideBinary(e *lang.Binary, base reg, off int32) {
	t := e.Type
	n := int32(t.Size / 8)
	x, y, res := g.tempSlot(t), g.tempSlot(t), g.tempSlot(t)
	g.eval(e.X, rBP, x)
	g.eval(e.Y, rBP, y)
	switch e.Op {
	case lang.OpAdd, lang.OpAddWrap, lang.OpSub, lang.OpSubWrap, lang.OpAnd, lang.OpOr, lang.OpXor:
		ops := map[lang.BinaryOp][2]byte{ // the first word's, the others'
			lang.OpAdd: {aluAdd, aluAdc}, lang.OpAddWrap: {aluAdd, aluAdc},
			lang.OpSub: {aluSub, aluSbb}, lang.OpSubWrap: {aluSub, aluSbb},
			lang.OpAnd: {aluAnd, aluAnd}, lang.OpOr: {aluOr, aluOr}, lang.OpXor: {aluXor, aluXor},
		}[e.Op]
		g.wordChain(ops[0], ops[1], n, x, y, res)
	case lang.OpMul, lang.OpMulWrap:
		g.zeroRange(rBP, res, t.Size)
		for i := int32(0); i < n; i++ {
			g.a.zero(r8) // the carry word
			for j := int32(0); i+j < n; j++ {
				g.a.load(rAX, rBP, x+8*i, 8, false)
				g.a.load(rCX, rBP, y+8*j, 8, false)
				g.a.group3(extMul, rCX) // rdx:rax = rax * rcx
				g.a.aluRR(aluAdd, rAX, r8)
				g.a.adcZero(rDX)
				g.a.load(rCX, rBP, res+8*(i+j), 8, false)
				g.a.aluRR(aluAdd, rAX, rCX)
				g.a.adcZero(rDX)
				g.a.store(rAX, rBP, res+8*(i+j), 8)
				g.a.movRR(r8, rDX)
			}
		}
	case lang.OpShl, lang.OpShr:
		g.wideShift(e.Op, t, x, y, e.Y.ExprType(), res)
	case lang.OpDiv, lang.OpMod:
		if t.Signed {
			g.fail(e.Pos, "operator on %s is not supported", t.Name)
			return
		}
		g.wideDivide(e.Op, t, x, y, res)
	default:
		g.fail(e.Pos, "operator on %s is not supported", t.Name)
		return
	}
	g.wideNormalize(t, res)
	g.copy(rBP, res, base, off, t.Size)
}

// wordChain computes [rbp+res] = [rbp+x] op [rbp+y] over n
// little-endian words, the first with op first and the others with
// rest: adc and sbb chain the carry, as the loads and stores between
// them leave the flags alone.
func (g *x86Gen) wordChain(first, rest byte, n, x, y, res int32) {
	for i := int32(0); i < n; i++ {
		op := rest
		if i == 0 {
			op = first
		}
		g.a.load(rAX, rBP, x+8*i, 8, false)
		g.a.load(rCX, rBP, y+8*i, 8, false)
		g.a.aluRR(op, rAX, rCX)
		g.a.store(rAX, rBP, res+8*i, 8)
	}
}

// wideDivide divides the unsigned n-word integers at [rbp+x] by
// [rbp+y] into [rbp+res] (the quotient for /, the remainder for %) by
// restoring division, one bit a turn of a loop of 64n turns: shift the
// pair (remainder:quotient) left by one, subtract the divisor from the
// remainder, and keep the difference (and set the quotient's low bit)
// when nothing was borrowed, chosen by a mask rather than a branch.
// (Zig has no signed / and % for these types, only builtins.)
func (g *x86Gen) wideDivide(op lang.BinaryOp, t *lang.Type, x, y, res int32) {
	n := int32(t.Size / 8)
	// the quotient's words, then the remainder's
	quo := g.tempBytes(uint64(16*n), 8)
	rem, diff := quo+8*n, g.tempSlot(t)
	g.copy(rBP, x, rBP, quo, t.Size)
	g.zeroRange(rBP, rem, t.Size)
	g.a.movImm64(r10, uint64(64*n))
	loop := g.a.pc()
	g.wordChain(aluAdd, aluAdc, 2*n, quo, quo, quo) // shifted left by one
	// a bit carried out of the remainder makes it larger than any divisor
	g.a.aluRR(aluSbb, r9, r9)
	g.wordChain(aluSub, aluSbb, n, rem, y, diff)
	g.a.aluRR(aluSbb, r11, r11) // all ones when the divisor did not fit
	g.a.group3(extNot, r11)
	g.a.aluRR(aluOr, r11, r9)
	g.a.movRR(rDX, r11)
	g.a.group3(extNot, rDX)
	for i := int32(0); i < n; i++ {
		g.a.load(rAX, rBP, diff+8*i, 8, false)
		g.a.aluRR(aluAnd, rAX, r11)
		g.a.load(rCX, rBP, rem+8*i, 8, false)
		g.a.aluRR(aluAnd, rCX, rDX)
		g.a.aluRR(aluOr, rAX, rCX)
		g.a.store(rAX, rBP, rem+8*i, 8)
	}
	g.a.movRR(rCX, r11)
	g.a.shiftImm(extShr, rCX, 63)
	g.a.load(rAX, rBP, quo, 8, false)
	g.a.aluRR(aluOr, rAX, rCX)
	g.a.store(rAX, rBP, quo, 8)
	g.a.addImm(r10, -1)
	g.a.jnzBack(loop)
	if op == lang.OpDiv {
		g.copy(rBP, quo, rBP, res, t.Size)
	} else {
		g.copy(rBP, rem, rBP, res, t.Size)
	}
}

// wideShift shifts the n-word integer of type t at [rbp+x] by the count
// of type ct at [rbp+y] into [rbp+res]. The value goes into a buffer
// padded with 2n words of what shifts in (zeros, or copies of the sign
// for >> on a signed type), so that result word i is the pair of
// buffer words the count's word part selects, run through shld/shrd by
// its bit part. A count of at most twice the width (all its type can
// hold) stays inside the buffer.
func (g *x86Gen) wideShift(op lang.BinaryOp, t *lang.Type, x, y int32, ct *lang.Type, res int32) {
	n := int32(t.Size / 8)
	buf := g.tempBytes(uint64(3*n+1)*8, 8)
	g.zeroRange(rBP, buf, uint64(3*n+1)*8)
	start := int32(0) // the buffer word of the value's word 0
	if op == lang.OpShl {
		start = 2 * n
	}
	g.copy(rBP, x, rBP, buf+8*start, t.Size)
	if op == lang.OpShr && t.Signed {
		g.extendWords(buf, 3*n+1, uint64(t.Bits), true)
	}
	g.a.load(rCX, rBP, y, min(max(ct.Size, 1), 8), false)
	g.a.movRR(rDX, rCX)
	g.a.shiftImm(extShr, rDX, 6)
	g.a.shiftImm(extShl, rDX, 3) // the count's whole words, in bytes
	g.a.lea(rSI, rBP, buf)
	if op == lang.OpShl {
		g.a.aluRR(aluSub, rSI, rDX)
	} else {
		g.a.aluRR(aluAdd, rSI, rDX)
	}
	for i := int32(0); i < n; i++ {
		if op == lang.OpShl {
			g.a.load(rAX, rSI, 8*(start+i), 8, false)
			g.a.load(rDX, rSI, 8*(start+i-1), 8, false)
			g.a.shiftDouble(dblShl, rAX, rDX)
		} else {
			g.a.load(rAX, rSI, 8*i, 8, false)
			g.a.load(rDX, rSI, 8*(i+1), 8, false)
			g.a.shiftDouble(dblShr, rAX, rDX)
		}
		g.a.store(rAX, rBP, res+8*i, 8)
	}
}

// wideNormalize truncates a wide integer of type t at [rbp+at] to t's
// bits, the bits above them zero (see normalize).
func (g *x86Gen) wideNormalize(t *lang.Type, at int32) {
	g.extendWords(at, int32(t.Size/8), uint64(t.Bits), false)
}

// wideUnary computes ~x or -x on an integer wider than 64 bits: -x is
// 0 - x with the borrow chained.
func (g *x86Gen) wideUnary(e *lang.Unary, base reg, off int32) {
	t := e.Type
	n := int32(t.Size / 8)
	x, res := g.tempSlot(t), g.tempSlot(t)
	g.eval(e.X, rBP, x)
	for i := int32(0); i < n; i++ {
		g.a.load(rCX, rBP, x+8*i, 8, false)
		if e.Op == lang.OpNot {
			g.a.group3(extNot, rCX)
			g.a.store(rCX, rBP, res+8*i, 8)
			continue
		}
		g.a.movImm64(rAX, 0) // mov, not xor: the borrow must survive
		op := byte(aluSbb)
		if i == 0 {
			op = aluSub
		}
		g.a.aluRR(op, rAX, rCX)
		g.a.store(rAX, rBP, res+8*i, 8)
	}
	g.wideNormalize(t, res)
	g.copy(rBP, res, base, off, t.Size)
}

func (g *x86Gen) unary(e *lang.Unary, base reg, off int32) {
	t := e.Type
	if t.Size > 8 && t.Kind == lang.KindInt && (e.Op == lang.OpNot || e.Op == lang.OpNeg || e.Op == lang.OpNegWrap) {
		g.wideUnary(e, base, off)
		return
	}
	if t.Size > 8 || (t.Kind != lang.KindInt && t.Kind != lang.KindBool) {
		g.fail(e.Pos, "operator on %s is not supported", t.Name)
		return
	}
	g.loadInt(e.X, rAX)
	switch e.Op {
	case lang.OpNeg, lang.OpNegWrap:
		g.a.group3(extNeg, rAX)
	case lang.OpNot:
		g.a.group3(extNot, rAX)
	case lang.OpBoolNot:
		g.a.bytes(0x48, 0x83, 0xf0, 0x01) // xor rax, 1
	}
	g.storeInt(t, base, off)
}

func (g *x86Gen) call(e *lang.Call, base reg, off int32) {
	fd := e.Fn
	if fd.Func == nil || fd.Type == nil {
		g.fail(e.Pos, "call of %s without a body", fd.Name)
		return
	}
	f := fd.Func
	ret := f.Ret
	hidden := ret.Size > 16
	if f.CC == lang.CallConvC && hasFloat(ret) {
		g.fail(e.Pos, "callconv(.C) floating-point return values are not supported")
		return
	}
	types := paramTypes(f)
	if len(types) != len(e.Args) {
		g.fail(e.Pos, "call of %s with %d arguments, want %d", fd.Name, len(e.Args), len(types))
		return
	}
	places, stack, err := planArgs(types, f.CC, hidden)
	if err != nil {
		g.fail(e.Pos, "%v", err)
		return
	}
	g.outArgs = max(g.outArgs, int32(align.Forward(uint64(stack), 16)))
	tmps := make([]int32, len(e.Args))
	for i, a := range e.Args {
		tmps[i] = g.tempSlot(types[i])
		g.eval(a, rBP, tmps[i])
	}
	var res int32
	if base == rBP {
		res = off
	} else {
		res = g.tempSlot(ret)
	}
	for i, pl := range places {
		if pl.regs == nil && pl.stack >= 0 {
			g.copy(rBP, tmps[i], rSP, pl.stack, types[i].Size)
		}
	}
	for i, pl := range places {
		if pl.xmm > 0 {
			// 16 bytes from the argument's slot: the value in the low ones
			g.a.movdquLoad(pl.xmm-1, rBP, tmps[i])
		}
		for k, r := range pl.regs {
			g.loadWord(r, rBP, tmps[i]+int32(k*8), min(types[i].Size-uint64(k)*8, 8))
		}
	}
	if hidden {
		g.a.lea(rDI, rBP, res)
	}
	g.a.call(fd.Symbol())
	switch {
	case ret.Size == 0 || hidden:
	case ret.Size <= 8:
		g.storePartial(rAX, rBP, res, ret.Size)
	default:
		g.a.store(rAX, rBP, res, 8)
		g.storePartial(rDX, rBP, res+8, ret.Size-8)
	}
	if base != rBP {
		g.copy(rBP, res, base, off, ret.Size)
	}
}

func (g *x86Gen) aggregate(e *lang.Aggregate, base reg, off int32) {
	t := e.Type
	// Defined padding: clear the whole value first.
	g.zeroRange(base, off, t.Size)
	switch t.Kind {
	case lang.KindArray:
		for i, el := range e.Elems {
			g.eval(el, base, off+int32(uint64(i)*t.Elem.Size))
		}
	case lang.KindStruct:
		if t.Layout == lang.LayoutPacked {
			buf := g.packedBuffer(t.Size)
			for i, el := range e.Elems {
				if el == nil || i >= len(t.Fields) {
					continue
				}
				f := t.Fields[i]
				tmp := g.tempSlot(f.Type)
				g.eval(el, rBP, tmp)
				g.packedInsert(buf, f.BitOffset, f.Type, tmp)
			}
			g.copy(rBP, buf, base, off, t.Size)
			return
		}
		for i, el := range e.Elems {
			if el == nil || i >= len(t.Fields) || t.Fields[i].Comptime {
				continue
			}
			g.eval(el, base, off+int32(t.Fields[i].Offset))
		}
	default:
		g.fail(e.Pos, "aggregate of %s is not supported", t.Name)
	}
}

func (g *x86Gen) convert(e *lang.Convert, base reg, off int32) {
	to, from := e.Type, e.X.ExprType()
	switch {
	case to.Kind == lang.KindInt && from.Kind == lang.KindInt && max(to.Size, from.Size) > 8:
		// word by word: extended from the source's bits, then cut to
		// the target's
		n := int32(align.Forward(to.Size, 8) / 8)
		src := g.tempSlot(from)
		g.eval(e.X, rBP, src)
		res := g.tempBytes(uint64(n)*8, 8)
		g.zeroRange(rBP, res, uint64(n)*8)
		g.copy(rBP, src, rBP, res, min(from.Size, to.Size))
		g.extendWords(res, n, uint64(from.Bits), from.Signed)
		g.extendWords(res, n, uint64(to.Bits), false)
		g.copy(rBP, res, base, off, to.Size)
	case to.Kind == lang.KindInt && from.Kind == lang.KindInt:
		g.loadInt(e.X, rAX)
		g.storeInt(to, base, off)
	case to.Kind == lang.KindOptional && from.Kind != lang.KindOptional:
		g.eval(e.X, base, off)
		if !lang.OptionalIsPointer(to.Elem) && to.Size > from.Size {
			for i := from.Size; i < to.Size; i++ {
				v := uint32(0)
				if i == from.Size {
					v = 1
				}
				g.a.storeImm(base, off+int32(i), 1, v)
			}
		}
	case to.Kind == lang.KindErrorUnion && from.Kind == lang.KindErrorSet:
		g.zeroRange(base, off, to.Size)
		g.eval(e.X, base, off+int32(lang.ErrUnionErrorOffset(to)))
	case to.Kind == lang.KindErrorUnion:
		g.zeroRange(base, off, to.Size)
		g.eval(e.X, base, off+int32(lang.ErrUnionPayloadOffset(to)))
	case to.Kind == lang.KindPointer && from.Kind == lang.KindPointer && to.Ptr == lang.PtrSlice && from.Ptr == lang.PtrOne:
		g.eval(e.X, base, off)
		n := uint64(0)
		if from.Elem.Kind == lang.KindArray {
			n = from.Elem.Len
		}
		g.a.movImm64(rAX, n)
		g.a.store(rAX, base, off+8, 8)
	case to.Size == from.Size && !(to.Kind == lang.KindFloat) && !(from.Kind == lang.KindFloat):
		// Same representation: pointer qualifiers, error sets, void.
		g.eval(e.X, base, off)
	default:
		g.fail(e.Pos, "conversion from %s to %s is not supported", from.Name, to.Name)
	}
}

// zeroRange clears size bytes at [base+off].
func (g *x86Gen) zeroRange(base reg, off int32, size uint64) {
	g.a.zero(rAX)
	pieces(size, func(done, n uint64) {
		g.a.store(rAX, base, off+int32(done), n)
	})
}

// genX86_64 compiles one function's statements.
func genX86_64(ts *lang.Types, d *lang.Decl, stop *codegen.Stop) (codegen.Body, error) {
	body, rows, vars, err := genX86Func(ts, d, stop)
	if err != nil {
		return codegen.Body{}, err
	}
	body.Rows, body.Vars = rows, vars
	return body, nil
}

// Generator returns the x86-64 generator of whole function bodies: the
// minimal x86_64 generator's layout (alignment, padding, frame base) with
// every function's statements compiled.
func Generator() (*codegen.Generator, error) {
	g, err := codegen.Minimal(target.X86_64)
	if err != nil {
		return nil, err
	}
	g.Func = genX86_64
	return g, nil
}

// CodeGen compiles every function's statements to x86_64 machine code (a
// stack frame, a line row per statement, a frame location for every
// parameter and local), as executables need. It supports integers of
// every width in arithmetic; codegen.CodeGen's empty bodies stay the
// objects' code until it covers the whole language.
func CodeGen(prog *lang.Program, arch *target.Arch) (*codegen.Code, error) {
	return CodeGenStop(prog, arch, nil)
}

// CodeGenStop is CodeGen stopped by stop (nil: never): it steps stop
// before every function and statement (codegen.Generator.Compile), and
// its code never grows past the room stop leaves it.
func CodeGenStop(prog *lang.Program, arch *target.Arch, stop *codegen.Stop) (*codegen.Code, error) {
	if arch == nil || arch.Name != target.X86_64.Name {
		return nil, fmt.Errorf("linkcore: function bodies are compiled for x86_64 only")
	}
	g, err := Generator()
	if err != nil {
		return nil, err
	}
	return g.Compile(prog, stop)
}
