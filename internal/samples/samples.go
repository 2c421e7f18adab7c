// Package samples holds copies of the four debugger samples that came with
// the reference design (../shared/samples): basic, optionals, slices and
// storage, each a program (NAME.zig), an lldb script (NAME.lldb) and the
// values a Zig-aware lldb printed (NAME.expected). The front end's tests,
// the debugger tests and the explorer's samples menu read them from here,
// so all of them work in a clone without ../shared.
package samples

import "embed"

// FS holds the samples' files at its root.
//
//go:embed *.zig *.lldb *.expected
var FS embed.FS

// Names lists the samples in the order the reference design gives them.
var Names = []string{"basic", "optionals", "slices", "storage"}

// Program is one sample's source file.
type Program struct {
	Name string // file name, "basic.zig"
	Src  []byte
}

// Programs returns the samples' sources in the order of Names.
func Programs() []Program {
	var out []Program
	for _, n := range Names {
		src, err := FS.ReadFile(n + ".zig")
		if err != nil {
			panic("samples: " + err.Error()) // embedded at build time
		}
		out = append(out, Program{Name: n + ".zig", Src: src})
	}
	return out
}
