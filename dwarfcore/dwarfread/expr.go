package dwarfread

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
)

// OpName names an expression operation (DW_OP_unknown_<hex> when it has
// no name).
func OpName(code byte) string { return dw.Op(code).String() }

// wasmGlobalFixed is the DW_OP_WASM_location kind whose index is a
// 4-byte value (TI_GLOBAL_FIXED in LLVM).
const wasmGlobalFixed = 3

// ExprOp is one operation of a DWARF expression.
type ExprOp struct {
	// Off and Len are the operation's place in the expression's bytes
	// (Off 0 is the first operation, after any length prefix).
	Off uint64 `json:"off"`
	Len uint64 `json:"len"`
	// Code is the opcode, Name its DWARF name ("DW_OP_breg6").
	Code dw.Op  `json:"code"`
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
		code := dw.Op(r.u8())
		name, ok := dw.OpNames.Lookup(uint64(code))
		if !ok {
			return out, fmt.Errorf("expression offset 0x%x: unknown operation 0x%02x", start, uint8(code))
		}
		op := ExprOp{Off: start, Code: code, Name: name}
		operands := code.Operands()
		signed := make([]bool, len(operands))
		for i, k := range operands {
			var v uint64
			switch k {
			case dw.OperandU1:
				v = uint64(r.u8())
			case dw.OperandS1:
				v, signed[i] = uint64(int64(int8(r.u8()))), true
			case dw.OperandU2:
				v = r.fixed(2)
			case dw.OperandS2:
				v, signed[i] = uint64(int64(int16(r.fixed(2)))), true
			case dw.OperandU4:
				v = r.fixed(4)
			case dw.OperandS4:
				v, signed[i] = uint64(int64(int32(r.fixed(4)))), true
			case dw.OperandU8:
				v = r.fixed(8)
			case dw.OperandS8:
				v, signed[i] = r.fixed(8), true
			case dw.OperandULEB:
				v = r.uleb()
			case dw.OperandSLEB:
				v, signed[i] = uint64(r.sleb()), true
			case dw.OperandAddr:
				v = r.fixed(ctx.AddrSize)
			case dw.OperandRef:
				v = r.fixed(ctx.OffsetSize)
			case dw.OperandWASMArg:
				if i > 0 && op.Operands[i-1] == wasmGlobalFixed {
					v = r.fixed(4)
				} else {
					v = r.uleb()
				}
			case dw.OperandBlock, dw.OperandBlock1, dw.OperandExpr:
				if k == dw.OperandBlock1 {
					v = uint64(r.u8())
				} else {
					v = r.uleb()
				}
				blk := r.bytes(v)
				if r.err == nil && k == dw.OperandExpr {
					nested, err := DecodeExpr(blk, ctx)
					if err != nil {
						return out, fmt.Errorf("expression offset 0x%x: in %s: %v", start, name, err)
					}
					op.Nested = nested
				} else {
					op.Block = blk
				}
			}
			if r.err != nil {
				return out, fmt.Errorf("expression offset 0x%x: %s truncated", start, name)
			}
			op.Operands = append(op.Operands, v)
		}
		op.Len = r.off - start
		op.Text = opText(op, operands, signed, ctx.Machine)
		out = append(out, op)
	}
	return out, nil
}

// opText prints an operation as llvm-dwarfdump does.
func opText(op ExprOp, operands []dw.Operand, signed []bool, machine uint16) string {
	var text strings.Builder
	text.WriteString(op.Name)
	if regText(&text, op, machine) {
		return text.String()
	}
	for i, k := range operands {
		v := op.Operands[i]
		switch {
		case k == dw.OperandExpr:
			return fmt.Sprintf("%s(%s)", op.Name, ExprText(op.Nested))
		case k == dw.OperandBlock || k == dw.OperandBlock1:
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
	reg, ok := op.Code.Register()
	switch {
	case ok:
	case op.Code == dw.OpRegx || op.Code == dw.OpBregx:
		reg = op.Operands[0]
	default:
		return false
	}
	name := RegisterName(machine, reg)
	if name == "" {
		return false
	}
	switch {
	case op.Code >= dw.OpBreg0 && op.Code <= dw.OpBreg31:
		fmt.Fprintf(text, " %s%+d", name, int64(op.Operands[0]))
	case op.Code == dw.OpBregx:
		fmt.Fprintf(text, " %s%+d", name, int64(op.Operands[1]))
	default:
		fmt.Fprintf(text, " %s", name)
	}
	return true
}
