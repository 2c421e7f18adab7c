package lang

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// operand is the result of evaluating an expression: a type, a
// compile-time value, or (in function bodies) a run-time expression.
type operand struct {
	typ *Type  // the type itself (isType) or the value's type
	val *Value // compile-time value; nil when only known at run time
	x   Expr   // run-time IR (function bodies)
	pos Pos
	// init is an untyped initializer (typ == initList) or an enum
	// literal (typ == enumLit; its name is init.text).
	init   *node
	sc     *scope    // the namespace of an untyped initializer
	fn     *declInfo // a function declaration
	isType bool
	failed bool
}

// lit is the name of an enum literal operand.
func (o *operand) lit() string { return o.init.text }

func (o operand) bad() bool { return o.failed }

// isErrorUnion reports whether o is a run-time value of an error union
// type, which Zig does not let a program discard.
func (o operand) isErrorUnion() bool {
	return !o.failed && !o.isType && o.typ != nil && o.typ.Kind == KindErrorUnion
}

var badOp = operand{failed: true}

// maxComptimeBits bounds comptime_int magnitudes so that hostile constant
// arithmetic cannot exhaust memory.
const maxComptimeBits = 1 << 17

func (c *checker) typeOp(t *Type, pos Pos) operand { return operand{isType: true, typ: t, pos: pos} }

func (c *checker) valOp(v *Value, pos Pos) operand { return operand{typ: v.Type, val: v, pos: pos} }

func (c *checker) intVal(t *Type, v *big.Int) *Value {
	return c.newVal(Value{Kind: ValInt, Type: t, Int: v})
}

// newVal returns a Value holding v, from a preallocated block.
func (c *checker) newVal(v Value) *Value { return put(&c.sl.values, v) }

// eval evaluates n in namespace sc. hint, when not nil, is the type the
// result will be coerced to; it is only used to give `[_]T` lengths.
func (c *checker) eval(n *node, sc *scope, hint *Type) operand {
	if n == nil {
		return badOp
	}
	if c.stop(n.pos) {
		return badOp
	}
	c.depth++
	if c.depth > 4*c.cfg.MaxDepth+64 {
		c.depth--
		c.errorf(n.pos, "evaluation nested too deeply")
		return badOp
	}
	op := c.evalNode(n, sc, hint)
	c.depth--
	return op
}

// stop reports whether the check must stop because cfg.Context is done,
// looking at it every 4096 calls; the first time, it reports the error at
// pos.
func (c *checker) stop(pos Pos) bool {
	if c.stopped || c.chargeName(pos, 0) {
		return true
	}
	c.steps++
	if c.cfg.Context == nil || c.steps%4096 != 0 || c.cfg.Context.Err() == nil {
		return false
	}
	c.stopped = true
	c.errorf(pos, "build stopped: %v", context.Cause(c.cfg.Context))
	return true
}

// chargeName adds n bytes to the names made and reports whether the
// names are over cfg.MaxNameBytes; the first time, it reports the error at
// pos and stops the check.
func (c *checker) chargeName(pos Pos, n int) bool {
	if c.stopped {
		return true
	}
	c.names += uint64(n)
	if total := c.names + c.ts.names; total > c.cfg.MaxNameBytes {
		c.stopped = true
		c.errorf(pos, "the program's names take more than %d bytes (the limit; each lands in the symbol table and the debug strings)", c.cfg.MaxNameBytes)
		return true
	}
	return false
}

// numberLit evaluates the integer or float literal n: parse reads its
// text (false: not a valid literal of that kind), value makes the value of
// type t.
func numberLit[V any](c *checker, n *node, kind string, parse func(string) (V, bool), t *Type, value func(*Type, V) *Value) operand {
	v, ok := parse(n.text)
	if !ok {
		c.errorf(n.pos, "invalid %s literal '%s'", kind, n.text)
		return badOp
	}
	return c.valOp(value(t, v), n.pos)
}

// evalOperations evaluates the expressions that need only the node and
// its scope (initializers and operators), by kind; nil: evalNode's own
// switch. It is filled in init, since these methods reach evalNode.
var evalOperations [nBuiltin + 1]func(c *checker, n *node, sc *scope) operand

func init() {
	evalOperations = [nBuiltin + 1]func(*checker, *node, *scope) operand{
		nInit: (*checker).evalInit, nUnary: (*checker).unary, nBinary: (*checker).binary, nAddrOf: (*checker).addrOf,
		nCall: (*checker).call, nField: (*checker).fieldAccess, nIndex: (*checker).index,
	}
}

// evalNode is eval after the depth check.
func (c *checker) evalNode(n *node, sc *scope, hint *Type) operand {
	if eval := evalOperations[n.kind]; eval != nil {
		return eval(c, n, sc)
	}
	switch n.kind {
	case nInt:
		if len(n.text) > 1 && n.text[0] == '0' && (n.text[1] >= '0' && n.text[1] <= '9' || n.text[1] == '_') {
			c.errorf(n.pos, "number '%s' has leading zero", n.text)
			return badOp
		}
		if u, ok := parseSmallIntLit(n.text); ok {
			v := c.bigUint(u)
			if hint != nil && hint.Kind == KindInt && hint.ID >= 0 && fitsInt(v, hint) {
				// What coercing the comptime_int to hint would give,
				// without the intermediate comptime_int Value.
				return c.valOp(c.intVal(hint, v), n.pos)
			}
			return c.valOp(c.intVal(c.comptimeInt, v), n.pos)
		}
		return numberLit(c, n, "integer", parseIntLit, c.comptimeInt, c.intVal)
	case nChar:
		v, _ := new(big.Int).SetString(n.text, 10)
		return c.valOp(c.intVal(c.comptimeInt, v), n.pos)
	case nFloat:
		return numberLit(c, n, "float", parseFloatLit, c.comptimeFloat, c.floatVal)
	case nString:
		return c.stringLit(n)
	case nIdent:
		if hint != nil && hint.Kind == KindOptional && n.text == "null" {
			// What coercing null to hint would give.
			return c.valOp(c.newVal(Value{Kind: ValNull, Type: hint}), n.pos)
		}
		return c.ident(n, sc)
	case nEnumLit:
		return operand{typ: c.enumLit, init: n, pos: n.pos, val: c.enumLitVal}
	case nErrorVal:
		t := c.ts.ErrorSet([]string{n.text})
		return c.valOp(c.intVal(t, new(big.Int).SetUint64(c.errCode(n.text))), n.pos)
	case nVoidVal:
		return c.valOp(c.newVal(Value{Kind: ValVoid, Type: c.ts.Void}), n.pos)
	case nBuiltin:
		c.errorf(n.pos, "builtin function '@%s' is not supported", n.text)
		return badOp
	case nPtrType, nArrayType, nOptType, nErrUnion, nErrSet, nContainer, nFnType:
		t := c.typeNode(n, sc)
		if t == nil {
			return badOp
		}
		return c.typeOp(t, n.pos)
	}
	c.errorf(n.pos, "unsupported expression")
	return badOp
}

// evalType evaluates n as a type; complete lays out containers.
func (c *checker) evalType(n *node, sc *scope, complete bool) *Type {
	op := c.eval(n, sc, nil)
	if op.bad() {
		return nil
	}
	if !op.isType {
		c.errorf(n.pos, "expected type 'type', found '%s'", op.typ.Name)
		return nil
	}
	if complete && !c.complete(op.typ, n.pos) {
		return nil
	}
	return op.typ
}

// checkSize rejects types larger than the configured limit.
func (c *checker) checkSize(t *Type, pos Pos) *Type {
	if t.Size > c.cfg.MaxTypeSize {
		c.errorf(pos, "type '%s' too large: %d bytes (limit %d)", t.Name, t.Size, c.cfg.MaxTypeSize)
		return nil
	}
	return t
}

// typeNode evaluates a type constructor.
func (c *checker) typeNode(n *node, sc *scope) *Type {
	switch n.kind {
	case nPtrType:
		elem := c.evalType(n.x, sc, false)
		if elem == nil {
			return nil
		}
		if elem.ID < 0 || elem.Kind == KindType {
			c.errorf(n.x.pos, "pointer to comptime-only type '%s' is not supported", elem.Name)
			return nil
		}
		spec := PointerSpec{Size: n.ptr, Elem: elem, Const: n.isConst, Volatile: n.volatile, AllowZero: n.allowzero}
		if n.y != nil {
			spec.Align = c.alignValue(n.y, sc)
		}
		if n.sentinel() != nil {
			spec.Sentinel = c.sentinel(n.sentinel(), sc, elem)
			if spec.Sentinel == nil {
				return nil
			}
		}
		return c.ts.Pointer(spec)
	case nArrayType:
		if n.y == nil {
			c.errorf(n.pos, "unable to infer array size")
			return nil
		}
		lenOp := c.coerce(c.eval(n.y, sc, c.ts.Usize), c.ts.Int(false, 64), n.y.pos)
		if lenOp.bad() || !c.requireComptime(lenOp, n.y.pos) || lenOp.val.Kind != ValInt {
			return nil
		}
		elem := c.evalType(n.x, sc, true)
		if elem == nil {
			return nil
		}
		return c.arrayType(lenOp.val.Int.Uint64(), elem, n, sc)
	case nOptType:
		elem := c.evalType(n.x, sc, true)
		if elem == nil {
			return nil
		}
		if elem.ID < 0 || elem.Kind == KindType || elem.Kind == KindOptional && false {
			c.errorf(n.x.pos, "optional of comptime-only type '%s' is not supported", elem.Name)
			return nil
		}
		return c.checkSize(c.ts.Optional(elem), n.pos)
	case nErrUnion:
		set := c.evalType(n.x, sc, true)
		payload := c.evalType(n.y, sc, true)
		if set == nil || payload == nil {
			return nil
		}
		if set.Kind != KindErrorSet {
			c.errorf(n.x.pos, "expected error set type, found '%s'", set.Name)
			return nil
		}
		if payload.ID < 0 || payload.Kind == KindType || payload.Kind == KindErrorSet {
			c.errorf(n.y.pos, "error union with payload of type '%s' not allowed", payload.Name)
			return nil
		}
		return c.checkSize(c.ts.ErrorUnion(set, payload), n.pos)
	case nErrSet:
		seen := map[string]bool{}
		for i, name := range n.ext.names {
			if seen[name] {
				c.errorf(n.ext.namePos[i], "duplicate error set field '%s'", name)
				return nil
			}
			seen[name] = true
			c.errCode(name)
		}
		return c.ts.ErrorSet(append([]string(nil), n.ext.names...))
	case nContainer:
		if t := c.anonConts[n.cont()]; t != nil {
			return t
		}
		parent := sc.cont.Name
		if c.fn != nil {
			parent = c.fn.di.decl.FQN
		}
		if c.chargeName(n.pos, len(parent)+16) {
			return nil
		}
		t := c.newContainer(n.cont(), "", sc)
		t.Name = fmt.Sprintf("%s__%s_%d", parent, kindWord(t), t.ID)
		c.anonConts[n.cont()] = t
		c.declareMembers(t, c.conts[t].sc, n.cont())
		return t
	case nFnType:
		var params []*Type
		for _, p := range n.elems() {
			t := c.evalType(p, sc, true)
			if t == nil {
				return nil
			}
			params = append(params, t)
		}
		ret := c.evalType(n.x, sc, true)
		if ret == nil {
			return nil
		}
		return c.ts.Fn(params, ret, n.cc)
	}
	return nil
}

func (c *checker) arrayType(length uint64, elem *Type, n *node, sc *scope) *Type {
	if elem.ID < 0 || elem.Kind == KindType || elem.Kind == KindNoreturn || elem.Kind == KindOpaque {
		c.errorf(n.x.pos, "array of type '%s' not allowed", elem.Name)
		return nil
	}
	var s *big.Int
	if n.sentinel() != nil {
		if s = c.sentinel(n.sentinel(), sc, elem); s == nil {
			return nil
		}
	}
	count := length
	if s != nil {
		count++
	}
	if count < length || elem.Size != 0 && count > c.cfg.MaxTypeSize/elem.Size {
		name := fmt.Sprintf("[%d]%s", length, elem.Name)
		c.errorf(n.pos, "type '%s' too large (limit %d bytes)", name, c.cfg.MaxTypeSize)
		return nil
	}
	return c.ts.Array(length, elem, s)
}

// sentinel evaluates a sentinel value; only integer sentinels are
// supported.
func (c *checker) sentinel(n *node, sc *scope, elem *Type) *big.Int {
	if elem.Kind != KindInt {
		c.errorf(n.pos, "sentinels of type '%s' are not supported", elem.Name)
		return nil
	}
	op := c.coerce(c.eval(n, sc, elem), elem, n.pos)
	if op.bad() || !c.requireComptime(op, n.pos) || op.val.Kind != ValInt {
		return nil
	}
	return op.val.Int
}

// errCode returns the integer value of error name, assigning the next
// one on first use.
func (c *checker) errCode(name string) uint64 {
	if v, ok := c.errCodes[name]; ok {
		return v
	}
	c.prog.Errors = append(c.prog.Errors, name)
	v := uint64(len(c.prog.Errors))
	c.errCodes[name] = v
	return v
}

// stringLit makes an Anon holding the bytes and a pointer to it.
func (c *checker) stringLit(n *node) operand {
	arr := c.ts.Array(uint64(len(n.text)), c.ts.Int(false, 8), big.NewInt(0))
	elems := make([]*Value, len(n.text))
	u8 := c.ts.Int(false, 8)
	for i := 0; i < len(n.text); i++ {
		elems[i] = c.intVal(u8, big.NewInt(int64(n.text[i])))
	}
	a := &Anon{Name: fmt.Sprintf("__anon_%d", len(c.prog.Anons)), Type: arr,
		Value: c.newVal(Value{Kind: ValAggregate, Type: arr, Elems: elems})}
	c.prog.Anons = append(c.prog.Anons, a)
	pt := c.ts.Pointer(PointerSpec{Size: PtrOne, Elem: arr, Const: true})
	return c.valOp(c.newVal(Value{Kind: ValAddr, Type: pt, TargetAnon: a}), n.pos)
}

func (c *checker) ident(n *node, sc *scope) operand {
	name := n.text
	switch name {
	case "true", "false":
		return c.valOp(c.newVal(Value{Kind: ValBool, Type: c.ts.Bool, Bool: name == "true"}), n.pos)
	case "null":
		return c.valOp(c.nullVal, n.pos)
	case "undefined":
		return c.valOp(c.undefVal, n.pos)
	case "_":
		c.errorf(n.pos, "'_' used as an identifier without @\"_\" syntax")
		return badOp
	}
	if t := c.primitive(name); t != nil {
		if t == c.ts.Void && name != "void" {
			c.errorf(n.pos, "primitive integer type '%s' exceeds maximum bit width of 65535", name)
			return badOp
		}
		return c.typeOp(t, n.pos)
	}
	if c.fn != nil {
		if l := c.fn.lookup(name); l != nil {
			if l.Type == nil {
				return badOp // its declaration failed
			}
			if l.Comptime && l.Value != nil {
				return operand{typ: l.Type, val: l.Value, pos: n.pos}
			}
			return operand{typ: l.Type, x: put(&c.sl.localRefs, LocalRef{Pos: n.pos, Local: l}), pos: n.pos}
		}
	}
	di := c.lookup(sc, name)
	if di == nil {
		c.errorf(n.pos, "use of undeclared identifier '%s'", name)
		return badOp
	}
	return c.declOp(di, n.pos)
}

// declOp is the value of a reference to a declaration.
func (c *checker) declOp(di *declInfo, pos Pos) operand {
	c.depth++
	defer func() { c.depth-- }()
	if c.depth > 4*c.cfg.MaxDepth+64 {
		c.errorf(pos, "declaration dependency chain too deep")
		return badOp
	}
	c.resolveDecl(di)
	if di.bad {
		return badOp
	}
	if di.isType {
		return c.typeOp(di.typ, pos)
	}
	d := di.decl
	switch {
	case d.Kind == DeclFunc:
		return operand{fn: di, typ: d.Type, pos: pos}
	case d.Kind == DeclConst && di.val != nil:
		return operand{typ: di.val.Type, val: di.val, pos: pos}
	}
	op := operand{typ: d.Type, pos: pos}
	if c.fn != nil {
		op.x = &GlobalRef{Pos: pos, Decl: d}
	}
	return op
}

// ir returns the run-time expression of an operand.
func (c *checker) ir(op operand) Expr {
	if op.x != nil {
		return op.x
	}
	if op.val != nil {
		return put(&c.sl.consts, Const{Pos: op.pos, Value: op.val})
	}
	return nil
}

func (c *checker) fieldAccess(n *node, sc *scope) operand {
	x := c.eval(n.x, sc, nil)
	if x.bad() {
		return badOp
	}
	if x.isType {
		t := x.typ
		if ci := c.conts[t]; ci != nil {
			if di := ci.sc.decls[n.text]; di != nil {
				return c.declOp(di, n.pos)
			}
			if t.Kind == KindEnum {
				if !c.complete(t, n.pos) {
					return badOp
				}
				if i := fieldIndex(t, n.text); i >= 0 {
					return c.valOp(c.intVal(t, t.Fields[i].Value), n.pos)
				}
			}
		}
		if t.Kind == KindErrorSet && !t.IsAnyerror {
			for _, e := range t.Errors {
				if e == n.text {
					return c.valOp(c.intVal(t, new(big.Int).SetUint64(c.errCode(e))), n.pos)
				}
			}
		}
		what := kindWord(t) + " '" + t.Name + "'"
		if t == c.prog.Root {
			what = "root struct of file '" + t.Name + "'"
		}
		if !t.IsContainer() {
			what = "type '" + t.Name + "'"
		}
		c.errorf(n.pos, "%s has no member named '%s'", what, n.text)
		return badOp
	}
	t := x.typ
	if t.Kind == KindPointer && t.Ptr == PtrOne && t.Elem.Kind == KindStruct {
		if x.val != nil {
			c.errorf(n.pos, "field access through a compile-time pointer is not supported")
			return badOp
		}
		t = t.Elem
		x = operand{typ: t, x: x.x, pos: x.pos}
	}
	switch {
	case t.Kind == KindStruct && t.ID >= 0:
		if !c.complete(t, n.pos) {
			return badOp
		}
		i := fieldIndex(t, n.text)
		if i < 0 {
			c.errorf(n.pos, "no field named '%s' in struct '%s'", n.text, t.Name)
			return badOp
		}
		return c.fieldOf(x, i, n.pos)
	case t.Kind == KindArray && n.text == "len":
		return c.valOp(c.intVal(c.comptimeInt, new(big.Int).SetUint64(t.Len)), n.pos)
	case t.Kind == KindPointer && t.Ptr == PtrOne && t.Elem.Kind == KindArray && n.text == "len":
		return c.valOp(c.intVal(c.comptimeInt, new(big.Int).SetUint64(t.Elem.Len)), n.pos)
	case t.Kind == KindPointer && t.Ptr == PtrSlice && n.text == "len" && x.val != nil && x.val.Kind == ValSlice:
		return c.valOp(c.intVal(c.ts.Usize, new(big.Int).SetUint64(x.val.Len)), n.pos)
	}
	c.errorf(n.pos, "type '%s' does not support field access", t.Name)
	return badOp
}

// fieldOf selects field i of struct value x.
func (c *checker) fieldOf(x operand, i int, pos Pos) operand {
	f := x.typ.Fields[i]
	if x.val != nil {
		switch x.val.Kind {
		case ValAggregate:
			if i < len(x.val.Elems) {
				return c.valOp(x.val.Elems[i], pos)
			}
		case ValUndef:
			return c.valOp(c.newVal(Value{Kind: ValUndef, Type: f.Type}), pos)
		}
	}
	if c.fn == nil || x.x == nil && x.val == nil {
		return operand{typ: f.Type, pos: pos}
	}
	return operand{typ: f.Type, x: &FieldExpr{Pos: pos, Type: f.Type, X: c.ir(x), Field: i}, pos: pos}
}

func (c *checker) index(n *node, sc *scope) operand {
	x := c.eval(n.x, sc, nil)
	if x.bad() {
		return badOp
	}
	if x.isType {
		c.errorf(n.pos, "type '%s' cannot be indexed", x.typ.Name)
		return badOp
	}
	t := x.typ
	switch {
	case t.Kind == KindStruct && t.Tuple:
		i := c.coerce(c.eval(n.y, sc, nil), c.ts.Usize, n.y.pos)
		if i.bad() {
			return badOp
		}
		k, ok := c.constIndex(i, n.y.pos)
		if !ok {
			return badOp
		}
		if k >= uint64(len(t.Fields)) {
			c.errorf(n.y.pos, "index '%d' out of bounds of tuple '%s'", k, t.Name)
			return badOp
		}
		return c.fieldOf(x, int(k), n.pos)
	case t.Kind == KindArray:
		i := c.coerce(c.eval(n.y, sc, nil), c.ts.Usize, n.y.pos)
		if i.bad() {
			return badOp
		}
		if i.val != nil {
			k, ok := c.constIndex(i, n.y.pos)
			if !ok {
				return badOp
			}
			if k >= t.Len {
				c.errorf(n.y.pos, "index %d outside array of length %d", k, t.Len)
				return badOp
			}
			if x.val != nil {
				k := i.val.Int.Uint64()
				if x.val.Kind == ValAggregate && k < uint64(len(x.val.Elems)) {
					return c.valOp(x.val.Elems[k], n.pos)
				}
				if x.val.Kind == ValUndef {
					return c.valOp(c.newVal(Value{Kind: ValUndef, Type: t.Elem}), n.pos)
				}
			}
		}
		if c.fn == nil {
			return operand{typ: t.Elem, pos: n.pos}
		}
		return operand{typ: t.Elem, x: &IndexExpr{Pos: n.pos, Type: t.Elem, X: c.ir(x), Index: c.ir(i)}, pos: n.pos}
	}
	c.errorf(n.pos, "type '%s' does not support indexing", t.Name)
	return badOp
}

// constIndex returns a compile-time index, reporting non-integers.
func (c *checker) constIndex(i operand, pos Pos) (uint64, bool) {
	if i.val == nil || i.val.Kind != ValInt {
		c.errorf(pos, "unable to resolve comptime value")
		return 0, false
	}
	if !i.val.Int.IsUint64() {
		c.errorf(pos, "index %s out of range", i.val.Int)
		return 0, false
	}
	return i.val.Int.Uint64(), true
}

// place evaluates an assignable expression or the operand of &: locals
// stay LocalRef even when compile-time known.
func (c *checker) place(n *node, sc *scope) (operand, bool) {
	switch n.kind {
	case nIdent:
		if c.fn != nil {
			if l := c.fn.lookup(n.text); l != nil {
				if l.Type == nil {
					return badOp, false
				}
				return operand{typ: l.Type, x: put(&c.sl.localRefs, LocalRef{Pos: n.pos, Local: l}), pos: n.pos}, l.Const
			}
		}
		if n.text == "_" {
			break
		}
		di := c.lookup(sc, n.text)
		if di == nil {
			if c.primitive(n.text) == nil {
				c.errorf(n.pos, "use of undeclared identifier '%s'", n.text)
				return badOp, false
			}
			break
		}
		c.resolveDecl(di)
		if di.bad {
			return badOp, false
		}
		d := di.decl
		if d.Kind != DeclVar && d.Kind != DeclConst {
			break
		}
		return operand{typ: d.Type, x: &GlobalRef{Pos: n.pos, Decl: d}, pos: n.pos}, d.Kind == DeclConst
	case nField:
		if di := c.memberDecl(n, sc); di != nil {
			c.resolveDecl(di)
			if di.bad {
				return badOp, false
			}
			if d := di.decl; !di.isType && (d.Kind == DeclVar || d.Kind == DeclConst) {
				return operand{typ: d.Type, x: &GlobalRef{Pos: n.pos, Decl: d}, pos: n.pos}, d.Kind == DeclConst
			}
			break
		}
		x, isConst := c.place(n.x, sc)
		if x.bad() {
			return badOp, false
		}
		t := x.typ
		if t.Kind == KindPointer && t.Ptr == PtrOne && t.Elem.Kind == KindStruct {
			isConst = t.Const
			t = t.Elem
		}
		if t.Kind != KindStruct || !c.complete(t, n.pos) {
			break
		}
		i := fieldIndex(t, n.text)
		if i < 0 {
			c.errorf(n.pos, "no field named '%s' in struct '%s'", n.text, t.Name)
			return badOp, false
		}
		f := t.Fields[i]
		return operand{typ: f.Type, x: &FieldExpr{Pos: n.pos, Type: f.Type, X: x.x, Field: i}, pos: n.pos}, isConst
	case nIndex:
		x, isConst := c.place(n.x, sc)
		if x.bad() {
			return badOp, false
		}
		if x.typ.Kind == KindStruct && x.typ.Tuple {
			i := c.coerce(c.eval(n.y, sc, nil), c.ts.Usize, n.y.pos)
			if i.bad() {
				return badOp, false
			}
			k, ok := c.constIndex(i, n.y.pos)
			if !ok {
				return badOp, false
			}
			if k >= uint64(len(x.typ.Fields)) {
				c.errorf(n.y.pos, "index '%d' out of bounds of tuple '%s'", k, x.typ.Name)
				return badOp, false
			}
			f := x.typ.Fields[k]
			return operand{typ: f.Type, x: &FieldExpr{Pos: n.pos, Type: f.Type, X: x.x, Field: int(k)}, pos: n.pos}, isConst
		}
		if x.typ.Kind != KindArray {
			break
		}
		i := c.coerce(c.eval(n.y, sc, nil), c.ts.Usize, n.y.pos)
		if i.bad() {
			return badOp, false
		}
		if i.val != nil {
			k, ok := c.constIndex(i, n.y.pos)
			if !ok {
				return badOp, false
			}
			if k >= x.typ.Len {
				c.errorf(n.y.pos, "index %d outside array of length %d", k, x.typ.Len)
				return badOp, false
			}
		}
		return operand{typ: x.typ.Elem, x: &IndexExpr{Pos: n.pos, Type: x.typ.Elem, X: x.x, Index: c.ir(i)}, pos: n.pos}, isConst
	}
	c.errorf(n.pos, "expression is not assignable and has no address")
	return badOp, false
}

// addrOf evaluates &x: a compile-time address for globals (with the
// offset of a selected field or element), AddrOf for locals.
func (c *checker) addrOf(n *node, sc *scope) operand {
	if d, off, t, isConst, ok := c.globalPlace(n.x, sc); ok {
		if d == nil {
			return badOp
		}
		if d.ThreadLocal && c.fn == nil {
			// each thread has its own: no address is known at compile time
			c.errorf(n.pos, "unable to resolve comptime value")
			return badOp
		}
		pt := c.ts.Pointer(PointerSpec{Size: PtrOne, Elem: t, Const: isConst})
		return c.valOp(c.newVal(Value{Kind: ValAddr, Type: pt, Target: d, Offset: off}), n.pos)
	}
	if d := c.funcDecl(n.x, sc); d != nil {
		// &f: a function pointer, a compile-time address in .text
		pt := c.ts.Pointer(PointerSpec{Size: PtrOne, Elem: d.Type, Const: true})
		return c.valOp(c.newVal(Value{Kind: ValAddr, Type: pt, Target: d}), n.pos)
	}
	if c.fn == nil {
		c.errorf(n.x.pos, "unable to take the address of this expression")
		return badOp
	}
	x, isConst := c.place(n.x, sc)
	if x.bad() {
		return badOp
	}
	pt := c.ts.Pointer(PointerSpec{Size: PtrOne, Elem: x.typ, Const: isConst})
	return operand{typ: pt, x: &AddrOf{Pos: n.pos, Type: pt, X: x.x}, pos: n.pos}
}

// globalPlace resolves n if it names a global variable or constant, or a
// field or constant-index element of one. ok is false when n is not such
// a path; d is nil when it is but an error was reported.
func (c *checker) globalPlace(n *node, sc *scope) (d *Decl, off uint64, t *Type, isConst, ok bool) {
	switch n.kind {
	case nIdent:
		if c.fn != nil && c.fn.lookup(n.text) != nil {
			return nil, 0, nil, false, false
		}
		di := c.lookup(sc, n.text)
		if di == nil {
			return nil, 0, nil, false, false
		}
		c.resolveDecl(di)
		if di.bad {
			return nil, 0, nil, false, true
		}
		dd := di.decl
		if dd.Kind != DeclVar && dd.Kind != DeclConst {
			return nil, 0, nil, false, false
		}
		return dd, 0, dd.Type, dd.Kind == DeclConst, true
	case nField:
		if di := c.memberDecl(n, sc); di != nil {
			c.resolveDecl(di)
			if di.bad {
				return nil, 0, nil, false, true
			}
			if dd := di.decl; !di.isType && (dd.Kind == DeclVar || dd.Kind == DeclConst) {
				return dd, 0, dd.Type, dd.Kind == DeclConst, true
			}
			return nil, 0, nil, false, false
		}
		d, off, t, isConst, ok = c.globalPlace(n.x, sc)
		if !ok || d == nil {
			return
		}
		if t.Kind != KindStruct || t.Layout == LayoutPacked || !c.complete(t, n.pos) {
			c.errorf(n.pos, "type '%s' does not support field access", t.Name)
			return nil, 0, nil, false, true
		}
		i := fieldIndex(t, n.text)
		if i < 0 {
			c.errorf(n.pos, "no field named '%s' in struct '%s'", n.text, t.Name)
			return nil, 0, nil, false, true
		}
		return d, off + t.Fields[i].Offset, t.Fields[i].Type, isConst, true
	case nIndex:
		d, off, t, isConst, ok = c.globalPlace(n.x, sc)
		if !ok || d == nil {
			return
		}
		i := c.coerce(c.eval(n.y, sc, nil), c.ts.Usize, n.y.pos)
		if i.bad() {
			return nil, 0, nil, false, true
		}
		k, ok2 := c.constIndex(i, n.y.pos)
		if !ok2 {
			return nil, 0, nil, false, true
		}
		switch {
		case t.Kind == KindArray && k < t.Len:
			return d, off + k*t.Elem.Size, t.Elem, isConst, true
		case t.Kind == KindStruct && t.Tuple && k < uint64(len(t.Fields)):
			return d, off + t.Fields[k].Offset, t.Fields[k].Type, isConst, true
		}
		c.errorf(n.y.pos, "index %d out of bounds of '%s'", k, t.Name)
		return nil, 0, nil, false, true
	}
	return nil, 0, nil, false, false
}

// funcDecl returns the function n names (`f`, `ns.f`), or nil.
func (c *checker) funcDecl(n *node, sc *scope) *Decl {
	var di *declInfo
	switch n.kind {
	case nIdent:
		if c.fn != nil && c.fn.lookup(n.text) != nil {
			return nil
		}
		di = c.lookup(sc, n.text)
	case nField:
		di = c.memberDecl(n, sc)
	}
	if di == nil {
		return nil
	}
	c.resolveDecl(di)
	if di.bad || di.isType || di.decl == nil || di.decl.Kind != DeclFunc {
		return nil
	}
	return di.decl
}

// memberDecl resolves n when it is `T.name` with T a container type
// named by an identifier or such a path (`ns.inner.g`): the declaration
// it names, or nil when n is not such a path.
func (c *checker) memberDecl(n *node, sc *scope) *declInfo {
	if n.kind != nField {
		return nil
	}
	var di *declInfo
	switch n.x.kind {
	case nIdent:
		if c.fn != nil && c.fn.lookup(n.x.text) != nil {
			return nil
		}
		di = c.lookup(sc, n.x.text)
	case nField:
		di = c.memberDecl(n.x, sc)
	}
	if di == nil {
		return nil
	}
	c.resolveDecl(di)
	if di.bad || !di.isType {
		return nil
	}
	if ci := c.conts[di.typ]; ci != nil {
		return ci.sc.decls[n.text]
	}
	return nil
}

func (c *checker) call(n *node, sc *scope) operand {
	f := c.eval(n.x, sc, nil)
	if f.bad() {
		return badOp
	}
	if f.fn == nil {
		c.errorf(n.pos, "type '%s' is not a function", f.typ.Name)
		return badOp
	}
	if c.fn == nil {
		c.errorf(n.pos, "unable to evaluate comptime expression: function calls are not supported at compile time")
		return badOp
	}
	fd := f.fn.decl
	params := fd.Func.Params
	if len(n.elems()) != len(params) {
		c.errorf(n.pos, "expected %d argument(s), found %d", len(params), len(n.elems()))
		return badOp
	}
	call := put(&c.sl.calls, Call{Pos: n.pos, Fn: fd})
	failed := false
	for i, a := range n.elems() {
		op := c.coerce(c.eval(a, sc, params[i].Type), params[i].Type, a.pos)
		if op.bad() {
			failed = true
			continue
		}
		call.Args = append(call.Args, c.ir(op))
	}
	if failed {
		return badOp
	}
	return operand{typ: fd.Func.Ret, x: call, pos: n.pos}
}

// evalInit evaluates `.{...}` (left untyped until coerced) or `T{...}`.
func (c *checker) evalInit(n *node, sc *scope) operand {
	if n.x == nil {
		return operand{typ: c.initList, init: n, sc: sc, pos: n.pos, val: c.initListVal}
	}
	if n.x.kind == nArrayType && n.x.y == nil {
		if n.inits() != nil {
			c.errorf(n.pos, "array initializers take no field names")
			return badOp
		}
		elem := c.evalType(n.x.x, sc, true)
		if elem == nil {
			return badOp
		}
		t := c.arrayType(uint64(len(n.elems())), elem, n.x, sc)
		if t == nil {
			return badOp
		}
		return c.coerceInit(n, sc, t)
	}
	t := c.evalType(n.x, sc, true)
	if t == nil {
		return badOp
	}
	return c.coerceInit(n, sc, t)
}

// bigUint returns a new big.Int holding u whose one-word magnitude is
// allocated with it, from a block.
func (c *checker) bigUint(u uint64) *big.Int {
	if uint64(big.Word(u)) != u {
		return new(big.Int).SetUint64(u)
	}
	b := c.sl.bigs.alloc()
	b.w[0] = big.Word(u)
	return b.i.SetBits(b.w[:])
}

// parseIntLit parses an integer literal in any base, with `_`.
func parseIntLit(s string) (*big.Int, bool) {
	if v, ok := parseSmallIntLit(s); ok {
		return new(big.Int).SetUint64(v), true
	}
	s, base := intLitBase(s)
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return nil, false
	}
	return new(big.Int).SetString(strings.ReplaceAll(s, "_", ""), base)
}

// intLitBase splits an integer literal's 0x/0o/0b prefix off and returns
// the digits and their base.
func intLitBase(s string) (digits string, base int) {
	if len(s) > 2 && s[0] == '0' {
		switch s[1] {
		case 'x':
			return s[2:], 16
		case 'o':
			return s[2:], 8
		case 'b':
			return s[2:], 2
		}
	}
	return s, 10
}

// parseSmallIntLit is parseIntLit's fast path for literals whose value
// fits in 64 bits. ok is false for anything else (including invalid
// literals), which the exact parser then handles.
func parseSmallIntLit(s string) (v uint64, ok bool) {
	s, b := intLitBase(s)
	base := uint64(b)
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return 0, false
	}
	prevUnderscore := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' {
			if prevUnderscore {
				return 0, false
			}
			prevUnderscore = true
			continue
		}
		prevUnderscore = false
		var d uint64
		switch {
		case c >= '0' && c <= '9':
			d = uint64(c - '0')
		case c >= 'a' && c <= 'f':
			d = uint64(c-'a') + 10
		case c >= 'A' && c <= 'F':
			d = uint64(c-'A') + 10
		default:
			return 0, false
		}
		if d >= base || v > (math.MaxUint64-d)/base {
			return 0, false
		}
		v = v*base + d
	}
	return v, true
}

// floatPrec is the precision comptime_float values are kept at.
const floatPrec = 1024

// parseFloatLit parses a decimal or hexadecimal float literal exactly
// (as a rational) and rounds it once to floatPrec bits.
func parseFloatLit(s string) (*big.Float, bool) {
	if strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") || strings.Contains(s, "__") {
		return nil, false
	}
	s = strings.ReplaceAll(s, "_", "")
	if strings.HasPrefix(s, "0x") {
		f, _, err := new(big.Float).SetPrec(floatPrec).Parse(s, 0)
		if err != nil || f.IsInf() {
			return nil, false
		}
		return f, true
	}
	// exponent bound: big.Rat would otherwise build 10^huge
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 100000 || e < -100000 {
			return nil, false
		}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, false
	}
	f := new(big.Float).SetPrec(floatPrec).SetRat(r)
	return f, true
}
