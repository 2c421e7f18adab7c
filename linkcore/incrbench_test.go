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

// namedEdit is one edit: a short id (for benchmark names), what it does
// and the edited source.
type namedEdit struct{ id, name, src string }

// typicalEdits are one edit of each kind near the middle of a
// corpus.Sized program: a top-level constant's value, a blank line
// between two declarations (every later declaration moves), a new
// declaration between two others, a struct field's default value, and a
// statement added to a function body on an existing line.
func typicalEdits(src string) []namedEdit {
	mid := len(src) / 2
	mid += strings.Index(src[mid:], "\n") + 1
	// the start of the next top-level declaration line
	next := func(prefix string) int {
		at := strings.Index(src[mid:], "\n"+prefix)
		if at < 0 {
			return -1
		}
		return mid + at + 1
	}
	var edits []namedEdit
	if at := next("const c"); at >= 0 {
		eq := at + strings.Index(src[at:], " = ") + 3
		semi := at + strings.Index(src[at:], ";")
		edits = append(edits, namedEdit{"value", "change a constant's value", src[:eq] + "1" + src[semi:]})
	}
	if at := next("var v"); at >= 0 {
		edits = append(edits,
			namedEdit{"blank-line", "insert a blank line (later declarations move)", src[:at] + "\n" + src[at:]},
			namedEdit{"add-decl", "add a declaration", src[:at] + "const zz_added: u32 = 7;\n" + src[at:]})
	}
	if at := next("const S"); at >= 0 {
		eq := at + strings.Index(src[at:], " = ") + 3
		eq += strings.Index(src[eq:], " = ") + 3 // the first field's default
		end := eq + strings.IndexAny(src[eq:], ",\n")
		edits = append(edits, namedEdit{"struct-default", "change a struct field's default", src[:eq] + "0" + src[end:]})
	}
	if at := next("fn f"); at >= 0 {
		ret := at + strings.Index(src[at:], "return ")
		edits = append(edits, namedEdit{"fn-body", "add a statement to a function (same line)", src[:ret] + "_ = x +% 1; " + src[ret:]})
	}
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
// written at 100, 1,000 and 10,000 declarations for each kind of
// typicalEdits, against a fresh build of the same program in the same run
// (DWARFSCOPE_BENCH=1). The front end is included in both.
func TestIncrementalLatency(t *testing.T) {
	if os.Getenv("DWARFSCOPE_BENCH") == "" {
		t.Skip("set DWARFSCOPE_BENCH=1")
	}
	fmt.Printf("%-7s %-46s %10s %10s %10s %10s %10s %12s %s\n", "decls", "edit", "fresh_ms", "edit_p50", "edit_p99", "ratio_p50", "bytes_p50", "image_bytes", "path")
	for _, n := range []int{100, 1000, 10000} {
		src, _ := benchSource(t, n)
		srcBytes := []byte(src)
		var fresh []time.Duration
		for range 7 {
			t0 := time.Now()
			if _, err := Build("sized.zig", srcBytes, Options{}); err != nil {
				t.Fatal(err)
			}
			fresh = append(fresh, time.Since(t0))
		}
		slices.Sort(fresh)
		freshP50 := fresh[len(fresh)/2]
		for _, ed := range typicalEdits(src) {
			in, err := NewIncremental(Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := in.Update("sized.zig", []byte(src)); err != nil {
				t.Fatal(err)
			}
			var lat []time.Duration
			var written []uint64
			var size uint64
			before := in.Stats()
			runs := 101
			edited := []byte(ed.src)
			for i := range runs {
				// the edit, then back: each is one edit
				v := edited
				if i%2 == 1 {
					v = srcBytes
				}
				t0 := time.Now()
				st, err := in.Update("sized.zig", v)
				if err != nil {
					t.Fatalf("%s: %v", ed.name, err)
				}
				lat = append(lat, time.Since(t0))
				written = append(written, st.BytesWritten)
				size = st.ImageSize
			}
			after := in.Stats()
			slices.Sort(lat)
			slices.Sort(written)
			p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
			path := fmt.Sprintf("re-checked %d/%d, quick %d/%d", after.Front.Rechecked-before.Front.Rechecked, runs,
				after.Quick-before.Quick, runs)
			fmt.Printf("%-7d %-46s %10.2f %10.3f %10.3f %9.0fx %10d %12d %s\n", n, ed.name, ms(freshP50), ms(p50), ms(p99),
				float64(freshP50)/float64(p50), written[len(written)/2], size, path)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

// BenchmarkIncrementalEdit measures one edit of each kind of
// typicalEdits (the edit, then back) of an incremental build, front end
// included, at 100, 1,000 and 10,000 declarations; BenchmarkFreshBuild the
// fresh build of the same program.
func BenchmarkIncrementalEdit(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		src, _ := benchSource(b, n)
		orig := []byte(src)
		for _, ed := range typicalEdits(src) {
			edited := []byte(ed.src)
			b.Run(fmt.Sprintf("decls=%d/%s", n, ed.id), func(b *testing.B) {
				in, err := NewIncremental(Options{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := in.Update("sized.zig", orig); err != nil {
					b.Fatal(err)
				}
				var bytes uint64
				b.ResetTimer()
				for i := range b.N {
					v := edited
					if i%2 == 1 {
						v = orig
					}
					st, err := in.Update("sized.zig", v)
					if err != nil {
						b.Fatal(err)
					}
					bytes += st.BytesWritten
				}
				b.ReportMetric(float64(bytes)/float64(b.N), "bytes-written/op")
			})
		}
	}
}

func BenchmarkFreshBuild(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		src, _ := benchSource(b, n)
		srcBytes := []byte(src)
		b.Run(fmt.Sprintf("decls=%d", n), func(b *testing.B) {
			for range b.N {
				if _, err := Build("sized.zig", srcBytes, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func compileOnly(src string) (any, error) {
	return lang.Compile("sized.zig", []byte(src), target.X86_64)
}
