package verify

import (
	"context"
	"regexp"
	"strings"
)

// The DWARF sections the binutils checks dump: info, abbrev, the line
// program raw and decoded, aranges, range lists (.debug_rnglists), strings
// and location lists.
const binutilsDumps = "info,abbrev,rawline,decodedline,aranges,Ranges,str,loc"

// Readelf runs `readelf --debug-dump=... -W`; a warning or error it
// prints, a sign of corrupt data in its dump, or a non-zero exit status is
// a finding.
func Readelf(ctx context.Context, files []string) []Finding {
	return runBatched(ctx, batchTool{check: "readelf", prog: Path("readelf"),
		args: []string{"--debug-dump=" + binutilsDumps, "-W"}, problems: binutilsProblems, adjust: downgradeTLS}, files, nil)
}

// Objdump runs the multi-target `objdump --dwarf=...` (binutils-multiarch),
// judged like Readelf.
func Objdump(ctx context.Context, files []string) []Finding {
	return runBatched(ctx, batchTool{check: "objdump", prog: Path("objdump"),
		args: []string{"--dwarf=" + binutilsDumps}, problems: binutilsProblems, adjust: downgradeTLS}, files, nil)
}

var (
	// readelf: Warning: ..., objdump: x.o: warning: ..., readelf: Error: ...
	binutilsDiag = regexp.MustCompile(`^(\S*/)?(readelf|objdump)(: .*)?: ([Ww]arning|[Ee]rror)\b`)
	// a DIE attribute line: "    <2f>   DW_AT_name        : error"
	binutilsAttr = regexp.MustCompile(`^\s*<[0-9a-f]+>\s+DW_AT_\w+\s*:`)
	// a hex dump line of a string section: "  0x00000000 474e5520 ...  GNU C17"
	binutilsHex = regexp.MustCompile(`^\s+0x[0-9a-f]+ [0-9a-f]{2}`)
	// inline signs of bad data binutils put into a dump
	binutilsBad = regexp.MustCompile(`<corrupt|[Cc]orrupt |is too big|too small|out of range|[Cc]an't get contents|[Bb]adly formed|<no .debug_str section>|<unknown form|\(invalid|[Ii]nvalid |[Uu]nable to `)
	// words that make an ordinary (non-name) line suspect
	binutilsWords = regexp.MustCompile(`(?i)\b(warning|error)\b`)
)

// binutilsProblems finds diagnostic lines and inline signs of bad data,
// ignoring the words "error"/"warning" inside names and strings (a DIE
// may be called "anyerror").
func binutilsProblems(lines []string) []problem {
	var ps []problem
	for _, l := range lines {
		switch {
		case binutilsDiag.MatchString(l):
			ps = append(ps, binutilsDiagnostic(l))
		case binutilsHex.MatchString(l):
		case binutilsAttr.MatchString(l):
			if binutilsBad.MatchString(l) {
				ps = append(ps, problem{sev: Error, lines: []string{l}})
			}
		case binutilsBad.MatchString(l):
			ps = append(ps, problem{sev: Error, lines: []string{l}})
		case binutilsWords.MatchString(stripFileNames(l)):
			ps = append(ps, problem{sev: Error, lines: []string{l}})
		}
	}
	return ps
}

// stripFileNames drops what a line program's file and directory tables
// print after the numeric columns (a path may contain any word).
func stripFileNames(l string) string {
	if i := strings.LastIndex(l, "(line_strp)"); i >= 0 {
		return l[:i]
	}
	if i := strings.LastIndex(l, "(strp)"); i >= 0 {
		return l[:i]
	}
	return l
}
