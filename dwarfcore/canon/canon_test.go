package canon_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/canon"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

func canonical(t *testing.T, image []byte) []string {
	t.Helper()
	c, err := linkcore.CanonicalDWARF(image, dwarfcore.LinesPlain)
	if err != nil {
		t.Fatal(err)
	}
	if len(c) == 0 {
		t.Fatal("no canonical items")
	}
	return c
}

func build(t *testing.T, src []byte) []byte {
	t.Helper()
	res, err := linkcore.Build("x.zig", src, linkcore.Options{Debug: dwarfcore.Options{Lines: dwarfcore.LinesPlain}})
	if err != nil {
		t.Fatal(err)
	}
	return res.ELF
}

// TestCanonicalIgnoresPlacement updates an image through a sequence of
// programs (entries grow, move and leave padding) and compares it with a
// fresh build of the last one: different bytes, the same canonical form.
func TestCanonicalIgnoresPlacement(t *testing.T) {
	in, err := linkcore.NewIncremental(linkcore.Options{Debug: dwarfcore.Options{Lines: dwarfcore.LinesPlain}})
	if err != nil {
		t.Fatal(err)
	}
	var src []byte
	for _, n := range []int{12, 30, 21} {
		src = corpus.Sized(n, uint64(n))
		if _, err := in.Update("x.zig", src); err != nil {
			t.Fatal(err)
		}
	}
	fresh := build(t, src)
	if bytes.Equal(fresh, in.Image()) {
		t.Fatal("the updated image is the fresh one byte for byte: nothing to compare")
	}
	if d := canon.CanonicalDiff(canonical(t, fresh), canonical(t, in.Image())); d != "" {
		t.Errorf("the same program differs:\n%s", d)
	}
}

// TestCanonicalDiffShowsChange checks that a change of one declaration's
// type shows, naming the declaration.
func TestCanonicalDiffShowsChange(t *testing.T) {
	a := canonical(t, build(t, []byte("pub var counter: u32 = 1;\n")))
	b := canonical(t, build(t, []byte("pub var counter: u64 = 1;\n")))
	d := canon.CanonicalDiff(a, b)
	if d == "" || !strings.Contains(d, `"counter"`) {
		t.Errorf("diff %q does not show the changed variable", d)
	}
	if d := canon.CanonicalDiff(a, a); d != "" {
		t.Errorf("equal results differ: %q", d)
	}
}
