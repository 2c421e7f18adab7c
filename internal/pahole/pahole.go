// Package pahole reads the output of pahole (Debian dwarves), for the
// tests that hold our type layouts to it.
package pahole

import (
	"fmt"
	"os/exec"
	"regexp"
	"strings"
)

// pahole's lines: a type's first line, a member, a hole, the summary. A
// member with DW_AT_alignment (Zig writes it) ends in
// __attribute__((__aligned__(N))).
var (
	paholeStart  = regexp.MustCompile(`^(struct|union|class) (\S+) \{$`)
	paholeMember = regexp.MustCompile(`^\t.*?(\S+)(?: __attribute__\(\(__aligned__\(\d+\)\)\))?;\s+/\*\s+(\d+)(?::\s*(\d+))?\s+(\d+)\s+\*/$`)
	paholeHole   = regexp.MustCompile(`/\* XXX (\d+) (byte|bit)s? hole`)
	paholeSize   = regexp.MustCompile(`/\* size: (\d+),`)
	paholePad    = regexp.MustCompile(`/\* (padding|bit_padding): (\d+)`)
)

// Facts parses the output of pahole (Debian dwarves) into the
// facts it shows per type, by "struct NAME": members as name@offset+size
// (name@offset:bitoffset+size for a bit field), holes as "hole N bytes"
// or "hole N bits" after the member they follow, then "size N" and
// "padding N" / "bit_padding N" — e.g. "a@0+1; hole 7 bytes; b@8+8;
// size 16". Tests hold our type layout views to it.
func Facts(out string) map[string]string {
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
			member := strings.SplitN(strings.TrimLeft(m[1], "*"), ":", 2)[0]
			if m[3] != "" {
				facts = append(facts, fmt.Sprintf("%s@%s:%s+%s", member, m[2], m[3], m[4]))
			} else {
				facts = append(facts, fmt.Sprintf("%s@%s+%s", member, m[2], m[4]))
			}
		case paholeHole.MatchString(line):
			m := paholeHole.FindStringSubmatch(line)
			facts = append(facts, fmt.Sprintf("hole %s %ss", m[1], m[2]))
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

// Run runs pahole on the file at path and returns its facts (Facts) and
// its output. pahole prints its complaints about DWARF it cannot read
// (DW_TAG_module in pahole 1.24) and exits 0: the facts are then empty.
func Run(path string) (map[string]string, string, error) {
	if _, err := exec.LookPath("pahole"); err != nil {
		return nil, "", fmt.Errorf("pahole is not installed (Debian dwarves; scripts/test.sh installs it)")
	}
	out, err := exec.Command("pahole", path).CombinedOutput()
	if err != nil {
		return nil, string(out), fmt.Errorf("pahole %s: %v\n%s", path, err, out)
	}
	return Facts(string(out)), string(out), nil
}
