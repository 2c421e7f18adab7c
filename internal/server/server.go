// Package server is dwarfscope's HTTP handler: it serves the page and the
// export API, which turns source text into the same ELF bytes the
// `dwarfscope build` command writes for the same options.
//
//	POST /api/build?kind=obj&format=32&target=x86_64&lines=incremental&profile=zig&name=basic.zig
//	     body: the source text
//	     200: the ELF file (Content-Disposition: attachment)
//	     400: {"errors":[{"file","line","col","message"}]} or {"option","error"}
//	     413: the body is larger than Config.MaxBody
//	GET  /healthz
package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// Config bounds what one request may cost.
type Config struct {
	// MaxBody is the largest accepted source, in bytes.
	MaxBody int64
	// Timeout bounds the time spent building one request.
	Timeout time.Duration
	// Static holds the page's files; nil serves no page.
	Static fs.FS
}

// DefaultConfig is used for zero fields of a Config.
var DefaultConfig = Config{MaxBody: 1 << 20, Timeout: 10 * time.Second}

// New returns the handler.
func New(cfg Config) http.Handler {
	if cfg.MaxBody == 0 {
		cfg.MaxBody = DefaultConfig.MaxBody
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultConfig.Timeout
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	mux.Handle("POST /api/build", http.TimeoutHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		exportHandler(cfg, w, r)
	}), cfg.Timeout, `{"error":"build took too long"}`))
	if cfg.Static != nil {
		mux.Handle("GET /", http.FileServerFS(cfg.Static))
	}
	return mux
}

// apiError is the JSON body of a 4xx answer.
type apiError struct {
	Errors []*lang.Error `json:"errors,omitempty"`
	Option string        `json:"option,omitempty"`
	Error  string        `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func exportHandler(cfg Config, w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	name := q.Get("name")
	if name == "" {
		name = "main.zig"
	}
	if strings.ContainsAny(name, "/\\\x00") || !strings.HasSuffix(name, ".zig") || len(name) > 128 {
		writeJSON(w, http.StatusBadRequest, apiError{Option: "name",
			Error: "option name: want a plain file name ending in .zig"})
		return
	}
	vals := map[string]string{}
	for k := range q {
		if k != "name" {
			vals[k] = q.Get(k)
		}
	}
	opts, err := buildopts.Parse(vals)
	if err != nil {
		var oe *buildopts.Error
		errors.As(err, &oe)
		writeJSON(w, http.StatusBadRequest, apiError{Option: oe.Option, Error: err.Error()})
		return
	}
	src, err := io.ReadAll(http.MaxBytesReader(w, r.Body, cfg.MaxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeJSON(w, http.StatusRequestEntityTooLarge, apiError{
				Error: fmt.Sprintf("source larger than %d bytes", cfg.MaxBody)})
			return
		}
		writeJSON(w, http.StatusBadRequest, apiError{Error: "reading body: " + err.Error()})
		return
	}
	res, err := linkcore.Build(name, src, opts)
	if err != nil {
		var list lang.ErrorList
		if errors.As(err, &list) {
			writeJSON(w, http.StatusBadRequest, apiError{Errors: list, Error: list.Error()})
			return
		}
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: err.Error()})
		return
	}
	out := strings.TrimSuffix(path.Base(name), ".zig") + ".o"
	w.Header().Set("Content-Type", "application/x-elf")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", out))
	w.Header().Set("Content-Length", fmt.Sprint(len(res.ELF)))
	w.Write(res.ELF)
}
