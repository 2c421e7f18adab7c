// Package sandbox runs exports inside wazero: the export core compiled for
// GOOS=wasip1 (cmd/dwarfscope-wasi) is compiled to machine code once, and
// every build gets a fresh module instance with its own linear memory,
// capped at Config.MemoryLimit, which is closed as soon as the request's
// context ends. A build can therefore neither outgrow its memory nor
// outlive its deadline. The guest looks at the request's context where a
// build in process does (the host function dwarfscope.look calls its
// Err), so the server moves, yields and stops sandboxed builds the same
// way.
package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"

	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/internal/export"
)

// Config configures a Sandbox.
type Config struct {
	// MemoryLimit caps each instance's linear memory, in bytes (rounded
	// down to 64 KiB pages); 0 means DefaultMemoryLimit.
	MemoryLimit uint64
	// CacheDir, when set, keeps wazero's compiled code on disk so a
	// restart skips compilation.
	CacheDir string
}

// DefaultMemoryLimit is the default memory cap per build: the Go runtime and
// the largest build export.DefaultLimits allow fit with room to spare.
const DefaultMemoryLimit = 256 << 20

// Sandbox runs builds in wazero. It is safe for concurrent use.
type Sandbox struct {
	rt    wazero.Runtime
	mod   wazero.CompiledModule
	limit uint64 // bytes of linear memory per instance
}

// New compiles wasm (cmd/dwarfscope-wasi built for GOOS=wasip1) once.
func New(ctx context.Context, wasm []byte, cfg Config) (*Sandbox, error) {
	limit := cfg.MemoryLimit
	if limit == 0 {
		limit = DefaultMemoryLimit
	}
	cache := wazero.NewCompilationCache()
	if cfg.CacheDir != "" {
		c, err := wazero.NewCompilationCacheWithDir(cfg.CacheDir)
		if err != nil {
			return nil, err
		}
		cache = c
	}
	rc := wazero.NewRuntimeConfig().
		WithCompilationCache(cache).
		WithMemoryLimitPages(uint32(limit >> 16)).
		WithCloseOnContextDone(true)
	rt := wazero.NewRuntimeWithConfig(ctx, rc)
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		rt.Close(ctx)
		return nil, err
	}
	// dwarfscope.look: the guest's look at its context (see
	// cmd/dwarfscope-wasi) is a look at the context of the call, the
	// one Build was given: the server's placement moves, yields or
	// stops the build there as in process.
	_, err := rt.NewHostModuleBuilder("dwarfscope").NewFunctionBuilder().
		WithFunc(func(ctx context.Context) uint32 {
			if ctx.Err() != nil {
				return 1
			}
			return 0
		}).Export("look").Instantiate(ctx)
	if err != nil {
		rt.Close(ctx)
		return nil, err
	}
	mod, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		rt.Close(ctx)
		return nil, fmt.Errorf("sandbox: compiling the module: %w", err)
	}
	return &Sandbox{rt: rt, mod: mod, limit: limit &^ 0xffff}, nil
}

// Close releases the compiled code.
func (s *Sandbox) Close(ctx context.Context) error { return s.rt.Close(ctx) }

// Args returns the command line for a request: the options by name, then
// the limits.
func Args(req *export.Request, lim export.Limits) []string {
	lim = lim.WithDefaults()
	args := []string{"dwarfscope-wasi"}
	if req.Name != "" {
		args = append(args, "-name", req.Name)
	}
	for _, opt := range buildopts.All {
		if v, ok := req.Options[opt.Name]; ok && v != "" {
			args = append(args, "-"+opt.Name, v)
		}
	}
	return append(args,
		"-max-source", strconv.FormatInt(lim.MaxSource, 10),
		"-max-decls", strconv.Itoa(lim.MaxDecls),
		"-max-depth", strconv.Itoa(lim.MaxDepth),
		"-max-tokens", strconv.Itoa(lim.MaxTokens),
		"-max-type-size", strconv.FormatUint(lim.MaxTypeSize, 10),
		"-max-data", strconv.FormatUint(lim.MaxData, 10),
		"-max-output", strconv.Itoa(lim.MaxOutput))
}

// Build runs one export in a fresh instance. Options must have been checked
// (export.Options) by the caller; unknown names are not passed on.
func (s *Sandbox) Build(ctx context.Context, req *export.Request, lim export.Limits) (*export.Result, *export.Failure) {
	var stdout, stderr bytes.Buffer
	mc := wazero.NewModuleConfig().
		WithName("").
		WithArgs(Args(req, lim)...).
		WithStdin(bytes.NewReader(req.Source)).
		WithStdout(&stdout).
		WithStderr(&stderr).
		WithSysWalltime().
		WithSysNanotime()
	m, err := s.rt.InstantiateModule(ctx, s.mod, mc)
	if m != nil {
		defer m.Close(context.WithoutCancel(ctx))
	}
	code := uint32(0)
	if err != nil {
		var ee *sys.ExitError
		if !errors.As(err, &ee) {
			return nil, &export.Failure{Status: 500, Msg: "sandbox: " + err.Error()}
		}
		code = ee.ExitCode()
	}
	switch {
	case code == 0:
		opts, f := export.Options(req, lim)
		if f != nil {
			return nil, f
		}
		return &export.Result{FileName: export.OutputName(req.Name, opts.Kind), ELF: stdout.Bytes()}, nil
	case code == sys.ExitCodeDeadlineExceeded || code == sys.ExitCodeContextCanceled || context.Cause(ctx) != nil:
		// (Cause, not Err: the server's Err may count a look and move
		// the build, which is over.)
		return nil, &export.Failure{Status: 422, Msg: "build took longer than the time limit"}
	case code == 1:
		var f export.Failure
		if err := json.Unmarshal(stderr.Bytes(), &f); err != nil || f.Status == 0 {
			return nil, &export.Failure{Status: 500, Msg: "sandbox: unreadable failure: " + trim(stderr.String())}
		}
		return nil, &f
	case strings.Contains(stderr.String(), "out of memory"):
		return nil, &export.Failure{Status: 422,
			Msg: "build ran out of memory (limit " + strconv.FormatUint(s.limit, 10) + " bytes)"}
	default:
		return nil, &export.Failure{Status: 500,
			Msg: fmt.Sprintf("sandbox: build exited with status %d: %s", code, trim(stderr.String()))}
	}
}

func trim(s string) string {
	if len(s) > 500 {
		return s[:500] + "…"
	}
	return s
}

// BuildModule compiles cmd/dwarfscope-wasi for GOOS=wasip1 GOARCH=wasm into
// out with the go command, run in dir (inside this module).
func BuildModule(ctx context.Context, dir, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", out,
		"github.com/dwarfscope/dwarfscope/cmd/dwarfscope-wasi")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("sandbox: go build for wasip1: %v\n%s", err, b)
	}
	return nil
}

// ModuleBytes builds cmd/dwarfscope-wasi with BuildModule, run in dir,
// into a temporary file and returns the module's bytes.
func ModuleBytes(ctx context.Context, dir string) ([]byte, error) {
	tmp, err := os.MkdirTemp("", "dwarfscope-wasi")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "dwarfscope.wasm")
	if err := BuildModule(ctx, dir, out); err != nil {
		return nil, err
	}
	return os.ReadFile(out)
}
