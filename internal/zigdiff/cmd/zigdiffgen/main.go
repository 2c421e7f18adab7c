// Command zigdiffgen prints the zigdiff program of a seed.
package main

import (
	"flag"
	"fmt"

	"github.com/dwarfscope/dwarfscope/internal/zigdiff"
)

func main() {
	seed := flag.Uint64("seed", 1, "the program's seed")
	flag.Parse()
	fmt.Print(zigdiff.Generate(*seed).Src)
}
