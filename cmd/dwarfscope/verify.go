package main

import (
	"flag"
	"fmt"
	"io"
)

// verify runs dwarfread's checks (those llvm-dwarfdump --verify runs that
// the reader can make) on any ELF file: exit 0 when clean, 1 with each
// finding and its offset when not, 2 on bad usage or I/O failure.
func verify(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dwarfscope verify FILE\n\nCheck FILE's DWARF: unit header chain, abbreviation codes, references,\naddress ranges, string and section offsets, line table file indexes and\nsequences, location expressions, DW_AT_type targets. Exit 0 when clean,\n1 with every finding and its offset.\n")
	}
	path, d, code, ok := readELFArg(fs, args, stderr)
	if !ok {
		return code
	}
	findings := d.Verify()
	for _, f := range findings {
		fmt.Fprintf(stdout, "%s: %s\n", path, f)
	}
	if len(findings) > 0 {
		fmt.Fprintf(stdout, "%s: %d findings\n", path, len(findings))
		return 1
	}
	fmt.Fprintf(stdout, "%s: no errors\n", path)
	return 0
}
