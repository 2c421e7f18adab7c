package browsertest

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/internal/page"
	"github.com/dwarfscope/dwarfscope/wasm/model"
)

var (
	benchBrowser  = flag.Bool("bench-browser", false, "run the browser benchmarks (scripts/bench-browser.sh)")
	benchLoadOnly = flag.Bool("bench-load-only", false, "with -bench-browser: only the module's sizes and the first map's times")
)

// keystrokeJS types one key into the editor and resolves with two times
// from the key: when the Go side finished re-rendering the views (DOM
// updated), and the first animation frame after that (the updated frame
// is on screen by then); then the page's phase times of that render (see
// dsAfterRender in static/explorer.js), the time from the input event
// to the edit and dsAfterRender's own time. how "typed" types the way the keyboard does (the editing
// command insertText or delete, at the caret); "replaced" sets the text
// with setRangeText and an input event, which makes Chromium lay out the
// whole textarea again (the measurement before session 8). mode "comment"
// appends to a trailing comment (no DWARF byte changes); "const" types
// digits into a constant's value at window.benchAt (12 keys, then 12
// deletes).
const keystrokeJS = `new Promise(res => {
	const ta = document.getElementById("src"); const g = window.dsRender.count;
	const how = %q, mode = %q;
	let ins = "", lo = ta.value.length, hi = lo;
	if (mode === "const") {
		const k = window.benchStep = (window.benchStep || 0) + 1;
		if ((k - 1) %% 24 < 12) { ins = String((k * 7) %% 10); lo = hi = window.benchAt; window.benchAt++; }
		else { lo = window.benchAt - 1; hi = window.benchAt; window.benchAt--; }
	} else { ins = "/"; }
	if (how === "typed") { ta.focus(); ta.setSelectionRange(lo, hi); }
	const t0 = performance.now();
	if (how === "typed") { if (ins) document.execCommand("insertText", false, ins); else document.execCommand("delete"); }
	else { ta.setRangeText(ins, lo, hi); ta.dispatchEvent(new Event("input", {bubbles: true})); }
	const poll = () => {
		if (window.dsRender.count > g) {
			const t1 = performance.now() - t0;
			const ph = (window.dsRender.phases || [0, 0, 0, 0]).concat([window.dsRender.queuedMs || 0, window.dsRender.afterMs || 0, window.dsRender.rangeMs || 0]);
			requestAnimationFrame(() => res([t1, performance.now() - t0].concat(ph)));
		}
		else setTimeout(poll, 0);
	};
	poll(); })`

// sendABJS sends 96 edits, a digit typed and deleted at window.benchAt
// in turn, through static/explorer.js's sendEdit, timing each call: two
// as ranges, then two as the whole text (sentVersion -1 makes sendEdit
// send it whole), and so on; then the editor's own text again, so the Go
// side holds it. Resolves with the range times,
// then the whole-text times.
const sendABJS = `(() => {
	const ta = document.getElementById("src"), base = ta.value, at = window.benchAt;
	const ranges = [], wholes = [];
	for (let i = 0; i < 96; i++) {
		const text = i % 2 === 0 ? base.slice(0, at) + String(i % 10) + base.slice(at) : base;
		const whole = i % 4 >= 2;
		if (whole) sentVersion = -1;
		const t0 = performance.now();
		sendEdit(text);
		(whole ? wholes : ranges).push(performance.now() - t0);
	}
	sendEdit(ta.value);
	return ranges.concat(wholes);
})()`

// newLineJS starts a new comment line at the end of the text (between
// measured keys, so the comment does not grow without bound).
const newLineJS = `(() => {
	const ta = document.getElementById("src"); const how = %q;
	const lo = ta.value.replace(/\/+$/, "").length;
	if (how === "typed") { ta.focus(); ta.setSelectionRange(lo, ta.value.length); document.execCommand("insertText", false, "\n// x"); }
	else { ta.value = ta.value.slice(0, lo) + "\n// x"; ta.dispatchEvent(new Event("input", {bubbles: true})); }
	return true; })()`

// openBenchProgram opens the page on a generated program of n
// declarations (through a share link) with the entry function selected,
// as a user looking at the map would have it, and returns the typist
// that types into it.
func openBenchProgram(t *testing.T, ctx context.Context, url string, n int) *model.Typist {
	t.Helper()
	ty, err := model.NewTypist(string(corpus.Sized(n, 1)))
	if err != nil {
		t.Fatal(err)
	}
	st := model.State{Name: "bench.zig", Source: ty.Src, Opts: model.DefaultOptions()}
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"#s="+model.EncodeState(st))); err != nil {
		t.Fatal(err)
	}
	chromedp.Do(ctx, chromedp.Reload())
	waitJS(t, ctx, `window.dsRender && window.dsRender.ready && document.getElementById("src").value.length > 1000`)
	eval[bool](t, ctx, `(() => { const el = document.querySelector('#map rect.seg[data-entry*="gen_entry"]'); if (el) el.dispatchEvent(new MouseEvent("click", {bubbles: true})); return true; })()`)
	time.Sleep(300 * time.Millisecond)
	return ty
}

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
	raw, gz, br := page.Sizes(pageH)
	fmt.Printf("wasm: %d bytes raw, %d bytes gzip, %d bytes brotli\n", raw, gz, br)
	ctx, cancel := newBrowser(t)
	defer cancel()
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `window.dsRender && window.dsRender.ready && document.querySelectorAll("#map rect.seg").length > 0`)
	fmt.Printf("first interactive map: %.0f ms after navigation start (wall %v)\n", eval[float64](t, ctx, `window.dsRender.firstMs`), time.Since(start).Round(time.Millisecond))
	// The same over a simulated 20 Mbit/s link (20 ms latency), cache
	// off: the module travels brotli-compressed, as a browser asks.
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	const mbit20 = 20e6 / 8
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Latency: 20, DownloadThroughput: mbit20, UploadThroughput: mbit20}}}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(url)); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `window.dsRender && window.dsRender.ready && document.querySelectorAll("#map rect.seg").length > 0`)
		// Where the time went: the module's last byte, its compilation
		// done and the Go program started, the program's own time to
		// its first render (its main function; package initialisation
		// is the rest up to the first map).
		enc := eval[string](t, ctx, `(() => { const es = performance.getEntriesByType("resource").filter(r => r.name.endsWith("app.wasm")), e = es[0]; const d = window.dsRender; return e ? es.length + " fetch(es), " + e.transferSize + " bytes transferred, last byte at " + e.responseEnd.toFixed(0) + " ms, started at " + (d.runMs || 0).toFixed(0) + " ms, main at " + (d.mainMs || 0).toFixed(0) + " ms, main to first render " + d.goInitMs + " ms" + (d.firstPhases ? " (loading the source " + (d.loadMs || 0).toFixed(0) + ", components " + d.firstPhases[1].toFixed(0) + ", views built " + d.firstPhases[2].toFixed(0) + ", patched in " + d.firstPhases[3].toFixed(0) + "), then the page's first style and layout " + (d.firstAfterMs || 0).toFixed(0) + " ms" : "") : "?"; })()`)
		fmt.Printf("first interactive map over 20 Mbit/s, 20 ms latency: %.0f ms after navigation start (module: %s)\n", eval[float64](t, ctx, `window.dsRender.firstMs`), enc)
	}
	benchLink(t, ctx)
	if *benchLoadOnly {
		return
	}
	chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		MatchedNetworkConditions: []*network.Conditions{{Latency: 0, DownloadThroughput: -1, UploadThroughput: -1}}})
	chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: false})
	const keys = 48
	for _, n := range []int{200, 2000} {
		ty := openBenchProgram(t, ctx, url, n)
		src := ty.Src
		for _, how := range []string{"typed", "replaced"} {
			for _, mode := range []string{"const", "comment"} {
				if mode == "const" {
					eval[bool](t, ctx, fmt.Sprintf(`(() => { window.benchAt = %d; window.benchStep = 0; return true; })()`, ty.At()))
				}
				var dom, frame []float64
				var phases [7][]float64
				sent := eval[[]float64](t, ctx, `[window.dsRender.rangeEdits, window.dsRender.wholeEdits]`)
				for i := 0; i < keys; i++ {
					v := eval[[]float64](t, ctx, fmt.Sprintf(keystrokeJS, how, mode))
					dom = append(dom, v[0])
					frame = append(frame, v[1])
					for j := range phases {
						phases[j] = append(phases[j], v[2+j])
					}
					if mode == "comment" && i%2 == 1 {
						eval[bool](t, ctx, fmt.Sprintf(newLineJS, how))
						time.Sleep(30 * time.Millisecond)
					}
				}
				if errs := eval[string](t, ctx, `document.getElementById("errors").textContent`); errs != "" {
					t.Errorf("%d decls %s %s: the source has errors: %s", n, how, mode, errs)
				}
				if got, want := eval[string](t, ctx, `document.getElementById("src").value`), eval[string](t, ctx, `window.dsRender.lastEdit || ""`); got != want {
					t.Errorf("%d decls %s %s: the page's last edit is not the editor's text", n, how, mode)
				}
				fmt.Printf("keystroke (%s, %s), %d decls: views updated p50 %.1f ms, p90 %.1f ms; next frame p50 %.1f ms, p90 %.1f ms (browser, %d keys)\n",
					mode, how, n, pct(dom, 50), pct(dom, 90), pct(frame, 50), pct(frame, 90), keys)
				fmt.Printf("  p50 (p90) in the page: input event to edit %.1f (%.1f) ms, edit %.1f (%.1f) ms, vugu render %.1f (%.1f) ms, view patches built %.1f (%.1f) ms, applied %.1f (%.1f) ms, after-render script %.1f (%.1f) ms\n",
					pct(phases[4], 50), pct(phases[4], 90), pct(phases[0], 50), pct(phases[0], 90), pct(phases[1], 50), pct(phases[1], 90), pct(phases[2], 50), pct(phases[2], 90), pct(phases[3], 50), pct(phases[3], 90), pct(phases[5], 50), pct(phases[5], 90))
				// How the edits went to the Go side (static/explorer.js
				// sendEdit) and what finding the changed range cost.
				now := eval[[]float64](t, ctx, `[window.dsRender.rangeEdits, window.dsRender.wholeEdits]`)
				fmt.Printf("  edits sent as ranges %.0f, as whole texts %.0f; finding the range p50 %.2f (p90 %.2f) ms\n",
					now[0]-sent[0], now[1]-sent[1], pct(phases[6], 50), pct(phases[6], 90))
			}
		}
		// The same key's edit sent as a range and as the whole text,
		// alternately in the same page (the load shared by both).
		eval[bool](t, ctx, fmt.Sprintf(`(() => { window.benchAt = %d; return true; })()`, ty.At()))
		v := eval[[]float64](t, ctx, sendABJS)
		fmt.Printf("one key's edit and render (dsEdit/dsEditRange call), %d decls, alternately: as a range p50 %.2f (p90 %.2f) ms, as the whole text p50 %.2f (p90 %.2f) ms (%d each)\n",
			n, pct(v[:keys], 50), pct(v[:keys], 90), pct(v[keys:], 50), pct(v[keys:], 90), keys)
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

// linkJS downloads one of benchLink's files and resolves with when its
// last byte arrived (ms after the request), from the resource timing.
const linkJS = `(async (path, compile) => {
	performance.clearResourceTimings();
	const t0 = performance.now();
	if (compile) await WebAssembly.compileStreaming(fetch(path));
	else await (await fetch(path)).arrayBuffer();
	const e = performance.getEntriesByType("resource").find(r => new URL(r.name).pathname === path);
	return e ? e.responseEnd - t0 : -1;
})(%q, %v)`

// benchLink times downloads over the link the first map's runs emulate
// (still set on ctx): a plain file as big as the module's brotli form
// (no content coding: the bytes the wire carries), the module
// brotli-coded (the network stack decodes 10 MB out of it), the same
// compiled while it streams, and the module gzip-coded. It says how much
// of the module's time on the wire is the link's and how much the
// decoding inside the emulated link adds.
func benchLink(t *testing.T, ctx context.Context) {
	coded := func(enc string) []byte {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/app.wasm", nil)
		req.Header.Set("Accept-Encoding", enc)
		pageH.ServeHTTP(rec, req)
		return rec.Body.Bytes()
	}
	br, gz := coded("br"), coded("gzip")
	plain := make([]byte, len(br))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range plain {
		plain[i] = byte(rng.Uint32())
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/link.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><link rel="icon" href="data:,"><title>link</title>`))
	})
	serve := func(path, enc string, body []byte) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/wasm")
			w.Header().Set("Cache-Control", "no-store")
			if enc != "" {
				w.Header().Set("Content-Encoding", enc)
			}
			w.Header().Set("Content-Length", fmt.Sprint(len(body)))
			w.Write(body)
		})
	}
	serve("/plain", "", plain)
	serve("/app-br.wasm", "br", br)
	serve("/app-gz.wasm", "gzip", gz)
	s := httptest.NewServer(mux)
	defer s.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/link.html")); err != nil {
		t.Fatal(err)
	}
	rows := []struct {
		name, path string
		compile    bool
	}{
		{fmt.Sprintf("a plain file of %d bytes (no content coding)", len(plain)), "/plain", false},
		{fmt.Sprintf("the module, %d bytes brotli-coded", len(br)), "/app-br.wasm", false},
		{"the same, compiled while it streams", "/app-br.wasm", true},
		{fmt.Sprintf("the module, %d bytes gzip-coded", len(gz)), "/app-gz.wasm", false},
	}
	times := make([][]float64, len(rows))
	for i := 0; i < 3; i++ {
		for j, r := range rows {
			times[j] = append(times[j], eval[float64](t, ctx, fmt.Sprintf(linkJS, r.path, r.compile)))
		}
	}
	for j, r := range rows {
		fmt.Printf("  over the same link, %s: last byte at %.0f–%.0f ms\n", r.name, slices.Min(times[j]), slices.Max(times[j]))
	}
}
