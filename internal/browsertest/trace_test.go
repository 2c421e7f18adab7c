package browsertest

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

var traceKeys = flag.String("trace-keys", "", "write a Chromium performance trace of typed keystrokes at 2,000 declarations to this file (mode from -trace-mode)")
var traceMode = flag.String("trace-mode", "comment", "with -trace-keys or -profile-keys: const or comment")
var profileKeys = flag.String("profile-keys", "", "write a V8 CPU profile (.cpuprofile) of typed keystrokes at 2,000 declarations to this file; DWARFSCOPE_WASM=a module built without -s -w names its Go functions")

// TestTraceKeys records Chromium's performance trace (the DevTools
// Performance panel's categories) while keys are typed as the benchmark
// types them, for finding where a keystroke's time goes; the file opens
// in chrome://tracing or ui.perfetto.dev. With -profile-keys it records
// V8's CPU profile instead (the profiler slows WebAssembly down unevenly:
// read it for which functions run, not for their times).
func TestTraceKeys(t *testing.T) {
	if *traceKeys == "" && *profileKeys == "" {
		t.Skip("run with -trace-keys FILE or -profile-keys FILE")
	}
	url := startServer(t)
	ctx, cancel := newBrowser(t)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	ty := openBenchProgram(t, ctx, url, 2000)
	eval[bool](t, ctx, fmt.Sprintf(`(() => { window.benchAt = %d; window.benchStep = 0; return true; })()`, ty.At()))
	// The editor after the keys, where they were typed.
	defer screenshot(t, ctx, "keys-2000-"+*traceMode+"-1280x800")
	time.Sleep(300 * time.Millisecond)
	key := func() []float64 { return eval[[]float64](t, ctx, fmt.Sprintf(keystrokeJS, "typed", *traceMode)) }
	for i := 0; i < 6; i++ { // warm up
		key()
	}
	if *profileKeys != "" {
		if _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		chromedp.Call(ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 100})
		if _, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		typeKeys(t, ctx, key, 48)
		res, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{})
		if err != nil {
			t.Fatal(err)
		}
		out, _ := json.Marshal(res.Profile)
		if err := os.WriteFile(*profileKeys, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	var mu sync.Mutex
	var events []json.RawMessage
	done := make(chan struct{})
	chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range e.Value {
				b, _ := json.Marshal(v)
				events = append(events, b)
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			close(done)
		}
	})
	cats := []string{"devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame",
		"blink", "blink.user_timing", "v8.execute", "toplevel", "input", "benchmark", "renderer.scheduler", "cc", "viz", "loading"}
	if _, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{IncludedCategories: cats}}); err != nil {
		t.Fatal(err)
	}
	typeKeys(t, ctx, key, 12)
	if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("no tracingComplete")
	}
	mu.Lock()
	defer mu.Unlock()
	out, _ := json.Marshal(map[string]any{"traceEvents": events})
	if err := os.WriteFile(*traceKeys, out, 0o644); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("%d trace events in %s\n", len(events), *traceKeys)
}

// typeKeys types n keys as the benchmark does, each after a user-timing
// mark ("key<i>") for finding it in a trace.
func typeKeys(t *testing.T, ctx context.Context, key func() []float64, n int) {
	for i := 0; i < n; i++ {
		eval[bool](t, ctx, fmt.Sprintf(`(() => { performance.mark("key%d"); return true; })()`, i))
		v := key()
		fmt.Printf("key %d: views updated %.1f ms, next frame %.1f ms; input event to edit %.1f, edit %.1f, vugu render %.1f, patches built %.1f, applied %.1f, after-render script %.1f ms\n", i, v[0], v[1], v[6], v[2], v[3], v[4], v[5], v[7])
		if *traceMode == "comment" && i%2 == 1 {
			eval[bool](t, ctx, fmt.Sprintf(newLineJS, "typed"))
			time.Sleep(30 * time.Millisecond)
		}
	}
}
