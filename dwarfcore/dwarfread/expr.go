package dwarfread

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// operand says how one operand of a DWARF expression operation is encoded.
type operand uint8

const (
	opU1    operand = iota + 1 // 1-byte unsigned
	opS1                       // 1-byte signed
	opU2                       // 2-byte unsigned
	opS2                       // 2-byte signed
	opU4                       // 4-byte unsigned
	opS4                       // 4-byte signed
	opU8                       // 8-byte unsigned
	opS8                       // 8-byte signed
	opULEB                     // ULEB128
	opSLEB                     // SLEB128
	opAddr                     // a target address
	opRef                      // an offset the size of the unit's offsets
	opBlock                    // ULEB128 length then that many bytes (implicit_value)
	opExpr                     // ULEB128 length then a nested expression (entry_value)
)

type opDesc struct {
	name     string
	operands []operand
}

// ops describes every operation of DWARF 5 §7.7.1 (Table 7.9) and the GNU
// extensions compilers emit.
var ops = func() map[byte]opDesc {
	m := map[byte]opDesc{
		0x03: {"DW_OP_addr", []operand{opAddr}}, 0x06: {"DW_OP_deref", nil},
		0x08: {"DW_OP_const1u", []operand{opU1}}, 0x09: {"DW_OP_const1s", []operand{opS1}},
		0x0a: {"DW_OP_const2u", []operand{opU2}}, 0x0b: {"DW_OP_const2s", []operand{opS2}},
		0x0c: {"DW_OP_const4u", []operand{opU4}}, 0x0d: {"DW_OP_const4s", []operand{opS4}},
		0x0e: {"DW_OP_const8u", []operand{opU8}}, 0x0f: {"DW_OP_const8s", []operand{opS8}},
		0x10: {"DW_OP_constu", []operand{opULEB}}, 0x11: {"DW_OP_consts", []operand{opSLEB}},
		0x12: {"DW_OP_dup", nil}, 0x13: {"DW_OP_drop", nil}, 0x14: {"DW_OP_over", nil},
		0x15: {"DW_OP_pick", []operand{opU1}}, 0x16: {"DW_OP_swap", nil}, 0x17: {"DW_OP_rot", nil},
		0x18: {"DW_OP_xderef", nil}, 0x19: {"DW_OP_abs", nil}, 0x1a: {"DW_OP_and", nil},
		0x1b: {"DW_OP_div", nil}, 0x1c: {"DW_OP_minus", nil}, 0x1d: {"DW_OP_mod", nil},
		0x1e: {"DW_OP_mul", nil}, 0x1f: {"DW_OP_neg", nil}, 0x20: {"DW_OP_not", nil},
		0x21: {"DW_OP_or", nil}, 0x22: {"DW_OP_plus", nil}, 0x23: {"DW_OP_plus_uconst", []operand{opULEB}},
		0x24: {"DW_OP_shl", nil}, 0x25: {"DW_OP_shr", nil}, 0x26: {"DW_OP_shra", nil}, 0x27: {"DW_OP_xor", nil},
		0x28: {"DW_OP_bra", []operand{opS2}}, 0x29: {"DW_OP_eq", nil}, 0x2a: {"DW_OP_ge", nil},
		0x2b: {"DW_OP_gt", nil}, 0x2c: {"DW_OP_le", nil}, 0x2d: {"DW_OP_lt", nil}, 0x2e: {"DW_OP_ne", nil},
		0x2f: {"DW_OP_skip", []operand{opS2}},
		0x90: {"DW_OP_regx", []operand{opULEB}}, 0x91: {"DW_OP_fbreg", []operand{opSLEB}},
		0x92: {"DW_OP_bregx", []operand{opULEB, opSLEB}}, 0x93: {"DW_OP_piece", []operand{opULEB}},
		0x94: {"DW_OP_deref_size", []operand{opU1}}, 0x95: {"DW_OP_xderef_size", []operand{opU1}},
		0x96: {"DW_OP_nop", nil}, 0x97: {"DW_OP_push_object_address", nil},
		0x98: {"DW_OP_call2", []operand{opU2}}, 0x99: {"DW_OP_call4", []operand{opU4}},
		0x9a: {"DW_OP_call_ref", []operand{opRef}}, 0x9b: {"DW_OP_form_tls_address", nil},
		0x9c: {"DW_OP_call_frame_cfa", nil}, 0x9d: {"DW_OP_bit_piece", []operand{opULEB, opULEB}},
		0x9e: {"DW_OP_implicit_value", []operand{opBlock}}, 0x9f: {"DW_OP_stack_value", nil},
		0xa0: {"DW_OP_implicit_pointer", []operand{opRef, opSLEB}}, 0xa1: {"DW_OP_addrx", []operand{opULEB}},
		0xa2: {"DW_OP_constx", []operand{opULEB}}, 0xa3: {"DW_OP_entry_value", []operand{opExpr}},
		0xa4: {"DW_OP_const_type", []operand{opULEB, opBlock}}, 0xa5: {"DW_OP_regval_type", []operand{opULEB, opULEB}},
		0xa6: {"DW_OP_deref_type", []operand{opU1, opULEB}}, 0xa7: {"DW_OP_xderef_type", []operand{opU1, opULEB}},
		0xa8: {"DW_OP_convert", []operand{opULEB}}, 0xa9: {"DW_OP_reinterpret", []operand{opULEB}},
		0xe0: {"DW_OP_GNU_push_tls_address", nil}, 0xf0: {"DW_OP_GNU_uninit", nil},
		0xf3: {"DW_OP_GNU_entry_value", []operand{opExpr}},
		0xf2: {"DW_OP_GNU_implicit_pointer", []operand{opRef, opSLEB}},
		0xfb: {"DW_OP_GNU_addr_index", []operand{opULEB}}, 0xfc: {"DW_OP_GNU_const_index", []operand{opULEB}},
		0xf6: {"DW_OP_GNU_parameter_ref", []operand{opU4}},
		0xf7: {"DW_OP_GNU_convert", []operand{opULEB}},
		0xf9: {"DW_OP_GNU_reinterpret", []operand{opULEB}},
	}
	for i := range 32 {
		m[byte(0x30+i)] = opDesc{fmt.Sprintf("DW_OP_lit%d", i), nil}
		m[byte(0x50+i)] = opDesc{fmt.Sprintf("DW_OP_reg%d", i), nil}
		m[byte(0x70+i)] = opDesc{fmt.Sprintf("DW_OP_breg%d", i), []operand{opSLEB}}
	}
	return m
}()

// OpName names an expression operation (DW_OP_unknown_<hex> when it has
// no name).
func OpName(code byte) string {
	if d, ok := ops[code]; ok {
		return d.name
	}
	return fmt.Sprintf("DW_OP_unknown_%x", code)
}

// ExprOp is one operation of a DWARF expression.
type ExprOp struct {
	// Off and Len are the operation's place in the expression's bytes
	// (Off 0 is the first operation, after any length prefix).
	Off uint64 `json:"off"`
	Len uint64 `json:"len"`
	// Code is the opcode, Name its DWARF name ("DW_OP_breg6").
	Code byte   `json:"code"`
	Name string `json:"name"`
	// Operands are the decoded operand values (signed ones as two's
	// complement); a block operand is its length, its bytes in Block.
	Operands []uint64 `json:"operands,omitempty"`
	Block    []byte   `json:"block,omitempty"`
	// Nested is the expression of DW_OP_entry_value.
	Nested []ExprOp `json:"nested,omitempty"`
	// Text is the operation as llvm-dwarfdump prints it
	// ("DW_OP_breg6 RBP-8", "DW_OP_addr 0x402010").
	Text string `json:"text"`
}

// ExprContext is what decoding an expression needs to know about its unit
// and target.
type ExprContext struct {
	Order      binary.ByteOrder
	AddrSize   int
	OffsetSize int
	// Machine is the ELF e_machine, for register names (0: numbers).
	Machine uint16
}

// DecodeExpr decodes a DWARF expression. On malformed bytes it returns
// the operations decoded so far and an error naming the offset in b.
func DecodeExpr(b []byte, ctx ExprContext) ([]ExprOp, error) {
	var out []ExprOp
	r := reader{b: b, order: ctx.Order}
	for r.off < uint64(len(b)) {
		start := r.off
		code := r.u8()
		d, ok := ops[code]
		if !ok {
			return out, fmt.Errorf("expression offset 0x%x: unknown operation 0x%02x", start, code)
		}
		op := ExprOp{Off: start, Code: code, Name: d.name}
		signed := make([]bool, len(d.operands))
		for i, k := range d.operands {
			var v uint64
			switch k {
			case opU1:
				v = uint64(r.u8())
			case opS1:
				v, signed[i] = uint64(int64(int8(r.u8()))), true
			case opU2:
				v = r.fixed(2)
			case opS2:
				v, signed[i] = uint64(int64(int16(r.fixed(2)))), true
			case opU4:
				v = r.fixed(4)
			case opS4:
				v, signed[i] = uint64(int64(int32(r.fixed(4)))), true
			case opU8:
				v = r.fixed(8)
			case opS8:
				v, signed[i] = r.fixed(8), true
			case opULEB:
				v = r.uleb()
			case opSLEB:
				v, signed[i] = uint64(r.sleb()), true
			case opAddr:
				v = r.fixed(ctx.AddrSize)
			case opRef:
				v = r.fixed(ctx.OffsetSize)
			case opBlock, opExpr:
				v = r.uleb()
				blk := r.bytes(v)
				if r.err == nil && k == opExpr {
					nested, err := DecodeExpr(blk, ctx)
					if err != nil {
						return out, fmt.Errorf("expression offset 0x%x: in %s: %v", start, d.name, err)
					}
					op.Nested = nested
				} else {
					op.Block = blk
				}
			}
			if r.err != nil {
				return out, fmt.Errorf("expression offset 0x%x: %s truncated", start, d.name)
			}
			op.Operands = append(op.Operands, v)
		}
		op.Len = r.off - start
		op.Text = opText(op, d, signed, ctx.Machine)
		out = append(out, op)
	}
	return out, nil
}

// opText prints an operation as llvm-dwarfdump does.
func opText(op ExprOp, d opDesc, signed []bool, machine uint16) string {
	var text strings.Builder
	text.WriteString(d.name)
	if regText(&text, op, machine) {
		return text.String()
	}
	for i, k := range d.operands {
		v := op.Operands[i]
		switch {
		case k == opExpr:
			return fmt.Sprintf("%s(%s)", d.name, ExprText(op.Nested))
		case k == opBlock:
			fmt.Fprintf(&text, " 0x%x", v)
			for _, c := range op.Block {
				fmt.Fprintf(&text, " 0x%02x", c)
			}
		case signed[i]:
			fmt.Fprintf(&text, " %+d", int64(v))
		default:
			fmt.Fprintf(&text, " 0x%x", v)
		}
	}
	return text.String()
}

// ExprText joins operations as llvm-dwarfdump prints an expression.
func ExprText(ops []ExprOp) string {
	parts := make([]string, len(ops))
	for i, op := range ops {
		parts[i] = op.Text
	}
	return strings.Join(parts, ", ")
}

// regText writes a register operation's operands the way llvm-dwarfdump
// does when it knows the target's register names ("DW_OP_breg6 RBP-8",
// "DW_OP_reg0 RAX"); it returns false when it wrote nothing.
func regText(text *strings.Builder, op ExprOp, machine uint16) bool {
	code := op.Code
	var reg uint64
	switch {
	case code >= 0x50 && code <= 0x8f:
		reg = uint64((code - 0x50) % 32)
	case code == 0x90 || code == 0x92:
		reg = op.Operands[0]
	default:
		return false
	}
	name := RegisterName(machine, reg)
	if name == "" {
		return false
	}
	switch {
	case code >= 0x70 && code <= 0x8f:
		fmt.Fprintf(text, " %s%+d", name, int64(op.Operands[0]))
	case code == 0x92:
		fmt.Fprintf(text, " %s%+d", name, int64(op.Operands[1]))
	default:
		fmt.Fprintf(text, " %s", name)
	}
	return true
}
