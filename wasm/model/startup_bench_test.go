package model

import (
	"testing"
)

// BenchmarkStartup is the page's work before its first map, natively:
// the default sample built from scratch and every view's HTML.
func BenchmarkStartup(b *testing.B) {
	var bytes int
	for i := 0; i < b.N; i++ {
		a := NewApp()
		if err := a.LoadSample(DefaultSample); err != nil {
			b.Fatal(err)
		}
		bytes = 0
		for _, p := range a.Patches() {
			bytes += len(p.HTML)
		}
	}
	b.ReportMetric(float64(bytes), "html-bytes")
}
