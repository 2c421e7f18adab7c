package linkcore

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

// benchSource returns an n-declaration program: corpus.Sized(n, 1) when
// it builds, else (say so) an edit-generator program of n declarations.
func benchSource(tb testing.TB, n int) (string, string) {
	src := corpus.Sized(n, 1)
	if _, err := Build("sized.zig", src, Options{}); err == nil {
		return string(src), "corpus.Sized"
	} else {
		tb.Logf("corpus.Sized(%d) does not build (%v); using the edit generator's program", n, err)
	}
	return string(newEditProgram(1, n).source()), "editProgram"
}

type namedEdit struct{ name, src string }

// typicalEdits are edits near the middle of a program.
func typicalEdits(src string) []namedEdit {
	mid := len(src) / 2
	mid += strings.Index(src[mid:], "\n") + 1
	var edits []namedEdit
	for _, pat := range []string{": u64 = ", ": u32 = "} {
		at := strings.Index(src[mid:], pat)
		if at < 0 {
			continue
		}
		at += mid + len(pat)
		semi := at + strings.Index(src[at:], ";")
		edits = append(edits, namedEdit{"change a value", src[:at] + "1" + src[semi:]})
		break
	}
	edits = append(edits,
		namedEdit{"insert a line (moves later decls)", src[:mid] + "\n" + src[mid:]},
		namedEdit{"add a declaration", src[:mid] + "const zz_added: u32 = 7;\n" + src[mid:]})
	return edits
}

// TestBytesPerEditAt10000 reports, for a 10,000-declaration program,
// the bytes typical edits write against the image size.
func TestBytesPerEditAt10000(t *testing.T) {
	if testing.Short() {
		t.Skip("large program")
	}
	src, kind := benchSource(t, 10000)
	in, err := NewIncremental(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Update("sized.zig", []byte(src)); err != nil {
		t.Fatal(err)
	}
	for _, ed := range typicalEdits(src) {
		st, err := in.Update("sized.zig", []byte(ed.src))
		if err != nil {
			t.Fatalf("%s: %v", ed.name, err)
		}
		t.Logf("%s, %-34s wrote %7d of %8d bytes (%.4f%%): .debug_info %d; declarations %+v",
			kind, ed.name, st.BytesWritten, st.ImageSize, 100*float64(st.BytesWritten)/float64(st.ImageSize),
			st.Debug.Stats.SectionBytes[dwarfcore.DebugInfo], st.Debug.Diff)
		if ed.name == "change a value" && st.BytesWritten > st.ImageSize/100 {
			t.Errorf("%s wrote %d of %d bytes", ed.name, st.BytesWritten, st.ImageSize)
		}
		if _, err := in.Update("sized.zig", []byte(src)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestIncrementalLatency prints per-edit latency (p50, p99) and bytes
// written at 100, 1,000 and 10,000 declarations against a fresh build of
// the same program in the same run (DWARFSCOPE_BENCH=1; the front end,
// lang.Compile on the whole new source, is included in both).
func TestIncrementalLatency(t *testing.T) {
	if os.Getenv("DWARFSCOPE_BENCH") == "" {
		t.Skip("set DWARFSCOPE_BENCH=1")
	}
	fmt.Printf("%-7s %-13s %10s %10s %10s %10s %10s %12s %10s\n", "decls", "program", "fresh_ms", "edit_p50", "edit_p99", "ratio_p50", "bytes_p50", "image_bytes", "front_ms")
	for _, n := range []int{100, 1000, 10000} {
		src, kind := benchSource(t, n)
		var fresh []time.Duration
		for range 5 {
			t0 := time.Now()
			if _, err := Build("sized.zig", []byte(src), Options{}); err != nil {
				t.Fatal(err)
			}
			fresh = append(fresh, time.Since(t0))
		}
		var front []time.Duration
		for range 5 {
			t0 := time.Now()
			if _, err := compileOnly(src); err != nil {
				t.Fatal(err)
			}
			front = append(front, time.Since(t0))
		}
		in, err := NewIncremental(Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := in.Update("sized.zig", []byte(src)); err != nil {
			t.Fatal(err)
		}
		edits := typicalEdits(src)
		var lat []time.Duration
		var written []uint64
		var size uint64
		runs := 60
		if n == 10000 {
			runs = 30
		}
		for i := range runs {
			v := edits[i%len(edits)].src
			if i%2 == 1 {
				v = src
			}
			t0 := time.Now()
			st, err := in.Update("sized.zig", []byte(v))
			if err != nil {
				t.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
			written = append(written, st.BytesWritten)
			size = st.ImageSize
		}
		slices.Sort(fresh)
		slices.Sort(lat)
		slices.Sort(written)
		slices.Sort(front)
		p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
		fmt.Printf("%-7d %-13s %10.2f %10.2f %10.2f %9.1fx %10d %12d %10.2f\n", n, kind, ms(fresh[len(fresh)/2]), ms(p50), ms(p99),
			float64(fresh[len(fresh)/2])/float64(p50), written[len(written)/2], size, ms(front[len(front)/2]))
	}
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

// BenchmarkIncrementalEdit measures one edit (a changed value, then back)
// of an incremental build, front end included, at 100, 1,000 and 10,000
// declarations; BenchmarkFreshBuild the fresh build of the same program.
func BenchmarkIncrementalEdit(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		src, _ := benchSource(b, n)
		edited := typicalEdits(src)[0].src
		b.Run(fmt.Sprintf("decls=%d", n), func(b *testing.B) {
			in, err := NewIncremental(Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := in.Update("sized.zig", []byte(src)); err != nil {
				b.Fatal(err)
			}
			var bytes uint64
			b.ResetTimer()
			for i := range b.N {
				v := edited
				if i%2 == 1 {
					v = src
				}
				st, err := in.Update("sized.zig", []byte(v))
				if err != nil {
					b.Fatal(err)
				}
				bytes += st.BytesWritten
			}
			b.ReportMetric(float64(bytes)/float64(b.N), "bytes-written/op")
		})
	}
}

func BenchmarkFreshBuild(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		src, _ := benchSource(b, n)
		b.Run(fmt.Sprintf("decls=%d", n), func(b *testing.B) {
			for range b.N {
				if _, err := Build("sized.zig", []byte(src), Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func compileOnly(src string) (any, error) {
	return lang.Compile("sized.zig", []byte(src), target.X86_64)
}
