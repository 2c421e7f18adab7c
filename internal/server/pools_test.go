package server

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/internal/export"
)

// gatedBuilder runs the in-process builds, but holds every build of a
// source of at least gate bytes until release is closed, telling started
// when it holds one.
type gatedBuilder struct {
	gate    int
	started chan struct{}
	release chan struct{}
}

func (g *gatedBuilder) Build(ctx context.Context, req *export.Request, lim export.Limits) (*export.Result, *export.Failure) {
	if len(req.Source) >= g.gate {
		g.started <- struct{}{}
		select {
		case <-g.release:
		case <-ctx.Done():
			return nil, TimeoutFailure(0)
		}
	}
	return InProcess{}.Build(ctx, req, lim)
}

// TestSmallBuildsNotStarved holds medium and heavy builds in their slots
// (one slot each, every slot taken) and requires small programs to build
// meanwhile: they have slots of their own. With one pool for all, they
// waited for the costly builds and answered 429 at the time limit.
func TestSmallBuildsNotStarved(t *testing.T) {
	g := &gatedBuilder{gate: 16 << 10, started: make(chan struct{}), release: make(chan struct{})}
	srv := newServer(t, Config{Builder: g, Timeout: 10 * time.Second, MaxConcurrent: 1, MediumConcurrent: 1,
		HeavyConcurrent: 1, MediumBody: 16 << 10, HeavyBody: 192 << 10})
	client := srv.Client()
	medium := corpus.Sized(300, 7)
	heavy := append(corpus.Sized(300, 7), "// "+strings.Repeat("x", 192<<10)+"\n"...)
	if len(medium) < 16<<10 || len(medium) >= 192<<10 || len(heavy) < 192<<10 {
		t.Fatalf("sources of %d and %d bytes are not medium and heavy", len(medium), len(heavy))
	}
	statuses := make(chan int, 2)
	for _, src := range [][]byte{medium, heavy} {
		go func() {
			resp, err := client.Post(srv.URL+"/api/build?name=big.zig", "text/plain", strings.NewReader(string(src)))
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
		<-g.started // it holds its slot now
	}
	want, err := cliBuild(t, "pair.zig", []byte(source), nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		resp, body := post(t, client, srv, "name=pair.zig", []byte(source))
		if resp.StatusCode != http.StatusOK || string(body) != string(want) {
			t.Fatalf("a small build beside held medium and heavy builds: status %d: %.200s", resp.StatusCode, body)
		}
	}
	close(g.release)
	for range 2 {
		if st := <-statuses; st != http.StatusOK {
			t.Errorf("a held build answered %d after its release, want 200", st)
		}
	}
}
