package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandsNeverOverwriteInputs runs every way a careless command line
// used to write over its own source, each from a fresh current directory,
// and requires the source's bytes unchanged afterwards, the exit status
// and, where the build may go ahead, the output where the usage says.
func TestCommandsNeverOverwriteInputs(t *testing.T) {
	bad := "const a: u8 = 300;\n"
	tests := []struct {
		name    string
		files   map[string]string // created in the current directory
		link    [2]string         // a hard link: link[1] names link[0]
		args    []string
		code    int
		stderr  string
		written string // a file the command must write as an ELF file
	}{
		{name: "exe of a source without .zig", files: map[string]string{"prog": good},
			args: []string{"build", "-kind", "exe", "prog"}, code: 2, stderr: "refusing to write prog"},
		{name: "exe of a source ending in .ZIG", files: map[string]string{"prog.ZIG": good},
			args: []string{"build", "-kind", "exe", "prog.ZIG"}, code: 0, written: "prog"},
		{name: "object of a source named x.o", files: map[string]string{"x.o": good},
			args: []string{"build", "x.o"}, code: 0, written: "x.o.o"},
		{name: "-o the source", files: map[string]string{"self.zig": good},
			args: []string{"build", "-o", "self.zig", "self.zig"}, code: 2, stderr: "refusing to write self.zig"},
		{name: "-o the source by another path", files: map[string]string{"self.zig": good},
			args: []string{"build", "-o", "./sub/../self.zig", "self.zig"}, code: 2, stderr: "refusing"},
		{name: "-o a hard link to the source", files: map[string]string{"self.zig": good},
			link: [2]string{"self.zig", "other.zig"},
			args: []string{"build", "-o", "other.zig", "self.zig"}, code: 2, stderr: "refusing to write other.zig"},
		{name: "layout -o the first version", files: map[string]string{"v1.zig": good, "v2.zig": good},
			args: []string{"layout", "-o", "v1.zig", "v1.zig", "v2.zig"}, code: 2, stderr: "refusing to write v1.zig"},
		{name: "layout -o the last version", files: map[string]string{"v1.zig": good, "v2.zig": good},
			args: []string{"layout", "v1.zig", "v2.zig", "-o", "v2.zig"}, code: 2, stderr: "refusing to write v2.zig"},
		{name: "layout -o a version with errors", files: map[string]string{"v1.zig": good, "v2.zig": bad},
			args: []string{"layout", "v1.zig", "v2.zig", "-o", "v2.zig"}, code: 2, stderr: "refusing to write v2.zig"},
		{name: "default output in the current directory", files: map[string]string{"sub/dir/good.zig": good},
			args: []string{"build", "sub/dir/good.zig"}, code: 0, written: "good.o"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			os.Mkdir("sub", 0o755)
			for name, text := range tt.files {
				os.MkdirAll(filepath.Dir(name), 0o755)
				if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tt.link[0] != "" {
				if err := os.Link(tt.link[0], tt.link[1]); err != nil {
					t.Fatal(err)
				}
			}
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("exit %d, want %d; stderr lacks %q?\n%s", code, tt.code, tt.stderr, stderr.String())
			}
			for name, text := range tt.files {
				if b, err := os.ReadFile(name); err != nil || string(b) != text {
					t.Errorf("source %s changed (%v): %.40q", name, err, b)
				}
			}
			if tt.written != "" {
				openOutput(t, tt.written)
			}
			if tt.name == "default output in the current directory" {
				if _, err := os.Stat("sub/dir/good.o"); err == nil {
					t.Error("the object was written next to the source, not in the current directory")
				}
			}
		})
	}
}

// TestBuildSpecialFiles builds from /dev/zero (endless: refused at the
// source limit) and /dev/null (empty: an object named null.o in the
// current directory, /dev/null untouched).
func TestBuildSpecialFiles(t *testing.T) {
	t.Chdir(t.TempDir())
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "/dev/zero"}, &stdout, &stderr); code != 2 ||
		!strings.Contains(stderr.String(), "/dev/zero: larger than the limit of 16777216 bytes") {
		t.Errorf("/dev/zero: exit %d: %s", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"build", "-max-source", "1000", "/dev/zero"}, &stdout, &stderr); code != 2 ||
		!strings.Contains(stderr.String(), "larger than the limit of 1000 bytes") {
		t.Errorf("/dev/zero -max-source 1000: exit %d: %s", code, stderr.String())
	}
	for _, cmd := range []string{"inspect", "verify"} {
		stderr.Reset()
		if code := run([]string{cmd, "-max-input", "1000", "/dev/zero"}, &stdout, &stderr); code != 2 ||
			!strings.Contains(stderr.String(), "larger than the limit of 1000 bytes (raise it with -max-input)") {
			t.Errorf("%s -max-input 1000 /dev/zero: exit %d: %s", cmd, code, stderr.String())
		}
	}
	stderr.Reset()
	if code := run([]string{"build", "/dev/null"}, &stdout, &stderr); code != 0 {
		t.Fatalf("/dev/null: exit %d: %s", code, stderr.String())
	}
	openOutput(t, "null.o")
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v %v", st.Mode(), err)
	}
	if _, err := os.Stat("/dev/null.o"); err == nil {
		t.Error("/dev/null.o was written")
	}
}

// TestBuildLimits checks the command line's limits are finite and raised
// by their flags: the output estimate refuses a program before building.
func TestBuildLimits(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "big.zig")
	os.WriteFile(src, []byte("const big: [1 << 20]u8 = undefined;\n"), 0o644)
	var stdout, stderr bytes.Buffer
	out := filepath.Join(dir, "big.o")
	if code := run([]string{"build", "-max-output", "100000", "-o", out, src}, &stdout, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "estimated before building") {
		t.Errorf("-max-output 100000: exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an output was written")
	}
	stderr.Reset()
	if code := run([]string{"build", "-max-data", "1000", "-o", out, src}, &stdout, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "global data too large") {
		t.Errorf("-max-data 1000: exit %d: %s", code, stderr.String())
	}
	stderr.Reset()
	if code := run([]string{"build", "-o", out, src}, &stdout, &stderr); code != 0 {
		t.Errorf("default limits: exit %d: %s", code, stderr.String())
	}
}

// TestLayoutFailingVersion requires exit 1 when any version fails, the
// failing version named with its own file name in its errors, and -check
// not claiming success when the last version failed.
func TestLayoutFailingVersion(t *testing.T) {
	t.Chdir(t.TempDir())
	v2 := "const a: u8 = 300;\n"
	for name, text := range map[string]string{"v1.zig": good, "v2.zig": v2, "v3.zig": good} {
		os.WriteFile(name, []byte(text), 0o644)
	}
	tests := []struct {
		name      string
		args      []string
		stderrHas []string
		stdoutHas string
		stdoutNot string
	}{
		{name: "middle", args: []string{"layout", "-check", "v1.zig", "v2.zig", "v3.zig"},
			stderrHas: []string{"v2.zig:1:15: error:", "1 of 3 versions did not compile: v2.zig"}},
		{name: "last", args: []string{"layout", "-check", "v1.zig", "v3.zig", "v2.zig"},
			stderrHas: []string{"v2.zig:1:15: error:", "1 of 3 versions did not compile: v2.zig"},
			stdoutHas: "== check: not checked: the last version v2.zig did not compile", stdoutNot: "equals a fresh build"},
		{name: "first", args: []string{"layout", "v2.zig", "v1.zig"},
			stderrHas: []string{"v2.zig:1:15: error:", "1 of 2 versions did not compile: v2.zig"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			for _, s := range tt.stderrHas {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
			if !strings.Contains(stdout.String(), tt.stdoutHas) || (tt.stdoutNot != "" && strings.Contains(stdout.String(), tt.stdoutNot)) {
				t.Errorf("stdout: want %q, not %q:\n%s", tt.stdoutHas, tt.stdoutNot, stdout.String())
			}
		})
	}
}
