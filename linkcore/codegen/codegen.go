// Package codegen holds what dwarfscope's code generators share: the
// machine code of a program (Code) as the pipeline places it in .text,
// a function body before placement (Body), the fields of generated code
// that need relocations (Fixup), and the minimal generators of every ELF target
// (frame setup and teardown on x86, a bare return elsewhere). The x86-64
// generator that compiles statements is linkcore/amd64, the WebAssembly
// one linkcore/wasm32.
//
// Code generators hand the DWARF emitter structured locations
// (dwarfcore.Location with the target's DWARF register numbers), never
// DWARF bytes.
package codegen

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/align"
)

// Code is the machine code of a program: the .text section, where each
// function lives in it, the relocations the code needs, and what the DWARF
// emitter needs to know about every function.
type Code struct {
	Arch *target.Arch
	// Text is the contents of .text; Align its alignment (every function
	// starts at a multiple of it).
	Text  []byte
	Align uint64
	// Funcs are the functions with a body, in declaration order.
	Funcs []Function
	// Fixups are the fields of .text that need relocations (calls and
	// data references), against symbols by name.
	Fixups []Fixup
	// Debug has one entry per function of Funcs, in the same order.
	Debug []dwarfcore.FuncCode
	// FuncTypes, set by the WebAssembly generator, are every function's
	// type (defined and extern) by symbol, encoded as in the type section
	// (0x60, parameters, results).
	FuncTypes map[string][]byte
	// Unsupported lists the functions a generator could not compile and
	// gave a body that traps instead, with the reason
	// ("file:line:col: error: ...").
	Unsupported []string
}

// Function is one function's place in .text.
type Function struct {
	Decl *lang.Decl
	// Symbol is the function's linker symbol.
	Symbol string
	// Offset and Size are the function's byte range in .text.
	Offset, Size uint64
	// PrologueEnd and EpilogueBegin are offsets from the function's first
	// byte: the first instruction after the frame setup and the first
	// instruction of the frame teardown.
	PrologueEnd, EpilogueBegin uint64
}

// FixupKind is what a fixup computes.
type FixupKind uint8

// The fixup kinds.
const (
	// PCRel32 is S + A - P in 32 bits (x86_64 rip-relative operands and
	// call targets).
	PCRel32 FixupKind = iota
	// TPOff32 is a thread-local symbol's offset from the thread pointer
	// in 32 bits (x86_64 local-exec TLS).
	TPOff32
	// FuncIndexLEB is a WebAssembly function index as a 5-byte padded
	// ULEB128 (a call's operand).
	FuncIndexLEB
	// MemAddrSLEB is S + A as a 5-byte padded SLEB128 (a WebAssembly
	// memory address operand; for a thread-local symbol, its offset from
	// the thread's __tls_base).
	MemAddrSLEB
	// GlobalIndexLEB is a WebAssembly global index as a 5-byte padded
	// ULEB128 (global.get's operand: __tls_base).
	GlobalIndexLEB
)

// Fixup is a field of generated code that holds a value only the object
// writer or linker knows (a call target, a global's address, a
// thread-local's offset, a WebAssembly function index): Size bytes at
// Offset hold Kind's value for Symbol plus Addend. The pipeline turns
// every fixup into a relocation of the object (elfobj.Reloc).
type Fixup struct {
	Offset uint64
	Size   int
	Kind   FixupKind
	Symbol string
	Addend int64
}

// Body is the machine code of one function before placement.
type Body struct {
	Code                       []byte
	PrologueEnd, EpilogueBegin uint64
	// Fixups have offsets relative to the function's first byte.
	Fixups []Fixup
	// Rows and Vars, when set, are the function's line rows and variable
	// locations (a real code generator's); otherwise the function gets the
	// rows of an empty body and no locations.
	Rows []dwarfcore.LineRow
	Vars []dwarfcore.VarLoc
}

// Generator generates function bodies for one target.
type Generator struct {
	Arch *target.Arch
	// Func returns the body of a function; it steps stop (which may be
	// nil) as it works and returns Step's error when it says to stop.
	Func func(ts *lang.Types, d *lang.Decl, stop *Stop) (Body, error)
	// Pad fills the space between functions (repeated; it must divide
	// Align).
	Pad []byte
	// Align is the alignment of every function's first byte.
	Align uint64
}

// Machine code used by the minimal generators. A function without
// statements is a frame setup and teardown on x86 and a bare return
// elsewhere.
var (
	// X86_64Prologue and X86_64Epilogue set up and tear down an rbp frame.
	X86_64Prologue = []byte{0x55, 0x48, 0x89, 0xe5} // push %rbp; mov %rsp,%rbp
	X86_64Epilogue = []byte{0x5d, 0xc3}             // pop %rbp; ret
	// X86Pad fills the space between x86 functions.
	X86Pad       = []byte{0xcc}                   // int3
	i386Prologue = []byte{0x55, 0x89, 0xe5}       // push %ebp; mov %esp,%ebp
	i386Epilogue = []byte{0x5d, 0xc3}             // pop %ebp; ret
	aarch64Ret   = []byte{0xc0, 0x03, 0x5f, 0xd6} // ret (0xd65f03c0, little-endian)
	riscvRet     = []byte{0x67, 0x80, 0x00, 0x00} // jalr x0, 0(ra) (0x00008067, little-endian)
	s390xRet     = []byte{0x07, 0xfe}             // br %r14
	s390xPad     = []byte{0x07, 0x07}             // nopr %r7
)

// frameFunc returns a generator of functions that set up and tear down a
// frame around an empty body.
func frameFunc(prologue, epilogue []byte) func(ts *lang.Types, d *lang.Decl, stop *Stop) (Body, error) {
	return func(ts *lang.Types, d *lang.Decl, stop *Stop) (Body, error) {
		code := append(append([]byte(nil), prologue...), epilogue...)
		n := uint64(len(prologue))
		return Body{Code: code, PrologueEnd: n, EpilogueBegin: n}, nil
	}
}

// leafFunc returns a generator of functions that only return.
func leafFunc(ret []byte) func(ts *lang.Types, d *lang.Decl, stop *Stop) (Body, error) {
	return func(ts *lang.Types, d *lang.Decl, stop *Stop) (Body, error) {
		return Body{Code: append([]byte(nil), ret...)}, nil
	}
}

// Minimal returns the minimal generator of arch: every function an empty
// body.
func Minimal(arch *target.Arch) (*Generator, error) {
	if arch == nil {
		return nil, fmt.Errorf("linkcore: no target")
	}
	g := &Generator{Arch: arch, Align: 4}
	switch arch.Name {
	case target.X86_64.Name:
		g.Func, g.Pad, g.Align = frameFunc(X86_64Prologue, X86_64Epilogue), X86Pad, 16
	case target.X86.Name:
		g.Func, g.Pad, g.Align = frameFunc(i386Prologue, i386Epilogue), X86Pad, 16
	case target.AArch64.Name:
		g.Func, g.Pad = leafFunc(aarch64Ret), aarch64Ret
	case target.RISCV64.Name:
		g.Func, g.Pad = leafFunc(riscvRet), riscvRet
	case target.S390X.Name:
		g.Func, g.Pad = leafFunc(s390xRet), s390xPad
	default:
		return nil, fmt.Errorf("linkcore: no code generator for target %q", arch.Name)
	}
	return g, nil
}

// HasBody reports whether d is a function the code generators give
// machine code: a function declaration with a body that is not extern.
func HasBody(d *lang.Decl) bool {
	return d.Kind == lang.DeclFunc && !d.Extern && d.Func != nil && d.Func.Body != nil
}

// CodeGen gives every function of prog a body of real machine code for
// arch: the target's frame setup and teardown (x86_64, x86) or a bare
// return (linkcore/amd64 compiles the statements), with two line rows:
// its `{` at its first byte and its `}` at the first instruction of the
// epilogue (DW_LNS_set_epilogue_begin). The first row at or after the
// end of the prologue carries DW_LNS_set_prologue_end.
func CodeGen(prog *lang.Program, arch *target.Arch) (*Code, error) {
	return CodeGenStop(prog, arch, nil)
}

// CodeGenStop is CodeGen stopped by stop (nil: never; see Compile).
func CodeGenStop(prog *lang.Program, arch *target.Arch, stop *Stop) (*Code, error) {
	g, err := Minimal(arch)
	if err != nil {
		return nil, err
	}
	return g.Compile(prog, stop)
}

// Compile compiles every function of prog with a body and lays them out
// in .text in declaration order, each at a multiple of g.Align. It steps
// stop (nil: never stops) before each function, and g.Func steps it as
// it compiles the function; once stop says to stop, Compile returns its
// error: a *TextTooLargeError, or one that wraps stop's context's error.
func (g *Generator) Compile(prog *lang.Program, stop *Stop) (*Code, error) {
	c := &Code{Arch: g.Arch, Align: g.Align}
	for _, d := range prog.Decls {
		if !HasBody(d) {
			continue
		}
		if stop != nil {
			stop.placed = uint64(len(c.Text))
		}
		if err := stop.Step(0); err != nil {
			return nil, err
		}
		body, err := g.Func(prog.Types, d, stop)
		if err != nil {
			if stop.stopped(err) {
				return nil, err
			}
			return nil, fmt.Errorf("linkcore: %s: %w", d.FQN, err)
		}
		off := uint64(len(c.Text))
		if aligned := align.Forward(off, c.Align); aligned > off {
			c.Text = appendPad(c.Text, g.Pad, aligned-off)
			off = aligned
		}
		c.Text = append(c.Text, body.Code...)
		size := uint64(len(body.Code))
		for _, r := range body.Fixups {
			r.Offset += off
			c.Fixups = append(c.Fixups, r)
		}
		c.Funcs = append(c.Funcs, Function{Decl: d, Symbol: d.Symbol(), Offset: off, Size: size,
			PrologueEnd: body.PrologueEnd, EpilogueBegin: body.EpilogueBegin})
		c.Debug = append(c.Debug, g.FuncCode(d, body))
	}
	return c, nil
}

// FuncCode is what the DWARF emitter needs to know of a compiled
// function: its size, line rows and variable locations, and its frame
// base, the target's frame register.
func (g *Generator) FuncCode(d *lang.Decl, body Body) dwarfcore.FuncCode {
	rows := body.Rows
	if rows == nil {
		rows = FuncRows(d, body)
	}
	fc := dwarfcore.FuncCode{Decl: d, Size: uint64(len(body.Code)), Rows: rows, Vars: body.Vars}
	if g.Arch.FrameReg != target.NoReg {
		fc.FrameBase = dwarfcore.InReg(g.Arch.FrameReg)
	}
	return fc
}

// FuncRows returns the line rows of a function with an empty body.
func FuncRows(d *lang.Decl, body Body) []dwarfcore.LineRow {
	b := d.Func.Body
	open := lang.Pos{Line: b.Line, Col: b.Col}
	if open.Line == 0 {
		open = lang.Pos{Line: d.Line, Col: d.Col}
	}
	closing := lang.Pos{Line: b.EndLine, Col: b.EndCol}
	if closing.Line == 0 {
		closing = open
	}
	rows := []dwarfcore.LineRow{
		{PC: 0, Line: open.Line, Col: open.Col, Stmt: true},
		{PC: body.EpilogueBegin, Line: closing.Line, Col: closing.Col, Stmt: true, EpilogueBegin: true},
	}
	for i := range rows {
		if rows[i].PC >= body.PrologueEnd {
			rows[i].PrologueEnd = true
			break
		}
	}
	return rows
}

// appendPad appends n bytes of the repeated pattern pad to b (zeros where
// the pattern does not fit).
func appendPad(b, pad []byte, n uint64) []byte {
	for n >= uint64(len(pad)) && len(pad) > 0 {
		b = append(b, pad...)
		n -= uint64(len(pad))
	}
	for ; n > 0; n-- {
		b = append(b, 0)
	}
	return b
}

// DataRelocSymbol names the symbol a data relocation points at.
func DataRelocSymbol(r lang.DataReloc) (string, error) {
	switch {
	case r.Target != nil:
		return r.Target.Symbol(), nil
	case r.TargetAnon != nil:
		return r.TargetAnon.Name, nil
	}
	return "", fmt.Errorf("linkcore: data relocation at %#x has no target", r.Off)
}
