package debuggers

import (
	"context"
	"fmt"
	"math/big"
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

// Display is what a debugger showed for one command of a script: the
// values by path, the types it printed (lldb), and per variable name the
// whole text of its display, which must be free of error markers.
type Display struct {
	Values Values
	Types  map[string]string
	Raw    map[string]string
}

func newDisplays(n int) []Display {
	ds := make([]Display, n)
	for i := range ds {
		ds[i] = Display{Values: Values{}, Types: map[string]string{}, Raw: map[string]string{}}
	}
	return ds
}

// RunLLDB runs the script under lldb-22 against exe (in dir) and
// returns what it showed per command: every variable displayed whole
// (`frame variable NAME`, `target variable NAME`), a slice also element
// by element through its ptr.
func RunLLDB(ctx context.Context, s *Script, exe, dir string) ([]Display, string, error) {
	var lines []string
	// -b stops at the first command that fails unless told otherwise.
	lines = append(lines, "settings set interpreter.stop-command-source-on-error false",
		"settings set target.experimental.use-DIL false", "settings set target.max-children-count 100000")
	type disp struct {
		k    int
		name string // the variable the display belongs to ("" for bt/next/step)
		cmd  string
		kind string
	}
	var disps []disp
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
				lines = append(lines, c.Text)
				disps = append(disps, disp{k: k, cmd: c.Text, kind: c.Kind})
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
				cmds := []string{verb + " " + n}
				if c.isSlice(n) {
					for _, i := range c.sliceIndexes(n) {
						cmds = append(cmds, fmt.Sprintf("%s '%s.ptr[%d]'", verb, n, i))
					}
				}
				for _, cmd := range cmds {
					lines = append(lines, cmd)
					disps = append(disps, disp{k: k, name: n, cmd: cmd})
				}
			}
			k++
		}
		lines = append(lines, "breakpoint delete --force")
	}
	lines = append(lines, "process kill", "quit")
	script := filepath.Join(dir, filepath.Base(exe)+".lldbcmds")
	if err := writeFile(script, strings.Join(lines, "\n")+"\n"); err != nil {
		return nil, "", err
	}
	cmd := exec.CommandContext(ctx, "lldb-22", "--no-lldbinit", "-b", "-s", script, "--", exe)
	cmd.Dir = dir // comp_dir is ".": the source is found next to the executable
	out, _ := cmd.CombinedOutput()
	text := string(out)
	ds := newDisplays(k)
	blocks := splitLLDB(text)
	next := 0
	for _, dp := range disps {
		for next < len(blocks) && blocks[next].cmd != dp.cmd {
			next++
		}
		if next == len(blocks) {
			break
		}
		d := &ds[dp.k]
		out := blocks[next].out
		next++
		if dp.kind != "" {
			for p, x := range ParseFrames(dp.kind, out) {
				d.Values[p] = x
			}
			continue
		}
		d.Raw[dp.name] += out
		v, t := ParseLLDB(out)
		for p, x := range v {
			d.Values[rePtrIndex.ReplaceAllString(p, "[$1]")] = x
		}
		for p, x := range t {
			d.Types[rePtrIndex.ReplaceAllString(p, "[$1]")] = x
		}
	}
	return ds, text, nil
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

// GDBNames is how a gdb script names globals.
type GDBNames int

const (
	// GDBQualified names a global 'file.g', as every profile allows: gdb
	// 13 names a variable of a C unit nested in a DW_TAG_module by its
	// DW_AT_linkage_name.
	GDBQualified GDBNames = iota
	// GDBPlain names a global g, as a person types it: the portable
	// profile also gives each global a DW_TAG_constant of its plain name
	// (README, "Debugging an executable").
	GDBPlain
)

// GDBGlobal is how the gdb script names a global in a display such as
// "*g", "g[1]" or "g": by its plain name g, or by its qualified name
// 'file.g'.
func GDBGlobal(names GDBNames, mod, display string) string {
	if names == GDBPlain {
		return display
	}
	deref := ""
	for strings.HasPrefix(display, "*") {
		deref, display = deref+"*", display[1:]
	}
	ident, rest := display, ""
	if i := strings.IndexAny(display, ".["); i >= 0 {
		ident, rest = display[:i], display[i:]
	}
	return fmt.Sprintf("%s'%s.%s'%s", deref, mod, ident, rest)
}

// RunGDB runs the equivalent gdb script: `break file:line` and one
// `print` of every whole variable (globals by GDBGlobal with names, a
// slice also as *ptr@len for its elements).
func RunGDB(ctx context.Context, s *Script, exe, dir string, names GDBNames) ([]Display, string, error) {
	mod := strings.TrimSuffix(s.Source, ".zig")
	lines := []string{"set pagination off", "set confirm off", "set print elements unlimited", "set print repeats unlimited"}
	type pr struct {
		k                int
		path, name, kind string
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
				type expr struct{ path, cmd string } // cmd: the whole print command
				var exprs []expr
				switch {
				case c.isSlice(n):
					v := n
					if c.Global {
						v = GDBGlobal(names, mod, n)
					}
					pe := p // the elements: as numbers where gdb would show a string
					if f := byteIntFormat(c.WantTypes[n]); f != "" && !c.Hex {
						pe = "print" + f
					}
					exprs = append(exprs, expr{n, p + " " + v}, expr{n, fmt.Sprintf("%s *%s.ptr@%s.len", pe, v, v)})
				case c.Global:
					exprs = append(exprs, expr{n, p + " " + GDBGlobal(names, mod, n)})
				default:
					exprs = append(exprs, expr{base, p + " " + base})
				}
				for _, e := range exprs {
					lines = append(lines, fmt.Sprintf("echo @@%d\\n", len(prints)), e.cmd)
					prints = append(prints, pr{k: k, path: e.path, name: n})
				}
			}
			k++
		}
		lines = append(lines, "delete")
	}
	lines = append(lines, "echo @@end\\n", "kill", "quit")
	// Every command is its own -ex: in a sourced script, gdb abandons the
	// rest of the script at the first command that fails.
	args := []string{"-nx", "-q", "-batch"}
	for _, l := range lines {
		args = append(args, "-ex", l)
	}
	cmd := exec.CommandContext(ctx, "gdb", append(args, exe)...)
	cmd.Dir = dir
	out, _ := cmd.CombinedOutput()
	text := string(out)
	ds := newDisplays(k)
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
		d := &ds[p.k]
		if p.kind != "" {
			for path, v := range ParseFrames(p.kind, rest) {
				d.Values[path] = v
			}
			continue
		}
		// the print's own line; breakpoint reports may follow
		if nl := strings.Index(rest, "\n"); nl >= 0 {
			rest = rest[:nl]
		}
		d.Raw[p.name] += rest + "\n"
		for path, v := range ParseGDB(p.path, strings.TrimSpace(rest)) {
			d.Values[path] = v
		}
	}
	return ds, text, nil
}

// byteIntFormat is the gdb print format a person asks for to read the
// elements of slice type typ ("[]i5", "[]const u8") as numbers: gdb 13
// prints an array of 1-byte integers made with `*ptr@len` as a string of
// the raw bytes whatever the DWARF says (c_textual_element_type: any
// 1-byte TYPE_CODE_INT without the not-text flag, which only vector
// elements get), so "\020\037\017" for the i5 values -16, -1, 15.
// With /d (signed) or /u (unsigned) gdb prints each element as a number
// read through its base type's bit size. "" for other element types.
func byteIntFormat(typ string) string {
	elem, ok := strings.CutPrefix(typ, "[]")
	if !ok {
		return ""
	}
	elem = strings.TrimPrefix(elem, "const ")
	if len(elem) < 2 || (elem[0] != 'i' && elem[0] != 'u') {
		return ""
	}
	bits, err := strconv.Atoi(elem[1:])
	if err != nil || bits < 1 || bits > 8 {
		return ""
	}
	if elem[0] == 'i' {
		return "/d"
	}
	return "/u"
}

// badDisplay lists what must never appear in a variable's display:
// gdb's and lldb's markers of a value they could not show.
var badDisplay = []string{
	"<incomplete type>", "<optimized out>", "<error", "<no location", "<invalid",
	"<unavailable>", "<synthetic", "<could not", "error:", "No symbol", "syntax error",
	"There is no member", "There is no field", "Cannot access memory",
}

// Check judges what a debugger showed (per command in script order)
// against the expected values, strictly: every expected value must be
// found in the whole display of its variable at its stop, that display
// must hold no error marker, an optional's shown flag must agree with
// null or its payload, an error union's shown error must be none when a
// value is expected, and a tagged union's shown tag must be the expected
// one (tags are expected values too).
func Check(s *Script, got []Display) Count {
	c := Count{Checked: map[string]bool{}}
	k := 0
	for _, st := range s.Stops {
		for _, cmd := range st.Cmds {
			var d Display
			if k < len(got) {
				d = got[k]
			}
			k++
			for path, want := range cmd.Want {
				if cmd.isSlice(path) || isAggregateType(cmd.WantTypes, path) {
					continue
				}
				c.Total++
				c.Checked[path] = true
				if ok, msg := judge(cmd, d, path, want); ok {
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

// owner is the displayed variable (one of cmd.Names) path belongs to.
func (c *Cmd) owner(path string) string {
	best := ""
	for _, n := range c.Names {
		if (path == n || strings.HasPrefix(path, n+".") || strings.HasPrefix(path, n+"[")) && len(n) > len(best) {
			best = n
		}
	}
	return best
}

// ancestors lists the proper prefixes of path at member and element
// boundaries, outermost first ("a.b[1].c" → "a", "a.b", "a.b[1]").
func ancestors(path string) []string {
	var out []string
	for i := 1; i < len(path); i++ {
		if path[i] == '.' || path[i] == '[' {
			out = append(out, path[:i])
		}
	}
	return out
}

// judge decides one expected leaf value.
func judge(cmd Cmd, d Display, path, want string) (bool, string) {
	name := cmd.owner(path)
	raw, shown := d.Raw[name]
	if !shown && name != "" {
		return false, fmt.Sprintf("%s not displayed", name)
	}
	for _, bad := range badDisplay {
		if strings.Contains(raw, bad) {
			return false, fmt.Sprintf("the display of %s shows %s: %s", name, bad, firstLine(raw, bad))
		}
	}
	got := d.Values
	shownPath := path
	// What encloses the value must agree with it.
	for _, a := range ancestors(path) {
		typ := cmd.WantTypes[a]
		switch {
		case isValueOptional(typ) && strings.HasPrefix(path, a+".?"):
			if hv := optionalFlag(got, a); hv != "true" {
				return false, fmt.Sprintf("%s shows has_value = %q with a payload expected", a, hv)
			}
			if rest := strings.TrimPrefix(shownPath, a+".?"); !has(got, shownPath) && has(got, a+".data"+rest) {
				shownPath = a + ".data" + rest // Zig 0.11 (LLVM) names the payload data
			}
		case isErrorUnion(typ) && strings.HasPrefix(path, a+".value"):
			e, ok := got[a+".error"]
			if !ok {
				e, ok = got[a+".tag"] // Zig 0.11 (LLVM) names the error code tag
			}
			if ok && Canon(e, "") != "0" {
				return false, fmt.Sprintf("%s shows error %s where a value is expected", a, e)
			}
		}
	}
	typ := cmd.WantTypes[path]
	if isValueOptional(typ) {
		if want != "null" {
			return false, fmt.Sprintf("expected %q for an optional: want null or its payload", want)
		}
		if got[path] == "null" {
			return true, ""
		}
		if hv := optionalFlag(got, path); hv != "false" {
			return false, fmt.Sprintf("shows has_value = %q, want null", hv)
		}
		return true, ""
	}
	g, ok := got[shownPath]
	if !ok && strings.HasPrefix(typ, "?") && has(got, path+".has_value") {
		// An optional pointer or error set shown with its
		// discriminant (the seed's variant part): has_value is the
		// pointer or error code itself, 0 for null.
		hv := Canon(got[path+".has_value"], "")
		if want == "null" {
			if hv != "0" {
				return false, fmt.Sprintf("shows has_value = %s, want null", hv)
			}
			return true, ""
		}
		if hv == "0" {
			return false, fmt.Sprintf("shows has_value = 0, want %s", want)
		}
		g, ok = got[path+".?"]
	}
	if !ok {
		return false, "not shown"
	}
	if isPointer(typ) {
		if canonPointer(g) != canonPointer(want) {
			return false, fmt.Sprintf("shown %q, want %q", g, want)
		}
		return true, ""
	}
	if Canon(g, d.Types[path]) != Canon(want, typ) {
		return false, fmt.Sprintf("shown %q, want %q", g, want)
	}
	return true, ""
}

// optionalFlag is the displayed has_value flag of optional opt, "true"
// or "false" ("" when none is shown). Zig 0.11's LLVM backend names it
// some (a u8 of 0 or 1).
func optionalFlag(got Values, opt string) string {
	if hv, ok := got[opt+".has_value"]; ok {
		return hv
	}
	switch Canon(got[opt+".some"], "") {
	case "1":
		return "true"
	case "0":
		return "false"
	}
	return ""
}

func has(v Values, path string) bool {
	_, ok := v[path]
	return ok
}

func firstLine(raw, bad string) string {
	i := strings.Index(raw, bad)
	start := strings.LastIndex(raw[:i], "\n") + 1
	end := strings.Index(raw[i:], "\n")
	if end < 0 {
		return strings.TrimSpace(raw[start:])
	}
	return strings.TrimSpace(raw[start : i+end])
}

// isValueOptional reports whether typ is an optional with a has_value
// flag (?T but not an optional pointer, whose null is address 0, nor an
// optional error set, whose null is error code 0).
func isValueOptional(typ string) bool {
	return strings.HasPrefix(typ, "?") && !isPointer(typ) && !strings.HasPrefix(typ, "?error{") && typ != "?anyerror"
}

// isErrorUnion reports whether typ is an error union type E!T.
func isErrorUnion(typ string) bool {
	depth := 0
	for _, c := range typ {
		switch c {
		case '{', '(', '[':
			depth++
		case '}', ')', ']':
			depth--
		case '!':
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// isPointer reports whether typ is a single or many-item pointer, or an
// optional one.
func isPointer(typ string) bool {
	t := strings.TrimPrefix(typ, "?")
	return strings.HasPrefix(t, "*") || strings.HasPrefix(t, "[*]")
}

// canonPointer turns a shown pointer into an address: gdb's
// `(?*u32) 0x402000 <sym>` and lldb's `0x0000000000402000` alike; null
// is 0.
func canonPointer(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") {
		if i := strings.Index(s, ") "); i > 0 {
			s = s[i+2:]
		}
	}
	if i := strings.Index(s, " "); i > 0 {
		s = s[:i]
	}
	if s == "null" || s == "nullptr" {
		return "0"
	}
	if n, ok := new(big.Int).SetString(s, 0); ok {
		return n.String()
	}
	return s
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
