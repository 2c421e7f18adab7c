package corpus

import (
	"bytes"
	"regexp"
	"slices"
	"testing"
)

func TestDeterministic(t *testing.T) {
	for seed := uint64(0); seed < 20; seed++ {
		n1, a := Program(seed)
		n2, b := Program(seed)
		if n1 != n2 || !bytes.Equal(a, b) {
			t.Fatalf("seed %d: two runs differ", seed)
		}
	}
	_, a := Program(1)
	_, b := Program(2)
	if bytes.Equal(a, b) {
		t.Fatal("seeds 1 and 2 give the same program")
	}
}

// TestCoverage checks that the standard corpus's first 200 programs
// contain every form in Forms, and that no program records a feature
// Forms does not know.
func TestCoverage(t *testing.T) {
	seen := map[string]int{}
	for _, c := range Corpus(200, DefaultSeed) {
		for _, f := range c.Features {
			seen[f]++
		}
	}
	for _, f := range Forms {
		if seen[f] == 0 {
			t.Errorf("form %s never generated in 200 programs", f)
		}
	}
	for f := range seen {
		if !slices.Contains(Forms, f) {
			t.Errorf("feature %s recorded but missing from Forms", f)
		}
	}
}

func TestCorpusSeeds(t *testing.T) {
	cs := Corpus(5, 100)
	for i, c := range cs {
		if c.Seed != 100+uint64(i) {
			t.Errorf("case %d has seed %d", i, c.Seed)
		}
		name, src := Program(c.Seed)
		if name != c.Name || !bytes.Equal(src, c.Src) {
			t.Errorf("case %d differs from Program(%d)", i, c.Seed)
		}
	}
}

var topLevel = regexp.MustCompile(`(?m)^(pub |export |threadlocal )*(const|var|fn) `)

func TestSizedCountsDeclarations(t *testing.T) {
	for _, n := range []int{1, 2, 5, 100, 1001} {
		src := Sized(n, 7)
		if got := len(topLevel.FindAll(src, -1)); got != n {
			t.Errorf("Sized(%d): %d top-level declarations", n, got)
		}
	}
}
