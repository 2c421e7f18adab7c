package lang

import "bytes"

// This file is the incremental check of a Session: after an edit, only
// the top-level declarations whose text changed are checked again, into
// the checker state the last check left, and the rest of the program is
// taken over. It is used only when that is provably what a whole check
// would give; anything else checks the whole file.
//
// The conditions:
//
//   - The last program has no anonymous data (string literals) and no
//     error codes, so nothing in it depends on the order in which
//     declarations are checked.
//   - Every removed and added chunk is one `const`, `var` or `fn`
//     declaration whose text declares no type, error or string (no
//     struct, enum, union, opaque, error, anyerror, string or character
//     literal, builtin, comptime or usingnamespace), so it makes no type
//     another declaration could depend on.
//   - No unchanged chunk mentions a name that was only removed or only
//     added (an added name could shadow a local or collide; declaring a
//     name counts as mentioning it), and every unchanged mention of a
//     name whose declaration changed uses only the declaration's type:
//     `&name` or a call `name(...)`. The new declaration must then have
//     the old one's kind, type, alignment and flags.
//   - The re-checked declarations check without errors.
//
// Declarations of unchanged chunks keep their Decl (and everything the
// checker made for them); a chunk that moved to other lines has the
// lines in its Decls shifted in place. A changed declaration gets a new
// Decl. References of unchanged declarations to a changed one may still
// point at the old Decl, which has the same name, kind and type.

// checked is the state of a successful check that an update may
// continue.
type checked struct {
	c    *checker
	prog *Program
	// info finds the checker's state of a declaration by its syntax node.
	info map[*declNode]*declInfo
	// simple: no anonymous data and no error codes (see above).
	simple bool
}

func newChecked(c *checker, prog *Program, chunks []*parsedChunk) *checked {
	ck := &checked{c: c, prog: prog, info: make(map[*declNode]*declInfo, len(c.work))}
	for _, di := range c.work {
		ck.info[di.node] = di
	}
	for _, pc := range chunks {
		pc.ndecls = 0
		for _, dn := range pc.decls {
			pc.ndecls += countDecls(dn)
		}
	}
	ck.simple = len(prog.Anons) == 0 && len(prog.Errors) == 0
	for _, t := range c.ts.All {
		if t.Kind == KindErrorSet && len(t.Errors) > 0 {
			ck.simple = false
		}
	}
	return ck
}

// countDecls counts the declarations dn makes: itself and, depth first,
// those of the containers it declares.
func countDecls(dn *declNode) int {
	n := 1
	if dn.typ == nil && dn.init != nil && dn.init.kind == nContainer {
		for _, m := range dn.init.cont().decls {
			n += countDecls(m)
		}
	}
	return n
}

// recheckWords are words an added chunk may not contain.
var recheckWords = []string{"struct", "enum", "union", "opaque", "error", "anyerror", "comptime", "usingnamespace"}

// mention is how an unchanged text uses a name.
type mention struct {
	any, value, call bool
}

// recheck checks only the changed chunks of cp; nil means "check the
// whole file" (and, when the checker state was already changed, drops
// it).
func (s *Session) recheck(src []byte, cp *chunkParse) (prog *Program) {
	ck := s.last
	if !ck.simple {
		return nil
	}
	c := ck.c
	rt := ck.prog.Root
	rootSc := c.conts[rt].sc

	// The removed chunks: those of the replaced range not taken over.
	var removed []*declInfo
	for _, pc := range cp.old {
		if cp.reused[pc] {
			continue
		}
		for _, dn := range pc.decls {
			di := ck.info[dn]
			if di == nil || di.decl.Parent != rt || di.bad {
				return nil
			}
			switch di.decl.Kind {
			case DeclConst, DeclVar, DeclFunc:
			default:
				return nil
			}
			removed = append(removed, di)
		}
	}
	var nodes []*declNode
	for _, a := range cp.added {
		text := src[a.start:a.end]
		for _, w := range recheckWords {
			if wordIndex(text, w) >= 0 {
				return nil
			}
		}
		if bytes.IndexAny(text, "\"'@\\") >= 0 {
			return nil
		}
		nodes = append(nodes, a.pc.decls...)
	}
	if len(removed) == 0 && len(nodes) == 0 && sameOrder(cp.old, cp.mid) {
		return s.shiftOnly(src, cp)
	}

	// The names involved and how the unchanged text mentions them.
	old := make(map[string]*declInfo, len(removed))
	for _, di := range removed {
		old[di.decl.Name] = di
	}
	added := make(map[string]bool, len(nodes))
	for _, dn := range nodes {
		if added[dn.name] {
			return nil
		}
		added[dn.name] = true
	}
	// How the unchanged chunks mention the names: all mentions, less
	// those of the added chunks.
	inAdded := mentionTable{}
	for _, a := range cp.added {
		inAdded.count(a.pc, 1)
	}
	mentions := map[string]mention{}
	check := func(name string) bool {
		if name == "_" || c.primitive(name) != nil {
			return false
		}
		c := s.mentions[name]
		for k := range c {
			c[k] -= inAdded[name][k]
		}
		m := mention{any: c[mentionAddr] > 0 || c[mentionCall] > 0 || c[mentionValue] > 0,
			value: c[mentionValue] > 0, call: c[mentionCall] > 0}
		mentions[name] = m
		_, wasThere := old[name]
		switch {
		case wasThere && added[name]:
			return !m.value
		case added[name]:
			return !m.any && rootSc.decls[name] == nil
		default:
			return !m.any
		}
	}
	for name := range old {
		if !check(name) {
			return nil
		}
	}
	for name := range added {
		if _, done := mentions[name]; !done && !check(name) {
			return nil
		}
	}

	// Check the new declarations into the checker's state. From here on
	// a failure leaves the state unusable.
	defer func() {
		if prog == nil {
			s.last = nil
			s.Stats.Fallbacks++
		}
	}()
	for _, di := range removed {
		if rootSc.decls[di.decl.Name] == di {
			delete(rootSc.decls, di.decl.Name)
		}
		delete(ck.info, di.node)
	}
	errs := &errSink{}
	c.errs = errs
	// declareMembers appends to the program's Decls and the root's
	// Scope: give it a scratch program, and splice the Scope below.
	w0, b0, t0 := len(c.work), len(c.deferBody), len(c.ts.All)
	scratch := &Program{Path: ck.prog.Path, Module: ck.prog.Module, Root: rt, Types: c.ts}
	scope := rt.Scope
	c.prog, rt.Scope = scratch, nil
	c.declareMembers(rt, rootSc, &containerNode{kind: KindStruct, decls: nodes})
	c.prog, rt.Scope = ck.prog, scope
	fresh := scratch.Decls
	if len(fresh) != len(nodes) || len(errs.list) > 0 {
		return nil
	}
	nAnons, nErrors := len(ck.prog.Anons), len(ck.prog.Errors)
	for wi := w0; wi < len(c.work); wi++ {
		c.resolveDecl(c.work[wi])
	}
	for bi := b0; bi < len(c.deferBody); bi++ {
		c.checkBody(c.deferBody[bi])
	}
	for ti := t0; ti < len(c.ts.All); ti++ {
		if c.conts[c.ts.All[ti]] != nil {
			return nil // a new container: not for this path
		}
	}
	if len(errs.list) > 0 || len(c.work) != w0+len(nodes) ||
		len(ck.prog.Anons) != nAnons || len(ck.prog.Errors) != nErrors {
		return nil
	}
	for _, di := range c.work[w0:] {
		d := di.decl
		ck.info[di.node] = di
		if o := old[d.Name]; o != nil {
			if !sameInterface(o.decl, d) || mentions[d.Name].call && d.Kind != DeclFunc {
				return nil
			}
		}
	}

	// The new program: the declarations of the replaced range spliced in
	// (in source order, nested ones after their container, as
	// declareMembers makes them).
	i0, t0 := 0, 0
	for _, pc := range s.chunks[:cp.a] {
		i0 += pc.ndecls
		t0 += len(pc.decls)
	}
	oldN, oldTop := 0, 0
	for _, pc := range cp.old {
		oldN += pc.ndecls
		oldTop += len(pc.decls)
	}
	var mid, midTop []*Decl
	for _, pc := range cp.mid {
		n := len(mid)
		for _, dn := range pc.decls {
			mid = ck.appendDecls(mid, dn)
			midTop = append(midTop, ck.info[dn].decl)
		}
		pc.ndecls = len(mid) - n
	}
	np := *ck.prog
	np.Source = src
	np.Decls = splice(ck.prog.Decls, i0, i0+oldN, mid)
	if len(np.Decls) > c.cfg.MaxDecls {
		return nil
	}
	same := len(mid) == oldN
	for i := 0; same && i < oldN; i++ {
		same = mid[i].FQN == ck.prog.Decls[i0+i].FQN
	}
	ck.prog.Changes = nil // no chain of earlier programs
	np.Changes = &Changes{Prev: ck.prog, Added: fresh, SameOrder: same}
	for _, di := range removed {
		np.Changes.Removed = append(np.Changes.Removed, di.decl)
	}
	for _, sh := range cp.shifted {
		np.Changes.Moved = ck.shift(sh, np.Changes.Moved)
	}
	if len(midTop) == oldTop {
		copy(rt.Scope[t0:], midTop)
	} else {
		rt.Scope = splice(rt.Scope, t0, t0+oldTop, midTop)
	}
	c.prog = &np
	ck.prog = &np
	return &np
}

// splice returns s with s[i:j] replaced by mid, in a new slice.
func splice(s []*Decl, i, j int, mid []*Decl) []*Decl {
	out := make([]*Decl, 0, len(s)-(j-i)+len(mid))
	out = append(out, s[:i]...)
	out = append(out, mid...)
	return append(out, s[j:]...)
}

// shiftOnly is recheck when no chunk changed: at most some moved.
func (s *Session) shiftOnly(src []byte, cp *chunkParse) *Program {
	ck := s.last
	ck.prog.Changes = nil
	np := *ck.prog
	np.Source = src
	np.Changes = &Changes{Prev: ck.prog, SameOrder: true}
	for _, sh := range cp.shifted {
		np.Changes.Moved = ck.shift(sh, np.Changes.Moved)
	}
	ck.c.prog = &np
	ck.prog = &np
	return &np
}

// sameOrder reports whether two chunk lists hold the same chunks in the
// same order.
func sameOrder(a, b []*parsedChunk) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// appendDecls appends the Decl of dn and, depth first, those of the
// containers it declares.
func (ck *checked) appendDecls(out []*Decl, dn *declNode) []*Decl {
	out = append(out, ck.info[dn].decl)
	if dn.typ == nil && dn.init != nil && dn.init.kind == nContainer {
		for _, m := range dn.init.cont().decls {
			out = ck.appendDecls(out, m)
		}
	}
	return out
}

// shift moves the checked declarations of a moved chunk and appends
// them to moved.
func (ck *checked) shift(sh shiftedChunk, moved []*Decl) []*Decl {
	var walk func(dn *declNode)
	walk = func(dn *declNode) {
		if di := ck.info[dn]; di != nil {
			shiftChecked(di.decl, sh.delta)
			moved = append(moved, di.decl)
		}
		if dn.typ == nil && dn.init != nil && dn.init.kind == nContainer {
			for _, m := range dn.init.cont().decls {
				walk(m)
			}
		}
	}
	for _, dn := range sh.pc.decls {
		walk(dn)
	}
	return moved
}

// sameInterface reports whether what other declarations may use of a
// declaration without its value is the same in a and b.
func sameInterface(a, b *Decl) bool {
	return a.Kind == b.Kind && a.Type == b.Type && a.Value == b.Value && a.Align == b.Align &&
		a.Pub == b.Pub && a.Export == b.Export && a.Extern == b.Extern && a.ThreadLocal == b.ThreadLocal
}

// wordIndex returns the index of the first occurrence of word w in b as a
// whole word, or -1.
func wordIndex(b []byte, w string) int {
	base := 0
	for {
		i := bytes.Index(b, []byte(w))
		if i < 0 {
			return -1
		}
		j := i + len(w)
		if (i == 0 || !isWordByte(b[i-1])) && (j >= len(b) || !isWordByte(b[j])) {
			return base + i
		}
		base += i + 1
		b = b[i+1:]
	}
}

func isWordByte(c byte) bool { return isWordStart(c) || c >= '0' && c <= '9' }

// shiftChecked moves a checked declaration by delta lines: its own line,
// its fields' lines when it declares a container, and its function's
// locals and body.
func shiftChecked(d *Decl, delta int) {
	d.Line += delta
	if d.Kind == DeclType && d.Value != nil && d.Value.Decl == d {
		for i := range d.Value.Fields {
			d.Value.Fields[i].Line += delta
		}
	}
	if f := d.Func; f != nil {
		for _, l := range f.Locals {
			l.Line += delta
		}
		if f.Body != nil {
			shiftBlockIR(f.Body, delta)
		}
	}
}

// shiftBlockIR moves a checked function body by delta lines: every
// statement and expression in it, and every block's closing brace.
func shiftBlockIR(b *Block, delta int) {
	todo := []irNode{b}
	for len(todo) > 0 {
		n := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if n == nil {
			continue
		}
		n.shiftLine(delta)
		if inner, ok := n.(*Block); ok {
			inner.EndLine += delta
		}
		todo = n.appendInner(todo)
	}
}

// Mentions. Every chunk lists the names its tree uses and how (collected
// once, when the chunk is parsed); the Session keeps their sum over all
// chunks, so whether unchanged text uses a name costs a map look-up.

// Kinds of mention of a name, indexes into mentionCount.
const (
	mentionAddr  = iota // &name: the declaration's address, so only its type
	mentionCall         // name(...): the callee, so only its signature
	mentionValue        // anything else, including declaring the name
	numMentionKinds
)

// nameMention is one use of a name in a chunk.
type nameMention struct {
	name string
	kind uint8
}

// mentionCount counts a name's mentions by kind.
type mentionCount [numMentionKinds]int32

// chunkMentions returns the names the declarations of a chunk mention:
// identifiers (by how they are used) and every name they declare inside
// (parameters, locals, members, fields), which could shadow or collide.
func chunkMentions(decls []*declNode) []nameMention {
	var out []nameMention
	var w astWalk
	w.name = func(name string) { out = append(out, nameMention{name, mentionValue}) }
	w.expr = func(n *node) bool {
		switch n.kind {
		case nIdent:
			out = append(out, nameMention{n.text, mentionValue})
		case nAddrOf:
			if n.x != nil && n.x.kind == nIdent {
				out = append(out, nameMention{n.x.text, mentionAddr})
				return false
			}
		case nCall:
			if n.x != nil && n.x.kind == nIdent {
				out = append(out, nameMention{n.x.text, mentionCall})
				w.nodes(n.elems()...)
				return false
			}
		}
		return true
	}
	w.decls(decls)
	return out
}

// mentionTable counts the mentions of names over chunks.
type mentionTable map[string]mentionCount

// count adds (sign 1) or removes (sign -1) a chunk's mentions.
func (m mentionTable) count(pc *parsedChunk, sign int32) {
	for _, nm := range pc.mentions {
		c := m[nm.name]
		c[nm.kind] += sign
		m[nm.name] = c
	}
}
