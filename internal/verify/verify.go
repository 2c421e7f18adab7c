// Package verify checks ELF files with DWARF debug information using tools
// nobody in this project wrote: llvm-dwarfdump, GNU readelf and objdump,
// elfutils' eu-readelf, pyelftools, Go's debug/dwarf and a relocatable
// relink with GNU ld. Each check reports precise findings: which check,
// which file, and the offending output lines.
//
// Tools that accept several files are run over batches of files; a batch
// whose output is clean clears every file in it, and a batch with any
// problem is re-run file by file so that every finding names its file.
package verify

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Severity says how serious a finding is.
type Severity uint8

// The severities.
const (
	// Error is a defect the tool reports as an error, or any sign the tool
	// could not read the file (a crash, a non-zero exit, an exception).
	Error Severity = iota
	// Warning is something the tool reports as a warning.
	Warning
	// Note is a limitation of the tool itself (e.g. pyelftools cannot
	// apply a relocation type); it says nothing about the file.
	Note
)

// String names the severity.
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Note:
		return "note"
	}
	return fmt.Sprintf("Severity(%d)", uint8(s))
}

// Finding is one problem a check found in one file.
type Finding struct {
	// Check is the name of the check ("llvm-dwarfdump", "readelf", ...).
	Check string
	// File is the file the finding is about ("" when the check could not
	// run at all, e.g. a missing tool).
	File     string
	Severity Severity
	// Msg is a one-line summary.
	Msg string
	// Lines are the offending lines of the tool's output, with context.
	Lines []string
}

// String formats the finding over several lines.
func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: %s: %s", f.File, f.Check, f.Severity, f.Msg)
	for _, l := range f.Lines {
		b.WriteString("\n    | ")
		b.WriteString(l)
	}
	return b.String()
}

// Check is one verification: a name, the external programs it needs, and
// a function that checks a batch of files.
type Check struct {
	// Name is the check's name, used in findings and Options.Checks.
	Name string
	// Tools are the names of the programs it needs (keys of Packages).
	Tools []string
	// Batch is how many files one run should get.
	Batch int
	// Run checks files and returns what it found.
	Run func(ctx context.Context, files []string) []Finding
}

// Checks lists every check in the order All runs them.
var Checks = []Check{
	{Name: "llvm-dwarfdump", Tools: []string{"llvm-dwarfdump"}, Batch: 60, Run: LLVMDwarfdump},
	{Name: "readelf", Tools: []string{"readelf"}, Batch: 60, Run: Readelf},
	{Name: "objdump", Tools: []string{"objdump"}, Batch: 60, Run: Objdump},
	{Name: "eu-readelf", Tools: []string{"eu-readelf"}, Batch: 60, Run: EuReadelf},
	{Name: "pyelftools", Tools: []string{"pyelftools"}, Batch: 150, Run: Pyelftools},
	{Name: "go-dwarf", Batch: 60, Run: GoDWARF},
	{Name: "ld-r", Tools: []string{"ld", "llvm-dwarfdump"}, Batch: 60, Run: Relink},
}

// Options configure All.
type Options struct {
	// Checks names the checks to run; empty means all of Checks.
	Checks []string
	// Parallel is the number of tool runs at a time; 0 means
	// runtime.NumCPU().
	Parallel int
}

// All runs every selected check over files and returns the findings
// sorted by file, then check. Independent runs go in parallel.
func All(ctx context.Context, files []string, opts Options) []Finding {
	var checks []Check
	for _, c := range Checks {
		if len(opts.Checks) == 0 || contains(opts.Checks, c.Name) {
			checks = append(checks, c)
		}
	}
	type job struct {
		check Check
		files []string
	}
	var jobs []job
	var findings []Finding
	for _, c := range checks {
		if missing := Missing(c.Tools...); len(missing) > 0 {
			for _, m := range missing {
				findings = append(findings, Finding{Check: c.Name, Severity: Error,
					Msg: fmt.Sprintf("tool %s is not installed (apt-get install %s)", m, Packages[m])})
			}
			continue
		}
		for i := 0; i < len(files); i += c.Batch {
			jobs = append(jobs, job{c, files[i:min(i+c.Batch, len(files))]})
		}
	}
	// Long-running checks first keeps both cores busy to the end.
	sort.SliceStable(jobs, func(i, j int) bool {
		return jobs[i].check.Name == "pyelftools" && jobs[j].check.Name != "pyelftools"
	})
	n := opts.Parallel
	if n <= 0 {
		n = runtime.NumCPU()
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan job)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				fs := j.check.Run(ctx, j.files)
				mu.Lock()
				findings = append(findings, fs...)
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	Sort(findings)
	return findings
}

// Sort orders findings by file, check and severity, keeping the order of
// a tool's own output otherwise.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Check != b.Check {
			return a.Check < b.Check
		}
		return a.Severity < b.Severity
	})
}

// Filter returns the findings at least as serious as worst (Error <
// Warning < Note).
func Filter(fs []Finding, worst Severity) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Severity <= worst {
			out = append(out, f)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
