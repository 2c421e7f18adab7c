package model

import (
	"regexp"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

// TestConstEndsMatchesRegexp checks the hand-written scan against the
// regular expression it replaces.
func TestConstEndsMatchesRegexp(t *testing.T) {
	re := regexp.MustCompile(`(?m)^const c\d+: u64 = [^;\n]*;`)
	for _, n := range []int{10, 200, 2000} {
		src := string(corpus.Sized(n, 1))
		locs := re.FindAllStringIndex(src, -1)
		ends := constEnds(src)
		if len(locs) != len(ends) {
			t.Fatalf("%d: %d vs %d", n, len(locs), len(ends))
		}
		for i := range locs {
			if locs[i][1]-1 != ends[i] {
				t.Fatalf("%d: %d vs %d", n, locs[i][1]-1, ends[i])
			}
		}
	}
}
