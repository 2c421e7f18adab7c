// Package samples holds copies of the four debugger samples that came with
// the reference design (../shared/samples): basic, optionals, slices and
// storage, each a program (NAME.zig), an lldb script (NAME.lldb) and the
// values a Zig-aware lldb printed (NAME.expected). The front end's tests,
// the debugger tests and the explorer's samples menu read them from here,
// so all of them work in a clone without ../shared.
//
// The programs are also plain strings (Source), which is all the
// explorer's WebAssembly build links: an embed.FS would bring in file
// metadata and with it most of package time (about 50 KB gzip).
package samples

import _ "embed" // the programs as strings

var (
	//go:embed basic.zig
	basicZig string
	//go:embed optionals.zig
	optionalsZig string
	//go:embed slices.zig
	slicesZig string
	//go:embed storage.zig
	storageZig string
)

// Names lists the samples in the order the reference design gives them.
var Names = []string{"basic", "optionals", "slices", "storage"}

// sources holds the programs by file name.
var sources = map[string]string{
	"basic.zig":     basicZig,
	"optionals.zig": optionalsZig,
	"slices.zig":    slicesZig,
	"storage.zig":   storageZig,
}

// Source returns the program of a sample by file name ("basic.zig").
func Source(file string) (string, bool) {
	src, ok := sources[file]
	return src, ok
}

// Program is one sample's source file.
type Program struct {
	Name string // file name, "basic.zig"
	Src  []byte
}

// Programs returns the samples' sources in the order of Names.
func Programs() []Program {
	var out []Program
	for _, n := range Names {
		out = append(out, Program{Name: n + ".zig", Src: []byte(sources[n+".zig"])})
	}
	return out
}
