package wasm32

import (
	"encoding/binary"
	"math/big"
	"slices"

	"github.com/dwarfscope/dwarfscope/internal/leb128"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// Integers wider than 64 bits ("wide" integers, u65 up to u65535) are n
// = Size/8 i64 limbs, least significant first: in consecutive locals
// (parameters and locals, whose DWARF location is one DW_OP_piece per
// limb), in temporaries while an expression is evaluated, in memory as
// Zig 0.11 stores them (little-endian 64-bit words), and they travel as
// n i64 parameters and n i64 results (multi-value). As in the x86-64
// generator (linkcore/amd64), a wide value is kept truncated to its bit
// width with the bits above zero, signed or not; the operations that
// need the sign (>> of a signed type, widening a signed value) extend a
// copy first. Operators wrap at the bit width, as the x86-64 executables
// do: + - * and their wrapping forms alike, unsigned / and % by restoring
// division (dividing by zero gives all ones and the dividend, as there),
// shifts by any count.

// maxMulPairs bounds the digit products one unrolled wide multiplication
// may emit (about 30 bytes of code each): 2^16, a product of up to
// 181 limbs (u11584).
const maxMulPairs = 1 << 16

// limbs is the number of i64 limbs of a wide integer type, 0 for any
// other type.
func limbs(t *lang.Type) int {
	if t == nil || t.Kind != lang.KindInt || t.Size <= 8 {
		return 0
	}
	return int(t.Size / 8)
}

// temps64 returns n fresh i64 temporaries.
func (g *gen) temps64(n int) []uint32 {
	ls := make([]uint32, n)
	for i := range ls {
		ls[i] = g.temp(valI64)
	}
	return ls
}

// i32 pushes the i32 constant v.
func (g *gen) i32(v int32) {
	g.code = leb128.AppendSigned(append(g.code, opI32Const), int64(v))
}

// wide evaluates a wide integer expression and returns the locals that
// hold its limbs, normalised. A local's own locals are returned for a
// reference to it: callers only read them.
func (g *gen) wide(e lang.Expr) []uint32 {
	t := e.ExprType()
	n := limbs(t)
	if n == 0 {
		g.fail(e.ExprPos(), "expression of type %s is not an integer wider than 64 bits", t)
	}
	switch e := e.(type) {
	case *lang.Const:
		return g.wideConst(e, t)
	case *lang.LocalRef:
		idx, ok := g.local[e.Local]
		if !ok {
			g.fail(e.Pos, "local %s has no value", e.Local.Name)
		}
		ls := make([]uint32, n)
		for i := range ls {
			ls[i] = idx + uint32(i)
		}
		return ls
	case *lang.GlobalRef:
		return g.loadWide(e)
	case *lang.Binary:
		return g.wideBinary(e)
	case *lang.Unary:
		return g.wideUnary(e)
	case *lang.Call:
		g.call(e)
		res := g.temps64(n)
		for i := n - 1; i >= 0; i-- {
			g.set(res[i])
		}
		return res
	case *lang.Convert:
		return g.wideConvert(e)
	}
	g.fail(e.ExprPos(), "expression %T is outside the WebAssembly code generator's subset", e)
	return nil
}

// wideConst sets temporaries to the limbs of a constant, truncated to
// its type's bits.
func (g *gen) wideConst(c *lang.Const, t *lang.Type) []uint32 {
	if c.Value.Kind != lang.ValInt {
		g.fail(c.Pos, "constant of type %s is outside the WebAssembly code generator's subset", c.Value.Type)
	}
	x := new(big.Int).Mod(c.Value.Int, new(big.Int).Lsh(big.NewInt(1), uint(t.Bits)))
	res := g.temps64(limbs(t))
	le := make([]byte, 8*len(res))
	x.FillBytes(le)
	slices.Reverse(le) // little-endian
	for i, l := range res {
		g.i64(int64(binary.LittleEndian.Uint64(le[8*i:])))
		g.set(l)
	}
	return res
}

// loadWide loads a wide global's limbs.
func (g *gen) loadWide(r *lang.GlobalRef) []uint32 {
	a := g.temp(valI32)
	g.address(r.Decl)
	g.set(a)
	res := g.temps64(limbs(r.Decl.Type))
	for i, l := range res {
		g.get(a)
		g.code = leb128.AppendUnsigned(append(g.code, opI64Load, 3), uint64(8*i))
		g.set(l)
	}
	return res
}

// storeWide stores limbs into a wide global.
func (g *gen) storeWide(r *lang.GlobalRef, vals []uint32) {
	a := g.temp(valI32)
	g.address(r.Decl)
	g.set(a)
	for i, v := range vals {
		g.get(a)
		g.get(v)
		g.code = leb128.AppendUnsigned(append(g.code, opI64Store, 3), uint64(8*i))
	}
}

// copyWide copies limbs into fresh temporaries (to be changed in place).
func (g *gen) copyWide(ls []uint32) []uint32 {
	res := g.temps64(len(ls))
	for i, l := range ls {
		g.get(l)
		g.set(res[i])
	}
	return res
}

// normaliseWide truncates the limbs in place to bits, the bits above
// zero.
func (g *gen) normaliseWide(ls []uint32, bits uint32) {
	for i, l := range ls {
		low := int64(bits) - 64*int64(i) // the value's bits in limb i
		switch {
		case low >= 64:
			continue
		case low > 0:
			g.get(l)
			g.i64(int64(uint64(1)<<low - 1))
			g.ops(opI64And)
		default:
			g.i64(0)
		}
		g.set(l)
	}
}

// signExtendWide extends the limbs in place from bits by the sign bit.
func (g *gen) signExtendWide(ls []uint32, bits uint32) {
	k := int((bits - 1) / 64) // the limb of the sign bit
	if low := int64(bits) - 64*int64(k); low < 64 {
		g.get(ls[k])
		g.i64(64 - low)
		g.ops(opI64Shl)
		g.i64(64 - low)
		g.ops(opI64ShrS)
		g.set(ls[k])
	}
	for _, l := range ls[k+1:] {
		g.get(ls[k])
		g.i64(63)
		g.ops(opI64ShrS)
		g.set(l)
	}
}

// chain computes res = x + y (or x - y) limb by limb with the carry (or
// borrow) in local c; with carryOut, c holds the carry out of the last
// limb at the end.
func (g *gen) chain(x, y, res []uint32, c uint32, sub, carryOut bool) {
	op := byte(opI64Add)
	if sub {
		op = opI64Sub
	}
	s := g.temp(valI64)
	for i := range res {
		last := i == len(res)-1 && !carryOut
		g.get(x[i])
		g.get(y[i])
		g.ops(op)
		g.set(s)
		if !last {
			// the carry out of x op y
			if sub {
				g.get(x[i])
				g.get(y[i])
			} else {
				g.get(s)
				g.get(x[i])
			}
			g.ops(opI64LtU, opI64ExtendU)
		}
		if i == 0 {
			g.get(s)
			g.set(res[0])
		} else {
			// the carry in, and the carry out of adding it
			g.get(s)
			g.get(c)
			g.ops(op)
			g.set(res[i])
			if !last {
				if sub {
					g.get(s)
					g.get(c)
				} else {
					g.get(res[i])
					g.get(s)
				}
				g.ops(opI64LtU, opI64ExtendU, opI64Or)
			}
		}
		if !last {
			g.set(c)
		}
	}
}

// wideBinary computes a binary operator on wide integers.
func (g *gen) wideBinary(e *lang.Binary) []uint32 {
	t := e.Type
	n := limbs(t)
	x := g.wide(e.X)
	var res []uint32
	switch e.Op {
	case lang.OpShl, lang.OpShr:
		res = g.wideShift(e, x)
	case lang.OpAdd, lang.OpAddWrap, lang.OpSub, lang.OpSubWrap:
		y := g.wide(e.Y)
		res = g.temps64(n)
		sub := e.Op == lang.OpSub || e.Op == lang.OpSubWrap
		g.chain(x, y, res, g.temp(valI64), sub, false)
	case lang.OpAnd, lang.OpOr, lang.OpXor:
		y := g.wide(e.Y)
		res = g.temps64(n)
		op := map[lang.BinaryOp]byte{lang.OpAnd: opI64And, lang.OpOr: opI64Or, lang.OpXor: opI64Xor}[e.Op]
		for i := range res {
			g.get(x[i])
			g.get(y[i])
			g.ops(op)
			g.set(res[i])
		}
	case lang.OpMul, lang.OpMulWrap:
		res = g.wideMul(e, x, g.wide(e.Y))
	case lang.OpDiv, lang.OpMod:
		if t.Signed {
			g.fail(e.Pos, "signed division of %s is outside the WebAssembly code generator's subset", t)
		}
		res = g.wideDivide(x, g.wide(e.Y), e.Op == lang.OpMod)
	default:
		g.fail(e.Pos, "operator on %s is outside the WebAssembly code generator's subset", t)
	}
	g.normaliseWide(res, t.Bits)
	return res
}

// wideMul multiplies as the low half of a schoolbook product of 32-bit
// digits: a digit product plus a digit plus a carry fits in 64 bits, so
// WebAssembly's i64.mul is the whole step.
func (g *gen) wideMul(e *lang.Binary, x, y []uint32) []uint32 {
	d := 2 * len(x)
	if d*(d+1)/2 > maxMulPairs {
		g.fail(e.Pos, "multiplication of %s is too wide for the WebAssembly code generator (at most %d digit products)", e.Type, maxMulPairs)
	}
	digits := func(ls []uint32) []uint32 {
		ds := g.temps64(d)
		for i, l := range ls {
			g.get(l)
			g.i64(0xffffffff)
			g.ops(opI64And)
			g.set(ds[2*i])
			g.get(l)
			g.i64(32)
			g.ops(opI64ShrU)
			g.set(ds[2*i+1])
		}
		return ds
	}
	xd, yd, r := digits(x), digits(y), g.temps64(d)
	for _, l := range r {
		g.i64(0)
		g.set(l)
	}
	c, t := g.temp(valI64), g.temp(valI64)
	for i := range d {
		for j := 0; i+j < d; j++ {
			g.get(xd[i])
			g.get(yd[j])
			g.ops(opI64Mul)
			g.get(r[i+j])
			g.ops(opI64Add)
			if j > 0 {
				g.get(c)
				g.ops(opI64Add)
			}
			g.tee(t)
			g.i64(0xffffffff)
			g.ops(opI64And)
			g.set(r[i+j])
			if i+j < d-1 {
				g.get(t)
				g.i64(32)
				g.ops(opI64ShrU)
				g.set(c)
			}
		}
	}
	res := g.temps64(len(x))
	for k := range res {
		g.get(r[2*k])
		g.get(r[2*k+1])
		g.i64(32)
		g.ops(opI64Shl, opI64Or)
		g.set(res[k])
	}
	return res
}

// wideShift shifts x by e.Y (any count: what shifts in fills the limbs
// beyond the width). The count's word part moves the limbs through a
// barrel of selects (by 1, 2, 4, ... limbs, then all of them when it is
// at least the limb count); its bit part shifts each limb with the
// neighbour's bits, (v << 1) << (63 - b) standing for v << (64 - b),
// which is 0 when b is 0 as WebAssembly's shift counts are taken mod 64.
func (g *gen) wideShift(e *lang.Binary, x []uint32) []uint32 {
	t := e.Type
	n := len(x)
	shl := e.Op == lang.OpShl
	signed := !shl && t.Signed
	cnt := g.temp(valI64)
	if limbs(e.Y.ExprType()) > 0 {
		g.get(g.wide(e.Y)[0])
	} else {
		g.expr(e.Y, valI64)
	}
	g.set(cnt)
	v := g.copyWide(x)
	var fill uint32
	if signed {
		g.signExtendWide(v, t.Bits)
		fill = g.temp(valI64)
		g.get(v[n-1])
		g.i64(63)
		g.ops(opI64ShrS)
		g.set(fill)
	}
	pushFill := func() {
		if signed {
			g.get(fill)
		} else {
			g.i64(0)
		}
	}
	w, b, nb, cnd := g.temp(valI64), g.temp(valI64), g.temp(valI64), g.temp(valI32)
	g.get(cnt)
	g.i64(6)
	g.ops(opI64ShrU)
	g.set(w)
	g.get(cnt)
	g.i64(63)
	g.ops(opI64And)
	g.set(b)
	// v[i] = cnd ? v[i-s] (v[i+s]) : v[i], in the order that reads each
	// source before it is replaced
	move := func(s int) {
		for k := range n {
			i, src := k, k+s
			if shl {
				i, src = n-1-k, n-1-k-s
			}
			if src >= 0 && src < n {
				g.get(v[src])
			} else {
				pushFill()
			}
			g.get(v[i])
			g.get(cnd)
			g.ops(opSelect)
			g.set(v[i])
		}
	}
	for s := 1; s < n; s <<= 1 {
		g.get(w)
		g.i64(int64(s))
		g.ops(opI64And)
		g.i64(0)
		g.ops(opI64Ne)
		g.set(cnd)
		move(s)
	}
	g.get(w)
	g.i64(int64(n))
	g.ops(opI64GeU)
	g.set(cnd)
	move(n)
	g.i64(63)
	g.get(b)
	g.ops(opI64Sub)
	g.set(nb)
	res := g.temps64(n)
	for i := range res {
		g.get(v[i])
		g.get(b)
		switch {
		case shl:
			g.ops(opI64Shl)
			if i > 0 {
				g.get(v[i-1])
				g.i64(1)
				g.ops(opI64ShrU)
				g.get(nb)
				g.ops(opI64ShrU, opI64Or)
			}
		case i == n-1 && signed:
			g.ops(opI64ShrS)
		default:
			g.ops(opI64ShrU)
			if i < n-1 {
				g.get(v[i+1])
				g.i64(1)
				g.ops(opI64Shl)
				g.get(nb)
				g.ops(opI64Shl, opI64Or)
			}
		}
		g.set(res[i])
	}
	return res
}

// wideDivide divides unsigned x by y by restoring division, one bit a
// turn of a loop of 64n turns: shift the pair (remainder:quotient) left
// by one, subtract the divisor from the remainder, and keep the
// difference (and set the quotient's low bit) when nothing was borrowed
// or a bit was shifted out of the remainder. It returns the quotient, or
// the remainder with mod.
func (g *gen) wideDivide(x, y []uint32, mod bool) []uint32 {
	n := len(x)
	quo := g.copyWide(x)
	rem := g.temps64(n)
	for _, l := range rem {
		g.i64(0)
		g.set(l)
	}
	pair := append(append([]uint32(nil), quo...), rem...)
	out, bw, diff := g.temp(valI64), g.temp(valI64), g.temps64(n)
	cnd, turns := g.temp(valI32), g.temp(valI32)
	g.i32(int32(64 * n))
	g.set(turns)
	g.ops(opLoop, blockEmpty)
	g.get(pair[2*n-1])
	g.i64(63)
	g.ops(opI64ShrU)
	g.set(out)
	for i := 2*n - 1; i >= 0; i-- {
		g.get(pair[i])
		g.i64(1)
		g.ops(opI64Shl)
		if i > 0 {
			g.get(pair[i-1])
			g.i64(63)
			g.ops(opI64ShrU, opI64Or)
		}
		g.set(pair[i])
	}
	g.chain(rem, y, diff, bw, true, true)
	g.get(out)
	g.get(bw)
	g.i64(1)
	g.ops(opI64Xor, opI64Or, opI32WrapI64)
	g.set(cnd)
	for i := range rem {
		g.get(diff[i])
		g.get(rem[i])
		g.get(cnd)
		g.ops(opSelect)
		g.set(rem[i])
	}
	g.get(quo[0])
	g.get(cnd)
	g.ops(opI64ExtendU, opI64Or)
	g.set(quo[0])
	g.get(turns)
	g.i32(1)
	g.ops(opI32Sub)
	g.tee(turns)
	g.ops(opBrIf, 0, opEnd)
	if mod {
		return rem
	}
	return quo
}

// wideUnary computes ~x or -x (0 - x with the borrow chained).
func (g *gen) wideUnary(e *lang.Unary) []uint32 {
	t := e.Type
	x := g.wide(e.X)
	res := g.temps64(len(x))
	switch e.Op {
	case lang.OpNot:
		for i := range res {
			g.get(x[i])
			g.i64(-1)
			g.ops(opI64Xor)
			g.set(res[i])
		}
	case lang.OpNeg, lang.OpNegWrap:
		zero := g.temps64(len(x))
		for _, l := range zero {
			g.i64(0)
			g.set(l)
		}
		g.chain(zero, x, res, g.temp(valI64), true, false)
	default:
		g.fail(e.Pos, "operator on %s is outside the WebAssembly code generator's subset", t)
	}
	g.normaliseWide(res, t.Bits)
	return res
}

// wideConvert converts an integer to a wide one: extended from the
// source's bits by its signedness, then cut to the target's.
func (g *gen) wideConvert(e *lang.Convert) []uint32 {
	to, from := e.Type, e.X.ExprType()
	if from.Kind != lang.KindInt && from.Kind != lang.KindBool {
		g.fail(e.Pos, "conversion from %s is outside the WebAssembly code generator's subset", from)
	}
	res := g.temps64(limbs(to))
	if m := limbs(from); m > 0 {
		src := g.wide(e.X)
		if from.Signed {
			src = g.copyWide(src)
			g.signExtendWide(src, from.Bits)
		}
		for i, l := range res {
			switch {
			case i < m:
				g.get(src[i])
			case from.Signed:
				g.get(src[m-1])
				g.i64(63)
				g.ops(opI64ShrS)
			default:
				g.i64(0)
			}
			g.set(l)
		}
	} else {
		g.expr(e.X, valI64) // extended by its signedness
		g.set(res[0])
		for _, l := range res[1:] {
			if isSigned(from) {
				g.get(res[0])
				g.i64(63)
				g.ops(opI64ShrS)
			} else {
				g.i64(0)
			}
			g.set(l)
		}
	}
	g.normaliseWide(res, to.Bits)
	return res
}
