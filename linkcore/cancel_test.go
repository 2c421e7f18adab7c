package linkcore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
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
		{StageEmit, KindObject, "dwarfcore: emission stopped"},
		{StageEncode, KindObject, "lang: encoding stopped"},
		{StageWrite, KindObject, "ELF writer stopped"},
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
