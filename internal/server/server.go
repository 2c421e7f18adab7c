// Package server is dwarfscope's HTTP handler: it serves the page and the
// export API, which turns source text into the same ELF bytes the
// `dwarfscope build` command writes for the same options.
//
//	POST /api/build?kind=obj&format=32&target=x86_64&lines=plain&profile=zig&name=basic.zig
//	     body: the source text
//	     200: the ELF file (Content-Disposition: attachment; filename="basic.o")
//	     400: {"status":400,"errors":[{"file","line","col","message"}],"error":...}
//	          or {"status":400,"option":"format","error":...}
//	     413: the body (Config.MaxBody) or the output (Limits.MaxOutput) is too large
//	     422: the build hit the time limit (Config.Timeout) or, in the
//	          wazero sandbox, the memory limit
//	     429: no build slot freed up within Config.Timeout
//	     every answer of a build that got a slot has a Server-Timing
//	     header: its pool, its wait for a slot, its build time (timing)
//	GET  /healthz
//
// The same handler runs in cmd/serve and, compiled to WebAssembly, in the
// Cloudflare Worker (cmd/worker).
package server

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dwarfscope/dwarfscope/internal/export"
)

// Builder runs one export. InProcess runs it in the server's own process;
// internal/sandbox runs it inside a wazero instance with its own memory
// limit. Build must return promptly once ctx is done.
type Builder interface {
	Build(ctx context.Context, req *export.Request, lim export.Limits) (*export.Result, *export.Failure)
}

// Config bounds what one request may cost and says what to serve.
type Config struct {
	// MaxBody is the largest accepted source, in bytes.
	MaxBody int64
	// Timeout bounds the time one build request may take, waiting for a
	// build slot included.
	Timeout time.Duration
	// MaxConcurrent bounds the small builds (sources under MediumBody)
	// running at once; the others wait (up to Timeout) for a slot.
	// Medium and heavy builds have slots of their own (MediumConcurrent,
	// HeavyConcurrent). Together they bound CPU and memory: at most
	// MaxConcurrent+MediumConcurrent+HeavyConcurrent builds' worth of
	// memory is in use at a time.
	//
	// The build's cost is estimated up front from its source size: a
	// small program's build takes a millisecond or two, a medium one tens
	// of milliseconds. Small builds get twice as many slots as cores by
	// default: one that waits for a slot waits for another small build
	// only, and the Go scheduler time-slices the few that run beside a
	// medium build (heavy ones wait for them), so a small build answers
	// in milliseconds while costly ones (most of them hostile) queue
	// among themselves.
	MaxConcurrent int
	// HeavyBody is the body size from which a build counts as heavy:
	// heavy builds take one of HeavyConcurrent slots of their own, so
	// that large sources (the costly ones, most of them hostile) queue
	// among themselves and leave the other slots, and the CPU, to
	// ordinary programs.
	HeavyBody int64
	// MediumBody is the body size from which a build that is not heavy
	// counts as medium: medium builds take one of MediumConcurrent slots
	// of their own, so that small programs (a few KiB, a millisecond or
	// two each) never wait for a slot behind them.
	MediumBody int64
	// MediumConcurrent bounds the medium builds running at once; they
	// get their slots in arrival order (small and heavy builds: smallest
	// source first), so a valid medium program is not starved by a
	// stream of smaller hostile ones. The default is one slot per core:
	// hostile sources of medium size are bounded by the limits to builds
	// about as long as a valid medium program's (tens of milliseconds),
	// so cost cannot tell them apart, and with a single slot a valid
	// program waited behind a queue of them (the load test's 175 KB
	// program: 0.3–0.7 s). With one per core it waits only while as many
	// medium builds run as there are cores.
	MediumConcurrent int
	// HeavyConcurrent bounds the heavy builds running at once. A heavy
	// build runs only while no small or medium build holds a slot (it
	// waits at its looks at its context: see placement.Err), so heavy
	// builds, most of them hostile, take no processor from the others.
	HeavyConcurrent int
	// SmallBudget is how long a build may hold a small slot: one that
	// takes longer and has done more work than any small program needs
	// (its source's size said it would be cheap, it is not) moves to
	// the heavy pool at its next look at its context (see placement).
	// Negative: small builds never move.
	SmallBudget time.Duration
	// Limits bound each build (declarations, nesting, type and data
	// sizes, output size).
	Limits export.Limits
	// Builder runs the builds; nil means InProcess.
	Builder Builder
	// Page serves everything outside /api and /healthz (the explorer,
	// internal/page); nil serves no page.
	Page http.Handler
}

// DefaultConfig is used for zero fields of a Config.
var DefaultConfig = Config{
	MaxBody:          export.DefaultLimits.MaxSource,
	Timeout:          10 * time.Second,
	MaxConcurrent:    2 * runtime.GOMAXPROCS(0),
	HeavyBody:        192 << 10,
	MediumBody:       16 << 10,
	MediumConcurrent: runtime.GOMAXPROCS(0),
	HeavyConcurrent:  1,
	// A small program builds in a millisecond or two.
	SmallBudget: 25 * time.Millisecond,
	Limits:      export.DefaultLimits,
}

// WithDefaults returns c with zero fields set from DefaultConfig.
func (c Config) WithDefaults() Config {
	c.MaxBody = cmp.Or(c.MaxBody, DefaultConfig.MaxBody)
	c.Limits.MaxSource = cmp.Or(c.Limits.MaxSource, c.MaxBody)
	c.Timeout = cmp.Or(c.Timeout, DefaultConfig.Timeout)
	c.MaxConcurrent = cmp.Or(c.MaxConcurrent, DefaultConfig.MaxConcurrent)
	c.HeavyBody = cmp.Or(c.HeavyBody, DefaultConfig.HeavyBody)
	c.MediumBody = cmp.Or(c.MediumBody, DefaultConfig.MediumBody)
	c.MediumConcurrent = cmp.Or(c.MediumConcurrent, DefaultConfig.MediumConcurrent)
	c.HeavyConcurrent = cmp.Or(c.HeavyConcurrent, DefaultConfig.HeavyConcurrent)
	c.SmallBudget = cmp.Or(c.SmallBudget, DefaultConfig.SmallBudget)
	c.Limits = c.Limits.WithDefaults()
	if c.Builder == nil {
		c.Builder = InProcess{}
	}
	return c
}

// New returns the handler.
func New(cfg Config) http.Handler {
	cfg = cfg.WithDefaults()
	h := &handler{cfg: cfg, slots: newSlots(cfg.MaxConcurrent), heavySlots: newSlots(cfg.HeavyConcurrent),
		mediumSlots: newFIFOSlots(cfg.MediumConcurrent), cheap: newRunning()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("POST /api/build", h.export)
	mux.HandleFunc("GET /api/build", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", "POST")
		writeJSON(w, &export.Failure{Status: http.StatusMethodNotAllowed, Msg: "use POST with the source as the body"})
	})
	if cfg.Page != nil {
		mux.Handle("/", cfg.Page)
	}
	return secure(mux)
}

// The security headers of every answer: the page may load only its own
// scripts, styles and WebAssembly and talk only to its own origin (its Go
// WebAssembly evaluates strings of JavaScript it makes itself, through
// vugu, hence 'unsafe-eval'; it loads nothing from elsewhere); the API's
// answers (ELF files, JSON) may do nothing at all if opened as a page.
const (
	pageCSP = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
		"img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
		"form-action 'none'; frame-ancestors 'none'"
	apiCSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
)

// secure sets the security headers on every answer and drops the content
// codings a client refuses (q=0) from Accept-Encoding before h sees it.
func secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		csp := pageCSP
		if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" {
			csp = apiCSP
		}
		hd.Set("Content-Security-Policy", csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "no-referrer")
		if ae := r.Header.Values("Accept-Encoding"); len(ae) > 0 {
			r.Header.Set("Accept-Encoding", AcceptedEncodings(strings.Join(ae, ",")))
		}
		h.ServeHTTP(w, r)
	})
}

// AcceptedEncodings returns the content codings of an Accept-Encoding
// header value the client accepts (q above 0), comma-separated, without
// their parameters: "gzip;q=0, br" gives "br".
func AcceptedEncodings(header string) string {
	var ok []string
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.TrimSpace(coding)
		if coding == "" || refused(params) {
			continue
		}
		ok = append(ok, coding)
	}
	return strings.Join(ok, ", ")
}

// refused reports whether Accept-Encoding parameters set q to 0.
func refused(params string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return err != nil || q <= 0
		}
	}
	return false
}

// NewHTTPServer returns an http.Server for h with read, write and idle
// timeouts that fit cfg's build timeout, as cmd/serve runs it.
func NewHTTPServer(addr string, h http.Handler, cfg Config) *http.Server {
	cfg = cfg.WithDefaults()
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      cfg.Timeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

type handler struct {
	cfg Config
	// slots, mediumSlots and heavySlots are the build slots of small,
	// medium (Config.MediumBody) and heavy (Config.HeavyBody) builds;
	// slots and heavySlots hand a freed slot to the smallest waiting
	// source first, mediumSlots in arrival order.
	slots, mediumSlots, heavySlots *slots
	// movers counts the builds waiting for a heavy slot after they
	// outgrew their pool's budget.
	movers atomic.Int64
	// cheap counts the builds holding a small or medium slot: heavy
	// builds run only while there are none (placement.Err).
	cheap *running
}

func writeJSON(w http.ResponseWriter, f *export.Failure) {
	w.Header().Set("Content-Type", "application/json")
	if f.Status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
	}
	w.WriteHeader(f.Status)
	json.NewEncoder(w).Encode(f)
}

func (h *handler) export(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		// Too many parameters or a bad escape: the options cannot be
		// known, so nothing is built with some of them dropped.
		writeJSON(w, &export.Failure{Status: http.StatusBadRequest, Msg: "the query cannot be parsed: " + queryProblem(err)})
		return
	}
	req := &export.Request{Name: q.Get("name"), Options: map[string]string{}}
	for k := range q {
		if k != "name" {
			req.Options[k] = q.Get(k)
		}
	}
	opts, f := export.Options(req, h.cfg.Limits)
	if f != nil {
		writeJSON(w, f)
		return
	}
	tooLarge := &export.Failure{Status: http.StatusRequestEntityTooLarge,
		Msg: fmt.Sprintf("source larger than the limit of %d bytes", h.cfg.MaxBody)}
	if r.ContentLength > h.cfg.MaxBody {
		// Refused before reading: a client that sent Expect:
		// 100-continue gets the 413 instead of a 100 Continue.
		w.Header().Set("Connection", "close")
		writeJSON(w, tooLarge)
		return
	}
	src, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		var ne net.Error
		switch {
		case errors.As(err, &mbe):
			writeJSON(w, tooLarge)
		case errors.As(err, &ne) && ne.Timeout():
			w.Header().Set("Connection", "close")
			writeJSON(w, &export.Failure{Status: http.StatusRequestTimeout, Msg: "the body did not arrive in time"})
		default:
			// No err.Error(): it names the socket addresses.
			writeJSON(w, &export.Failure{Status: http.StatusBadRequest, Msg: "the body could not be read in full"})
		}
		return
	}
	req.Source = src
	res, f, tm := h.build(r.Context(), req)
	tm.total = time.Since(start)
	if tm.pool != "" {
		w.Header().Set("Server-Timing", tm.String())
	}
	if f != nil {
		writeJSON(w, f)
		return
	}
	ctype := "application/x-object"
	if export.OutputName("x.zig", opts.Kind) == "x" {
		ctype = "application/x-executable"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", res.FileName))
	w.Header().Set("Content-Length", fmt.Sprint(len(res.ELF)))
	w.Write(res.ELF)
}

// build waits for a build slot (of the pool its source's size picks:
// small, medium or heavy; see placement for builds that outgrow it) and
// runs the build, both within cfg.Timeout. A build that outlives the
// timeout keeps its slot until it really ends (soon: it is stopped at the
// deadline), so abandoned builds still count against the slots.
func (h *handler) build(ctx context.Context, req *export.Request) (*export.Result, *export.Failure, timing) {
	ctx, cancel := context.WithTimeout(ctx, h.cfg.Timeout)
	defer cancel()
	p, err := h.place(ctx, len(req.Source))
	if err != nil {
		return nil, busy(h.cfg.Timeout), timing{}
	}
	defer p.cancel(nil)
	placed := time.Now()
	type answer struct {
		res *export.Result
		f   *export.Failure
	}
	done := make(chan answer, 1)
	go func() {
		defer p.release()
		defer func() {
			if p := recover(); p != nil {
				log.Printf("dwarfscope: build of %q panicked: %v\n%s", req.Name, p, debug.Stack())
				done <- answer{f: &export.Failure{Status: http.StatusInternalServerError,
					Msg: "internal error: the build panicked (a bug in dwarfscope; please report the source)"}}
			}
		}()
		res, f := h.cfg.Builder.Build(p, req, h.cfg.Limits)
		if f != nil && errors.Is(context.Cause(p), errMoveBusy) {
			f = busy(h.cfg.Timeout)
		}
		done <- answer{res, f}
	}()
	select {
	case a := <-done:
		return a.res, a.f, p.timing(placed)
	case <-ctx.Done():
		return nil, TimeoutFailure(h.cfg.Timeout), p.timing(placed)
	}
}

// timing is where a build's time went, as the Server-Timing header of
// its answer tells it (in milliseconds): "slot;desc=medium;dur=12.5,
// build;dur=3.1, total;dur=16.0" is a build of the medium pool that
// waited 12.5 ms for its slot (or slots, when it moved), ran for 3.1 ms,
// in a request the handler answered 16 ms after it started (the rest:
// reading the body, checking the options). The load test splits its
// latencies with it.
type timing struct {
	pool             string // small, medium, heavy, or moved (small to heavy)
	wait, run, total time.Duration
}

func (t timing) String() string {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	return fmt.Sprintf("slot;desc=%s;dur=%.3f, build;dur=%.3f, total;dur=%.3f", t.pool, ms(t.wait), ms(t.run), ms(t.total))
}

// busy is the answer to a build that found no slot within limit.
func busy(limit time.Duration) *export.Failure {
	return &export.Failure{Status: http.StatusTooManyRequests,
		Msg: fmt.Sprintf("server busy: no build slot free within %v; retry later", limit)}
}

// TimeoutFailure is the answer to a build that took longer than limit.
func TimeoutFailure(limit time.Duration) *export.Failure {
	return &export.Failure{Status: http.StatusUnprocessableEntity,
		Msg: fmt.Sprintf("build took longer than the time limit of %v", limit)}
}

// InProcess runs builds in the server's own process: the fastest way, with
// the limits (export.Limits, each checked before the work it bounds)
// bounding memory, and Config.MaxConcurrent bounding how many run at once.
// A build stops soon after its request's deadline (export.BuildContext)
// and frees its slot.
type InProcess struct{}

// Build runs export.BuildContext.
func (InProcess) Build(ctx context.Context, req *export.Request, lim export.Limits) (*export.Result, *export.Failure) {
	return export.BuildContext(ctx, req, lim)
}

// queryProblem says what is wrong with a query without echoing it.
func queryProblem(err error) string {
	if strings.Contains(err.Error(), "exceeded limit") {
		return "too many parameters"
	}
	return "bad escape or separator"
}
