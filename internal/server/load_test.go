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
	"net/http/httptrace"
	"net/url"
	"os"
	"slices"
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
	loadHostile = flag.Float64("load.hostile", 0.3, "the share of hostile requests in TestLoad")
)

// loadCase is one request of the load mix and the answer it must get.
type loadCase struct {
	name   string
	query  string
	body   []byte
	status int
	want   []byte // the CLI's bytes, for a 200
	// hostile requests may build (status 200) but are costly; their
	// latency is not a valid export's.
	hostile bool
}

// loadMix returns the valid requests (samples and corpus programs with
// several option sets, each with the CLI's bytes) and the hostile ones.
func loadMix(t testing.TB, maxBody int) (valid, bad []loadCase) {
	for i, s := range corpus.WithSamples(16) {
		for j, opts := range variants() {
			if (j > 3 && strings.HasPrefix(s.Name, "gen_")) || len(opts) > 2 {
				continue
			}
			want, err := cliBuild(t, s.Name, s.Src, opts)
			if err != nil {
				continue
			}
			valid = append(valid, loadCase{name: fmt.Sprintf("%s/%d", s.Name, i), query: query(s.Name, opts),
				body: s.Src, status: 200, want: want})
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
			bad = append(bad, loadCase{name: h.name, query: h.query, body: []byte(h.body), status: h.status, hostile: true})
		}
	}
	// The attacks of issue #10; those that build are compared with the
	// CLI too.
	for _, a := range attacks() {
		lc := loadCase{name: a.name, query: a.query, body: []byte(a.body), status: a.status, hostile: true}
		if a.status == 200 {
			q, _ := url.ParseQuery(a.query)
			opts := map[string]string{}
			for k := range q {
				if k != "name" {
					opts[k] = q.Get(k)
				}
			}
			want, err := cliBuild(t, q.Get("name"), lc.body, opts)
			if err != nil {
				t.Fatalf("%s: the CLI cannot build it: %v", a.name, err)
			}
			lc.want = want
		}
		bad = append(bad, lc)
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
	// settled are the latencies of valid requests that started after the
	// first settleTime of the run: the steady state, without the start,
	// when all clients connect and send at once.
	settled []time.Duration
	// split are the valid requests' latencies split by the server's
	// Server-Timing header.
	split   []split
	slowest []timed // the slowest valid requests
	// slowHostile are the slowest hostile requests.
	slowHostile []timed
}

// timed is one request's latency.
type timed struct {
	name string
	d    time.Duration
	// how, for a valid request: where its time went (see split).
	how string
}

// split is where a valid request's time went, from the answer's
// Server-Timing header: waiting for a build slot of its pool, building,
// the handler's other work (reading the body, checking the options) and
// the rest (outside the handler: the connection, the HTTP code of the
// server and the client, the client itself).
type split struct {
	pool                     string
	wait, run, handler, rest time.Duration
	// client is the part of rest on the client's side: until the
	// request is written, and from the answer's first byte on.
	client time.Duration
}

// splitOf reads a Server-Timing header ("slot;desc=small;dur=0.012,
// build;dur=1.5") for a request that took total.
func splitOf(header string, total time.Duration) split {
	var s split
	for _, metric := range strings.Split(header, ",") {
		var name string
		var dur time.Duration
		for i, f := range strings.Split(metric, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(f), "=")
			switch {
			case i == 0:
				name = k
			case k == "desc":
				s.pool = v
			case k == "dur":
				ms, _ := strconv.ParseFloat(v, 64)
				dur = time.Duration(ms * float64(time.Millisecond))
			}
		}
		switch name {
		case "slot":
			s.wait = dur
		case "build":
			s.run = dur
		case "total":
			s.handler = dur
		}
	}
	s.rest = total - s.handler
	s.handler -= s.wait + s.run
	return s
}

func (s split) String() string {
	if s.pool == "" {
		return "no Server-Timing: no build slot"
	}
	return fmt.Sprintf("%s pool: slot wait %v, build %v, handler %v, rest %v (client %v)", s.pool, s.wait.Round(time.Millisecond),
		s.run.Round(time.Millisecond), s.handler.Round(time.Millisecond), s.rest.Round(time.Millisecond), s.client.Round(time.Millisecond))
}

// noteSlow keeps the 5 slowest requests in *list.
func (s *loadStats) noteSlow(list *[]timed, name string, d time.Duration, how string) {
	l := append(*list, timed{name, d, how})
	sort.Slice(l, func(i, j int) bool { return l[i].d > l[j].d })
	*list = l[:min(len(l), 5)]
}

func (s *loadStats) fail(msg string) {
	s.wrong++
	if len(s.firstBad) < 10 {
		s.firstBad = append(s.firstBad, msg)
	}
}

// settleTime is how long after its start TestLoad's steady state is
// taken to begin (reported beside the whole run's latency).
const settleTime = 3 * time.Second

// TestLoad runs *loadClients concurrent clients for *loadDuration against
// the server on a loopback port, sending a mix of valid exports (7 in 10)
// and hostile requests (the malformed ones of TestExportRejects and the
// attacks of TestHostileInputs), while one more goroutine opens abusive
// raw connections (garbage, half-sent requests). It requires zero 5xx,
// zero transport errors, every valid answer byte-identical to the CLI,
// every hostile one its status (or, when the server sheds it, 429 for no
// slot in time or 422 for a build stopped at the time limit) and,
// in process, a peak RSS of at most 512 MiB and a valid p99 latency of
// at most 100 ms; it reports throughput, latency split by where it went,
// and peak RSS.
// DWARFSCOPE_LOAD_ISOLATE=wazero runs the builds in the wazero sandbox
// instead (latency and RSS are then reported, not bounded: each instance
// may use up to sandbox.DefaultMemoryLimit).
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
	isolate := os.Getenv("DWARFSCOPE_LOAD_ISOLATE")
	switch isolate {
	case "", "inprocess":
		isolate = "inprocess"
	case "wazero":
		cfg.Builder = wazeroBuilder(t)
	default:
		t.Fatalf("DWARFSCOPE_LOAD_ISOLATE=%q: want inprocess or wazero", isolate)
	}
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
	// inflight[c] is when client c sent the request it waits for (ns
	// since start; 0: between requests).
	inflight := make([]atomic.Int64, *loadClients)
	for c := 0; c < *loadClients; c++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 1))
			for ctx.Err() == nil && sent.Add(1) <= int64(*loadMax) {
				lc := valid[rng.IntN(len(valid))]
				if rng.Float64() < *loadHostile {
					lc = bad[rng.IntN(len(bad))]
				}
				t0 := time.Now()
				inflight[seed].Store(int64(t0.Sub(start)) | 1)
				var wrote, firstByte time.Time
				trace := &httptrace.ClientTrace{
					WroteRequest:         func(httptrace.WroteRequestInfo) { wrote = time.Now() },
					GotFirstResponseByte: func() { firstByte = time.Now() },
				}
				req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "POST",
					srv.URL+"/api/build?"+lc.query, bytes.NewReader(lc.body))
				req.Header.Set("Content-Type", "text/plain")
				resp, err := client.Do(req)
				var body []byte
				if err == nil {
					body, err = io.ReadAll(resp.Body)
					resp.Body.Close()
				}
				d := time.Since(t0)
				inflight[seed].Store(0)
				var sp split
				if err == nil {
					sp = splitOf(resp.Header.Get("Server-Timing"), d)
					if !wrote.IsZero() && !firstByte.IsZero() {
						sp.client = d - firstByte.Sub(wrote)
					}
				}
				stats.mu.Lock()
				stats.requests++
				if lc.hostile {
					stats.noteSlow(&stats.slowHostile, lc.name, d, sp.String())
				} else {
					stats.noteSlow(&stats.slowest, lc.name, d, sp.String())
				}
				switch {
				case err != nil:
					stats.dropped++
					if len(stats.firstBad) < 10 {
						stats.firstBad = append(stats.firstBad, lc.name+": "+err.Error())
					}
				default:
					stats.byStatus[resp.StatusCode]++
					shed := lc.hostile && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusUnprocessableEntity)
					if resp.StatusCode != lc.status && !shed {
						stats.fail(fmt.Sprintf("%s: status %d, want %d: %.200s", lc.name, resp.StatusCode, lc.status, body))
					} else if lc.status == 200 && !shed && !bytes.Equal(body, lc.want) {
						stats.fail(fmt.Sprintf("%s: %d bytes differ from the CLI's %d", lc.name, len(body), len(lc.want)))
					}
					if lc.status == 200 && !lc.hostile {
						stats.latencies = append(stats.latencies, d)
						if t0.Sub(start) >= settleTime {
							stats.settled = append(stats.settled, d)
						}
						stats.split = append(stats.split, sp)
					}
				}
				stats.mu.Unlock()
			}
		}(uint64(c))
	}
	// Every 100 ms, count the clients held for over a second by one
	// request: a client whose costly request waits for a slot (up to
	// the 10 s limit) sends nothing else meanwhile, so the load the
	// server sees is that of the clients not held.
	held := make(chan []int, 1)
	go func() {
		var counts []int
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for ctx.Err() == nil {
			<-tick.C
			now, n := time.Since(start), 0
			for i := range inflight {
				if at := inflight[i].Load(); at != 0 && now-time.Duration(at) > time.Second {
					n++
				}
			}
			counts = append(counts, n)
		}
		held <- counts
	}()
	var abuses atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			abuse(srv.Listener.Addr().String(), int(abuses.Add(1)))
		}
	}()
	wg.Wait()
	cancel() // the sampler of held clients stops too (the clients may stop early, at load.max)
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
	t.Logf("load (%s): %d clients, %v: %d requests (%.0f/s), %d valid exports (%.0f/s), statuses %v, "+
		"%d dropped, %d wrong, %d abusive raw connections; valid latency p50 %v p99 %v max %v; peak RSS %d MiB (test process: server and clients)",
		isolate, *loadClients, elapsed.Round(time.Millisecond), stats.requests, float64(stats.requests)/elapsed.Seconds(),
		len(stats.latencies), float64(len(stats.latencies))/elapsed.Seconds(), codes, stats.dropped, stats.wrong,
		abuses.Load(), pct(0.5).Round(time.Microsecond), pct(0.99).Round(time.Microsecond),
		pct(1).Round(time.Microsecond), peak>>10)
	if counts := <-held; len(counts) > 0 {
		sum := 0
		for _, n := range counts {
			sum += n
		}
		at := func(sec int) int { return counts[min(len(counts)-1, sec*10)] }
		t.Logf("clients held over 1 s by one request (a costly build waiting for a slot or its time limit): mean %.1f of %d; at 2, 5, 10 s: %d, %d, %d",
			float64(sum)/float64(len(counts)), *loadClients, at(2), at(5), at(10))
	}
	if n := len(stats.settled); n > 0 {
		slices.Sort(stats.settled)
		t.Logf("valid latency of the %d requests sent after the first %v: p50 %v p99 %v max %v (the rest of the tail is the start, when all %d clients connect and send at once)",
			n, settleTime, stats.settled[n/2].Round(time.Microsecond), stats.settled[int(0.99*float64(n-1))].Round(time.Microsecond),
			stats.settled[n-1].Round(time.Microsecond), *loadClients)
	}
	logSplit(t, stats.split)
	for _, r := range stats.slowest {
		t.Logf("slow valid: %v %s (%s)", r.d.Round(time.Millisecond), r.name, r.how)
	}
	for _, r := range stats.slowHostile {
		t.Logf("slow hostile: %v %s (%s)", r.d.Round(time.Millisecond), r.name, r.how)
	}
	for _, m := range stats.firstBad {
		t.Error(m)
	}
	if fivexx > 0 || stats.dropped > 0 || stats.wrong > 0 {
		t.Errorf("%d 5xx, %d dropped connections, %d wrong answers", fivexx, stats.dropped, stats.wrong)
	}
	if len(stats.latencies) == 0 {
		t.Error("no valid export completed")
	}
	// The goal of issue #10: valid p99 at most 100 ms, in process (not
	// in a -short run, which is all start). The whole run's p99 is set
	// by its first half second, when all clients send at once; later,
	// most clients are held by costly requests waiting for a slot
	// (logged above), so the steady state's p99, logged beside it, is
	// that of a lighter load. On this project's quiet 2-core machine the
	// 15 s run gives 46-71 ms since builds yield every 2 ms (80-160 ms
	// before); 193 ms once while another engineer's browser benchmark ran.
	if p99 := pct(0.99); p99 > 100*time.Millisecond {
		if isolate != "inprocess" || testing.Short() {
			t.Logf("valid p99 latency %v is over the 100 ms goal (asserted in process, without -short)", p99)
		} else {
			t.Errorf("valid p99 latency %v is over 100 ms (the split above says where the time went)", p99)
		}
	}
	if peak > 512<<10 && isolate == "inprocess" {
		t.Errorf("peak RSS %d MiB is over 512 MiB", peak>>10)
	}
	checkUp(t, srv.Client(), srv)
}

// logSplit logs, per pool, how many valid requests ran there and the
// p50/p99/max of their slot wait, build time and the rest (the client's
// and the connection's share), so a tail can be told apart: queueing,
// building, or the test's own clients.
func logSplit(t *testing.T, all []split) {
	pools := map[string][]split{"all": all}
	for _, s := range all {
		pools[s.pool] = append(pools[s.pool], s)
	}
	var names []string
	for name := range pools {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		l := pools[name]
		part := func(f func(split) time.Duration) string {
			d := make([]time.Duration, len(l))
			for i, s := range l {
				d[i] = f(s)
			}
			sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
			at := func(p float64) time.Duration { return d[int(p*float64(len(d)-1))].Round(10 * time.Microsecond) }
			return fmt.Sprintf("%v/%v/%v", at(0.5), at(0.99), at(1))
		}
		t.Logf("valid, %s pool (%d): p50/p99/max slot wait %s, build %s, handler %s, rest %s, of which client %s", name, len(l),
			part(func(s split) time.Duration { return s.wait }), part(func(s split) time.Duration { return s.run }),
			part(func(s split) time.Duration { return s.handler }), part(func(s split) time.Duration { return s.rest }),
			part(func(s split) time.Duration { return s.client }))
	}
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
