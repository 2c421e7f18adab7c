package verify

import (
	"context"
	"regexp"
)

// EuReadelf runs elfutils' `eu-readelf -w` (every DWARF section); a
// diagnostic it prints, an "invalid" mark in its dump, or a non-zero exit
// status is a finding.
func EuReadelf(ctx context.Context, files []string) []Finding {
	return runBatched(ctx, batchTool{check: "eu-readelf", prog: Path("eu-readelf"),
		args: []string{"-w"}, problems: elfutilsProblems}, files, nil)
}

var (
	elfutilsDiag = regexp.MustCompile(`^(\S*/)?eu-readelf: `)
	// quoted strings in the dump: names, producer, paths
	elfutilsQuoted = regexp.MustCompile(`"[^"]*"`)
	elfutilsBad    = regexp.MustCompile(`(?i)\b(invalid|corrupt|error|warning)\b`)
)

func elfutilsProblems(lines []string) []problem {
	var ps []problem
	for _, l := range lines {
		if elfutilsDiag.MatchString(l) || elfutilsBad.MatchString(elfutilsQuoted.ReplaceAllString(l, `""`)) {
			ps = append(ps, problem{sev: Error, lines: []string{l}})
		}
	}
	return ps
}
