package browsertest

import (
	"flag"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

var profileStart = flag.Bool("profile-start", false, "profile the page's start-up in Chromium and print the functions that took the most time")

// TestProfileStart records a V8 CPU profile from navigation to the first
// interactive map and prints the functions with the most self time,
// grouped by function and by Go package (the module's name section names
// them; set DWARFSCOPE_WASM to a module built without -s -w to see
// them). A function's first call includes its lazy compilation, and the
// profile has been seen to charge hundreds of ms to highlightVisible,
// which timed itself at under 1 ms: read it with the page's own timings. It is a tool for finding start-up costs,
// run by hand:
//
//	go test ./internal/browsertest -run TestProfileStart -profile-start -v
func TestProfileStart(t *testing.T) {
	if !*profileStart {
		t.Skip("run with -profile-start")
	}
	url := startServer(t)
	ctx, cancel := newBrowser(t)
	defer cancel()
	// A page of the same origin first, so the profile survives the
	// navigation (same renderer process).
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"explorer.css")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 200}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `window.dsRender && window.dsRender.ready && document.querySelectorAll("#map rect.seg").length > 0`)
	res, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	prof := res.Profile
	fmt.Printf("first map at %.0f ms, module started at %.0f ms, main to first render %.0f ms\n",
		eval[float64](t, ctx, `window.dsRender.firstMs`), eval[float64](t, ctx, `window.dsRender.runMs`), eval[float64](t, ctx, `window.dsRender.goInitMs`))
	fmt.Println("elements:", eval[string](t, ctx, `["app", "map", "hex", "inspector", "explain", "tab", "gutter", "marks", "hl", "errors"].map(id => { const e = document.getElementById(id); return id + " " + (e ? e.querySelectorAll("*").length : "-"); }).join(", ")`))
	self := map[int64]float64{}
	for i, id := range prof.Samples {
		if i < len(prof.TimeDeltas) && i+1 < len(prof.TimeDeltas) {
			self[id] += float64(prof.TimeDeltas[i+1]) / 1000
		}
	}
	byFunc := map[string]float64{}
	byPkg := map[string]float64{}
	total := 0.0
	for _, n := range prof.Nodes {
		name := n.CallFrame.FunctionName
		if name == "" {
			name = "(anonymous " + n.CallFrame.URL + ")"
		}
		ms := self[n.ID]
		total += ms
		byFunc[name] += ms
		byPkg[pkgOf(name)] += ms
	}
	top := func(m map[string]float64, n int) {
		type kv struct {
			k string
			v float64
		}
		var s []kv
		for k, v := range m {
			s = append(s, kv{k, v})
		}
		sort.Slice(s, func(i, j int) bool { return s[i].v > s[j].v })
		for i := 0; i < n && i < len(s); i++ {
			fmt.Printf("%8.1f ms  %s\n", s[i].v, s[i].k)
		}
	}
	fmt.Printf("profile: %.0f ms sampled\n-- by package\n", total)
	top(byPkg, 30)
	fmt.Println("-- by function")
	top(byFunc, 40)
}

// pkgOf is the Go package of a function name from the module's name
// section ("github.com/x/y.(*T).M" → "github.com/x/y"), or the name.
func pkgOf(name string) string {
	slash := strings.LastIndex(name, "/")
	if dot := strings.Index(name[slash+1:], "."); dot >= 0 {
		return name[:slash+1+dot]
	}
	return name
}
