package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/compare"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// compareFiles compares the DWARF of two ELF files (package compare):
// exit 0 when equal, 1 when different, 2 on bad usage, an unreadable file
// or one that is not ELF, as cmp and diff do.
func compareFiles(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the comparison as JSON (docs/compare-json.md)")
	maxInput := fs.Int64("max-input", defaultMaxInput, "read at most this many bytes of each file")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dwarfscope compare [-json] A B\n\n"+
			"Compare the DWARF of two ELF files unit by unit, entry by entry, attribute by\n"+
			"attribute, values by meaning. Exit 0 when equal, 1 when different, 2 on error.\n\nOptions:\n")
		fs.PrintDefaults()
	}
	if code, ok := parseArgs(fs, args, 2); !ok {
		return code
	}
	var data [2]*dwarfread.Data
	for i, path := range fs.Args() {
		b, err := readLimited(path, *maxInput, "-max-input")
		if err != nil {
			fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
			return 2
		}
		if data[i], err = dwarfread.Read(b); err != nil {
			fmt.Fprintf(stderr, "%s: error: %v\n", path, err)
			return 2
		}
		for _, p := range data[i].Problems {
			fmt.Fprintf(stderr, "%s: warning: %s\n", path, p)
		}
		for _, u := range data[i].Units {
			if u.Err != nil {
				fmt.Fprintf(stderr, "%s: warning: %v (the unit's later entries are not compared)\n", path, u.Err)
			}
		}
	}
	res := compare.Files(data[0], data[1])
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		if err := enc.Encode(compareJSON{Left: fs.Arg(0), Right: fs.Arg(1), Result: res}); err != nil {
			fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
			return 2
		}
	} else {
		writeComparison(stdout, fs.Arg(0), fs.Arg(1), res)
	}
	if res.Equal() {
		return 0
	}
	return 1
}

// compareJSON is compare -json's output: the two files' names and the
// comparison.
type compareJSON struct {
	Left  string `json:"leftFile"`
	Right string `json:"rightFile"`
	*compare.Result
}

// statusMark is the mark a line of the text output starts with.
var statusMark = map[compare.Status]string{
	compare.StatusEqual:     " ",
	compare.StatusEncoding:  "~",
	compare.StatusChanged:   "!",
	compare.StatusOnlyLeft:  "-",
	compare.StatusOnlyRight: "+",
}

func rangeText(r compare.Range) string { return fmt.Sprintf("0x%x+%d", r.Off, r.Len) }

// writeComparison prints the comparison as a diff grouped by unit and
// entry: the entries that differ, with their attributes that differ,
// each side's bytes as offset+length in .debug_info.
func writeComparison(w io.Writer, a, b string, r *compare.Result) {
	fmt.Fprintf(w, "--- %s\n+++ %s\n", a, b)
	fmt.Fprintf(w, "marks: ~ same meaning, other encoding; ! changed; - only in %s; + only in %s\n", a, b)
	for _, u := range r.Units {
		side := func(s *compare.UnitSide) string {
			if s == nil {
				return "(none)"
			}
			return fmt.Sprintf("unit %d %s (%s %s)", s.Index, dwarfread.Quote(s.Name), s.Range.Section, rangeText(s.Range))
		}
		fmt.Fprintf(w, "\n%s %s | %s: %s\n", statusMark[u.Status], side(u.Left), side(u.Right), u.Status)
		for _, f := range u.Header {
			if f.Status != compare.StatusEqual {
				fmt.Fprintf(w, "%s   header %s: %s | %s\n", statusMark[f.Status], f.Name, f.Left, f.Right)
			}
		}
		for _, e := range u.Entries {
			if e.Status == compare.StatusEqual {
				continue
			}
			indent := strings.Repeat("  ", e.Depth+1)
			es := func(s *compare.EntrySide) string {
				if s == nil {
					return "—"
				}
				t := s.Tag
				if s.Name != "" {
					t += " " + dwarfread.Quote(s.Name)
				}
				return t + " @" + rangeText(s.Range)
			}
			switch {
			case e.Left == nil:
				fmt.Fprintf(w, "%s %s%s\n", statusMark[e.Status], indent, es(e.Right))
				continue
			case e.Right == nil:
				fmt.Fprintf(w, "%s %s%s\n", statusMark[e.Status], indent, es(e.Left))
				continue
			}
			fmt.Fprintf(w, "%s %s%s | %s\n", statusMark[e.Status], indent, es(e.Left), es(e.Right))
			for _, at := range e.Attrs {
				if at.Status == compare.StatusEqual {
					continue
				}
				as := func(s *compare.AttrSide) string {
					if s == nil {
						return "—"
					}
					return fmt.Sprintf("%s (%s @%s)", s.Value, s.Form, rangeText(s.Range))
				}
				fmt.Fprintf(w, "%s %s  %s: %s | %s\n", statusMark[at.Status], indent, at.Attr, as(at.Left), as(at.Right))
			}
		}
	}
	fmt.Fprintf(w, "\n%s\n", r.Summary())
}
