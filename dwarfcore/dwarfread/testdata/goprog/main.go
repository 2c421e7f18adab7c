// Command goprog is a small Go program whose DWARF the reader's tests
// decode.
package main

import "fmt"

type point struct {
	X, Y int32
	Tag  string
}

var points = []point{{1, 2, "a"}, {3, 4, "b"}}

func sum(ps []point) (total int64) {
	for _, p := range ps {
		total += int64(p.X) * int64(p.Y)
	}
	return total
}

func main() {
	fmt.Println(sum(points))
}
