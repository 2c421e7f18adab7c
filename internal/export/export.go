// Package export turns one export request (a file name, the build options as
// name/value pairs, the source text) into ELF bytes or a Failure, under
// Limits. It is the logic every export front end shares: the HTTP server
// (internal/server), the WebAssembly command run inside wazero
// (cmd/dwarfscope-wasi) and the Cloudflare Worker (cmd/worker); it uses
// no network or file system, so it builds for GOOS=wasip1 and GOOS=js.
package export

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// Limits bound what one export may cost. Zero fields take the value in
// DefaultLimits.
type Limits struct {
	// MaxDecls bounds the number of declarations.
	MaxDecls int
	// MaxDepth bounds the nesting of expressions, types and containers.
	MaxDepth int
	// MaxTypeSize is the largest type size in bytes.
	MaxTypeSize uint64
	// MaxData bounds the total size of the program's global data.
	MaxData uint64
	// MaxOutput bounds the size of the ELF file.
	MaxOutput int
}

// DefaultLimits are the limits the server and the command use unless told
// otherwise: generous for hand-written programs (the debugger samples use
// under 1 KiB of data and 100 declarations), small enough that 64
// concurrent hostile requests fit in a few hundred MiB.
var DefaultLimits = Limits{
	MaxDecls:    20000,
	MaxDepth:    256,
	MaxTypeSize: 1 << 20,
	MaxData:     4 << 20,
	MaxOutput:   16 << 20,
}

// WithDefaults returns l with zero fields set from DefaultLimits.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits
	if l.MaxDecls == 0 {
		l.MaxDecls = d.MaxDecls
	}
	if l.MaxDepth == 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxTypeSize == 0 {
		l.MaxTypeSize = d.MaxTypeSize
	}
	if l.MaxData == 0 {
		l.MaxData = d.MaxData
	}
	if l.MaxOutput == 0 {
		l.MaxOutput = d.MaxOutput
	}
	return l
}

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
	opts.Limits = lang.Config{MaxTypeSize: lim.MaxTypeSize, MaxDepth: lim.MaxDepth, MaxDecls: lim.MaxDecls}
	opts.MaxData = lim.MaxData
	return opts, nil
}

// Build runs one export: the same linkcore.Build the command line runs,
// with the limits applied.
func Build(req *Request, lim Limits) (*Result, *Failure) {
	lim = lim.WithDefaults()
	opts, f := Options(req, lim)
	if f != nil {
		return nil, f
	}
	name := fileName(req.Name)
	res, err := linkcore.Build(name, req.Source, opts)
	if err != nil {
		var list lang.ErrorList
		if errors.As(err, &list) {
			return nil, &Failure{Status: 400, Errors: list, Msg: list.Error()}
		}
		return nil, &Failure{Status: 422, Msg: err.Error()}
	}
	if len(res.ELF) > lim.MaxOutput {
		return nil, &Failure{Status: 413,
			Msg: fmt.Sprintf("output of %d bytes is larger than the limit of %d bytes", len(res.ELF), lim.MaxOutput)}
	}
	return &Result{FileName: OutputName(name, opts.Kind), ELF: res.ELF}, nil
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
