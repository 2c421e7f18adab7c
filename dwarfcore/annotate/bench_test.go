package annotate

import (
	"fmt"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

// BenchmarkNew is what the explorer pays after every edit before it
// decodes anything: the emitter's Layout snapshot and New.
func BenchmarkNew(b *testing.B) {
	for _, n := range []int{200, 2000} {
		d, err := dwarfcore.New(dwarfcore.Options{Arch: target.X86_64, Lines: dwarfcore.LinesIncremental})
		if err != nil {
			b.Fatal(err)
		}
		o := update(b, d, "x.zig", corpus.Sized(n, 1))
		b.Run(fmt.Sprintf("decls=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := New(o, d.Layout()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
