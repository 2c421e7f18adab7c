// Package ctxtest helps tests stop work in the middle deterministically,
// in the manner of testing/iotest: a context that cancels itself when
// the code under test has looked at it a given number of times, so a
// test can cancel a stage after it started, without sleeping or timing.
package ctxtest

import (
	"context"
	"sync/atomic"
)

// Counting is a context that counts the calls of its Err method and
// cancels itself at the call number given to CancelAt (0: never): the
// code under test observes the cancellation at that very look.
type Counting struct {
	context.Context
	cancel context.CancelFunc
	at     int64
	looks  atomic.Int64
}

// CancelAt returns a context below parent that cancels itself on its
// n-th Err call (never when n is 0).
func CancelAt(parent context.Context, n int) *Counting {
	ctx, cancel := context.WithCancel(parent)
	return &Counting{Context: ctx, cancel: cancel, at: int64(n)}
}

// Err counts the look and cancels the context on the n-th.
func (c *Counting) Err() error {
	if c.looks.Add(1) == c.at {
		c.cancel()
	}
	return c.Context.Err()
}

// Looks returns how many times Err was called.
func (c *Counting) Looks() int { return int(c.looks.Load()) }

// Cancel cancels the context now.
func (c *Counting) Cancel() { c.cancel() }
