package model

import (
	"fmt"
	"testing"
)

// BenchmarkViews builds every view's HTML from scratch (no cache) for a
// program of n declarations with an entry selected: the map, inspector,
// hex view, explanation and every lower tab but Compare and Encodings
// (which build the program again). It is the rendering part of a
// keystroke that changes everything, and measures the HTML builder.
func BenchmarkViews(b *testing.B) {
	tabs := []string{"relocs", "abbrev", "lines", "strings", "elf", "log", "layout", "verify", "export"}
	for _, n := range []int{200, 2000} {
		b.Run(fmt.Sprintf("decls=%d", n), func(b *testing.B) {
			_, a := benchApp(b, n)
			a.Patches()
			for _, t := range tabs {
				a.Tab = t
				a.TabHTML()
			}
			var bytes int
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				clear(a.views)
				a.ResetPatches()
				bytes = 0
				for _, p := range a.Patches() {
					bytes += len(p.HTML)
				}
				for _, t := range tabs {
					a.Tab = t
					clear(a.views)
					bytes += len(a.TabHTML())
				}
			}
			b.ReportMetric(float64(bytes), "html-bytes")
		})
	}
}
