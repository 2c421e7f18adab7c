// Command dwarfscope-wasi is the export core as a WebAssembly (WASI) command:
// the source text on stdin, the options as flags, the ELF file on stdout.
// On failure it writes the export API's JSON error (export.Failure, with
// "status") to stderr and exits 1. internal/sandbox runs it inside wazero.
//
//	GOOS=wasip1 GOARCH=wasm go build -o dwarfscope.wasm ./cmd/dwarfscope-wasi
//
// Besides WASI it imports one function, dwarfscope.look, which the build
// calls wherever it looks at its context (hostContext): the host answers
// whether the build may go on, so the host can stop it, yield the
// processor or move it to another pool of build slots, as it does with
// the builds it runs in process. It builds natively too, without the
// import (go run ./cmd/dwarfscope-wasi < x.zig > x.o).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/internal/export"
)

func main() {
	fs := flag.NewFlagSet("dwarfscope-wasi", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	name := fs.String("name", "main.zig", "source file name")
	opts := buildopts.Register(fs)
	lim := buildopts.RegisterLimits(fs, export.DefaultLimits)
	if err := fs.Parse(os.Args[1:]); err != nil {
		fail(&export.Failure{Status: 400, Msg: err.Error()})
	}
	src, err := io.ReadAll(io.LimitReader(os.Stdin, lim.MaxSource+1))
	if err != nil {
		fail(&export.Failure{Status: 400, Msg: "reading source: " + err.Error()})
	}
	if int64(len(src)) > lim.MaxSource {
		fail(&export.Failure{Status: 413, Msg: fmt.Sprintf("source larger than the limit of %d bytes", lim.MaxSource)})
	}
	res, f := export.BuildContext(&hostContext{Context: context.Background()},
		&export.Request{Name: *name, Options: buildopts.Values(opts), Source: src}, *lim)
	if f != nil {
		fail(f)
	}
	if _, err := os.Stdout.Write(res.ELF); err != nil {
		os.Exit(2)
	}
}

func fail(f *export.Failure) {
	json.NewEncoder(os.Stderr).Encode(f)
	os.Exit(1)
}

// hostContext is the build's context in the sandbox: its Err asks the
// host (hostLook), and once the host said stop it stays stopped.
type hostContext struct {
	context.Context
	err error
}

func (c *hostContext) Err() error {
	if c.err == nil && hostLook() != 0 {
		c.err = context.Canceled
	}
	return c.err
}
