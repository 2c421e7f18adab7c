package buildopts

import (
	"cmp"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// Limits bound what one build may cost. Every front end uses this one set:
// the command line (CommandLimits, raised with -max-* flags), the HTTP
// server, the wazero guest and the Worker (ServerLimits). Each is checked
// before the work it bounds: the source size before reading it whole, the
// declarations, nesting and type sizes while checking, the data and the
// estimated output size before anything is encoded or written. Zero fields
// take the value in ServerLimits.
type Limits struct {
	// MaxSource is the largest source in bytes.
	MaxSource int64
	// MaxDecls bounds the number of declarations.
	MaxDecls int
	// MaxDepth bounds the nesting of expressions, types and containers.
	MaxDepth int
	// MaxTokens bounds the tokens of the source: a work budget for the
	// whole build, the same in process and in the wazero guest (where a
	// build runs many times slower, so a time limit alone would answer
	// differently).
	MaxTokens int
	// MaxTypeSize is the largest type size in bytes.
	MaxTypeSize uint64
	// MaxData bounds the total size of the program's global data.
	MaxData uint64
	// MaxOutput bounds the size of the ELF file; the build estimates it
	// from the checked program before building and refuses a program
	// whose estimate is already over.
	MaxOutput int
}

// ServerLimits are the limits of the export server, the wazero guest and
// the Worker: generous for hand-written programs (the debugger samples use
// under 1 KiB of data and 100 declarations), small enough that 64
// concurrent hostile requests fit in a few hundred MiB.
var ServerLimits = Limits{
	MaxSource:   1 << 20,
	MaxDecls:    20000,
	MaxDepth:    lang.DefaultMaxDepth,
	MaxTokens:   200000,
	MaxTypeSize: 1 << 20,
	MaxData:     4 << 20,
	MaxOutput:   16 << 20,
}

// CommandLimits are the command line's limits: generous but finite (a
// careless source must not write gigabytes or take the machine's memory);
// the -max-* flags raise them.
var CommandLimits = Limits{
	MaxSource:   16 << 20,
	MaxDecls:    lang.DefaultMaxDecls,
	MaxDepth:    lang.DefaultMaxDepth,
	MaxTokens:   8 << 20,
	MaxTypeSize: 128 << 20,
	MaxData:     128 << 20,
	MaxOutput:   256 << 20,
}

// WithDefaults returns l with zero fields set from ServerLimits.
func (l Limits) WithDefaults() Limits {
	d := ServerLimits
	l.MaxSource = cmp.Or(l.MaxSource, d.MaxSource)
	l.MaxDecls = cmp.Or(l.MaxDecls, d.MaxDecls)
	l.MaxDepth = cmp.Or(l.MaxDepth, d.MaxDepth)
	l.MaxTokens = cmp.Or(l.MaxTokens, d.MaxTokens)
	l.MaxTypeSize = cmp.Or(l.MaxTypeSize, d.MaxTypeSize)
	l.MaxData = cmp.Or(l.MaxData, d.MaxData)
	l.MaxOutput = cmp.Or(l.MaxOutput, d.MaxOutput)
	return l
}

// Apply sets the build limits in o (the front end's, the data and the
// output estimate's).
func (l Limits) Apply(o *linkcore.Options) {
	l = l.WithDefaults()
	// Every name the program makes lands in the output at least once.
	o.Limits = lang.Config{MaxTypeSize: l.MaxTypeSize, MaxDepth: l.MaxDepth, MaxDecls: l.MaxDecls,
		MaxTokens: l.MaxTokens, MaxNameBytes: uint64(l.MaxOutput)}
	o.MaxData = l.MaxData
	o.MaxOutput = uint64(l.MaxOutput)
}
