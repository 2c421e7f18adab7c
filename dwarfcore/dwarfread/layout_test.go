package dwarfread

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/pahole"
)

// ourFacts lists a layout's facts as pahole.Facts does.
func ourFacts(l TypeLayout) string {
	var facts []string
	for _, m := range l.Members {
		name := m.Name
		if m.BitSize > 0 {
			facts = append(facts, fmt.Sprintf("%s@%d:%d+%d", name, m.Offset, m.BitOffset, m.Size))
		} else {
			facts = append(facts, fmt.Sprintf("%s@%d+%d", name, m.Offset, m.Size))
		}
		if m.BitHoleAfter > 0 {
			facts = append(facts, fmt.Sprintf("hole %d bits", m.BitHoleAfter))
		}
		if m.HoleAfter > 0 {
			facts = append(facts, fmt.Sprintf("hole %d bytes", m.HoleAfter))
		}
	}
	if l.Kind != "union" {
		facts = append(facts, "size "+strconv.FormatUint(l.Size, 10))
		if l.Padding > 0 {
			facts = append(facts, fmt.Sprintf("padding %d", l.Padding))
		}
		if l.BitPadding > 0 {
			facts = append(facts, fmt.Sprintf("bit_padding %d", l.BitPadding))
		}
	}
	return strings.Join(facts, "; ")
}

// TestCorpusLayoutsMatchPahole holds the type layouts of the corpus's C
// files (offsets, sizes, bit fields, holes, padding) to pahole's (Debian
// dwarves).
func TestCorpusLayoutsMatchPahole(t *testing.T) {
	if _, err := exec.LookPath("pahole"); err != nil {
		t.Fatal("pahole is not installed (Debian dwarves; scripts/test.sh installs it)")
	}
	for _, f := range corpus(t) {
		if f.name == "goprog" || strings.Contains(f.name, "zstd") || strings.Contains(f.name, "types") {
			continue // pahole 1.24 reads neither Go's DWARF, zstd sections nor type units
		}
		t.Run(f.name, func(t *testing.T) { matchPahole(t, f.path) })
	}
}

// matchPahole holds the type layouts of the file at path to pahole's:
// the same facts, and the holes printed in pahole's words.
func matchPahole(t *testing.T, path string) {
	t.Helper()
	out, err := exec.Command("pahole", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pahole: %v\n%s", err, out)
	}
	want := pahole.Facts(string(out))
	if len(want) == 0 {
		t.Fatalf("pahole shows no types:\n%s", out)
	}
	got := map[string]TypeLayout{}
	for _, l := range readFile(t, path).Layouts() {
		if _, seen := got[l.Kind+" "+l.Name]; !seen {
			got[l.Kind+" "+l.Name] = l
		}
	}
	for name, w := range want {
		l, ok := got[name]
		if g := ourFacts(l); !ok || g != w {
			t.Errorf("%s:\npahole: %s\nours:   %s", name, w, g)
			continue
		}
		// The same holes are printed in pahole's words ("1 byte").
		var printed strings.Builder
		PrintLayout(&printed, l)
		for _, line := range strings.Split(printed.String(), "\n") {
			if strings.Contains(line, "XXX") && !strings.Contains(string(out), "\n"+line+"\n") {
				t.Errorf("%s: we print %q, pahole does not", name, line)
			}
		}
	}
}

// TestPrintLayoutWords holds PrintLayout's holes of one byte and one bit
// to pahole's spelling ("1 byte hole", "1 bit hole", "7 bits hole").
func TestPrintLayoutWords(t *testing.T) {
	if _, err := exec.LookPath("pahole"); err != nil {
		t.Fatal("pahole is not installed (Debian dwarves; scripts/test.sh installs it)")
	}
	obj := filepath.Join(t.TempDir(), "holes.o")
	if out, err := exec.Command("gcc", "-g", "-c", "testdata/holes.c", "-o", obj).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	matchPahole(t, obj)
}
