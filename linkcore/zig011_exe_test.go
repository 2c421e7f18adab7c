package linkcore

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
)

// zigExePrograms are the executable-only differences the differential
// test (internal/zigdiff) found: programs Zig 0.11 builds and runs whose
// bodies our code generator refused. Each runs to the exit status Zig's
// build of it gives, and gdb shows what its breakpoint line says.
var zigExePrograms = []struct {
	name, src string
	status    int
	// gdb: a breakpoint line and the text `info args` must print there
	line int
	args []string
}{
	{"callconv(.C) float parameters", `fn f(x: f64, n: u32, y: f32, h: f16, q: f128, e: f80) callconv(.C) u32 {
    _ = x;
    _ = y;
    _ = h;
    _ = q;
    _ = e;
    return n +% 1;
}
var r: u32 = 0;
pub fn main() u32 {
    r = f(1.5, 41, 2.5, 0.5, 3.25, 4.75);
    return r;
}
`, 42, 7, []string{"x = 1.5", "n = 41", "y = 2.5", "h = 0.5", "q = 3.25", "e = 4.75"}},
}

func TestZigExecutables(t *testing.T) {
	dir := t.TempDir()
	for i, tc := range zigExePrograms {
		t.Run(tc.name, func(t *testing.T) {
			name := "prog" + string(rune('a'+i))
			res, err := Build(name+".zig", []byte(tc.src), Options{Kind: KindExecutable,
				Debug: dwarfcore.Options{Lines: dwarfcore.LinesPlain}})
			if err != nil {
				t.Fatalf("Zig 0.11 builds it, we say: %v", err)
			}
			bin := filepath.Join(dir, name)
			if err := os.WriteFile(bin, res.ELF, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(bin+".zig", []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			err = exec.Command(bin).Run()
			status := 0
			if ee, ok := err.(*exec.ExitError); ok {
				status = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != tc.status {
				t.Errorf("exit status %d, Zig's build exits with %d", status, tc.status)
			}
			if tc.line == 0 {
				return
			}
			out, err := exec.Command("gdb", "-batch", "-nx", "-ex", "break "+name+".zig:"+itoa(tc.line), "-ex", "run", "-ex", "info args", bin).CombinedOutput()
			if err != nil {
				t.Fatalf("gdb: %v\n%s", err, out)
			}
			for _, a := range tc.args {
				if !strings.Contains(string(out), "\n"+a+"\n") {
					t.Errorf("gdb does not show %q:\n%s", a, out)
				}
			}
		})
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
