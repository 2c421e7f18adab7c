package compare

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// nestedC is a C function with n nested blocks, each declaring a
// variable named after its level with suffix: gcc -g writes a chain of
// n nested DW_TAG_lexical_block entries.
func nestedC(n int, suffix string) string {
	var b strings.Builder
	b.WriteString("int f(void) {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "{ volatile int v%d%s = %d;\n", i, suffix, i)
	}
	b.WriteString(strings.Repeat("}\n", n))
	b.WriteString("return 0; }\n")
	return b.String()
}

// TestDeepNesting compares gcc objects whose entries nest 1,500 deep: a
// file against itself is equal, and against the same with the deepest
// variable renamed only that variable differs; every path names at most
// pathDepth entries, so deep files cost no more per entry than shallow.
func TestDeepNesting(t *testing.T) {
	const n = 1500
	a := gccObject(t, nestedC(n, ""))
	b := gccObject(t, strings.Replace(nestedC(n, ""), fmt.Sprintf("v%d =", n-1), fmt.Sprintf("w%d =", n-1), 1))
	if r := Files(a, a); !r.Equal() {
		t.Fatalf("a file against itself: %s", r.Summary())
	}
	r := Files(a, b)
	var deepest EntryDiff
	for _, e := range r.Units[0].Entries {
		if e.Depth > deepest.Depth {
			deepest = e
		}
		if n := strings.Count(e.Path, "DW_TAG_"); n > pathDepth {
			t.Fatalf("path of %d entries: %s", n, e.Path)
		}
		if e.Status != StatusEqual && (e.Left == nil || e.Left.Name != fmt.Sprintf("v%d", n-1)) && (e.Right == nil || e.Right.Name != fmt.Sprintf("w%d", n-1)) {
			t.Errorf("%s: %s", e.Path, e.Status)
		}
	}
	if deepest.Depth < n || !strings.HasPrefix(deepest.Path, "…/DW_TAG_lexical_block/") {
		t.Errorf("deepest entry at depth %d: %s", deepest.Depth, deepest.Path)
	}
}

// TestCorrupted compares damaged copies of our object and gcc's with
// the intact ones and with each other: bytes of .debug_info,
// .debug_abbrev and .debug_str overwritten at random (a fixed seed).
// Whatever the reader makes of them, the comparison never panics and
// every entry has a status.
func TestCorrupted(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 3))
	files := map[string][]byte{"ours": buildBytes(t, optSrc, nil), "gcc": gccBytes(t, structC)}
	for name, good := range files {
		gd, err := dwarfread.Read(good)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 150; i++ {
			bad := append([]byte(nil), good...)
			for k := 0; k < 1+rng.IntN(4); k++ {
				s := gd.Sections[rng.IntN(len(gd.Sections))]
				idx := s.Index
				sec := gd.File.Sections[idx]
				if sec.Size == 0 || sec.Compressed() {
					continue
				}
				bad[sec.Offset+rng.Uint64N(sec.Size)] = byte(rng.IntN(256))
			}
			bd, err := dwarfread.Read(bad)
			if err != nil {
				continue
			}
			for _, r := range []*Result{Files(gd, bd), Files(bd, gd), Files(bd, bd)} {
				for _, u := range r.Units {
					for _, e := range u.Entries {
						if e.Status == "" || e.Left == nil && e.Right == nil {
							t.Fatalf("%s #%d: entry %+v", name, i, e)
						}
					}
				}
			}
		}
	}
}

// FuzzFiles compares files the fuzzer damages with the intact ones they
// came from (our object and gcc's): never a panic, never an entry
// without a status.
//
//	go test ./dwarfcore/compare -run '^$' -fuzz FuzzFiles -fuzztime 60s
func FuzzFiles(f *testing.F) {
	ours, gcc := buildBytes(f, optSrc, nil), gccBytes(f, structC)
	f.Add(ours)
	f.Add(gcc)
	good := []*dwarfread.Data{read(f, ours), read(f, gcc)}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := dwarfread.Read(data)
		if err != nil {
			return
		}
		for _, g := range good {
			for _, r := range []*Result{Files(d, g), Files(g, d)} {
				for _, u := range r.Units {
					for _, e := range u.Entries {
						if e.Status == "" || e.Left == nil && e.Right == nil {
							t.Fatalf("entry %+v", e)
						}
					}
				}
			}
		}
	})
}
