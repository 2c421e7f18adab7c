package debuggers

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/internal/verify"
)

// TestZeroBitIntDisplay checks, beyond the harness (which judges values,
// not type names), how both debuggers show a u0 and an i0 global,
// parameter and local of the default executable profile: the type by its
// Zig name and the value as a plain 0, not as a character (`0 '\000'`,
// `(unsigned char) g_u0 = '\0'`, what the 8-bit integer showed).
func TestZeroBitIntDisplay(t *testing.T) {
	verify.Require(t, "gdb")
	verify.Require(t, "lldb-22")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	work := t.TempDir()
	exe := build(t, program{dir: "testdata", name: "types"}, work, dwarfcore.ProfilePortable)
	names := []string{"g_u0", "g_i0", "p_u0", "p_i0", "l_u0", "l_i0"}

	gdbArgs := []string{"-nx", "-q", "-batch", "-ex", "break types.take", "-ex", "run"}
	for _, n := range names {
		gdbArgs = append(gdbArgs, "-ex", "print "+n, "-ex", "whatis "+n)
	}
	out, err := exec.CommandContext(ctx, "gdb", append(gdbArgs, exe)...).CombinedOutput()
	if err != nil {
		t.Fatalf("gdb: %v\n%s", err, out)
	}
	var got []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "$") || strings.HasPrefix(l, "type = ") {
			got = append(got, regexp.MustCompile(`^\$\d+ = `).ReplaceAllString(l, "$$ = "))
		}
	}
	var want []string
	for _, n := range names {
		want = append(want, "$ = 0", "type = "+n[2:])
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("gdb shows\n%s\nwant\n%s\n(full output:\n%s)", strings.Join(got, "\n"), strings.Join(want, "\n"), out)
	}

	script := filepath.Join(work, "zerobit.lldb")
	if err := writeFile(script, "target variable --show-types g_u0 g_i0\nbreakpoint set -n take\nrun\n"+
		"frame variable --show-types p_u0 p_i0 l_u0 l_i0\n"); err != nil {
		t.Fatal(err)
	}
	out, err = exec.CommandContext(ctx, "lldb-22", "--no-lldbinit", "-b", "-s", script, "--", exe).CombinedOutput()
	if err != nil {
		t.Fatalf("lldb-22: %v\n%s", err, out)
	}
	for _, n := range names {
		if line := "(" + n[2:] + ") " + n + " = 0"; !strings.Contains(string(out), "\n"+line+"\n") {
			t.Errorf("lldb-22 does not show %q:\n%s", line, out)
		}
	}
}
