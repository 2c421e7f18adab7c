package verify

import (
	"context"
	"fmt"
	"regexp"
	"strings"
)

// ReadelfHeaders runs `readelf -a -W`: the file header, the section and
// program headers, the symbol table, the relocation sections and the
// notes. Any warning or error readelf prints, or a non-zero exit status,
// is a finding (a DTP-relative relocation it cannot apply is a Note, as
// in Readelf). The debug dumps are Readelf's.
func ReadelfHeaders(ctx context.Context, files []string) []Finding {
	return runBatched(ctx, batchTool{check: "readelf-headers", prog: Path("readelf"),
		args: []string{"-a", "-W"}, problems: binutilsDiagnostics, adjust: downgradeTLS}, files, nil)
}

// binutilsDiagnostics finds the lines in which readelf or objdump warns
// or reports an error, and the "<corrupt>" it prints for a name it cannot
// read (the rest of the listing, such as symbol names, is not judged).
func binutilsDiagnostics(lines []string) []problem {
	var ps []problem
	for _, l := range lines {
		if binutilsDiag.MatchString(l) || strings.Contains(l, "<corrupt") {
			ps = append(ps, binutilsDiagnostic(l))
		}
	}
	return ps
}

// binutilsDiagnostic is the problem of a line binutilsDiag matches (or
// one with an inline sign of bad data): a warning when the tool calls it
// one, an error otherwise.
func binutilsDiagnostic(l string) problem {
	sev := Error
	if strings.Contains(strings.ToLower(l), "warning") {
		sev = Warning
	}
	return problem{sev: sev, lines: []string{l}}
}

var (
	// objdumpLabel is a function's first line in `objdump -d`:
	// "0000000000000000 <main>:".
	objdumpLabel = regexp.MustCompile(`^[0-9a-f]+ <([^>]+)>:$`)
	// objdumpUndecoded marks an instruction objdump could not decode.
	objdumpUndecoded = regexp.MustCompile(`\(bad\)|\.inst\b|\bunknown\b`)
)

// Disassemble runs the multi-target `objdump -d` over file and returns
// the functions it disassembled (by label, in file order); every
// instruction it could not decode, warning it printed or a non-zero exit
// status is a finding.
func Disassemble(ctx context.Context, file string) ([]string, []Finding) {
	prog := Path("objdump")
	if prog == "" {
		return nil, []Finding{{Check: "objdump-d", File: file, Severity: Error,
			Msg: fmt.Sprintf("tool objdump is not installed (apt-get install %s)", Packages["objdump"])}}
	}
	out := run(ctx, prog, "-d", file)
	var funcs []string
	var fs []Finding
	for _, l := range out.lines {
		if m := objdumpLabel.FindStringSubmatch(l); m != nil {
			funcs = append(funcs, m[1])
			continue
		}
		if objdumpUndecoded.MatchString(l) || binutilsDiag.MatchString(l) {
			fs = append(fs, Finding{Check: "objdump-d", File: file, Severity: Error, Msg: l, Lines: []string{l}})
		}
	}
	if out.err != nil || out.exit != 0 {
		fs = append(fs, Finding{Check: "objdump-d", File: file, Severity: Error,
			Msg: fmt.Sprintf("%s -d exited with status %d: %v", prog, out.exit, out.err), Lines: tail(out.lines, 20)})
	}
	return funcs, fs
}
