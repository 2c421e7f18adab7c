package linkcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
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
	// Relocs are the relocations in .text (calls and data references),
	// against symbols by name.
	Relocs []Reloc
	// Debug has one entry per function of Funcs, in the same order.
	Debug []dwarfcore.FuncCode
	// FuncTypes, set by a CodeContainer's generator for WebAssembly, are
	// every function's type (defined and extern) by symbol, encoded as
	// in the type section (0x60, parameters, results).
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

// funcBody is the machine code of one function before placement.
type funcBody struct {
	code                       []byte
	prologueEnd, epilogueBegin uint64
	// relocs have offsets relative to the function's first byte.
	relocs []Reloc
	// rows and vars, when set, are the function's line rows and variable
	// locations (a real code generator's); otherwise the function gets the
	// rows of an empty body and no locations.
	rows []dwarfcore.LineRow
	vars []dwarfcore.VarLoc
}

// archCodeGen generates function bodies for one target.
type archCodeGen struct {
	// gen returns the body of a function.
	gen func(ts *lang.Types, d *lang.Decl) (funcBody, error)
	// pad fills the space between functions (repeated; it must divide the
	// function alignment).
	pad []byte
	// frameBase is every function's DW_AT_frame_base expression.
	frameBase []byte
}

// DWARF register location operators (DWARF 5 §2.6.1.1.3) and register
// numbers from each target's psABI DWARF register mapping; the frame base
// of a function is a register location.
const (
	dwOpReg0 = 0x50 // DW_OP_reg0; DW_OP_regN is dwOpReg0+N for N < 32

	dwRegX86_64RBP  = 6  // System V x86-64 psABI: rbp
	dwRegI386EBP    = 5  // i386 psABI: ebp
	dwRegAArch64SP  = 31 // AArch64 DWARF: sp
	dwRegRISCVSP    = 2  // RISC-V: x2 (sp)
	dwRegS390XStack = 15 // s390x: r15 (stack pointer)
)

// Machine code used by the minimal code generator. A function without
// statements is a frame setup and teardown on x86 and a bare return
// elsewhere.
var (
	x86_64Prologue = []byte{0x55, 0x48, 0x89, 0xe5} // push %rbp; mov %rsp,%rbp
	x86_64Epilogue = []byte{0x5d, 0xc3}             // pop %rbp; ret
	i386Prologue   = []byte{0x55, 0x89, 0xe5}       // push %ebp; mov %esp,%ebp
	i386Epilogue   = []byte{0x5d, 0xc3}             // pop %ebp; ret
	x86Pad         = []byte{0xcc}                   // int3
	aarch64Ret     = []byte{0xc0, 0x03, 0x5f, 0xd6} // ret (0xd65f03c0, little-endian)
	riscvRet       = []byte{0x67, 0x80, 0x00, 0x00} // jalr x0, 0(ra) (0x00008067, little-endian)
	s390xRet       = []byte{0x07, 0xfe}             // br %r14
	s390xPad       = []byte{0x07, 0x07}             // nopr %r7
)

// frameFunc returns a generator of functions that set up and tear down a
// frame around an empty body.
func frameFunc(prologue, epilogue []byte) func(ts *lang.Types, d *lang.Decl) (funcBody, error) {
	return func(ts *lang.Types, d *lang.Decl) (funcBody, error) {
		code := append(append([]byte(nil), prologue...), epilogue...)
		n := uint64(len(prologue))
		return funcBody{code: code, prologueEnd: n, epilogueBegin: n}, nil
	}
}

// leafFunc returns a generator of functions that only return.
func leafFunc(ret []byte) func(ts *lang.Types, d *lang.Decl) (funcBody, error) {
	return func(ts *lang.Types, d *lang.Decl) (funcBody, error) {
		return funcBody{code: append([]byte(nil), ret...)}, nil
	}
}

func codeGenFor(arch *target.Arch) (*archCodeGen, error) {
	switch arch.Name {
	case target.X86_64.Name:
		return &archCodeGen{gen: frameFunc(x86_64Prologue, x86_64Epilogue), pad: x86Pad,
			frameBase: []byte{dwOpReg0 + dwRegX86_64RBP}}, nil
	case target.X86.Name:
		return &archCodeGen{gen: frameFunc(i386Prologue, i386Epilogue), pad: x86Pad,
			frameBase: []byte{dwOpReg0 + dwRegI386EBP}}, nil
	case target.AArch64.Name:
		return &archCodeGen{gen: leafFunc(aarch64Ret), pad: aarch64Ret,
			frameBase: []byte{dwOpReg0 + dwRegAArch64SP}}, nil
	case target.RISCV64.Name:
		return &archCodeGen{gen: leafFunc(riscvRet), pad: riscvRet,
			frameBase: []byte{dwOpReg0 + dwRegRISCVSP}}, nil
	case target.S390X.Name:
		return &archCodeGen{gen: leafFunc(s390xRet), pad: s390xPad,
			frameBase: []byte{dwOpReg0 + dwRegS390XStack}}, nil
	}
	return nil, fmt.Errorf("linkcore: no code generator for target %q", arch.Name)
}

// HasBody reports whether d is a function CodeGen gives machine code:
// a function declaration with a body that is not extern.
func HasBody(d *lang.Decl) bool {
	return d.Kind == lang.DeclFunc && !d.Extern && d.Func != nil && d.Func.Body != nil
}

// CodeGen gives every function of prog a body of real machine code for
// arch: the target's frame setup and teardown (x86_64, x86) or a bare
// return (CodeGenBodies compiles the statements), with two line rows: its `{` at its first byte and its
// `}` at the first instruction of the epilogue
// (DW_LNS_set_epilogue_begin). The first row at or after the end of the
// prologue carries DW_LNS_set_prologue_end.
func CodeGen(prog *lang.Program, arch *target.Arch) (*Code, error) {
	return codeGen(prog, arch, false)
}

// CodeGenBodies compiles every function's statements to x86_64 machine
// code (x86_64_gen.go: a stack frame, a line row per statement, a frame
// location for every parameter and local), as executables need. It
// supports integers of up to 64 bits in arithmetic; CodeGen's empty
// bodies stay the objects' code until it covers the whole language.
func CodeGenBodies(prog *lang.Program, arch *target.Arch) (*Code, error) {
	if arch == nil || arch.Name != target.X86_64.Name {
		return nil, fmt.Errorf("linkcore: function bodies are compiled for x86_64 only")
	}
	return codeGen(prog, arch, true)
}

func codeGen(prog *lang.Program, arch *target.Arch, bodies bool) (*Code, error) {
	ea, err := lookupELFArch(arch)
	if err != nil {
		return nil, err
	}
	cg, err := codeGenFor(arch)
	if err != nil {
		return nil, err
	}
	if bodies {
		cg.gen = genX86_64
	}
	c := &Code{Arch: arch, Align: ea.textAlign}
	for _, d := range prog.Decls {
		if !HasBody(d) {
			continue
		}
		body, err := cg.gen(prog.Types, d)
		if err != nil {
			return nil, fmt.Errorf("linkcore: %s: %w", d.FQN, err)
		}
		off := uint64(len(c.Text))
		if aligned := alignForward(off, c.Align); aligned > off {
			c.Text = appendPad(c.Text, cg.pad, aligned-off)
			off = aligned
		}
		c.Text = append(c.Text, body.code...)
		size := uint64(len(body.code))
		for _, r := range body.relocs {
			r.Offset += off
			c.Relocs = append(c.Relocs, r)
		}
		c.Funcs = append(c.Funcs, Function{Decl: d, Symbol: d.Symbol(), Offset: off, Size: size,
			PrologueEnd: body.prologueEnd, EpilogueBegin: body.epilogueBegin})
		c.Debug = append(c.Debug, cg.funcCode(d, body))
	}
	return c, nil
}

// funcCode is what the DWARF emitter needs to know of a compiled
// function.
func (cg *archCodeGen) funcCode(d *lang.Decl, body funcBody) dwarfcore.FuncCode {
	rows := body.rows
	if rows == nil {
		rows = funcRows(d, body)
	}
	return dwarfcore.FuncCode{
		Decl:      d,
		Size:      uint64(len(body.code)),
		Rows:      rows,
		FrameBase: append([]byte(nil), cg.frameBase...),
		Vars:      body.vars,
	}
}

// funcRows returns the line rows of a function with an empty body.
func funcRows(d *lang.Decl, body funcBody) []dwarfcore.LineRow {
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
		{PC: body.epilogueBegin, Line: closing.Line, Col: closing.Col, Stmt: true, EpilogueBegin: true},
	}
	for i := range rows {
		if rows[i].PC >= body.prologueEnd {
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
