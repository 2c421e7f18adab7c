package dwarfread

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"

	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// errTruncated is the reader's error for data that ends early.
var errTruncated = errors.New("data ends early")

// reader reads DWARF's basic encodings from b. The first failure sets
// err; later reads return zeros and keep off where the failure was.
type reader struct {
	b     []byte
	off   uint64
	order binary.ByteOrder
	err   error
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errTruncated
	}
}

func (r *reader) left() uint64 {
	if r.off >= uint64(len(r.b)) {
		return 0
	}
	return uint64(len(r.b)) - r.off
}

func (r *reader) u8() byte {
	if r.err != nil || r.left() < 1 {
		r.fail()
		return 0
	}
	v := r.b[r.off]
	r.off++
	return v
}

// fixed reads an n-byte unsigned value (n ≤ 8) in r.order.
func (r *reader) fixed(n int) uint64 {
	if r.err != nil || n < 0 || n > 8 || r.left() < uint64(n) {
		r.fail()
		return 0
	}
	v := getUint(r.order, r.b[r.off:r.off+uint64(n)])
	r.off += uint64(n)
	return v
}

func (r *reader) bytes(n uint64) []byte {
	if r.err != nil || r.left() < n {
		r.fail()
		return nil
	}
	v := r.b[r.off : r.off+n]
	r.off += n
	return v
}

// uleb reads a ULEB128 number; one that runs past the data fails with
// off at the data's end.
func (r *reader) uleb() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := leb128.ReadUnsigned(r.b, r.off)
	return r.advanceLEB(n, v)
}

// sleb reads a SLEB128 number (see uleb).
func (r *reader) sleb() int64 {
	if r.err != nil {
		return 0
	}
	v, n := leb128.ReadSigned(r.b, r.off)
	return int64(r.advanceLEB(n, uint64(v)))
}

func (r *reader) advanceLEB(n int, v uint64) uint64 {
	if n == 0 {
		r.off = max(r.off, uint64(len(r.b)))
		r.fail()
		return 0
	}
	r.off += uint64(n)
	return v
}

// initialLength reads the initial length field of a unit or table (DWARF
// 5 §7.4): 4 bytes, or 0xffffffff and then 8 bytes in the 64-bit format.
// It returns where the unit ends; err says what is wrong with the length
// (one of the reserved values 0xfffffff0..0xfffffffe, or a unit running
// past the data) for the caller to place.
func (r *reader) initialLength() (end uint64, is64 bool, err error) {
	length := r.fixed(4)
	if length == 0xffffffff {
		is64 = true
		length = r.fixed(8)
	} else if length >= 0xfffffff0 {
		return 0, false, fmt.Errorf("reserved unit_length 0x%x", length)
	}
	if r.err != nil || length > r.left() {
		return 0, is64, fmt.Errorf("unit_length 0x%x runs past the section end (0x%x)", length, len(r.b))
	}
	return r.off + length, is64, nil
}

// code16 converts a ULEB128 code read from a file to a 16-bit DWARF code
// type (tag, attribute, form, line content type); ok is false when it does
// not fit, so that a forged code is never taken for a known one.
func code16[T ~uint16](v uint64) (T, bool) {
	t := T(v)
	return t, uint64(t) == v
}

// cstring reads a NUL-terminated string (without the NUL).
func (r *reader) cstring() string {
	if r.err != nil {
		return ""
	}
	for i := r.off; i < uint64(len(r.b)); i++ {
		if r.b[i] == 0 {
			s := string(r.b[r.off:i])
			r.off = i + 1
			return s
		}
	}
	r.fail()
	return ""
}

// getUint reads an unsigned value of len(b) ≤ 8 bytes.
func getUint(order binary.ByteOrder, b []byte) uint64 {
	var v uint64
	if order == binary.BigEndian {
		for _, c := range b {
			v = v<<8 | uint64(c)
		}
		return v
	}
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

// ELF machines whose DWARF register names RegisterName knows.
const (
	MachineX86     = 3
	MachineX86_64  = 62
	MachineAArch64 = 183
)

// The DWARF register numbers of the System V psABIs, named as
// llvm-dwarfdump names them (its first register with the number: XMM0
// rather than YMM0, W0 rather than X0, B0 rather than V0 or D0).
var x86_64Regs = regTable(
	regRun{0, []string{"RAX", "RDX", "RCX", "RBX", "RSI", "RDI", "RBP", "RSP",
		"R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15", "RIP"}},
	regSeq(17, "XMM", 16), regSeq(33, "ST", 8), regSeq(41, "MM", 8))

var x86Regs = regTable(
	regRun{0, []string{"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI", "EIP"}},
	regSeq(11, "ST", 8), regSeq(21, "XMM", 8), regSeq(29, "MM", 8))

var aarch64Regs = regTable(regSeq(0, "W", 31), regRun{31, []string{"WSP"}}, regSeq(64, "B", 32))

// regRun is a run of register names from a first DWARF number.
type regRun struct {
	first int
	names []string
}

// regSeq names count registers prefix0, prefix1, ... from number first.
func regSeq(first int, prefix string, count int) regRun {
	r := regRun{first: first}
	for i := range count {
		r.names = append(r.names, prefix+strconv.Itoa(i))
	}
	return r
}

// regTable lays runs of register names out by DWARF number ("" where
// no run names one).
func regTable(runs ...regRun) []string {
	var regs []string
	for _, r := range runs {
		for len(regs) < r.first+len(r.names) {
			regs = append(regs, "")
		}
		copy(regs[r.first:], r.names)
	}
	return regs
}

// RegisterName returns llvm-dwarfdump's name of DWARF register reg on an
// ELF machine, or "" when it is not known here.
func RegisterName(machine uint16, reg uint64) string {
	var regs []string
	switch machine {
	case MachineX86_64:
		regs = x86_64Regs
	case MachineX86:
		regs = x86Regs
	case MachineAArch64:
		regs = aarch64Regs
	}
	if reg < uint64(len(regs)) {
		return regs[reg]
	}
	return ""
}
