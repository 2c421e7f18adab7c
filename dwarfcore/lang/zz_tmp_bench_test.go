package lang

import (
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

func BenchmarkCompileSized(b *testing.B) {
	src := corpus.Sized(10000, 1)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile("sized.zig", src, nil); err != nil {
			b.Fatal(err)
		}
	}
}
