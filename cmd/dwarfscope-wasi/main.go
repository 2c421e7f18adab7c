// Command dwarfscope-wasi is the export core as a WebAssembly (WASI) command:
// the source text on stdin, the options as flags, the ELF file on stdout.
// On failure it writes the export API's JSON error (export.Failure, with
// "status") to stderr and exits 1. internal/sandbox runs it inside wazero.
//
//	GOOS=wasip1 GOARCH=wasm go build -o dwarfscope.wasm ./cmd/dwarfscope-wasi
//	wazero run dwarfscope.wasm -name basic.zig -format 64 < basic.zig > basic.o
//
// It builds natively too (go run ./cmd/dwarfscope-wasi < x.zig > x.o).
package main

import (
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
	res, f := export.Build(&export.Request{Name: *name, Options: buildopts.Values(opts), Source: src}, *lim)
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
