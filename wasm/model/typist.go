package model

import (
	"fmt"
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

// constEnds returns the offsets of the ';' of every line of the form
// `const cN: u64 = value;` (as internal/corpus.Sized writes them). A
// hand-written scan: package regexp would add about 100 KB (gzip) to the
// page's module.
func constEnds(src string) []int {
	var ends []int
	for off := 0; off < len(src); {
		line := src[off:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		if rest, ok := strings.CutPrefix(line, "const c"); ok {
			n := len(rest) - len(strings.TrimLeft(rest, "0123456789"))
			if value, ok := strings.CutPrefix(rest[n:], ": u64 = "); n > 0 && ok {
				if semi := strings.IndexByte(value, ';'); semi >= 0 {
					ends = append(ends, off+len(line)-len(value)+semi)
				}
			}
		}
		off += len(line) + 1
	}
	return ends
}

// NewTypist finds the constant to type into.
func NewTypist(src string) (*Typist, error) {
	ends := constEnds(src)
	if len(ends) == 0 {
		return nil, fmt.Errorf("no u64 constant to type into")
	}
	t := &Typist{Src: src, at: ends[len(ends)/2]}
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
