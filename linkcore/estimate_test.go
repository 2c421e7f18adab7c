package linkcore

import (
	"context"
	"errors"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/internal/samples"
)

// TestEstimateOutputIsALowerBound builds the samples and corpus programs
// as objects and executables and requires EstimateOutput never above the
// file's real size (so MaxOutput never refuses a program that fits).
func TestEstimateOutputIsALowerBound(t *testing.T) {
	progs := append(corpus.WithSamples(40), samples.Program{Name: "sized.zig", Src: corpus.Sized(500, 3)})
	for _, p := range progs {
		for _, kind := range []Kind{KindObject, KindExecutable} {
			res, err := Build(p.Name, p.Src, Options{Kind: kind})
			if err != nil {
				continue // not every program has a main
			}
			if est := EstimateOutput(res.Program); est > uint64(len(res.ELF)) {
				t.Errorf("%s (%v): estimate %d is over the real size %d", p.Name, kind, est, len(res.ELF))
			}
		}
	}
}

// TestBuildContextStops: a build with a done context stops with the
// context's error; MaxOutput refuses before building.
func TestBuildContextStops(t *testing.T) {
	src := corpus.Sized(2000, 7)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := BuildContext(ctx, "s.zig", src, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("done context: %v", err)
	}
	_, err := Build("s.zig", src, Options{MaxOutput: 1000})
	var big *OutputTooLargeError
	if !errors.As(err, &big) || !big.Estimated {
		t.Errorf("MaxOutput 1000: %v", err)
	}
}
