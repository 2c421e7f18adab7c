package debuggers

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/internal/verify"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// sharedSamples is the reference design's samples, present in CI.
const sharedSamples = "../../../shared/samples"

type program struct {
	dir, name string
}

func programs(t *testing.T, dir string) []program {
	matches, err := filepath.Glob(filepath.Join(dir, "*.lldb"))
	if err != nil {
		t.Fatal(err)
	}
	var ps []program
	for _, m := range matches {
		ps = append(ps, program{dir: dir, name: strings.TrimSuffix(filepath.Base(m), ".lldb")})
	}
	return ps
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
	exe := filepath.Join(dir, p.name)
	if profile == dwarfcore.ProfilePortable {
		exe += "-portable"
	}
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

// runSet builds, runs and debugs every program of dir and reports the
// per-debugger counts.
func runSet(t *testing.T, dir string) {
	verify.Require(t, "gdb", "lldb-22", "llvm-dwarfdump", "objdump")
	ps := programs(t, dir)
	if len(ps) == 0 {
		t.Fatalf("no programs in %s", dir)
	}
	work := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	type result struct {
		name       string
		gdb, lldb  Count
		gdbOut     string
		lldbOut    string
		runErr     error
		verifyOut  string
		objdumpBad bool
	}
	results := make([]result, len(ps))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, p := range ps {
		s := script(t, p)
		exe := build(t, p, work, dwarfcore.ProfileZig)
		pexe := build(t, p, work, dwarfcore.ProfilePortable)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			r := &results[i]
			r.name = p.name
			for _, e := range []string{exe, pexe} {
				cmd := exec.CommandContext(ctx, e)
				cmd.Dir = work
				if err := cmd.Run(); err != nil && r.runErr == nil {
					r.runErr = err
				}
				out, err := exec.CommandContext(ctx, "llvm-dwarfdump", "--verify", e).CombinedOutput()
				if err != nil || !strings.Contains(string(out), "No errors.") {
					r.verifyOut += string(out)
				}
				out, _ = exec.CommandContext(ctx, "objdump", "-d", e).CombinedOutput()
				if strings.Contains(string(out), "(bad)") {
					r.objdumpBad = true
				}
			}
			g, gout, err := RunGDB(ctx, s, exe, work)
			if err != nil {
				r.gdbOut = err.Error()
				return
			}
			r.gdb, r.gdbOut = Check(s, g, nil), gout
			l, lt, lout, err := RunLLDB(ctx, s, pexe, work)
			if err != nil {
				r.lldbOut = err.Error()
				return
			}
			r.lldb, r.lldbOut = Check(s, l, lt), lout
		}()
	}
	wg.Wait()
	var gdbTotal, lldbTotal Count
	for _, r := range results {
		if r.runErr != nil {
			t.Errorf("%s: run: %v", r.name, r.runErr)
		}
		if r.verifyOut != "" {
			t.Errorf("%s: llvm-dwarfdump --verify:\n%s", r.name, r.verifyOut)
		}
		if r.objdumpBad {
			t.Errorf("%s: objdump -d shows (bad)", r.name)
		}
		t.Logf("%-12s gdb %d/%d (profile zig)  lldb %d/%d (profile portable)", r.name, r.gdb.Right, r.gdb.Total, r.lldb.Right, r.lldb.Total)
		for _, pr := range r.gdb.Problems {
			t.Errorf("%s: gdb: %s", r.name, pr)
		}
		for _, pr := range r.lldb.Problems {
			t.Errorf("%s: lldb: %s", r.name, pr)
		}
		if r.gdb.Total == 0 || r.lldb.Total == 0 {
			t.Errorf("%s: nothing checked\ngdb:\n%s\nlldb:\n%s", r.name, r.gdbOut, r.lldbOut)
		}
		gdbTotal.Right += r.gdb.Right
		gdbTotal.Total += r.gdb.Total
		lldbTotal.Right += r.lldb.Right
		lldbTotal.Total += r.lldb.Total
	}
	t.Logf("TOTAL gdb %d/%d (profile zig), lldb %d/%d (profile portable)", gdbTotal.Right, gdbTotal.Total, lldbTotal.Right, lldbTotal.Total)
}

// TestSharedSamples runs the reference design's samples when present.
func TestSharedSamples(t *testing.T) {
	if _, err := os.Stat(sharedSamples); err != nil {
		t.Skipf("no %s", sharedSamples)
	}
	runSet(t, sharedSamples)
}

// TestOwnPrograms runs the project's own debugger programs (copies of
// the samples and more).
func TestOwnPrograms(t *testing.T) {
	runSet(t, "testdata")
}
