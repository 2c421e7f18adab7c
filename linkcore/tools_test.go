package linkcore

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// Tools from Debian packages: binutils (readelf, objdump, ld for x86_64 and
// i386), binutils-multiarch (objdump for every target),
// binutils-aarch64-linux-gnu, binutils-riscv64-linux-gnu,
// binutils-s390x-linux-gnu (their ld), llvm (llvm-dwarfdump).

// ldCommand returns the linker and its arguments for `ld -r` on arch.
func ldCommand(arch *target.Arch) (string, []string) {
	switch arch {
	case target.X86_64:
		return "ld", nil
	case target.X86:
		return "ld", []string{"-m", "elf_i386"}
	}
	return arch.Name + "-linux-gnu-ld", nil
}

// writeTemp writes b to a file in a test's temporary directory.
func writeTemp(t *testing.T, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runTool runs a tool and returns its combined output; the test is skipped
// when the tool is not installed.
func runTool(t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed", name)
	}
	var out bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

var toolComplaint = regexp.MustCompile(`(?i)warning|error|unable to|unsupported|corrupt|bad `)

// checkReadelf runs readelf over an object and fails on any complaint but
// the allowed ones.
func checkReadelf(t *testing.T, path string, allowed []*regexp.Regexp, args ...string) string {
	t.Helper()
	out, err := runTool(t, "readelf", append(args, path)...)
	for _, a := range allowed {
		out = a.ReplaceAllString(out, "")
	}
	if err != nil || toolComplaint.MatchString(out) {
		t.Errorf("readelf %s: %v\n%s", strings.Join(args, " "), err, complaints(out))
	}
	return out
}

// complaints returns the lines of out a tool used to complain.
func complaints(out string) string {
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		if toolComplaint.MatchString(line) {
			b.WriteString(line + "\n")
		}
	}
	if b.Len() == 0 {
		return out
	}
	return b.String()
}

// checkObjdump disassembles .text and checks every function is there and
// decodes.
func checkObjdump(t *testing.T, path string, funcs []string) {
	t.Helper()
	out, err := runTool(t, "objdump", "-d", path)
	if err != nil {
		t.Fatalf("objdump -d: %v\n%s", err, out)
	}
	if strings.Contains(out, "(bad)") || strings.Contains(out, ".inst") || strings.Contains(out, "unknown") {
		t.Errorf("objdump -d: undecodable instructions:\n%s", out)
	}
	for _, f := range funcs {
		if !strings.Contains(out, "<"+f+">:") {
			t.Errorf("objdump -d: no function %s:\n%s", f, out)
		}
	}
}

// checkLinkRelocatable runs `ld -r` on the object.
func checkLinkRelocatable(t *testing.T, arch *target.Arch, path string) {
	t.Helper()
	ld, args := ldCommand(arch)
	outPath := filepath.Join(t.TempDir(), "linked.o")
	out, err := runTool(t, ld, append(args, "-r", "-o", outPath, path)...)
	if err != nil || strings.TrimSpace(out) != "" {
		t.Errorf("%s -r: %v\n%s", ld, err, out)
	}
}

// checkDwarfdump runs llvm-dwarfdump --verify; allowed are output lines
// to ignore.
func checkDwarfdump(t *testing.T, path string, allowed ...string) {
	t.Helper()
	out, err := runTool(t, "llvm-dwarfdump", "--verify", path)
	for _, a := range allowed {
		out = strings.ReplaceAll(out, a, "")
	}
	if err != nil || !strings.Contains(out, "No errors.") || strings.Contains(out, "warning") {
		t.Errorf("llvm-dwarfdump --verify: %v\n%s", err, out)
	}
}

// checkObjdumpDwarf runs objdump --dwarf (BFD applies the relocations
// itself) and fails on any complaint but the allowed ones.
func checkObjdumpDwarf(t *testing.T, path string, allowed []*regexp.Regexp) {
	t.Helper()
	out, err := runTool(t, "objdump", "--dwarf", path)
	for _, a := range allowed {
		out = a.ReplaceAllString(out, "")
	}
	if err != nil || toolComplaint.MatchString(out) {
		t.Errorf("objdump --dwarf: %v\n%s", err, complaints(out))
	}
}
