// Package page serves the explorer page: index.html, its CSS and
// JavaScript (package static), Go's wasm_exec.js and app.wasm, the
// WebAssembly build of ./wasm.
//
// Every file is compressed once, when the handler is made: gzip, and
// brotli (quality 11) for browsers that accept it. Brotli at quality 11
// takes about half a minute for the 7 MB module, so the module's brotli
// form is computed in the background (served gzip until it is ready) and
// kept on disk next to the module, named by the module's SHA-256, so a
// restart with the same module finds it.
//
// Handler builds app.wasm with the Go toolchain when it is called (the go
// build cache makes a rebuild of an unchanged tree take about a second),
// unless Config.Wasm names a prebuilt module. Mount the handler at "/":
//
//	h, err := page.Handler()
//	mux.Handle("/", h)
package page

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/dwarfscope/dwarfscope/static"
)

// Config says where the page's generated files come from.
type Config struct {
	// Wasm is a prebuilt app.wasm; empty builds ./wasm (or uses
	// $DWARFSCOPE_WASM when set).
	Wasm string
	// ModuleDir is the dwarfscope source tree to build from; empty finds
	// it with `go env GOMOD` from the working directory.
	ModuleDir string
	// OutDir receives app.wasm; empty is the user cache directory.
	OutDir string
}

// Handler builds (or loads) the page's files with the default Config and
// returns the handler serving them.
func Handler() (http.Handler, error) { return New(Config{}) }

// asset is one served file, with its gzip and brotli forms (br is nil
// until computed).
type asset struct {
	typ  string
	data []byte
	gz   []byte
	br   atomic.Pointer[[]byte]
}

type handler struct {
	assets  map[string]*asset
	modTime time.Time
	// brDone is closed once every asset has its brotli form.
	brDone chan struct{}
}

// New returns the page handler for cfg.
func New(cfg Config) (http.Handler, error) {
	wasmPath := cfg.Wasm
	if wasmPath == "" {
		wasmPath = os.Getenv("DWARFSCOPE_WASM")
	}
	if wasmPath == "" {
		p, err := BuildWasm(cfg.ModuleDir, cfg.OutDir)
		if err != nil {
			return nil, err
		}
		wasmPath = p
	}
	wasm, err := os.ReadFile(wasmPath)
	if err != nil {
		return nil, err
	}
	goroot, err := goEnv("", "GOROOT")
	if err != nil {
		return nil, err
	}
	execJS, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return nil, fmt.Errorf("page: wasm_exec.js: %w", err)
	}
	h := &handler{assets: map[string]*asset{}, modTime: time.Now(), brDone: make(chan struct{})}
	h.add("/app.wasm", "application/wasm", wasm)
	h.add("/wasm_exec.js", "text/javascript; charset=utf-8", execJS)
	brCache := cfg.OutDir
	if brCache == "" {
		brCache = cacheDir()
	}
	err = fs.WalkDir(static.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(static.FS, p)
		if err != nil {
			return err
		}
		h.add("/"+p, contentType(p), data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for name, a := range h.assets {
		if name != "/app.wasm" {
			a.br.Store(ptr(brotliBytes(a.data)))
		}
	}
	h.assets["/"] = h.assets["/index.html"]
	go func() {
		defer close(h.brDone)
		m := h.assets["/app.wasm"]
		br := cachedBrotli(brCache, m.data)
		m.br.Store(&br)
	}()
	return h, nil
}

func ptr[T any](v T) *T { return &v }

// brotliBytes compresses data at brotli's best quality.
func brotliBytes(data []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

// cachedBrotli returns data's brotli form from dir (app.wasm.SHA256.br)
// when an earlier run left it there, and otherwise computes it and tries
// to leave it there.
func cachedBrotli(dir string, data []byte) []byte {
	sum := sha256.Sum256(data)
	p := filepath.Join(dir, "app.wasm."+hex.EncodeToString(sum[:12])+".br")
	if br, err := os.ReadFile(p); err == nil {
		if dec, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br))); err == nil && bytes.Equal(dec, data) {
			return br
		}
	}
	br := brotliBytes(data)
	if os.MkdirAll(dir, 0o755) == nil {
		tmp := p + ".tmp"
		if os.WriteFile(tmp, br, 0o644) == nil {
			os.Rename(tmp, p)
		}
	}
	return br
}

// acceptsEncoding reports whether an Accept-Encoding header value accepts
// coding (a listed token whose q is not 0).
func acceptsEncoding(header, coding string) bool {
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		if q == "q=0" || strings.HasPrefix(q, "q=0.") && strings.Trim(q[4:], "0") == "" {
			return false
		}
		return true
	}
	return false
}
func contentType(p string) string {
	switch filepath.Ext(p) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".wasm":
		return "application/wasm"
	case ".zig":
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}

func (h *handler) add(name, typ string, data []byte) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	h.assets[name] = &asset{typ: typ, data: data, gz: buf.Bytes()}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	a := h.assets[r.URL.Path]
	if a == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.typ)
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Add("Vary", "Accept-Encoding")
	body := a.data
	ae := r.Header.Get("Accept-Encoding")
	if br := a.br.Load(); br != nil && acceptsEncoding(ae, "br") && len(*br) < len(a.data) {
		w.Header().Set("Content-Encoding", "br")
		body = *br
	} else if acceptsEncoding(ae, "gzip") && len(a.gz) < len(a.data) {
		w.Header().Set("Content-Encoding", "gzip")
		body = a.gz
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// Sizes returns app.wasm's raw, gzip and brotli sizes (for the
// benchmarks), waiting for the brotli form.
func Sizes(h http.Handler) (raw, gz, br int) {
	if ph, ok := h.(*handler); ok {
		WaitCompressed(h)
		if a := ph.assets["/app.wasm"]; a != nil {
			return len(a.data), len(a.gz), len(*a.br.Load())
		}
	}
	return 0, 0, 0
}

// WaitCompressed waits until the handler serves every file's brotli form.
func WaitCompressed(h http.Handler) {
	if ph, ok := h.(*handler); ok {
		<-ph.brDone
	}
}

// BuildWasm builds ./wasm of the module at dir (empty: found from the
// working directory) for GOOS=js GOARCH=wasm, stripped, into outDir
// (empty: the user cache directory), and returns the file's path.
func BuildWasm(dir, outDir string) (string, error) {
	if dir == "" {
		gomod, err := goEnv("", "GOMOD")
		if err != nil {
			return "", err
		}
		if gomod == "" || gomod == os.DevNull {
			return "", fmt.Errorf("page: not inside the dwarfscope module; run from its tree or set DWARFSCOPE_WASM")
		}
		dir = filepath.Dir(gomod)
	}
	if outDir == "" {
		outDir = cacheDir()
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return "", err
	}
	out := filepath.Join(outDir, "app.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, "./wasm")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("page: building the WebAssembly module: %v\n%s", err, msg)
	}
	return out, nil
}

// cacheDir is where built modules and their brotli forms go by default.
func cacheDir() string {
	c, err := os.UserCacheDir()
	if err != nil {
		c = os.TempDir()
	}
	return filepath.Join(c, "dwarfscope")
}

func goEnv(dir, name string) (string, error) {
	cmd := exec.Command("go", "env", name)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("page: go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}
