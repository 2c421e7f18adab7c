package lang

// astWalk walks parsed declarations: their positions, the names declared
// inside them and their expressions, calling the hooks that are set.
// Moving a chunk's declarations (shiftDecls) and listing the names they
// mention (chunkMentions) are walks with different hooks.
type astWalk struct {
	// pos is called with every position.
	pos func(p *Pos)
	// name is called with every name declared inside the walked
	// declarations: parameters, fields and nested declarations (not the
	// walked declarations' own names).
	name func(name string)
	// expr is called with every expression before what is inside it;
	// false skips that (the hook may walk parts of it itself).
	expr func(n *node) bool
}

func (w *astWalk) at(ps ...*Pos) {
	if w.pos != nil {
		for _, p := range ps {
			w.pos(p)
		}
	}
}

func (w *astWalk) declared(name string) {
	if w.name != nil {
		w.name(name)
	}
}

// decls walks declarations whose own names are not walked.
func (w *astWalk) decls(ds []*declNode) {
	for _, d := range ds {
		w.decl(d)
	}
}

// innerDecl walks a declaration nested in another, its name included.
func (w *astWalk) innerDecl(d *declNode) {
	if d != nil {
		w.declared(d.name)
		w.decl(d)
	}
}

func (w *astWalk) decl(d *declNode) {
	if d == nil {
		return
	}
	w.at(&d.pos, &d.namePos, &d.ccPos)
	w.nodes(d.typ, d.align, d.init)
	for _, p := range d.params {
		w.at(&p.pos)
		w.declared(p.name)
		w.node(p.typ)
	}
	w.node(d.ret)
	w.block(d.body)
}

func (w *astWalk) block(b *blockNode) {
	if b == nil {
		return
	}
	w.at(&b.pos, &b.end)
	for _, st := range b.stmts {
		w.at(&st.pos)
		w.innerDecl(st.decl)
		w.nodes(st.lhs, st.rhs)
		w.block(st.block)
	}
}

func (w *astWalk) container(c *containerNode) {
	if c == nil {
		return
	}
	w.at(&c.pos)
	w.nodes(c.tag, c.tagInt)
	for _, f := range c.fields {
		w.at(&f.pos)
		w.declared(f.name)
		w.nodes(f.typ, f.align, f.value)
	}
	for _, d := range c.decls {
		w.innerDecl(d)
	}
}

func (w *astWalk) nodes(ns ...*node) {
	for _, n := range ns {
		w.node(n)
	}
}

// node walks an expression: n, then its extension's parts, then y, then
// (iteratively, since chains of x are long) x.
func (w *astWalk) node(n *node) {
	for ; n != nil; n = n.x {
		w.at(&n.pos)
		if w.expr != nil && !w.expr(n) {
			return
		}
		if e := n.ext; e != nil {
			w.node(e.z)
			w.nodes(e.list...)
			for _, fi := range e.inits {
				w.at(&fi.pos)
				w.node(fi.value)
			}
			for i := range e.namePos {
				w.at(&e.namePos[i])
			}
			w.container(e.cont)
		}
		w.node(n.y)
	}
}
