package lang

import (
	"bytes"
	"sort"
)

// Session is an incremental front end: it keeps the last checked program
// and, for a new version of the source, re-checks only the top-level
// declarations whose text changed when that is provably equivalent to a
// fresh Compile, and compiles the whole file otherwise.
//
// The source is split into top-level declaration chunks: a chunk starts
// at the beginning of a line, at bracket depth 0 outside strings and
// comments, whose first character starts a word and whose previous
// significant character is ';' or '}' (the end of the previous
// declaration); comment lines belong to the chunk before them. An update
// compares the new source with the old one, rescans chunks only around
// the bytes that differ, and reuses every declaration of an unchanged
// chunk as it is (a chunk that only moved to other lines has its
// positions shifted in place and its Decl.Version bumped).
//
// The incremental path is taken only when every removed and added chunk
// is one plain `const`/`var` declaration of no function, container, string
// or error (so no type, anonymous datum or error code depends on the
// order of checking), the new ones check without errors, and no unchanged
// part of the source mentions any removed or added name (so nothing else
// depends on them). Anything else, including any error, is a full
// Compile. The result is then the program a fresh Compile gives, up to the
// order of Types.All, which can also hold types no declaration uses any
// more.
//
// A Session owns its programs: a Program returned by Update shares its
// declarations and types with later ones and may change in place (moved
// lines) at the next Update. src must not be modified after Update.
type Session struct {
	cfg   Config
	path  string
	src   []byte
	prog  *Program
	c     *checker
	parts []chunk
	// Stats counts how updates were served.
	Stats SessionStats
	// why is the reason code of the last fallback to a full compile.
	why int
}

// fallback records why the incremental path was not taken.
func (s *Session) fallback(why int) *Program {
	s.why = why
	return nil
}

// SessionStats counts a Session's updates by path.
type SessionStats struct {
	// Full counts whole-file compiles; Incremental updates that re-checked
	// only changed declarations; Reused declarations taken over
	// unchanged (or line-shifted) by incremental updates.
	Full, Incremental, Reused, Rechecked int
}

// chunk is one top-level declaration's text (chunk 0 may hold only
// leading comments).
type chunk struct {
	start, end int // byte offsets in the source
	line       int // line of start
	decls      int // declarations it produced (the top-level one and nested ones)
}

// NewSession opens an incremental front end with cfg's limits.
func NewSession(cfg Config) *Session { return &Session{cfg: cfg} }

// Update checks the new version src of the file path and returns its
// program, as Compile would.
func (s *Session) Update(path string, src []byte) (*Program, error) {
	if s.prog != nil && path == s.path && s.parts != nil {
		if prog := s.incremental(src); prog != nil {
			s.Stats.Incremental++
			return prog, nil
		}
	}
	return s.full(path, src)
}

// full compiles src from scratch and records its chunks.
func (s *Session) full(path string, src []byte) (*Program, error) {
	s.Stats.Full++
	s.prog, s.c, s.parts = nil, nil, nil
	prog, c, err := compile(path, src, s.cfg)
	if err != nil {
		return nil, err
	}
	s.path, s.src, s.prog, s.c = path, src, prog, c
	s.parts = s.chunkProgram(src, prog)
	return prog, nil
}

// chunkProgram splits src into chunks and checks they match prog's
// top-level declarations one to one; nil when they do not.
func (s *Session) chunkProgram(src []byte, prog *Program) []chunk {
	starts := scanChunks(src, 0, 1, nil)
	parts := make([]chunk, len(starts))
	for i, st := range starts {
		parts[i] = chunk{start: st.off, line: st.line, end: len(src)}
		if i > 0 {
			parts[i-1].end = st.off
		}
	}
	// Assign declarations to chunks by line.
	k := 0
	for _, d := range prog.Decls {
		if d.Parent == prog.Root {
			for k+1 < len(parts) && parts[k+1].line <= d.Line {
				k++
			}
			if parts[k].decls > 0 {
				return nil // two top-level declarations in one chunk
			}
		} else if parts[k].decls == 0 {
			return nil
		}
		parts[k].decls++
	}
	for i := 1; i < len(parts); i++ {
		if parts[i].decls == 0 {
			return nil
		}
	}
	return parts
}

// chunkStart is a chunk boundary found by scanChunks.
type chunkStart struct{ off, line int }

// scanChunks returns the chunk starts of src from byte from (a chunk
// start, at line line) on; stop, when not nil, is called at each later
// start and ends the scan when it returns true (that start is included).
func scanChunks(src []byte, from, line int, stop func(off, line int) bool) []chunkStart {
	out := []chunkStart{{from, line}}
	depth := 0
	last := byte(';')
	i := from
	for i < len(src) {
		c := src[i]
		switch {
		case c == '\n':
			i++
			line++
			if depth == 0 && (last == ';' || last == '}') && i < len(src) && isWordStart(src[i]) {
				out = append(out, chunkStart{i, line})
				if stop != nil && stop(i, line) {
					return out
				}
			}
			continue
		case c == ' ' || c == '\t' || c == '\r':
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '\\' && i+1 < len(src) && src[i+1] == '\\':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			last = '"'
			continue
		case c == '"' || c == '\'':
			i++
			for i < len(src) && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			last = c
			if i < len(src) && src[i] == c {
				i++
			}
			continue
		case c == '{' || c == '(' || c == '[':
			depth++
			last = c
		case c == '}' || c == ')' || c == ']':
			if depth > 0 {
				depth--
			}
			last = c
		default:
			last = c
		}
		i++
	}
	return out
}

func isWordStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isWordByte(c byte) bool { return isWordStart(c) || c >= '0' && c <= '9' }

// mentions reports whether the word name occurs in b.
func mentions(b []byte, name string) bool {
	for {
		i := bytes.Index(b, []byte(name))
		if i < 0 {
			return false
		}
		j := i + len(name)
		if (i == 0 || !isWordByte(b[i-1])) && (j >= len(b) || !isWordByte(b[j])) {
			return true
		}
		b = b[i+1:]
	}
}

// unsafeWords are words a chunk may not contain on the incremental path:
// they can declare types, functions, anonymous data or error codes.
var unsafeWords = [][]byte{[]byte("fn"), []byte("struct"), []byte("enum"), []byte("union"),
	[]byte("opaque"), []byte("error"), []byte("anyerror"), []byte("\""), []byte("\\\\"),
	[]byte("usingnamespace"), []byte("comptime"), []byte("@")}

// incremental tries the incremental path; nil means "compile fully".
func (s *Session) incremental(src []byte) (prog *Program) {
	old, parts := s.src, s.parts
	p := 0
	for n := min(len(old), len(src)); p < n && old[p] == src[p]; p++ {
	}
	if p == len(old) && p == len(src) {
		np := *s.prog
		np.Source = src
		s.src, s.prog = src, &np
		s.Stats.Reused += len(np.Decls)
		return &np
	}
	q := 0
	for n := min(len(old), len(src)) - p; q < n && old[len(old)-1-q] == src[len(src)-1-q]; q++ {
	}
	delta := len(src) - len(old)
	// The chunk holding the first difference, and the one before it (its
	// end, and so the start of the next, may depend on that byte).
	i := sort.Search(len(parts), func(k int) bool { return parts[k].start > p }) - 1
	if i > 0 {
		i--
	}
	if i < 0 {
		return s.fallback(1)
	}
	// Rescan the new source from there until a start in the unchanged
	// tail that is also an old chunk start.
	j := len(parts)
	starts := scanChunks(src, parts[i].start, parts[i].line, func(off, _ int) bool {
		if off < len(src)-q {
			return false
		}
		o := off - delta
		k := sort.Search(len(parts), func(k int) bool { return parts[k].start >= o })
		if k < len(parts) && parts[k].start == o {
			j = k
			return true
		}
		return false
	})
	newEnd := len(src)
	if j < len(parts) {
		newEnd = starts[len(starts)-1].off
		starts = starts[:len(starts)-1]
	}
	nw := make([]chunk, len(starts))
	for k, st := range starts {
		nw[k] = chunk{start: st.off, line: st.line, end: newEnd}
		if k > 0 {
			nw[k-1].end = st.off
		}
	}
	// Trim chunks equal in text at both ends of the changed range.
	a, b := i, j
	for a < b && len(nw) > 0 && parts[a].start == nw[0].start &&
		bytes.Equal(bytes.TrimRight(old[parts[a].start:parts[a].end], " \t\r\n"), bytes.TrimRight(src[nw[0].start:nw[0].end], " \t\r\n")) {
		nw = nw[1:]
		a++
	}
	for a < b && len(nw) > 0 && bytes.Equal(old[parts[b-1].start:parts[b-1].end], src[nw[len(nw)-1].start:nw[len(nw)-1].end]) {
		nw = nw[:len(nw)-1]
		b--
	}
	if a == 0 && (len(nw) > 0 || b > a) {
		return s.fallback(2) // the header chunk changed: keep it simple
	}
	// Line shift of the unchanged tail.
	lineDelta := 0
	if b < len(parts) {
		lineDelta = lineAt(src, parts, a, nw, parts[b].start+delta) - parts[b].line
	}
	// Conditions on the removed chunks.
	c := s.c
	root := s.prog.Root
	rootSc := c.conts[root].sc
	var names []string
	first := 0
	for k := 0; k < a; k++ {
		first += parts[k].decls
	}
	declAt := first
	for k := a; k < b; k++ {
		if parts[k].decls != 1 {
			return s.fallback(3)
		}
		d := s.prog.Decls[declAt]
		declAt++
		if d.Kind != DeclConst && d.Kind != DeclVar || d.Parent != root {
			return s.fallback(4)
		}
		names = append(names, d.Name)
	}
	last := declAt
	// Parse the added chunks.
	var nodes []*declNode
	for k := range nw {
		text := src[nw[k].start:nw[k].end]
		for _, w := range unsafeWords {
			if mentions(text, string(w)) || w[0] == '"' && bytes.IndexByte(text, '"') >= 0 ||
				w[0] == '\\' && bytes.Contains(text, w) || w[0] == '@' && bytes.IndexByte(text, '@') >= 0 {
				return s.fallback(5)
			}
		}
		errs := &errSink{}
		cn := parseFileAt(text, errs, c.cfg.MaxDepth, nw[k].line)
		if len(errs.list) > 0 || len(cn.decls) != 1 || len(cn.fields) > 0 {
			return s.fallback(6)
		}
		dn := cn.decls[0]
		if dn.isFn || dn.extern || dn.init == nil || dn.init.kind == nContainer {
			return s.fallback(7)
		}
		nodes = append(nodes, dn)
		names = append(names, dn.name)
		nw[k].decls = 1
	}
	// Nothing outside the changed text may mention a changed name.
	lo, hi := 0, len(src)
	if len(nw) > 0 {
		lo, hi = nw[0].start, nw[len(nw)-1].end
	} else if b < len(parts) {
		lo, hi = parts[b].start+delta, parts[b].start+delta
	} else {
		lo, hi = len(src), len(src)
	}
	for _, n := range names {
		if c.primitive(n) != nil || n == "_" || mentions(src[:lo], n) || mentions(src[hi:], n) {
			return s.fallback(8)
		}
	}
	seen := map[string]bool{}
	for _, dn := range nodes {
		if seen[dn.name] {
			return s.fallback(9)
		}
		seen[dn.name] = true
	}
	total := len(s.prog.Decls) - (last - first) + len(nodes)
	if total > c.cfg.MaxDecls {
		return s.fallback(10)
	}

	// Apply: from here on a failure discards the checker (full compile).
	defer func() {
		if r := recover(); r != nil {
			prog = nil
		}
		if prog == nil {
			s.prog, s.c, s.parts = nil, nil, nil
		}
	}()
	for k := first; k < last; k++ {
		delete(rootSc.decls, s.prog.Decls[k].Name)
	}
	errs := &errSink{}
	c.errs = errs
	np := *s.prog
	np.Source = src
	c.prog = &np
	savedScope, savedWork, nTypes, nBodies := root.Scope, c.work, len(c.ts.All), len(c.deferBody)
	np.Decls, root.Scope, c.work = nil, nil, nil
	c.declareMembers(root, rootSc, &containerNode{kind: KindStruct, decls: nodes})
	added, addedInfo := np.Decls, c.work
	root.Scope, c.work = savedScope, savedWork[:0]
	for _, di := range addedInfo {
		c.resolveDecl(di)
	}
	for ti := nTypes; ti < len(c.ts.All); ti++ {
		if t := c.ts.All[ti]; c.conts[t] != nil {
			c.complete(t, Pos{})
			c.defaults(t)
		}
	}
	if len(errs.list) > 0 || len(c.deferBody) != nBodies {
		return s.fallback(11)
	}
	version := uint64(s.Stats.Full+s.Stats.Incremental) + 1
	for _, d := range added {
		d.Version = version
	}
	// Splice the declarations (prog.Decls and the root's Scope).
	decls := make([]*Decl, 0, total)
	decls = append(decls, s.prog.Decls[:first]...)
	decls = append(decls, added...)
	decls = append(decls, s.prog.Decls[last:]...)
	np.Decls = decls
	topFirst := a
	if parts[0].decls == 0 {
		topFirst--
	}
	scope := make([]*Decl, 0, len(root.Scope)-(b-a)+len(added))
	scope = append(scope, root.Scope[:topFirst]...)
	scope = append(scope, added...)
	scope = append(scope, root.Scope[topFirst+(b-a):]...)
	root.Scope = scope
	if lineDelta != 0 {
		for _, d := range decls[first+len(added):] {
			shiftDecl(d, lineDelta, version)
		}
	}
	// The new chunk list.
	np2 := make([]chunk, 0, len(parts)-(b-a)+len(nw))
	np2 = append(np2, parts[:a]...)
	np2 = append(np2, nw...)
	for _, ch := range parts[b:] {
		ch.start += delta
		ch.end += delta
		ch.line += lineDelta
		np2 = append(np2, ch)
	}
	s.parts, s.src, s.prog = np2, src, &np
	s.Stats.Reused += len(decls) - len(added)
	s.Stats.Rechecked += len(added)
	return &np
}

// lineAt returns the line of byte off of src, counting from the last
// unchanged chunk before the changed range (parts[a-1]) or the first new
// chunk.
func lineAt(src []byte, parts []chunk, a int, nw []chunk, off int) int {
	from, line := 0, 1
	if len(nw) > 0 {
		from, line = nw[0].start, nw[0].line
	} else if a > 0 {
		from, line = parts[a-1].start, parts[a-1].line
	}
	return line + countLines(src[from:off])
}

func countLines(b []byte) int { return bytes.Count(b, []byte{'\n'}) }

// shiftDecl moves a reused declaration by delta lines: its own position,
// its function body's and locals' positions and, for a container it
// declares, its fields' lines.
func shiftDecl(d *Decl, delta int, version uint64) {
	d.Line += delta
	d.Version = version
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
			shiftBlock(f.Body, delta)
		}
	}
}

func shiftBlock(b *Block, delta int) {
	b.Line += delta
	b.EndLine += delta
	for _, st := range b.Stmts {
		shiftStmt(st, delta)
	}
}

func shiftStmt(st Stmt, delta int) {
	switch s := st.(type) {
	case *Block:
		shiftBlock(s, delta)
	case *VarStmt:
		s.Line += delta
		shiftExpr(s.Init, delta)
	case *AssignStmt:
		s.Line += delta
		shiftExpr(s.Target, delta)
		shiftExpr(s.Value, delta)
	case *DiscardStmt:
		s.Line += delta
		shiftExpr(s.Value, delta)
	case *ExprStmt:
		s.Line += delta
		shiftExpr(s.X, delta)
	case *ReturnStmt:
		s.Line += delta
		shiftExpr(s.Value, delta)
	default:
		panic("lang: shiftStmt: unknown statement")
	}
}

func shiftExpr(e Expr, delta int) {
	switch x := e.(type) {
	case nil:
	case *Const:
		x.Line += delta
	case *LocalRef:
		x.Line += delta
	case *GlobalRef:
		x.Line += delta
	case *AddrOf:
		x.Line += delta
		shiftExpr(x.X, delta)
	case *Binary:
		x.Line += delta
		shiftExpr(x.X, delta)
		shiftExpr(x.Y, delta)
	case *Unary:
		x.Line += delta
		shiftExpr(x.X, delta)
	case *Call:
		x.Line += delta
		for _, a := range x.Args {
			shiftExpr(a, delta)
		}
	case *Aggregate:
		x.Line += delta
		for _, a := range x.Elems {
			shiftExpr(a, delta)
		}
	case *FieldExpr:
		x.Line += delta
		shiftExpr(x.X, delta)
	case *IndexExpr:
		x.Line += delta
		shiftExpr(x.X, delta)
		shiftExpr(x.Index, delta)
	case *Convert:
		x.Line += delta
		shiftExpr(x.X, delta)
	default:
		panic("lang: shiftExpr: unknown expression")
	}
}
