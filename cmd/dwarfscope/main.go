// Command dwarfscope compiles declarations in a small Zig subset to ELF
// files carrying DWARF 5 debug information laid out the way the Zig
// compiler's incremental emitter lays it out.
//
// Usage:
//
//	dwarfscope build [options] [-o OUT] FILE.zig
//
// Run `dwarfscope -h` or `dwarfscope build -h` for the options.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

const usage = `dwarfscope: see how DWARF 5 for Zig-like declarations is laid out.

Usage:
  dwarfscope build [options] [-o OUT] FILE.zig
      Compile FILE.zig to an ELF file: a relocatable object (default OUT:
      FILE.o in the current directory) or, with -kind exe, a static x86-64
      Linux executable (default OUT: FILE in the current directory) that
      gdb and lldb debug. OUT is never the source itself. On bad input,
      print the errors (at most 20) as file:line:col: error: message
      (with the source line and a caret) and exit 1. The -max-* options
      bound the source, the program and the output (-h lists them).

  dwarfscope layout [options] V1.zig [V2.zig ...] [-o OUT] [-json] [-check]
      Apply the versions in order as edits of one incremental build and
      print each step's edit log (entries and units written in place,
      moved, padded or freed; bytes written per section; section moves
      in the file), then the final layout (sections, units, entries with
      offsets, lengths, slack and padding; the file map; relocations).
      -o writes the final incremental image, -json prints the same as
      JSON, -check also builds the last version from scratch and reports
      any difference (exit 1 if there is one).

  dwarfscope inspect [-json] [-layout] FILE
      Read any ELF file's DWARF 2-5 (objects, executables, shared
      objects; 32/64-bit; either byte order; compressed sections) and
      print its units, DIEs and relocations, or with -json the annotated
      map of every debug section (every byte once, in the schema of the
      page's map); -layout prints every structure's layout as pahole
      does (offsets, sizes, bit fields, holes, padding). Exit 1 when FILE
      is not a readable ELF file.

  dwarfscope verify FILE
      Check any ELF file's DWARF as llvm-dwarfdump --verify does (unit
      headers, abbreviations, references, ranges, string offsets, line
      tables, expressions, types). Exit 0 when clean, 1 with each finding
      and its offset.

  dwarfscope compare [-json] A B
      Compare the DWARF of two ELF files (any: ours, gcc's, clang's) unit
      by unit, entry by entry, attribute by attribute, and print what
      differs as a diff grouped by unit and entry, with each side's bytes
      (offset+length in .debug_info). Values are compared by meaning (a
      string by its text, a reference by the entry it points to); a value
      that means the same in another form or size (data1 against udata,
      DWARF32 against DWARF64 offsets) is marked ~. -json prints the
      whole comparison (schema: docs/compare-json.md). Exit 0 when equal,
      1 when different, 2 on error, as cmp and diff do.

  dwarfscope help
      Print this text.

Run 'dwarfscope build -h' for the build options.
Exit status: 0 success, 1 errors in the input, 2 bad usage or I/O failure.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return build(args[1:], stdout, stderr)
	case "layout":
		return layout(args[1:], stdout, stderr)
	case "inspect":
		return inspect(args[1:], stdout, stderr)
	case "verify":
		return verify(args[1:], stdout, stderr)
	case "compare":
		return compareFiles(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "dwarfscope: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// parseArgs parses a command's flags and checks that they leave n
// arguments. When the command cannot go on, it returns false and the
// command's exit code: parseFailed's, or 2 after printing the usage for
// another number of arguments.
func parseArgs(fs *flag.FlagSet, args []string, n int) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		return parseFailed(err), false
	}
	if fs.NArg() != n {
		fs.Usage()
		return 2, false
	}
	return 0, true
}

// parseFailed is a command's exit code when its flags do not parse: 0
// after -h (the flag package printed the usage), 2 otherwise.
func parseFailed(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

func build(args []string, stdout, stderr io.Writer) int {
	fs, bf := newBuildFlags("build", stderr)
	out := fs.String("o", "", "output file (default: FILE.o for an object, FILE for an executable, in the current directory;\nnever the source itself)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dwarfscope build [options] [-o OUT] FILE.zig\n\nOptions:\n")
		fs.PrintDefaults()
	}
	if code, ok := parseArgs(fs, args, 1); !ok {
		return code
	}
	o, ok := bf.options(stderr)
	if !ok {
		return 2
	}
	path := fs.Arg(0)
	dst := *out
	if dst == "" {
		ext := ".o"
		if o.Kind == linkcore.KindExecutable {
			ext = ""
		}
		dst = defaultOutput(path, ext)
	}
	if err := checkOutput(dst, []string{path}); err != nil {
		fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
		return 2
	}
	src, err := readSource(path, bf.lim.MaxSource)
	if err != nil {
		fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
		return 2
	}
	res, err := linkcore.Build(filepath.Base(path), src, o)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	mode := os.FileMode(0o644)
	if o.Kind == linkcore.KindExecutable {
		mode = 0o755
	}
	if err := writeOutput(dst, res.ELF, mode); err != nil {
		fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
		return 2
	}
	return 0
}

// buildFlags are the build options and limits a subcommand takes as
// flags (buildopts.Register, buildopts.RegisterLimits).
type buildFlags struct {
	opts map[string]*string
	lim  *buildopts.Limits
}

// newBuildFlags returns the flag set of a subcommand that builds, with
// the build options and limits defined on it.
func newBuildFlags(name string, stderr io.Writer) (*flag.FlagSet, buildFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	opts := buildopts.Register(fs)
	lim := buildopts.RegisterLimits(fs, buildopts.CommandLimits)
	return fs, buildFlags{opts, lim}
}

// options reads the build options and limits once the flags are parsed;
// on an error it prints it and returns false.
func (bf buildFlags) options(stderr io.Writer) (linkcore.Options, bool) {
	o, err := buildopts.Parse(buildopts.Values(bf.opts))
	if err != nil {
		fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
		return o, false
	}
	bf.lim.Apply(&o)
	return o, true
}
