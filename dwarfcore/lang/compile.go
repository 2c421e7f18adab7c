package lang

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// Config bounds a compilation. Zero fields take their defaults.
type Config struct {
	// Arch is the target; nil means x86_64.
	Arch *target.Arch
	// MaxTypeSize is the largest run-time type size in bytes accepted
	// (default 1<<32).
	MaxTypeSize uint64
	// MaxDepth bounds the nesting of expressions, types, blocks and
	// containers (default 512).
	MaxDepth int
	// MaxDecls bounds the number of declarations (default 100000).
	MaxDecls int
	// MaxTokens, when not 0, bounds the number of tokens of the source
	// (Compile; a Session does not look at it): a work budget for the
	// whole compilation, checked as the source is parsed.
	MaxTokens int
	// MaxNameBytes bounds the total bytes of the names the program
	// makes (fully qualified declaration names, type names), which the
	// output repeats in its symbol table and debug strings: a long
	// container name times many members (default 1<<30).
	MaxNameBytes uint64
	// Context, when not nil, stops the parse and the check once it is
	// done: the parser looks at it every few thousand tokens, the check
	// every few thousand evaluations, and either then fails with a
	// "build stopped" error.
	Context context.Context
}

// The Config defaults.
const (
	DefaultMaxTypeSize = 1 << 32
	DefaultMaxDepth    = 512
	DefaultMaxDecls    = 100000
	DefaultMaxNames    = 1 << 30
)

// Compile parses and checks one source file for arch (nil: x86_64). On
// bad input the error is an ErrorList holding every diagnostic found,
// sorted by position.
func Compile(path string, src []byte, arch *target.Arch) (*Program, error) {
	return CompileConfig(path, src, Config{Arch: arch})
}

// CompileConfig is Compile with explicit limits.
func CompileConfig(path string, src []byte, cfg Config) (prog *Program, err error) {
	cfg = cfg.withDefaults()
	errs := &errSink{}
	defer func() {
		// A safety net: an internal error must reach the user as a
		// diagnostic, never as a crash.
		if r := recover(); r != nil {
			prog = nil
			errs.list = append(errs.list, &Error{Line: 1, Col: 1,
				Msg: fmt.Sprintf("internal error: %v\n%s", r, debug.Stack())})
			err = finishErrors(path, src, errs.list)
		}
	}()
	root := parseFileLimited(cfg.Context, src, errs, cfg.MaxDepth, cfg.MaxTokens)
	if len(errs.list) == 0 {
		prog = newChecker(path, src, cfg, errs).check(root)
	}
	if len(errs.list) > 0 {
		return nil, finishErrors(path, src, errs.list)
	}
	return prog, nil
}

// withDefaults returns cfg with its zero fields set to the defaults.
func (cfg Config) withDefaults() Config {
	if cfg.Arch == nil {
		cfg.Arch = target.X86_64
	}
	if cfg.MaxTypeSize == 0 {
		cfg.MaxTypeSize = DefaultMaxTypeSize
	}
	if cfg.MaxDepth <= 0 {
		cfg.MaxDepth = DefaultMaxDepth
	}
	if cfg.MaxDecls <= 0 {
		cfg.MaxDecls = DefaultMaxDecls
	}
	if cfg.MaxNameBytes == 0 {
		cfg.MaxNameBytes = DefaultMaxNames
	}
	return cfg
}

// finishErrors fills in file names and source lines and sorts the list.
func finishErrors(path string, src []byte, list ErrorList) ErrorList {
	lines := bytes.Split(src, []byte("\n"))
	for _, e := range list {
		if e.Line < 1 {
			e.Line, e.Col = 1, 1
		}
		if e.Col < 1 {
			e.Col = 1
		}
	}
	list.Sort()
	list = list.Bound(len(list) >= maxErrors)
	for _, e := range list {
		e.File = path
		if e.Line <= len(lines) {
			e.SetSource(strings.TrimSuffix(string(lines[e.Line-1]), "\r"))
		}
	}
	return list
}

// fileStem is the root struct's name: the file name without directory
// and extension.
func fileStem(path string) string {
	base := filepath.Base(filepath.ToSlash(path))
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	if base == "" || base == "." || base == "/" {
		base = "root"
	}
	return base
}
