package lang

import (
	"bytes"
	"fmt"
	"math/big"
	"strconv"
)

// checker resolves names, evaluates declarations and lays out types.
type checker struct {
	path string
	cfg  Config
	ts   *Types
	prog *Program
	errs *errSink

	// steps counts evaluations, to look at cfg.Context now and then;
	// stopped is set once it was found done.
	steps   int
	stopped bool
	// names counts the bytes of declarations' fully qualified names
	// and anonymous containers' names, for cfg.MaxNameBytes.
	names uint64

	// comptimeInt, comptimeFloat, enumLit, initList and undef are the
	// types of untyped compile-time values. They are not in ts.All and
	// never reach a Program.
	comptimeInt, comptimeFloat, enumLit, initList, undef *Type
	// enumLitVal, initListVal, nullVal and undefVal are the shared
	// values of enum literals, untyped initializers, null and undefined.
	// Values are never changed once made and these never reach a
	// Program (coercion makes a new Value of the target type).
	enumLitVal, initListVal, nullVal, undefVal *Value
	// namedTypes maps the primitive types made with the checker to their
	// names; primitive makes the sized ones on first use.
	namedTypes map[string]*Type

	conts     map[*Type]*contInfo
	anonConts map[*containerNode]*Type
	work      []*declInfo // every declaration, in creation order
	errCodes  map[string]uint64
	depth     int
	tooMany   bool
	fn        *fnCtx
	deferBody []*declInfo
	sl        irSlabs
	// visibleBuf is the reused backing array of fnCtx.visible.
	visibleBuf []namedLocal
}

// scope is a container's namespace.
type scope struct {
	parent *scope
	cont   *Type
	decls  map[string]*declInfo
}

// declInfo is the checker's state for one declaration.
type declInfo struct {
	node  *declNode
	decl  *Decl
	sc    *scope
	state uint8 // 0 new, 1 resolving, 2 done
	bad   bool
	// isType is set when the declaration names a type (typ).
	isType bool
	typ    *Type
	// val is a constant's compile-time value (untyped for `const x = 5`).
	val *Value
}

// contInfo is the checker's state for one container type.
type contInfo struct {
	node     *containerNode
	sc       *scope // the container's own namespace
	state    uint8
	defaults uint8
	bad      bool
}

func newChecker(path string, src []byte, cfg Config, errs *errSink) *checker {
	ts := NewTypes(cfg.Arch)
	c := &checker{path: path, cfg: cfg, ts: ts, errs: errs,
		conts: map[*Type]*contInfo{}, anonConts: map[*containerNode]*Type{}, errCodes: map[string]uint64{}}
	c.comptimeInt = &Type{Kind: KindInt, Name: "comptime_int", ID: -1, Signed: true, Align: 1, Resolved: true}
	c.comptimeFloat = &Type{Kind: KindFloat, Name: "comptime_float", ID: -1, Bits: 128, Align: 1, Resolved: true}
	c.enumLit = &Type{Kind: KindVoid, Name: "@TypeOf(.enum_literal)", ID: -1, Align: 1, Resolved: true}
	c.initList = &Type{Kind: KindStruct, Name: "@TypeOf(.{})", ID: -1, Align: 1, Resolved: true}
	c.undef = &Type{Kind: KindVoid, Name: "@TypeOf(undefined)", ID: -1, Align: 1, Resolved: true}
	c.enumLitVal = &Value{Kind: ValVoid, Type: c.enumLit}
	c.initListVal = &Value{Kind: ValVoid, Type: c.initList}
	c.nullVal = &Value{Kind: ValNull, Type: ts.Null}
	c.undefVal = &Value{Kind: ValUndef, Type: c.undef}
	c.namedTypes = map[string]*Type{"bool": ts.Bool, "void": ts.Void, "noreturn": ts.Noreturn, "type": ts.TypeType,
		"usize": ts.Usize, "isize": ts.Isize, "anyerror": ts.Anyerror, "comptime_int": c.comptimeInt, "comptime_float": c.comptimeFloat}
	c.prog = &Program{Path: path, Source: src, Module: "root", Types: ts}
	return c
}

func (c *checker) errorf(pos Pos, format string, args ...any) {
	c.errs.add(pos, fmt.Sprintf(format, args...))
}

// check runs all phases over the parsed file.
func (c *checker) check(root *containerNode) *Program {
	rt := c.ts.NewContainer(KindStruct, fileStem(c.path))
	rt.Namespace = true
	c.prog.Root = rt
	ci := put(&c.sl.contInfos, contInfo{node: root, sc: put(&c.sl.scopes, scope{cont: rt, decls: make(map[string]*declInfo, len(root.decls))})})
	// Most declarations are usually top-level ones.
	if n := min(len(root.decls), c.cfg.MaxDecls); n > 0 {
		c.prog.Decls = make([]*Decl, 0, n)
		c.work = make([]*declInfo, 0, n)
		rt.Scope = make([]*Decl, 0, n)
	}
	c.conts[rt] = ci
	if len(root.fields) > 0 {
		c.errorf(root.fields[0].pos, "fields in the root struct are not supported")
	}
	c.declareMembers(rt, ci.sc, root)
	// Declarations, container layouts (including containers nothing
	// refers to) and function bodies, until checking a body adds no new
	// declarations or types.
	wi, ti, bi := 0, 0, 0
	for !c.stopped && (wi < len(c.work) || ti < len(c.ts.All) || bi < len(c.deferBody)) {
		for ; wi < len(c.work) && !c.stop(Pos{}); wi++ {
			c.resolveDecl(c.work[wi])
		}
		for ; ti < len(c.ts.All); ti++ {
			if t := c.ts.All[ti]; c.conts[t] != nil {
				c.complete(t, Pos{})
				c.defaults(t)
			}
		}
		for ; bi < len(c.deferBody) && wi == len(c.work); bi++ {
			c.checkBody(c.deferBody[bi])
		}
	}
	return c.prog
}

// declareMembers creates the declarations of container t (with
// namespace sc) and, depth first, those of containers they declare.
func (c *checker) declareMembers(t *Type, sc *scope, cn *containerNode) {
	for _, dn := range cn.decls {
		if c.tooMany {
			return
		}
		if len(c.work) >= c.cfg.MaxDecls {
			c.errorf(dn.pos, "too many declarations (limit %d)", c.cfg.MaxDecls)
			c.tooMany = true
			return
		}
		if c.chargeName(dn.pos, len(t.Name)+1+len(dn.name)) {
			c.tooMany = true
			return
		}
		d := put(&c.sl.decls, Decl{Name: dn.name, FQN: t.Name + "." + dn.name, Parent: t,
			Line: dn.pos.Line, Col: dn.pos.Col, Pub: dn.pub, Export: dn.export,
			Extern: dn.extern, ThreadLocal: dn.threadlocal})
		di := put(&c.sl.declInfos, declInfo{node: dn, decl: d, sc: sc})
		if prim := c.primitive(dn.name); prim != nil {
			c.errorf(dn.namePos, "name shadows primitive '%s'", dn.name)
		} else if old := sc.decls[dn.name]; old != nil {
			c.errorf(dn.namePos, "redeclaration of '%s'", dn.name)
		} else {
			sc.decls[dn.name] = di
		}
		t.Scope = append(t.Scope, d)
		c.prog.Decls = append(c.prog.Decls, d)
		c.work = append(c.work, di)
		switch {
		case dn.isFn:
			d.Kind = DeclFunc
		case dn.isVar:
			d.Kind = DeclVar
		case dn.typ == nil && dn.init != nil && dn.init.kind == nContainer:
			// const S = struct {...}: the type exists now so that its
			// members can be declared right after it.
			nt := c.newContainer(dn.init.cont(), d.FQN, sc)
			nt.Decl = d
			d.Kind = DeclType
			d.Value = nt
			di.isType, di.typ = true, nt
			c.declareMembers(nt, c.conts[nt].sc, dn.init.cont())
		default:
			d.Kind = DeclConst
		}
	}
}

// newContainer creates the type of a container expression.
func (c *checker) newContainer(cn *containerNode, name string, parent *scope) *Type {
	t := c.ts.NewContainer(cn.kind, name)
	t.Layout = cn.layout
	if cn.kind == KindStruct && len(cn.fields) == 0 {
		t.Namespace = true
	}
	c.conts[t] = put(&c.sl.contInfos, contInfo{node: cn, sc: put(&c.sl.scopes, scope{parent: parent, cont: t, decls: make(map[string]*declInfo, len(cn.decls))})})
	return t
}

// lookup finds a declaration by name in sc or an enclosing namespace.
func (c *checker) lookup(sc *scope, name string) *declInfo {
	for ; sc != nil; sc = sc.parent {
		if di := sc.decls[name]; di != nil {
			return di
		}
	}
	return nil
}

// sizedPrimitives are the primitive types made on first use, other than
// uN and iN: the floats and the C integer types.
var sizedPrimitives = map[string]struct {
	kind   Kind
	signed bool
	bits   uint32
}{
	"f16": {KindFloat, false, 16}, "f32": {KindFloat, false, 32}, "f64": {KindFloat, false, 64}, "f80": {KindFloat, false, 80}, "f128": {KindFloat, false, 128},
	"c_int": {KindInt, true, 32}, "c_uint": {KindInt, false, 32}, "c_char": {KindInt, true, 8},
}

// primitive returns the primitive type named name, or nil.
func (c *checker) primitive(name string) *Type {
	if t := c.namedTypes[name]; t != nil {
		return t
	}
	if s, ok := sizedPrimitives[name]; ok {
		if s.kind == KindFloat {
			return c.ts.Float(s.bits)
		}
		return c.ts.Int(s.signed, s.bits)
	}
	if len(name) >= 2 && (name[0] == 'u' || name[0] == 'i') && name[1] >= '0' && name[1] <= '9' {
		if name[1] == '0' && len(name) > 2 {
			return nil
		}
		for _, ch := range name[1:] {
			if ch < '0' || ch > '9' {
				return nil
			}
		}
		n, err := strconv.ParseUint(name[1:], 10, 32)
		if err != nil || n > 65535 {
			return c.ts.Void // reported by the caller
		}
		return c.ts.Int(name[0] == 'i', uint32(n))
	}
	return nil
}

// resolveDecl computes a declaration's type and value.
// exportPos is where Zig reports an exported declaration: its `export`
// keyword, on the line of the `var` keyword before it.
func (c *checker) exportPos(dn *declNode) Pos {
	src := c.prog.Source
	line, start := 1, 0
	for i := 0; i < len(src) && line < dn.pos.Line; i++ {
		if src[i] == '\n' {
			line, start = line+1, i+1
		}
	}
	end := min(start+dn.pos.Col-1, len(src))
	if i := bytes.LastIndex(src[start:end], []byte("export")); i >= 0 {
		return Pos{dn.pos.Line, i + 1}
	}
	return dn.pos
}

func (c *checker) resolveDecl(di *declInfo) {
	switch di.state {
	case 2:
		return
	case 1:
		c.errorf(di.node.pos, "dependency loop detected")
		di.bad = true
		return
	}
	di.state = 1
	defer func() { di.state = 2 }()
	dn, d := di.node, di.decl
	saved := c.fn
	c.fn = nil
	defer func() { c.fn = saved }()
	if dn.align != nil {
		d.Align = c.alignValue(dn.align, di.sc)
	}
	if dn.isFn {
		c.resolveFunc(di)
		return
	}
	if d.Kind == DeclType {
		return
	}
	if dn.typ != nil {
		t := c.evalType(dn.typ, di.sc, true)
		if t == nil {
			di.bad = true
			return
		}
		if dn.isVar && t.Kind == KindOptional && t.Elem.Kind == KindNoreturn {
			// ?noreturn is comptime-only: its one value is null
			// (reported as runtimeType reports the others)
			c.errorf(dn.typ.pos, "variable of type '%s' must be const or comptime", t.Name)
			di.bad = true
			return
		}
		if !c.setDeclType(di, t, dn.typ.pos) {
			return
		}
		if dn.init == nil {
			return // extern
		}
		op := c.coerce(c.eval(dn.init, di.sc, t), t, dn.init.pos)
		if op.bad() {
			di.bad = true
			return
		}
		if !c.requireComptime(op, dn.init.pos) {
			di.bad = true
			return
		}
		d.Init = op.val
		if !dn.isVar {
			di.val = op.val
		}
		return
	}
	if dn.init == nil {
		c.errorf(dn.namePos, "unable to infer variable type")
		di.bad = true
		return
	}
	op := c.eval(dn.init, di.sc, nil)
	switch {
	case op.bad():
		di.bad = true
		return
	case op.isType:
		if dn.isVar {
			c.errorf(dn.init.pos, "variable of type 'type' must be const or comptime")
			di.bad = true
			return
		}
		d.Kind = DeclAlias
		d.Value = op.typ
		di.isType, di.typ = true, op.typ
		return
	}
	if !c.requireComptime(op, dn.init.pos) {
		di.bad = true
		return
	}
	t := op.typ
	switch t {
	case c.comptimeInt:
		if dn.isVar {
			c.errorf(dn.init.pos, "variable of type 'comptime_int' must be const or comptime")
			di.bad = true
			return
		}
		t = c.smallestInt(op.val.Int)
	case c.comptimeFloat:
		if dn.isVar {
			c.errorf(dn.init.pos, "variable of type 'comptime_float' must be const or comptime")
			di.bad = true
			return
		}
		t = c.ts.Float(64)
	case c.enumLit, c.initList, c.undef, c.ts.Null:
		c.errorf(dn.init.pos, "unable to infer type of '%s'; add a type annotation", dn.name)
		di.bad = true
		return
	}
	if op.fn != nil || t.Kind == KindFn {
		c.errorf(dn.init.pos, "function aliases are not supported")
		di.bad = true
		return
	}
	if !c.setDeclType(di, t, dn.init.pos) {
		return
	}
	typed := c.coerce(op, t, dn.init.pos)
	d.Init = typed.val
	if !dn.isVar {
		// Keep the untyped value so that `const x = 5;` behaves like a
		// comptime_int in expressions, as in Zig.
		di.val = op.val
	}
}

// setDeclType gives the declaration of di the type t, written or
// inferred at pos, if a variable can have it and an exported one can be
// exported; otherwise it reports why, marks di bad and returns false.
func (c *checker) setDeclType(di *declInfo, t *Type, pos Pos) bool {
	if !c.runtimeType(t, pos) {
		di.bad = true
		return false
	}
	di.decl.Type = t
	if di.node.export && !externable(t) {
		c.errorf(c.exportPos(di.node), "unable to export type '%s'", t.Name)
		di.bad = true
		return false
	}
	return true
}

// smallestInt is the type a `const x = N;` declaration is emitted with:
// comptime_int has no run-time representation, so the debugger sees the
// narrowest integer type that holds the value exactly (u0 for 0, u3 for
// 5, i4 for -5). In expressions the constant still acts as an untyped
// comptime_int.
func (c *checker) smallestInt(v *big.Int) *Type {
	if v.Sign() >= 0 {
		return c.ts.Int(false, uint32(v.BitLen()))
	}
	m := new(big.Int).Neg(v)
	m.Sub(m, big.NewInt(1))
	return c.ts.Int(true, uint32(m.BitLen())+1)
}

// runtimeType reports whether t can be the type of a variable, and
// reports an error if not.
func (c *checker) runtimeType(t *Type, pos Pos) bool {
	switch {
	case t.ID < 0 || t.Kind == KindType:
		c.errorf(pos, "variable of type '%s' must be const or comptime", t.Name)
		return false
	case t.Kind == KindNoreturn || t.Kind == KindOpaque || t.Kind == KindFn:
		c.errorf(pos, "variable of type '%s' not allowed", t.Name)
		return false
	}
	return true
}

func (c *checker) requireComptime(op operand, pos Pos) bool {
	if op.val == nil {
		c.errorf(pos, "unable to resolve comptime value")
		return false
	}
	return true
}

// alignValue evaluates align(N).
func (c *checker) alignValue(n *node, sc *scope) uint64 {
	op := c.coerce(c.eval(n, sc, nil), c.ts.Int(false, 29), n.pos)
	if op.bad() || op.val == nil || op.val.Kind != ValInt {
		if !op.bad() {
			c.errorf(n.pos, "unable to resolve comptime value")
		}
		return 0
	}
	a := op.val.Int.Uint64()
	if a == 0 || a&(a-1) != 0 {
		c.errorf(n.pos, "alignment value '%d' is not a power of two", a)
		return 0
	}
	return a
}

// resolveFunc computes a function's type; its body is checked after all
// declarations are resolved.
func (c *checker) resolveFunc(di *declInfo) {
	dn, d := di.node, di.decl
	f := put(&c.sl.funcs, Func{CC: dn.cc})
	var params []*Type
	if len(dn.params) > 0 {
		params = make([]*Type, 0, len(dn.params))
	}
	var seen nameSet
	for _, pn := range dn.params {
		t := c.evalType(pn.typ, di.sc, true)
		if t == nil {
			di.bad = true
			continue
		}
		if pn.comptime {
			c.errorf(pn.pos, "comptime parameters are not supported")
			di.bad = true
		}
		if t.ID < 0 || t.Kind == KindType || t.Kind == KindOpaque || t.Kind == KindNoreturn {
			c.errorf(pn.typ.pos, "parameter of type '%s' not allowed", t.Name)
			di.bad = true
			continue
		}
		if (dn.cc == CallConvC || dn.export) && !externable(t) {
			c.errorf(pn.pos, "parameter of type '%s' not allowed in function with calling convention 'C'", t.Name)
			di.bad = true
			continue
		}
		if pn.name != "" {
			if !seen.add(pn.name) {
				c.errorf(pn.pos, "redeclaration of function parameter '%s'", pn.name)
			}
		}
		l := put(&c.sl.locals, Local{Name: pn.name, Type: t, Param: true, Index: len(f.Locals), Const: true, Line: pn.pos.Line, Col: pn.pos.Col})
		f.Params = append(f.Params, l)
		f.Locals = append(f.Locals, l)
		params = append(params, t)
	}
	ret := c.evalType(dn.ret, di.sc, true)
	if ret == nil {
		di.bad = true
		return
	}
	if ret.ID < 0 || ret.Kind == KindType || ret.Kind == KindOpaque {
		c.errorf(dn.ret.pos, "return type '%s' not allowed", ret.Name)
		di.bad = true
		return
	}
	if di.bad {
		return
	}
	f.Ret = ret
	d.Type = c.ts.Fn(params, ret, dn.cc)
	d.Func = f
	if dn.body != nil {
		c.deferBody = append(c.deferBody, di)
	}
}

// complete lays out container t, resolving its fields first. pos is
// where the layout was needed (for loop diagnostics).
func (c *checker) complete(t *Type, pos Pos) bool {
	ci := c.conts[t]
	if ci == nil {
		return true
	}
	switch ci.state {
	case 2:
		return !ci.bad
	case 1:
		if pos.Line == 0 {
			pos = ci.node.pos
		}
		c.errorf(pos, "%s '%s' depends on itself", kindWord(t), t.Name)
		ci.bad = true
		return false
	}
	ci.state = 1
	defer func() { ci.state = 2 }()
	saved := c.fn
	c.fn = nil
	defer func() { c.fn = saved }()
	cn := ci.node
	var seen nameSet
	for i, fn := range cn.fields {
		f := put(&c.sl.fields, Field{Name: fn.name, Line: fn.pos.Line, Col: fn.pos.Col, Comptime: fn.comptime})
		if fn.tuple {
			f.Name = strconv.Itoa(i)
		}
		if !seen.add(f.Name) {
			c.errorf(fn.pos, "duplicate %s member name '%s'", kindWord(t), f.Name)
			ci.bad = true
		}
		if t.Kind != KindEnum {
			if fn.typ == nil {
				f.Type = c.ts.Void
			} else if ft := c.evalType(fn.typ, ci.sc, true); ft != nil {
				if ft.ID < 0 || ft.Kind == KindType || ft.Kind == KindOpaque || ft.Kind == KindNoreturn || ft.Kind == KindFn {
					c.errorf(fn.typ.pos, "field of type '%s' not allowed", ft.Name)
					ci.bad = true
					f.Type = c.ts.Void
				} else {
					f.Type = ft
				}
			} else {
				ci.bad = true
				f.Type = c.ts.Void
			}
			if t.Layout == LayoutPacked && !packable(f.Type) {
				c.errorf(fn.typ.pos, "packed structs cannot contain fields of type '%s'", f.Type.Name)
				ci.bad = true
			}
			if t.Layout == LayoutExtern && !externable(f.Type) {
				c.errorf(fn.typ.pos, "extern structs cannot contain fields of type '%s'", f.Type.Name)
				ci.bad = true
			}
		}
		if fn.align != nil {
			if t.Layout == LayoutPacked {
				c.errorf(fn.align.pos, "unable to override alignment of packed struct fields")
			} else {
				f.Align = c.alignValue(fn.align, ci.sc)
			}
		}
		t.Fields = append(t.Fields, f)
	}
	if len(cn.fields) > 0 && cn.fields[0].tuple && t.Kind == KindStruct {
		t.Tuple = true
		for _, fn := range cn.fields {
			if !fn.tuple {
				c.errorf(fn.pos, "tuple field has a name")
				ci.bad = true
				break
			}
		}
	} else {
		for _, fn := range cn.fields {
			if fn.tuple {
				c.errorf(fn.pos, "tuple field in a struct with named fields")
				ci.bad = true
				break
			}
		}
	}
	switch t.Kind {
	case KindEnum:
		c.completeEnum(t, ci)
	case KindUnion:
		c.completeUnion(t, ci)
	case KindStruct:
		if cn.tag != nil {
			if t.Layout != LayoutPacked {
				c.errorf(cn.tag.pos, "only packed structs have a backing integer")
			} else if bt := c.evalType(cn.tag, ci.sc, true); bt != nil {
				if bt.Kind != KindInt || bt.ID < 0 {
					c.errorf(cn.tag.pos, "expected backing integer type, found '%s'", bt.Name)
				} else {
					var bits uint64
					for _, f := range t.Fields {
						bits += f.Type.BitSize
					}
					if bits != uint64(bt.Bits) {
						c.errorf(cn.tag.pos, "backing integer type '%s' has bit size %d but the struct fields have a total bit size of %d", bt.Name, bt.Bits, bits)
					} else {
						t.Tag = bt
					}
				}
			}
		}
		if t.Layout == LayoutPacked && t.Tag == nil {
			var bits uint64
			for _, f := range t.Fields {
				bits += f.Type.BitSize
			}
			if bits > 65535 {
				c.errorf(cn.pos, "packed struct bit size %d exceeds maximum bit width of 65535", bits)
				ci.bad = true
				t.Fields = nil
			}
		}
	}
	c.ts.Resolve(t)
	if t.Size > c.cfg.MaxTypeSize {
		c.errorf(cn.pos, "type '%s' too large: %d bytes (limit %d)", t.Name, t.Size, c.cfg.MaxTypeSize)
		ci.bad = true
	}
	return !ci.bad
}

// nameSet is a set of names: an inline array while small, a map beyond
// that.
type nameSet struct {
	small [16]string
	n     int
	m     map[string]bool
}

// add adds name and reports whether it was new.
func (s *nameSet) add(name string) bool {
	if s.m != nil {
		if s.m[name] {
			return false
		}
		s.m[name] = true
		return true
	}
	for _, n := range s.small[:s.n] {
		if n == name {
			return false
		}
	}
	if s.n < len(s.small) {
		s.small[s.n] = name
		s.n++
		return true
	}
	s.m = make(map[string]bool, 2*len(s.small))
	for _, n := range s.small {
		s.m[n] = true
	}
	s.m[name] = true
	return true
}

func kindWord(t *Type) string {
	switch t.Kind {
	case KindEnum:
		return "enum"
	case KindUnion:
		return "union"
	case KindOpaque:
		return "opaque"
	}
	return "struct"
}

func packable(t *Type) bool {
	switch t.Kind {
	case KindInt, KindBool, KindFloat, KindEnum, KindVoid:
		return t.ID >= 0
	case KindStruct, KindUnion:
		return t.Layout == LayoutPacked
	case KindPointer:
		return t.Ptr != PtrSlice
	}
	return false
}

func externable(t *Type) bool {
	switch t.Kind {
	case KindInt:
		return t.Bits == 0 || t.Bits == 8 || t.Bits == 16 || t.Bits == 32 || t.Bits == 64 || t.Bits == 128
	case KindBool, KindFloat, KindVoid:
		return true
	case KindPointer:
		return t.Ptr != PtrSlice
	case KindOptional:
		return OptionalIsPointer(t.Elem) && t.Elem.Kind == KindPointer && t.Elem.Ptr != PtrSlice
	case KindArray:
		return externable(t.Elem)
	case KindStruct, KindUnion:
		return t.Layout != LayoutAuto
	case KindEnum:
		return true
	}
	return false
}

func (c *checker) completeEnum(t *Type, ci *contInfo) {
	cn := ci.node
	if cn.tag != nil {
		tt := c.evalType(cn.tag, ci.sc, true)
		if tt == nil {
			ci.bad = true
		} else if tt.Kind != KindInt || tt.ID < 0 {
			c.errorf(cn.tag.pos, "expected integer tag type, found '%s'", tt.Name)
			ci.bad = true
		} else {
			t.Tag = tt
		}
	}
	next := new(big.Int)
	used := map[string]bool{}
	for i, f := range t.Fields {
		fn := cn.fields[i]
		if fn.value != nil {
			if cn.tag == nil {
				c.errorf(fn.value.pos, "explicitly valued enum field requires an explicit tag type")
				ci.bad = true
			}
			want := c.comptimeInt
			if t.Tag != nil {
				want = t.Tag
			}
			op := c.coerce(c.eval(fn.value, ci.sc, want), want, fn.value.pos)
			if op.bad() {
				ci.bad = true
			} else if c.requireComptime(op, fn.value.pos) && op.val.Kind == ValInt {
				next = new(big.Int).Set(op.val.Int)
			}
		} else if t.Tag != nil && !fitsInt(next, t.Tag) {
			c.errorf(fn.pos, "enumeration value '%s' too large for type '%s'", next, t.Tag.Name)
			ci.bad = true
		}
		if used[next.String()] {
			c.errorf(fn.pos, "enum tag value %s already taken", next)
			ci.bad = true
		}
		used[next.String()] = true
		f.Value = new(big.Int).Set(next)
		next = new(big.Int).Add(next, big.NewInt(1))
	}
}

// unionTagType evaluates the tag type a union declaration names (the T
// of union(enum(T)) or the E of union(E)) and requires it to be of kind
// want ("integer", "enum" in the error); nil after an error.
func (c *checker) unionTagType(n *node, sc *scope, want Kind, what string) *Type {
	t := c.evalType(n, sc, true)
	if t == nil {
		return nil
	}
	if t.Kind != want {
		c.errorf(n.pos, "expected %s tag type, found '%s'", what, t.Name)
		return nil
	}
	return t
}

func (c *checker) completeUnion(t *Type, ci *contInfo) {
	cn := ci.node
	switch {
	case cn.tagEnum:
		e := c.ts.NewContainer(KindEnum, "@typeInfo("+t.Name+").Union.tag_type.?")
		e.TagGenerated = true
		e.Namespace = false
		for i, f := range t.Fields {
			e.Fields = append(e.Fields, put(&c.sl.fields, Field{Name: f.Name, Value: big.NewInt(int64(i)), Line: f.Line, Col: f.Col}))
			f.Value = big.NewInt(int64(i))
		}
		if cn.tagInt != nil {
			// union(enum(T)): the generated enum has the integer tag T
			it := c.unionTagType(cn.tagInt, ci.sc, KindInt, "integer")
			if it == nil {
				ci.bad = true
				return
			}
			if n := len(t.Fields); n > 0 && !fitsInt(big.NewInt(int64(n-1)), it) {
				c.errorf(cn.tagInt.pos, "enumeration value '%d' too large for type '%s'", n-1, it.Name)
				ci.bad = true
				return
			}
			e.Tag = it
		}
		c.ts.Resolve(e)
		t.Tag = e
	case cn.tag != nil:
		e := c.unionTagType(cn.tag, ci.sc, KindEnum, "enum")
		if e == nil {
			ci.bad = true
			return
		}
		for _, f := range t.Fields {
			i := fieldIndex(e, f.Name)
			if i < 0 {
				c.errorf(Pos{f.Line, f.Col}, "no field named '%s' in enum '%s'", f.Name, e.Name)
				ci.bad = true
				continue
			}
			f.Value = e.Fields[i].Value
		}
		if len(t.Fields) < len(e.Fields) && !ci.bad {
			for _, ef := range e.Fields {
				if fieldIndex(t, ef.Name) < 0 {
					c.errorf(cn.pos, "enum field(s) missing in union: '%s'", ef.Name)
					ci.bad = true
					break
				}
			}
		}
		t.Tag = e
	case t.Layout == LayoutAuto && len(t.Fields) > 0:
		// Debug builds give a bare union a hidden tag: the smallest
		// unsigned integer that holds the index of every field
		t.SafetyTag = c.ts.Int(false, uint32(big.NewInt(int64(len(t.Fields)-1)).BitLen()))
	}
}

func fieldIndex(t *Type, name string) int {
	for i, f := range t.Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// defaults evaluates the default values of t's fields.
func (c *checker) defaults(t *Type) {
	ci := c.conts[t]
	if ci == nil || ci.defaults != 0 || t.Kind != KindStruct {
		return
	}
	if !c.complete(t, Pos{}) {
		ci.defaults = 2
		return
	}
	ci.defaults = 1
	saved := c.fn
	c.fn = nil
	defer func() { c.fn = saved; ci.defaults = 2 }()
	for i, fn := range ci.node.fields {
		if fn.value == nil || i >= len(t.Fields) {
			continue
		}
		f := t.Fields[i]
		op := c.coerce(c.eval(fn.value, ci.sc, f.Type), f.Type, fn.value.pos)
		if op.bad() {
			continue
		}
		if c.requireComptime(op, fn.value.pos) {
			f.Default = op.val
		}
	}
}
