package codegen

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// stopCheckEvery is how many steps (functions and statements) a
// generator takes between two looks at its context: often enough to stop
// within a fraction of a millisecond, rarely enough not to show in the
// time of a build.
const stopCheckEvery = 64

// Stop ends a code generator's work early: once its context is done, or
// once .text would grow past MaxText bytes (the room the output limit
// leaves it). A generator steps it once per function and once per
// statement it compiles, and looks at it (Look) as a function's code
// grows; a nil *Stop never stops.
type Stop struct {
	// Context, when not nil, stops the generator once done; it is looked
	// at on the first step and every stopCheckEvery steps.
	Context context.Context
	// MaxText, when not 0, bounds the size of .text in bytes.
	MaxText uint64
	// placed is the size of .text before the function being compiled.
	placed uint64
	steps  int
	// err is the error Step returned to stop the generator.
	err error
}

// Step counts one step of a function whose code is size bytes so far
// and returns an error once the generator must stop: a
// *TextTooLargeError past MaxText, or an error that wraps the context's
// error (saying how far the generator got) once it is done.
func (s *Stop) Step(size uint64) error {
	if s == nil {
		return nil
	}
	s.steps++
	if s.steps%stopCheckEvery == 1 || s.err != nil || s.over(size) {
		return s.Look(size)
	}
	return nil
}

// over reports whether a function of size bytes takes .text past
// MaxText.
func (s *Stop) over(size uint64) bool {
	return s.MaxText != 0 && s.placed+size > s.MaxText
}

// Look is Step without the counting: it looks at the context now. A
// generator calls it as a function's code grows by a few KiB within
// a statement (a statement on wide integers or large values makes
// megabytes).
func (s *Stop) Look(size uint64) error {
	switch {
	case s == nil:
		return nil
	case s.err != nil:
		return s.err
	case s.over(size):
		s.err = &TextTooLargeError{Size: s.placed + size, Limit: s.MaxText}
		return s.err
	case s.Context == nil:
		return nil
	}
	if err := s.Context.Err(); err != nil {
		s.err = fmt.Errorf("linkcore: code generation stopped after %d functions and statements: %w", s.steps, err)
	}
	return s.err
}

// Room returns how many bytes the function being compiled may take
// before .text passes MaxText (math.MaxInt when there is no limit); a
// generator's assembler stops growing its code there, so that memory is
// bounded before the next Step reports it.
func (s *Stop) Room() int {
	if s == nil || s.MaxText == 0 {
		return math.MaxInt
	}
	if s.placed >= s.MaxText {
		return 0
	}
	return int(min(s.MaxText-s.placed, math.MaxInt))
}

// TextTooLargeError is generated code that would grow .text past
// Stop.MaxText; Size is the size it reached (a lower bound of what the
// whole program needs).
type TextTooLargeError struct {
	Size, Limit uint64
}

func (e *TextTooLargeError) Error() string {
	return fmt.Sprintf("linkcore: the machine code reached %d bytes, over the %d bytes left for it", e.Size, e.Limit)
}

// stopped reports whether err is (or wraps) the error Step returned to
// stop the generator.
func (s *Stop) stopped(err error) bool {
	return s != nil && s.err != nil && errors.Is(err, s.err)
}
