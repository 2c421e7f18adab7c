package lang

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

// sessionSources are the programs the session tests edit: generated
// corpus programs, the owned samples and the testdata files.
func sessionSources(t *testing.T) [][]byte {
	var srcs [][]byte
	for seed := uint64(1); seed <= 12; seed++ {
		_, src := corpus.Program(seed)
		srcs = append(srcs, src)
	}
	files, _ := filepath.Glob("../../internal/samples/*.zig")
	more, _ := filepath.Glob("testdata/*.zig")
	for _, name := range append(files, more...) {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, b)
	}
	return srcs
}

// editLines applies one random line edit: delete, duplicate, swap with the
// next, insert a blank or comment line, or change one character.
func editLines(r *rand.Rand, src []byte) []byte {
	lines := strings.SplitAfter(string(src), "\n")
	i := r.Intn(len(lines))
	switch r.Intn(6) {
	case 0:
		lines = append(lines[:i], lines[i+1:]...)
	case 1:
		lines = append(lines[:i+1], lines[i:]...)
	case 2:
		if i+1 < len(lines) {
			lines[i], lines[i+1] = lines[i+1], lines[i]
		}
	case 3:
		lines = append(lines[:i], append([]string{"\n"}, lines[i:]...)...)
	case 4:
		lines = append(lines[:i], append([]string{"// a comment\n"}, lines[i:]...)...)
	default:
		if l := lines[i]; len(l) > 1 {
			j := r.Intn(len(l) - 1)
			lines[i] = l[:j] + string("0123456789;{}( \nabcxyz"[r.Intn(22)]) + l[j+1:]
		}
	}
	return []byte(strings.Join(lines, ""))
}

// TestSessionEqualsCompile edits programs at random and checks, after
// every edit, that the session's tree equals a whole-file parse and that
// its Compile gives what CompileConfig gives.
func TestSessionEqualsCompile(t *testing.T) {
	edits := 3000
	if testing.Short() {
		edits = 300
	}
	r := rand.New(rand.NewSource(7))
	var stats SessionStats
	for k, src := range sessionSources(t) {
		s := NewSession(Config{})
		cur := src
		for n := 0; n < edits/len(sessionSources(t))+1; n++ {
			if n > 0 {
				cur = editLines(r, cur)
				if r.Intn(8) == 0 {
					cur = src // back to a good version now and then
				}
			}
			// The tree first, before Compile updates the cache.
			if root, _ := s.parseChunksCopy(cur); root != nil {
				errs := &errSink{}
				whole := parseFile(cur, errs, DefaultMaxDepth)
				if len(errs.list) > 0 {
					t.Fatalf("source %d edit %d: chunks parse, the whole file does not: %v\n%s", k, n, errs.list[0].Msg, cur)
				}
				if !reflect.DeepEqual(root.decls, whole.decls) {
					t.Fatalf("source %d edit %d: chunked tree differs from the whole-file tree\n%s", k, n, cur)
				}
			}
			got, gerr := s.Compile("x.zig", cur)
			want, werr := CompileConfig("x.zig", cur, Config{})
			if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
				t.Fatalf("source %d edit %d: session error %v, compile error %v\n%s", k, n, gerr, werr, cur)
			}
			if gerr == nil && !sameDecls(got, want) {
				t.Fatalf("source %d edit %d: programs differ\n%s", k, n, cur)
			}
		}
		stats.Compiles += s.Stats.Compiles
		stats.Whole += s.Stats.Whole
		stats.Reused += s.Stats.Reused
		stats.Shifted += s.Stats.Shifted
		stats.Parsed += s.Stats.Parsed
	}
	t.Logf("%+v", stats)
	if stats.Reused < 10*stats.Parsed {
		t.Errorf("chunks reused %d times, parsed %d: the cache is not working", stats.Reused, stats.Parsed)
	}
}

// parseChunksCopy runs parseChunks without disturbing the cache the next
// Compile uses (it shifts cached trees in place, so it works on copies).
func (s *Session) parseChunksCopy(src []byte) (*containerNode, bool) {
	if s.cache == nil {
		return nil, false
	}
	saved := s.cache
	// Re-parse the cached chunks' texts into private trees at their
	// lines: equal to the cached trees, but not shared.
	priv := make(map[string][]*parsedChunk, len(saved))
	for text, list := range saved {
		for _, pc := range list {
			errs := &errSink{}
			cn := parseFileAt([]byte(text), errs, s.cfg.MaxDepth, pc.line)
			priv[text] = append(priv[text], &parsedChunk{text: text, line: pc.line, gen: pc.gen, decls: cn.decls})
		}
	}
	stats := s.Stats
	s.Stats.Compiles++ // as Compile does before parseChunks
	s.cache = priv
	root, _ := s.parseChunks(src)
	s.cache, s.Stats = saved, stats
	return root, root != nil
}

// sameDecls compares two programs' declarations by name, kind, position,
// type and value (the checked result of equal trees).
func sameDecls(a, b *Program) bool {
	if len(a.Decls) != len(b.Decls) || len(a.Types.All) != len(b.Types.All) || len(a.Anons) != len(b.Anons) {
		return false
	}
	for i, d := range a.Decls {
		e := b.Decls[i]
		if d.FQN != e.FQN || d.Kind != e.Kind || d.Line != e.Line || d.Col != e.Col {
			return false
		}
		if (d.Type == nil) != (e.Type == nil) || d.Type != nil && d.Type.String() != e.Type.String() {
			return false
		}
		if (d.Init == nil) != (e.Init == nil) {
			return false
		}
		if d.Init != nil {
			x, xr := a.Types.Encode(d.Init)
			y, yr := b.Types.Encode(e.Init)
			if !reflect.DeepEqual(x, y) || !reflect.DeepEqual(xr, yr) {
				return false
			}
		}
	}
	return true
}

// FuzzSessionChunks checks that whenever a source's chunks parse on their
// own, the whole file parses to the same declarations.
func FuzzSessionChunks(f *testing.F) {
	for seed := uint64(1); seed <= 4; seed++ {
		_, src := corpus.Program(seed)
		f.Add(src)
	}
	f.Add([]byte("const a = 1;\nconst b = struct {}\n;\nconst c = 2; const d = 3;\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<14 {
			return
		}
		s := NewSession(Config{})
		s.cache = map[string][]*parsedChunk{}
		root, _ := s.parseChunks(src)
		if root == nil {
			return
		}
		errs := &errSink{}
		whole := parseFile(src, errs, DefaultMaxDepth)
		if len(errs.list) > 0 {
			t.Fatalf("chunks parse, the whole file does not: %s", errs.list[0].Msg)
		}
		if !reflect.DeepEqual(root.decls, whole.decls) {
			t.Fatalf("chunked tree differs from the whole-file tree")
		}
	})
}
