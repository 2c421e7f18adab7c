package dw

import (
	"fmt"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct {
		v    fmt.Stringer
		want string
	}{
		{TagVariable, "DW_TAG_variable"},
		{TagZIGPadding, "DW_TAG_ZIG_padding"},
		{Tag(0xfdb2), "DW_TAG_unknown_fdb2"},
		{Tag(0), "DW_TAG_unknown_0"},
		{AttrByteSize, "DW_AT_byte_size"},
		{AttrZIGSentinel, "DW_AT_ZIG_sentinel"},
		{Attr(0x3fff), "DW_AT_unknown_3fff"},
		{FormExprloc, "DW_FORM_exprloc"},
		{FormGNUStrpAlt, "DW_FORM_GNU_strp_alt"},
		{Form(0x2d), "DW_FORM_unknown_2d"},
		{OpBreg6, "DW_OP_breg6"},
		{OpLit31, "DW_OP_lit31"},
		{OpGNUPushTLSAddress, "DW_OP_GNU_push_tls_address"},
		{Op(0xff), "DW_OP_unknown_ff"},
		{LNSCopy, "DW_LNS_copy"},
		{LNSExtendedOp, "DW_LNS_unknown_0"},
		{LNEZIGSetDecl, "DW_LNE_ZIG_set_decl"},
		{LNCTLLVMSource, "DW_LNCT_LLVM_source"},
		{ATESigned, "DW_ATE_signed"},
		{LangZig, "DW_LANG_Zig"},
		{UTCompile, "DW_UT_compile"},
		{RLEStartEnd, "DW_RLE_start_end"},
		{LLEGNUViewPair, "DW_LLE_GNU_view_pair"},
		{AccessPrivate, "DW_ACCESS_private"},
		{CCNormal, "DW_CC_normal"},
		{ChildrenYes, "DW_CHILDREN_yes"},
		{Children(2), "DW_CHILDREN_unknown_2"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%T(%#x).String() = %q, want %q", tt.v, tt.v, got, tt.want)
		}
	}
}

// TestNamesFromFile checks the lookups a reader makes with numbers of any
// width: a value that does not fit the type is unknown, not truncated.
func TestNamesFromFile(t *testing.T) {
	tests := []struct {
		names    Namer
		v        uint64
		want     string
		wantKnow bool
	}{
		{TagNames, 0x34, "DW_TAG_variable", true},
		{TagNames, 0xfdb1, "DW_TAG_ZIG_padding", true},
		{TagNames, 0x1_0034, "DW_TAG_unknown_10034", false},
		{AttrNames, 0x2ccd, "DW_AT_ZIG_parent", true},
		{FormNames, 0x118, "DW_FORM_unknown_118", false},
		{OpNames, 0x170, "DW_OP_unknown_170", false},
		{LineExtOpNames, 0xec, "DW_LNE_ZIG_set_decl", true},
		{LangNames, 0xb000, "DW_LANG_BORLAND_Delphi", true},
	}
	for _, tt := range tests {
		if got := tt.names.Name(tt.v); got != tt.want {
			t.Errorf("Name(%#x) = %q, want %q", tt.v, got, tt.want)
		}
		name, ok := tt.names.Lookup(tt.v)
		if ok != tt.wantKnow || (ok && name != tt.want) || (!ok && name != "") {
			t.Errorf("Lookup(%#x) = %q, %v; want known %v", tt.v, name, ok, tt.wantKnow)
		}
	}
}

func TestValues(t *testing.T) {
	tests := []struct {
		attr Attr
		v    uint64
		want string
	}{
		{AttrEncoding, 0x05, "DW_ATE_signed"},
		{AttrLanguage, 0x27, "DW_LANG_Zig"},
		{AttrAccessibility, 0x01, "DW_ACCESS_public"},
		{AttrCallingConvention, 0xc0, "DW_CC_LLVM_vectorcall"},
		{AttrDefaulted, 0x02, "DW_DEFAULTED_out_of_class"},
	}
	for _, tt := range tests {
		names := tt.attr.Values()
		if names == nil {
			t.Fatalf("%v.Values() = nil", tt.attr)
		}
		if got, ok := names.Lookup(tt.v); !ok || got != tt.want {
			t.Errorf("%v.Values().Lookup(%#x) = %q, %v; want %q", tt.attr, tt.v, got, ok, tt.want)
		}
	}
	if AttrName.Values() != nil || AttrByteSize.Values() != nil {
		t.Errorf("DW_AT_name and DW_AT_byte_size do not take enumerated constants")
	}
}

func TestOps(t *testing.T) {
	tests := []struct {
		op       Op
		operands []Operand
	}{
		{OpAddr, []Operand{OperandAddr}},
		{OpBreg31, []Operand{OperandSLEB}},
		{OpBregx, []Operand{OperandULEB, OperandSLEB}},
		{OpImplicitValue, []Operand{OperandBlock}},
		{OpEntryValue, []Operand{OperandExpr}},
		{OpWASMLocation, []Operand{OperandULEB, OperandWASMArg}},
		{OpStackValue, nil},
		{OpReg3, nil},
	}
	for _, tt := range tests {
		if got := tt.op.Operands(); fmt.Sprint(got) != fmt.Sprint(tt.operands) {
			t.Errorf("%v.Operands() = %v, want %v", tt.op, got, tt.operands)
		}
	}
	for n := uint64(0); n < 34; n++ {
		reg, rok := Reg(n)
		breg, bok := Breg(n)
		if rok != (n < 32) || bok != (n < 32) {
			t.Errorf("Reg/Breg(%d) ok = %v/%v", n, rok, bok)
		}
		if !rok {
			continue
		}
		if r, ok := reg.Register(); !ok || r != n || reg.String() != fmt.Sprintf("DW_OP_reg%d", n) {
			t.Errorf("Reg(%d) = %v, Register %d %v", n, reg, r, ok)
		}
		if r, ok := breg.Register(); !ok || r != n || breg.String() != fmt.Sprintf("DW_OP_breg%d", n) {
			t.Errorf("Breg(%d) = %v, Register %d %v", n, breg, r, ok)
		}
	}
	if _, ok := OpRegx.Register(); ok {
		t.Errorf("DW_OP_regx has its register in an operand")
	}
}

// TestLineProgram checks the standard opcode table a line header writes.
func TestLineProgram(t *testing.T) {
	if LineOpcodeBase != 13 || len(StandardOpcodeLengths) != 12 {
		t.Fatalf("opcode_base %d with %d lengths, want 13 with 12", LineOpcodeBase, len(StandardOpcodeLengths))
	}
	oneOperand := map[LineOp]bool{LNSAdvancePC: true, LNSAdvanceLine: true, LNSSetFile: true,
		LNSSetColumn: true, LNSFixedAdvancePC: true, LNSSetISA: true}
	for op := LNSCopy; op < LineOpcodeBase; op++ {
		want := uint8(0)
		if oneOperand[op] {
			want = 1
		}
		if got := StandardOpcodeLengths[op-1]; got != want {
			t.Errorf("%v takes %d operands, table says %d", op, want, got)
		}
	}
}
