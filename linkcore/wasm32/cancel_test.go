package wasm32_test

import (
	"context"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/ctxtest"
	"github.com/dwarfscope/dwarfscope/linkcore/codegen"
	"github.com/dwarfscope/dwarfscope/linkcore/wasm32"
)

// cancelProgram has several functions of several statements, one of
// them a long unrolled multiplication.
const cancelProgram = `var w: u1024 = 0x1234_5678_9abc_def0;
var n: u32 = 3;
fn square(x: u1024) u1024 {
    const y: u1024 = x *% x;
    return y +% 1;
}
fn narrow(a: u32) u32 {
    var b: u32 = a * 3;
    b = b + n;
    return b;
}
export fn main() u32 {
    w = square(w);
    n = narrow(n);
    w = w >> 5;
    return n;
}
`

// TestCodeGenContextStops cancels the code generator from inside, at
// each of its looks at the context in turn (before each function and
// each statement): it stops at that very look with an error that wraps
// context.Canceled and says where it stopped, and returns no code.
// Uncancelled, it compiles every function.
func TestCodeGenContextStops(t *testing.T) {
	prog, err := lang.Compile("cancel.zig", []byte(cancelProgram), target.Wasm32)
	if err != nil {
		t.Fatal(err)
	}
	run := ctxtest.EveryLook(t, "WebAssembly code generator stopped before", func(ctx context.Context) (*codegen.Code, error) {
		return wasm32.CodeGenContext(ctx, prog)
	})
	if code := run.Result; run.Err != nil || len(code.Funcs) != 3 || len(code.Unsupported) > 0 {
		t.Fatalf("uncancelled: %v (unsupported %v)", run.Err, code.Unsupported)
	}
	if looks := run.Looks(); looks < 3+7 {
		t.Fatalf("the code generator looked at its context %d times, want once per function and statement", looks)
	}
}
