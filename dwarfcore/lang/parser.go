package lang

import (
	"context"
	"fmt"
)

// maxErrors caps the diagnostics of one compilation.
const maxErrors = 100

// bailout unwinds the parser to the nearest recovery point (a container
// member or a statement) after a syntax error was recorded.
type bailout struct{}

// parser is a recursive-descent parser over a token stream.
type parser struct {
	lx lexer
	// cur is the current token, ahead up to two lookahead tokens.
	cur    token
	ahead  [2]token
	nahead int
	// count is how many tokens have been consumed; prev is the last.
	count    int
	prev     token
	errs     *errSink
	depth    int
	maxDepth int
	abort    bool
	// maxTokens, when not 0, bounds count.
	maxTokens int
	// ctx, when not nil, stops the parse once it is done: it is looked at
	// every ctxEvery tokens.
	ctx context.Context
	sl  astSlabs
}

// newNode returns a node holding n, from a preallocated block.
func (p *parser) newNode(n node) *node { return put(&p.sl.nodes, n) }

// ext returns n's extension, adding one if it has none.
func (p *parser) ext(n *node) *nodeExt {
	if n.ext == nil {
		n.ext = p.sl.exts.alloc()
	}
	return n.ext
}

// errSink collects diagnostics.
type errSink struct {
	list ErrorList
	full bool
}

func (s *errSink) add(pos Pos, msg string) {
	if len(s.list) >= maxErrors {
		s.full = true
		return
	}
	s.list = append(s.list, &Error{Line: pos.Line, Col: pos.Col, Msg: msg})
}

// parseFile parses a whole file as the body of its root struct.
func parseFile(src []byte, errs *errSink, maxDepth int) *containerNode {
	return parseFileAt(src, errs, maxDepth, 1)
}

// ctxEvery is how many tokens the parser reads between looks at its
// context: a few hundred microseconds of parsing.
const ctxEvery = 4096

// parseFileLimited is parseFile that stops with an error after maxTokens
// tokens (0: no limit), before the checker spends time and memory on a
// program larger than the caller accepts.
func parseFileLimited(ctx context.Context, src []byte, errs *errSink, maxDepth, maxTokens int) *containerNode {
	return parseFileWith(&parser{lx: newLexer(src), errs: errs, maxDepth: maxDepth, maxTokens: maxTokens, ctx: ctx}, 1)
}

// parseFileAt is parseFile for a piece of a file that starts at the
// beginning of line line (a Session re-parsing one declaration).
func parseFileAt(src []byte, errs *errSink, maxDepth, line int) *containerNode {
	return parseFileWith(&parser{lx: newLexer(src), errs: errs, maxDepth: maxDepth}, line)
}

// parseFileWith runs p over its whole input, which starts at line line.
func parseFileWith(p *parser, line int) *containerNode {
	p.lx.line = line
	p.cur = p.lx.next()
	root := &containerNode{kind: KindStruct, pos: Pos{1, 1}}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
		}
	}()
	for p.tok().kind != tEOF && !p.abort {
		if p.is("}") {
			p.errorf(p.tok().pos, "expected declaration, found '}'")
			p.next()
			continue
		}
		p.member(root)
	}
	return root
}

func (p *parser) tok() token { return p.cur }

// peek returns the token n (1 or 2) places after the current one.
func (p *parser) peek(n int) token {
	for p.nahead < n {
		p.ahead[p.nahead] = p.lx.next()
		p.nahead++
	}
	return p.ahead[n-1]
}

// next consumes the current token and returns it; at the end of the
// input it stays on the tEOF token.
func (p *parser) next() token {
	t := p.cur
	if t.kind == tEOF {
		return t
	}
	p.count++
	if p.maxTokens > 0 && p.count > p.maxTokens {
		p.errorf(t.pos, "program too large: more than %d tokens (the limit)", p.maxTokens)
		p.abort = true
		panic(bailout{})
	}
	if p.ctx != nil && p.count%ctxEvery == 0 && p.ctx.Err() != nil {
		p.errorf(t.pos, "build stopped: %v", context.Cause(p.ctx))
		p.abort = true
		panic(bailout{})
	}
	p.prev = t
	if p.nahead > 0 {
		p.cur = p.ahead[0]
		p.ahead[0] = p.ahead[1]
		p.nahead--
	} else {
		p.cur = p.lx.next()
	}
	return t
}

// is reports whether the current token is the operator or keyword s.
func (p *parser) is(s string) bool {
	t := &p.cur
	return (t.kind == tPunct || t.kind == tKeyword) && t.text == s
}

func (p *parser) accept(s string) bool {
	if p.is(s) {
		p.next()
		return true
	}
	return false
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "EOF"
	case tString:
		return "a string literal"
	case tChar:
		return "a character literal"
	case tBuiltin:
		return "'@" + t.text + "'"
	}
	return "'" + t.text + "'"
}

func (p *parser) errorf(pos Pos, format string, args ...any) {
	p.errs.add(pos, fmt.Sprintf(format, args...))
	if p.errs.full {
		p.abort = true
	}
}

// fail records an error at the current token and unwinds.
func (p *parser) fail(format string, args ...any) {
	t := p.tok()
	if t.kind == tInvalid {
		p.errorf(t.pos, "%s", t.text)
	} else {
		p.errorf(t.pos, format, args...)
	}
	panic(bailout{})
}

func (p *parser) expect(s string) token {
	if !p.is(s) {
		if s == ";" && p.count > 0 && p.tok().kind != tInvalid && p.tok().pos.Line > p.prev.pos.Line {
			// A line that lacks its ';': the error is where it belongs,
			// not at the next line's first token.
			p.errorf(Pos{p.prev.pos.Line, p.prev.end}, "expected ';' at the end of the line")
			panic(bailout{})
		}
		p.fail("expected '%s', found %s", s, describe(p.tok()))
	}
	return p.next()
}

func (p *parser) ident() token {
	if p.tok().kind != tIdent {
		p.fail("expected identifier, found %s", describe(p.tok()))
	}
	return p.next()
}

func (p *parser) enter() {
	p.depth++
	if p.depth > p.maxDepth {
		p.fail("nesting too deep (more than %d levels)", p.maxDepth)
	}
}

func (p *parser) leave() { p.depth-- }

// nested runs body one nesting level deeper: it fails when that is too
// deep, and leaves the level when body returns. It does not defer the
// leave, since the recursive descent goes through it for every
// expression: a bailout skips the leave, and guarded restores the depth.
func nested[T any](p *parser, body func() T) T {
	p.enter()
	r := body()
	p.leave()
	return r
}

// guarded runs f; after a syntax error it skips to the end of the
// member or statement: past a ';' or ',' at the same nesting level, or up
// to (not past) the '}' that closes the enclosing body.
func (p *parser) guarded(f func()) {
	defer p.recoverAt(p.count, p.depth)
	f()
}

// recoverAt is the deferred recovery of guarded and of the statement
// loop: start and depth are the token count and nesting depth where the
// member or statement began.
func (p *parser) recoverAt(start, depth int) {
	r := recover()
	if r == nil {
		return
	}
	if _, ok := r.(bailout); !ok {
		panic(r)
	}
	if p.abort {
		panic(r)
	}
	p.depth = depth
	p.sync()
	if p.count == start && p.tok().kind != tEOF && !p.is("}") {
		p.next() // always make progress
	}
}

func (p *parser) sync() {
	level := 0
	for {
		t := p.tok()
		if t.kind == tEOF {
			return
		}
		if t.kind == tPunct {
			switch t.text {
			case "{", "(", "[":
				level++
			case "}", ")", "]":
				if level == 0 {
					if t.text != "}" {
						p.next()
						continue
					}
					return
				}
				level--
			case ";", ",":
				if level == 0 {
					p.next()
					return
				}
			}
		}
		p.next()
	}
}

// member parses one field or declaration of container c.
func (p *parser) member(c *containerNode) {
	p.guarded(func() {
		pub := p.accept("pub")
		t := p.tok()
		if t.kind == tKeyword {
			switch t.text {
			case "export", "extern", "threadlocal", "const", "var", "fn", "inline", "noinline":
				d := p.decl(pub)
				c.decls = append(c.decls, d)
				return
			case "test", "usingnamespace":
				p.fail("'%s' is not supported", t.text)
			}
		}
		if pub {
			p.fail("expected function or variable declaration after pub")
		}
		p.field(c)
	})
}

func (p *parser) field(c *containerNode) {
	f := put(&p.sl.fields, fieldNode{pos: p.tok().pos})
	if c.kind == KindOpaque {
		p.fail("opaque types cannot have fields")
	}
	if c.kind == KindStruct && p.is("comptime") {
		p.next()
		f.comptime = true
	}
	named := p.tok().kind == tIdent && (p.peek(1).kind == tPunct && p.peek(1).text == ":" || c.kind != KindStruct)
	if named {
		f.pos = p.tok().pos
		f.name = p.next().text
		if p.accept(":") {
			f.typ = p.typeExpr()
		} else if c.kind == KindStruct {
			p.fail("expected ':', found %s", describe(p.tok()))
		}
	} else {
		if c.kind != KindStruct {
			p.fail("expected identifier, found %s", describe(p.tok()))
		}
		f.tuple = true
		f.typ = p.typeExpr()
	}
	f.align = p.alignment()
	if p.accept("=") {
		f.value = p.expr()
	}
	c.fields = append(c.fields, f)
	if !p.is("}") {
		p.expect(",")
	}
}

// decl parses a declaration after an optional `pub`.
func (p *parser) decl(pub bool) *declNode {
	d := put(&p.sl.decls, declNode{pub: pub})
	for {
		if p.acceptFlag(keywordFlag{"export", &d.export}, keywordFlag{"threadlocal", &d.threadlocal}, keywordFlag{"inline", nil}, keywordFlag{"noinline", nil}) {
			continue
		}
		if !p.accept("extern") {
			break
		}
		d.extern = true
		if p.tok().kind == tString {
			p.next()
		}
	}
	d.pos = p.tok().pos
	switch {
	case p.accept("fn"):
		d.isFn = true
		if d.threadlocal {
			p.errorf(d.pos, "threadlocal function")
		}
		nt := p.ident()
		d.name, d.namePos = nt.text, nt.pos
		d.params = p.params()
		d.cc, d.ccPos = p.callconv()
		d.ret = p.typeExpr()
		if p.is("{") {
			d.body = p.block()
		} else if d.extern {
			p.expect(";")
		} else {
			p.fail("expected '{', found %s", describe(p.tok()))
		}
		return d
	case p.accept("const"):
	case p.accept("var"):
		d.isVar = true
	default:
		p.fail("expected 'const', 'var' or 'fn', found %s", describe(p.tok()))
	}
	if d.threadlocal && !d.isVar {
		p.errorf(d.pos, "threadlocal variable must be 'var'")
	}
	nt := p.ident()
	d.name, d.namePos = nt.text, nt.pos
	if p.accept(":") {
		d.typ = p.typeExpr()
	}
	d.align = p.alignment()
	if p.accept("=") {
		d.init = p.expr()
	} else if !d.extern {
		p.fail("expected '=', found %s", describe(p.tok()))
	}
	p.expect(";")
	return d
}

// alignment parses an optional `align(expr)`, returning expr or nil.
func (p *parser) alignment() *node {
	if !p.accept("align") {
		return nil
	}
	p.expect("(")
	x := p.expr()
	p.expect(")")
	return x
}

func (p *parser) params() []*paramNode {
	p.expect("(")
	var ps []*paramNode
	for !p.is(")") {
		pn := put(&p.sl.params, paramNode{pos: p.tok().pos})
		if p.accept("comptime") || p.accept("noalias") {
			pn.comptime = true
		}
		if p.tok().kind == tIdent && p.peek(1).kind == tPunct && p.peek(1).text == ":" {
			pn.pos = p.tok().pos
			pn.name = p.next().text
			p.next()
		}
		if p.is("anytype") || p.is("...") {
			p.fail("%s parameters are not supported", describe(p.tok()))
		}
		pn.typ = p.typeExpr()
		ps = append(ps, pn)
		if !p.is(")") {
			p.expect(",")
		}
	}
	p.next()
	return ps
}

func (p *parser) callconv() (CallConv, Pos) {
	if !p.is("callconv") {
		return CallConvAuto, Pos{}
	}
	p.next()
	p.expect("(")
	pos := p.tok().pos
	p.expect(".")
	name := p.ident()
	p.expect(")")
	switch name.text {
	case "C":
		return CallConvC, pos
	case "Unspecified":
		return CallConvAuto, pos
	}
	p.errorf(name.pos, "unsupported calling convention '.%s'", name.text)
	return CallConvAuto, pos
}

func (p *parser) block() *blockNode { return nested(p, p.blockBody) }

// blockBody is block inside one more nesting level.
func (p *parser) blockBody() *blockNode {
	b := put(&p.sl.blocks, blockNode{pos: p.expect("{").pos})
	for !p.is("}") && p.tok().kind != tEOF {
		p.guardedStmt(b)
	}
	b.end = p.expect("}").pos
	return b
}

// guardedStmt parses one statement of b, recovering as guarded does.
func (p *parser) guardedStmt(b *blockNode) {
	defer p.recoverAt(p.count, p.depth)
	if s := p.stmt(); s != nil {
		b.stmts = append(b.stmts, s)
	}
}

// isAssignOp reports whether s is `=` or a compound assignment operator.
func isAssignOp(s string) bool {
	switch s {
	case "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "+%=", "-%=", "*%=":
		return true
	}
	return false
}

func (p *parser) stmt() *stmtNode {
	t := p.tok()
	s := put(&p.sl.stmts, stmtNode{pos: t.pos})
	switch {
	case p.is("{"):
		s.kind = sBlock
		s.block = p.block()
		return s
	case p.is(";"):
		p.next()
		return nil
	case p.is("const") || p.is("var"):
		s.kind = sVar
		d := put(&p.sl.decls, declNode{pos: t.pos, isVar: p.next().text == "var"})
		nt := p.ident()
		d.name, d.namePos = nt.text, nt.pos
		if p.accept(":") {
			d.typ = p.typeExpr()
		}
		if p.is("align") {
			p.next()
			p.expect("(")
			d.align = p.expr()
			p.expect(")")
		}
		p.expect("=")
		d.init = p.expr()
		p.expect(";")
		s.decl = d
		return s
	case p.is("return"):
		p.next()
		s.kind = sReturn
		if !p.is(";") {
			s.rhs = p.expr()
		}
		p.expect(";")
		return s
	case t.kind == tIdent && t.text == "_" && p.peek(1).kind == tPunct && p.peek(1).text == "=":
		p.next()
		p.next()
		s.kind = sDiscard
		s.rhs = p.expr()
		p.expect(";")
		return s
	case t.kind == tKeyword:
		switch t.text {
		case "if", "while", "for", "switch", "defer", "errdefer", "comptime", "break", "continue", "suspend", "nosuspend":
			p.fail("'%s' is not supported", t.text)
		}
	}
	x := p.expr()
	if p.tok().kind == tPunct && isAssignOp(p.tok().text) {
		s.kind = sAssign
		s.op = p.next().text
		s.lhs = x
		s.rhs = p.expr()
	} else {
		s.kind = sExpr
		s.rhs = x
	}
	p.expect(";")
	return s
}

// binaryPrec gives the precedence of binary operator s (higher binds
// tighter), as in Zig, or 0 if s is not a binary operator.
func binaryPrec(s string) int {
	switch s {
	case "or":
		return 1
	case "and":
		return 2
	case "==", "!=", "<", ">", "<=", ">=":
		return 3
	case "&", "^", "|", "orelse", "catch":
		return 4
	case "<<", ">>":
		return 5
	case "+", "-", "+%", "-%", "++":
		return 6
	case "*", "/", "%", "*%", "||":
		return 7
	}
	return 0
}

func (p *parser) expr() *node { return p.binary(1) }

func (p *parser) binary(minPrec int) *node {
	return nested(p, func() *node { return p.binaryBody(minPrec) })
}

// binaryBody is binary inside one more nesting level.
func (p *parser) binaryBody(minPrec int) *node {
	x := p.prefix()
	for {
		t := p.tok()
		if t.kind != tPunct && t.kind != tKeyword {
			return x
		}
		prec := binaryPrec(t.text)
		if prec == 0 || prec < minPrec {
			return x
		}
		p.next()
		y := p.binary(prec + 1)
		x = p.newNode(node{kind: nBinary, pos: t.pos, text: t.text, x: x, y: y})
	}
}

func (p *parser) prefix() *node { return nested(p, p.prefixBody) }

// prefixBody is prefix inside one more nesting level.
func (p *parser) prefixBody() *node {
	t := p.tok()
	if t.kind == tPunct {
		switch t.text {
		case "!", "-", "~", "-%":
			p.next()
			return p.newNode(node{kind: nUnary, pos: t.pos, text: t.text, x: p.prefix()})
		case "&":
			p.next()
			return p.newNode(node{kind: nAddrOf, pos: t.pos, x: p.prefix()})
		}
	}
	if t.kind == tKeyword && t.text == "try" {
		p.fail("'try' is not supported")
	}
	x := p.typeExpr()
	if p.is("{") {
		x = p.initList(x)
	}
	return x
}

// typeExpr parses prefix type operators and an error union.
func (p *parser) typeExpr() *node { return nested(p, p.typeExprBody) }

// typeExprBody is typeExpr inside one more nesting level.
func (p *parser) typeExprBody() *node {
	t := p.tok()
	switch {
	case p.is("?"):
		p.next()
		return p.newNode(node{kind: nOptType, pos: t.pos, x: p.typeExpr()})
	case p.is("*"):
		p.next()
		n := p.newNode(node{kind: nPtrType, pos: t.pos, ptr: PtrOne})
		return p.ptrMods(n)
	case p.is("["):
		p.next()
		switch {
		case p.is("*"):
			p.next()
			n := p.newNode(node{kind: nPtrType, pos: t.pos, ptr: PtrMany})
			if p.accept(":") {
				p.ext(n).z = p.expr()
			}
			p.expect("]")
			return p.ptrMods(n)
		case p.is("]"):
			p.next()
			return p.ptrMods(p.newNode(node{kind: nPtrType, pos: t.pos, ptr: PtrSlice}))
		case p.is(":"):
			p.next()
			n := p.newNode(node{kind: nPtrType, pos: t.pos, ptr: PtrSlice})
			p.ext(n).z = p.expr()
			p.expect("]")
			return p.ptrMods(n)
		}
		n := p.newNode(node{kind: nArrayType, pos: t.pos})
		if p.tok().kind == tIdent && p.tok().text == "_" {
			p.next()
		} else {
			n.y = p.expr()
		}
		if p.accept(":") {
			p.ext(n).z = p.expr()
		}
		p.expect("]")
		n.x = p.typeExpr()
		return n
	}
	x := p.suffix()
	if p.is("!") {
		bang := p.next()
		return p.newNode(node{kind: nErrUnion, pos: bang.pos, x: x, y: p.typeExpr()})
	}
	return x
}

func (p *parser) ptrMods(n *node) *node {
	for {
		switch {
		case p.acceptFlag(keywordFlag{"const", &n.isConst}, keywordFlag{"volatile", &n.volatile}, keywordFlag{"allowzero", &n.allowzero}):
		case p.is("align"):
			n.y = p.alignment()
		case p.is("addrspace"):
			p.fail("addrspace is not supported")
		default:
			n.x = p.typeExpr()
			return n
		}
	}
}

// keywordFlag is a modifier keyword and the flag it sets (nil: none).
type keywordFlag struct {
	word string
	flag *bool
}

// acceptFlag consumes the next token if it is one of the modifier
// keywords in set, sets that keyword's flag, and reports whether it did.
func (p *parser) acceptFlag(set ...keywordFlag) bool {
	for _, k := range set {
		if p.accept(k.word) {
			if k.flag != nil {
				*k.flag = true
			}
			return true
		}
	}
	return false
}

func (p *parser) suffix() *node {
	x := p.primary()
	for {
		t := p.tok()
		switch {
		case p.is("."):
			p.next()
			name := p.ident()
			x = p.newNode(node{kind: nField, pos: name.pos, x: x, text: name.text})
		case p.is(".*"), p.is(".?"):
			p.fail("%s is not supported", describe(t))
		case p.is("["):
			p.next()
			i := p.expr()
			if p.is("..") {
				p.fail("slicing is not supported")
			}
			p.expect("]")
			x = p.newNode(node{kind: nIndex, pos: t.pos, x: x, y: i})
		case p.is("("):
			p.next()
			x = p.newNode(node{kind: nCall, pos: t.pos, x: x})
			if list := p.args(); list != nil {
				p.ext(x).list = list
			}
		default:
			return x
		}
	}
}

func (p *parser) args() []*node { return p.exprList(")") }

// exprList parses expressions separated by commas (a trailing one
// allowed) up to and including the punctuation end.
func (p *parser) exprList(end string) []*node {
	var list []*node
	for !p.is(end) {
		list = append(list, p.expr())
		if !p.is(end) {
			p.expect(",")
		}
	}
	p.next()
	return list
}

// leafNode says which tokens are whole expressions, and of what node kind.
var leafNode = [...]struct {
	kind nodeKind
	ok   bool
}{
	tInt: {nInt, true}, tFloat: {nFloat, true}, tString: {nString, true}, tChar: {nChar, true}, tIdent: {nIdent, true},
	tInvalid: {},
}

func (p *parser) primary() *node {
	t := p.tok()
	if leaf := leafNode[t.kind]; leaf.ok {
		p.next()
		return p.newNode(node{kind: leaf.kind, pos: t.pos, text: t.text})
	}
	switch t.kind {
	case tBuiltin:
		p.next()
		n := p.newNode(node{kind: nBuiltin, pos: t.pos, text: t.text})
		if p.accept("(") {
			if list := p.args(); list != nil {
				p.ext(n).list = list
			}
		}
		return n
	}
	switch {
	case p.is("."):
		p.next()
		if p.is("{") {
			return p.initList(p.newNode(node{kind: nInit, pos: t.pos}))
		}
		name := p.ident()
		return p.newNode(node{kind: nEnumLit, pos: t.pos, text: name.text})
	case p.is("("):
		p.next()
		x := p.expr()
		p.expect(")")
		return x
	case p.is("error"):
		p.next()
		if p.accept(".") {
			name := p.ident()
			return p.newNode(node{kind: nErrorVal, pos: t.pos, text: name.text})
		}
		p.expect("{")
		n := p.newNode(node{kind: nErrSet, pos: t.pos, ext: put(&p.sl.exts, nodeExt{})})
		for !p.is("}") {
			name := p.ident()
			n.ext.names = append(n.ext.names, name.text)
			n.ext.namePos = append(n.ext.namePos, name.pos)
			if !p.is("}") {
				p.expect(",")
			}
		}
		p.next()
		return n
	case p.is("struct"), p.is("enum"), p.is("union"), p.is("opaque"), p.is("extern"), p.is("packed"):
		return p.container()
	case p.is("fn"):
		p.next()
		n := p.newNode(node{kind: nFnType, pos: t.pos})
		var list []*node
		for _, pn := range p.params() {
			list = append(list, pn.typ)
		}
		if list != nil {
			p.ext(n).list = list
		}
		n.cc, _ = p.callconv()
		n.x = p.typeExpr()
		return n
	case p.is("{"):
		p.next()
		p.expect("}")
		return p.newNode(node{kind: nVoidVal, pos: t.pos})
	}
	p.fail("expected expression, found %s", describe(t))
	return nil
}

// initList parses `{ ... }` after a type (or after `.`).
func (p *parser) initList(n *node) *node {
	if n.kind != nInit {
		n = p.newNode(node{kind: nInit, pos: n.pos, x: n})
	}
	p.enter()
	defer p.leave()
	p.expect("{")
	if p.is(".") && p.peek(1).kind == tIdent && p.peek(2).kind == tPunct && p.peek(2).text == "=" {
		for !p.is("}") {
			p.expect(".")
			name := p.ident()
			p.expect("=")
			p.ext(n).inits = append(n.ext.inits, put(&p.sl.inits, fieldInit{name: name.text, pos: name.pos, value: p.expr()}))
			if !p.is("}") {
				p.expect(",")
			}
		}
		p.next()
	} else if list := p.exprList("}"); list != nil {
		p.ext(n).list = list
	}
	return n
}

func (p *parser) container() *node { return nested(p, p.containerBody) }

// containerKinds maps the keywords that open a container to its kind.
var containerKinds = map[string]Kind{"struct": KindStruct, "union": KindUnion, "enum": KindEnum, "opaque": KindOpaque}

// containerBody is container inside one more nesting level.
func (p *parser) containerBody() *node {
	t := p.tok()
	c := put(&p.sl.conts, containerNode{pos: t.pos})
	if p.accept("extern") {
		c.layout = LayoutExtern
	} else if p.accept("packed") {
		c.layout = LayoutPacked
	}
	kw := p.tok()
	kind, ok := containerKinds[kw.text]
	c.kind = kind
	if !ok {
		if kw.kind == tEOF {
			// reported at the 'extern' or 'packed' before the end
			p.errorf(t.pos, "expected 'struct', 'enum', 'union' or 'opaque', found %s", describe(kw))
			panic(bailout{})
		}
		p.fail("expected 'struct', 'enum', 'union' or 'opaque', found %s", describe(kw))
	}
	p.next()
	if c.layout != LayoutAuto && c.kind != KindStruct && c.kind != KindUnion {
		p.errorf(t.pos, "%s types cannot be %s", kw.text, map[Layout]string{LayoutExtern: "extern", LayoutPacked: "packed"}[c.layout])
	}
	if p.accept("(") {
		if c.kind == KindUnion && p.is("enum") {
			p.next()
			c.tagEnum = true
			if p.accept("(") {
				c.tagInt = p.expr()
				p.expect(")")
			}
		} else if c.kind == KindOpaque {
			p.fail("opaque types have no tag type")
		} else {
			c.tag = p.expr()
		}
		p.expect(")")
	}
	p.expect("{")
	for !p.is("}") && p.tok().kind != tEOF && !p.abort {
		p.member(c)
	}
	p.expect("}")
	return p.newNode(node{kind: nContainer, pos: t.pos, ext: put(&p.sl.exts, nodeExt{cont: c})})
}
