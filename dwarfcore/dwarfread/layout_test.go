package dwarfread

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// pahole's lines: a member, a hole, the summary. A member with
// DW_AT_alignment (Zig writes it) ends in __attribute__((__aligned__(N))).
var (
	paholeStart  = regexp.MustCompile(`^(struct|union|class) (\S+) \{$`)
	paholeMember = regexp.MustCompile(`^\t.*?(\S+)(?: __attribute__\(\(__aligned__\(\d+\)\)\))?;\s+/\*\s+(\d+)(?::\s*(\d+))?\s+(\d+)\s+\*/$`)
	paholeHole   = regexp.MustCompile(`/\* XXX (\d+) (bytes|bits) hole`)
	paholeSize   = regexp.MustCompile(`/\* size: (\d+),`)
	paholePad    = regexp.MustCompile(`/\* (padding|bit_padding): (\d+)`)
)

// paholeLayouts parses pahole's output into the facts it shows:
// "struct point: size 24; x@0+4; tag@8+1 hole 7; ...; padding 0".
func paholeLayouts(out string) map[string]string {
	res := map[string]string{}
	var name string
	var facts []string
	for _, line := range strings.Split(out, "\n") {
		if m := paholeStart.FindStringSubmatch(line); m != nil {
			name, facts = m[1]+" "+m[2], nil
			continue
		}
		if name == "" {
			continue
		}
		switch {
		case paholeMember.MatchString(line):
			m := paholeMember.FindStringSubmatch(line)
			f := fmt.Sprintf("%s@%s+%s", strings.TrimLeft(m[1], "*"), m[2], m[4])
			if m[3] != "" {
				f = fmt.Sprintf("%s@%s:%s+%s", strings.SplitN(strings.TrimLeft(m[1], "*"), ":", 2)[0], m[2], m[3], m[4])
			}
			facts = append(facts, f)
		case paholeHole.MatchString(line):
			m := paholeHole.FindStringSubmatch(line)
			facts = append(facts, fmt.Sprintf("hole %s %s", m[1], m[2]))
		case paholeSize.MatchString(line):
			facts = append(facts, "size "+paholeSize.FindStringSubmatch(line)[1])
		case paholePad.MatchString(line):
			m := paholePad.FindStringSubmatch(line)
			facts = append(facts, m[1]+" "+m[2])
		case line == "};":
			res[name] = strings.Join(facts, "; ")
			name = ""
		}
	}
	return res
}

// ourFacts lists a layout's facts as paholeLayouts does.
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
		t.Run(f.name, func(t *testing.T) {
			out, err := exec.Command("pahole", f.path).CombinedOutput()
			if err != nil {
				t.Fatalf("pahole: %v\n%s", err, out)
			}
			want := paholeLayouts(string(out))
			if len(want) == 0 {
				t.Fatalf("pahole shows no types:\n%s", out)
			}
			got := map[string]string{}
			for _, l := range readFile(t, f.path).Layouts() {
				if _, seen := got[l.Kind+" "+l.Name]; !seen {
					got[l.Kind+" "+l.Name] = ourFacts(l)
				}
			}
			for name, w := range want {
				if g := got[name]; g != w {
					t.Errorf("%s:\npahole: %s\nours:   %s", name, w, g)
				}
			}
		})
	}
}
