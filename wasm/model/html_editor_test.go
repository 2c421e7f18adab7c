package model

import (
	"strings"
	"testing"
)

func TestLineCounter(t *testing.T) {
	var c lineCounter
	for _, src := range []string{"", "a", "\n", "a\n", "a\nb", "\n\n\n", strings.Repeat("const x: u8 = 1;\n", 1000) + "// end"} {
		want := strings.Count(src, "\n") + 1
		if got := c.count(src); got != want {
			t.Errorf("count(%.20q…) = %d, want %d", src, got, want)
		}
		// asked again for the same source: the kept count
		if got := c.count(src); got != want {
			t.Errorf("count(%.20q…) again = %d, want %d", src, got, want)
		}
	}
	// A different source of the same length is counted anew.
	a, b := "a\nb\nc", "a\nbbbc"
	if c.count(a) != 3 || c.count(b) != 2 {
		t.Errorf("same length, other text: %d, %d lines", c.count(a), c.count(b))
	}
}
