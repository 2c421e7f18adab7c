package main

import (
	"bytes"
	"debug/elf"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const good = `const Point = struct {
    x: i32 = 1,
    y: i32 = -2,
};
var origin: Point = .{};
pub fn main() void {
    _ = &origin;
}
`

const bad = `const a: u8 = 256;
var b: bool = undeclared_thing;
`

func TestBuildCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	goodPath := write("good.zig", good)
	badPath := write("bad.zig", bad)
	tests := []struct {
		name       string
		args       []string
		code       int
		stderrHas  []string
		wantOutput string // file that must be a valid ELF object
		wantClass  elf.Class
		wantOrder  string
	}{
		{name: "default", args: []string{"build", "-o", filepath.Join(dir, "a.o"), goodPath}, code: 0,
			wantOutput: "a.o", wantClass: elf.ELFCLASS64, wantOrder: "LittleEndian"},
		{name: "dwarf64", args: []string{"build", "-format", "64", "-o", filepath.Join(dir, "b.o"), goodPath}, code: 0,
			wantOutput: "b.o", wantClass: elf.ELFCLASS64, wantOrder: "LittleEndian"},
		{name: "x86", args: []string{"build", "-target", "x86", "-o", filepath.Join(dir, "c.o"), goodPath}, code: 0,
			wantOutput: "c.o", wantClass: elf.ELFCLASS32, wantOrder: "LittleEndian"},
		{name: "s390x", args: []string{"build", "-target", "s390x", "-lines", "plain", "-o", filepath.Join(dir, "d.o"), goodPath}, code: 0,
			wantOutput: "d.o", wantClass: elf.ELFCLASS64, wantOrder: "BigEndian"},
		{name: "errors", args: []string{"build", "-o", filepath.Join(dir, "e.o"), badPath}, code: 1,
			stderrHas: []string{"bad.zig:1:", "bad.zig:2:", "error:", "^"}},
		{name: "bad option", args: []string{"build", "-format", "16", goodPath}, code: 2,
			stderrHas: []string{"option format", `"16"`}},
		{name: "unknown target", args: []string{"build", "-target", "mips", goodPath}, code: 2,
			stderrHas: []string{"option target"}},
		{name: "missing file", args: []string{"build", filepath.Join(dir, "nope.zig")}, code: 2,
			stderrHas: []string{"nope.zig"}},
		{name: "no file", args: []string{"build"}, code: 2, stderrHas: []string{"Usage"}},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderrHas: []string{"unknown command"}},
		{name: "help", args: []string{"help"}, code: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			for _, s := range tt.stderrHas {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
			if tt.wantOutput == "" {
				return
			}
			f := openOutput(t, filepath.Join(dir, tt.wantOutput))
			if f.Type != elf.ET_REL || f.Class != tt.wantClass || f.ByteOrder.String() != tt.wantOrder {
				t.Errorf("got %v %v %v", f.Type, f.Class, f.ByteOrder)
			}
			if f.Section(".debug_info") == nil || f.Section(".debug_line") == nil {
				t.Errorf("no debug sections")
			}
		})
	}
}

// openOutput opens the ELF file a command wrote (closed when the test
// ends), failing the test when it cannot.
func openOutput(t *testing.T, path string) *elf.File {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatalf("output %s: %v", path, err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
