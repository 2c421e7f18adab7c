// Package tooltest runs the external tools the container tests check
// their output with (LLVM 22, lld 22, wabt, gcc). A missing tool fails the
// test, naming the Debian package scripts/test.sh installs. It also
// holds what those tests share around the tools: writing the files they
// read (files.go) and reading DWARF back with Go's debug/dwarf
// (debugdwarf.go).
package tooltest

import (
	"bytes"
	"os/exec"
	"testing"
)

// Packages maps each tool to the Debian package that provides it.
var Packages = map[string]string{
	"llvm-dwarfdump-22":  "llvm-22",
	"llvm-objdump-22":    "llvm-22",
	"llvm-otool-22":      "llvm-22",
	"llvm-readobj-22":    "llvm-22",
	"llvm-symbolizer-22": "llvm-22",
	"dsymutil-22":        "llvm-22",
	"ld64.lld-22":        "lld-22",
	"wasm-ld-22":         "lld-22",
	"lldb-22":            "lldb-22",
	"wasm-validate":      "wabt",
	"wasm-objdump":       "wabt",
	"gcc":                "gcc",
}

// Run runs a tool and returns its combined output.
func Run(t testing.TB, name string, args ...string) (string, error) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s is not installed (apt-get install %s; scripts/test.sh does)", name, Packages[name])
	}
	var out bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}
