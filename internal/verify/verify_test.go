package verify

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const goodC = `struct S { int a; long b; const char *name; };
enum E { E_A, E_B = 7 };
int g = 3;
__thread long tv = 5; /* DW_OP location with a DTP-relative relocation */
static struct S s = {1, 2, "x"};
enum E pick(int x) { return x ? E_B : E_A; }
int f(int x) { int y = x * g; return y + s.a + (int)pick(y) + (int)tv; }
`

// goodObject compiles goodC with gcc -g -gdwarf-5 -c.
func goodObject(t *testing.T) []byte {
	t.Helper()
	Require(t, "gcc")
	dir := t.TempDir()
	src := filepath.Join(dir, "good.c")
	if err := os.WriteFile(src, []byte(goodC), 0o644); err != nil {
		t.Fatal(err)
	}
	obj := filepath.Join(dir, "good.o")
	if out, err := exec.Command("gcc", "-g", "-gdwarf-5", "-O0", "-c", "-o", obj, src).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	b, err := os.ReadFile(obj)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func checkNames() []string {
	var names []string
	for _, c := range Checks {
		names = append(names, c.Name)
	}
	return names
}

func TestGoodObjectPassesEveryCheck(t *testing.T) {
	Require(t, AllTools()...)
	obj := goodObject(t)
	dir := t.TempDir()
	files := []string{writeFile(t, dir, "a.o", obj), writeFile(t, dir, "b.o", obj)}
	for _, f := range All(context.Background(), files, Options{}) {
		if f.Severity == Note {
			t.Logf("note: %s", f)
			continue
		}
		t.Errorf("good object: %s", f)
	}
}

// TestCorruptionsAreFound proves every check can fail: each corrupted copy
// must draw at least one finding (error or warning) from each listed check,
// and the good files in the same batch must draw none.
func TestCorruptionsAreFound(t *testing.T) {
	Require(t, AllTools()...)
	obj := goodObject(t)
	all := checkNames()
	tests := []struct {
		name    string
		corrupt func(*testing.T, []byte) []byte
		// checks that must report it
		checks []string
	}{
		{"abbrev-code", corruptAbbrevCode, all},
		{"truncated-line", truncateDebugLine, all},
		{"bad-strp", badStrp, []string{"llvm-dwarfdump", "readelf", "objdump", "eu-readelf", "ld-r"}},
		{"bad-type-ref", badTypeRef, []string{"llvm-dwarfdump", "eu-readelf", "pyelftools", "go-dwarf", "ld-r"}},
	}
	dir := t.TempDir()
	files := []string{writeFile(t, dir, "good1.o", obj)}
	for _, tt := range tests {
		files = append(files, writeFile(t, dir, tt.name+".o", tt.corrupt(t, obj)))
	}
	files = append(files, writeFile(t, dir, "good2.o", obj))
	findings := All(context.Background(), files, Options{})
	got := map[string]map[string]bool{} // file base -> check -> found
	for _, f := range findings {
		base := filepath.Base(f.File)
		t.Logf("%s", f)
		if strings.HasPrefix(base, "good") && f.Severity != Note {
			t.Errorf("finding for a good file in the batch: %s", f)
		}
		if f.Severity == Note {
			continue
		}
		if got[base] == nil {
			got[base] = map[string]bool{}
		}
		got[base][f.Check] = true
	}
	for _, tt := range tests {
		for _, c := range tt.checks {
			if !got[tt.name+".o"][c] {
				t.Errorf("%s: check %s found nothing", tt.name, c)
			}
		}
	}
}

// TestEachCheckAlone runs each check function directly on one corrupted
// file, so a check that only fails inside All would show.
func TestEachCheckAlone(t *testing.T) {
	Require(t, AllTools()...)
	obj := goodObject(t)
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.o", corruptAbbrevCode(t, obj))
	good := writeFile(t, dir, "good.o", obj)
	for _, c := range Checks {
		t.Run(c.Name, func(t *testing.T) {
			if fs := Filter(c.Run(context.Background(), []string{good}), Warning); len(fs) > 0 {
				t.Errorf("good file: %v", fs)
			}
			fs := c.Run(context.Background(), []string{bad})
			if len(fs) == 0 {
				t.Fatal("corrupted file: no findings")
			}
			for _, f := range fs {
				if f.File != bad || f.Check != c.Name || f.Msg == "" {
					t.Errorf("badly attributed finding: %+v", f)
				}
			}
		})
	}
}

func TestBinutilsIgnoresNames(t *testing.T) {
	tests := []struct {
		line string
		bad  bool
	}{
		{"    <2f>   DW_AT_name        : error", false},
		{"    <2f>   DW_AT_name        : (indirect string, offset: 0x12): anyerror!u32", false},
		{"  0x00000000 616e7965 72726f72 00        anyerror.", false},
		{"  1     0     0     0     (line_strp)\t(offset: 0x5): error.zig", false},
		{"readelf: Warning: DIE at offset 0x2e refers to abbreviation number 127 which does not exist", true},
		{"objdump: x.o: warning: sh_link not set", true},
		{"    <4c>   DW_AT_name        : (strp) (offset: 0x9999): <offset is too big>", true},
		{"Can't get contents for section '.debug_line'.", true},
		{"  Length:                      84", false},
	}
	for _, tt := range tests {
		if got := len(binutilsProblems([]string{tt.line})) > 0; got != tt.bad {
			t.Errorf("%q: problem = %v, want %v", tt.line, got, tt.bad)
		}
	}
}

func TestDwarfdumpParsing(t *testing.T) {
	out := []string{
		"Verifying a.o:\tfile format elf64-x86-64",
		"error: DW_FORM_strp offset 39321 is beyond .debug_str bounds:",
		"",
		"0x0000004b: DW_TAG_member [6]   (0x0000002e)",
		"              DW_AT_name [DW_FORM_strp]\t( .debug_str[0x00009999] = )",
		"warning: DWARF unit at offset 0x00000000 contains invalid abbreviation 127",
		"Errors detected.",
	}
	ps := dwarfdumpProblems(out)
	if len(ps) != 2 || ps[0].sev != Error || len(ps[0].lines) != 3 || ps[1].sev != Warning {
		t.Fatalf("got %+v", ps)
	}
	tool := dwarfdumpTool("x")
	if tool.complete(out, 1) {
		t.Error("output without \"No errors.\" counted as complete")
	}
	if !tool.complete([]string{"No errors.", "No errors."}, 2) || tool.complete([]string{"No errors."}, 2) {
		t.Error("complete miscounts \"No errors.\" lines")
	}
}

func TestRequireNamesPackage(t *testing.T) {
	if !slices.Contains(LinkerTools, "s390x-linux-gnu-ld") {
		t.Fatal("LinkerTools lost s390x")
	}
	for _, tool := range append(AllTools(), LinkerTools...) {
		if Packages[tool] == "" {
			t.Errorf("tool %s has no Debian package in Packages", tool)
		}
	}
}
