package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// output is what one run of a tool printed (stdout and stderr together)
// and how it ended.
type output struct {
	lines []string
	// exit is the exit status; -1 when the tool could not be started or
	// was killed by a signal.
	exit int
	err  error
}

// run runs the program with args and collects its output.
func run(ctx context.Context, prog string, args ...string) output {
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	var buf bytes.Buffer
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	err := cmd.Run()
	out := output{lines: strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr) && exitErr.ExitCode() >= 0:
		out.exit = exitErr.ExitCode()
	default:
		out.exit, out.err = -1, err
	}
	return out
}

// problem is one offending piece of a tool's output.
type problem struct {
	sev   Severity
	lines []string
}

// batchTool describes a tool that accepts several files per run.
type batchTool struct {
	check string
	prog  string // from Path
	args  []string
	// problems returns the offending output of one run over nfiles files.
	problems func(lines []string) []problem
	// complete reports whether a run's output shows every file was fully
	// processed (e.g. llvm-dwarfdump's "No errors." per file); nil means
	// no such marker.
	complete func(lines []string, nfiles int) bool
	// adjust, when set, may change the severity of a problem found in
	// file (a known limitation of the tool becomes a Note).
	adjust func(file string, p problem) problem
}

// maxPerFile caps the findings one check reports for one file.
const maxPerFile = 20

// runBatched runs t over files at once; if anything is wrong it runs t
// on each file alone so findings name their file. names maps the path
// given to the tool to the path reported (nil: the same).
func runBatched(ctx context.Context, t batchTool, files []string, names map[string]string) []Finding {
	if len(files) == 0 {
		return nil
	}
	out := run(ctx, t.prog, append(append([]string{}, t.args...), files...)...)
	if t.clean(out, len(files)) {
		return nil
	}
	if len(files) == 1 && t.adjust == nil {
		return t.findings(files[0], out, names)
	}
	var fs []Finding
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		o := run(ctx, t.prog, append(append([]string{}, t.args...), f)...)
		if !t.clean(o, 1) {
			fs = append(fs, t.findings(f, o, names)...)
		}
	}
	return fs
}

func (t batchTool) clean(out output, nfiles int) bool {
	if out.exit != 0 || out.err != nil || len(t.problems(out.lines)) > 0 {
		return false
	}
	return t.complete == nil || t.complete(out.lines, nfiles)
}

// findings turns one file's run into findings.
func (t batchTool) findings(file string, out output, names map[string]string) []Finding {
	if n, ok := names[file]; ok {
		file = n
	}
	var fs []Finding
	seen := map[string]bool{}
	for _, p := range t.problems(out.lines) {
		if t.adjust != nil {
			p = t.adjust(file, p)
		}
		key := strings.Join(p.lines, "\n")
		if seen[key] {
			continue // binutils repeat warnings
		}
		seen[key] = true
		if len(fs) == maxPerFile {
			fs = append(fs, Finding{Check: t.check, File: file, Severity: p.sev, Msg: "more findings left out"})
			break
		}
		fs = append(fs, Finding{Check: t.check, File: file, Severity: p.sev, Msg: p.lines[0], Lines: p.lines})
	}
	if out.err != nil {
		fs = append(fs, Finding{Check: t.check, File: file, Severity: Error,
			Msg: fmt.Sprintf("%s did not run: %v", t.prog, out.err), Lines: tail(out.lines, 20)})
	} else if out.exit != 0 {
		f := Finding{Check: t.check, File: file, Severity: Error,
			Msg: fmt.Sprintf("%s exited with status %d", t.prog, out.exit)}
		if len(fs) == 0 {
			f.Lines = tail(out.lines, 20) // nothing else explains it
		}
		fs = append(fs, f)
	} else if len(Filter(fs, Warning)) == 0 && t.complete != nil && !t.complete(out.lines, 1) {
		fs = append(fs, Finding{Check: t.check, File: file, Severity: Error,
			Msg: "output does not show the file was fully checked", Lines: tail(out.lines, 20)})
	}
	return fs
}

func tail(lines []string, n int) []string {
	if len(lines) > n {
		return lines[len(lines)-n:]
	}
	return lines
}
