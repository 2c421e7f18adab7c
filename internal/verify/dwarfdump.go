package verify

import (
	"context"
	"strings"
)

// LLVMDwarfdump runs `llvm-dwarfdump --verify`. Its "error:" lines (with
// the DIE dump that follows them) are errors, its "warning:" lines are
// warnings, and a file without its "No errors." line is an error even
// when the exit status is 0 (as it is in LLVM 14 for most defects).
func LLVMDwarfdump(ctx context.Context, files []string) []Finding {
	return runBatched(ctx, dwarfdumpTool("llvm-dwarfdump"), files, nil)
}

func dwarfdumpTool(check string) batchTool {
	return batchTool{
		check:    check,
		prog:     Path("llvm-dwarfdump"),
		args:     []string{"--verify"},
		problems: dwarfdumpProblems,
		adjust:   downgradeLLVMTLS,
		complete: func(lines []string, nfiles int) bool {
			n := 0
			for _, l := range lines {
				if l == "No errors." {
					n++
				}
			}
			return n == nfiles
		},
	}
}

// dwarfdumpProblems finds "error:" and "warning:" lines; an error keeps
// the indented DIE dump after it as context.
func dwarfdumpProblems(lines []string) []problem {
	var ps []problem
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		var sev Severity
		switch {
		case strings.Contains(l, "error:"), l == "Errors detected.":
			sev = Error
		case strings.Contains(l, "warning:"):
			sev = Warning
		default:
			continue
		}
		if l == "Errors detected." {
			continue // the summary of errors already reported
		}
		p := problem{sev: sev, lines: []string{l}}
		if sev == Error {
			// context: following lines up to the next diagnostic or
			// "Verifying" line, blank lines skipped, at most 12
			for j := i + 1; j < len(lines) && len(p.lines) < 13; j++ {
				c := lines[j]
				if strings.Contains(c, "error:") || strings.Contains(c, "warning:") ||
					strings.HasPrefix(c, "Verifying") || c == "Errors detected." {
					break
				}
				if strings.TrimSpace(c) != "" {
					p.lines = append(p.lines, c)
				}
			}
		}
		ps = append(ps, p)
	}
	return ps
}
