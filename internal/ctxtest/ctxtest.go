// Package ctxtest helps tests stop work in the middle deterministically,
// in the manner of testing/iotest: a context that cancels itself when
// the code under test has looked at it a given number of times, so a
// test can cancel a stage after it started, without sleeping or timing.
package ctxtest

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
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

// StopAt runs run with a context that cancels itself at its n-th look
// and fails t unless run stopped at that very look, returned no result
// and returned an error that wraps context.Canceled and contains want.
// It returns that error.
func StopAt[T any](t testing.TB, n int, want string, run func(ctx context.Context) (*T, error)) error {
	t.Helper()
	ctx := CancelAt(context.Background(), n)
	res, err := run(ctx)
	checkStop(t, ctx, n, want, res != nil, err)
	return err
}

// Stops is what EveryLook saw: the result and error of the run that
// finished before it was cancelled, and the error of each cancelled run,
// Stopped[n-1] for the run cancelled at look n.
type Stops[T any] struct {
	Result  *T
	Err     error
	Stopped []error
}

// Looks returns how many times the finished run looked at its context.
func (s Stops[T]) Looks() int { return len(s.Stopped) }

// EveryLook runs run with a context that cancels itself at its n-th
// look, for n = 1, 2, … until a run finishes without reaching look n,
// and checks each cancelled run as StopAt does. It logs the stop in the
// middle and returns what it saw.
func EveryLook[T any](t testing.TB, want string, run func(ctx context.Context) (*T, error)) Stops[T] {
	t.Helper()
	var s Stops[T]
	for n := 1; ; n++ {
		ctx := CancelAt(context.Background(), n)
		res, err := run(ctx)
		if ctx.Looks() < n {
			s.Result, s.Err = res, err
			break
		}
		checkStop(t, ctx, n, want, res != nil, err)
		s.Stopped = append(s.Stopped, err)
	}
	if mid := s.Looks() / 2; mid > 0 {
		t.Logf("cancelled at look %d of %d: %v", mid, s.Looks(), s.Stopped[mid-1])
	}
	return s
}

// checkStop fails t unless the run cancelled at look n stopped there
// with no result and an error that wraps context.Canceled and contains
// want.
func checkStop(t testing.TB, ctx *Counting, n int, want string, result bool, err error) {
	t.Helper()
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), want) || result {
		t.Fatalf("cancelled at look %d: result %v, err %v; want %q stopped by context.Canceled", n, result, err, want)
	}
	if ctx.Looks() != n {
		t.Errorf("cancelled at look %d: it looked %d times (%v)", n, ctx.Looks(), err)
	}
}
