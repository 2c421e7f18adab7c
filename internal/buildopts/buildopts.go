// Package buildopts names the build options shared by the command line
// (`dwarfscope build -format 64`) and the export API (`?format=64`), so
// both accept exactly the same names and values.
package buildopts

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/linkcore"
	"github.com/dwarfscope/dwarfscope/linkcore/macho"
	"github.com/dwarfscope/dwarfscope/linkcore/wasmobj"
)

// Option is one named build option.
type Option struct {
	Name    string
	Default string
	// ExeDefault, when set, is the default with -kind exe and with
	// -container macho: executables, and Mach-O objects (for lldb, which
	// has no Zig type system), are for debuggers, so they default to what
	// stock debuggers read.
	ExeDefault string
	Values     []string // the accepted values
	Usage      string
	apply      func(o *linkcore.Options, v string) error
}

// All lists the options in the order they are documented.
var All = []*Option{
	{
		Name: "kind", Default: "obj", Values: []string{"obj", "exe"},
		Usage: "what to build: obj (a relocatable ELF object) or exe (a static x86_64 executable that runs main)",
		apply: func(o *linkcore.Options, v string) error {
			o.Kind = linkcore.KindObject
			if v == "exe" {
				o.Kind = linkcore.KindExecutable
			}
			return nil
		},
	},
	{
		Name: "format", Default: "32", Values: []string{"32", "64"},
		Usage: "DWARF format: 32 (4-byte section offsets) or 64 (8-byte)",
		apply: func(o *linkcore.Options, v string) error {
			o.Debug.Format = dwarfcore.DWARF32
			if v == "64" {
				o.Debug.Format = dwarfcore.DWARF64
			}
			return nil
		},
	},
	{
		Name: "target", Default: "x86_64", Values: strings.Split(target.Names(), "|"),
		Usage: "target architecture; fixes byte order, address size, ELF class and machine",
		apply: func(o *linkcore.Options, v string) error {
			a, err := target.Lookup(v)
			o.Debug.Arch = a
			return err
		},
	},
	{
		Name: "lines", Default: "plain", Values: []string{"plain", "incremental"},
		Usage: "line programs: plain (DW_LNE_set_address, what every debugger reads) or\nincremental (the seed's DW_LNE_ZIG_set_decl, addresses implied by the declaration)",
		apply: func(o *linkcore.Options, v string) error {
			o.Debug.Lines = dwarfcore.LinesIncremental
			if v == "plain" {
				o.Debug.Lines = dwarfcore.LinesPlain
			}
			return nil
		},
	},
	{
		Name: "profile", Default: "zig", ExeDefault: "portable", Values: []string{"zig", "portable"},
		Usage: "type encoding: zig (the seed's, with DW_TAG_variant_part) or portable (constructs stock gdb and lldb show);\nthe default is zig for ELF and WebAssembly objects, portable for executables and Mach-O objects",
		apply: func(o *linkcore.Options, v string) error {
			o.Debug.Profile = dwarfcore.ProfileZig
			if v == "portable" {
				o.Debug.Profile = dwarfcore.ProfilePortable
			}
			return nil
		},
	},
	{
		Name: "container", Default: "elf", Values: []string{"elf", "macho", "wasm"},
		Usage: "object file format: elf, macho (a Mach-O object, x86_64 and aarch64, with __DWARF sections)\nor wasm (a WebAssembly object for wasm32 with .debug_* custom sections; the target is ignored)",
		apply: func(o *linkcore.Options, v string) error {
			switch v {
			case "macho":
				o.Container = macho.Container
			case "wasm":
				o.Container = wasmobj.Container
			default:
				o.Container = nil
			}
			return nil
		},
	},
}

// Lookup returns the option with the given name, or nil.
func Lookup(name string) *Option {
	for _, opt := range All {
		if opt.Name == name {
			return opt
		}
	}
	return nil
}

// Error is a bad option value; its message names the option.
type Error struct {
	Option string
	Value  string
	Msg    string
}

func (e *Error) Error() string {
	return fmt.Sprintf("option %s: %s", e.Option, e.Msg)
}

// Parse turns option values (missing ones take their default) into build
// options. Unknown names and values outside an option's list are errors.
func Parse(values map[string]string) (linkcore.Options, error) {
	var o linkcore.Options
	var unknown []string
	for name := range values {
		if Lookup(name) == nil {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return o, &Error{Option: unknown[0], Msg: fmt.Sprintf("unknown option %q", unknown[0])}
	}
	for _, opt := range All {
		v, ok := values[opt.Name]
		if !ok || v == "" {
			v = opt.Default
			if opt.ExeDefault != "" && (values["kind"] == "exe" || values["container"] == "macho") {
				v = opt.ExeDefault
			}
		}
		if !contains(opt.Values, v) {
			return o, &Error{Option: opt.Name, Value: v,
				Msg: fmt.Sprintf("invalid value %q (want %s)", v, strings.Join(opt.Values, "|"))}
		}
		if err := opt.apply(&o, v); err != nil {
			return o, &Error{Option: opt.Name, Value: v, Msg: err.Error()}
		}
	}
	return o, nil
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}
