package dwarfread

import (
	"encoding/binary"
	"testing"
)

// TestDecodeExpr checks operations whose operands depend on each other
// or on the unit, printed as llvm-dwarfdump-22 prints them (the WASM
// location as it prints clang --target=wasm32's frame base).
func TestDecodeExpr(t *testing.T) {
	ctx := ExprContext{Order: binary.LittleEndian, AddrSize: 8, OffsetSize: 4, Machine: MachineX86_64}
	tests := []struct {
		expr []byte
		want string
	}{
		{[]byte{0xed, 0x00, 0x03, 0x9f}, "DW_OP_WASM_location 0x0 0x3, DW_OP_stack_value"},
		{[]byte{0xed, 0x03, 0x01, 0x00, 0x00, 0x00}, "DW_OP_WASM_location 0x3 0x1"},
		{[]byte{0x76, 0x78}, "DW_OP_breg6 RBP-8"},
		{[]byte{0x92, 0x06, 0x10}, "DW_OP_bregx RBP+16"},
		{[]byte{0x03, 1, 2, 3, 4, 5, 6, 7, 8}, "DW_OP_addr 0x807060504030201"},
	}
	for _, tt := range tests {
		ops, err := DecodeExpr(tt.expr, ctx)
		if err != nil {
			t.Errorf("% x: %v", tt.expr, err)
			continue
		}
		if got := ExprText(ops); got != tt.want {
			t.Errorf("% x: %q, want %q", tt.expr, got, tt.want)
		}
	}
	if _, err := DecodeExpr([]byte{0xed, 0x03, 0x01}, ctx); err == nil {
		t.Errorf("a fixed global's index cut short decodes")
	}
}
