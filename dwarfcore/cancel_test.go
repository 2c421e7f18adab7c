package dwarfcore

import (
	"context"
	"errors"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/ctxtest"
)

// TestEmitContextStops cancels the emission of 10,000 declarations from
// inside, at the emitter's third look at its context: it stops at that
// look, long before the last declaration, with an error that wraps
// context.Canceled. Uncancelled, the same emission looks at its context
// once per stopCheckEvery declarations and types, and succeeds; a
// context done before the update starts stops it at once.
func TestEmitContextStops(t *testing.T) {
	p := benchProgram(10000)
	code := p.code()
	whole := ctxtest.CancelAt(context.Background(), 0)
	if _, err := EmitContext(whole, p.p, code, Options{}); err != nil {
		t.Fatal(err)
	}
	if min := 10000 / stopCheckEvery; whole.Looks() < min {
		t.Fatalf("the emitter looked at its context %d times for 10,000 declarations, want at least %d", whole.Looks(), min)
	}

	ctxtest.StopAt(t, 3, "emission stopped", func(ctx context.Context) (*Output, error) {
		return EmitContext(ctx, p.p, code, Options{})
	})

	done, cancel := context.WithCancel(context.Background())
	cancel()
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.UpdateContext(done, p.p, code); !errors.Is(err, context.Canceled) {
		t.Errorf("done before: err %v", err)
	}
}
