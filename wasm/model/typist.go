package model

import (
	"fmt"
	"regexp"
	"strings"
)

// Typist types into a source the way the benchmarks do: digits into the
// value of the integer constant nearest the middle of the file (each
// keystroke changes that constant's DW_AT_const_value, so its entry is
// rewritten and now and then outgrows its slot), deleting them again
// after 12.
type Typist struct {
	Src   string
	at    int // index of the constant's ';'
	typed int
	step  int
}

var constLine = regexp.MustCompile(`(?m)^const c\d+: u64 = [^;\n]*;`)

// NewTypist finds the constant to type into.
func NewTypist(src string) (*Typist, error) {
	locs := constLine.FindAllStringIndex(src, -1)
	if len(locs) == 0 {
		return nil, fmt.Errorf("no u64 constant to type into")
	}
	l := locs[len(locs)/2]
	t := &Typist{Src: src, at: l[1] - 1}
	// Start from a plain small value so digits can be appended.
	eq := strings.LastIndex(src[:t.at], "= ")
	t.Src = src[:eq+2] + "1" + src[t.at:]
	t.at = eq + 3
	return t, nil
}

// At is the offset where the next digit goes.
func (t *Typist) At() int { return t.at }

// Key types (or deletes) one character and returns the new source.
func (t *Typist) Key() string {
	if t.step%24 < 12 {
		d := byte('0' + (t.step*7)%10)
		t.Src = t.Src[:t.at] + string(d) + t.Src[t.at:]
		t.at++
		t.typed++
	} else {
		t.Src = t.Src[:t.at-1] + t.Src[t.at:]
		t.at--
		t.typed--
	}
	t.step++
	return t.Src
}
