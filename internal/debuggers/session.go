package debuggers

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Cmd is one variable display of a script: `frame variable` (locals) or
// `target variable` (globals) of Names, with the values it must show.
type Cmd struct {
	Text   string // the lldb command as written
	Global bool
	Hex    bool
	Names  []string
	// Want maps paths to expected values; WantTypes gives the type the
	// reference debugger printed (to spot slices and optionals).
	Want      Values
	WantTypes map[string]string
}

// Stop is a breakpoint (a source line matched by Pattern) and what is
// displayed there.
type Stop struct {
	Pattern string
	Line    int
	Cmds    []Cmd
}

// Script is a sample's lldb script with its expected values.
type Script struct {
	Source string // the .zig file name
	Stops  []Stop
}

var (
	reBreak = regexp.MustCompile(`^breakpoint set --file (\S+) --source-pattern-regexp '(.*)'$`)
)

// ParseScript reads an lldb command script and the expected output in
// the samples' format (blocks of "(lldb) command" and its output).
func ParseScript(lldb, expected, src string) (*Script, error) {
	want := map[string]Values{}
	wantTypes := map[string]map[string]string{}
	var cur string
	var buf strings.Builder
	flush := func() {
		if cur != "" {
			v, t := ParseLLDB(buf.String())
			want[cur], wantTypes[cur] = v, t
		}
		buf.Reset()
	}
	for _, line := range strings.Split(expected, "\n") {
		if line == "---" {
			continue
		}
		if c, ok := strings.CutPrefix(line, "(lldb) "); ok {
			flush()
			cur = strings.TrimSpace(c)
			continue
		}
		buf.WriteString(line + "\n")
	}
	flush()
	s := &Script{}
	lines := strings.Split(src, "\n")
	for _, line := range strings.Split(lldb, "\n") {
		line = strings.TrimSpace(line)
		if m := reBreak.FindStringSubmatch(line); m != nil {
			s.Source = m[1]
			st := Stop{Pattern: m[2]}
			re, err := regexp.Compile(m[2])
			if err != nil {
				return nil, err
			}
			for i, l := range lines {
				if re.MatchString(l) {
					st.Line = i + 1
					break
				}
			}
			if st.Line == 0 {
				return nil, fmt.Errorf("pattern %q matches no line", m[2])
			}
			s.Stops = append(s.Stops, st)
			continue
		}
		global := strings.HasPrefix(line, "target variable")
		if !global && !strings.HasPrefix(line, "frame variable") || len(s.Stops) == 0 {
			continue
		}
		w, ok := want[line]
		if !ok {
			continue // a display without expected values
		}
		c := Cmd{Text: line, Global: global, Want: w, WantTypes: wantTypes[line]}
		for _, f := range strings.Fields(line)[2:] {
			switch {
			case f == "--format" || f == "hex" || f == "--show-types":
				c.Hex = c.Hex || f == "hex"
			default:
				c.Names = append(c.Names, f)
			}
		}
		st := &s.Stops[len(s.Stops)-1]
		st.Cmds = append(st.Cmds, c)
	}
	return s, nil
}

// Count is how many expected values a debugger showed right.
type Count struct {
	Right, Total int
	Problems     []string
}

// isSlice reports whether the reference printed name as a slice.
func (c *Cmd) isSlice(name string) bool { return strings.HasPrefix(c.WantTypes[name], "[]") }

// sliceIndexes lists the expected element indexes of slice name.
func (c *Cmd) sliceIndexes(name string) []int {
	var idx []int
	for p := range c.Want {
		if rest, ok := strings.CutPrefix(p, name+"["); ok {
			if n, err := strconv.Atoi(strings.TrimSuffix(rest, "]")); err == nil {
				idx = append(idx, n)
			}
		}
	}
	sort.Ints(idx)
	return idx
}

// RunLLDB runs the script under lldb-22 against exe (in dir) and
// returns what it showed per command.
func RunLLDB(ctx context.Context, s *Script, exe, dir string) ([]Values, []map[string]string, string, error) {
	var lines []string
	lines = append(lines, "settings set target.experimental.use-DIL false", "settings set target.max-children-count 100000")
	type disp struct{ cmd, slot int }
	var idx []string // command text per display, in order
	var owners []int
	k := 0
	for si, st := range s.Stops {
		lines = append(lines, fmt.Sprintf("breakpoint set --file %s --source-pattern-regexp '%s'", s.Source, st.Pattern))
		if si == 0 {
			lines = append(lines, "process launch")
		} else {
			lines = append(lines, "process continue")
		}
		for _, c := range st.Cmds {
			for _, n := range c.Names {
				verb := "frame variable --show-types"
				if c.Global {
					verb = "target variable --show-types"
				}
				if c.Hex {
					verb += " --format hex"
				}
				if c.isSlice(n) {
					for _, i := range c.sliceIndexes(n) {
						cmd := fmt.Sprintf("%s '%s.ptr[%d]'", verb, n, i)
						lines, idx, owners = append(lines, cmd), append(idx, cmd), append(owners, k)
					}
					continue
				}
				cmd := verb + " " + n
				lines, idx, owners = append(lines, cmd), append(idx, cmd), append(owners, k)
			}
			k++
		}
		lines = append(lines, "breakpoint delete --force")
	}
	lines = append(lines, "process kill", "quit")
	script := filepath.Join(dir, filepath.Base(exe)+".lldbcmds")
	if err := writeFile(script, strings.Join(lines, "\n")+"\n"); err != nil {
		return nil, nil, "", err
	}
	cmd := exec.CommandContext(ctx, "lldb-22", "--no-lldbinit", "-b", "-s", script, "--", exe)
	cmd.Dir = dir // comp_dir is ".": the source is found next to the executable
	out, _ := cmd.CombinedOutput()
	text := string(out)
	vals := make([]Values, k)
	types := make([]map[string]string, k)
	for i := range vals {
		vals[i], types[i] = Values{}, map[string]string{}
	}
	blocks := splitLLDB(text)
	next := 0
	for i, cmd := range idx {
		for next < len(blocks) && blocks[next].cmd != cmd {
			next++
		}
		if next == len(blocks) {
			break
		}
		v, t := ParseLLDB(blocks[next].out)
		next++
		for p, x := range v {
			p = rePtrIndex.ReplaceAllString(p, "[$1]")
			vals[owners[i]][p] = x
		}
		for p, x := range t {
			types[owners[i]][rePtrIndex.ReplaceAllString(p, "[$1]")] = x
		}
	}
	return vals, types, text, nil
}

var rePtrIndex = regexp.MustCompile(`\.ptr\[(\d+)\]`)

type lldbBlock struct{ cmd, out string }

// splitLLDB splits lldb's batch output at its echoed "(lldb) " prompts,
// in order.
func splitLLDB(out string) []lldbBlock {
	var blocks []lldbBlock
	for _, line := range strings.Split(out, "\n") {
		if c, ok := strings.CutPrefix(line, "(lldb) "); ok {
			blocks = append(blocks, lldbBlock{cmd: strings.TrimSpace(c)})
			continue
		}
		if n := len(blocks); n > 0 {
			blocks[n-1].out += line + "\n"
		}
	}
	return blocks
}

// RunGDB runs the equivalent gdb script: `break file:line`, `print` of
// every variable (globals by their qualified name 'file.name', slices as
// *ptr@len, optionals also .has_value).
func RunGDB(ctx context.Context, s *Script, exe, dir string) ([]Values, string, error) {
	mod := strings.TrimSuffix(s.Source, ".zig")
	lines := []string{"set pagination off", "set confirm off", "set print elements unlimited"}
	type pr struct {
		k    int
		path string
	}
	var prints []pr
	k := 0
	for si, st := range s.Stops {
		lines = append(lines, fmt.Sprintf("break %s:%d", s.Source, st.Line))
		if si == 0 {
			lines = append(lines, "run")
		} else {
			lines = append(lines, "continue")
		}
		for _, c := range st.Cmds {
			p := "print"
			if c.Hex {
				p = "print/x"
			}
			for _, n := range c.Names {
				base, _, _ := strings.Cut(n, ".")
				exprs := map[string]string{}
				switch {
				case c.Global:
					exprs[n] = fmt.Sprintf("'%s.%s'", mod, n)
				case c.isSlice(n):
					exprs[n] = fmt.Sprintf("*%s.ptr@%s.len", n, n)
				default:
					exprs[base] = base
				}
				if strings.HasPrefix(c.WantTypes[n], "?") {
					exprs[n+".has_value"] = n + ".has_value"
				}
				keys := make([]string, 0, len(exprs))
				for key := range exprs {
					keys = append(keys, key)
				}
				sort.Strings(keys)
				for _, path := range keys {
					lines = append(lines, fmt.Sprintf("echo @@%d\\n", len(prints)), p+" "+exprs[path])
					prints = append(prints, pr{k, path})
				}
			}
			k++
		}
		lines = append(lines, "delete")
	}
	lines = append(lines, "echo @@end\\n", "kill", "quit")
	script := filepath.Join(dir, filepath.Base(exe)+".gdbcmds")
	if err := writeFile(script, strings.Join(lines, "\n")+"\n"); err != nil {
		return nil, "", err
	}
	cmd := exec.CommandContext(ctx, "gdb", "-nx", "-q", "-batch", "-x", script, exe)
	cmd.Dir = dir
	out, _ := cmd.CombinedOutput()
	text := string(out)
	vals := make([]Values, k)
	for i := range vals {
		vals[i] = Values{}
	}
	for i, p := range prints {
		start := strings.Index(text, fmt.Sprintf("@@%d\n", i))
		if start < 0 {
			continue
		}
		rest := text[start:]
		rest = rest[strings.Index(rest, "\n")+1:]
		if end := strings.Index(rest, "@@"); end >= 0 {
			rest = rest[:end]
		}
		// the print's own line; breakpoint reports may follow
		if nl := strings.Index(rest, "\n"); nl >= 0 {
			rest = rest[:nl]
		}
		for path, v := range ParseGDB(p.path, strings.TrimSpace(rest)) {
			vals[p.k][path] = v
		}
	}
	return vals, text, nil
}

// Check compares what a debugger showed (got, per command in script
// order) with the expected values.
func Check(s *Script, got []Values, gotTypes []map[string]string) Count {
	var c Count
	k := 0
	for _, st := range s.Stops {
		for _, cmd := range st.Cmds {
			var g Values
			var gt map[string]string
			if k < len(got) {
				g = got[k]
			}
			if k < len(gotTypes) {
				gt = gotTypes[k]
			}
			k++
			for path, want := range cmd.Want {
				if cmd.isSlice(path) || strings.HasPrefix(cmd.WantTypes[path], "?") && want == "{" {
					continue
				}
				if len(path) > 0 && cmd.WantTypes[path] != "" && isAggregateType(cmd.WantTypes, path) {
					continue
				}
				c.Total++
				if ok, msg := checkOne(cmd, g, gt, path, want); ok {
					c.Right++
				} else {
					c.Problems = append(c.Problems, fmt.Sprintf("line %d: %s: %s", st.Line, path, msg))
				}
			}
		}
	}
	sort.Strings(c.Problems)
	return c
}

// isAggregateType reports whether path has children in the expected
// values (it is a struct, not a leaf).
func isAggregateType(types map[string]string, path string) bool {
	for p := range types {
		if strings.HasPrefix(p, path+".") || strings.HasPrefix(p, path+"[") {
			return true
		}
	}
	return false
}

func checkOne(cmd Cmd, got Values, gotTypes map[string]string, path, want string) (bool, string) {
	typ := func(p string) string {
		if gotTypes == nil {
			return ""
		}
		return gotTypes[p]
	}
	if strings.HasPrefix(cmd.WantTypes[path], "?") || strings.HasSuffix(path, ".?") {
		opt := strings.TrimSuffix(path, ".?")
		hv, ok := got[opt+".has_value"]
		if !ok {
			return false, "no has_value shown"
		}
		if want == "null" {
			if hv != "false" {
				return false, "has_value = " + hv + ", want null"
			}
			return true, ""
		}
		if hv != "true" {
			return false, "has_value = " + hv + ", want a payload"
		}
		path = opt + ".?"
	}
	g, ok := got[path]
	if !ok {
		return false, "not shown"
	}
	for _, bad := range []string{"<optimized out>", "<no location", "error", "invalid"} {
		if strings.Contains(g, bad) {
			return false, "shown as " + g
		}
	}
	if Canon(g, typ(path)) != Canon(want, cmd.WantTypes[path]) {
		return false, fmt.Sprintf("shown %q, want %q", g, want)
	}
	return true, ""
}
