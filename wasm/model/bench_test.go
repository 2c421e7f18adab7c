package model

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

// BenchmarkKeystroke is one keystroke in the page, natively: the edit
// (compile, incremental emit with its annotated map, ELF image patch) and
// the DOM patches the page applies after it (only views whose data
// changed are rebuilt). It is the native proxy of the browser's
// keystroke-to-updated-views time; "comment" types into a comment at
// the end (no DWARF byte changes), "comment-top" into the comment on the
// first line, "const" into a constant's value.
func BenchmarkKeystroke(b *testing.B) {
	for _, n := range []int{200, 2000} {
		for _, kind := range []string{"const", "comment", "comment-top"} {
			b.Run(fmt.Sprintf("decls=%d/%s", n, kind), func(b *testing.B) {
				ty, a := benchApp(b, n)
				a.Patches()
				comment := ty.Src + "\n//"
				top, rest := "", ty.Src
				if i := strings.IndexByte(rest, '\n'); i >= 0 {
					top, rest = rest[:i], rest[i:]
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					src := ""
					switch kind {
					case "const":
						src = ty.Key()
					case "comment-top":
						top += "x"
						src = top + rest
					default:
						comment += "x"
						src = comment
					}
					a.Edit(src)
					if a.S.Good == nil || len(a.S.Errors) > 0 {
						b.Fatal(a.S.Errors)
					}
					a.Patches()
				}
			})
		}
	}
}

// benchApp loads a corpus program of n declarations into a new App, with
// the gen_entry function selected, as the keystroke benchmarks start.
func benchApp(b *testing.B, n int) (*Typist, *App) {
	b.Helper()
	ty, err := NewTypist(string(corpus.Sized(n, 1)))
	if err != nil {
		b.Fatal(err)
	}
	a := NewApp()
	if err := a.Load("bench.zig", ty.Src, DefaultOptions()); err != nil {
		b.Fatal(err)
	}
	a.SelectEntry("gen_entry")
	return ty, a
}
