// Package dwarfdump runs llvm-dwarfdump-22 (Debian llvm-22) and parses
// what it prints, so tests can hold dwarfscope's decoding to it: the DIEs
// of --debug-info --show-form, the rows of --debug-line and the strings
// of --debug-str and --debug-line-str.
package dwarfdump

import (
	"bufio"
	"fmt"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Tool is the llvm-dwarfdump the tests compare with.
const Tool = "llvm-dwarfdump-22"

// Run runs Tool with args and returns what it printed.
func Run(args ...string) (string, error) {
	if _, err := exec.LookPath(Tool); err != nil {
		return "", fmt.Errorf("%s is not installed (Debian llvm-22; scripts/test.sh installs it)", Tool)
	}
	out, err := exec.Command(Tool, args...).Output()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %v", Tool, strings.Join(args, " "), err)
	}
	return string(out), nil
}

// MustRun runs Tool with args for a test and fails it when Tool cannot
// run or reports an error.
func MustRun(t testing.TB, args ...string) string {
	t.Helper()
	out, err := Run(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// DIE is one DIE as llvm-dwarfdump --debug-info --show-form prints it.
type DIE struct {
	Off uint64
	Tag string
	// Attrs are "DW_AT_name DW_FORM_strp (value)", in the printed order.
	Attrs []string
}

var (
	dieHead = regexp.MustCompile(`^0x([0-9a-f]{8,16}):\s+(DW_TAG_\S+|NULL)`)
	attr    = regexp.MustCompile(`^\s+(DW_AT_\S+)\s+\[(DW_FORM_\S+)\]\s+\((.*)$`)
	row     = regexp.MustCompile(`^0x[0-9a-f]{16}\s+\d+`)
	str     = regexp.MustCompile(`^0x([0-9a-f]{8}): "(.*)"$`)
	// the quoted name llvm-dwarfdump appends to a reference or an
	// address (the referenced DIE's name, the address's section):
	// not part of the value
	trailingName = regexp.MustCompile(` "[^"]*"$`)
	unknown      = regexp.MustCompile(`^(DW_(?:AT|TAG))_unknown_([0-9a-f]+)$`)
)

// DIEs parses --debug-info --show-form output. A value spanning lines (a
// range or location list) keeps its first line, trailing spaces trimmed;
// names llvm-dwarfdump does not know ("DW_AT_unknown_2ccd") go through
// rename, which may give them names.
func DIEs(out string, rename func(kind string, v uint64) string) []DIE {
	name := func(s string) string {
		m := unknown.FindStringSubmatch(s)
		if m == nil || rename == nil {
			return s
		}
		v, _ := strconv.ParseUint(m[2], 16, 64)
		return rename(m[1], v)
	}
	var dies []DIE
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		line := sc.Text()
		if m := dieHead.FindStringSubmatch(line); m != nil {
			if m[2] == "NULL" {
				continue
			}
			off, _ := strconv.ParseUint(m[1], 16, 64)
			dies = append(dies, DIE{Off: off, Tag: name(m[2])})
			continue
		}
		if m := attr.FindStringSubmatch(line); m != nil && len(dies) > 0 {
			val := strings.TrimSuffix(m[3], ")")
			if strings.HasPrefix(m[2], "DW_FORM_ref") || strings.HasPrefix(m[2], "DW_FORM_addr") || m[2] == "DW_FORM_GNU_ref_alt" {
				val = trailingName.ReplaceAllString(val, "")
			}
			d := &dies[len(dies)-1]
			d.Attrs = append(d.Attrs, Attr(name(m[1]), m[2], val))
		}
	}
	return dies
}

// Attr formats one attribute as DIEs lists it.
func Attr(name, form, value string) string {
	return fmt.Sprintf("%s %s (%s)", name, form, strings.TrimRight(value, " "))
}

// Rows parses --debug-line output: every row, trailing spaces trimmed.
func Rows(out string) []string {
	var rows []string
	for _, line := range strings.Split(out, "\n") {
		if row.MatchString(line) {
			rows = append(rows, strings.TrimRight(line, " "))
		}
	}
	return rows
}

// Row prints a row as --debug-line does (trailing spaces trimmed).
func Row(addr, line, col, file, isa, disc, opIndex uint64, flags string) string {
	return strings.TrimRight(fmt.Sprintf("0x%016x %6d %6d %6d %3d %13d %7d  %s", addr, line, col, file, isa, disc, opIndex, flags), " ")
}

// String is one string of --debug-str or --debug-line-str.
type String struct {
	Off uint64
	// Quoted is the string as printed, escapes and all.
	Quoted string
}

// Strings parses --debug-str or --debug-line-str output.
func Strings(out string) []String {
	var strs []String
	for _, line := range strings.Split(out, "\n") {
		if m := str.FindStringSubmatch(line); m != nil {
			off, _ := strconv.ParseUint(m[1], 16, 64)
			strs = append(strs, String{Off: off, Quoted: `"` + m[2] + `"`})
		}
	}
	return strs
}

// DiffDIEs compares DIE lists (attributes in any order) and describes up
// to max differences.
func DiffDIEs(want, got []DIE, max int) []string {
	var out []string
	if len(want) != len(got) {
		out = append(out, fmt.Sprintf("%s shows %d DIEs, ours %d", Tool, len(want), len(got)))
	}
	for i := 0; i < len(want) && i < len(got) && len(out) < max; i++ {
		w, g := want[i], got[i]
		if w.Off != g.Off || w.Tag != g.Tag {
			out = append(out, fmt.Sprintf("DIE %d: %s 0x%x %s, ours 0x%x %s", i, Tool, w.Off, w.Tag, g.Off, g.Tag))
			continue
		}
		if sw, sg := sorted(w.Attrs), sorted(g.Attrs); sw != sg {
			out = append(out, fmt.Sprintf("DIE 0x%x %s attributes differ:\n%s:\n%s\nours:\n%s", w.Off, w.Tag, Tool, sw, sg))
		}
	}
	return out
}

func sorted(a []string) string {
	b := append([]string(nil), a...)
	sort.Strings(b)
	return strings.Join(b, "\n")
}
