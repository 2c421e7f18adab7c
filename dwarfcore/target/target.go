// Package target describes the machines dwarfscope emits debug information
// for: byte order, address size, the line-program header parameters and
// the DWARF numbers of the registers code generation locates values by.
//
// ELF specifics (class, machine number, relocation types) live in
// linkcore/elfobj; this package holds only what the front end, the code
// generators and the DWARF emitter need.
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
	// FrameReg is the register a function's frame is addressed from:
	// the frame pointer where the code generators set one up (x86_64,
	// x86), the stack pointer elsewhere. Wasm32 has none (NoReg).
	FrameReg Reg
}

// Reg is a DWARF register number: the number a target's psABI gives a
// machine register in DWARF location expressions (DW_OP_regN,
// DW_OP_bregN), not the register's encoding in instructions.
type Reg uint16

// NoReg is the register of a target without one for the purpose.
const NoReg Reg = 0xffff

// DWARF register numbers of the registers the code generators use, from
// each target's psABI DWARF register mapping.
const (
	X86_64RBP Reg = 6  // System V x86-64 psABI: rbp
	X86EBP    Reg = 5  // i386 psABI: ebp
	AArch64SP Reg = 31 // AArch64 DWARF: sp
	RISCVSP   Reg = 2  // RISC-V: x2 (sp)
	S390XSP   Reg = 15 // s390x: r15 (stack pointer)
)

// ByteOrder returns the target's byte order.
func (a *Arch) ByteOrder() binary.ByteOrder {
	if a.BigEndian {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// The supported targets.
var (
	X86_64  = &Arch{Name: "x86_64", PtrSize: 8, LineBase: -5, LineRange: 14, FrameReg: X86_64RBP}
	X86     = &Arch{Name: "x86", PtrSize: 4, LineBase: 0, LineRange: 1, FrameReg: X86EBP}
	AArch64 = &Arch{Name: "aarch64", PtrSize: 8, LineBase: -5, LineRange: 14, FrameReg: AArch64SP}
	RISCV64 = &Arch{Name: "riscv64", PtrSize: 8, LineBase: 0, LineRange: 1, FrameReg: RISCVSP}
	S390X   = &Arch{Name: "s390x", PtrSize: 8, BigEndian: true, LineBase: 0, LineRange: 1, FrameReg: S390XSP}
)

// Wasm32 is 32-bit WebAssembly. It is not in All: it has no ELF form,
// and only the WebAssembly container (linkcore/wasmobj) builds for it.
var Wasm32 = &Arch{Name: "wasm32", PtrSize: 4, LineBase: 0, LineRange: 1, FrameReg: NoReg}

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
