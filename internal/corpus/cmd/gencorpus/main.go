// Command gencorpus writes generated corpus programs to a directory:
//
//	go run ./internal/corpus/cmd/gencorpus -n 200 -o DIR [-seed 1] [-sized 10,1000]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

func main() {
	n := flag.Int("n", 200, "number of programs")
	out := flag.String("o", "", "output directory (created)")
	seed := flag.Uint64("seed", corpus.DefaultSeed, "seed of the first program")
	sized := flag.String("sized", "", "also write sized_N.zig benchmark programs for these comma-separated N")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gencorpus: -o DIR is required")
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	for _, f := range strings.Split(*sized, ",") {
		if f == "" {
			continue
		}
		decls, err := strconv.Atoi(f)
		if err != nil || decls < 1 {
			fmt.Fprintf(os.Stderr, "gencorpus: bad -sized entry %q\n", f)
			os.Exit(2)
		}
		name := filepath.Join(*out, fmt.Sprintf("sized_%d.zig", decls))
		if err := os.WriteFile(name, corpus.Sized(decls, *seed), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(1)
		}
	}
	for _, c := range corpus.Corpus(*n, *seed) {
		if err := os.WriteFile(filepath.Join(*out, c.Name), c.Src, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(1)
		}
	}
}
