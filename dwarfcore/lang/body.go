package lang

// fnCtx is the state of checking one function body.
type fnCtx struct {
	di *declInfo
	f  *Func
	// visible lists the parameters and locals in scope, in order of
	// declaration; a block truncates it to its length at entry when it
	// ends. Functions have few locals, so a backward scan beats maps.
	visible []namedLocal
}

// namedLocal is one entry of fnCtx.visible.
type namedLocal struct {
	name string
	l    *Local
}

// lookup finds a local or parameter by name, innermost (latest) first.
func (f *fnCtx) lookup(name string) *Local {
	for i := len(f.visible) - 1; i >= 0; i-- {
		if f.visible[i].name == name {
			f.visible[i].l.uses++
			return f.visible[i].l
		}
	}
	return nil
}

// localWhat names a kind of local as Zig's messages do.
func localWhat(isVar, param bool) string {
	switch {
	case param:
		return "function parameter"
	case isVar:
		return "local variable"
	}
	return "local constant"
}

// lookupQuiet is lookup without counting a use.
func (f *fnCtx) lookupQuiet(name string) *Local {
	for i := len(f.visible) - 1; i >= 0; i-- {
		if f.visible[i].name == name {
			return f.visible[i].l
		}
	}
	return nil
}

// declare makes local l visible as name until the current block ends.
func (f *fnCtx) declare(name string, l *Local) {
	f.visible = append(f.visible, namedLocal{name, l})
}

// checkBody checks a function's body and builds its IR.
func (c *checker) checkBody(di *declInfo) {
	f := di.decl.Func
	if f == nil || di.bad {
		return
	}
	ctx := put(&c.sl.fnCtxs, fnCtx{di: di, f: f, visible: c.visibleBuf[:0]})
	defer func() { c.visibleBuf = ctx.visible[:0] }()
	for _, p := range f.Params {
		if p.Name != "" && p.Name != "_" {
			if c.lookup(di.sc, p.Name) != nil {
				c.errorf(Pos{p.Line, p.Col}, "function parameter shadows declaration of '%s'", p.Name)
			}
			ctx.declare(p.Name, p)
		}
	}
	saved := c.fn
	c.fn = ctx
	defer func() { c.fn = saved }()
	f.Body = c.block(di.node.body, di.sc)
	if ret := f.Ret; ret != nil && ret != c.ts.Void && ret.Kind != KindNoreturn && !endsInReturn(f.Body) && di.node.ret != nil {
		c.errorf(di.node.ret.pos, "function with non-void return type '%s' implicitly returns", ret.Name)
	}
	// Zig's AstGen: every parameter and local is used or discarded, not both
	for _, l := range f.Locals { // the parameters first
		if l.Name == "" || l.Name == "_" {
			continue
		}
		what := "local constant"
		switch {
		case l.Param:
			what = "function parameter"
		case !l.Const:
			what = "local variable"
		}
		discarded := l.discardAt.Line > 0
		switch {
		case l.uses == 0 && !discarded:
			c.errorf(Pos{l.Line, l.Col}, "unused %s", what)
		case l.uses > 0 && discarded:
			c.errorf(l.discardAt, "pointless discard of %s", what)
		}
	}
}

// endsInReturn reports whether control cannot reach the end of b.
func endsInReturn(b *Block) bool {
	if b == nil || len(b.Stmts) == 0 {
		return false
	}
	switch s := b.Stmts[len(b.Stmts)-1].(type) {
	case *ReturnStmt:
		return true
	case *Block:
		return endsInReturn(s)
	}
	return false
}

func (c *checker) block(bn *blockNode, sc *scope) *Block {
	b := put(&c.sl.blocks, Block{Pos: bn.pos, EndLine: bn.end.Line, EndCol: bn.end.Col})
	ctx := c.fn
	mark := len(ctx.visible)
	defer func() {
		clear(ctx.visible[mark:])
		ctx.visible = ctx.visible[:mark]
	}()
	returned := false
	for _, sn := range bn.stmts {
		if returned {
			c.errorf(sn.pos, "unreachable code")
			break
		}
		returned = sn.kind == sReturn || sn.kind == sBlock && blockReturns(sn.block)
		if s := c.stmt(sn, sc, b); s != nil {
			b.Stmts = append(b.Stmts, s)
		}
	}
	return b
}

// blockReturns reports whether a block's statements end in a return.
func blockReturns(bn *blockNode) bool {
	if len(bn.stmts) == 0 {
		return false
	}
	last := bn.stmts[len(bn.stmts)-1]
	return last.kind == sReturn || last.kind == sBlock && blockReturns(last.block)
}

func (c *checker) stmt(sn *stmtNode, sc *scope, b *Block) Stmt {
	ctx := c.fn
	switch sn.kind {
	case sBlock:
		return c.block(sn.block, sc)
	case sVar:
		return c.localDecl(sn, sc, b)
	case sReturn:
		ret := ctx.f.Ret
		if sn.rhs == nil {
			if ret != c.ts.Void {
				c.errorf(sn.pos, "function with non-void return type '%s' implicitly returns", ret.Name)
				return nil
			}
			return put(&c.sl.returns, ReturnStmt{Pos: sn.pos})
		}
		op := c.coerce(c.eval(sn.rhs, sc, ret), ret, sn.rhs.pos)
		if op.bad() {
			return nil
		}
		return put(&c.sl.returns, ReturnStmt{Pos: sn.pos, Value: c.ir(op)})
	case sDiscard:
		if sn.rhs.kind == nIdent {
			if l := ctx.lookupQuiet(sn.rhs.text); l != nil {
				// `_ = x;` marks x used without using it
				if l.discardAt.Line == 0 {
					l.discardAt = sn.rhs.pos
				}
				return nil
			}
		}
		op := c.eval(sn.rhs, sc, nil)
		if op.isErrorUnion() {
			c.errorf(sn.rhs.pos, "error is discarded")
			return nil
		}
		if op.bad() {
			return nil
		}
		op = c.concrete(op, sn.rhs.pos)
		if op.bad() {
			return nil
		}
		return &DiscardStmt{Pos: sn.pos, Value: c.ir(op)}
	case sExpr:
		op := c.eval(sn.rhs, sc, nil)
		if op.bad() {
			return nil
		}
		if op.isType || op.typ != c.ts.Void && op.typ != c.ts.Noreturn {
			name := "type"
			if !op.isType {
				name = op.typ.Name
			}
			c.errorf(sn.rhs.pos, "value of type '%s' ignored", name)
			return nil
		}
		if _, ok := op.x.(*Call); !ok {
			return nil // a void value has no effect
		}
		return &ExprStmt{Pos: sn.pos, X: op.x}
	case sAssign:
		target, isConst := c.place(sn.lhs, sc)
		if target.bad() {
			return nil
		}
		if isConst {
			c.errorf(sn.lhs.pos, "cannot assign to constant")
			return nil
		}
		var op operand
		if sn.op == "=" {
			op = c.eval(sn.rhs, sc, target.typ)
		} else {
			bin := &node{kind: nBinary, pos: sn.pos, text: sn.op[:len(sn.op)-1], x: sn.lhs, y: sn.rhs}
			op = c.eval(bin, sc, target.typ)
		}
		op = c.coerce(op, target.typ, sn.rhs.pos)
		if op.bad() {
			return nil
		}
		return put(&c.sl.assigns, AssignStmt{Pos: sn.pos, Target: target.x, Value: c.ir(op)})
	}
	return nil
}

// concrete gives an untyped value a run-time type: comptime_int the
// narrowest integer type, an untyped initializer a tuple of its
// elements' types.
func (c *checker) concrete(op operand, pos Pos) operand {
	if op.isType {
		c.errorf(pos, "value of type 'type' ignored")
		return badOp
	}
	switch op.typ {
	case c.comptimeInt:
		return c.coerce(op, c.smallestInt(op.val.Int), pos)
	case c.comptimeFloat:
		return c.coerce(op, c.ts.Float(128), pos)
	case c.enumLit, c.undef, c.ts.Null:
		c.errorf(pos, "value of type '%s' has no run-time type", op.typ.Name)
		return badOp
	case c.initList:
		n := op.init
		if len(n.inits()) > 0 {
			c.errorf(pos, "anonymous struct literals are not supported here")
			return badOp
		}
		var ops []operand
		var types []*Type
		if k := len(n.elems()); k > 0 {
			ops = make([]operand, 0, k)
			types = make([]*Type, 0, k)
		}
		for _, e := range n.elems() {
			o := c.eval(e, op.sc, nil)
			if o.bad() {
				return badOp
			}
			if o = c.concrete(o, e.pos); o.bad() {
				return badOp
			}
			ops = append(ops, o)
			types = append(types, o.typ)
		}
		return c.aggregate(c.ts.Tuple(types), ops, pos)
	}
	if op.fn != nil {
		c.errorf(pos, "function values are not supported")
		return badOp
	}
	return op
}

// localDecl checks `const x: T = init;` or `var x = init;`.
func (c *checker) localDecl(sn *stmtNode, sc *scope, b *Block) Stmt {
	ctx := c.fn
	dn := sn.decl
	if dn.name == "_" {
		c.errorf(dn.namePos, "'_' used as an identifier without @\"_\" syntax")
		return nil
	}
	if c.primitive(dn.name) != nil || dn.name == "true" || dn.name == "false" || dn.name == "null" || dn.name == "undefined" {
		c.errorf(dn.namePos, "name shadows primitive '%s'", dn.name)
		return nil
	}
	if prev := ctx.lookupQuiet(dn.name); prev != nil {
		what, prevWhat := localWhat(dn.isVar, false), localWhat(!prev.Const, prev.Param)
		c.errorf(dn.namePos, "%s '%s' shadows %s from outer scope", what, dn.name, prevWhat)
		return nil
	}
	if c.lookup(sc, dn.name) != nil {
		what := "local constant"
		if dn.isVar {
			what = "local variable"
		}
		c.errorf(dn.namePos, "%s shadows declaration of '%s'", what, dn.name)
		return nil
	}
	if dn.align != nil {
		c.errorf(dn.align.pos, "align on locals is not supported")
	}
	kind := "constant"
	if dn.isVar {
		kind = "variable"
	}
	var t *Type
	var op operand
	if dn.typ != nil {
		if t = c.evalType(dn.typ, sc, true); t == nil || !c.runtimeType(t, dn.typ.pos) {
			ctx.declare(dn.name, put(&c.sl.locals, Local{Name: dn.name}))
			return nil
		}
		op = c.coerce(c.eval(dn.init, sc, t), t, dn.init.pos)
	} else {
		op = c.eval(dn.init, sc, nil)
		if op.bad() {
			ctx.declare(dn.name, put(&c.sl.locals, Local{Name: dn.name}))
			return nil
		}
		if op.isType {
			c.errorf(dn.init.pos, "local %s of type 'type' is not supported", kind)
			return nil
		}
		if dn.isVar && (op.typ == c.comptimeInt || op.typ == c.comptimeFloat) {
			c.errorf(dn.init.pos, "variable of type '%s' must be const or comptime", op.typ.Name)
			return nil
		}
		op = c.concrete(op, dn.init.pos)
		t = op.typ
		if !op.bad() && !c.runtimeType(t, dn.init.pos) {
			return nil
		}
	}
	if op.bad() {
		// declare the name anyway, so later uses do not cascade
		ctx.declare(dn.name, put(&c.sl.locals, Local{Name: dn.name}))
		return nil
	}
	l := put(&c.sl.locals, Local{Name: dn.name, Type: t, Index: len(ctx.f.Locals), Const: !dn.isVar,
		Line: dn.namePos.Line, Col: dn.namePos.Col, Scope: b})
	if !dn.isVar && op.val != nil {
		l.Comptime = true
		l.Value = op.val
	}
	ctx.f.Locals = append(ctx.f.Locals, l)
	ctx.declare(dn.name, l)
	return put(&c.sl.varStmts, VarStmt{Pos: sn.pos, Local: l, Init: c.ir(op)})
}
