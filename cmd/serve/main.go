// Command serve hosts the dwarfscope page and its export API
// (internal/server).
//
//	go run ./cmd/serve [-addr localhost:8080] [-page explorer|plain] [-isolate inprocess|wazero] [limits...]
//
// The page at / is the explorer (internal/page, whose WebAssembly is built
// at startup; if that fails the plain page in static/ is served instead).
// Every limit has a flag (see -h); a request over a limit gets a 4xx and the
// server carries on. SIGINT or SIGTERM shut it down gracefully: it stops
// accepting connections and lets running requests finish (up to 10 s).
//
// -isolate=wazero runs each build in a fresh wazero instance of the core
// built for GOOS=wasip1 (internal/sandbox), capped at -memory-limit and
// stopped at -timeout; it needs the go command at startup unless -wasm
// names a prebuilt module. The default, inprocess, is about 35 times
// faster (BENCHMARKS.md: 2,466 against 69 exports/s for a sample) and bounds
// memory through the compile-time limits and -max-concurrent.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/dwarfscope/dwarfscope/internal/page"
	"github.com/dwarfscope/dwarfscope/internal/sandbox"
	"github.com/dwarfscope/dwarfscope/internal/server"
)

func main() {
	d := server.DefaultConfig
	cfg := server.Config{}
	addr := flag.String("addr", "localhost:8080", "listen address (host:port)")
	flag.Int64Var(&cfg.MaxBody, "max-body", d.MaxBody, "largest accepted source in bytes (larger: 413)")
	flag.DurationVar(&cfg.Timeout, "timeout", d.Timeout, "time limit for one build, waiting for a slot included (over: 422)")
	flag.IntVar(&cfg.MaxConcurrent, "max-concurrent", d.MaxConcurrent, "small builds (sources under -medium-body) running at once; others wait (up to -timeout, then 429)")
	flag.Int64Var(&cfg.MediumBody, "medium-body", d.MediumBody, "sources of this many bytes or more are medium builds, run apart in arrival order")
	flag.IntVar(&cfg.MediumConcurrent, "medium-concurrent", d.MediumConcurrent, "medium builds running at once; others wait (up to -timeout, then 429)")
	flag.Int64Var(&cfg.HeavyBody, "heavy-body", d.HeavyBody, "sources of this many bytes or more are heavy builds, run apart")
	flag.IntVar(&cfg.HeavyConcurrent, "heavy-concurrent", d.HeavyConcurrent, "heavy builds running at once; others wait (up to -timeout, then 429)")
	flag.DurationVar(&cfg.SmallBudget, "small-budget", d.SmallBudget, "a small build that runs longer and does more work than small programs do moves to the heavy slots (negative: never)")
	flag.IntVar(&cfg.Limits.MaxDecls, "max-decls", d.Limits.MaxDecls, "most declarations in a source (over: 400)")
	flag.IntVar(&cfg.Limits.MaxDepth, "max-depth", d.Limits.MaxDepth, "deepest nesting of types, expressions and blocks (over: 400)")
	flag.IntVar(&cfg.Limits.MaxTokens, "max-tokens", d.Limits.MaxTokens, "most tokens in a source, a work budget (over: 400)")
	flag.Uint64Var(&cfg.Limits.MaxTypeSize, "max-type-size", d.Limits.MaxTypeSize, "largest type in bytes (over: 400)")
	flag.Uint64Var(&cfg.Limits.MaxData, "max-data", d.Limits.MaxData, "most global data in bytes (over: 400)")
	flag.IntVar(&cfg.Limits.MaxOutput, "max-output", d.Limits.MaxOutput, "largest ELF file in bytes, estimated before building (over: 413)")
	isolate := flag.String("isolate", "inprocess", "where builds run: inprocess, or wazero (a sandbox per request)")
	memLimit := flag.Uint64("memory-limit", sandbox.DefaultMemoryLimit, "memory per build in bytes with -isolate=wazero (over: 422)")
	wasmPath := flag.String("wasm", "", "prebuilt cmd/dwarfscope-wasi module for -isolate=wazero (default: build it with the go command)")
	pageKind := flag.String("page", "explorer", "the page at /: explorer (internal/page: builds its WebAssembly at startup, or serves $DWARFSCOPE_WASM) or none (the API only)")
	flag.Parse()

	switch *pageKind {
	case "explorer":
		h, err := page.Handler()
		if err != nil {
			log.Fatalf("dwarfscope: building the explorer page: %v\n"+
				"(set DWARFSCOPE_WASM to a prebuilt module, or run with -page none for the API only)", err)
		}
		cfg.Page = h
	case "none":
	default:
		log.Fatalf("-page: want explorer or none, not %q", *pageKind)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch *isolate {
	case "inprocess":
	case "wazero":
		sb, err := newSandbox(ctx, *wasmPath, *memLimit)
		if err != nil {
			log.Fatal(err)
		}
		defer sb.Close(context.Background())
		cfg.Builder = sb
	default:
		log.Fatalf("-isolate: want inprocess or wazero, not %q", *isolate)
	}

	srv := server.NewHTTPServer(*addr, server.New(cfg), cfg)
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		log.Printf("dwarfscope: shutting down")
		shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	log.Printf("dwarfscope: serving http://%s/ (builds %s)", *addr, *isolate)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
	<-done
}

// newSandbox loads or builds the wasip1 module and compiles it once.
func newSandbox(ctx context.Context, path string, memLimit uint64) (*sandbox.Sandbox, error) {
	if path == "" {
		dir, err := os.MkdirTemp("", "dwarfscope-wasi")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "dwarfscope.wasm")
		log.Printf("dwarfscope: building the wasip1 module")
		if err := sandbox.BuildModule(ctx, ".", path); err != nil {
			return nil, err
		}
	}
	wasm, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-wasm: %w", err)
	}
	return sandbox.New(ctx, wasm, sandbox.Config{MemoryLimit: memLimit})
}
