package lang

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/ctxtest"
)

// doublingValue returns a program whose variable v has 2^(levels+1) u8
// leaves, each a default field value: an initial value that takes the
// encoder real time.
func doublingValue(levels int) string {
	var b strings.Builder
	b.WriteString("const A0 = struct { a: u8 = 1, b: u8 = 2 };\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "const A%d = struct { a: A%d = .{}, b: A%d = .{} };\n", i, i-1, i-1)
	}
	fmt.Fprintf(&b, "var v: A%d = .{};\n", levels)
	return b.String()
}

// TestEncodeContextStops cancels the encoding of a 2^19-leaf initial
// value from inside, at the encoder's third look at its context: the
// encoder stops at that look (not at the end of the value) with an error
// that wraps context.Canceled, and returns no bytes. Uncancelled, the
// same encoding looks hundreds of times and gives the value's bytes.
func TestEncodeContextStops(t *testing.T) {
	p, err := Compile("d.zig", []byte(doublingValue(18)), target.X86_64)
	if err != nil {
		t.Fatal(err)
	}
	v := p.Decls[len(p.Decls)-1].Init
	whole := ctxtest.CancelAt(context.Background(), 0)
	b, _, err := p.Types.EncodeContext(whole, v)
	if err != nil || len(b) != 1<<19 || b[0] != 1 || b[1] != 2 {
		t.Fatalf("uncancelled: %d bytes, %v", len(b), err)
	}
	if whole.Looks() < 100 {
		t.Fatalf("the encoder looked at its context %d times for 2^19 values; want one look per %d values", whole.Looks(), encodeCheckEvery)
	}

	const at = 3
	ctx := ctxtest.CancelAt(context.Background(), at)
	b, r, err := p.Types.EncodeContext(ctx, v)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "encoding stopped") {
		t.Fatalf("cancelled: err %v, want an encoding stopped by context.Canceled", err)
	}
	if b != nil || r != nil {
		t.Errorf("cancelled: %d bytes and %d relocations, want none", len(b), len(r))
	}
	if ctx.Looks() != at {
		t.Errorf("the encoder looked %d times, want it to stop at look %d, where it was cancelled", ctx.Looks(), at)
	}

	// A context already done when the encoder starts: nothing is encoded.
	done, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := p.Types.EncodeContext(done, v); !errors.Is(err, context.Canceled) {
		t.Errorf("done before: err %v", err)
	}
}
