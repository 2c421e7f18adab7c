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
	Text string // the lldb command as written
	// Kind is what the command does: a variable display (""), a
	// backtrace ("bt": the expected frames' function names, innermost
	// first) or a step ("next"/"step": the function and line it stops at).
	Kind   string
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
	// Expected blocks per command text, in order (a command may repeat).
	blocks := map[string][]string{}
	var cur string
	var buf strings.Builder
	flush := func() {
		if cur != "" {
			blocks[cur] = append(blocks[cur], buf.String())
		}
		buf.Reset()
	}
	pop := func(cmd string) (string, bool) {
		q := blocks[cmd]
		if len(q) == 0 {
			return "", false
		}
		blocks[cmd] = q[1:]
		return q[0], true
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
		if len(s.Stops) == 0 {
			continue
		}
		if line == "bt" || line == "next" || line == "step" {
			block, ok := pop(line)
			if !ok {
				return nil, fmt.Errorf("no expected output for %q", line)
			}
			st := &s.Stops[len(s.Stops)-1]
			st.Cmds = append(st.Cmds, Cmd{Text: line, Kind: line, Want: ParseFrames(line, block)})
			continue
		}
		global := strings.HasPrefix(line, "target variable")
		if !global && !strings.HasPrefix(line, "frame variable") {
			continue
		}
		block, ok := pop(line)
		if !ok {
			continue // a display without expected values
		}
		w, wt := ParseLLDB(block)
		c := Cmd{Text: line, Global: global, Want: w, WantTypes: wt}
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
	Problems     []Problem
	// Checked records every path checked.
	Checked map[string]bool
}

// Problem is an expected value a debugger did not show right.
type Problem struct {
	Line int
	Path string
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("line %d: %s: %s", p.Line, p.Path, p.Msg) }

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
			if c.Kind != "" {
				lines, idx, owners = append(lines, c.Text), append(idx, c.Text), append(owners, k)
				k++
				continue
			}
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
		var v Values
		var t map[string]string
		if kind := idx[i]; kind == "bt" || kind == "next" || kind == "step" {
			v = ParseFrames(kind, blocks[next].out)
		} else {
			v, t = ParseLLDB(blocks[next].out)
		}
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
		k          int
		path, kind string
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
			switch c.Kind {
			case "bt":
				lines = append(lines, fmt.Sprintf("echo @@%d\\n", len(prints)), "bt")
				prints = append(prints, pr{k: k, kind: c.Kind})
				k++
				continue
			case "next", "step":
				lines = append(lines, c.Kind, fmt.Sprintf("echo @@%d\\n", len(prints)), "frame")
				prints = append(prints, pr{k: k, kind: c.Kind})
				k++
				continue
			}
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
				if isValueOptional(c.WantTypes[n]) {
					exprs[n+".has_value"] = n + ".has_value"
				}
				keys := make([]string, 0, len(exprs))
				for key := range exprs {
					keys = append(keys, key)
				}
				sort.Strings(keys)
				for _, path := range keys {
					lines = append(lines, fmt.Sprintf("echo @@%d\\n", len(prints)), p+" "+exprs[path])
					prints = append(prints, pr{k: k, path: path})
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
		if p.kind != "" {
			for path, v := range ParseFrames(p.kind, rest) {
				vals[p.k][path] = v
			}
			continue
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
	c := Count{Checked: map[string]bool{}}
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
				if cmd.isSlice(path) || isValueOptional(cmd.WantTypes[path]) && want == "{" {
					continue
				}
				if len(path) > 0 && cmd.WantTypes[path] != "" && isAggregateType(cmd.WantTypes, path) {
					continue
				}
				c.Total++
				c.Checked[path] = true
				if ok, msg := checkOne(cmd, g, gt, path, want); ok {
					c.Right++
				} else {
					c.Problems = append(c.Problems, Problem{st.Line, path, msg})
				}
			}
		}
	}
	sort.Slice(c.Problems, func(i, j int) bool { return c.Problems[i].String() < c.Problems[j].String() })
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
	if opt := strings.TrimSuffix(path, ".?"); isValueOptional(cmd.WantTypes[opt]) {
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

// isValueOptional reports whether typ is an optional with a has_value
// flag (?T but not an optional pointer, whose null is address 0).
func isValueOptional(typ string) bool {
	return strings.HasPrefix(typ, "?") && !strings.HasPrefix(typ, "?*") && !strings.HasPrefix(typ, "?[*]")
}

var (
	// lldb: "frame #1: 0x0000000000401040 calls`calls.level3(n=2) at calls.zig:6:5"
	reLLDBFrame = regexp.MustCompile("frame #(\\d+): (?:0x[0-9a-fA-F]+ )?(?:[^`\\s]*`)?([^\\s(]+)(?:\\(.*\\))?(?: at ([^:\\s]+):(\\d+))?")
	// gdb: "#1  0x0000000000401040 in calls.level3 (n=2) at calls.zig:6"
	reGDBFrame = regexp.MustCompile(`(?m)^#(\d+)\s+(?:0x[0-9a-fA-F]+ in )?(\S+) \(.*\)(?: at ([^:\s]+):(\d+))?`)
)

// ParseFrames reads frame lines (lldb's "frame #N: ..." or gdb's
// "#N  func (...) at file:line"). For a backtrace it gives "frame#N" →
// function name; for a step, "function" and "line" of frame 0.
func ParseFrames(kind, out string) Values {
	v := Values{}
	var ms [][]string
	ms = reLLDBFrame.FindAllStringSubmatch(out, -1)
	if len(ms) == 0 {
		ms = reGDBFrame.FindAllStringSubmatch(out, -1)
	}
	for _, m := range ms {
		if kind == "bt" {
			if _, dup := v["frame#"+m[1]]; !dup {
				v["frame#"+m[1]] = m[2]
			}
			continue
		}
		if m[1] == "0" {
			v["function"], v["line"] = m[2], m[4]
		}
	}
	return v
}
