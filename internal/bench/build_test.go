package bench

import (
	"fmt"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

var sizes = []int{100, 1000, 10000}

func opts() linkcore.Options {
	return linkcore.Options{Debug: dwarfcore.Options{Format: dwarfcore.DWARF32, Arch: target.X86_64}}
}

// BenchmarkBuild measures source text → ELF object bytes.
func BenchmarkBuild(b *testing.B) {
	for _, n := range sizes {
		src := corpus.Sized(n, 1)
		b.Run(fmt.Sprintf("decls=%d", n), func(b *testing.B) {
			res, err := linkcore.Build("sized.zig", src, opts())
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(res.ELF)), "out-bytes")
			b.SetBytes(int64(len(res.ELF)))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := linkcore.Build("sized.zig", src, opts()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCopy copies as many bytes as the build produces: the floor any
// emitter's throughput is compared against.
func BenchmarkCopy(b *testing.B) {
	for _, n := range sizes {
		res, err := linkcore.Build("sized.zig", corpus.Sized(n, 1), opts())
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("decls=%d", n), func(b *testing.B) {
			dst := make([]byte, len(res.ELF))
			b.SetBytes(int64(len(res.ELF)))
			for range b.N {
				copy(dst, res.ELF)
			}
		})
	}
}
