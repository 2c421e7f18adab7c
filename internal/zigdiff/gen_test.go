package zigdiff

import (
	"strings"
	"testing"
)

// TestGenerateDeterministic checks that a seed always gives the same
// program (the differential test reports differences by seed) and that
// the generator reaches the forms the language has.
func TestGenerateDeterministic(t *testing.T) {
	forms := map[string]bool{}
	for seed := uint64(1); seed <= 200; seed++ {
		a, b := Generate(seed), Generate(seed)
		if a.Src != b.Src {
			t.Fatalf("seed %d gives two programs", seed)
		}
		for _, f := range []string{"packed struct", "extern struct", "union(enum", "packed union", "union {",
			"enum(", "?", "!", "[0]", "*const fn", "callconv(.C)", "pub const ns_", "struct { ", "undefined",
			"null", "error.", "\"", "<<", ">>", " / ", "+%", "*%", "&g_"} {
			if strings.Contains(a.Src, f) {
				forms[f] = true
			}
		}
	}
	for _, f := range []string{"packed struct", "extern struct", "union(enum", "packed union", "union {",
		"enum(", "[0]", "*const fn", "callconv(.C)", "pub const ns_", "struct { ", "undefined", "null",
		"error.", "<<", ">>", " / ", "+%", "*%", "&g_"} {
		if !forms[f] {
			t.Errorf("200 programs never contain %q", f)
		}
	}
}
