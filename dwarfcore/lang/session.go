package lang

import (
	"fmt"
	"runtime/debug"
)

// Session compiles successive versions of one file. Each Compile returns
// exactly what CompileConfig returns for the same source, but the syntax
// trees of top-level declarations whose text did not change since the
// previous Compile are reused instead of parsed again (a declaration that
// only moved to other lines has its positions shifted). Checking always
// runs on the whole file: it is the parse that an edit saves.
//
// The source is split into top-level chunks by a scan that needs no
// parser (see scanChunks). Each chunk is parsed on its own; when any chunk
// does not parse cleanly into declarations, the whole file is parsed the
// ordinary way, so errors are always the ones CompileConfig reports.
type Session struct {
	cfg Config
	// cache holds the parsed chunks of the last Compile by text; a text
	// that occurs several times has one tree per occurrence.
	cache map[string][]*parsedChunk
	// order lists the cached chunks in source order.
	order []*parsedChunk
	// last is the checker state of the last successful check, which an
	// update may continue (recheck.go); nil forces a whole check.
	last *checked
	// Stats counts what the Compiles did.
	Stats SessionStats
}

// SessionStats counts how a Session's compiles were served.
type SessionStats struct {
	// Compiles counts calls; Whole those that parsed the whole file the
	// ordinary way (the first one, or after a chunk failed to parse).
	Compiles, Whole int
	// Reused counts chunks taken from the cache (Shifted of them moved
	// to other lines); Parsed chunks parsed anew.
	Reused, Shifted, Parsed int
	// Rechecked counts compiles that checked only the changed top-level
	// declarations (recheck.go); Fallbacks those that tried and checked
	// the whole file after all.
	Rechecked, Fallbacks int
}

// parsedChunk is one chunk's text and syntax tree and the line it starts
// at; gen is the Compile that last used it.
type parsedChunk struct {
	text  string
	line  int
	gen   int
	decls []*declNode
}

// NewSession returns a session compiling with cfg (zero fields get
// CompileConfig's defaults).
func NewSession(cfg Config) *Session {
	return &Session{cfg: cfg.withDefaults()}
}

// Compile parses and checks src (the new version of the file path).
func (s *Session) Compile(path string, src []byte) (prog *Program, err error) {
	s.Stats.Compiles++
	errs := &errSink{}
	defer func() {
		if r := recover(); r != nil {
			prog = nil
			s.cache, s.last = nil, nil
			errs.list = append(errs.list, &Error{Line: 1, Col: 1,
				Msg: fmt.Sprintf("internal error: %v\n%s", r, debug.Stack())})
			err = finishErrors(path, src, errs.list)
		}
	}()
	cp := s.parseChunks(src)
	var root *containerNode
	if cp == nil {
		// The ordinary parse decides, and reports the errors. After a
		// syntax error the cache stays: the next version is likely to
		// share most chunks with the last good one.
		s.Stats.Whole++
		s.last = nil
		root = parseFile(src, errs, s.cfg.MaxDepth)
		if len(errs.list) == 0 {
			s.cache, s.order = chunkTrees(src, root)
		}
	} else {
		root = cp.root
		if s.last != nil && path == s.last.prog.Path {
			if prog := s.recheck(src, cp); prog != nil {
				s.cache = cp.next
				s.Stats.Rechecked++
				return prog, nil
			}
		}
		s.cache, s.order = cp.next, cp.order
	}
	s.last = nil
	if len(errs.list) == 0 {
		c := newChecker(path, src, s.cfg, errs)
		prog = c.check(root)
		if len(errs.list) == 0 {
			s.last = newChecked(c, prog)
		}
	}
	if len(errs.list) > 0 {
		return nil, finishErrors(path, src, errs.list)
	}
	return prog, nil
}

// chunkParse is the result of parseChunks.
type chunkParse struct {
	root  *containerNode
	next  map[string][]*parsedChunk
	order []*parsedChunk
	// added are the chunks parsed anew, with their byte ranges in the
	// new source; shifted the reused ones that moved, by how many lines.
	added   []addedChunk
	shifted []shiftedChunk
}

type addedChunk struct {
	pc         *parsedChunk
	start, end int
}

type shiftedChunk struct {
	pc    *parsedChunk
	delta int
}

// parseChunks builds the file's syntax tree from its chunks, reusing the
// cached trees of unchanged ones; nil when there is no cache yet or a
// chunk does not parse into declarations alone.
func (s *Session) parseChunks(src []byte) *chunkParse {
	if s.cache == nil {
		return nil
	}
	starts := scanChunks(src)
	cp := &chunkParse{root: &containerNode{kind: KindStruct, pos: Pos{1, 1}},
		next: make(map[string][]*parsedChunk, len(starts))}
	cp.root.decls = make([]*declNode, 0, len(starts))
	// A cached tree serves one chunk per Compile (gen); the cache itself
	// is not changed, so a failed attempt leaves it usable.
	gen := s.Stats.Compiles
	for i, st := range starts {
		end := len(src)
		if i+1 < len(starts) {
			end = starts[i+1].off
		}
		var pc *parsedChunk
		for _, c := range s.cache[string(src[st.off:end])] {
			if c.gen != gen {
				pc = c
				break
			}
		}
		if pc != nil {
			s.Stats.Reused++
			if pc.line != st.line {
				cp.shifted = append(cp.shifted, shiftedChunk{pc, st.line - pc.line})
				shiftDecls(pc.decls, st.line-pc.line)
				pc.line = st.line
				s.Stats.Shifted++
			}
		} else {
			errs := &errSink{}
			cn := parseFileAt(src[st.off:end], errs, s.cfg.MaxDepth, st.line)
			if len(errs.list) > 0 || len(cn.fields) > 0 || (i > 0 && len(cn.decls) != 1) || len(cn.decls) > 1 {
				return nil
			}
			pc = &parsedChunk{text: string(src[st.off:end]), line: st.line, decls: cn.decls}
			cp.added = append(cp.added, addedChunk{pc, st.off, end})
			s.Stats.Parsed++
		}
		pc.gen = gen
		cp.next[pc.text] = append(cp.next[pc.text], pc)
		cp.order = append(cp.order, pc)
		cp.root.decls = append(cp.root.decls, pc.decls...)
	}
	return cp
}

// chunkTrees splits a whole-file tree into the cache of its chunks (and
// their source order); nil when chunks and top-level declarations do not
// match one to one.
func chunkTrees(src []byte, root *containerNode) (map[string][]*parsedChunk, []*parsedChunk) {
	starts := scanChunks(src)
	cache := make(map[string][]*parsedChunk, len(starts))
	order := make([]*parsedChunk, 0, len(starts))
	k := 0
	for i, st := range starts {
		end := len(src)
		if i+1 < len(starts) {
			end = starts[i+1].off
		}
		pc := &parsedChunk{line: st.line}
		// Declarations starting inside this chunk.
		for k < len(root.decls) && (i+1 == len(starts) || root.decls[k].pos.Line < starts[i+1].line) {
			pc.decls = append(pc.decls, root.decls[k])
			k++
		}
		if len(pc.decls) > 1 || i > 0 && len(pc.decls) == 0 {
			return nil, nil
		}
		pc.text = string(src[st.off:end])
		cache[pc.text] = append(cache[pc.text], pc)
		order = append(order, pc)
	}
	if k != len(root.decls) || len(root.fields) > 0 {
		return nil, nil
	}
	return cache, order
}

// chunkStart is where a chunk begins: a byte offset and its line.
type chunkStart struct{ off, line int }

// scanChunks splits src into top-level chunks without parsing. Chunk 0
// starts at offset 0 (it may hold only comments); every other chunk starts
// at the beginning of a line, at bracket depth 0 outside strings and
// comments, with a character that can begin a word, when the last
// significant character before it is ';' or '}' (the end of the previous
// declaration). Comment lines belong to the chunk before them.
func scanChunks(src []byte) []chunkStart {
	out := []chunkStart{{0, 1}}
	depth := 0
	last := byte(';')
	line := 1
	i := 0
	for i < len(src) {
		c := src[i]
		if plainByte[c] {
			last = c
			i++
			continue
		}
		switch {
		case c == '\n':
			i++
			line++
			if depth == 0 && (last == ';' || last == '}') && i < len(src) && isWordStart(src[i]) {
				out = append(out, chunkStart{i, line})
				// the first word of the chunk is significant
				last = 'a'
			}
			continue
		case c == ' ' || c == '\t' || c == '\r':
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == '\\' && i+1 < len(src) && src[i+1] == '\\':
			// a multi-line string line
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
	if len(out) > 1 && out[0].off == out[1].off {
		out = out[1:]
	}
	return out
}

// plainByte marks the bytes scanChunks only records as the last
// significant one.
var plainByte = func() (t [256]bool) {
	for c := range t {
		t[c] = true
	}
	for _, c := range []byte("\n \t\r/\\\"'{}()[]") {
		t[c] = false
	}
	return t
}()

func isWordStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// shiftDecls moves parsed declarations by delta lines: every position in
// their trees. Columns do not change, since chunks start at the beginning
// of a line.
func shiftDecls(decls []*declNode, delta int) {
	for _, d := range decls {
		shiftDecl(d, delta)
	}
}

func shiftDecl(d *declNode, delta int) {
	if d == nil {
		return
	}
	shiftPos(&d.pos, delta)
	shiftPos(&d.namePos, delta)
	shiftPos(&d.ccPos, delta)
	shiftNode(d.typ, delta)
	shiftNode(d.align, delta)
	shiftNode(d.init, delta)
	for _, p := range d.params {
		shiftPos(&p.pos, delta)
		shiftNode(p.typ, delta)
	}
	shiftNode(d.ret, delta)
	shiftBlock(d.body, delta)
}

func shiftBlock(b *blockNode, delta int) {
	if b == nil {
		return
	}
	shiftPos(&b.pos, delta)
	shiftPos(&b.end, delta)
	for _, st := range b.stmts {
		shiftPos(&st.pos, delta)
		shiftDecl(st.decl, delta)
		shiftNode(st.lhs, delta)
		shiftNode(st.rhs, delta)
		shiftBlock(st.block, delta)
	}
}

func shiftNode(n *node, delta int) {
	for n != nil {
		shiftPos(&n.pos, delta)
		if e := n.ext; e != nil {
			shiftNode(e.z, delta)
			for _, x := range e.list {
				shiftNode(x, delta)
			}
			for _, fi := range e.inits {
				shiftPos(&fi.pos, delta)
				shiftNode(fi.value, delta)
			}
			for i := range e.namePos {
				shiftPos(&e.namePos[i], delta)
			}
			shiftContainer(e.cont, delta)
		}
		shiftNode(n.y, delta)
		n = n.x
	}
}

func shiftContainer(c *containerNode, delta int) {
	if c == nil {
		return
	}
	shiftPos(&c.pos, delta)
	shiftNode(c.tag, delta)
	for _, f := range c.fields {
		shiftPos(&f.pos, delta)
		shiftNode(f.typ, delta)
		shiftNode(f.align, delta)
		shiftNode(f.value, delta)
	}
	shiftDecls(c.decls, delta)
}

// shiftPos moves a position by delta lines; the zero Pos (absent) stays.
func shiftPos(p *Pos, delta int) {
	if p.Line > 0 {
		p.Line += delta
	}
}
