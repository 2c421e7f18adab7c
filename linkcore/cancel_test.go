package linkcore

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/ctxtest"
	"github.com/dwarfscope/dwarfscope/linkcore/amd64"
	"github.com/dwarfscope/dwarfscope/linkcore/codegen"
)

// stagesSource has work for every stage: 300 declarations for the
// emitter, a 2^15-leaf initial value for the value encoder, a 1 MiB
// variable for the ELF writer, and a main for executables.
func stagesSource() []byte {
	var b strings.Builder
	b.WriteString("const A0 = struct { a: u8 = 1, b: u8 = 2 };\n")
	for i := 1; i <= 14; i++ {
		fmt.Fprintf(&b, "const A%d = struct { a: A%d = .{}, b: A%d = .{} };\n", i, i-1, i-1)
	}
	b.WriteString("var leaves: A14 = .{};\nvar big: [1 << 20]u8 = undefined;\n")
	for i := range 300 {
		fmt.Fprintf(&b, "var g%d: u32 = %d;\n", i, i)
	}
	b.WriteString("pub fn main() void {\n    _ = &big;\n}\n")
	return []byte(b.String())
}

// TestBuildContextStopsInStage cancels a build's context as it enters
// each stage (Options.Progress) and requires that the stage itself
// notices: the build fails with an error that wraps context.Canceled and
// names the stage that stopped. (The tests of each stage's package
// cancel it in the middle of its work: TestEncodeContextStops,
// TestEmitContextStops, TestWriteObjectContextStops.)
func TestBuildContextStopsInStage(t *testing.T) {
	src := stagesSource()
	tests := []struct {
		stage Stage
		kind  Kind
		says  string
	}{
		{StageCheck, KindObject, "build stopped"},
		{StageCodeGen, KindObject, "code generation stopped"},
		{StageEmit, KindObject, "dwarfcore: emission stopped"},
		{StageEncode, KindObject, "lang: encoding stopped"},
		{StageWrite, KindObject, "ELF writer stopped"},
		{StageCodeGen, KindExecutable, "code generation stopped"},
		{StageEmit, KindExecutable, "dwarfcore: emission stopped"},
		{StageEncode, KindExecutable, "lang: encoding stopped"},
		{StageWrite, KindExecutable, "ELF writer stopped"},
	}
	for _, kind := range []Kind{KindObject, KindExecutable} {
		if _, err := Build("stages.zig", src, Options{Kind: kind}); err != nil {
			t.Fatalf("%s, uncancelled: %v", kind, err)
		}
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s", tt.kind, tt.stage), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var entered []Stage
			opts := Options{Kind: tt.kind, Progress: func(s Stage) {
				entered = append(entered, s)
				if s == tt.stage {
					cancel()
				}
			}}
			res, err := BuildContext(ctx, "stages.zig", src, opts)
			if res != nil || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), tt.says) {
				t.Fatalf("result %v, err %v; want an error that wraps context.Canceled and says %q", res != nil, err, tt.says)
			}
			if last := entered[len(entered)-1]; last != tt.stage {
				t.Errorf("stages entered %v: the build went on past %s", entered, tt.stage)
			}
		})
	}
}

// codeGenSource has work for the code generators: 1,000 functions, and
// in main 5,000 statements.
func codeGenSource() []byte {
	var b strings.Builder
	b.WriteString("var v: u64 = 1;\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "fn h%d(a: u64) u64 {\n    return a + %d;\n}\n", i, i)
	}
	b.WriteString("pub fn main() void {\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "    v = h%d(v) * v;\n", i%1000)
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// TestCodeGenContextStops cancels the code generators from inside, at
// the middle one of their looks at the context: the x86-64 generator of
// executables among main's 5,000 statements, the minimal one of objects
// among its 1,000 functions. Each stops at that very look with an error
// that wraps context.Canceled and no code. Uncancelled, each looks at
// its context once per 64 functions and statements, and succeeds.
func TestCodeGenContextStops(t *testing.T) {
	prog, err := lang.Compile("code.zig", codeGenSource(), target.X86_64)
	if err != nil {
		t.Fatal(err)
	}
	gens := []struct {
		name  string
		steps int // functions plus statements
		gen   func(stop *codegen.Stop) (*Code, error)
	}{
		{"amd64", 1001 + 1000 + 5000, func(stop *codegen.Stop) (*Code, error) {
			return amd64.CodeGenStop(prog, target.X86_64, stop)
		}},
		{"minimal", 1001, func(stop *codegen.Stop) (*Code, error) {
			return codegen.CodeGenStop(prog, target.X86_64, stop)
		}},
	}
	for _, g := range gens {
		t.Run(g.name, func(t *testing.T) {
			whole := ctxtest.CancelAt(context.Background(), 0)
			code, err := g.gen(&codegen.Stop{Context: whole})
			if err != nil || len(code.Funcs) != 1001 {
				t.Fatalf("uncancelled: %v", err)
			}
			if min := g.steps / 64; whole.Looks() < min {
				t.Fatalf("the generator looked at its context %d times in %d steps, want at least %d", whole.Looks(), g.steps, min)
			}
			at := whole.Looks() / 2
			err = ctxtest.StopAt(t, at, "code generation stopped", func(ctx context.Context) (*Code, error) {
				return g.gen(&codegen.Stop{Context: ctx})
			})
			t.Logf("cancelled at look %d of %d: %v", at, whole.Looks(), err)
		})
	}
}

// TestCodeOverOutputLimit builds an executable whose 200 statements each
// copy a 1 MiB array (740 MB of machine code) under a 4 MiB output limit:
// the build is refused as too large, and the code generator allocates a
// few times the limit, not the code it would have made.
func TestCodeOverOutputLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("var g: [1 << 20]u8 = undefined;\npub fn main() void {\n    var a: [1 << 20]u8 = undefined;\n")
	for range 200 {
		b.WriteString("    a = g;\n    g = a;\n")
	}
	b.WriteString("}\n")
	const limit = 4 << 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := Build("copy.zig", []byte(b.String()), Options{Kind: KindExecutable, MaxOutput: limit,
		Limits: lang.Config{MaxTypeSize: 2 << 20}})
	runtime.ReadMemStats(&after)
	var big *OutputTooLargeError
	if !errors.As(err, &big) || !big.Code || big.Size <= limit || res != nil {
		t.Fatalf("result %v, err %v; want an output over the limit found while generating code", res != nil, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16*limit {
		t.Errorf("the build allocated %d MiB under a %d MiB output limit", alloc>>20, limit>>20)
	}
	t.Log(err)
}
