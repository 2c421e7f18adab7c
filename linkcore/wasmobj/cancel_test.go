package wasmobj_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/ctxtest"
	"github.com/dwarfscope/dwarfscope/linkcore"
	"github.com/dwarfscope/dwarfscope/linkcore/wasmobj"
)

// cancelProgram has code, data, zero data, thread-local data and debug
// sections, each with relocations.
const cancelProgram = `var big: [65536]u64 = undefined;
var counter: u32 = 7;
var zero: u64 = 0;
threadlocal var tl: u32 = 5;
fn helper(x: u32) u32 {
    tl = tl + x;
    return x + counter;
}
export fn main() u32 {
    zero = 1;
    return helper(3);
}
`

// TestWriteObjectContextStops cancels the writer from inside, at each
// of its looks at the context in turn: it stops at that very look with
// an error that wraps context.Canceled and says where it stopped, and
// returns no file. Uncancelled, it writes the module.
func TestWriteObjectContextStops(t *testing.T) {
	res, err := linkcore.Build("cancel.zig", []byte(cancelProgram), options)
	if err != nil {
		t.Fatal(err)
	}
	run := ctxtest.EveryLook(t, "WebAssembly writer stopped before", func(ctx context.Context) (*wasmobj.File, error) {
		return wasmobj.WriteObjectContext(ctx, res.Object)
	})
	if run.Err != nil || len(run.Result.Bytes) < 512<<10 {
		t.Fatalf("uncancelled: %v", run.Err)
	}
	if looks := run.Looks(); looks < 10 {
		t.Fatalf("the writer looked at its context %d times, want once per section at least", looks)
	}
}

// TestBuildContextStopsInWasmStages checks that BuildContext hands the
// build's context to the WebAssembly code generator and writer: a
// context cancelled as the build enters either stage stops the build at
// that stage's first look, with its error.
func TestBuildContextStopsInWasmStages(t *testing.T) {
	for _, tc := range []struct {
		stage linkcore.Stage
		want  string
	}{
		{linkcore.StageCodeGen, "WebAssembly code generator stopped before"},
		{linkcore.StageWrite, "WebAssembly writer stopped before starting"},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		opts := options
		opts.Progress = func(s linkcore.Stage) {
			if s == tc.stage {
				cancel()
			}
		}
		res, err := linkcore.BuildContext(ctx, "cancel.zig", []byte(cancelProgram), opts)
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), tc.want) || res != nil {
			t.Errorf("cancelled entering stage %v: result %v, err %v; want %q", tc.stage, res != nil, err, tc.want)
		}
		cancel()
	}
}
