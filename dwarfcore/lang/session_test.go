package lang

import (
	"bytes"
	"fmt"
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
	for seed := uint64(1); seed <= 6; seed++ {
		srcs = append(srcs, corpus.Sized(40, seed))
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
	switch r.Intn(8) {
	case 6, 7:
		// change a digit: mostly a valid new value
		l := lines[i]
		var digits []int
		for j := 0; j < len(l); j++ {
			if l[j] >= '0' && l[j] <= '9' {
				digits = append(digits, j)
			}
		}
		if len(digits) > 0 {
			j := digits[r.Intn(len(digits))]
			lines[i] = l[:j] + string(rune('0'+r.Intn(10))) + l[j+1:]
		}
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
	srcs := sessionSources(t)
	for k, src := range srcs {
		s := NewSession(Config{})
		cur := src
		var prev *Program
		rounds := edits/len(srcs) + 1
		if bytes.Contains(src, []byte("declarations, seed")) {
			rounds *= 4 // corpus.Sized: the incremental check applies
		}
		for n := 0; n < rounds; n++ {
			if n > 0 {
				cur = editLines(r, cur)
				if r.Intn(8) == 0 {
					cur = src // back to a good version now and then
				}
			}
			var lines map[*Decl]int
			if prev != nil {
				lines = make(map[*Decl]int, len(prev.Decls))
				for _, d := range prev.Decls {
					lines[d] = d.Line
				}
			}
			got, gerr := s.Compile("x.zig", cur)
			if msg := s.checkTrees(cur); msg != "" {
				t.Fatalf("source %d edit %d: %s\n%s", k, n, msg, cur)
			}
			if gerr == nil {
				if msg := checkChanges(prev, lines, got); msg != "" {
					t.Fatalf("source %d edit %d: %s\nprevious:\n%s\nnow:\n%s", k, n, msg, prev.Source, cur)
				}
				prev = got
			}
			want, werr := CompileConfig("x.zig", cur, Config{})
			if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
				t.Fatalf("source %d edit %d: session error %v, compile error %v\n%s", k, n, gerr, werr, cur)
			}
			if gerr == nil {
				if d := sameDecls(got, want); d != "" {
					t.Fatalf("source %d edit %d: %s\n%s", k, n, d, cur)
				}
			}
		}
		stats.Compiles += s.Stats.Compiles
		stats.Whole += s.Stats.Whole
		stats.Reused += s.Stats.Reused
		stats.Shifted += s.Stats.Shifted
		stats.Parsed += s.Stats.Parsed
		stats.Rechecked += s.Stats.Rechecked
		stats.Fallbacks += s.Stats.Fallbacks
	}
	t.Logf("%+v", stats)
	// The edits are seeded: about 450 compiles of the corpus.Sized
	// programs take the incremental check (the rest have errors, or edit
	// containers, strings or errors, which it leaves to a whole check).
	if stats.Rechecked < 300 {
		t.Errorf("%d of %d compiles re-checked only what changed: the incremental check is not working", stats.Rechecked, stats.Compiles)
	}
	if stats.Reused < 10*stats.Parsed {
		t.Errorf("chunks reused %d times, parsed %d: the cache is not working", stats.Reused, stats.Parsed)
	}
}

// checkTrees checks, when the session's chunks are those of src, that
// their trees are those of a whole-file parse (positions included).
func (s *Session) checkTrees(src []byte) string {
	if s.chunks == nil || !bytes.Equal(s.src, src) {
		return ""
	}
	errs := &errSink{}
	whole := parseFile(src, errs, DefaultMaxDepth)
	if len(errs.list) > 0 {
		return "chunks parse, the whole file does not: " + errs.list[0].Msg
	}
	if got := s.root().decls; (len(got) > 0 || len(whole.decls) > 0) && !reflect.DeepEqual(got, whole.decls) {
		return "chunked tree differs from the whole-file tree"
	}
	for i, pc := range s.chunks {
		if i > 0 && len(src[s.offs[i-1]:s.offs[i]]) != len(s.chunks[i-1].text) || pc.line < 1 {
			return fmt.Sprintf("chunk %d: offsets and texts out of step", i)
		}
	}
	return ""
}

// sameDecls compares two programs' declarations by name, kind, position,
// type and value (the checked result of equal trees).
func sameDecls(a, b *Program) string {
	if len(a.Decls) != len(b.Decls) || len(a.Anons) != len(b.Anons) {
		return fmt.Sprintf("%d declarations and %d anons, want %d and %d", len(a.Decls), len(a.Anons), len(b.Decls), len(b.Anons))
	}
	for i, d := range a.Decls {
		e := b.Decls[i]
		if d.FQN != e.FQN || d.Kind != e.Kind || d.Line != e.Line || d.Col != e.Col {
			return fmt.Sprintf("declaration %d: %s kind %d at %d:%d, want %s kind %d at %d:%d", i, d.FQN, d.Kind, d.Line, d.Col, e.FQN, e.Kind, e.Line, e.Col)
		}
		if (d.Type == nil) != (e.Type == nil) || d.Type != nil && d.Type.String() != e.Type.String() {
			return fmt.Sprintf("declaration %d (%s) differs (check 1)", i, d.FQN)
		}
		if (d.Init == nil) != (e.Init == nil) {
			return fmt.Sprintf("declaration %d (%s) differs (check 2)", i, d.FQN)
		}
		if funcDigest(d.Func) != funcDigest(e.Func) {
			return fmt.Sprintf("declaration %d (%s) differs (check 3)", i, d.FQN)
		}
		if d.Kind == DeclType && d.Value != nil && e.Value != nil {
			for i := range d.Value.Fields {
				if i >= len(e.Value.Fields) || d.Value.Fields[i].Line != e.Value.Fields[i].Line {
					return fmt.Sprintf("declaration %d (%s) differs (check 4)", i, d.FQN)
				}
			}
		}
		if d.Init != nil {
			x, xr := a.Types.Encode(d.Init)
			y, yr := b.Types.Encode(e.Init)
			if !reflect.DeepEqual(x, y) || relocDigest(xr) != relocDigest(yr) {
				return fmt.Sprintf("declaration %d (%s) differs (check 5)", i, d.FQN)
			}
		}
	}
	return ""
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
		if _, err := s.Compile("x.zig", []byte("const a = 1;\nvar b: u8 = 2;\n")); err != nil {
			t.Fatal(err)
		}
		s.Compile("x.zig", src)
		if msg := s.checkTrees(src); msg != "" {
			t.Fatal(msg)
		}
	})
}

// funcDigest spells out a function's locals and the kinds and positions
// of its statements and expressions.
func funcDigest(f *Func) string {
	if f == nil {
		return ""
	}
	var b strings.Builder
	for _, l := range f.Locals {
		fmt.Fprintf(&b, "local %s %s %d:%d;", l.Name, l.Type, l.Line, l.Col)
	}
	var expr func(e Expr)
	expr = func(e Expr) {
		if e == nil {
			return
		}
		p := e.ExprPos()
		fmt.Fprintf(&b, "%T@%d:%d(", e, p.Line, p.Col)
		switch x := e.(type) {
		case *AddrOf:
			expr(x.X)
		case *Binary:
			expr(x.X)
			expr(x.Y)
		case *Unary:
			expr(x.X)
		case *Call:
			for _, a := range x.Args {
				expr(a)
			}
		case *Aggregate:
			for _, a := range x.Elems {
				expr(a)
			}
		case *FieldExpr:
			expr(x.X)
		case *IndexExpr:
			expr(x.X)
			expr(x.Index)
		case *Convert:
			expr(x.X)
		}
		b.WriteString(")")
	}
	var stmt func(st Stmt)
	stmt = func(st Stmt) {
		p := st.StmtPos()
		fmt.Fprintf(&b, "%T@%d:%d{", st, p.Line, p.Col)
		switch s := st.(type) {
		case *Block:
			fmt.Fprintf(&b, "end %d:%d;", s.EndLine, s.EndCol)
			for _, x := range s.Stmts {
				stmt(x)
			}
		case *VarStmt:
			expr(s.Init)
		case *AssignStmt:
			expr(s.Target)
			expr(s.Value)
		case *DiscardStmt:
			expr(s.Value)
		case *ExprStmt:
			expr(s.X)
		case *ReturnStmt:
			expr(s.Value)
		}
		b.WriteString("}")
	}
	if f.Body != nil {
		stmt(f.Body)
	}
	return b.String()
}

// relocDigest spells out data relocations with their targets' names.
func relocDigest(rs []DataReloc) string {
	var b strings.Builder
	for _, r := range rs {
		name := ""
		if r.Target != nil {
			name = r.Target.FQN
		}
		if r.TargetAnon != nil {
			name = r.TargetAnon.Name
		}
		fmt.Fprintf(&b, "%d+%d:%s%+d;", r.Off, r.Size, name, r.Addend)
	}
	return b.String()
}

// checkChanges checks a program's Changes against the previous program
// (whose declarations had the given lines).
func checkChanges(prev *Program, lines map[*Decl]int, p *Program) string {
	ch := p.Changes
	if ch == nil {
		return ""
	}
	if ch.Prev != prev {
		return "Changes.Prev is not the previous program"
	}
	want := map[*Decl]bool{}
	for _, d := range prev.Decls {
		want[d] = true
	}
	for _, d := range ch.Removed {
		if !want[d] {
			return "removed " + d.FQN + " was not in the previous program"
		}
		delete(want, d)
	}
	for _, d := range ch.Added {
		if lines[d] != 0 {
			return "added " + d.FQN + " was in the previous program"
		}
		want[d] = true
	}
	if len(want) != len(p.Decls) {
		var names []string
		for _, d := range p.Decls {
			names = append(names, fmt.Sprintf("%s@%d", d.Name, d.Line))
		}
		var add, rem []string
		for _, d := range ch.Added {
			add = append(add, d.Name)
		}
		for _, d := range ch.Removed {
			rem = append(rem, d.Name)
		}
		return fmt.Sprintf("previous - removed + added is %d declarations, the program has %d: %v; added %v removed %v", len(want), len(p.Decls), names, add, rem)
	}
	same := len(prev.Decls) == len(p.Decls)
	for i := 0; same && i < len(p.Decls); i++ {
		same = prev.Decls[i].FQN == p.Decls[i].FQN
	}
	if same != ch.SameOrder {
		return fmt.Sprintf("SameOrder is %v, the names' order says %v", ch.SameOrder, same)
	}
	moved := map[*Decl]bool{}
	for _, d := range ch.Moved {
		moved[d] = true
	}
	for _, d := range p.Decls {
		if !want[d] {
			return d.FQN + " is neither added nor in the previous program"
		}
		if l, ok := lines[d]; ok && l != d.Line && !moved[d] {
			return d.FQN + " moved but is not in Moved"
		}
	}
	return ""
}

// BenchmarkSessionEdit measures the front end's share of an incremental
// edit: a Session compiling a changed constant's value, then the original
// again, in a corpus.Sized program; BenchmarkCompile is the whole-file
// compile of the same program.
func BenchmarkSessionEdit(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		src := string(corpus.Sized(n, 1))
		mid := len(src) / 2
		at := mid + strings.Index(src[mid:], "\nconst c") + 1
		eq := at + strings.Index(src[at:], " = ") + 3
		semi := at + strings.Index(src[at:], ";")
		edited, orig := []byte(src[:eq]+"1"+src[semi:]), []byte(src)
		b.Run(fmt.Sprintf("decls=%d", n), func(b *testing.B) {
			s := NewSession(Config{})
			if _, err := s.Compile("sized.zig", orig); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				v := edited
				if i%2 == 1 {
					v = orig
				}
				if _, err := s.Compile("sized.zig", v); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if s.Stats.Rechecked < b.N {
				b.Fatalf("only %d of %d compiles re-checked", s.Stats.Rechecked, b.N)
			}
		})
	}
}

// FuzzSessionEdit compiles a source with a Session, applies one edit
// (delete del bytes at pos, insert ins) and checks the Session's compile
// of the result against CompileConfig's.
func FuzzSessionEdit(f *testing.F) {
	for seed := uint64(1); seed <= 3; seed++ {
		src := corpus.Sized(12, seed)
		f.Add(src, uint16(len(src)/2), uint8(0), "\n")
		f.Add(src, uint16(len(src)/3), uint8(1), "7")
		f.Add(src, uint16(len(src)/2), uint8(0), "const zz: u8 = 1;\n")
		f.Add(src, uint16(10), uint8(1), "x") // in the first line's comment
		f.Add(src, uint16(len(src)-1), uint8(0), " // typed")
	}
	f.Fuzz(func(t *testing.T, src []byte, pos uint16, del uint8, ins string) {
		if len(src) > 1<<13 || len(ins) > 256 {
			return
		}
		s := NewSession(Config{})
		if _, err := s.Compile("x.zig", src); err != nil {
			return
		}
		p := min(int(pos), len(src))
		q := min(p+int(del), len(src))
		edited := append(append(append([]byte(nil), src[:p]...), ins...), src[q:]...)
		got, gerr := s.Compile("x.zig", edited)
		want, werr := CompileConfig("x.zig", edited, Config{})
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Fatalf("session error %v, compile error %v", gerr, werr)
		}
		if msg := s.checkTrees(edited); msg != "" {
			t.Fatal(msg)
		}
		if gerr == nil {
			if d := sameDecls(got, want); d != "" {
				t.Fatal(d)
			}
		}
	})
}

// TestSessionUnionTagInt edits around a union(enum(T)) whose T is too
// small for its fields: the error moves with the union when a line is
// inserted above it, and it goes away when T is widened, exactly as a
// fresh compile says (the integer type of the generated enum is part of
// what a session shifts and what makes it recheck).
func TestSessionUnionTagInt(t *testing.T) {
	versions := []string{
		"const T = u2;\nconst U = union(enum(T)) { a: u8, b: u8, c: u8, d: u8, e: u8 };\nvar u: U = .{ .a = 1 };\n",
		"const T = u2;\n\nconst U = union(enum(T)) { a: u8, b: u8, c: u8, d: u8, e: u8 };\nvar u: U = .{ .a = 1 };\n",
		"const T = u3;\n\nconst U = union(enum(T)) { a: u8, b: u8, c: u8, d: u8, e: u8 };\nvar u: U = .{ .a = 1 };\n",
	}
	s := NewSession(Config{})
	for i, src := range versions {
		_, gerr := s.Compile("x.zig", []byte(src))
		_, werr := CompileConfig("x.zig", []byte(src), Config{})
		if fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Fatalf("version %d: session says %v, a fresh compile %v", i, gerr, werr)
		}
		if wantErr := i < 2; (werr != nil) != wantErr {
			t.Fatalf("version %d: error %v, want an error: %v", i, werr, wantErr)
		}
	}
}

// TestSessionCommentEdit types into comments and blanks on one line (no
// line added or removed): every such compile must take the last program
// over (SameTokens), and give what a fresh compile gives, with no
// declaration added, removed or moved.
func TestSessionCommentEdit(t *testing.T) {
	r := rand.New(rand.NewSource(13))
	for k, src := range sessionSources(t) {
		s := NewSession(Config{})
		prev, err := s.Compile("x.zig", src)
		if err != nil {
			continue
		}
		cur := src
		for n := 0; n < 20; n++ {
			lines := strings.SplitAfter(string(cur), "\n")
			i := r.Intn(len(lines))
			l := strings.TrimSuffix(lines[i], "\n")
			nl := lines[i][len(l):]
			c := strings.Index(l, "//")
			if c >= 0 && strings.ContainsAny(l[:c], "\"'") {
				continue // maybe in a string
			}
			switch {
			case c < 0:
				l += "  // typed"
			case r.Intn(3) == 0 && len(l) > c+2:
				j := c + 2 + r.Intn(len(l)-c-2)
				l = l[:j] + l[j+1:] // delete a character of the comment
			default:
				j := c + 2 + r.Intn(len(l)-c-1)
				l = l[:j] + string("x /;{\"'"[r.Intn(7)]) + l[j:]
			}
			lines[i] = l + nl
			cur = []byte(strings.Join(lines, ""))
			before := s.Stats.SameTokens
			got, gerr := s.Compile("x.zig", cur)
			want, werr := CompileConfig("x.zig", cur, Config{})
			if gerr != nil || werr != nil {
				t.Fatalf("source %d edit %d: session error %v, compile error %v\n%s", k, n, gerr, werr, lines[i])
			}
			if s.Stats.SameTokens != before+1 {
				t.Fatalf("source %d edit %d: a comment edit (%q) did not keep the program", k, n, lines[i])
			}
			if d := sameDecls(got, want); d != "" {
				t.Fatalf("source %d edit %d: %s", k, n, d)
			}
			if msg := s.checkTrees(cur); msg != "" {
				t.Fatalf("source %d edit %d: %s", k, n, msg)
			}
			if ch := got.Changes; ch == nil || ch.Prev != prev || len(ch.Added)+len(ch.Removed)+len(ch.Moved) > 0 || !ch.SameOrder {
				t.Fatalf("source %d edit %d: changes %+v, want none", k, n, ch)
			}
			if !bytes.Equal(got.Source, cur) {
				t.Fatalf("source %d edit %d: the program's Source is not the new source", k, n)
			}
			prev = got
		}
	}
}
