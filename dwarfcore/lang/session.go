package lang

import (
	"bytes"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
)

// Session compiles successive versions of one file. Each Compile returns
// exactly what CompileConfig returns for the same source, but does only
// the work the edit needs when it can prove that is the same:
//
//   - The source is split into top-level chunks by a scan that needs no
//     parser (scanChunks). A new version is compared with the last one;
//     only the chunks around the bytes that differ are scanned and parsed
//     again (a chunk whose text is unchanged keeps its syntax tree, with
//     its positions shifted when it moved to other lines). When a chunk
//     does not parse cleanly into one declaration, the whole file is
//     parsed the ordinary way, so errors are always CompileConfig's.
//   - Only the changed top-level declarations are checked again when
//     recheck.go's conditions hold; otherwise the whole file is checked.
//
// The program of a re-check shares its declarations and types with the
// previous one and says what changed in Program.Changes. src must not be
// modified after Compile.
type Session struct {
	cfg Config
	// src is the last source that was chunked; chunks its chunks in
	// source order, offs their byte offsets in src.
	src    []byte
	chunks []*parsedChunk
	offs   []int
	// mentions sums the chunks' mentions of names (recheck.go).
	mentions mentionTable
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
	// Reused counts chunks taken over from the previous version (Shifted
	// of them moved to other lines); Parsed chunks parsed anew.
	Reused, Shifted, Parsed int
	// Rechecked counts compiles that checked only the changed top-level
	// declarations (recheck.go); Fallbacks those that tried and checked
	// the whole file after all.
	Rechecked, Fallbacks int
	// SameTokens counts compiles whose edit left every token as it was
	// (a comment or blanks on one line), which took the last program
	// over without parsing or checking anything.
	SameTokens int
}

// parsedChunk is one chunk's text and syntax tree, the line it starts at
// and how many declarations (nested ones included) it makes.
type parsedChunk struct {
	text     string
	line     int
	decls    []*declNode
	ndecls   int
	mentions []nameMention
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
			s.src, s.chunks, s.offs, s.last = nil, nil, nil, nil
			errs.list = append(errs.list, &Error{Line: 1, Col: 1,
				Msg: fmt.Sprintf("internal error: %v\n%s", r, debug.Stack())})
			err = finishErrors(path, src, errs.list)
		}
	}()
	cp := s.parseChunks(src)
	var root *containerNode
	if cp == nil {
		// The ordinary parse decides, and reports the errors. After a
		// syntax error the chunks of the last good version stay: the
		// next version is likely to share most of them.
		s.Stats.Whole++
		s.last = nil
		root = parseFile(src, errs, s.cfg.MaxDepth)
		if len(errs.list) == 0 {
			s.chunkTrees(src, root)
		}
	} else {
		if s.last != nil && path == s.last.prog.Path {
			if cp.sameTokens {
				// The same tokens make the same program.
				s.Stats.SameTokens++
				return s.shiftOnly(src, cp), nil
			}
			if prog := s.recheck(src, cp); prog != nil {
				s.Stats.Rechecked++
				return prog, nil
			}
		}
		root = s.root()
	}
	s.last = nil
	if len(errs.list) == 0 {
		c := newChecker(path, src, s.cfg, errs)
		prog = c.check(root)
		if len(errs.list) == 0 {
			s.last = newChecked(c, prog, s.chunks)
		}
	}
	if len(errs.list) > 0 {
		return nil, finishErrors(path, src, errs.list)
	}
	return prog, nil
}

// root returns the file's syntax tree: the chunks' declarations.
func (s *Session) root() *containerNode {
	root := &containerNode{kind: KindStruct, pos: Pos{1, 1}, decls: make([]*declNode, 0, len(s.chunks))}
	for _, pc := range s.chunks {
		root.decls = append(root.decls, pc.decls...)
	}
	return root
}

// chunkParse is what parseChunks did: the chunks [a, b) of the previous
// version (old) were replaced by mid; the chunks after them moved by delta
// bytes and lineDelta lines.
type chunkParse struct {
	a, b             int
	old, mid         []*parsedChunk
	delta, lineDelta int
	// added are the chunks of mid parsed anew, with their byte ranges in
	// the new source; reused those of mid taken over from old; shifted
	// the taken-over chunks (in mid or after it) that moved, by how many
	// lines.
	added   []addedChunk
	reused  map[*parsedChunk]bool
	shifted []shiftedChunk
	// sameTokens: the edit changed only bytes of comments and blanks on
	// one line, so every token, and so every syntax tree and position,
	// is what it was (sameTokenEdit).
	sameTokens bool
}

type addedChunk struct {
	pc         *parsedChunk
	start, end int
}

type shiftedChunk struct {
	pc    *parsedChunk
	delta int
}

// parseChunks updates the chunks for src: it rescans and parses only the
// chunks around the bytes that differ from the last version. It returns
// nil, changing nothing, when there is no last version or a new chunk
// does not parse into one declaration.
func (s *Session) parseChunks(src []byte) *chunkParse {
	if s.chunks == nil {
		return nil
	}
	old := s.src
	p, q := commonPrefix(old, src), 0
	if p == len(old) && p == len(src) {
		s.src = src
		return &chunkParse{a: len(s.chunks), b: len(s.chunks)}
	}
	q = commonSuffix(old[p:], src[p:])
	delta := len(src) - len(old)
	if cp := s.sameTokenEdit(src, p, q); cp != nil {
		return cp
	}
	// The chunk that holds the first difference; when it starts right
	// there, the one before (the byte that made it a chunk changed).
	a := sort.SearchInts(s.offs, p) - 1
	if a < 0 {
		a = 0
	}
	// Rescan from there until a chunk start in the unchanged tail that
	// was a chunk start before.
	b := len(s.chunks)
	starts := scanChunksFrom(src, s.offs[a], s.chunks[a].line, func(off int) bool {
		if off < len(src)-q {
			return false
		}
		k := sort.SearchInts(s.offs, off-delta)
		if k < len(s.offs) && s.offs[k] == off-delta && k > a {
			b = k
			return true
		}
		return false
	})
	end := len(src)
	if b < len(s.chunks) {
		end = starts[len(starts)-1].off
		starts = starts[:len(starts)-1]
	}
	cp := &chunkParse{a: a, b: b, delta: delta, reused: map[*parsedChunk]bool{}}
	cp.old = append([]*parsedChunk(nil), s.chunks[a:b]...)
	// Old chunks of the range by text (trailing blanks do not change a
	// chunk's tree).
	byText := make(map[string][]*parsedChunk, len(cp.old))
	for _, pc := range cp.old {
		k := trimBlank(pc.text)
		byText[k] = append(byText[k], pc)
	}
	midOffs := make([]int, len(starts))
	for i, st := range starts {
		e := end
		if i+1 < len(starts) {
			e = starts[i+1].off
		}
		midOffs[i] = st.off
		text := src[st.off:e]
		var pc *parsedChunk
		if list := byText[trimBlank(string(text))]; len(list) > 0 {
			pc = list[0]
			byText[trimBlank(string(text))] = list[1:]
			cp.reused[pc] = true
			if pc.line != st.line {
				cp.shifted = append(cp.shifted, shiftedChunk{pc, st.line - pc.line})
			}
		} else {
			errs := &errSink{}
			cn := parseFileAt(text, errs, s.cfg.MaxDepth, st.line)
			if len(errs.list) > 0 || len(cn.fields) > 0 || (st.off > 0 && len(cn.decls) != 1) || len(cn.decls) > 1 {
				return nil
			}
			pc = &parsedChunk{text: string(text), line: st.line, decls: cn.decls, mentions: chunkMentions(cn.decls)}
			cp.added = append(cp.added, addedChunk{pc, st.off, e})
		}
		cp.mid = append(cp.mid, pc)
	}
	if b < len(s.chunks) {
		cp.lineDelta = lineAt(starts, end, src, s.chunks[a].line) - s.chunks[b].line
	}

	// Every chunk parsed: commit. Taken-over chunks that moved get their
	// trees shifted; the chunks after the range move as a whole.
	for _, sh := range cp.shifted {
		shiftDecls(sh.pc.decls, sh.delta)
		sh.pc.line += sh.delta
	}
	for i, pc := range cp.mid {
		e := end
		if i+1 < len(midOffs) {
			e = midOffs[i+1]
		}
		if cp.reused[pc] && len(pc.text) != e-midOffs[i] {
			pc.text = string(src[midOffs[i]:e])
		}
	}
	for _, pc := range cp.old {
		if !cp.reused[pc] {
			s.mentions.count(pc, -1)
		}
	}
	for _, a := range cp.added {
		s.mentions.count(a.pc, 1)
	}
	tail := s.chunks[b:]
	if cp.lineDelta != 0 {
		for _, pc := range tail {
			shiftDecls(pc.decls, cp.lineDelta)
			pc.line += cp.lineDelta
			cp.shifted = append(cp.shifted, shiftedChunk{pc, cp.lineDelta})
		}
	}
	if len(cp.mid) == b-a {
		// The same number of chunks: in place (the lists are the
		// session's own).
		copy(s.chunks[a:], cp.mid)
		copy(s.offs[a:], midOffs)
		if delta != 0 {
			for i := b; i < len(s.offs); i++ {
				s.offs[i] += delta
			}
		}
	} else {
		chunks := make([]*parsedChunk, 0, a+len(cp.mid)+len(tail))
		chunks = append(chunks, s.chunks[:a]...)
		chunks = append(chunks, cp.mid...)
		chunks = append(chunks, tail...)
		offs := make([]int, 0, len(chunks))
		offs = append(offs, s.offs[:a]...)
		offs = append(offs, midOffs...)
		for _, o := range s.offs[b:] {
			offs = append(offs, o+delta)
		}
		s.chunks, s.offs = chunks, offs
	}
	s.src = src
	chunks := s.chunks
	s.Stats.Reused += len(chunks) - len(cp.added)
	s.Stats.Shifted += len(cp.shifted)
	s.Stats.Parsed += len(cp.added)
	return cp
}

// sameTokenEdit is parseChunks for an edit that leaves every token as it
// was: the bytes that differ, [p, len-q) in the last and the new version,
// hold no line end, and the line that holds them lexes to the same valid
// tokens, at the same columns and with the same bytes, before and after
// (typing in a comment, or in the blanks around tokens without moving
// one). Zig tokens do not span lines, so the whole file lexes to the
// same tokens: the chunks' starts and trees stay, only the chunk of that
// line gets its new text and the offsets after it move by the size
// change. It returns nil when the edit is not of that kind.
func (s *Session) sameTokenEdit(src []byte, p, q int) *chunkParse {
	old := s.src
	oldEnd, newEnd := len(old)-q, len(src)-q
	if bytes.IndexByte(old[p:oldEnd], '\n') >= 0 || bytes.IndexByte(src[p:newEnd], '\n') >= 0 {
		return nil
	}
	ls := bytes.LastIndexByte(old[:p], '\n') + 1
	oldLine, newLine := old[ls:oldEnd], src[ls:newEnd]
	if i := bytes.IndexByte(old[oldEnd:], '\n'); i >= 0 {
		oldLine, newLine = old[ls:oldEnd+i], src[ls:newEnd+i]
	} else {
		oldLine, newLine = old[ls:], src[ls:]
	}
	if !sameLineTokens(oldLine, newLine) {
		return nil
	}
	a := sort.SearchInts(s.offs, p+1) - 1
	if a < 0 {
		return nil
	}
	pc := s.chunks[a]
	delta := len(src) - len(old)
	end := len(src)
	if a+1 < len(s.offs) {
		end = s.offs[a+1] + delta
	}
	pc.text = string(src[s.offs[a]:end])
	if delta != 0 {
		for i := a + 1; i < len(s.offs); i++ {
			s.offs[i] += delta
		}
	}
	s.src = src
	s.Stats.Reused += len(s.chunks)
	mid := []*parsedChunk{pc}
	return &chunkParse{a: a, b: a + 1, old: mid, mid: mid, delta: delta,
		reused: map[*parsedChunk]bool{pc: true}, sameTokens: true}
}

// sameLineTokens reports whether two versions of one line lex to the same
// valid tokens: same kinds, texts, columns and bytes.
func sameLineTokens(a, b []byte) bool {
	la, lb := newLexer(a), newLexer(b)
	for {
		x, y := la.next(), lb.next()
		if x.kind == tEOF || y.kind == tEOF {
			// (where the line ends does not matter)
			return x.kind == y.kind
		}
		if x.kind == tInvalid || x != y {
			return false
		}
		if !bytes.Equal(a[x.pos.Col-1:x.end-1], b[y.pos.Col-1:y.end-1]) {
			return false
		}
	}
}

// lineAt returns the line at byte end of src, counting from the first
// rescanned chunk start (or from firstLine when nothing was rescanned).
func lineAt(starts []chunkStart, end int, src []byte, firstLine int) int {
	from, line := 0, firstLine
	if len(starts) > 0 {
		from, line = starts[0].off, starts[0].line
	}
	return line + bytes.Count(src[from:end], []byte{'\n'})
}

// trimBlank drops trailing blanks and line ends, which do not change a
// chunk's syntax tree.
func trimBlank(s string) string {
	return strings.TrimRight(s, " \t\r\n")
}

// cmpStep is the block size in which commonPrefix and commonSuffix
// compare before they look at single bytes.
const cmpStep = 256

// commonPrefix returns the length of the longest common prefix of a and b.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+cmpStep <= n && bytes.Equal(a[i:i+cmpStep], b[i:i+cmpStep]) {
		i += cmpStep
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix returns the length of the longest common suffix of a and b.
func commonSuffix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+cmpStep <= n && bytes.Equal(a[len(a)-i-cmpStep:len(a)-i], b[len(b)-i-cmpStep:len(b)-i]) {
		i += cmpStep
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

// chunkTrees records the chunks of a whole-file tree; it leaves the
// session without chunks when chunks and top-level declarations do not
// match one to one.
func (s *Session) chunkTrees(src []byte, root *containerNode) {
	s.src, s.chunks, s.offs = nil, nil, nil
	starts := scanChunksFrom(src, 0, 1, nil)
	chunks := make([]*parsedChunk, 0, len(starts))
	offs := make([]int, 0, len(starts))
	k := 0
	for i, st := range starts {
		end := len(src)
		if i+1 < len(starts) {
			end = starts[i+1].off
		}
		pc := &parsedChunk{line: st.line, text: string(src[st.off:end])}
		// Declarations starting inside this chunk.
		for k < len(root.decls) && (i+1 == len(starts) || root.decls[k].pos.Line < starts[i+1].line) {
			pc.decls = append(pc.decls, root.decls[k])
			k++
		}
		if len(pc.decls) > 1 || i > 0 && len(pc.decls) == 0 {
			return
		}
		chunks = append(chunks, pc)
		offs = append(offs, st.off)
	}
	if k != len(root.decls) || len(root.fields) > 0 {
		return
	}
	s.mentions = make(mentionTable, len(chunks))
	for _, pc := range chunks {
		pc.mentions = chunkMentions(pc.decls)
		s.mentions.count(pc, 1)
	}
	s.src, s.chunks, s.offs = src, chunks, offs
}

// chunkStart is where a chunk begins: a byte offset and its line.
type chunkStart struct{ off, line int }

// scanChunksFrom splits src into top-level chunks without parsing,
// from byte from (a chunk start, on line line) on. Chunk 0 starts at
// offset 0 (it may hold only comments); every other chunk starts at the
// beginning of a line, at bracket depth 0 outside strings and comments,
// with a character that can begin a word, when the last significant
// character before it is ';' or '}' (the end of the previous
// declaration). Comment lines belong to the chunk before them. stop, when
// not nil, is called at each later start and ends the scan when it
// returns true (that start is the last one returned).
func scanChunksFrom(src []byte, from, line int, stop func(off int) bool) []chunkStart {
	out := []chunkStart{{from, line}}
	depth := 0
	last := byte(';')
	i := from
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
				if stop != nil && stop(i) {
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
	w := astWalk{pos: func(p *Pos) { shiftPos(p, delta) }}
	w.decls(decls)
}

// shiftPos moves a position by delta lines; the zero Pos (absent) stays.
func shiftPos(p *Pos, delta int) {
	if p.Line > 0 {
		p.Line += delta
	}
}
