package dwarfcore

import "github.com/dwarfscope/dwarfscope/internal/leb128"

// abbrevCode is an abbreviation code of the seed's fixed abbreviation
// table. The order (and so every code) is the seed's: padding codes first
// (they must be one-byte ULEBs), then the declaration codes (which must all
// have the same ULEB length so that one can replace another in place, e.g.
// decl_func ⇄ decl_func_empty), then the rest.
type abbrevCode uint8

// The abbreviation codes (DWARF 5 §7.5.3).
const (
	abbrevNull abbrevCode = iota
	abbrevPad1
	abbrevPadN
	abbrevDeclAlias
	abbrevDeclEnum
	abbrevDeclNamespaceStruct
	abbrevDeclStruct
	abbrevDeclPackedStruct
	abbrevDeclUnion
	abbrevDeclVar
	abbrevDeclFunc
	abbrevDeclFuncEmpty
	abbrevCompileUnit
	abbrevModule
	abbrevNamespaceFile
	abbrevFile
	abbrevSignedEnumField
	abbrevUnsignedEnumField
	abbrevGeneratedField
	abbrevStructField
	abbrevStructFieldComptime
	abbrevPackedStructField
	abbrevUntaggedUnionField
	abbrevTaggedUnion
	abbrevSignedTaggedUnionField
	abbrevUnsignedTaggedUnionField
	abbrevTaggedUnionDefaultField
	abbrevVoidType
	abbrevNumericType
	abbrevInferredErrorSetType
	abbrevPtrType
	abbrevIsConst
	abbrevIsVolatile
	abbrevArrayType
	abbrevArrayIndex
	abbrevNullaryFuncType
	abbrevFuncType
	abbrevFuncTypeParam
	abbrevIsVarArgs
	abbrevEnumType
	abbrevEmptyEnumType
	abbrevNamespaceStructType
	abbrevStructType
	abbrevPackedStructType
	abbrevUnionType
	abbrevLocalArg
	abbrevLocalVar
	// Codes past the seed's table: the seed's codes keep their values, and
	// the decl code below still has the one-byte ULEB of the others.
	abbrevTypedef
	abbrevPortableDeclPackedStruct
	abbrevPortablePackedStructType
	abbrevPortablePackedStructField
	abbrevDeclVariantStruct
	abbrevVariantStructType
	abbrevDeclSizedPackedStruct
	abbrevSizedPackedStructType
	abbrevEmptyStructType
	abbrevDeclPackedUnion
	abbrevPackedUnionType
	abbrevPlainNameVar
	numAbbrevCodes
)

// declAbbrevBytes is the ULEB length shared by every declaration code.
var declAbbrevBytes = leb128.UnsignedLen(uint64(abbrevDeclFuncEmpty))

type abbrevAttr struct{ at, form uint64 }

type abbrevDecl struct {
	name     string
	tag      uint64
	children bool
	attrs    []abbrevAttr
}

var declCommonAttrs = []abbrevAttr{
	{atZIGParent, formRefAddr},
	{atDeclLine, formData4},
	{atDeclColumn, formUdata},
	{atAccessibility, formData1},
	{atName, formStrp},
}

func declAttrs(extra ...abbrevAttr) []abbrevAttr {
	return append(append([]abbrevAttr(nil), declCommonAttrs...), extra...)
}

// abbrevs is the seed's abbreviation table, indexed by code, followed by
// the few codes dwarfscope adds (see abbrevTypedef).
var abbrevs = [numAbbrevCodes]abbrevDecl{
	abbrevNull:                {name: "null"},
	abbrevPad1:                {name: "pad_1", tag: tagZIGPadding},
	abbrevPadN:                {name: "pad_n", tag: tagZIGPadding, attrs: []abbrevAttr{{atZIGPadding, formBlock}}},
	abbrevDeclAlias:           {name: "decl_alias", tag: tagImportedDeclaration, attrs: declAttrs(abbrevAttr{atImport, formRefAddr})},
	abbrevDeclEnum:            {name: "decl_enum", tag: tagEnumerationType, children: true, attrs: declAttrs(abbrevAttr{atType, formRefAddr})},
	abbrevDeclNamespaceStruct: {name: "decl_namespace_struct", tag: tagStructureType, attrs: declAttrs(abbrevAttr{atDeclaration, formFlag})},
	abbrevDeclStruct:          {name: "decl_struct", tag: tagStructureType, children: true, attrs: declAttrs(abbrevAttr{atByteSize, formUdata}, abbrevAttr{atAlignment, formUdata})},
	abbrevDeclPackedStruct:    {name: "decl_packed_struct", tag: tagStructureType, children: true, attrs: declAttrs(abbrevAttr{atType, formRefAddr})},
	abbrevDeclUnion:           {name: "decl_union", tag: tagUnionType, children: true, attrs: declAttrs(abbrevAttr{atByteSize, formUdata}, abbrevAttr{atAlignment, formUdata})},
	abbrevDeclVar: {name: "decl_var", tag: tagVariable, attrs: declAttrs(
		abbrevAttr{atLinkageName, formStrp}, abbrevAttr{atType, formRefAddr}, abbrevAttr{atLocation, formExprloc},
		abbrevAttr{atAlignment, formUdata}, abbrevAttr{atExternal, formFlag})},
	abbrevDeclFunc: {name: "decl_func", tag: tagSubprogram, children: true, attrs: declAttrs(
		abbrevAttr{atLinkageName, formStrp}, abbrevAttr{atType, formRefAddr}, abbrevAttr{atLowPC, formAddr},
		abbrevAttr{atHighPC, formAddr}, abbrevAttr{atAlignment, formUdata}, abbrevAttr{atExternal, formFlag},
		abbrevAttr{atNoreturn, formFlag})},
	abbrevDeclFuncEmpty: {name: "decl_func_empty", tag: tagSubprogram, attrs: declAttrs(
		abbrevAttr{atLinkageName, formStrp}, abbrevAttr{atType, formRefAddr}, abbrevAttr{atLowPC, formAddr},
		abbrevAttr{atHighPC, formAddr}, abbrevAttr{atAlignment, formUdata}, abbrevAttr{atExternal, formFlag},
		abbrevAttr{atNoreturn, formFlag})},
	abbrevCompileUnit: {name: "compile_unit", tag: tagCompileUnit, children: true, attrs: []abbrevAttr{
		{atLanguage, formData1}, {atProducer, formLineStrp}, {atCompDir, formLineStrp}, {atName, formLineStrp},
		{atBaseTypes, formRefAddr}, {atStmtList, formSecOffset}, {atRnglistsBase, formSecOffset}, {atRanges, formRnglistx}}},
	abbrevModule:            {name: "module", tag: tagModule, children: true, attrs: []abbrevAttr{{atName, formStrp}, {atRanges, formRnglistx}}},
	abbrevNamespaceFile:     {name: "namespace_file", tag: tagStructureType, attrs: []abbrevAttr{{atDeclFile, formUdata}, {atName, formStrp}}},
	abbrevFile:              {name: "file", tag: tagStructureType, children: true, attrs: []abbrevAttr{{atDeclFile, formUdata}, {atName, formStrp}, {atByteSize, formUdata}, {atAlignment, formUdata}}},
	abbrevSignedEnumField:   {name: "signed_enum_field", tag: tagEnumerator, attrs: []abbrevAttr{{atConstValue, formSdata}, {atName, formStrp}}},
	abbrevUnsignedEnumField: {name: "unsigned_enum_field", tag: tagEnumerator, attrs: []abbrevAttr{{atConstValue, formUdata}, {atName, formStrp}}},
	abbrevGeneratedField: {name: "generated_field", tag: tagMember, attrs: []abbrevAttr{
		{atName, formStrp}, {atType, formRefAddr}, {atDataMemberLoc, formUdata}, {atArtificial, formFlagPres}}},
	abbrevStructField: {name: "struct_field", tag: tagMember, attrs: []abbrevAttr{
		{atName, formStrp}, {atType, formRefAddr}, {atDataMemberLoc, formUdata}, {atAlignment, formUdata}}},
	abbrevStructFieldComptime: {name: "struct_field_comptime", tag: tagMember, attrs: []abbrevAttr{
		{atName, formStrp}, {atType, formRefAddr}, {atConstExpr, formFlagPres}}},
	abbrevPackedStructField: {name: "packed_struct_field", tag: tagMember, attrs: []abbrevAttr{
		{atName, formStrp}, {atType, formRefAddr}, {atDataBitOffset, formUdata}}},
	abbrevUntaggedUnionField: {name: "untagged_union_field", tag: tagMember, attrs: []abbrevAttr{
		{atName, formStrp}, {atType, formRefAddr}, {atAlignment, formUdata}}},
	abbrevTaggedUnion:              {name: "tagged_union", tag: tagVariantPart, children: true, attrs: []abbrevAttr{{atDiscr, formRefAddr}}},
	abbrevSignedTaggedUnionField:   {name: "signed_tagged_union_field", tag: tagVariant, children: true, attrs: []abbrevAttr{{atDiscrValue, formSdata}}},
	abbrevUnsignedTaggedUnionField: {name: "unsigned_tagged_union_field", tag: tagVariant, children: true, attrs: []abbrevAttr{{atDiscrValue, formUdata}}},
	abbrevTaggedUnionDefaultField:  {name: "tagged_union_default_field", tag: tagVariant, children: true},
	abbrevVoidType:                 {name: "void_type", tag: tagUnspecifiedType, attrs: []abbrevAttr{{atName, formStrp}}},
	abbrevNumericType: {name: "numeric_type", tag: tagBaseType, attrs: []abbrevAttr{
		{atName, formStrp}, {atEncoding, formData1}, {atBitSize, formUdata}, {atByteSize, formUdata}, {atAlignment, formUdata}}},
	abbrevInferredErrorSetType: {name: "inferred_error_set_type", tag: tagTypedef, attrs: []abbrevAttr{{atName, formStrp}, {atType, formRefAddr}}},
	abbrevPtrType: {name: "ptr_type", tag: tagPointerType, attrs: []abbrevAttr{
		{atName, formStrp}, {atZIGIsAllowzero, formFlag}, {atAlignment, formUdata}, {atAddressClass, formData1}, {atType, formRefAddr}}},
	abbrevIsConst:    {name: "is_const", tag: tagConstType, attrs: []abbrevAttr{{atType, formRefAddr}}},
	abbrevIsVolatile: {name: "is_volatile", tag: tagVolatileType, attrs: []abbrevAttr{{atType, formRefAddr}}},
	abbrevArrayType: {name: "array_type", tag: tagArrayType, children: true, attrs: []abbrevAttr{
		{atName, formStrp}, {atType, formRefAddr}, {atGNUVector, formFlag}}},
	abbrevArrayIndex:          {name: "array_index", tag: tagSubrangeType, attrs: []abbrevAttr{{atType, formRefAddr}, {atCount, formUdata}}},
	abbrevNullaryFuncType:     {name: "nullary_func_type", tag: tagSubroutineType, attrs: []abbrevAttr{{atName, formStrp}, {atCallingConvention, formData1}, {atType, formRefAddr}}},
	abbrevFuncType:            {name: "func_type", tag: tagSubroutineType, children: true, attrs: []abbrevAttr{{atName, formStrp}, {atCallingConvention, formData1}, {atType, formRefAddr}}},
	abbrevFuncTypeParam:       {name: "func_type_param", tag: tagFormalParameter, attrs: []abbrevAttr{{atType, formRefAddr}}},
	abbrevIsVarArgs:           {name: "is_var_args", tag: tagUnspecifiedParams},
	abbrevEnumType:            {name: "enum_type", tag: tagEnumerationType, children: true, attrs: []abbrevAttr{{atName, formStrp}, {atType, formRefAddr}}},
	abbrevEmptyEnumType:       {name: "empty_enum_type", tag: tagEnumerationType, attrs: []abbrevAttr{{atName, formStrp}, {atType, formRefAddr}}},
	abbrevNamespaceStructType: {name: "namespace_struct_type", tag: tagStructureType, attrs: []abbrevAttr{{atName, formStrp}, {atDeclaration, formFlag}}},
	abbrevStructType:          {name: "struct_type", tag: tagStructureType, children: true, attrs: []abbrevAttr{{atName, formStrp}, {atByteSize, formUdata}, {atAlignment, formUdata}}},
	abbrevPackedStructType:    {name: "packed_struct_type", tag: tagStructureType, children: true, attrs: []abbrevAttr{{atName, formStrp}, {atType, formRefAddr}}},
	abbrevUnionType:           {name: "union_type", tag: tagUnionType, children: true, attrs: []abbrevAttr{{atName, formStrp}, {atByteSize, formUdata}, {atAlignment, formUdata}}},
	abbrevLocalArg:            {name: "local_arg", tag: tagFormalParameter, attrs: []abbrevAttr{{atName, formStrp}, {atType, formRefAddr}, {atLocation, formExprloc}}},
	abbrevLocalVar:            {name: "local_var", tag: tagVariable, attrs: []abbrevAttr{{atName, formStrp}, {atType, formRefAddr}, {atLocation, formExprloc}}},
	abbrevTypedef:             {name: "typedef", tag: tagTypedef, attrs: []abbrevAttr{{atName, formStrp}, {atType, formRefAddr}}},
	// The portable profile gives packed structs a size and their fields
	// bit sizes, which gdb and lldb need to read them: the seed's
	// packed_struct_type implies both through its backing integer.
	abbrevPortableDeclPackedStruct: {name: "portable_decl_packed_struct", tag: tagStructureType, children: true,
		attrs: declAttrs(abbrevAttr{atByteSize, formUdata}, abbrevAttr{atAlignment, formUdata})},
	abbrevPortablePackedStructType: {name: "portable_packed_struct_type", tag: tagStructureType, children: true,
		attrs: []abbrevAttr{{atName, formStrp}, {atByteSize, formUdata}, {atAlignment, formUdata}}},
	abbrevPortablePackedStructField: {name: "portable_packed_struct_field", tag: tagMember,
		attrs: []abbrevAttr{{atName, formStrp}, {atType, formRefAddr}, {atDataBitOffset, formUdata}, {atBitSize, formUdata}}},
	// A packed union is an integer as wide as its widest field: its bit
	// size (Zig's @bitSizeOf) is below its byte size when that width is
	// not a whole ABI integer.
	abbrevDeclPackedUnion: {name: "decl_packed_union", tag: tagUnionType, children: true,
		attrs: declAttrs(abbrevAttr{atByteSize, formUdata}, abbrevAttr{atAlignment, formUdata}, abbrevAttr{atBitSize, formUdata})},
	abbrevPackedUnionType: {name: "packed_union_type", tag: tagUnionType, children: true,
		attrs: []abbrevAttr{{atName, formStrp}, {atByteSize, formUdata}, {atAlignment, formUdata}, {atBitSize, formUdata}}},
	// Reader fixes that keep the seed's encoding (portable.go): a union
	// with a variant part becomes a structure around it, as Rust writes
	// it (gdb reads a variant part's discriminant only in a structure),
	// and a packed struct keeps its backing integer and gains its byte
	// size (its fields use portable_packed_struct_field, with bit sizes).
	abbrevDeclVariantStruct: {name: "decl_variant_struct", tag: tagStructureType, children: true,
		attrs: declAttrs(abbrevAttr{atByteSize, formUdata}, abbrevAttr{atAlignment, formUdata})},
	abbrevVariantStructType: {name: "variant_struct_type", tag: tagStructureType, children: true,
		attrs: []abbrevAttr{{atName, formStrp}, {atByteSize, formUdata}, {atAlignment, formUdata}}},
	abbrevDeclSizedPackedStruct: {name: "decl_sized_packed_struct", tag: tagStructureType, children: true,
		attrs: declAttrs(abbrevAttr{atType, formRefAddr}, abbrevAttr{atByteSize, formUdata})},
	abbrevSizedPackedStructType: {name: "sized_packed_struct_type", tag: tagStructureType, children: true,
		attrs: []abbrevAttr{{atName, formStrp}, {atType, formRefAddr}, {atByteSize, formUdata}}},
	// void (and null) as a structure without members (portableEmptyStruct).
	abbrevEmptyStructType: {name: "empty_struct_type", tag: tagStructureType,
		attrs: []abbrevAttr{{atName, formStrp}, {atByteSize, formUdata}, {atAlignment, formUdata}}},
	// A global's second name under the portable profile (plainNameVar).
	abbrevPlainNameVar: {name: "plain_name_var", tag: tagConstant,
		attrs: []abbrevAttr{{atName, formStrp}, {atType, formRefAddr}, {atLocation, formExprloc}}},
}

// compileUnitCore and moduleCore are the compile_unit and module
// abbreviations under Options.CoreSections: names as DW_FORM_strp into
// .debug_str, and the unit's code as one DW_AT_low_pc/DW_AT_high_pc range
// instead of DW_AT_rnglists_base and DW_AT_ranges.
var (
	compileUnitCore = abbrevDecl{name: "compile_unit", tag: tagCompileUnit, children: true, attrs: []abbrevAttr{
		{atLanguage, formData1}, {atProducer, formStrp}, {atCompDir, formStrp}, {atName, formStrp},
		{atBaseTypes, formRefAddr}, {atStmtList, formSecOffset}, {atLowPC, formAddr}, {atHighPC, formAddr}}}
	moduleCore = abbrevDecl{name: "module", tag: tagModule, children: true, attrs: []abbrevAttr{
		{atName, formStrp}, {atLowPC, formAddr}, {atHighPC, formAddr}}}
)

// abbrevFor returns the declaration of code under opts.
func abbrevFor(opts *Options, code abbrevCode) *abbrevDecl {
	if opts.CoreSections {
		switch code {
		case abbrevCompileUnit:
			return &compileUnitCore
		case abbrevModule:
			return &moduleCore
		}
	}
	return &abbrevs[code]
}

// encodeAbbrevTable returns the contents of .debug_abbrev: every
// declaration in code order, then a null code (DWARF 5 §7.5.3).
func encodeAbbrevTable(opts *Options) []byte {
	var b []byte
	for code := abbrevPad1; code < numAbbrevCodes; code++ {
		a := abbrevFor(opts, code)
		b = leb128.AppendUnsigned(b, uint64(code))
		b = leb128.AppendUnsigned(b, a.tag)
		if a.children {
			b = append(b, childrenYes)
		} else {
			b = append(b, childrenNo)
		}
		for _, at := range a.attrs {
			b = leb128.AppendUnsigned(b, at.at)
			b = leb128.AppendUnsigned(b, at.form)
		}
		b = append(b, 0, 0)
	}
	return append(b, byte(abbrevNull))
}
