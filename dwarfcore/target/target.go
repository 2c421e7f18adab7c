// Package target describes the machines dwarfscope emits debug information
// for: byte order, address size and the line-program header parameters.
//
// ELF specifics (class, machine number, relocation types) live in linkcore;
// this package holds only what the front end and the DWARF emitter need.
package target

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// Arch is one supported target architecture.
type Arch struct {
	// Name is the name used on the command line and in the API: "x86_64".
	Name string
	// PtrSize is the size of an address in bytes (4 or 8).
	PtrSize int
	// BigEndian reports whether multi-byte values are stored most
	// significant byte first.
	BigEndian bool
	// LineBase and LineRange are the special-opcode parameters of the line
	// program header (DWARF 5 §6.2.4). The seed uses -5/14 on x86_64 and
	// aarch64 and 0/1 elsewhere.
	LineBase  int8
	LineRange uint8
}

// ByteOrder returns the target's byte order.
func (a *Arch) ByteOrder() binary.ByteOrder {
	if a.BigEndian {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// The supported targets.
var (
	X86_64  = &Arch{Name: "x86_64", PtrSize: 8, LineBase: -5, LineRange: 14}
	X86     = &Arch{Name: "x86", PtrSize: 4, LineBase: 0, LineRange: 1}
	AArch64 = &Arch{Name: "aarch64", PtrSize: 8, LineBase: -5, LineRange: 14}
	RISCV64 = &Arch{Name: "riscv64", PtrSize: 8, LineBase: 0, LineRange: 1}
	S390X   = &Arch{Name: "s390x", PtrSize: 8, BigEndian: true, LineBase: 0, LineRange: 1}
)

// Wasm32 is 32-bit WebAssembly. It is not in All: it has no ELF form,
// and only the WebAssembly container (linkcore/wasmobj) builds for it.
var Wasm32 = &Arch{Name: "wasm32", PtrSize: 4, LineBase: 0, LineRange: 1}

// All lists every supported target, the default first.
var All = []*Arch{X86_64, X86, AArch64, RISCV64, S390X}

// Lookup returns the target with the given name.
func Lookup(name string) (*Arch, error) {
	for _, a := range All {
		if a.Name == name {
			return a, nil
		}
	}
	return nil, fmt.Errorf("unknown target %q (want one of %s)", name, Names())
}

// Names returns the supported target names separated by "|".
func Names() string {
	var names []string
	for _, a := range All {
		names = append(names, a.Name)
	}
	return strings.Join(names, "|")
}
