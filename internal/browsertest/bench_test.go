package browsertest

import (
	"flag"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/internal/page"
	"github.com/dwarfscope/dwarfscope/wasm/model"
)

var benchBrowser = flag.Bool("bench-browser", false, "run the browser benchmarks (scripts/bench-browser.sh)")

// TestBenchBrowser measures, in headless Chromium: the WASM size, the time
// to the first interactive map, and keystroke-to-updated-views at 200 and
// 2,000 declarations; and the same edit natively.
func TestBenchBrowser(t *testing.T) {
	if !*benchBrowser {
		t.Skip("run with -bench-browser")
	}
	url := startServer(t)
	raw, gz := page.Sizes(pageH)
	fmt.Printf("wasm: %d bytes raw, %d bytes gzip\n", raw, gz)
	ctx, cancel := newBrowser(t)
	defer cancel()
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `window.dsRender && window.dsRender.ready && document.querySelectorAll("#map rect.seg").length > 0`)
	fmt.Printf("first interactive map: %.0f ms after navigation start (wall %v)\n", eval[float64](t, ctx, `window.dsRender.firstMs`), time.Since(start).Round(time.Millisecond))
	for _, n := range []int{200, 2000} {
		src := string(corpus.Sized(n, 1))
		st := model.State{Name: "bench.zig", Source: src, Opts: model.DefaultOptions()}
		if err := chromedp.Do(ctx, chromedp.Navigate(url+"#s="+model.EncodeState(st))); err != nil {
			t.Fatal(err)
		}
		chromedp.Do(ctx, chromedp.Reload())
		waitJS(t, ctx, `window.dsRender && window.dsRender.ready && document.getElementById("src").value.length > 1000`)
		// Each keystroke: append a character to a comment, dispatch input,
		// time until the Go side has re-rendered and the browser painted.
		var ms []float64
		for i := 0; i < 15; i++ {
			v := eval[float64](t, ctx, `new Promise(res => { const ta = document.getElementById("src"); const g = window.dsRender.count; const t0 = performance.now();
				ta.value = ta.value + "/"; ta.dispatchEvent(new Event("input", {bubbles: true}));
				const poll = () => { if (window.dsRender.count > g) requestAnimationFrame(() => res(performance.now() - t0)); else setTimeout(poll, 0); }; poll(); })`)
			ms = append(ms, v)
			if i%2 == 1 {
				eval[bool](t, ctx, `(() => { const ta = document.getElementById("src"); ta.value = ta.value.replace(/\/+$/, "") + "\n// x"; ta.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
			}
		}
		sort.Float64s(ms)
		fmt.Printf("keystroke → updated views, %d decls: median %.1f ms, p90 %.1f ms (browser)\n", n, ms[len(ms)/2], ms[len(ms)*9/10])
		// Native: the same edit through the same model.
		a := model.NewApp()
		a.Load("bench.zig", src, model.DefaultOptions())
		var nat []time.Duration
		s := src
		for i := 0; i < 15; i++ {
			s += "/"
			t0 := time.Now()
			a.Edit(s)
			a.MapHTML()
			a.HexHTML()
			a.InspectorHTML()
			a.TabHTML()
			nat = append(nat, time.Since(t0))
		}
		sort.Slice(nat, func(i, j int) bool { return nat[i] < nat[j] })
		fmt.Printf("same edit natively (model.Edit + views), %d decls: median %v\n", n, nat[len(nat)/2].Round(10*time.Microsecond))
	}
}
