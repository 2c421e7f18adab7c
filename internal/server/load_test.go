package server

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

var (
	loadDuration = flag.Duration("load.duration", 15*time.Second,
		"how long TestLoad runs (env DWARFSCOPE_LOAD_SECONDS overrides; 60s for the reported run)")
	loadClients = flag.Int("load.clients", 64, "concurrent clients in TestLoad")
	loadMax     = flag.Int("load.max", 2_000_000, "most requests TestLoad sends")
)

// loadCase is one request of the load mix and the answer it must get.
type loadCase struct {
	name   string
	query  string
	body   []byte
	status int
	want   []byte // the CLI's bytes, for a 200
}

// loadMix returns the valid requests (samples and corpus programs with
// several option sets, each with the CLI's bytes) and the hostile ones.
func loadMix(t testing.TB, maxBody int) (valid, bad []loadCase) {
	for i, s := range sources(t, 16) {
		for j, opts := range variants() {
			if (j > 3 && strings.HasPrefix(s.name, "gen_")) || len(opts) > 2 {
				continue
			}
			want, err := cliBuild(t, s.name, s.src, opts)
			if err != nil {
				continue
			}
			valid = append(valid, loadCase{name: fmt.Sprintf("%s/%d", s.name, i), query: query(s.name, opts),
				body: s.src, status: 200, want: want})
		}
	}
	big := corpus.Sized(2000, 7)
	if want, err := cliBuild(t, "big.zig", big, nil); err == nil {
		valid = append(valid, loadCase{name: "sized-2000", query: "name=big.zig", body: big, status: 200, want: want})
	} else {
		t.Logf("the 2000-declaration program is left out of the mix: the CLI cannot build it: %v", err)
	}
	for _, h := range hostileRequests(maxBody) {
		if h.status != 200 {
			bad = append(bad, loadCase{name: h.name, query: h.query, body: []byte(h.body), status: h.status})
		}
	}
	return valid, bad
}

// peakRSS reads this process's peak resident set (VmHWM) in KiB.
func peakRSS() int {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			n, _ := strconv.Atoi(strings.Fields(line)[1])
			return n
		}
	}
	return 0
}

// resetPeakRSS starts VmHWM afresh (Linux: write 5 to clear_refs).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// loadStats counts what the clients saw.
type loadStats struct {
	mu        sync.Mutex
	requests  int
	byStatus  map[int]int
	dropped   int // transport errors: refused, reset, EOF, timeouts
	wrong     int // a status or body other than the expected one
	firstBad  []string
	latencies []time.Duration // of valid requests
}

func (s *loadStats) fail(msg string) {
	s.wrong++
	if len(s.firstBad) < 10 {
		s.firstBad = append(s.firstBad, msg)
	}
}

// TestLoad runs *loadClients concurrent clients for *loadDuration against
// the server on a loopback port, sending a mix of valid exports (3 in 4)
// and hostile requests, while one more goroutine opens abusive raw
// connections (garbage, half-sent requests). It requires zero 5xx, zero
// transport errors, every valid answer byte-identical to the CLI and every
// hostile one its 4xx, and reports throughput, latency and peak RSS.
func TestLoad(t *testing.T) {
	dur := *loadDuration
	if s := os.Getenv("DWARFSCOPE_LOAD_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		dur = time.Duration(n) * time.Second
	}
	if testing.Short() {
		dur = 2 * time.Second
	}
	const maxBody = 1 << 20
	cfg := Config{MaxBody: maxBody}
	srv := newServer(t, cfg)
	valid, bad := loadMix(t, maxBody)
	transport := &http.Transport{MaxIdleConnsPerHost: *loadClients, MaxConnsPerHost: *loadClients,
		DisableCompression: true}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 60 * time.Second}

	stats := &loadStats{byStatus: map[int]int{}}
	resetPeakRSS()
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	var sent atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < *loadClients; c++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 1))
			for ctx.Err() == nil && sent.Add(1) <= int64(*loadMax) {
				lc := valid[rng.IntN(len(valid))]
				if rng.IntN(4) == 0 {
					lc = bad[rng.IntN(len(bad))]
				}
				t0 := time.Now()
				resp, err := client.Post(srv.URL+"/api/build?"+lc.query, "text/plain", bytes.NewReader(lc.body))
				var body []byte
				if err == nil {
					body, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				d := time.Since(t0)
				stats.mu.Lock()
				stats.requests++
				switch {
				case err != nil:
					stats.dropped++
					if len(stats.firstBad) < 10 {
						stats.firstBad = append(stats.firstBad, lc.name+": "+err.Error())
					}
				default:
					stats.byStatus[resp.StatusCode]++
					if resp.StatusCode != lc.status {
						stats.fail(fmt.Sprintf("%s: status %d, want %d: %.200s", lc.name, resp.StatusCode, lc.status, body))
					} else if lc.status == 200 && !bytes.Equal(body, lc.want) {
						stats.fail(fmt.Sprintf("%s: %d bytes differ from the CLI's %d", lc.name, len(body), len(lc.want)))
					}
					if lc.status == 200 {
						stats.latencies = append(stats.latencies, d)
					}
				}
				stats.mu.Unlock()
			}
		}(uint64(c))
	}
	var abuses atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			abuse(srv.Listener.Addr().String(), int(abuses.Add(1)))
		}
	}()
	wg.Wait()
	elapsed := time.Since(start)
	peak := peakRSS()

	sort.Slice(stats.latencies, func(i, j int) bool { return stats.latencies[i] < stats.latencies[j] })
	pct := func(p float64) time.Duration {
		if len(stats.latencies) == 0 {
			return 0
		}
		return stats.latencies[int(p*float64(len(stats.latencies)-1))]
	}
	fivexx := 0
	var codes []string
	for code, n := range stats.byStatus {
		if code >= 500 {
			fivexx += n
		}
		codes = append(codes, fmt.Sprintf("%d:%d", code, n))
	}
	sort.Strings(codes)
	t.Logf("load: %d clients, %v: %d requests (%.0f/s), %d valid exports (%.0f/s), statuses %v, "+
		"%d dropped, %d wrong, %d abusive raw connections; valid latency p50 %v p99 %v max %v; peak RSS %d MiB (test process: server and clients)",
		*loadClients, elapsed.Round(time.Millisecond), stats.requests, float64(stats.requests)/elapsed.Seconds(),
		len(stats.latencies), float64(len(stats.latencies))/elapsed.Seconds(), codes, stats.dropped, stats.wrong,
		abuses.Load(), pct(0.5).Round(time.Microsecond), pct(0.99).Round(time.Microsecond),
		pct(1).Round(time.Microsecond), peak>>10)
	for _, m := range stats.firstBad {
		t.Error(m)
	}
	if fivexx > 0 || stats.dropped > 0 || stats.wrong > 0 {
		t.Errorf("%d 5xx, %d dropped connections, %d wrong answers", fivexx, stats.dropped, stats.wrong)
	}
	if len(stats.latencies) == 0 {
		t.Error("no valid export completed")
	}
	if peak > 1<<20 {
		t.Errorf("peak RSS %d MiB is over 1 GiB", peak>>10)
	}
	checkUp(t, srv.Client(), srv)
}

// abuse opens one raw connection and misbehaves on it: garbage instead of
// HTTP, a request whose body never arrives in full, or a huge header.
func abuse(addr string, i int) {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(200 * time.Millisecond))
	switch i % 3 {
	case 0:
		conn.Write([]byte("\x16\x03\x01garbage that is not HTTP\r\n\r\n"))
	case 1:
		conn.Write([]byte("POST /api/build HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nconst a = "))
	case 2:
		conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 100<<10) + "\r\n\r\n"))
	}
	io.Copy(io.Discard, conn)
}
