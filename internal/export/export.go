// Package export turns one export request (a file name, the build options as
// name/value pairs, the source text) into ELF bytes or a Failure, under
// Limits. It is the logic every export front end shares: the HTTP server
// (internal/server), the WebAssembly command run inside wazero
// (cmd/dwarfscope-wasi) and the Cloudflare Worker (cmd/worker); it uses
// no network or file system, so it builds for GOOS=wasip1 and GOOS=js.
package export

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// Limits bound what one export may cost: the one set of limits the
// command line, the server, the wazero guest and the Worker share
// (buildopts.Limits). Zero fields take the value in DefaultLimits.
type Limits = buildopts.Limits

// DefaultLimits are the limits the server, the wazero guest and the Worker
// use unless told otherwise (buildopts.ServerLimits).
var DefaultLimits = buildopts.ServerLimits

// Request is one export.
type Request struct {
	// Name is the source file name ("basic.zig"); empty means "main.zig".
	Name string
	// Options are the build options by name (buildopts), as the query
	// parameters or command-line flags gave them.
	Options map[string]string
	Source  []byte
}

// Failure is a request the export refused, in the JSON shape the API
// answers: source errors with their positions, or a bad option named.
type Failure struct {
	// Status is the HTTP status that fits: 400 for bad source or options,
	// 413 for output over the limit, 422 for a build that failed or hit
	// a resource limit (time, memory).
	Status int           `json:"status"`
	Errors []*lang.Error `json:"errors,omitempty"`
	Option string        `json:"option,omitempty"`
	Msg    string        `json:"error"`
}

func (f *Failure) Error() string { return f.Msg }

// Result is an exported file.
type Result struct {
	// FileName is the name to save the file under ("basic.o").
	FileName string
	ELF      []byte
}

// Options checks a request's name and options and returns the build
// options with the limits applied.
func Options(req *Request, lim Limits) (linkcore.Options, *Failure) {
	lim = lim.WithDefaults()
	if f := checkName(req.Name); f != nil {
		return linkcore.Options{}, f
	}
	opts, err := buildopts.Parse(req.Options)
	if err != nil {
		var oe *buildopts.Error
		if errors.As(err, &oe) {
			return opts, &Failure{Status: 400, Option: oe.Option, Msg: err.Error()}
		}
		return opts, &Failure{Status: 400, Msg: err.Error()}
	}
	lim.Apply(&opts)
	return opts, nil
}

// Build runs one export: the same linkcore.Build the command line runs,
// with the limits applied.
func Build(req *Request, lim Limits) (*Result, *Failure) {
	return BuildContext(context.Background(), req, lim)
}

// BuildContext is Build stopped once ctx is done (linkcore.BuildContext);
// a stopped build is a 422.
func BuildContext(ctx context.Context, req *Request, lim Limits) (*Result, *Failure) {
	lim = lim.WithDefaults()
	opts, f := Options(req, lim)
	if f != nil {
		return nil, f
	}
	if int64(len(req.Source)) > lim.MaxSource {
		return nil, &Failure{Status: 413, Msg: fmt.Sprintf("source larger than the limit of %d bytes", lim.MaxSource)}
	}
	name := fileName(req.Name)
	res, err := linkcore.BuildContext(ctx, name, req.Source, opts)
	if err != nil {
		return nil, failure(ctx, err)
	}
	return &Result{FileName: OutputName(name, opts.Kind), ELF: res.ELF}, nil
}

// failure is the Failure for a build error: 400 for errors in the source,
// 413 for output over the limit, 422 for a stopped build or any other
// refusal.
func failure(ctx context.Context, err error) *Failure {
	var list lang.ErrorList
	var big *linkcore.OutputTooLargeError
	switch {
	case ctx.Err() != nil:
		return &Failure{Status: 422, Msg: "build stopped: " + context.Cause(ctx).Error()}
	case errors.As(err, &list):
		return &Failure{Status: 400, Errors: list, Msg: list.Error()}
	case errors.As(err, &big):
		return &Failure{Status: 413, Msg: big.Error()}
	}
	return &Failure{Status: 422, Msg: err.Error()}
}

func fileName(name string) string {
	if name == "" {
		return "main.zig"
	}
	return name
}

// checkName accepts a plain file name ending in .zig (or none).
func checkName(name string) *Failure {
	if name == "" {
		return nil
	}
	if strings.ContainsAny(name, "/\\\x00\"\r\n") || !strings.HasSuffix(name, ".zig") || len(name) > 128 || name == ".zig" {
		return &Failure{Status: 400, Option: "name",
			Msg: "option name: want a plain file name ending in .zig (at most 128 bytes)"}
	}
	return nil
}

// OutputName is the file name an export is saved under: the source's
// name with .zig replaced by .o for objects and removed for executables.
func OutputName(src string, kind linkcore.Kind) string {
	base := strings.TrimSuffix(fileName(src), ".zig")
	if kind == linkcore.KindObject {
		return base + ".o"
	}
	return base
}
