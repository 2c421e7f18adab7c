// Package lldbfmt encodes LLDB's formatter bytecode and the records of
// the .lldbformatters section that carries it in an executable or
// object file, which lldb-22 loads from every ELF module without a
// setting: a type summary or synthetic child provider as a
// program for a small stack machine.
//
// References: "Formatter Bytecode" in LLDB's documentation
// (lldb/docs/resources/formatterbytecode.rst,
// https://lldb.llvm.org/resources/formatterbytecode.html), the opcode,
// selector and signature numbers of
// lldb/include/lldb/DataFormatters/FormatterBytecode.def, and the record
// reader LoadFormattersForModule in
// lldb/source/DataFormatters/FormatterSection.cpp.
//
// Three behaviours of lldb-22 (22.1.8) shape the programs of this
// package, each seen in a hand-written executable: the stack opcodes are
// those of FormatterBytecode.def (dup 0x01 … rot 0x06), one above the
// table of the documentation; the @fmt selector prints an integer
// argument as a host pointer, so decimal digits come from strings pushed
// first and picked by index; and once a block that ran another block
// ends, the rest of the program around it is skipped, so programs here
// have no branches.
package lldbfmt

import (
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// SectionName is the ELF section lldb reads formatters from
// (eSectionTypeLLDBFormatters). It is not allocated.
const SectionName = ".lldbformatters"

// RecordVersion is the version of the record format LoadFormattersForModule reads.
const RecordVersion = 1

// Op is a formatter bytecode opcode (FormatterBytecode.def).
type Op byte

// The opcodes this package writes or names.
const (
	OpDup       Op = 0x01 // ( a -- a a )
	OpDrop      Op = 0x02 // ( a -- )
	OpPick      Op = 0x03 // ( … n -- … x ): x is the nth entry from the bottom of the stack
	OpOver      Op = 0x04 // ( a b -- a b a )
	OpSwap      Op = 0x05 // ( a b -- b a )
	OpRot       Op = 0x06 // ( a b c -- c a b )
	OpBegin     Op = 0x10 // a block: ULEB128 length, then its code
	OpIf        Op = 0x11
	OpIfElse    Op = 0x12
	OpReturn    Op = 0x13
	OpLitUint   Op = 0x20 // ULEB128 operand
	OpLitInt    Op = 0x21 // SLEB128 operand
	OpLitString Op = 0x22 // ULEB128 length, then the bytes
	OpLitSel    Op = 0x23 // one byte: a Selector
	OpAsInt     Op = 0x2a
	OpAsUint    Op = 0x2b
	OpPlus      Op = 0x30
	OpMinus     Op = 0x31
	OpMul       Op = 0x32
	OpDiv       Op = 0x33
	OpMod       Op = 0x34
	OpXor       Op = 0x42
	OpEq        Op = 0x50
	OpLt        Op = 0x52
	OpCall      Op = 0x60 // calls the selector on the top of the stack
)

// Selector names a function OpCall calls (FormatterBytecode.def).
type Selector byte

// The selectors this package calls.
const (
	SelGetValueAsUnsigned Selector = 0x21 // ( valobj -- u ): the value as an unsigned integer
	SelFmt                Selector = 0x50 // ( args… format -- string ): format's {i} are the arguments
)

// Signature is which formatter function a program is.
type Signature byte

// SigSummary is a type summary: the program leaves the summary string.
const SigSummary Signature = 0

// Flags are lldb's type summary options (lldb::TypeOptions).
type Flags uint64

// The flags this package sets.
const (
	// FlagCascade applies the summary through typedefs of the type.
	FlagCascade Flags = 1 << 0
	// FlagSkipPointers and FlagSkipReferences keep the summary off
	// pointers to and references of the type: without them lldb-22 runs
	// a summary of _BitInt(5) on an `_BitInt(5) *`, whose value is the
	// address.
	FlagSkipPointers   Flags = 1 << 1
	FlagSkipReferences Flags = 1 << 2
	// FlagHideValue shows only the summary, not the value beside it.
	FlagHideValue Flags = 1 << 4
)

// SummaryFlags are the flags of the summaries SignedSummaries writes.
const SummaryFlags = FlagCascade | FlagSkipPointers | FlagSkipReferences | FlagHideValue

// Program builds the code of one formatter function.
type Program struct{ code []byte }

// Bytes returns the code built so far.
func (p *Program) Bytes() []byte { return p.code }

// Op appends opcodes without operands.
func (p *Program) Op(ops ...Op) *Program {
	for _, op := range ops {
		p.code = append(p.code, byte(op))
	}
	return p
}

// Uint appends a literal unsigned integer.
func (p *Program) Uint(v uint64) *Program {
	p.code = leb128.AppendUnsigned(append(p.code, byte(OpLitUint)), v)
	return p
}

// Int appends a literal signed integer.
func (p *Program) Int(v int64) *Program {
	p.code = leb128.AppendSigned(append(p.code, byte(OpLitInt)), v)
	return p
}

// String appends a literal string.
func (p *Program) String(s string) *Program {
	p.code = leb128.AppendUnsigned(append(p.code, byte(OpLitString)), uint64(len(s)))
	p.code = append(p.code, s...)
	return p
}

// Call appends a call of sel.
func (p *Program) Call(sel Selector) *Program {
	p.code = append(p.code, byte(OpLitSel), byte(sel), byte(OpCall))
	return p
}

// Pick appends the copy of the ith entry from the bottom of the stack.
func (p *Program) Pick(i uint64) *Program { return p.Uint(i).Op(OpPick) }

// AppendRecord appends to sec the record of one formatter for the type
// named typeName (a name, or a regular expression when it starts with
// '^'): the record version, the size of the rest, the type name, the
// flags, then the function's signature, its size and its code, every
// number ULEB128 (FormatterSection.cpp).
func AppendRecord(sec []byte, typeName string, flags Flags, sig Signature, code []byte) []byte {
	var body []byte
	body = leb128.AppendUnsigned(body, uint64(len(typeName)))
	body = append(body, typeName...)
	body = leb128.AppendUnsigned(body, uint64(flags))
	body = append(body, byte(sig))
	body = leb128.AppendUnsigned(body, uint64(len(code)))
	body = append(body, code...)
	sec = leb128.AppendUnsigned(sec, RecordVersion)
	sec = leb128.AppendUnsigned(sec, uint64(len(body)))
	return append(sec, body...)
}

// BitIntName is the name of a signed base type of bits bits that
// SignedSummary formats: clang's name for C23's _BitInt(N), which lldb-22
// sizes by the N in it.
func BitIntName(bits int) string { return fmt.Sprintf("_BitInt(%d)", bits) }

// DecimalDigits is the number of decimal digits of v.
func DecimalDigits(v uint64) int {
	n := 1
	for ; v >= 10; v /= 10 {
		n++
	}
	return n
}

// SignedSummary is a summary program for a signed integer of bits bits
// (2 to 63) stored with the bits above bits zero, as Zig stores a
// negative iN: it reads the value as unsigned (u), computes
// v = (u xor 2^(bits-1)) - 2^(bits-1) and leaves v in decimal, with at
// most digits digits (at least DecimalDigits(2^(bits-1))). It has no
// branches: it pushes the strings "0" … "9", "" and "-" (entries 1 to
// 12, the value object being entry 0), leaves the sign c (1 if v < 0)
// and n = |v| = v - 2cv as entries 13 and 14, and picks each string by
// its index: the sign's 11+c, digit k's 1 + (n / 10^k) mod 10, or the
// empty string's 11 for a leading zero (n < 10^k adds 10); @fmt joins
// them.
func SignedSummary(bits, digits int) ([]byte, error) {
	if bits < 2 || bits > 63 {
		return nil, fmt.Errorf("lldbfmt: no summary for a %d-bit signed integer", bits)
	}
	sign := uint64(1) << (bits - 1)
	if digits < DecimalDigits(sign) || digits > 19 {
		return nil, fmt.Errorf("lldbfmt: %d digits for a %d-bit signed integer", digits, bits)
	}
	const (
		firstDigit = 1  // "0" is entry 1, "9" entry 10
		empty      = 11 // "", then "-" at 12
		signAt     = 13 // c
		magAt      = 14 // n
	)
	var p Program
	for d := range 10 {
		p.String(string(rune('0' + d)))
	}
	p.String("").String("-")
	p.Pick(0).Call(SelGetValueAsUnsigned).Uint(sign).Op(OpXor, OpAsInt).Int(int64(sign)).Op(OpMinus) // v
	p.Op(OpDup).Int(0).Op(OpLt, OpDup, OpRot).Int(-2).Op(OpMul, OpOver, OpMul, OpPlus)               // c n
	p.Op(OpAsUint, OpSwap, OpAsUint, OpSwap)
	p.Pick(signAt).Uint(empty).Op(OpPlus, OpPick) // the sign's string
	pow := uint64(1)
	for range digits - 1 {
		pow *= 10
	}
	var f strings.Builder
	f.WriteString("{0}")
	for k := digits - 1; k >= 0; k-- {
		p.Pick(magAt).Uint(pow).Op(OpDiv).Uint(10).Op(OpMod)
		if k > 0 {
			p.Pick(magAt).Uint(pow).Op(OpLt).Uint(10).Op(OpMul, OpPlus)
		}
		p.Uint(firstDigit).Op(OpPlus, OpPick)
		fmt.Fprintf(&f, "{%d}", digits-k)
		pow /= 10
	}
	p.String(f.String()).Call(SelFmt)
	return p.Bytes(), nil
}

// SignedSummaries is a .lldbformatters section with one summary for the
// base type BitIntName(n) of each bit size n in bits.
func SignedSummaries(bits []int) ([]byte, error) {
	var sec []byte
	for _, n := range bits {
		code, err := SignedSummary(n, DecimalDigits(uint64(1)<<(n-1)))
		if err != nil {
			return nil, err
		}
		sec = AppendRecord(sec, BitIntName(n), SummaryFlags, SigSummary, code)
	}
	return sec, nil
}
