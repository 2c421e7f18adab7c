package tooltest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// EnvInt returns the integer in the environment variable name, or def
// when it is unset; a value that is not an integer fails the test. The
// tests' sizes (how many corpus programs, how many edits) are set this
// way for long runs.
func EnvInt(t testing.TB, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, v, err)
	}
	return n
}

// WriteFile writes data to the file name in dir and returns its path, for
// a tool to read; an error fails the test.
func WriteFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// VerifyDWARF runs llvm-dwarfdump-22 --verify over the files at paths in
// one run and fails the test unless it finds no error in every one.
func VerifyDWARF(t testing.TB, paths ...string) {
	t.Helper()
	out, err := Run(t, "llvm-dwarfdump-22", append([]string{"--verify"}, paths...)...)
	if err != nil || strings.Count(out, "No errors.") != len(paths) {
		t.Errorf("llvm-dwarfdump-22 --verify: %v\n%s", err, Complaints(out))
	}
}

// Complaints returns the lines of a tool's output that report an error or
// a warning, or all of out when none does.
func Complaints(out string) string {
	var b strings.Builder
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "error") || strings.Contains(line, "warning") {
			b.WriteString(line + "\n")
		}
	}
	if b.Len() == 0 {
		return out
	}
	return b.String()
}

// GCCObject writes the C source src to name.c in dir, compiles it with
// gcc -c and flags to name.o there and returns the object's path; a
// failed compilation fails the test with gcc's output.
func GCCObject(t testing.TB, dir, name, src string, flags ...string) string {
	t.Helper()
	c := WriteFile(t, dir, name+".c", []byte(src))
	o := filepath.Join(dir, name+".o")
	args := append(append([]string{}, flags...), "-c", "-o", o, c)
	if out, err := Run(t, "gcc", args...); err != nil {
		t.Fatalf("gcc %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return o
}
