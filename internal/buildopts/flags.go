//go:build !(js && wasm)

// The command-line side of the options, left out of the browser page's
// WebAssembly build: package flag and its usage printing cost the page
// about 15 KB (gzip) for nothing.

package buildopts

import (
	"flag"
	"fmt"
	"strings"
)

// Register defines every option as a string flag on fs and returns the
// map Parse reads once fs.Parse has run.
func Register(fs *flag.FlagSet) map[string]*string {
	vals := map[string]*string{}
	for _, opt := range All {
		def := opt.Default
		if opt.ExeDefault != "" {
			def = "" // Parse picks the default by -kind and -container
		}
		vals[opt.Name] = fs.String(opt.Name, def,
			fmt.Sprintf("%s\n(%s)", opt.Usage, strings.Join(opt.Values, "|")))
	}
	return vals
}

// Values reads registered flags back into a map for Parse.
func Values(flags map[string]*string) map[string]string {
	m := map[string]string{}
	for k, v := range flags {
		m[k] = *v
	}
	return m
}

// RegisterLimits defines the -max-* flags on fs, each defaulting to its
// field in def, and returns the Limits they fill in once fs.Parse has run.
func RegisterLimits(fs *flag.FlagSet, def Limits) *Limits {
	l := new(Limits)
	fs.Int64Var(&l.MaxSource, "max-source", def.MaxSource, "largest source in bytes")
	fs.IntVar(&l.MaxDecls, "max-decls", def.MaxDecls, "most declarations in a source")
	fs.IntVar(&l.MaxDepth, "max-depth", def.MaxDepth, "deepest nesting of types, expressions and blocks")
	fs.IntVar(&l.MaxTokens, "max-tokens", def.MaxTokens, "most tokens in a source (a work budget)")
	fs.Uint64Var(&l.MaxTypeSize, "max-type-size", def.MaxTypeSize, "largest type in bytes")
	fs.Uint64Var(&l.MaxData, "max-data", def.MaxData, "most global data in bytes")
	fs.IntVar(&l.MaxOutput, "max-output", def.MaxOutput, "largest ELF file in bytes (estimated before building)")
	return l
}
