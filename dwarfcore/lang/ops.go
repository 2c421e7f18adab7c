package lang

import (
	"math/big"
)

// binaryOp returns the arithmetic or bitwise operator s.
func binaryOp(s string) (BinaryOp, bool) {
	switch s {
	case "+":
		return OpAdd, true
	case "-":
		return OpSub, true
	case "*":
		return OpMul, true
	case "/":
		return OpDiv, true
	case "%":
		return OpMod, true
	case "<<":
		return OpShl, true
	case ">>":
		return OpShr, true
	case "&":
		return OpAnd, true
	case "|":
		return OpOr, true
	case "^":
		return OpXor, true
	case "+%":
		return OpAddWrap, true
	case "-%":
		return OpSubWrap, true
	case "*%":
		return OpMulWrap, true
	}
	return 0, false
}

// unary evaluates -x, -%x, ~x and !x.
func (c *checker) unary(n *node, sc *scope) operand {
	x := c.eval(n.x, sc, nil)
	if x.bad() {
		return badOp
	}
	if x.isType {
		c.errorf(n.pos, "invalid operand of '%s': type '%s'", n.text, x.typ.Name)
		return badOp
	}
	t := x.typ
	if x.val != nil && x.val.Kind == ValUndef {
		c.errorf(n.x.pos, "use of undefined value here causes undefined behavior")
		return badOp
	}
	switch n.text {
	case "!":
		if t.Kind != KindBool {
			c.errorf(n.pos, "expected type 'bool', found '%s'", t.Name)
			return badOp
		}
		if x.val != nil {
			return c.valOp(c.newVal(Value{Kind: ValBool, Type: t, Bool: !x.val.Bool}), n.pos)
		}
		return c.runUnary(n, x, OpBoolNot)
	case "-", "-%":
		switch {
		case t.Kind == KindFloat:
			if x.val != nil {
				return c.valOp(c.newVal(Value{Kind: ValFloat, Type: t, Float: new(big.Float).Neg(x.val.Float)}), n.pos)
			}
			c.errorf(n.pos, "run-time float arithmetic is not supported")
			return badOp
		case t.Kind == KindInt:
			if n.text == "-" && !t.Signed && t.ID >= 0 {
				c.errorf(n.pos, "negation of type '%s'", t.Name)
				return badOp
			}
			if x.val != nil {
				return c.intResult(n.pos, t, new(big.Int).Neg(x.val.Int), n.text == "-%")
			}
			op := OpNeg
			if n.text == "-%" {
				op = OpNegWrap
			}
			return c.runUnary(n, x, op)
		}
	case "~":
		if t.Kind == KindInt && t.ID >= 0 {
			if x.val != nil {
				return c.intResult(n.pos, t, new(big.Int).Not(x.val.Int), true)
			}
			return c.runUnary(n, x, OpNot)
		}
		if t == c.comptimeInt {
			c.errorf(n.pos, "unable to perform binary not operation on type 'comptime_int'")
			return badOp
		}
	}
	c.errorf(n.pos, "invalid operand of '%s': type '%s'", n.text, t.Name)
	return badOp
}

func (c *checker) runUnary(n *node, x operand, op UnaryOp) operand {
	if c.fn == nil {
		return operand{typ: x.typ, pos: n.pos}
	}
	return operand{typ: x.typ, x: put(&c.sl.unaries, Unary{Pos: n.pos, Type: x.typ, Op: op, X: c.ir(x)}), pos: n.pos}
}

// intResult range-checks (or wraps) an exact compile-time result.
func (c *checker) intResult(pos Pos, t *Type, v *big.Int, wrap bool) operand {
	if t == c.comptimeInt {
		if v.BitLen() > maxComptimeBits {
			c.errorf(pos, "comptime_int value exceeds %d bits", maxComptimeBits)
			return badOp
		}
		return c.valOp(c.intVal(t, v), pos)
	}
	if wrap {
		return c.valOp(c.intVal(t, wrapInt(v, t)), pos)
	}
	if !fitsInt(v, t) {
		c.errorf(pos, "overflow of integer type '%s' with value '%s'", t.Name, v)
		return badOp
	}
	return c.valOp(c.intVal(t, v), pos)
}

// peer finds the type two operands of a binary operator are coerced to.
func (c *checker) peer(x, y operand) *Type {
	a, b := x.typ, y.typ
	switch {
	case a == b:
		return a
	case a == c.comptimeInt && (b.Kind == KindInt || b.Kind == KindFloat):
		return b
	case b == c.comptimeInt && (a.Kind == KindInt || a.Kind == KindFloat):
		return a
	case a == c.comptimeFloat && b.Kind == KindFloat:
		return b
	case b == c.comptimeFloat && a.Kind == KindFloat:
		return a
	case a.Kind == KindInt && b.Kind == KindInt:
		if canHold(a, b) {
			return a
		}
		if canHold(b, a) {
			return b
		}
	case a.Kind == KindFloat && b.Kind == KindFloat:
		if a.Bits >= b.Bits {
			return a
		}
		return b
	case a == c.comptimeFloat && b == c.comptimeInt || b == c.comptimeFloat && a == c.comptimeInt:
		return c.comptimeFloat
	}
	return nil
}

// binary evaluates arithmetic, bitwise, comparison and boolean operators.
func (c *checker) binary(n *node, sc *scope) operand {
	// A left-associative chain such as 1+1+...+1 is a left spine of
	// binary nodes: evaluate it bottom up in a loop, so that a long flat
	// expression costs no evaluation depth.
	spine := []*node{n}
	for m := n.x; m != nil && m.kind == nBinary; m = m.x {
		spine = append(spine, m)
	}
	x := c.eval(spine[len(spine)-1].x, sc, nil)
	for i := len(spine) - 1; i >= 0; i-- {
		x = c.binaryOf(spine[i], x, sc)
	}
	return x
}

// binaryOf is binary n with its left operand x already evaluated.
func (c *checker) binaryOf(n *node, x operand, sc *scope) operand {
	var yHint *Type
	if n.y != nil && n.y.kind == nInt && !x.failed && !x.isType && x.typ.Kind == KindInt && x.typ.ID >= 0 {
		// An integer literal after a typed integer operand of an
		// arithmetic operator is coerced to that type (the peer type)
		// below; evaluating it with that hint makes the typed Value
		// directly instead of a comptime_int and then a copy.
		switch n.text {
		case "+", "-", "*", "/", "%", "&", "|", "^", "+%", "-%", "*%":
			yHint = x.typ
		}
	}
	y := c.eval(n.y, sc, yHint)
	if x.bad() || y.bad() {
		return badOp
	}
	if x.isType || y.isType {
		c.errorf(n.pos, "invalid operands to binary expression: types are not values")
		return badOp
	}
	for _, o := range [2]*operand{&x, &y} {
		if o.val != nil && o.val.Kind == ValUndef {
			c.errorf(o.pos, "use of undefined value here causes undefined behavior")
			return badOp
		}
	}
	switch n.text {
	case "and", "or":
		x, y = c.coerce(x, c.ts.Bool, n.x.pos), c.coerce(y, c.ts.Bool, n.y.pos)
		if x.bad() || y.bad() {
			return badOp
		}
		if x.val == nil || y.val == nil {
			c.errorf(n.pos, "run-time '%s' is not supported", n.text)
			return badOp
		}
		r := x.val.Bool && y.val.Bool
		if n.text == "or" {
			r = x.val.Bool || y.val.Bool
		}
		return c.valOp(c.newVal(Value{Kind: ValBool, Type: c.ts.Bool, Bool: r}), n.pos)
	case "==", "!=", "<", ">", "<=", ">=":
		return c.compare(n, x, y)
	case "<<", ">>":
		return c.shift(n, x, y)
	}
	op, ok := binaryOp(n.text)
	if !ok {
		c.errorf(n.pos, "operator '%s' is not supported", n.text)
		return badOp
	}
	xName, yName := x.typ.Name, y.typ.Name
	t := c.peer(x, y)
	if t == nil || t.Kind != KindInt && t.Kind != KindFloat {
		c.errorf(n.pos, "invalid operands to binary expression: '%s' and '%s'", x.typ.Name, y.typ.Name)
		return badOp
	}
	x, y = c.coerce(x, t, n.x.pos), c.coerce(y, t, n.y.pos)
	if x.bad() || y.bad() {
		return badOp
	}
	if t.Kind == KindFloat {
		return c.floatBinary(n, t, op, x, y)
	}
	if x.val == nil || y.val == nil {
		if (op == OpDiv || op == OpMod) && t.Signed {
			c.errorf(n.pos, "division with '%s' and '%s': signed integers must use @divTrunc, @divFloor, or @divExact", t.Name, t.Name)
			return badOp
		}
		if y.val != nil && (op == OpDiv || op == OpMod) && y.val.Int.Sign() == 0 {
			return c.divisionByZero(n)
		}
		if c.fn == nil {
			return operand{typ: t, pos: n.pos}
		}
		return operand{typ: t, x: put(&c.sl.binaries, Binary{Pos: n.pos, Type: t, Op: op, X: c.ir(x), Y: c.ir(y)}), pos: n.pos}
	}
	a, b := x.val.Int, y.val.Int
	wrap := op == OpAddWrap || op == OpSubWrap || op == OpMulWrap
	switch op {
	case OpMul:
		if a.BitLen()+b.BitLen() > maxComptimeBits+64 {
			c.errorf(n.pos, "comptime_int value exceeds %d bits", maxComptimeBits)
			return badOp
		}
	case OpDiv, OpMod:
		if b.Sign() == 0 {
			return c.divisionByZero(n)
		}
		// Zig divides compile-time integers truncating toward zero; only
		// a remainder of a negative operand must say which one it means
		if op == OpMod && (a.Sign() < 0 || b.Sign() < 0) {
			pos := n.x.pos
			if a.Sign() >= 0 {
				pos = n.y.pos
			}
			c.errorf(pos, "remainder division with '%s' and '%s': signed integers and floats must use @rem or @mod", xName, yName)
			return badOp
		}
	}
	r := intArith[op](new(big.Int), a, b)
	return c.intResult(n.pos, t, r, wrap)
}

// intArith and floatArith are the big-number operations of the
// compile-time arithmetic operators by BinaryOp (nil: not one for that
// type; shifts are not arithmetic here), after the checks of binaryOf and
// floatBinary.
var (
	intArith = [OpMulWrap + 1]func(z, x, y *big.Int) *big.Int{
		OpAdd: (*big.Int).Add, OpSub: (*big.Int).Sub, OpMul: (*big.Int).Mul, OpDiv: (*big.Int).Quo, OpMod: (*big.Int).Rem,
		OpAnd: (*big.Int).And, OpOr: (*big.Int).Or, OpXor: (*big.Int).Xor,
		OpAddWrap: (*big.Int).Add, OpSubWrap: (*big.Int).Sub, OpMulWrap: (*big.Int).Mul,
	}
	floatArith = [OpMulWrap + 1]func(z, x, y *big.Float) *big.Float{
		OpAdd: (*big.Float).Add, OpSub: (*big.Float).Sub, OpMul: (*big.Float).Mul, OpDiv: (*big.Float).Quo,
	}
)

// divisionByZero reports that the right operand of n is zero.
func (c *checker) divisionByZero(n *node) operand {
	c.errorf(n.y.pos, "division by zero here causes undefined behavior")
	return badOp
}

func (c *checker) floatBinary(n *node, t *Type, op BinaryOp, x, y operand) operand {
	if x.val == nil || y.val == nil {
		c.errorf(n.pos, "run-time float arithmetic is not supported")
		return badOp
	}
	a, b := x.val.Float, y.val.Float
	arith := floatArith[op]
	if arith == nil {
		c.errorf(n.pos, "invalid operands to binary expression: '%s' and '%s'", t.Name, t.Name)
		return badOp
	}
	if op == OpDiv && b.Sign() == 0 {
		return c.divisionByZero(n)
	}
	r := arith(new(big.Float).SetPrec(floatPrec), a, b)
	if op == OpMul && r.Sign() == 0 {
		r = new(big.Float).SetPrec(floatPrec) // Zig: a product with a zero operand is +0
	}
	if r.IsInf() || r.MantExp(nil) > 1<<20 || r.MantExp(nil) < -(1<<20) {
		c.errorf(n.pos, "float value out of range")
		return badOp
	}
	return c.valOp(c.floatVal(t, r), n.pos)
}

func (c *checker) shift(n *node, x, y operand) operand {
	t := x.typ
	if t.Kind != KindInt {
		c.errorf(n.pos, "invalid operands to binary expression: '%s' and '%s'", x.typ.Name, y.typ.Name)
		return badOp
	}
	amountType := c.comptimeInt
	if t.ID >= 0 {
		bits := uint32(0)
		for (uint64(1) << bits) < uint64(max(t.Bits, 1)) {
			bits++
		}
		amountType = c.ts.Int(false, bits)
	}
	if t == c.comptimeInt && y.val == nil {
		c.errorf(n.y.pos, "shift amount of a comptime_int must be comptime-known")
		return badOp
	}
	if y.typ == c.comptimeInt && y.val != nil && t.ID >= 0 && y.val.Int.Sign() >= 0 && y.val.Int.Cmp(big.NewInt(int64(t.Bits))) >= 0 {
		c.errorf(n.y.pos, "shift amount '%s' is too large for operand type '%s'", y.val.Int, t.Name)
		return badOp
	}
	if amountType.ID >= 0 || y.typ != c.comptimeInt {
		y = c.coerce(y, amountType, n.y.pos)
		if y.bad() {
			return badOp
		}
	}
	if x.val == nil || y.val == nil {
		if c.fn == nil {
			return operand{typ: t, pos: n.pos}
		}
		op := OpShl
		if n.text == ">>" {
			op = OpShr
		}
		return operand{typ: t, x: put(&c.sl.binaries, Binary{Pos: n.pos, Type: t, Op: op, X: c.ir(x), Y: c.ir(y)}), pos: n.pos}
	}
	k := y.val.Int
	if k.Sign() < 0 {
		c.errorf(n.y.pos, "shift by negative amount '%s'", k)
		return badOp
	}
	if !k.IsUint64() || k.Uint64() > maxComptimeBits {
		c.errorf(n.y.pos, "shift amount '%s' is too large", k)
		return badOp
	}
	if n.text == ">>" {
		return c.valOp(c.intVal(t, shiftRight(x.val.Int, uint(k.Uint64()))), n.pos)
	}
	// a typed compile-time << drops the bits shifted out, as Zig does
	// (0x80 << 1 is 0 in u8)
	r := new(big.Int).Lsh(x.val.Int, uint(k.Uint64()))
	return c.intResult(n.pos, t, r, t.ID >= 0)
}

// shiftRight is Zig 0.11's compile-time x >> k: a negative x shifts its
// magnitude (rounding toward zero) and a result of zero becomes -1, so
// -7 >> 1 is -3 but -7 >> 3 is -1 (std.math.big.int as of 0.11).
func shiftRight(x *big.Int, k uint) *big.Int {
	if x.Sign() >= 0 {
		return new(big.Int).Rsh(x, k)
	}
	r := new(big.Int).Rsh(new(big.Int).Neg(x), k)
	if r.Sign() == 0 {
		return big.NewInt(-1)
	}
	return r.Neg(r)
}

func (c *checker) compare(n *node, x, y operand) operand {
	if x.val == nil || y.val == nil {
		c.errorf(n.pos, "run-time comparisons are not supported")
		return badOp
	}
	var cmp int
	switch {
	case x.typ.Kind == KindBool && y.typ.Kind == KindBool:
		if n.text != "==" && n.text != "!=" {
			c.errorf(n.pos, "operator %s not allowed for type 'bool'", n.text)
			return badOp
		}
		if x.val.Bool != y.val.Bool {
			cmp = 1
		}
	case x.val.Kind == ValInt && y.val.Kind == ValInt && (x.typ.Kind == KindInt || x.typ == y.typ):
		if x.typ.Kind != KindInt && n.text != "==" && n.text != "!=" {
			c.errorf(n.pos, "operator %s not allowed for type '%s'", n.text, x.typ.Name)
			return badOp
		}
		cmp = x.val.Int.Cmp(y.val.Int)
	case x.val.Kind == ValFloat || y.val.Kind == ValFloat:
		t := c.peer(x, y)
		if t == nil || t.Kind != KindFloat {
			c.errorf(n.pos, "incompatible types: '%s' and '%s'", x.typ.Name, y.typ.Name)
			return badOp
		}
		x, y = c.coerce(x, t, n.x.pos), c.coerce(y, t, n.y.pos)
		if x.bad() || y.bad() {
			return badOp
		}
		cmp = x.val.Float.Cmp(y.val.Float)
	default:
		c.errorf(n.pos, "incompatible types: '%s' and '%s'", x.typ.Name, y.typ.Name)
		return badOp
	}
	var r bool
	switch n.text {
	case "==":
		r = cmp == 0
	case "!=":
		r = cmp != 0
	case "<":
		r = cmp < 0
	case ">":
		r = cmp > 0
	case "<=":
		r = cmp <= 0
	case ">=":
		r = cmp >= 0
	}
	return c.valOp(c.newVal(Value{Kind: ValBool, Type: c.ts.Bool, Bool: r}), n.pos)
}
