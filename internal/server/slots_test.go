package server

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestSlotsSmallestFirst: with the only slot taken, waiting builds get it
// smallest source first; one whose context ends leaves the queue.
func TestSlotsSmallestFirst(t *testing.T) {
	s := takenSlot(t, newSlots(1))
	order := make(chan int, 3)
	var wg sync.WaitGroup
	gone, cancel := context.WithCancel(context.Background())
	for _, size := range []int{300, 100, 200} {
		ctx := context.Background()
		if size == 200 {
			ctx = gone
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s.acquire(ctx, size) == nil {
				order <- size
				s.release()
			}
		}()
	}
	queued(s, 3)
	cancel()
	queued(s, 2)
	s.release()
	if a, b := <-order, <-order; a != 100 || b != 300 {
		t.Errorf("order %d, %d; want 100, 300", a, b)
	}
	wg.Wait()
	if s.free != 1 {
		t.Errorf("%d free slots at the end, want 1", s.free)
	}
}

// TestSlotsFIFO: FIFO slots (the medium builds') go in arrival order,
// whatever the source sizes.
func TestSlotsFIFO(t *testing.T) {
	s := takenSlot(t, newFIFOSlots(1))
	order := make(chan int, 2)
	var wg sync.WaitGroup
	for i, size := range []int{300, 100} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s.acquire(context.Background(), size) == nil {
				order <- size
				s.release()
			}
		}()
		queued(s, i+1) // the next one arrives once this one waits
	}
	s.release()
	if a, b := <-order, <-order; a != 300 || b != 100 {
		t.Errorf("order %d, %d; want 300, 100 (arrival order)", a, b)
	}
	wg.Wait()
}

// takenSlot takes the only slot of s and returns s.
func takenSlot(t *testing.T, s *slots) *slots {
	t.Helper()
	if err := s.acquire(context.Background(), 0); err != nil {
		t.Fatal(err)
	}
	return s
}

// queued waits until n builds wait for a slot of s.
func queued(s *slots, n int) {
	for {
		s.mu.Lock()
		got := len(s.waiting)
		s.mu.Unlock()
		if got == n {
			return
		}
		time.Sleep(time.Millisecond)
	}
}
