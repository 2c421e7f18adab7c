package dwarfcore

import "fmt"

// DWARF 5 constants used by the emitter (DWARF 5 §7), plus the Zig vendor
// extensions of the seed. Only the values the emitter writes or the
// annotated map decodes are listed.

// Tags (DWARF 5 §7.5.3, Table 7.3).
const (
	tagArrayType                = 0x01
	tagEnumerationType          = 0x04
	tagFormalParameter          = 0x05
	tagImportedDeclaration      = 0x08
	tagMember                   = 0x0d
	tagPointerType              = 0x0f
	tagCompileUnit              = 0x11
	tagStructureType            = 0x13
	tagSubroutineType           = 0x15
	tagTypedef                  = 0x16
	tagUnionType                = 0x17
	tagUnspecifiedParams        = 0x18
	tagVariant                  = 0x19
	tagModule                   = 0x1e
	tagSubrangeType             = 0x21
	tagBaseType                 = 0x24
	tagConstType                = 0x26
	tagEnumerator               = 0x28
	tagSubprogram               = 0x2e
	tagVariantPart              = 0x33
	tagVariable                 = 0x34
	tagConstant                 = 0x27
	tagVolatileType             = 0x35
	tagUnspecifiedType          = 0x3b
	tagZIGPadding               = 0xfdb1 // DW_TAG_ZIG_padding
	childrenNo             byte = 0x00
	childrenYes            byte = 0x01
)

// Attributes (DWARF 5 §7.5.4, Table 7.5).
const (
	atLocation          = 0x02
	atName              = 0x03
	atByteSize          = 0x0b
	atBitSize           = 0x0d
	atStmtList          = 0x10
	atLowPC             = 0x11
	atHighPC            = 0x12
	atLanguage          = 0x13
	atDiscrValue        = 0x16
	atImport            = 0x18
	atConstValue        = 0x1c
	atProducer          = 0x25
	atCompDir           = 0x1b
	atCount             = 0x37
	atAccessibility     = 0x32
	atAddressClass      = 0x33
	atArtificial        = 0x34
	atCallingConvention = 0x36
	atDataMemberLoc     = 0x38
	atDeclColumn        = 0x39
	atDeclFile          = 0x3a
	atDeclLine          = 0x3b
	atDeclaration       = 0x3c
	atEncoding          = 0x3e
	atExternal          = 0x3f
	atType              = 0x49
	atDiscr             = 0x15
	atRanges            = 0x55
	atDataBitOffset     = 0x6b
	atConstExpr         = 0x6c
	atLinkageName       = 0x6e
	atNoreturn          = 0x87
	atAlignment         = 0x88
	atRnglistsBase      = 0x74
	atBaseTypes         = 0x35
	atGNUVector         = 0x2107
	atZIGParent         = 0x2ccd
	atZIGPadding        = 0x2cce
	atZIGIsAllowzero    = 0x2ce1
	atZIGSentinel       = 0x2ce2
)

// Forms (DWARF 5 §7.5.6, Table 7.6).
const (
	formAddr       = 0x01
	formBlock      = 0x09
	formData1      = 0x0b
	formData4      = 0x06
	formFlag       = 0x0c
	formSdata      = 0x0d
	formStrp       = 0x0e
	formUdata      = 0x0f
	formRefAddr    = 0x10
	formSecOffset  = 0x17
	formExprloc    = 0x18
	formFlagPres   = 0x19
	formLineStrp   = 0x1f
	formRnglistx   = 0x23
	formDataUnused = 0
)

// Base type encodings (DWARF 5 §7.8).
const (
	ateBoolean  = 0x02
	ateFloat    = 0x04
	ateSigned   = 0x05
	ateUnsigned = 0x07
)

// Accessibility codes (§7.9), calling conventions (§7.15), languages
// (§7.12) and unit types (§7.5.1).
const (
	accessPublic  = 0x01
	accessPrivate = 0x03
	ccNormal      = 0x01
	langZig       = 0x27
	utCompile     = 0x01
)

// Location expression operations (§7.7.1).
const (
	opAddr            = 0x03
	opConst4u         = 0x0c
	opConst8u         = 0x0e
	opFbreg           = 0x91
	opBreg0           = 0x70
	opReg0            = 0x50
	opFormTLSAddress  = 0x9b
	opImplicitValue   = 0x9e
	opStackValue      = 0x9f
	opPlusUconst      = 0x23
	opLit0            = 0x30
	opConstu          = 0x10
	opConsts          = 0x11
	opCallFrameCFA    = 0x9c
	opGNUPushTLSAddr  = 0xe0
	opPieceOp         = 0x93
	opRegx            = 0x90
	opBregx           = 0x92
	opConst1u         = 0x08
	opConst1s         = 0x09
	opConst2u         = 0x0a
	opConst2s         = 0x0b
	opConst4s         = 0x0d
	opConst8s         = 0x0f
	opDup             = 0x12
	opDeref           = 0x06
	opImplicitPointer = 0xa0
)

// Line number standard opcodes (§7.22, Table 7.25).
const (
	lnsExtendedOp       = 0x00
	lnsCopy             = 0x01
	lnsAdvancePC        = 0x02
	lnsAdvanceLine      = 0x03
	lnsSetFile          = 0x04
	lnsSetColumn        = 0x05
	lnsNegateStmt       = 0x06
	lnsSetBasicBlock    = 0x07
	lnsConstAddPC       = 0x08
	lnsFixedAdvancePC   = 0x09
	lnsSetPrologueEnd   = 0x0a
	lnsSetEpilogueBegin = 0x0b
	lnsSetISA           = 0x0c
	lineOpcodeBase      = lnsSetISA + 1
)

// Line number extended opcodes (§7.22, Table 7.26) and the seed's
// DW_LNE_ZIG_set_decl (lib/std/dwarf.zig in the seed: 0xec).
const (
	lneEndSequence  = 0x01
	lneSetAddress   = 0x02
	lneZIGSetDecl   = 0xec
	lnctPath        = 0x01
	lnctDirIndex    = 0x02
	lnctLLVMSource  = 0x2001
	rleEndOfList    = 0x00
	rleStartEnd     = 0x06
	lineStdOpLenLen = lineOpcodeBase - 1
)

// standardOpcodeLengths are the operand counts of standard opcodes 1..12
// written in the line program header (§6.2.4 item 13).
var standardOpcodeLengths = [lineStdOpLenLen]byte{0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1}

var tagNames = map[uint64]string{
	tagArrayType: "DW_TAG_array_type", tagEnumerationType: "DW_TAG_enumeration_type",
	tagFormalParameter: "DW_TAG_formal_parameter", tagImportedDeclaration: "DW_TAG_imported_declaration",
	tagMember: "DW_TAG_member", tagPointerType: "DW_TAG_pointer_type", tagCompileUnit: "DW_TAG_compile_unit",
	tagStructureType: "DW_TAG_structure_type", tagSubroutineType: "DW_TAG_subroutine_type",
	tagTypedef: "DW_TAG_typedef", tagUnionType: "DW_TAG_union_type",
	tagUnspecifiedParams: "DW_TAG_unspecified_parameters", tagVariant: "DW_TAG_variant",
	tagModule: "DW_TAG_module", tagSubrangeType: "DW_TAG_subrange_type", tagBaseType: "DW_TAG_base_type",
	tagConstType: "DW_TAG_const_type", tagEnumerator: "DW_TAG_enumerator", tagSubprogram: "DW_TAG_subprogram",
	tagVariantPart: "DW_TAG_variant_part", tagVariable: "DW_TAG_variable", tagConstant: "DW_TAG_constant", tagVolatileType: "DW_TAG_volatile_type",
	tagUnspecifiedType: "DW_TAG_unspecified_type", tagZIGPadding: "DW_TAG_ZIG_padding",
}

var attrNames = map[uint64]string{
	atLocation: "DW_AT_location", atBitSize: "DW_AT_bit_size", atName: "DW_AT_name", atByteSize: "DW_AT_byte_size",
	atStmtList: "DW_AT_stmt_list", atLowPC: "DW_AT_low_pc", atHighPC: "DW_AT_high_pc",
	atLanguage: "DW_AT_language", atDiscrValue: "DW_AT_discr_value", atImport: "DW_AT_import",
	atConstValue: "DW_AT_const_value", atProducer: "DW_AT_producer", atCompDir: "DW_AT_comp_dir",
	atCount: "DW_AT_count", atAccessibility: "DW_AT_accessibility", atAddressClass: "DW_AT_address_class",
	atArtificial: "DW_AT_artificial", atCallingConvention: "DW_AT_calling_convention",
	atDataMemberLoc: "DW_AT_data_member_location", atDeclColumn: "DW_AT_decl_column",
	atDeclFile: "DW_AT_decl_file", atDeclLine: "DW_AT_decl_line", atDeclaration: "DW_AT_declaration",
	atEncoding: "DW_AT_encoding", atExternal: "DW_AT_external", atType: "DW_AT_type", atDiscr: "DW_AT_discr",
	atRanges: "DW_AT_ranges", atDataBitOffset: "DW_AT_data_bit_offset", atConstExpr: "DW_AT_const_expr",
	atLinkageName: "DW_AT_linkage_name", atNoreturn: "DW_AT_noreturn", atAlignment: "DW_AT_alignment",
	atRnglistsBase: "DW_AT_rnglists_base", atBaseTypes: "DW_AT_base_types", atGNUVector: "DW_AT_GNU_vector",
	atZIGParent: "DW_AT_ZIG_parent", atZIGPadding: "DW_AT_ZIG_padding", atZIGIsAllowzero: "DW_AT_ZIG_is_allowzero",
	atZIGSentinel: "DW_AT_ZIG_sentinel",
}

var formNames = map[uint64]string{
	formAddr: "DW_FORM_addr", formBlock: "DW_FORM_block", formData1: "DW_FORM_data1", formData4: "DW_FORM_data4",
	formFlag: "DW_FORM_flag", formSdata: "DW_FORM_sdata", formStrp: "DW_FORM_strp", formUdata: "DW_FORM_udata",
	formRefAddr: "DW_FORM_ref_addr", formSecOffset: "DW_FORM_sec_offset", formExprloc: "DW_FORM_exprloc",
	formFlagPres: "DW_FORM_flag_present", formLineStrp: "DW_FORM_line_strp", formRnglistx: "DW_FORM_rnglistx",
}

func nameOr(m map[uint64]string, v uint64, kind string) string {
	if s, ok := m[v]; ok {
		return s
	}
	return fmt.Sprintf("%s(0x%x)", kind, v)
}

func tagName(v uint64) string  { return nameOr(tagNames, v, "DW_TAG") }
func attrName(v uint64) string { return nameOr(attrNames, v, "DW_AT") }
func formName(v uint64) string { return nameOr(formNames, v, "DW_FORM") }
