package dwarfread

import (
	"io"
	"testing"
)

// goprogBench reads the corpus's Go program (the largest file: about
// 1.5 MB of debug sections once decompressed) and sets b's bytes to the
// debug sections' decompressed size, so MB/s is decode throughput.
func goprogBench(b *testing.B) []byte {
	data := corpusBytes(b, "goprog")
	d, err := Read(data)
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, s := range d.Sections {
		n += int64(len(s.Data))
	}
	b.SetBytes(n)
	b.ResetTimer()
	return data
}

// benchmarkRead reads the Go program b.N times and hands each reading
// to use, when use is not nil.
func benchmarkRead(b *testing.B, use func(d *Data)) {
	data := goprogBench(b)
	for range b.N {
		d, err := Read(data)
		if err != nil {
			b.Fatal(err)
		}
		if use != nil {
			use(d)
		}
	}
}

// BenchmarkReadAndMap reads the Go program and builds the byte map.
//
//	go test ./dwarfcore/dwarfread -run '^$' -bench ReadAndMap -benchtime 10x
func BenchmarkReadAndMap(b *testing.B) {
	benchmarkRead(b, func(d *Data) { d.Map() })
}

// BenchmarkRead reads the same file without building the byte map:
// decompression, relocation, every unit and DIE.
func BenchmarkRead(b *testing.B) {
	benchmarkRead(b, nil)
}

// BenchmarkReadAndStreamMapJSON reads the Go program and streams every
// section's map as JSON (what `dwarfscope inspect -json` does), so the
// allocations can be set beside BenchmarkReadAndMap's.
//
//	go test ./dwarfcore/dwarfread -run '^$' -bench StreamMapJSON -benchtime 3x -benchmem
func BenchmarkReadAndStreamMapJSON(b *testing.B) {
	benchmarkRead(b, func(d *Data) {
		for _, s := range d.Sections {
			if err := d.WriteSectionMapJSON(io.Discard, s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
