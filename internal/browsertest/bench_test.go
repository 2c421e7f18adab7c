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

// keystrokeJS types one key into the editor the way a user does (an input
// event on the textarea) and resolves with two times from the key: when
// the Go side finished re-rendering the views (DOM updated), and the
// first animation frame after that (the updated frame is on screen by
// then). mode "comment" appends to a trailing comment (no DWARF byte
// changes); "const" types digits into a constant's value at window.benchAt
// (12 keys, then 12 deletes).
const keystrokeJS = `new Promise(res => {
	const ta = document.getElementById("src"); const g = window.dsRender.count; const t0 = performance.now();
	const mode = %q;
	if (mode === "comment") { ta.value = ta.value + "/"; }
	else {
		const k = window.benchStep = (window.benchStep || 0) + 1;
		if ((k - 1) %% 24 < 12) { ta.setRangeText(String((k * 7) %% 10), window.benchAt, window.benchAt); window.benchAt++; }
		else { ta.setRangeText("", window.benchAt - 1, window.benchAt); window.benchAt--; }
	}
	ta.dispatchEvent(new Event("input", {bubbles: true}));
	const poll = () => {
		if (window.dsRender.count > g) { const t1 = performance.now() - t0; requestAnimationFrame(() => res([t1, performance.now() - t0])); }
		else setTimeout(poll, 0);
	};
	poll(); })`

func pct(v []float64, p int) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[(len(s)-1)*p/100]
}

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
	const keys = 48
	for _, n := range []int{200, 2000} {
		ty, err := model.NewTypist(string(corpus.Sized(n, 1)))
		if err != nil {
			t.Fatal(err)
		}
		src := ty.Src
		st := model.State{Name: "bench.zig", Source: src, Opts: model.DefaultOptions()}
		if err := chromedp.Do(ctx, chromedp.Navigate(url+"#s="+model.EncodeState(st))); err != nil {
			t.Fatal(err)
		}
		chromedp.Do(ctx, chromedp.Reload())
		waitJS(t, ctx, `window.dsRender && window.dsRender.ready && document.getElementById("src").value.length > 1000`)
		// Select the entry function, as a user looking at the map would.
		eval[bool](t, ctx, `(() => { const el = document.querySelector('#map rect.seg[data-entry*="gen_entry"]'); if (el) el.dispatchEvent(new MouseEvent("click", {bubbles: true})); return true; })()`)
		time.Sleep(300 * time.Millisecond)
		for _, mode := range []string{"const", "comment"} {
			if mode == "const" {
				eval[bool](t, ctx, fmt.Sprintf(`(() => { window.benchAt = %d; window.benchStep = 0; return true; })()`, ty.At()))
			}
			var dom, frame []float64
			for i := 0; i < keys; i++ {
				v := eval[[]float64](t, ctx, fmt.Sprintf(keystrokeJS, mode))
				dom = append(dom, v[0])
				frame = append(frame, v[1])
				if mode == "comment" && i%2 == 1 {
					eval[bool](t, ctx, `(() => { const ta = document.getElementById("src"); ta.value = ta.value.replace(/\/+$/, "") + "\n// x"; ta.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
					time.Sleep(30 * time.Millisecond)
				}
			}
			if errs := eval[string](t, ctx, `document.getElementById("errors").textContent`); errs != "" {
				t.Errorf("%d decls %s: the source has errors: %s", n, mode, errs)
			}
			fmt.Printf("keystroke (%s), %d decls: views updated p50 %.1f ms, p90 %.1f ms; next frame p50 %.1f ms, p90 %.1f ms (browser, %d keys)\n",
				mode, n, pct(dom, 50), pct(dom, 90), pct(frame, 50), pct(frame, 90), keys)
		}
		// Native: the same keys through the same model (edit + patches).
		for _, mode := range []string{"const", "comment"} {
			ty, _ := model.NewTypist(src)
			a := model.NewApp()
			a.Load("bench.zig", ty.Src, model.DefaultOptions())
			a.SelectEntry("gen_entry")
			a.Patches()
			s := ty.Src + "\n//"
			var nat []float64
			for i := 0; i < keys; i++ {
				if mode == "const" {
					s = ty.Key()
				} else {
					s += "/"
				}
				t0 := time.Now()
				a.Edit(s)
				a.Patches()
				nat = append(nat, float64(time.Since(t0).Microseconds())/1000)
			}
			fmt.Printf("same keys natively (model.Edit + Patches, %s), %d decls: p50 %.2f ms, p90 %.2f ms\n", mode, n, pct(nat, 50), pct(nat, 90))
		}
	}
}
