// Command sized prints a generated program with exactly N top-level
// declarations, the input of the build benchmarks and of
// scripts/bench-zig.sh.
//
//	go run ./internal/bench/cmd/sized -n 1000 -seed 1 > sized1000.zig
package main

import (
	"flag"
	"os"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

func main() {
	n := flag.Int("n", 100, "number of top-level declarations")
	seed := flag.Uint64("seed", 1, "generator seed")
	flag.Parse()
	os.Stdout.Write(corpus.Sized(*n, *seed))
}
