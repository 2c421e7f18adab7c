package lang

import (
	"fmt"
	"math/big"
	"strings"
)

// coerce converts op to type t, reporting an error at pos when it cannot.
func (c *checker) coerce(op operand, t *Type, pos Pos) operand {
	if op.bad() || t == nil {
		return badOp
	}
	r, msg := c.conv(op, t, pos)
	if msg != "" {
		c.errorf(pos, "%s", msg)
		return badOp
	}
	return r
}

// retype gives a compile-time value a new type, or wraps a run-time
// expression in a Convert.
func (c *checker) retype(op operand, t *Type, v *Value) operand {
	if op.val != nil {
		if v == nil {
			nv := *op.val
			nv.Type = t
			v = c.newVal(nv)
		}
		return operand{typ: t, val: v, pos: op.pos}
	}
	if c.fn == nil || op.x == nil {
		return operand{typ: t, pos: op.pos}
	}
	return operand{typ: t, x: put(&c.sl.converts, Convert{Pos: op.pos, Type: t, X: op.x}), pos: op.pos}
}

func mismatch(t, from *Type) string {
	return fmt.Sprintf("expected type '%s', found '%s'", t.Name, from.Name)
}

// conv converts op to t. It returns a message instead of reporting it;
// a bad operand with an empty message means the error was reported.
func (c *checker) conv(op operand, t *Type, pos Pos) (operand, string) {
	if op.isType {
		return badOp, fmt.Sprintf("expected type '%s', found 'type'", t.Name)
	}
	if op.fn != nil {
		return badOp, fmt.Sprintf("expected type '%s', found '%s'", t.Name, op.typ.Name)
	}
	from := op.typ
	if from == t {
		return op, ""
	}
	switch {
	case from == c.undef:
		return c.retype(op, t, c.newVal(Value{Kind: ValUndef, Type: t})), ""
	case from == c.initList:
		return c.coerceInit(op.init, op.sc, t), ""
	}
	switch t.Kind {
	case KindInt:
		switch {
		case from == c.comptimeInt || from.Kind == KindInt && op.val != nil && op.val.Kind == ValInt:
			if op.val.Kind == ValUndef {
				return c.retype(op, t, c.newVal(Value{Kind: ValUndef, Type: t})), ""
			}
			if t == c.comptimeInt {
				return c.retype(op, t, nil), ""
			}
			if !fitsInt(op.val.Int, t) {
				return badOp, fmt.Sprintf("type '%s' cannot represent integer value '%s'", t.Name, op.val.Int)
			}
			return c.retype(op, t, nil), ""
		case from == c.comptimeFloat:
			if t == c.comptimeInt || t.ID < 0 {
				break
			}
			i, acc := op.val.Float.Int(nil)
			if acc != big.Exact {
				return badOp, fmt.Sprintf("fractional component prevents float value '%s' from coercion to type '%s'", op.val.Float.Text('g', 20), t.Name)
			}
			if !fitsInt(i, t) {
				return badOp, fmt.Sprintf("type '%s' cannot represent integer value '%s'", t.Name, i)
			}
			return c.retype(op, t, c.intVal(t, i)), ""
		case from.Kind == KindInt && from.ID >= 0 && t.ID >= 0:
			if canHold(t, from) {
				return c.retype(op, t, nil), ""
			}
		}
	case KindFloat:
		switch {
		case from == c.comptimeInt || from.Kind == KindInt && op.val != nil && op.val.Kind == ValInt:
			f := new(big.Float).SetPrec(floatPrec).SetInt(op.val.Int)
			return c.retype(op, t, c.floatVal(t, f)), ""
		case from == c.comptimeFloat:
			return c.retype(op, t, c.floatVal(t, op.val.Float)), ""
		case from.Kind == KindFloat && t.ID >= 0 && from.Bits <= t.Bits:
			if op.val != nil && op.val.Kind == ValFloat {
				return c.retype(op, t, c.floatVal(t, op.val.Float)), ""
			}
			return c.retype(op, t, nil), ""
		}
	case KindOptional:
		if from == c.ts.Null {
			return c.retype(op, t, c.newVal(Value{Kind: ValNull, Type: t})), ""
		}
		if from.Kind == KindOptional && from != t.Elem {
			break // ?T is wrapped into ??T, no other optional converts
		}
		r, msg := c.conv(op, t.Elem, pos)
		if msg != "" || r.bad() {
			if strings.HasPrefix(msg, "expected type") {
				msg = mismatch(t, from)
			}
			return badOp, msg
		}
		if r.val != nil {
			return c.retype(r, t, c.newVal(Value{Kind: ValSome, Type: t, Elems: []*Value{r.val}})), ""
		}
		return c.retype(r, t, nil), ""
	case KindErrorUnion:
		if from.Kind == KindErrorSet {
			if !c.setAccepts(t.ErrSet, from, op.val) {
				break
			}
			if op.val != nil {
				return c.retype(op, t, c.newVal(Value{Kind: ValErrorCode, Type: t, Int: op.val.Int})), ""
			}
			return c.retype(op, t, nil), ""
		}
		if from.Kind == KindErrorUnion && from != t.Elem {
			break // E2!T is wrapped into E1!E2!T, no other error union converts
		}
		r, msg := c.conv(op, t.Elem, pos)
		if msg != "" || r.bad() {
			return badOp, msg
		}
		if r.val != nil {
			return c.retype(r, t, c.newVal(Value{Kind: ValPayload, Type: t, Elems: []*Value{r.val}})), ""
		}
		return c.retype(r, t, nil), ""
	case KindErrorSet:
		if from.Kind == KindErrorSet && c.setAccepts(t, from, op.val) {
			return c.retype(op, t, nil), ""
		}
	case KindEnum:
		if from == c.enumLit {
			i, msg := c.literalMember(t, "enum", op.lit(), pos)
			if i < 0 {
				return badOp, msg
			}
			return c.retype(op, t, c.intVal(t, t.Fields[i].Value)), ""
		}
	case KindUnion:
		if from == c.enumLit {
			i, msg := c.literalMember(t, "union", op.lit(), pos)
			if i < 0 {
				return badOp, msg
			}
			if t.Fields[i].Type.HasBits() || t.Tag == nil {
				return badOp, fmt.Sprintf("coercion from enum literal to union '%s' needs field '%s' to be void", t.Name, op.lit())
			}
			return c.retype(op, t, c.newVal(Value{Kind: ValUnion, Type: t, Field: i,
				Elems: []*Value{{Kind: ValVoid, Type: t.Fields[i].Type}}})), ""
		}
	case KindPointer:
		if from.Kind != KindPointer || from.ID < 0 {
			break
		}
		if r, ok := c.convPointer(op, from, t); ok {
			return r, ""
		}
	case KindVoid:
		if from.Kind == KindVoid && from.ID >= 0 {
			return c.retype(op, t, nil), ""
		}
	}
	return badOp, mismatch(t, from)
}

// convPointer handles pointer coercions: *[N]T to []T and [*]T, and
// adding const or volatile.
func (c *checker) convPointer(op operand, from, t *Type) (operand, bool) {
	qualOK := (t.Const || !from.Const) && (t.Volatile || !from.Volatile) && (t.AllowZero || !from.AllowZero)
	if !qualOK {
		return badOp, false
	}
	if from.Ptr == PtrOne && from.Elem.Kind == KindArray && t.Ptr != PtrOne {
		arr := from.Elem
		if arr.Elem != t.Elem {
			return badOp, false
		}
		if t.Sentinel != nil && (arr.Sentinel == nil || arr.Sentinel.Cmp(t.Sentinel) != 0) {
			return badOp, false
		}
		if op.val != nil && t.Ptr == PtrSlice {
			v := op.val
			return c.retype(op, t, c.newVal(Value{Kind: ValSlice, Type: t, Target: v.Target,
				TargetAnon: v.TargetAnon, Offset: v.Offset, Len: arr.Len})), true
		}
		return c.retype(op, t, nil), true
	}
	if from.Ptr == t.Ptr && from.Elem == t.Elem && (t.Sentinel == nil || from.Sentinel != nil && from.Sentinel.Cmp(t.Sentinel) == 0) {
		return c.retype(op, t, nil), true
	}
	return badOp, false
}

// setAccepts reports whether error set t holds every error of from (or,
// for a known value, that value).
func (c *checker) setAccepts(t, from *Type, v *Value) bool {
	if t.IsAnyerror {
		return true
	}
	if from.IsAnyerror {
		return false
	}
	has := map[string]bool{}
	for _, e := range t.Errors {
		has[e] = true
	}
	for _, e := range from.Errors {
		if !has[e] {
			if v != nil && v.Kind == ValInt && v.Int.Uint64() != c.errCodes[e] {
				continue
			}
			return false
		}
	}
	return true
}

// canHold reports whether every value of integer type from fits in t.
func canHold(t, from *Type) bool {
	if from.Signed == t.Signed {
		return t.Bits >= from.Bits
	}
	return !from.Signed && t.Bits > from.Bits
}

// fitsInt reports whether v is in the range of integer type t.
func fitsInt(v *big.Int, t *Type) bool {
	if t.ID < 0 {
		return true
	}
	if !t.Signed {
		return v.Sign() >= 0 && v.BitLen() <= int(t.Bits)
	}
	if t.Bits == 0 {
		return v.Sign() == 0
	}
	if v.Sign() >= 0 {
		return v.BitLen() <= int(t.Bits)-1
	}
	m := new(big.Int).Neg(v)
	m.Sub(m, big.NewInt(1))
	return m.BitLen() <= int(t.Bits)-1
}

// wrapInt reduces v modulo 2^bits into t's range.
func wrapInt(v *big.Int, t *Type) *big.Int {
	if t.ID < 0 {
		return v
	}
	if t.Bits == 0 {
		return new(big.Int)
	}
	mod := new(big.Int).Lsh(big.NewInt(1), uint(t.Bits))
	r := new(big.Int).Mod(v, mod)
	if t.Signed && r.Bit(int(t.Bits)-1) == 1 {
		r.Sub(r, mod)
	}
	return r
}

// floatVal rounds f to float type t (comptime_float: to f128).
func (c *checker) floatVal(t *Type, f *big.Float) *Value {
	if t.ID < 0 {
		// Zig keeps comptime_float values as f128: every literal and
		// every operation rounds to it (an f128 that overflows stays
		// exact here, to be reported where it is used)
		if r := roundFloat(f, 128); !r.IsInf() {
			f = new(big.Float).SetPrec(floatPrec).Set(r)
		}
		return c.newVal(Value{Kind: ValFloat, Type: t, Float: f})
	}
	return c.newVal(Value{Kind: ValFloat, Type: t, Float: roundFloat(f, t.Bits)})
}

// coerceInit checks an initializer `.{...}` against type t.
func (c *checker) coerceInit(n *node, sc *scope, t *Type) operand {
	if !c.complete(t, n.pos) {
		return badOp
	}
	switch {
	case t.Kind == KindOptional:
		r := c.coerceInit(n, sc, t.Elem)
		if r.bad() {
			return r
		}
		return c.coerce(r, t, n.pos)
	case t.Kind == KindErrorUnion:
		r := c.coerceInit(n, sc, t.Elem)
		if r.bad() {
			return r
		}
		return c.coerce(r, t, n.pos)
	case t.Kind == KindStruct && t.Tuple, t.Kind == KindArray:
		if len(n.inits()) > 0 {
			c.errorf(n.pos, "type '%s' does not support struct initialization syntax", t.Name)
			return badOp
		}
		want := len(t.Fields)
		if t.Kind == KindArray {
			if uint64(len(n.elems())) != t.Len {
				c.errorf(n.pos, "expected %d array elements; found %d", t.Len, len(n.elems()))
				return badOp
			}
			want = len(n.elems())
		} else if len(n.elems()) != want {
			c.errorf(n.pos, "expected %d tuple field(s); found %d", want, len(n.elems()))
			return badOp
		}
		var buf [8]operand
		ops := buf[:0]
		if want <= len(buf) {
			ops = buf[:want]
		} else {
			ops = make([]operand, want)
		}
		failed := false
		for i, e := range n.elems() {
			ft := t.Elem
			if t.Kind == KindStruct {
				ft = t.Fields[i].Type
			}
			ops[i] = c.coerce(c.eval(e, sc, ft), ft, e.pos)
			failed = failed || ops[i].bad()
		}
		if failed {
			return badOp
		}
		return c.aggregate(t, ops, n.pos)
	case t.Kind == KindStruct:
		if len(n.elems()) > 0 {
			c.errorf(n.pos, "type '%s' does not support array initialization syntax", t.Name)
			return badOp
		}
		var buf [8]operand
		var setBuf [8]bool
		ops, set := buf[:0], setBuf[:0]
		if k := len(t.Fields); k <= len(buf) {
			ops, set = buf[:k], setBuf[:k]
		} else {
			ops, set = make([]operand, k), make([]bool, k)
		}
		failed := false
		for _, fi := range n.inits() {
			i := fieldIndex(t, fi.name)
			if i < 0 {
				c.errorf(fi.pos, "no field named '%s' in struct '%s'", fi.name, t.Name)
				failed = true
				continue
			}
			if set[i] {
				c.errorf(fi.pos, "duplicate field '%s'", fi.name)
				failed = true
				continue
			}
			set[i] = true
			ft := t.Fields[i].Type
			ops[i] = c.coerce(c.eval(fi.value, sc, ft), ft, fi.value.pos)
			failed = failed || ops[i].bad()
		}
		c.defaults(t)
		for i, f := range t.Fields {
			if set[i] || failed {
				continue
			}
			if f.Default == nil {
				if ci := c.conts[t]; ci != nil && i < len(ci.node.fields) && ci.node.fields[i].value != nil {
					failed = true // the default itself was bad; reported there
					continue
				}
				c.errorf(n.pos, "missing struct field: %s", f.Name)
				failed = true
				continue
			}
			ops[i] = operand{typ: f.Type, val: f.Default, pos: n.pos}
		}
		if failed {
			return badOp
		}
		return c.aggregate(t, ops, n.pos)
	case t.Kind == KindUnion:
		if len(n.elems()) > 0 || len(n.inits()) != 1 {
			c.errorf(n.pos, "union initializer must initialize one field")
			return badOp
		}
		fi := n.inits()[0]
		i := fieldIndex(t, fi.name)
		if i < 0 {
			c.errorf(fi.pos, "no field named '%s' in union '%s'", fi.name, t.Name)
			return badOp
		}
		ft := t.Fields[i].Type
		op := c.coerce(c.eval(fi.value, sc, ft), ft, fi.value.pos)
		if op.bad() {
			return badOp
		}
		if op.val == nil {
			c.errorf(fi.value.pos, "run-time union initializers are not supported")
			return badOp
		}
		return c.valOp(c.newVal(Value{Kind: ValUnion, Type: t, Field: i, Elems: []*Value{op.val}}), n.pos)
	case t.Kind == KindVoid && len(n.elems()) == 0 && len(n.inits()) == 0:
		return c.valOp(c.newVal(Value{Kind: ValVoid, Type: t}), n.pos)
	}
	c.errorf(n.pos, "type '%s' does not support initializer syntax", t.Name)
	return badOp
}

// aggregate builds a struct, tuple or array from element operands: a
// compile-time value when all are known, an Aggregate otherwise.
func (c *checker) aggregate(t *Type, ops []operand, pos Pos) operand {
	known := true
	for _, o := range ops {
		if o.val == nil {
			known = false
		}
	}
	if known {
		elems := make([]*Value, len(ops))
		for i, o := range ops {
			elems[i] = o.val
		}
		return c.valOp(c.newVal(Value{Kind: ValAggregate, Type: t, Elems: elems}), pos)
	}
	if c.fn == nil {
		return operand{typ: t, pos: pos}
	}
	agg := &Aggregate{Pos: pos, Type: t}
	for _, o := range ops {
		agg.Elems = append(agg.Elems, c.ir(o))
	}
	return operand{typ: t, x: agg, pos: pos}
}

// literalMember returns the index of the member of t (an enum or a
// union, named kind in the message) that the enum literal .name names,
// or -1 and why not ("" when t could not be completed, which was
// reported).
func (c *checker) literalMember(t *Type, kind, name string, pos Pos) (int, string) {
	if !c.complete(t, pos) {
		return -1, ""
	}
	i := fieldIndex(t, name)
	if i < 0 {
		return -1, fmt.Sprintf("%s '%s' has no member named '%s'", kind, t.Name, name)
	}
	return i, ""
}
