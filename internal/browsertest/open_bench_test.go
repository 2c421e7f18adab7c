package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/internal/verify"
)

// benchUnitC writes a C translation unit of n structures, globals and
// functions (each function with a loop, parameters and locals): about
// 450 KB of .debug_info for n = 2000 with gcc -g -O0.
func benchUnitC(n int) string {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "struct s%d { int a; long b; char c[%d]; double d; struct s%d *next; unsigned short e:3, f:5; };\n", i, i%7+1, i)
		fmt.Fprintf(&sb, "struct s%d g%d;\n", i, i)
		fmt.Fprintf(&sb, "long f%d(struct s%d *p, int x) { long t = p->a + x; for (int j = 0; j < x; j++) t += p->b * j; return t + p->e; }\n", i, i)
	}
	return sb.String()
}

// benchBinaries builds the benchmark's executables with gcc in dir: one
// unit compiled once with -g -O0, copied under prefixed symbol names
// (objcopy --prefix-symbols) and linked units times, plus padMB
// megabytes of initialised data, for each (name, units, padMB).
func benchBinaries(t *testing.T, dir string, specs []benchSpec) {
	t.Helper()
	run := func(name string, args ...string) {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "unit.c"), []byte(benchUnitC(2000)), 0o644); err != nil {
		t.Fatal(err)
	}
	run("gcc", "-g", "-O0", "-c", "unit.c", "-o", "unit.o")
	most := 0
	for _, s := range specs {
		most = max(most, s.units)
	}
	for k := range most {
		run("objcopy", fmt.Sprintf("--prefix-symbols=u%d_", k), "unit.o", fmt.Sprintf("u%d.o", k))
	}
	for _, s := range specs {
		main := fmt.Sprintf("static char pad[%d] = {1};\nint main(void) { return pad[0] - 1; }\n", max(s.padMB<<20, 1))
		if err := os.WriteFile(filepath.Join(dir, s.name+"-main.c"), []byte(main), 0o644); err != nil {
			t.Fatal(err)
		}
		args := []string{"-g", "-O0", "-o", s.name, s.name + "-main.c"}
		for k := range s.units {
			args = append(args, fmt.Sprintf("u%d.o", k))
		}
		run("gcc", args...)
	}
}

type benchSpec struct {
	name         string
	units, padMB int
}

// TestBenchOpen measures opening ELF files in the page, in headless
// Chromium: gcc -g executables of about 10 MB (10 units, 6 MB of debug
// sections) and 100 MB (the same units and 90 MB of data), built at
// benchmark time. For each: dwarfread.Read natively, in the page
// (WebAssembly) and llvm-dwarfdump-22 --debug-info on the same file, in the
// same run (MB/s of debug sections, decompressed); in the page, the time
// from choosing the file to the first map drawn, its parts (FileReader,
// dwarfread.ReadLazy, the first unit's map, the render), and a click on
// another unit after it (its DIEs read and mapped, and drawn).
//
//	scripts/bench-open.sh
func TestBenchOpen(t *testing.T) {
	if !*benchBrowser {
		t.Skip("run with -bench-browser")
	}
	verify.Require(t, "gcc", "objcopy", "llvm-dwarfdump-22", "chromium")
	dir := t.TempDir()
	specs := []benchSpec{{"bin10mb", 10, 0}, {"bin100mb", 10, 90}}
	t0 := time.Now()
	benchBinaries(t, dir, specs)
	fmt.Printf("built the files with gcc in %v\n", time.Since(t0).Round(time.Millisecond))
	const runs = 3
	for _, s := range specs {
		path := filepath.Join(dir, s.name)
		data, d := readELF(t, path)
		debug := 0
		for _, sec := range d.Sections {
			debug += len(sec.Data)
		}
		mb := float64(debug) / 1e6
		fmt.Printf("%s: %d bytes, %d debug bytes in %d sections, %d units\n", s.name, len(data), debug, len(d.Sections), len(d.Units))
		var native, dump, total, read, firstMap, render, click, longest, full []float64
		for range runs {
			t0 := time.Now()
			if _, err := dwarfread.Read(data); err != nil {
				t.Fatal(err)
			}
			native = append(native, ms(time.Since(t0)))
			t0 = time.Now()
			cmd := exec.Command("llvm-dwarfdump-22", "--debug-info", path)
			cmd.Stdout = nil // to /dev/null: the decoding and printing, not a pipe's reader
			if err := cmd.Run(); err != nil {
				t.Fatal(err)
			}
			dump = append(dump, ms(time.Since(t0)))
		}
		// A fresh page per file (each browser context lives 3 minutes).
		ctx, cancel := openPage(t, chromedp.EmulateViewport(1600, 1000))
		for range runs {

			opens := eval[int](t, ctx, `window.dsRender.opens || 0`)
			if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("open-file"), []string{path})); err != nil {
				t.Fatal(err)
			}
			waitLong(t, ctx, fmt.Sprintf(`(window.dsRender.opens || 0) > %d`, opens), 3*time.Minute)
			if e := eval[string](t, ctx, `window.dsRender.open.error`); e != "" {
				t.Fatalf("%s: %s", s.name, e)
			}
			o := eval[map[string]float64](t, ctx, `(() => { const o = window.dsRender.open; return {total: o.totalMs, read: o.readMs, map: o.mapMs, render: o.renderMs}; })()`)
			total, read, firstMap, render = append(total, o["total"]), append(read, o["read"]), append(firstMap, o["map"]), append(render, o["render"])
			// A click on the last unit: it is mapped then (in slices,
			// the page taking input between them), and drawn.
			c := eval[mapCost](t, ctx, mapLastUnitJS+`("", "")`)
			click, longest = append(click, c.MS), append(longest, c.Longest)
			full = append(full, eval[float64](t, ctx, `window.dsBenchRead()`))
		}
		screenshot(t, ctx, "bench-open-"+s.name)
		cancel()
		fmt.Printf("  native dwarfread.Read: p50 %.0f ms = %.1f MB/s of debug sections\n", pct(native, 50), mb/(pct(native, 50)/1000))
		fmt.Printf("  llvm-dwarfdump-22 --debug-info > /dev/null: p50 %.0f ms = %.1f MB/s\n", pct(dump, 50), mb/(pct(dump, 50)/1000))
		fmt.Printf("  in the page: dwarfread.Read (WebAssembly, every unit and DIE) p50 %.0f ms = %.1f MB/s\n", pct(full, 50), mb/(pct(full, 50)/1000))
		fmt.Printf("  in the page: dwarfread.ReadLazy (headers; DIEs when a unit is shown) p50 %.0f ms\n", pct(read, 50))
		fmt.Printf("  in the page: file chosen → first map drawn p50 %.0f ms (max %.0f; of it the first unit's map %.0f ms, the render %.0f ms)\n",
			pct(total, 50), pct(total, 100), pct(firstMap, 50), pct(render, 50))
		fmt.Printf("  in the page: click on another unit → mapped and drawn p50 %.0f ms (max %.0f); longest main-thread task meanwhile p50 %.0f ms (max %.0f)\n",
			pct(click, 50), pct(click, 100), pct(longest, 50), pct(longest, 100))
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// waitLong waits until js is true, polling in the page, for up to limit.
func waitLong(t *testing.T, ctx context.Context, js string, limit time.Duration) {
	t.Helper()
	poll := fmt.Sprintf(`new Promise(res => { const t0 = performance.now();
		const poll = () => (%s) ? res(true) : performance.now() - t0 > %d ? res(false) : setTimeout(poll, 50); poll(); })`, js, limit.Milliseconds())
	if !eval[bool](t, ctx, poll) {
		t.Fatalf("timed out waiting for %s", js)
	}
}
