package verify

import (
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
)

// Packages maps each tool the checks use to the Debian package that
// provides it.
var Packages = map[string]string{
	"llvm-dwarfdump":       "llvm-14",
	"readelf":              "binutils",
	"objdump":              "binutils-multiarch", // objdump that knows every target
	"eu-readelf":           "elfutils",
	"pyelftools":           "python3-pyelftools", // a python3 that imports elftools
	"ld":                   "binutils",
	"gcc":                  "gcc",
	"aarch64-linux-gnu-ld": "binutils-aarch64-linux-gnu",
	"riscv64-linux-gnu-ld": "binutils-riscv64-linux-gnu",
	"s390x-linux-gnu-ld":   "binutils-s390x-linux-gnu",
	"chromium":             "chromium",
	"gdb":                  "gdb",
	"lldb-22":              "lldb-22",
}

var (
	toolOnce  sync.Map // tool name -> *toolState
	pythonsTo = []string{"/usr/bin/python3", "python3"}
)

type toolState struct {
	once sync.Once
	path string // "" when missing
}

// Path returns the executable to run for tool, or "" when it is missing.
// "pyelftools" resolves to a python3 that can import elftools, and
// "objdump" only counts when it supports every target (s390x, aarch64,
// riscv).
func Path(tool string) string {
	v, _ := toolOnce.LoadOrStore(tool, &toolState{})
	st := v.(*toolState)
	st.once.Do(func() { st.path = lookTool(tool) })
	return st.path
}

func lookTool(tool string) string {
	switch tool {
	case "pyelftools":
		for _, py := range pythonsTo {
			p, err := exec.LookPath(py)
			if err != nil {
				continue
			}
			if exec.Command(p, "-c", "import elftools.elf.elffile").Run() == nil {
				return p
			}
		}
		return ""
	case "objdump":
		p, err := exec.LookPath("objdump")
		if err != nil {
			return ""
		}
		out, err := exec.Command(p, "--help").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "elf64-s390") ||
			!strings.Contains(string(out), "elf64-littleriscv") || !strings.Contains(string(out), "elf64-littleaarch64") {
			return ""
		}
		return p
	}
	p, err := exec.LookPath(tool)
	if err != nil {
		return ""
	}
	return p
}

// Missing returns the tools that are not installed.
func Missing(tools ...string) []string {
	var out []string
	for _, t := range tools {
		if Path(t) == "" {
			out = append(out, t)
		}
	}
	return out
}

// Require skips the test (or, when the environment has CI=true, fails
// it) unless every tool is installed, naming the Debian package to
// install for each missing one.
func Require(t testing.TB, tools ...string) {
	t.Helper()
	missing := Missing(tools...)
	if len(missing) == 0 {
		return
	}
	var msgs []string
	for _, m := range missing {
		msgs = append(msgs, m+" (apt-get install "+Packages[m]+")")
	}
	msg := "MISSING VERIFICATION TOOLS: " + strings.Join(msgs, ", ")
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s", msg)
	}
	t.Skipf("!!! SKIPPED: %s — this test checks nothing without them", msg)
}

// AllTools lists every tool some check in Checks needs.
func AllTools() []string {
	var out []string
	for _, c := range Checks {
		for _, t := range c.Tools {
			if !contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}
