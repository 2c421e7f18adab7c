package verify

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

//go:embed pyelftools.py
var pyelftoolsScript []byte

var (
	scriptOnce sync.Once
	scriptPath string
	scriptErr  error
)

// writeScript puts the embedded script in a temporary file once per
// process.
func writeScript() (string, error) {
	scriptOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dwarfscope-verify-")
		if err != nil {
			scriptErr = err
			return
		}
		scriptPath = filepath.Join(dir, "pyelftools_check.py")
		scriptErr = os.WriteFile(scriptPath, pyelftoolsScript, 0o644)
	})
	return scriptPath, scriptErr
}

type pyResult struct {
	File     string   `json:"file"`
	OK       bool     `json:"ok"`
	Severity string   `json:"severity"`
	Msg      string   `json:"msg"`
	Lines    []string `json:"lines"`
}

// Pyelftools reads each file with pyelftools (python3-pyelftools): every
// unit, every DIE, every reference (DW_FORM_ref_addr through
// get_DIE_from_refaddr), each line program, aranges, range and location
// lists. An exception is an error. When pyelftools cannot apply a
// relocation type (it knows few), the file is read unrelocated and a Note
// says so.
func Pyelftools(ctx context.Context, files []string) []Finding {
	if len(files) == 0 {
		return nil
	}
	script, err := writeScript()
	if err != nil {
		return []Finding{{Check: "pyelftools", Severity: Error, Msg: "cannot write script: " + err.Error()}}
	}
	out := run(ctx, Path("pyelftools"), append([]string{script}, files...)...)
	var fs []Finding
	done := map[string]bool{}
	var stray []string
	for _, l := range out.lines {
		var r pyResult
		if !strings.HasPrefix(l, "{") || json.Unmarshal([]byte(l), &r) != nil {
			if strings.TrimSpace(l) != "" {
				stray = append(stray, l)
			}
			continue
		}
		if r.OK {
			done[r.File] = true
			continue
		}
		sev := Error
		if r.Severity == "note" {
			sev = Note
		} else {
			done[r.File] = true
		}
		fs = append(fs, Finding{Check: "pyelftools", File: r.File, Severity: sev, Msg: r.Msg, Lines: r.Lines})
	}
	for _, f := range files {
		if !done[f] && len(files) > 1 {
			// the run died before this file: give it a run of its own
			fs = append(fs, Pyelftools(ctx, []string{f})...)
		} else if !done[f] {
			fs = append(fs, Finding{Check: "pyelftools", File: f, Severity: Error,
				Msg: fmt.Sprintf("script did not finish the file (exit status %d, %v)", out.exit, out.err), Lines: tail(stray, 20)})
		}
	}
	return fs
}
