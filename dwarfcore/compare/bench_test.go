package compare

import (
	"fmt"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// BenchmarkFiles compares a generated program's DWARF32 build with its
// DWARF64 build (both read beforehand): every entry matched, every
// attribute an encoding difference.
//
//	go test ./dwarfcore/compare -run '^$' -bench Files -benchtime 5x
func BenchmarkFiles(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		src := corpus.Sized(n, 1)
		var data [2]*dwarfread.Data
		for i, format := range []string{"32", "64"} {
			o, err := buildopts.Parse(map[string]string{"format": format})
			if err != nil {
				b.Fatal(err)
			}
			res, err := linkcore.Build("sized.zig", src, o)
			if err != nil {
				b.Fatal(err)
			}
			if data[i], err = dwarfread.Read(res.ELF); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(fmt.Sprintf("decls=%d", n), func(b *testing.B) {
			r := Files(data[0], data[1])
			b.ReportMetric(float64(r.Entries[StatusEncoding]+r.Entries[StatusEqual]), "entries")
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				Files(data[0], data[1])
			}
		})
	}
}
