package amd64

import (
	"encoding/binary"

	"github.com/dwarfscope/dwarfscope/linkcore/codegen"
)

// x86-64 general-purpose register numbers as the instruction encoding
// uses them (the low three bits go in ModRM/opcode, bit 3 in REX).
type reg uint8

const (
	rAX reg = iota
	rCX
	rDX
	rBX
	rSP
	rBP
	rSI
	rDI
	r8
	r9
	r10
	r11
)

// sysvIntArgRegs are the System V x86-64 integer argument registers.
var sysvIntArgRegs = []reg{rDI, rSI, rDX, rCX, r8, r9}

// asm is a tiny x86-64 assembler: it appends encoded instructions to code
// and records the symbol references (rip-relative and TLS offsets) they
// contain. Memory operands are always [base + disp32].
//
// The code never grows past room bytes: from the
// first instruction that does not fit, the assembler only counts the
// bytes it drops, so that a program whose code would be too large takes
// no memory for it, and pc goes on as if they were there. Every
// lookBytes of code it looks at stop (codegen.Stop.Look); once stop says
// to stop, it keeps the error in err and grows no more.
type asm struct {
	code     []byte
	fixups   []codegen.Fixup
	room     int
	dropped  uint64
	stop     *codegen.Stop
	nextLook int
	err      error
}

// lookBytes is how much code the assembler makes between two looks at
// its stop: a fraction of a millisecond's work.
const lookBytes = 8 << 10

// pc is the offset of the next instruction (dropped bytes included).
func (a *asm) pc() uint64 { return uint64(len(a.code)) + a.dropped }

func (a *asm) bytes(b ...byte) {
	if a.dropped > 0 || len(a.code)+len(b) > a.room {
		a.dropped += uint64(len(b))
		return
	}
	a.code = append(a.code, b...)
	if len(a.code) >= a.nextLook {
		a.look()
	}
}

// look looks at stop and stops the code's growth when it says to stop.
func (a *asm) look() {
	a.nextLook = len(a.code) + lookBytes
	if err := a.stop.Look(a.pc()); err != nil {
		a.err = err
		a.room = len(a.code)
	}
}

func (a *asm) u32(v uint32) { a.bytes(byte(v), byte(v>>8), byte(v>>16), byte(v>>24)) }

// rex returns a REX prefix for W, the ModRM reg field r and the rm/base
// field b; it returns 0 when none is needed (byteRegs forces one so that
// sil/dil are addressable).
func rex(w bool, r, b reg, byteRegs bool) byte {
	x := byte(0x40)
	if w {
		x |= 8
	}
	if r >= 8 {
		x |= 4
	}
	if b >= 8 {
		x |= 1
	}
	if x == 0x40 && !byteRegs {
		return 0
	}
	return x
}

// modrmMem appends ModRM (and SIB) for [base + disp32] with reg field r.
func (a *asm) modrmMem(r, base reg, disp int32) {
	a.bytes(0x80 | byte(r&7)<<3 | byte(base&7))
	if base&7 == rSP {
		a.bytes(0x24)
	}
	a.u32(uint32(disp))
}

// movdquLoad loads the 16 bytes at [base+disp] into xmm register x
// (movdqu xmm, m128; x in 0..7).
func (a *asm) movdquLoad(x int, base reg, disp int32) { a.movdqu(0x6f, x, base, disp) }

// movdquStore stores xmm register x (0..7) as 16 bytes at [base+disp]
// (movdqu m128, xmm).
func (a *asm) movdquStore(x int, base reg, disp int32) { a.movdqu(0x7f, x, base, disp) }

// movdqu appends F3 (REX.B) 0F op with the memory operand [base+disp].
func (a *asm) movdqu(op byte, x int, base reg, disp int32) {
	a.bytes(0xf3)
	if base >= 8 {
		a.bytes(0x41)
	}
	a.bytes(0x0f, op)
	a.modrmMem(reg(x), base, disp)
}

func (a *asm) modrmReg(r, rm reg) { a.bytes(0xc0 | byte(r&7)<<3 | byte(rm&7)) }

// op appends prefix bytes (0x66 for 16-bit), REX, the opcode and a memory
// operand.
func (a *asm) opMem(w16, w64, byteRegs bool, opcode []byte, r, base reg, disp int32) {
	if w16 {
		a.bytes(0x66)
	}
	if x := rex(w64, r, base, byteRegs && r >= 4); x != 0 {
		a.bytes(x)
	}
	a.bytes(opcode...)
	a.modrmMem(r, base, disp)
}

func (a *asm) opReg(w64 bool, opcode []byte, r, rm reg) {
	if x := rex(w64, r, rm, false); x != 0 {
		a.bytes(x)
	}
	a.bytes(opcode...)
	a.modrmReg(r, rm)
}

// load loads size bytes (1, 2, 4 or 8) at [base+disp] into dst,
// sign- or zero-extended to 64 bits.
func (a *asm) load(dst, base reg, disp int32, size uint64, signed bool) {
	switch {
	case size == 8:
		a.opMem(false, true, false, []byte{0x8b}, dst, base, disp) // mov r64, m64
	case size == 4 && signed:
		a.opMem(false, true, false, []byte{0x63}, dst, base, disp) // movsxd
	case size == 4:
		a.opMem(false, false, false, []byte{0x8b}, dst, base, disp) // mov r32, m32
	case size == 2 && signed:
		a.opMem(false, true, false, []byte{0x0f, 0xbf}, dst, base, disp) // movsx r64, m16
	case size == 2:
		a.opMem(false, false, false, []byte{0x0f, 0xb7}, dst, base, disp) // movzx r32, m16
	case size == 1 && signed:
		a.opMem(false, true, false, []byte{0x0f, 0xbe}, dst, base, disp) // movsx r64, m8
	default:
		a.opMem(false, false, false, []byte{0x0f, 0xb6}, dst, base, disp) // movzx r32, m8
	}
}

// store stores the low size bytes (1, 2, 4 or 8) of src at [base+disp].
func (a *asm) store(src, base reg, disp int32, size uint64) {
	switch size {
	case 8:
		a.opMem(false, true, false, []byte{0x89}, src, base, disp)
	case 4:
		a.opMem(false, false, false, []byte{0x89}, src, base, disp)
	case 2:
		a.opMem(true, false, false, []byte{0x89}, src, base, disp)
	default:
		a.opMem(false, false, true, []byte{0x88}, src, base, disp)
	}
}

// storeImm stores a size-byte immediate (1, 2 or 4) at [base+disp].
func (a *asm) storeImm(base reg, disp int32, size uint64, v uint32) {
	switch size {
	case 4:
		a.opMem(false, false, false, []byte{0xc7}, 0, base, disp)
		a.u32(v)
	case 2:
		a.opMem(true, false, false, []byte{0xc7}, 0, base, disp)
		a.bytes(byte(v), byte(v>>8))
	default:
		a.opMem(false, false, false, []byte{0xc6}, 0, base, disp)
		a.bytes(byte(v))
	}
}

// lea computes base+disp into dst.
func (a *asm) lea(dst, base reg, disp int32) {
	a.opMem(false, true, false, []byte{0x8d}, dst, base, disp)
}

// leaSym computes the address of sym+addend into dst (rip-relative).
func (a *asm) leaSym(dst reg, sym string, addend int64) {
	a.bytes(rex(true, dst, 0, false), 0x8d, byte(dst&7)<<3|0x05)
	a.fixups = append(a.fixups, codegen.Fixup{Offset: a.pc(), Size: 4, Kind: codegen.PCRel32, Symbol: sym, Addend: addend - 4})
	a.u32(0)
}

// leaTLS computes the address of the current thread's copy of the
// thread-local sym+addend into dst (local-exec model: %fs:0 holds the
// thread pointer, the variable is at a fixed negative offset from it).
func (a *asm) leaTLS(dst reg, sym string, addend int64) {
	// mov dst, qword ptr fs:[0]
	a.bytes(0x64, rex(true, dst, 0, false), 0x8b, byte(dst&7)<<3|0x04, 0x25, 0, 0, 0, 0)
	// lea dst, [dst + sym@tpoff]
	a.opMem(false, true, false, []byte{0x8d}, dst, dst, 0)
	a.fixups = append(a.fixups, codegen.Fixup{Offset: a.pc() - 4, Size: 4, Kind: codegen.TPOff32, Symbol: sym, Addend: addend})
}

// movImm64 loads a 64-bit immediate into dst.
func (a *asm) movImm64(dst reg, v uint64) {
	a.bytes(rex(true, 0, dst, false)|0x48, 0xb8+byte(dst&7))
	a.u32(uint32(v))
	a.u32(uint32(v >> 32))
}

// movRR copies src to dst (64 bits).
func (a *asm) movRR(dst, src reg) { a.opReg(true, []byte{0x89}, src, dst) }

// zero clears r.
func (a *asm) zero(r reg) { a.opReg(false, []byte{0x31}, r, r) }

// aluRR applies a two-operand ALU instruction dst = dst op src (64 bits).
func (a *asm) aluRR(opcode byte, dst, src reg) { a.opReg(true, []byte{opcode}, src, dst) }

// The opcodes aluRR takes.
const (
	aluAdd = 0x01
	aluOr  = 0x09
	aluAnd = 0x21
	aluSub = 0x29
	aluXor = 0x31
	aluAdc = 0x11
	aluSbb = 0x19
)

// imulRR: dst = dst * src.
func (a *asm) imulRR(dst, src reg) { a.opReg(true, []byte{0x0f, 0xaf}, dst, src) }

// group3 is F7 /ext on r (neg /3, not /2, div /6, idiv /7).
func (a *asm) group3(ext byte, r reg) { a.opReg(true, []byte{0xf7}, reg(ext), r) }

// shiftCL shifts r by cl (shl /4, shr /5, sar /7).
func (a *asm) shiftCL(ext byte, r reg) { a.opReg(true, []byte{0xd3}, reg(ext), r) }

// shiftDouble shifts dst by cl, filling the vacated bits from src
// (shld dst, src, cl with dblShl; shrd with dblShr); a count of 0
// leaves dst alone.
func (a *asm) shiftDouble(op byte, dst, src reg) { a.opReg(true, []byte{0x0f, op}, src, dst) }

// The opcodes shiftDouble takes.
const (
	dblShl = 0xa5
	dblShr = 0xad
)

// shiftImm shifts r by n bits.
func (a *asm) shiftImm(ext byte, r reg, n uint8) {
	a.opReg(true, []byte{0xc1}, reg(ext), r)
	a.bytes(n)
}

// The shift and group-3 extensions.
const (
	extNot = 2
	extMul = 4
	extNeg = 3
	extShl = 4
	extShr = 5
	extDiv = 6
	extIdv = 7
	extSar = 7
)

// addImm adds a 32-bit signed immediate to r.
// adcZero adds the carry flag to r (adc r, 0).
func (a *asm) adcZero(r reg) { a.opReg(true, []byte{0x83}, 2, r); a.bytes(0) }

func (a *asm) addImm(r reg, v int32) {
	a.opReg(true, []byte{0x81}, 0, r)
	a.u32(uint32(v))
}

// call calls sym.
func (a *asm) call(sym string) {
	a.bytes(0xe8)
	a.fixups = append(a.fixups, codegen.Fixup{Offset: a.pc(), Size: 4, Kind: codegen.PCRel32, Symbol: sym, Addend: -4})
	a.u32(0)
}

// jmp32 appends a jmp rel32 and returns the offset of its displacement,
// to be patched with patch32.
func (a *asm) jmp32() uint64 {
	a.bytes(0xe9)
	at := a.pc()
	a.u32(0)
	return at
}

// jnzBack appends a jnz rel32 to target, an earlier pc.
func (a *asm) jnzBack(target uint64) {
	a.bytes(0x0f, 0x85)
	a.u32(uint32(int32(int64(target) - int64(a.pc()+4))))
}

// patch32 makes the rel32 at `at` jump to target (unless it was
// dropped).
func (a *asm) patch32(at, target uint64) {
	if at+4 > uint64(len(a.code)) {
		return
	}
	binary.LittleEndian.PutUint32(a.code[at:], uint32(int32(int64(target)-int64(at+4))))
}
