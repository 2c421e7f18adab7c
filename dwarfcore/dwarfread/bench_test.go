package dwarfread

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// bigGCCUnit compiles with gcc -g -O0 a C unit of n structures, globals
// and functions (each function with a loop, parameters and locals; about
// 450 KB of .debug_info for n = 2000, the unit scripts/bench-open.sh
// links into its big files) and returns the object.
func bigGCCUnit(b *testing.B, n int) []byte {
	b.Helper()
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "struct s%d { int a; long b; char c[%d]; double d; struct s%d *next; unsigned short e:3, f:5; };\n", i, i%7+1, i)
		fmt.Fprintf(&sb, "struct s%d g%d;\n", i, i)
		fmt.Fprintf(&sb, "long f%d(struct s%d *p, int x) { long t = p->a + x; for (int j = 0; j < x; j++) t += p->b * j; return t + p->e; }\n", i, i)
	}
	dir := b.TempDir()
	src, obj := filepath.Join(dir, "unit.c"), filepath.Join(dir, "unit.o")
	if err := os.WriteFile(src, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command("gcc", "-g", "-O0", "-c", src, "-o", obj).CombinedOutput(); err != nil {
		b.Fatalf("gcc: %v\n%s", err, out)
	}
	return mustReadFile(b, obj)
}

// BenchmarkUnitMap reads a big gcc unit lazily and maps it, as the page
// does when the unit's bar is first clicked: its DIEs read (LoadDIEs)
// and its map built (UnitMap). b's bytes are the unit's.
//
//	go test ./dwarfcore/dwarfread -run '^$' -bench UnitMap -benchtime 5x -benchmem
func BenchmarkUnitMap(b *testing.B) {
	data := bigGCCUnit(b, 2000)
	d, err := ReadLazy(data)
	if err != nil {
		b.Fatal(err)
	}
	u := d.Units[0]
	b.SetBytes(int64(u.End - u.Off))
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		d, _ := ReadLazy(data)
		b.StartTimer()
		if d.UnitMap(0) == nil {
			b.Fatal("no map")
		}
	}
}
