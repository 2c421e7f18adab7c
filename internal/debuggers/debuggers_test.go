package debuggers

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/internal/verify"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// sharedSamples is the reference design's samples, present in CI.
const sharedSamples = "../../../shared/samples"

type program struct {
	dir, name string
}

// knownGaps are expected values a debugger cannot show from our DWARF in
// the default executable profile, keyed "debugger program path", with the
// reason. A known gap that starts passing fails the test, so the list
// stays true. (Signed integers with fewer bits than bytes, which Zig
// stores with the bits above N zero, are no longer gaps: the portable
// profile makes both debuggers sign-extend them; dwarfcore/portable.go,
// narrowSigned and valuePieces for variables and members, and for slice
// elements and pointees a base type named _BitInt(N) that the
// executable's .lldbformatters section gives lldb-22 a summary for,
// baseTypeName and package dwarfcore/lldbfmt.)
var knownGaps = map[string]string{
	// A zero-bit integer member: lldb-22 drops a member whose base type
	// has no size (TypeSystemClang: could not get size); a variable of
	// one shows 0 (dwarfcore/portable.go, zeroBitInt), and what else was
	// tried for members is in the README ("Debugging an executable").
	"lldb basic basic.u0_0": "stock lldb-22 drops a member of a zero-size type; no encoding of a member tried shows 0 (README)",
	"lldb basic basic.i0_0": "as u0",
	// The same for a zero-bit member between two others: lldb-22 drops
	// it and shows the others right (dwarfcore/portable.go, zeroBitInt).
	"lldb zerosize g_mid.z": "as u0",
	"lldb zerosize p_mid.z": "as u0",
	"lldb zerosize l_mid.z": "as u0",
	"lldb zerosize g_ext.z": "as u0",
	"lldb zerosize p_ext.z": "as u0",
	"lldb zerosize l_ext.z": "as u0",
}

// programsEnv, when set, names the programs (comma-separated, e.g.
// "types,narrow") the runs of a directory are limited to, for a targeted
// run while working on one encoding; unset, every program runs.
const programsEnv = "DWARFSCOPE_DEBUGGER_PROGRAMS"

func programs(t *testing.T, dir string) []program {
	matches, err := filepath.Glob(filepath.Join(dir, "*.lldb"))
	if err != nil {
		t.Fatal(err)
	}
	only := map[string]bool{}
	if v := os.Getenv(programsEnv); v != "" {
		for _, n := range strings.Split(v, ",") {
			only[strings.TrimSpace(n)] = true
		}
	}
	var ps []program
	for _, m := range matches {
		name := strings.TrimSuffix(filepath.Base(m), ".lldb")
		if len(only) > 0 && !only[name] {
			continue
		}
		ps = append(ps, program{dir: dir, name: name})
	}
	if len(ps) == 0 && len(only) > 0 {
		t.Skipf("%s=%s: no such program in %s", programsEnv, os.Getenv(programsEnv), dir)
	}
	return ps
}

// defaultProfile is the profile an executable gets when none is asked
// for (buildopts: -kind exe).
func defaultProfile(t *testing.T) dwarfcore.Profile {
	o, err := buildopts.Parse(map[string]string{"kind": "exe"})
	if err != nil {
		t.Fatal(err)
	}
	return o.Debug.Profile
}

// profileName names a profile as the -profile option does.
func profileName(p dwarfcore.Profile) string {
	if p == dwarfcore.ProfilePortable {
		return "portable"
	}
	return "zig"
}

// gdbNames is how the harness names globals in gdb under a profile: by
// the plain name where the profile gives one (portable), else qualified.
func gdbNames(profile string) GDBNames {
	if profile == "portable" {
		return GDBPlain
	}
	return GDBQualified
}

// build writes the program's executable next to a copy of its source in
// dir (so the debuggers find the source through comp_dir ".").
func build(t *testing.T, p program, dir string, profile dwarfcore.Profile) string {
	src, err := os.ReadFile(filepath.Join(p.dir, p.name+".zig"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := linkcore.Build(p.name+".zig", src, linkcore.Options{Kind: linkcore.KindExecutable,
		Debug: dwarfcore.Options{Lines: dwarfcore.LinesPlain, Profile: profile}})
	if err != nil {
		t.Fatalf("%s: %v", p.name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, p.name+".zig"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, p.name+"-"+profileName(profile))
	if err := os.WriteFile(exe, r.ELF, 0o755); err != nil {
		t.Fatal(err)
	}
	return exe
}

func script(t *testing.T, p program) *Script {
	read := func(ext string) string {
		b, err := os.ReadFile(filepath.Join(p.dir, p.name+ext))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	s, err := ParseScript(read(".lldb"), read(".expected"), read(".zig"))
	if err != nil {
		t.Fatalf("%s: %v", p.name, err)
	}
	return s
}

// score is one program under one debugger with one profile.
type score struct {
	prog, debugger, profile string
	c                       Count
	out                     string
}

// debugExe runs both debuggers on exe and judges what they show.
func debugExe(ctx context.Context, s *Script, prog, profile, exe, dir string) []score {
	var out []score
	g, gout, err := RunGDB(ctx, s, exe, dir, gdbNames(profile))
	if err != nil {
		gout = err.Error()
	}
	out = append(out, score{prog, "gdb", profile, Check(s, g), gout})
	l, lout, err := RunLLDB(ctx, s, exe, dir)
	if err != nil {
		lout = err.Error()
	}
	return append(out, score{prog, "lldb", profile, Check(s, l), lout})
}

// checkTools runs exe and checks llvm-dwarfdump-22 --verify and
// objdump -d on it; it returns what is wrong.
func checkTools(ctx context.Context, exe, dir string) []string {
	var bad []string
	cmd := exec.CommandContext(ctx, exe)
	cmd.Dir = dir
	if err := cmd.Run(); err != nil {
		bad = append(bad, fmt.Sprintf("run: %v", err))
	}
	for _, dd := range []string{"llvm-dwarfdump", "llvm-dwarfdump-22"} {
		out, err := exec.CommandContext(ctx, dd, "--verify", exe).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "No errors.") {
			bad = append(bad, fmt.Sprintf("%s --verify:\n%s", dd, out))
		}
	}
	out, _ := exec.CommandContext(ctx, "objdump", "-d", exe).CombinedOutput()
	if strings.Contains(string(out), "(bad)") {
		bad = append(bad, "objdump -d shows (bad)")
	}
	return bad
}

// runSet builds every program of dir in both profiles, checks the
// executables with the tools, debugs them with gdb and lldb-22 and
// requires every value right in the default executable profile (but for
// knownGaps). It logs the table of found/total per debugger and profile.
func runSet(t *testing.T, dir string) []score {
	verify.Require(t, "gdb", "lldb-22", "llvm-dwarfdump", "llvm-dwarfdump-22", "objdump")
	ps := programs(t, dir)
	if len(ps) == 0 {
		t.Fatalf("no programs in %s", dir)
	}
	def := profileName(defaultProfile(t))
	work := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	type result struct {
		scores []score
		bad    []string
	}
	results := make([]result, len(ps))
	var wg sync.WaitGroup
	var mu sync.Mutex
	sem := make(chan struct{}, 2)
	for i, p := range ps {
		s := script(t, p)
		for _, prof := range []dwarfcore.Profile{dwarfcore.ProfilePortable, dwarfcore.ProfileZig} {
			exe := build(t, p, work, prof)
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				bad := checkTools(ctx, exe, work)
				sc := debugExe(ctx, s, p.name, profileName(prof), exe, work)
				mu.Lock()
				results[i].bad = append(results[i].bad, bad...)
				results[i].scores = append(results[i].scores, sc...)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	var all []score
	for i, r := range results {
		for _, b := range r.bad {
			t.Errorf("%s: %s", ps[i].name, b)
		}
		sort.Slice(r.scores, func(a, b int) bool {
			return r.scores[a].profile+r.scores[a].debugger < r.scores[b].profile+r.scores[b].debugger
		})
		all = append(all, r.scores...)
		for _, sc := range r.scores {
			t.Logf("%-12s %-4s %-8s %d/%d", sc.prog, sc.debugger, sc.profile, sc.c.Right, sc.c.Total)
			if sc.profile != def {
				continue
			}
			if sc.c.Total == 0 {
				t.Errorf("%s: %s: nothing checked:\n%s", sc.prog, sc.debugger, sc.out)
			}
			failed := map[string]bool{}
			for _, pr := range sc.c.Problems {
				failed[pr.Path] = true
				if why, ok := knownGaps[sc.debugger+" "+sc.prog+" "+pr.Path]; ok {
					t.Logf("%s: %s: known gap: %s (%s)", sc.prog, sc.debugger, pr, why)
					continue
				}
				t.Errorf("%s: %s (%s profile): %s", sc.prog, sc.debugger, def, pr)
			}
			for key := range knownGaps {
				d, rest, _ := strings.Cut(key, " ")
				prog, path, _ := strings.Cut(rest, " ")
				if d == sc.debugger && prog == sc.prog && sc.c.Checked[path] && !failed[path] {
					t.Errorf("%s: %s: known gap %q now passes: remove it from knownGaps", sc.prog, sc.debugger, path)
				}
			}
		}
	}
	for _, prof := range []string{"portable", "zig"} {
		for _, dbg := range []string{"gdb", "lldb"} {
			var right, total int
			for _, sc := range all {
				if sc.profile == prof && sc.debugger == dbg {
					right, total = right+sc.c.Right, total+sc.c.Total
				}
			}
			t.Logf("TOTAL %-4s %-8s %d/%d", dbg, prof, right, total)
		}
	}
	return all
}

// ownSamples are the project's copies of the reference design's samples.
const ownSamples = "../samples"

// TestSamples runs the reference design's samples: those in ../shared when
// present (as in CI), else the project's copies.
func TestSamples(t *testing.T) {
	dir := sharedSamples
	if _, err := os.Stat(sharedSamples); err != nil {
		t.Logf("no %s: running the copies in %s", sharedSamples, ownSamples)
		dir = ownSamples
	}
	runSet(t, dir)
}

// TestOwnPrograms runs the project's own debugger programs.
func TestOwnPrograms(t *testing.T) {
	runSet(t, "testdata")
}

// TestGDBListsSource checks the README's "put the binary next to its .zig
// file": gdb, run from that directory, lists the function's source lines.
func TestGDBListsSource(t *testing.T) {
	verify.Require(t, "gdb")
	work := t.TempDir()
	exe := build(t, program{dir: "testdata", name: "steps"}, work, defaultProfile(t))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "gdb", "-nx", "-q", "-batch", "-ex", "list steps.main", filepath.Base(exe))
	cmd.Dir = work
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gdb: %v\n%s", err, out)
	}
	for _, want := range []string{"6\t    var total: u32 = 1;", "8\t    total = add(total, 4);"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("gdb list shows no %q:\n%s", want, out)
		}
	}
}

// TestGDBPlainNames runs the gdb script of the storage sample and of the
// program of every type form, built with the portable profile, once with
// globals by their plain names and once by their qualified names: both
// must show the same displays with as many values right (what else is
// wrong is the other checks' business), so neither name stops working
// unnoticed (a plain name gdb cannot find is "No symbol ... in current
// context").
func TestGDBPlainNames(t *testing.T) {
	verify.Require(t, "gdb")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	work := t.TempDir()
	samples := sharedSamples
	if _, err := os.Stat(samples); err != nil {
		samples = ownSamples
	}
	for _, p := range []program{{dir: samples, name: "storage"}, {dir: "testdata", name: "types"}} {
		s := script(t, p)
		exe := build(t, p, work, dwarfcore.ProfilePortable)
		var raws [2][]Display
		var counts [2]Count
		for i, names := range []GDBNames{GDBPlain, GDBQualified} {
			g, _, err := RunGDB(ctx, s, exe, work, names)
			if err != nil {
				t.Fatal(err)
			}
			raws[i], counts[i] = g, Check(s, g)
		}
		if counts[0].Right != counts[1].Right || counts[0].Right == 0 {
			t.Errorf("%s: %d/%d right by plain names, %d/%d by qualified names", p.name,
				counts[0].Right, counts[0].Total, counts[1].Right, counts[1].Total)
		}
		globals := 0
		for _, st := range s.Stops {
			for _, c := range st.Cmds {
				if c.Global {
					globals += len(c.Names)
				}
			}
		}
		if globals == 0 {
			t.Errorf("%s: no globals in the script", p.name)
		}
		for k := range raws[0] {
			for name, plain := range raws[0][k].Raw {
				if q := raws[1][k].Raw[name]; q != plain {
					t.Errorf("%s display %d, %s: plain name shows %q, qualified %q", p.name, k, name, plain, q)
				}
			}
		}
	}
}
