package server

import (
	"container/heap"
	"context"
	"sync"
)

// slots is a pool of build slots that hands a freed slot to the waiting
// build with the smallest source first (ties in arrival order): small
// programs, most requests, do not queue behind large ones, which wait
// (up to their deadline) for a moment when no small program is waiting.
type slots struct {
	mu      sync.Mutex
	free    int
	seq     uint64
	waiting waiters
	// fifo hands freed slots out in arrival order, whatever the size.
	fifo bool
}

func newSlots(n int) *slots { return &slots{free: n} }

// newFIFOSlots returns n slots handed out in arrival order: among
// builds of similar cost, none waits for ever behind smaller ones.
func newFIFOSlots(n int) *slots { return &slots{free: n, fifo: true} }

// waiter is one build waiting for a slot; ready is closed when it gets one.
type waiter struct {
	size  int
	seq   uint64
	index int // in the heap, -1 once removed
	ready chan struct{}
}

// acquire takes a slot for a build of a source of size bytes, waiting
// until one is free or ctx is done (then it returns ctx's error).
func (s *slots) acquire(ctx context.Context, size int) error {
	s.mu.Lock()
	if s.free > 0 && len(s.waiting) == 0 {
		s.free--
		s.mu.Unlock()
		return nil
	}
	s.seq++
	if s.fifo {
		size = 0
	}
	w := &waiter{size: size, seq: s.seq, ready: make(chan struct{})}
	heap.Push(&s.waiting, w)
	s.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		defer s.mu.Unlock()
		if w.index < 0 {
			// Handed a slot just as ctx ended: pass it on.
			s.releaseLocked()
		} else {
			heap.Remove(&s.waiting, w.index)
		}
		return ctx.Err()
	}
}

// release gives a slot back: to the smallest waiting build, if any.
func (s *slots) release() {
	s.mu.Lock()
	s.releaseLocked()
	s.mu.Unlock()
}

func (s *slots) releaseLocked() {
	if len(s.waiting) == 0 {
		s.free++
		return
	}
	w := heap.Pop(&s.waiting).(*waiter)
	close(w.ready)
}

// waiters is a min-heap of waiting builds by source size, then arrival.
type waiters []*waiter

func (h waiters) Len() int { return len(h) }
func (h waiters) Less(i, j int) bool {
	if h[i].size != h[j].size {
		return h[i].size < h[j].size
	}
	return h[i].seq < h[j].seq
}
func (h waiters) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *waiters) Push(x any) {
	w := x.(*waiter)
	w.index = len(*h)
	*h = append(*h, w)
}
func (h *waiters) Pop() any {
	old := *h
	w := old[len(old)-1]
	old[len(old)-1] = nil
	w.index = -1
	*h = old[:len(old)-1]
	return w
}
