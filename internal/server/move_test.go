package server

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
)

// outgrow makes p's build hold its slot past its budget and look at its
// context as often as moveLooks allows; the next look moves it.
func outgrow(t *testing.T, p *placement) {
	t.Helper()
	p.since = time.Now().Add(-time.Hour)
	for range moveLooks(p.size) {
		if err := p.Err(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPlacementMoves: a small build that outgrows its budget gives its
// small slot back at its next look and waits for the heavy slot; a second
// one finds too many builds waiting already and is stopped with
// errMoveBusy (a 429 to the client); the first gets the heavy slot when
// it frees and then keeps it, and the small slot serves another build
// meanwhile.
func TestPlacementMoves(t *testing.T) {
	cfg := Config{MaxConcurrent: 1, HeavyConcurrent: 1}.WithDefaults()
	h := &handler{cfg: cfg, slots: newSlots(1), mediumSlots: newFIFOSlots(1), heavySlots: takenSlot(t, newSlots(1)), cheap: newRunning()}
	ctx := context.Background()

	first, err := h.place(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	outgrow(t, first)
	moved := make(chan error, 1)
	go func() { moved <- first.Err() }()
	queued(h.heavySlots, 1) // first waits for the heavy slot

	second, err := h.place(ctx, 100) // the small slot first gave back
	if err != nil {
		t.Fatal(err)
	}
	outgrow(t, second)
	if err := second.Err(); !errors.Is(err, context.Canceled) || !errors.Is(context.Cause(second), errMoveBusy) {
		t.Errorf("second move: err %v, cause %v; want it stopped with errMoveBusy", err, context.Cause(second))
	}
	second.release()

	third, err := h.place(ctx, 100)
	if err != nil {
		t.Fatalf("the small slot is not free after two moves: %v", err)
	}
	third.release()

	h.heavySlots.release()
	if err := <-moved; err != nil {
		t.Fatalf("first move: %v", err)
	}
	if first.slots != h.heavySlots {
		t.Errorf("after the move: holds the heavy slot %v", first.slots == h.heavySlots)
	}
	if err := first.Err(); err != nil {
		t.Errorf("a look after the move: %v", err)
	}
	first.release()
	first.cancel(nil)
}

// TestBuildsYield: a build of any pool gives its processor away at a
// look once it has run yieldEvery since it got its slot or last yielded,
// and not at the looks in between (a small program's build, a
// millisecond or two, yields at most once).
func TestBuildsYield(t *testing.T) {
	yields := 0
	yield = func() { yields++ }
	t.Cleanup(func() { yield = runtime.Gosched })
	cfg := Config{}.WithDefaults()
	h := &handler{cfg: cfg, slots: newSlots(1), mediumSlots: newFIFOSlots(1), heavySlots: newSlots(1), cheap: newRunning()}
	for _, size := range []int{100, int(cfg.MediumBody), int(cfg.HeavyBody)} {
		p, err := h.place(context.Background(), size)
		if err != nil {
			t.Fatal(err)
		}
		yields = 0
		for range 100 {
			if err := p.Err(); err != nil {
				t.Fatal(err)
			}
		}
		if yields != 0 {
			t.Errorf("%s build: %d yields in its first 100 looks, right after it got its slot; want 0", p.pool, yields)
		}
		p.yielded = time.Now().Add(-yieldEvery)
		p.Err()
		p.Err()
		if yields != 1 {
			t.Errorf("%s build: %d yields at two looks after running %v; want 1", p.pool, yields, yieldEvery)
		}
		p.release()
	}
}
