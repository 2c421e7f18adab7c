// Package wasm32 is the WebAssembly code generator: it compiles the
// language's integer core to the contents of a module's code section,
// with line rows and local locations for the DWARF emitter.
package wasm32

import (
	"bytes"
	"context"
	"fmt"
	"math/big"

	"github.com/dwarfscope/dwarfscope/internal/leb128"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/linkcore/codegen"
)

// WebAssembly value types and opcodes the code generator uses.
const (
	valI32 = 0x7f
	valI64 = 0x7e

	opUnreachable = 0x00
	opEnd         = 0x0b
	opReturn      = 0x0f
	opCall        = 0x10
	opDrop        = 0x1a
	opLocalGet    = 0x20
	opLocalSet    = 0x21
	opLocalTee    = 0x22
	opGlobalGet   = 0x23
	opSelect      = 0x1b
	opLoop        = 0x03
	opBrIf        = 0x0d
	blockEmpty    = 0x40
	opI32Const    = 0x41
	opI64Const    = 0x42
	opI32Eqz      = 0x45
	opI32Add      = 0x6a
	opI32Sub      = 0x6b
	opI64Load     = 0x29
	opI64Store    = 0x37
	opI64Ne       = 0x52
	opI64LtU      = 0x54
	opI64GeU      = 0x5a
	opI64Add      = 0x7c
	opI64Sub      = 0x7d
	opI64Mul      = 0x7e
	opI64And      = 0x83
	opI64Or       = 0x84
	opI64Xor      = 0x85
	opI64Shl      = 0x86
	opI64ShrS     = 0x87
	opI64ShrU     = 0x88
	opI32WrapI64  = 0xa7
	opI64ExtendS  = 0xac // i64.extend_i32_s
	opI64ExtendU  = 0xad // i64.extend_i32_u
	funcTypeTag   = 0x60
)

// Arithmetic opcodes by value type: i32 first, i64 second.
var arith = map[lang.BinaryOp][2]byte{
	lang.OpAdd: {0x6a, 0x7c}, lang.OpAddWrap: {0x6a, 0x7c},
	lang.OpSub: {0x6b, 0x7d}, lang.OpSubWrap: {0x6b, 0x7d},
	lang.OpMul: {0x6c, 0x7e}, lang.OpMulWrap: {0x6c, 0x7e},
	lang.OpAnd: {0x71, 0x83}, lang.OpOr: {0x72, 0x84}, lang.OpXor: {0x73, 0x85},
	lang.OpShl: {0x74, 0x86},
}

// Signed and unsigned variants: div, rem, shr.
var (
	opDiv = [2][2]byte{{0x6e, 0x80}, {0x6d, 0x7f}} // [signed][i64]: div_u, div_s
	opRem = [2][2]byte{{0x70, 0x82}, {0x6f, 0x81}}
	opShr = [2][2]byte{{0x76, 0x88}, {0x75, 0x87}}
)

// Loads and stores by size: [size]{i32 op, i64 op} for unsigned loads;
// signed loads are the next opcode.
var (
	loadOp  = map[uint64][2]byte{1: {0x2d, 0x31}, 2: {0x2f, 0x33}, 4: {0x28, 0x35}, 8: {0, 0x29}}
	loadOpS = map[uint64][2]byte{1: {0x2c, 0x30}, 2: {0x2e, 0x32}, 4: {0x28, 0x34}, 8: {0, 0x29}}
	storeOp = map[uint64][2]byte{1: {0x3a, 0x3c}, 2: {0x3b, 0x3d}, 4: {0x36, 0x3e}, 8: {0, 0x37}}
)

// CodeGen compiles every function of prog to WebAssembly: the contents
// of the code section (the function count, then each body with its size),
// one line row per statement at its code-section offset, and a
// WebAssembly local location (dwarfcore.InWasmLocal) for every parameter and local. The subset is the
// language's integer core: parameters and locals of integer and bool
// types (i32 up to 32 bits, i64 up to 64, and wider integers in i64
// limbs: see wide.go), integer expressions kept normalised to their bit
// width, globals and thread-locals in linear memory (thread-locals at
// __tls_base plus their offset, as the WebAssembly tool conventions
// have it), direct calls and return. A function outside it gets a body
// that traps (`unreachable`), and the reason is listed in
// Code.Unsupported.
func CodeGen(prog *lang.Program) (*codegen.Code, error) {
	return CodeGenContext(context.Background(), prog)
}

// CodeGenContext is CodeGen stopped once ctx is done: it looks at ctx
// before each function and each of its statements, and returns no code
// but an error that wraps ctx's error and says where it stopped.
func CodeGenContext(ctx context.Context, prog *lang.Program) (*codegen.Code, error) {
	c := &codegen.Code{Arch: target.Wasm32, Align: 1, FuncTypes: map[string][]byte{}}
	var bodies [][]byte
	var fixups [][]codegen.Fixup
	var defined []*lang.Decl
	for _, d := range prog.Decls {
		if d.Kind != lang.DeclFunc || d.Func == nil {
			continue
		}
		c.FuncTypes[d.Symbol()] = funcType(d)
		if !codegen.HasBody(d) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, &stopError{d.Name, lang.Pos{Line: d.Line, Col: d.Col}, err}
		}
		g := &gen{ctx: ctx, decl: d}
		if err := g.function(); err != nil {
			if stop, ok := err.(*stopError); ok {
				return nil, stop
			}
			// Outside the subset: a body that traps, with the row of its
			// opening brace, so the function still has its place and
			// its debug information.
			g = &gen{decl: d, code: []byte{0, opUnreachable, opEnd}}
			g.rows = []dwarfcore.LineRow{{PC: 0, Line: d.Func.Body.Line, Col: d.Func.Body.Col, Stmt: true}}
			c.Unsupported = append(c.Unsupported, err.Error())
		}
		bodies = append(bodies, g.code)
		fixups = append(fixups, g.fixups)
		defined = append(defined, d)
		c.Debug = append(c.Debug, dwarfcore.FuncCode{Decl: d, Size: uint64(len(g.code)), Rows: g.rows, Vars: g.vars})
	}
	c.Text = leb128.AppendUnsigned(nil, uint64(len(bodies)))
	for i, body := range bodies {
		c.Text = leb128.AppendUnsigned(c.Text, uint64(len(body)))
		off := uint64(len(c.Text))
		c.Text = append(c.Text, body...)
		for _, r := range fixups[i] {
			r.Offset += off
			c.Fixups = append(c.Fixups, r)
		}
		d := defined[i]
		c.Funcs = append(c.Funcs, codegen.Function{Decl: d, Symbol: d.Symbol(), Offset: off, Size: uint64(len(body))})
	}
	return c, nil
}

// abiTypes is how a parameter or result of type t travels: its value
// types (one, n i64 limbs for a wide integer, none for void), or,
// outside the subset, one i32 (the address of the value, as the C ABI
// passes aggregates), with ok false.
func abiTypes(t *lang.Type) (vts []byte, ok bool) {
	if n := limbs(t); n > 0 {
		return bytes.Repeat([]byte{valI64}, n), true
	}
	vt, err := valType(t)
	if err != nil {
		return []byte{valI32}, false
	}
	if vt == 0 {
		return nil, true
	}
	return []byte{vt}, true
}

// valType is the WebAssembly type of a value of t, 0 for none (void).
func valType(t *lang.Type) (byte, error) {
	switch {
	case t == nil || t.Kind == lang.KindVoid || t.Kind == lang.KindNoreturn:
		return 0, nil
	case t.Kind != lang.KindInt && t.Kind != lang.KindBool:
		return 0, fmt.Errorf("type %s is outside the WebAssembly code generator's subset (integers and bool)", t)
	case t.Size == 0:
		return 0, fmt.Errorf("zero-bit type %s is outside the WebAssembly code generator's subset", t)
	case t.Size <= 4:
		return valI32, nil
	case t.Size <= 8:
		return valI64, nil
	}
	return 0, fmt.Errorf("type %s is wider than 64 bits", t)
}

// funcType encodes d's signature as a type-section entry (abiTypes for
// each parameter and the result: a wide result is several, which
// WebAssembly's multi-value returns carry).
func funcType(d *lang.Decl) []byte {
	b := []byte{funcTypeTag}
	var params []byte
	for _, p := range d.Func.Params {
		vts, _ := abiTypes(p.Type)
		params = append(params, vts...)
	}
	b = append(leb128.AppendUnsigned(b, uint64(len(params))), params...)
	rts, _ := abiTypes(d.Func.Ret)
	return append(leb128.AppendUnsigned(b, uint64(len(rts))), rts...)
}

// gen compiles one function.
type gen struct {
	ctx    context.Context
	decl   *lang.Decl
	code   []byte
	fixups []codegen.Fixup
	rows   []dwarfcore.LineRow
	vars   []dwarfcore.VarLoc
	// local is the (first) WebAssembly local of each parameter and
	// local; ltype its value type (i64 for a wide integer's limbs).
	local map[*lang.Local]uint32
	ltype map[*lang.Local]byte
	// nparams counts the WebAssembly parameters; declared lists the
	// value types of the locals after them (the function's locals, then
	// the temporaries), in index order.
	nparams  uint32
	declared []byte
	// temps are the temporaries of each value type ([index(vt)]) made so
	// far; inUse counts those the current statement took.
	temps [2][]uint32
	inUse [2]int
}

type genError struct {
	pos lang.Pos
	msg string
}

func (e *genError) Error() string {
	return fmt.Sprintf("%d:%d: error: %s", e.pos.Line, e.pos.Col, e.msg)
}

// stopError is a code generation stopped by its context, before
// function fn or a statement of it at pos.
type stopError struct {
	fn  string
	pos lang.Pos
	err error
}

func (e *stopError) Error() string {
	return fmt.Sprintf("linkcore: WebAssembly code generator stopped before %d:%d (in %s): %v", e.pos.Line, e.pos.Col, e.fn, e.err)
}

func (e *stopError) Unwrap() error { return e.err }

func (g *gen) fail(pos lang.Pos, format string, args ...any) {
	panic(&genError{pos, fmt.Sprintf(format, args...)})
}

// function compiles the body, then puts the locals declaration before it
// (the temporaries are known only at the end).
func (g *gen) function() (err error) {
	defer func() {
		if r := recover(); r != nil {
			switch r := r.(type) {
			case *genError:
				err = r
			case *stopError:
				err = r
			default:
				panic(r)
			}
		}
	}()
	f := g.decl.Func
	g.local, g.ltype = map[*lang.Local]uint32{}, map[*lang.Local]byte{}
	for _, p := range f.Params {
		if _, ok := abiTypes(p.Type); !ok {
			g.fail(lang.Pos{Line: p.Line, Col: p.Col}, "parameter %s of type %s is outside the WebAssembly code generator's subset", p.Name, p.Type)
		}
	}
	if _, ok := abiTypes(f.Ret); !ok {
		g.fail(lang.Pos{Line: g.decl.Line, Col: g.decl.Col}, "result type %s is outside the WebAssembly code generator's subset", f.Ret)
	}
	// Parameters first (their WebAssembly parameters in order), then
	// the other locals.
	for _, p := range f.Params {
		vts, _ := abiTypes(p.Type)
		if len(vts) > 0 {
			g.local[p], g.ltype[p] = g.nparams, vts[0]
		}
		g.nparams += uint32(len(vts))
	}
	for _, l := range f.Locals {
		if l.Param {
			continue
		}
		vts, ok := abiTypes(l.Type)
		if !ok {
			_, err := valType(l.Type)
			g.fail(lang.Pos{Line: l.Line, Col: l.Col}, "%s: %v", l.Name, err)
		}
		if len(vts) == 0 {
			continue
		}
		g.local[l], g.ltype[l] = g.nparams+uint32(len(g.declared)), vts[0]
		g.declared = append(g.declared, vts...)
	}
	for _, l := range f.Locals {
		idx, ok := g.local[l]
		if !ok {
			continue
		}
		loc := dwarfcore.InWasmLocal(idx)
		if n := limbs(l.Type); n > 0 {
			loc = dwarfcore.InWasmLocals(idx, uint32(n))
		}
		g.vars = append(g.vars, dwarfcore.VarLoc{Local: l, Loc: loc})
	}
	body := f.Body
	g.row(lang.Pos{Line: body.Line, Col: body.Col})
	g.block(body)
	g.row(lang.Pos{Line: body.EndLine, Col: body.EndCol})
	if rts, _ := abiTypes(f.Ret); len(rts) > 0 {
		g.code = append(g.code, opUnreachable)
	}
	g.code = append(g.code, opEnd)

	// Locals declaration: one run per stretch of locals of one type.
	var decl []byte
	var runs [][2]uint64
	for _, vt := range g.declared {
		if n := len(runs); n > 0 && runs[n-1][1] == uint64(vt) {
			runs[n-1][0]++
			continue
		}
		runs = append(runs, [2]uint64{1, uint64(vt)})
	}
	decl = leb128.AppendUnsigned(decl, uint64(len(runs)))
	for _, r := range runs {
		decl = append(leb128.AppendUnsigned(decl, r[0]), byte(r[1]))
	}
	shift := uint64(len(decl))
	g.code = append(decl, g.code...)
	for i := range g.rows {
		g.rows[i].PC += shift
	}
	for i := range g.fixups {
		g.fixups[i].Offset += shift
	}
	return nil
}

// temp returns a local of value type vt that no other value of the
// current statement uses.
func (g *gen) temp(vt byte) uint32 {
	i := index(vt)
	if g.inUse[i] == len(g.temps[i]) {
		g.temps[i] = append(g.temps[i], g.nparams+uint32(len(g.declared)))
		g.declared = append(g.declared, vt)
	}
	g.inUse[i]++
	return g.temps[i][g.inUse[i]-1]
}

// row starts a line row at the current offset; a row at the same offset
// replaces the previous one.
func (g *gen) row(pos lang.Pos) {
	pc := uint64(len(g.code))
	r := dwarfcore.LineRow{PC: pc, Line: pos.Line, Col: pos.Col, Stmt: true}
	if n := len(g.rows); n > 0 && g.rows[n-1].PC == pc {
		g.rows[n-1] = r
		return
	}
	g.rows = append(g.rows, r)
}

func (g *gen) block(b *lang.Block) {
	for _, s := range b.Stmts {
		if err := g.ctx.Err(); err != nil {
			panic(&stopError{g.decl.Name, s.StmtPos(), err})
		}
		g.row(s.StmtPos())
		g.inUse = [2]int{} // a statement's temporaries are free after it
		g.stmt(s)
	}
}

func (g *gen) stmt(s lang.Stmt) {
	switch s := s.(type) {
	case *lang.VarStmt:
		if s.Init != nil {
			g.setLocal(s.Local, s.Init)
		}
	case *lang.AssignStmt:
		switch t := s.Target.(type) {
		case *lang.LocalRef:
			g.setLocal(t.Local, s.Value)
		case *lang.GlobalRef:
			if limbs(t.Decl.Type) > 0 {
				g.storeWide(t, g.wide(s.Value))
				break
			}
			vt := g.globalType(t)
			g.address(t.Decl)
			g.expr(s.Value, vt)
			if bits := t.Decl.Type.Bits; t.Decl.Type.Kind == lang.KindInt && uint64(bits) < 8*t.Decl.Type.Size {
				// stored as Zig 0.11 stores it: the bits above zero
				g.mask(vt, bits)
			}
			op := storeOp[t.Decl.Type.Size][index(vt)]
			g.code = append(g.code, op, alignLog2(t.Decl.Type.Size), 0)
		default:
			g.fail(s.Pos, "assignment to this target is outside the WebAssembly code generator's subset")
		}
	case *lang.DiscardStmt:
		g.effect(s.Value)
	case *lang.ExprStmt:
		g.effect(s.X)
	case *lang.ReturnStmt:
		if s.Value != nil {
			g.result(s)
		}
		g.code = append(g.code, opReturn)
	case *lang.Block:
		g.block(s)
	default:
		g.fail(s.StmtPos(), "statement %T is outside the WebAssembly code generator's subset", s)
	}
}

// result pushes the value a return statement returns.
func (g *gen) result(s *lang.ReturnStmt) {
	ret := g.decl.Func.Ret
	if limbs(ret) > 0 {
		for _, l := range g.wide(s.Value) {
			g.get(l)
		}
		return
	}
	rt, err := valType(ret)
	if err != nil {
		g.fail(s.Pos, "%v", err)
	}
	if rt != 0 {
		g.expr(s.Value, rt)
	} else {
		g.effect(s.Value)
	}
}

// setLocal evaluates e into l's WebAssembly local or locals (nothing for
// a local that has none: one of a zero-size type).
func (g *gen) setLocal(l *lang.Local, e lang.Expr) {
	idx, ok := g.local[l]
	if !ok {
		g.effect(e)
		return
	}
	if n := limbs(l.Type); n > 0 {
		for i, v := range g.wide(e) {
			if v != idx+uint32(i) {
				g.get(v)
				g.set(idx + uint32(i))
			}
		}
		return
	}
	g.expr(e, g.ltype[l])
	g.set(idx)
}

// effect evaluates e for its effects only.
func (g *gen) effect(e lang.Expr) {
	switch e := e.(type) {
	case *lang.Const, *lang.LocalRef:
		return
	case *lang.Call:
		g.call(e)
		rts, _ := abiTypes(e.Fn.Func.Ret)
		for range rts {
			g.code = append(g.code, opDrop)
		}
		return
	}
	if limbs(e.ExprType()) > 0 {
		g.wide(e)
		return
	}
	vt, err := valType(e.ExprType())
	if err != nil || vt == 0 {
		return // nothing to evaluate (comptime aggregates and the like)
	}
	g.expr(e, vt)
	g.code = append(g.code, opDrop)
}

func index(vt byte) int {
	if vt == valI64 {
		return 1
	}
	return 0
}

func alignLog2(size uint64) byte {
	switch size {
	case 2:
		return 1
	case 4:
		return 2
	case 8:
		return 3
	}
	return 0
}

// globalType is the value type of a narrow global a function reads or
// writes.
func (g *gen) globalType(r *lang.GlobalRef) byte {
	vt, err := valType(r.Decl.Type)
	if err != nil || vt == 0 {
		g.fail(r.Pos, "global %s: %v", r.Decl.Name, err)
	}
	if _, ok := storeOp[r.Decl.Type.Size]; !ok || r.Decl.Type.Size == 8 && vt != valI64 {
		g.fail(r.Pos, "global %s of %d bytes", r.Decl.Name, r.Decl.Type.Size)
	}
	return vt
}

// address pushes the address of a global (relocated): for a
// thread-local, the thread's __tls_base plus the variable's offset in
// the thread-local block (R_WASM_GLOBAL_INDEX_LEB and
// R_WASM_MEMORY_ADDR_TLS_SLEB, as LLVM's local-exec model has it).
func (g *gen) address(d *lang.Decl) {
	if d.ThreadLocal {
		g.code = append(g.code, opGlobalGet)
		g.fixups = append(g.fixups, codegen.Fixup{Offset: uint64(len(g.code)), Size: 5, Kind: codegen.GlobalIndexLEB, Symbol: TLSBase})
		g.code = append(g.code, 0x80, 0x80, 0x80, 0x80, 0x00) // padded ULEB, written by the object writer
	}
	g.code = append(g.code, opI32Const)
	g.fixups = append(g.fixups, codegen.Fixup{Offset: uint64(len(g.code)), Size: 5, Kind: codegen.MemAddrSLEB, Symbol: d.Symbol()})
	g.code = append(g.code, 0x80, 0x80, 0x80, 0x80, 0x00) // padded SLEB 0
	if d.ThreadLocal {
		g.code = append(g.code, opI32Add)
	}
}

// TLSBase is the global the linker defines for the thread-local block
// of the running thread (the WebAssembly tool conventions' __tls_base),
// which the code imports.
const TLSBase = "__tls_base"

// expr pushes the value of e as a value of type want (i32 or i64),
// normalised to its bit width.
func (g *gen) expr(e lang.Expr, want byte) {
	have := g.value(e)
	g.convert(have, want, isSigned(e.ExprType()))
}

// convert changes the value on the stack from have to want.
func (g *gen) convert(have, want byte, signed bool) {
	switch {
	case have == want:
	case have == valI32 && signed:
		g.code = append(g.code, opI64ExtendS)
	case have == valI32:
		g.code = append(g.code, opI64ExtendU)
	default:
		g.code = append(g.code, opI32WrapI64)
	}
}

func isSigned(t *lang.Type) bool { return t != nil && t.Kind == lang.KindInt && t.Signed }

// value pushes e and returns its value type.
func (g *gen) value(e lang.Expr) byte {
	t := e.ExprType()
	vt, err := valType(t)
	if err != nil {
		g.fail(e.ExprPos(), "%v", err)
	}
	if vt == 0 {
		g.fail(e.ExprPos(), "expression of type %s has no value", t)
	}
	switch e := e.(type) {
	case *lang.Const:
		g.constant(e, vt)
	case *lang.LocalRef:
		idx, ok := g.local[e.Local]
		if !ok {
			g.fail(e.Pos, "local %s has no value", e.Local.Name)
		}
		g.get(idx)
	case *lang.GlobalRef:
		gt := g.globalType(e)
		g.address(e.Decl)
		if t.Kind == lang.KindInt && uint64(t.Bits) < 8*t.Size {
			// the bits above zero in memory: extended from the value's
			g.code = append(g.code, loadOp[t.Size][index(gt)], alignLog2(t.Size), 0)
			g.normalise(t, gt)
			break
		}
		ops := loadOp
		if isSigned(t) {
			ops = loadOpS
		}
		g.code = append(g.code, ops[t.Size][index(gt)], alignLog2(t.Size), 0)
	case *lang.Binary:
		g.binary(e, vt)
	case *lang.Unary:
		g.unary(e, vt)
	case *lang.Call:
		g.call(e)
	case *lang.Convert:
		from := e.X.ExprType()
		if from.Kind != lang.KindInt && from.Kind != lang.KindBool {
			g.fail(e.Pos, "conversion from %s is outside the WebAssembly code generator's subset", from)
		}
		if limbs(from) > 0 {
			// the low limb, cut to the narrow type
			g.get(g.wide(e.X)[0])
			g.convert(valI64, vt, false)
			g.normalise(t, vt)
			break
		}
		g.expr(e.X, vt)
		if t.Bits < from.Bits || t.Signed != from.Signed {
			g.normalise(t, vt)
		}
	default:
		g.fail(e.ExprPos(), "expression %T is outside the WebAssembly code generator's subset", e)
	}
	return vt
}
func (g *gen) constant(c *lang.Const, vt byte) {
	var v int64
	switch c.Value.Kind {
	case lang.ValInt:
		bits := uint(32)
		if vt == valI64 {
			bits = 64
		}
		// Two's complement in the value type's width.
		m := new(big.Int).Lsh(big.NewInt(1), bits)
		x := new(big.Int).Mod(c.Value.Int, m)
		if x.Bit(int(bits)-1) == 1 {
			x.Sub(x, m)
		}
		v = x.Int64()
	case lang.ValBool:
		if c.Value.Bool {
			v = 1
		}
	default:
		g.fail(c.Pos, "constant of type %s is outside the WebAssembly code generator's subset", c.Value.Type)
	}
	if vt == valI64 {
		g.code = leb128.AppendSigned(append(g.code, opI64Const), v)
	} else {
		g.code = leb128.AppendSigned(append(g.code, opI32Const), int64(int32(v)))
	}
}

func (g *gen) binary(e *lang.Binary, vt byte) {
	g.expr(e.X, vt)
	g.expr(e.Y, vt)
	s := 0
	if isSigned(e.Type) {
		s = 1
	}
	i := index(vt)
	switch e.Op {
	case lang.OpDiv:
		g.code = append(g.code, opDiv[s][i])
	case lang.OpMod:
		g.code = append(g.code, opRem[s][i])
	case lang.OpShr:
		g.code = append(g.code, opShr[s][i])
	default:
		op, ok := arith[e.Op]
		if !ok {
			g.fail(e.Pos, "operator %d is outside the WebAssembly code generator's subset", e.Op)
		}
		g.code = append(g.code, op[i])
	}
	g.normalise(e.Type, vt)
}

func (g *gen) unary(e *lang.Unary, vt byte) {
	i := index(vt)
	switch e.Op {
	case lang.OpNeg, lang.OpNegWrap:
		if vt == valI64 {
			g.code = append(g.code, opI64Const, 0)
		} else {
			g.code = append(g.code, opI32Const, 0)
		}
		g.expr(e.X, vt)
		g.code = append(g.code, arith[lang.OpSub][i])
	case lang.OpNot:
		g.expr(e.X, vt)
		if vt == valI64 {
			g.code = append(g.code, opI64Const, 0x7f)
		} else {
			g.code = append(g.code, opI32Const, 0x7f)
		}
		g.code = append(g.code, arith[lang.OpXor][i])
	case lang.OpBoolNot:
		g.expr(e.X, valI32)
		g.code = append(g.code, opI32Eqz)
		return
	default:
		g.fail(e.Pos, "operator is outside the WebAssembly code generator's subset")
	}
	g.normalise(e.Type, vt)
}

// mask clears the bits of the value on the stack (of type vt) from bit
// bits up.
func (g *gen) mask(vt byte, bits uint32) {
	if vt == valI64 {
		g.i64(int64(uint64(1)<<bits - 1))
		g.ops(opI64And)
		return
	}
	g.i32(int32(uint32(1)<<bits - 1))
	g.ops(arith[lang.OpAnd][0])
}

// normalise truncates the value on the stack to t's bit width and
// extends it back (sign or zero) to the value type.
func (g *gen) normalise(t *lang.Type, vt byte) {
	width := uint32(32)
	if vt == valI64 {
		width = 64
	}
	bits := t.Bits
	if t.Kind == lang.KindBool {
		bits = 1
	}
	if bits == 0 || bits >= width {
		return
	}
	i := index(vt)
	shift := int64(width - bits)
	konst := func(v int64) {
		if vt == valI64 {
			g.code = leb128.AppendSigned(append(g.code, opI64Const), v)
		} else {
			g.code = leb128.AppendSigned(append(g.code, opI32Const), v)
		}
	}
	if isSigned(t) {
		konst(shift)
		g.code = append(g.code, arith[lang.OpShl][i])
		konst(shift)
		g.code = append(g.code, opShr[1][i])
		return
	}
	konst(int64(uint64(1)<<bits - 1))
	g.code = append(g.code, arith[lang.OpAnd][i])
}

// call pushes the arguments (a wide one as its limbs) and calls; the
// result stays on the stack (a wide one as its limbs, the lowest
// deepest).
func (g *gen) call(e *lang.Call) {
	for i, a := range e.Args {
		if i >= len(e.Fn.Func.Params) {
			break
		}
		pt := e.Fn.Func.Params[i].Type
		if limbs(pt) > 0 {
			for _, l := range g.wide(a) {
				g.get(l)
			}
			continue
		}
		vt, err := valType(pt)
		if err != nil || vt == 0 {
			g.fail(e.Pos, "argument of type %s is outside the WebAssembly code generator's subset", pt)
		}
		g.expr(a, vt)
	}
	g.code = append(g.code, opCall)
	g.fixups = append(g.fixups, codegen.Fixup{Offset: uint64(len(g.code)), Size: 5, Kind: codegen.FuncIndexLEB, Symbol: e.Fn.Symbol()})
	g.code = append(g.code, 0x80, 0x80, 0x80, 0x80, 0x00) // padded ULEB, written by the object writer
}

// get pushes local i.
func (g *gen) get(i uint32) {
	g.code = leb128.AppendUnsigned(append(g.code, opLocalGet), uint64(i))
}

// set pops into local i.
func (g *gen) set(i uint32) {
	g.code = leb128.AppendUnsigned(append(g.code, opLocalSet), uint64(i))
}

// tee stores the top of the stack in local i and keeps it.
func (g *gen) tee(i uint32) {
	g.code = leb128.AppendUnsigned(append(g.code, opLocalTee), uint64(i))
}

// i64 pushes the i64 constant v.
func (g *gen) i64(v int64) {
	g.code = leb128.AppendSigned(append(g.code, opI64Const), v)
}

// ops appends instructions without operands.
func (g *gen) ops(ops ...byte) { g.code = append(g.code, ops...) }
