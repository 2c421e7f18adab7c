package lang

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCompile checks that no input panics (the safety net would report
// "internal error"), that every diagnostic has a position inside the
// file, and that encoding every value of a good program works.
func FuzzCompile(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.zig")
	shared, _ := filepath.Glob("../../../shared/samples/*.zig")
	for _, name := range append(files, shared...) {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
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

// BenchmarkCompile compiles a generated 10,000-declaration program.
func BenchmarkCompile(b *testing.B) {
	src := genProgram(10000)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile("gen.zig", src, nil); err != nil {
			b.Fatal(err)
		}
	}
}
