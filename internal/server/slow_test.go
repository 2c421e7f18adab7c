package server

import (
	"context"

	"github.com/dwarfscope/dwarfscope/internal/export"
)

// slowBuilder waits for its context: a build that never finishes in time.
type slowBuilder struct{}

func (slowBuilder) Build(ctx context.Context, req *export.Request, lim export.Limits) (*export.Result, *export.Failure) {
	<-ctx.Done()
	return nil, &export.Failure{Status: 500, Msg: "unreachable: the handler answers first"}
}
