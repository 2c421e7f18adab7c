package lang

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/ctxtest"
)

// TestParseContextStops cancels the parse of a long source at the
// parser's second look at its context: the compilation fails with a
// "build stopped" error at a token past the first ctxEvery tokens, and
// the checker never starts. Uncancelled, the
// parser looks once every ctxEvery tokens and the source compiles.
func TestParseContextStops(t *testing.T) {
	var b strings.Builder
	const decls = 4000 // 5 tokens each: about 5 looks
	for i := range decls {
		fmt.Fprintf(&b, "const c%d = %d;\n", i, i)
	}
	src := []byte(b.String())

	whole := ctxtest.CancelAt(context.Background(), 0)
	if _, err := CompileConfig("p.zig", src, Config{Context: whole}); err != nil {
		t.Fatalf("uncancelled: %v", err)
	}
	if whole.Looks() < 4 {
		t.Fatalf("the parse and check looked at the context %d times for %d declarations; want the parser to look every %d tokens", whole.Looks(), decls, ctxEvery)
	}

	const at = 2
	ctx := ctxtest.CancelAt(context.Background(), at)
	_, err := CompileConfig("p.zig", src, Config{Context: ctx})
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 || !strings.Contains(list[0].Msg, "build stopped") {
		t.Fatalf("cancelled: %v, want one build stopped error", err)
	}
	if e := list[0]; e.Line <= ctxEvery/5 || e.Line > 2*ctxEvery/5+1 {
		t.Errorf("stopped at line %d, want the line of token %d (the second look)", e.Line, 2*ctxEvery)
	}
	// One more look after the stop: context.Cause reads why (it calls
	// Err first). The checker never looks.
	if ctx.Looks() != at+1 {
		t.Errorf("the context was looked at %d times, want the parse to stop at look %d, where it was cancelled (and context.Cause's look)", ctx.Looks(), at)
	}
}
