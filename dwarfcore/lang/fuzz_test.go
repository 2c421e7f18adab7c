package lang

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

// FuzzCompile checks that no input panics (the safety net would report
// "internal error"), that every diagnostic has a position inside the
// file, and that encoding every value of a good program works.
func FuzzCompile(f *testing.F) {
	for _, p := range testPrograms(f) {
		f.Add(p.Src)
	}
	f.Add([]byte(layoutDecls))
	f.Add([]byte("const x: u8 = 256;\nconst S = struct { a: u8 };\nconst s: S = .{ .x = 1 };"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		prog, err := CompileConfig("f.zig", src, Config{MaxTypeSize: 1 << 20})
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 || prog != nil {
				t.Fatalf("bad error result %T %v", err, err)
			}
			lines := bytes.Count(src, []byte("\n")) + 1
			for _, e := range list {
				if strings.HasPrefix(e.Msg, "internal error") {
					t.Fatalf("%s", e.Msg)
				}
				if e.Line < 1 || e.Line > lines || e.Col < 1 || e.Col > len(src)+1 {
					t.Fatalf("bad position %d:%d in %d lines: %s", e.Line, e.Col, lines, e.Msg)
				}
			}
			return
		}
		for _, d := range prog.Decls {
			if d.Init != nil {
				b, _ := prog.Types.Encode(d.Init)
				if uint64(len(b)) != d.Init.Type.Size {
					t.Fatalf("%s: %d bytes for %s", d.FQN, len(b), d.Init.Type.Name)
				}
			}
		}
	})
}

// genProgram writes n declarations: structs, variables and functions.
func genProgram(n int) []byte {
	var b bytes.Buffer
	for i := 0; i < n; i += 5 {
		fmt.Fprintf(&b, "const S%d = struct { a: u32 = %d, b: ?*S%d = null, c: [4]u8 = .{ 1, 2, 3, 4 }, d: f64 = 1.5 };\n", i, i, i)
		fmt.Fprintf(&b, "var v%d: S%d = .{ .a = %d };\n", i, i, i*3)
		fmt.Fprintf(&b, "const k%d: u64 = 0x%x * 3 +%% 7;\n", i, i)
		fmt.Fprintf(&b, "threadlocal var t%d: u16 = %d;\n", i, i%60000)
		fmt.Fprintf(&b, "fn func%d(x: u64, y: u32) u64 {\n    var r: u64 = x ^ k%d;\n    r = r +%% y;\n    _ = v%d;\n    return r;\n}\n", i, i, i)
	}
	return b.Bytes()
}

func TestGenerated(t *testing.T) {
	p, err := Compile("gen.zig", genProgram(1000), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Decls) != 1000 {
		t.Fatalf("%d decls", len(p.Decls))
	}
}

// BenchmarkCompile compiles the 10,000-declaration program of the
// whole-pipeline benchmark (internal/bench BenchmarkBuild).
func BenchmarkCompile(b *testing.B) {
	src := corpus.Sized(10000, 1)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile("sized.zig", src, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSized10k compiles the benchmark program and checks facts about it,
// so that the benchmark input itself stays exercised.
func TestSized10k(t *testing.T) {
	p, err := Compile("sized.zig", corpus.Sized(10000, 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Decls) != 10000 || len(p.Root.Scope) != 10000 {
		t.Fatalf("%d decls, %d in the root scope", len(p.Decls), len(p.Root.Scope))
	}
	kinds := map[DeclKind]int{}
	for _, d := range p.Decls {
		kinds[d.Kind]++
	}
	// 9,999 declarations cycle struct, var, const, fn; then gen_entry
	// (the 2,500th function).
	want := map[DeclKind]int{DeclType: 2500, DeclVar: 2500, DeclConst: 2500, DeclFunc: 2500}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d declarations of kind %d, want %d (all: %v)", kinds[k], k, n, kinds)
		}
	}
	byName := map[string]*Decl{}
	for _, d := range p.Decls {
		byName[d.Name] = d
	}
	// const S0 = struct { a: i64, b: bool, c: [2]u16, d: ?*u32 }: Zig
	// orders a, d (align 8), c, b: 8+8+4+1 bytes, padded to 24.
	// S4 has a: u24 (d, a, c, b: 8+4+4+1 -> 24), S8 a: u7 (8+4+1+1 -> 16).
	for _, tc := range []struct {
		name        string
		size, align uint64
		aOffset     uint64
	}{{"S0", 24, 8, 0}, {"S4", 24, 8, 8}, {"S8", 16, 8, 12}} {
		d := byName[tc.name]
		if d == nil || d.Kind != DeclType {
			t.Fatalf("%s: not a type declaration", tc.name)
		}
		st := d.Value
		if st.Size != tc.size || st.Align != tc.align || st.Fields[0].Offset != tc.aOffset {
			t.Errorf("%s: size %d align %d a@%d, want %d %d a@%d", st.Name, st.Size, st.Align, st.Fields[0].Offset, tc.size, tc.align, tc.aOffset)
		}
	}
	if v := byName["v1"]; v == nil || v.Type != byName["S0"].Value || len(v.Init.Elems) != 4 {
		t.Errorf("v1: %+v", v)
	}
	if c := byName["c2"]; c == nil || c.Type.Name != "u64" || c.Init.Int.String() != "16699303838745931174" {
		t.Errorf("c2: %+v", c)
	}
	f := byName["f3"]
	if f == nil || f.Func == nil || len(f.Func.Params) != 2 || f.Type.Name != "fn (usize, usize) usize" {
		t.Errorf("f3: %+v", f)
	}
	e := byName["gen_entry"]
	// one `_ = fN(a, b);` per other function, then `_ = .{ &v1, &c2, ... };`
	if e == nil || !e.Export || e.Func == nil || len(e.Func.Body.Stmts) != 2499+1 {
		t.Errorf("gen_entry: %+v", e)
	}
}
