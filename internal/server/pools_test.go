package server

import (
	"bytes"
	"context"
	"fmt"
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

// TestCostlySmallSourceMoves sends a small source that is costly to
// build (2 KB, 400 copies of a 1 MiB array: a quarter of a second of
// machine code) to a server with one small slot, then a small valid
// program: the costly build outgrows the small slot's budget, moves to
// the heavy pool and gives its slot to the valid program, which answers
// first. (Its source's size kept it in the small pool for good, and the
// valid program waited for it.)
func TestCostlySmallSourceMoves(t *testing.T) {
	srv := newServer(t, Config{Timeout: 30 * time.Second, MaxConcurrent: 1, SmallBudget: time.Millisecond})
	client := srv.Client()
	costly := arrayCopies(200)
	want, err := cliBuild(t, "pair.zig", []byte(source), nil)
	if err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 2)
	go func() {
		resp, err := client.Post(srv.URL+"/api/build?name=c.zig&kind=exe", "text/plain", strings.NewReader(costly))
		if err != nil {
			order <- err.Error()
			return
		}
		resp.Body.Close()
		order <- fmt.Sprintf("costly %d", resp.StatusCode)
	}()
	// Time for the costly build to take the small slot (were it not
	// taken yet, the valid build would take it and the order prove
	// nothing; it cannot come out the other way round).
	time.Sleep(20 * time.Millisecond)
	resp, body := post(t, client, srv, "name=pair.zig", []byte(source))
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, want) {
		t.Fatalf("valid build: status %d: %.200s", resp.StatusCode, body)
	}
	order <- "valid"
	if first, second := <-order, <-order; first != "valid" || second != "costly 413" {
		t.Errorf("answers in the order %q, %q; want the valid one first, then the costly one's 413", first, second)
	}
}
