package dwarfcore

import (
	"bytes"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// TestLocationExpr checks the encoding of every location kind against
// the bytes DWARF 5 §2.5 and §2.6 (and LLVM's DW_OP_WASM_location) give.
func TestLocationExpr(t *testing.T) {
	tests := []struct {
		loc  Location
		want []byte
	}{
		{Location{}, nil},
		{InReg(target.X86_64RBP), []byte{0x56}},                        // DW_OP_reg6
		{InReg(31), []byte{0x6f}},                                      // DW_OP_reg31
		{InReg(32), []byte{0x90, 32}},                                  // DW_OP_regx 32
		{AtRegOffset(target.X86_64RBP, -24), []byte{0x76, 0x68}},       // DW_OP_breg6 -24
		{AtRegOffset(target.AArch64SP, 200), []byte{0x8f, 0xc8, 0x01}}, // DW_OP_breg31 200
		{AtRegOffset(40, 8), []byte{0x92, 40, 8}},                      // DW_OP_bregx 40 8
		{InWasmLocal(3), []byte{0xed, 0, 3}},                           // DW_OP_WASM_location 0 3
		{InWasmLocal(300), []byte{0xed, 0, 0xac, 0x02}},
	}
	for _, tt := range tests {
		if got := tt.loc.AppendExpr(nil); !bytes.Equal(got, tt.want) {
			t.Errorf("%s %+v: % x, want % x", tt.loc.Kind, tt.loc, got, tt.want)
		}
	}
	if s := LocationKind(9).String(); s != "LocationKind(9)" {
		t.Errorf("unknown kind: %q", s)
	}
}
