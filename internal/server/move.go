package server

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"time"
)

// yieldEvery is how long a build runs before, at its next look at its
// context, it lets the other goroutines have its processor
// (runtime.Gosched). Go's scheduler lets a busy goroutine run for up to
// 10 ms before it preempts it; with a few costly builds running on every
// core, a connection whose request (or answer) is ready waited for
// several such slices at each step, and a small valid build that takes a
// millisecond answered in 100 ms. Yielding every 2 ms cuts those waits
// to a few milliseconds and costs a build about a microsecond per yield.
// (TestLoad, 15 s, alternated: valid p99 80-142 ms without, 51-93 ms
// with; see BENCHMARKS.md.)
const yieldEvery = 2 * time.Millisecond

// yield gives the processor away; a variable so tests can count.
var yield = runtime.Gosched

// moveLooks is how many looks at its context a small build of a source
// of size bytes may take before it can move to the heavy pool: at least
// twice what the valid programs of the load test take (25 to 60 looks
// for 0.1 to 3 KB, 136 for the 17 KB of 200 generated declarations).
func moveLooks(size int) int { return 64 + size/32 }

// errMoveBusy stops a build that outgrew its pool's budget when too many
// builds already wait for a heavy slot.
var errMoveBusy = errors.New("server busy: too many costly builds waiting")

// placement is a build's context and the build slot it holds. A build
// that starts in the small pool (its source is small) and both holds its
// slot longer than Config.SmallBudget and has looked at its context more
// than moveLooks times moves to the heavy pool at its next look: it
// gives its slot back and waits for a heavy one. A source that looks
// cheap but is not (a few KiB whose values or machine code grow
// exponentially or quadratically) so stops holding a slot meant for
// cheap builds, whatever the pattern behind it.
//
// Every stage of a build looks at its context once per bounded amount
// of work (so many evaluations, declarations, values, statements or
// bytes of machine code), so the looks count work in a way a busy
// machine does not inflate, as it inflates time: a small program looks
// a few dozen times, a 1 KB source whose values grow exponentially a
// thousand times, a 5 KB one whose machine code grows quadratically two
// thousand times.
type placement struct {
	context.Context
	cancel context.CancelCauseFunc
	h      *handler
	size   int

	mu sync.Mutex
	// slots is the pool whose slot the build holds (nil: none, after a
	// move that found no heavy slot); heavy says it is the heavy pool;
	// since is when the build got the slot; budget is how long it may
	// hold it (0: for good).
	slots  *slots
	heavy  bool
	since  time.Time
	budget time.Duration
	looks  int
	// yielded is when the build last gave its processor away (see
	// yieldEvery); only the build's goroutine, in Err, uses it.
	yielded time.Time
	// pool names the pool the build is in: small, medium, heavy, or
	// moved (from small to heavy).
	pool string
	// waited is the time the build spent waiting for slots, firstWait
	// the part before it first got one.
	waited, firstWait time.Duration
}

// place waits (within ctx) for a slot of the pool a source of size
// bytes starts in and returns the build's placement; the caller must
// call release once the build ended, and cancel once it answered.
func (h *handler) place(ctx context.Context, size int) (*placement, error) {
	p := &placement{h: h, size: size}
	p.Context, p.cancel = context.WithCancelCause(ctx)
	switch {
	case int64(size) >= h.cfg.HeavyBody:
		p.slots, p.heavy, p.pool = h.heavySlots, true, "heavy"
	case int64(size) >= h.cfg.MediumBody:
		p.slots, p.pool = h.mediumSlots, "medium"
	default:
		p.slots, p.budget, p.pool = h.slots, h.cfg.SmallBudget, "small"
	}
	t0 := time.Now()
	if err := p.slots.acquire(ctx, size); err != nil {
		p.cancel(err)
		return nil, err
	}
	if !p.heavy {
		h.cheap.enter()
	}
	p.since = time.Now()
	p.yielded = p.since
	p.waited = p.since.Sub(t0)
	p.firstWait = p.waited
	return p, nil
}

// Err is the build's context's error. A heavy build (a large source, or
// a small one that moved) waits there, at every look, while any small or
// medium build holds a slot (see cheap): it is most likely hostile and
// its latency is no valid program's, so it runs only when no cheaper
// build needs the processor, instead of taking a core from them for the
// scheduler's 10 ms time slices. Medium builds do not wait: they are
// programs of the size valid ones have, whose answers count as much as
// small ones'. Every build, of any pool, yields its processor once per
// yieldEvery of running (see there). When a small build has outgrown its
// slot's budget, Err first moves it to the heavy pool (and waits there
// for a slot, up to the deadline).
func (p *placement) Err() error {
	if err := p.Context.Err(); err != nil {
		return err
	}
	if now := time.Now(); now.Sub(p.yielded) >= yieldEvery {
		p.yielded = now
		yield()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.looks++
	if p.heavy {
		return p.h.cheap.wait(p.Context)
	}
	if p.slots != p.h.slots {
		return nil
	}
	if p.budget <= 0 || p.looks <= moveLooks(p.size) || time.Since(p.since) < p.budget {
		return nil
	}
	p.heavy, p.pool = true, "moved"
	p.h.cheap.leave()
	p.slots.release()
	p.slots = nil
	if p.h.movers.Add(1) > int64(p.h.cfg.MaxConcurrent) {
		p.h.movers.Add(-1)
		p.cancel(errMoveBusy)
		return p.Context.Err()
	}
	t0 := time.Now()
	err := p.h.heavySlots.acquire(p.Context, p.size)
	p.h.movers.Add(-1)
	if err != nil {
		return err
	}
	p.slots, p.since = p.h.heavySlots, time.Now()
	p.waited += p.since.Sub(t0)
	return p.h.cheap.wait(p.Context)
}

// timing says, at the build's answer, which pool it ran in last, how
// long it waited for slots and how long it ran since it first got one.
func (p *placement) timing(placed time.Time) timing {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := timing{pool: p.pool, wait: p.waited}
	t.run = time.Since(placed) - (p.waited - p.firstWait)
	return t
}

// release gives the build's slot back once the build ended.
func (p *placement) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.slots == nil {
		return
	}
	if !p.heavy {
		p.h.cheap.leave()
	}
	p.slots.release()
	p.slots = nil
}

// running counts the builds that hold a slot of some pools and lets
// other builds wait until none does: heavy builds wait for the small and
// medium ones (handler.cheap).
type running struct {
	mu   sync.Mutex
	n    int
	none chan struct{} // closed while n is 0
}

func newRunning() *running {
	r := &running{none: make(chan struct{})}
	close(r.none)
	return r
}

func (r *running) enter() {
	r.mu.Lock()
	if r.n == 0 {
		r.none = make(chan struct{})
	}
	r.n++
	r.mu.Unlock()
}

func (r *running) leave() {
	r.mu.Lock()
	r.n--
	if r.n == 0 {
		close(r.none)
	}
	r.mu.Unlock()
}

// wait returns once no build is counted, or with ctx's error.
func (r *running) wait(ctx context.Context) error {
	r.mu.Lock()
	none := r.none
	r.mu.Unlock()
	select {
	case <-none:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
