package dwarfcore

import (
	"slices"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

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

type abbrevAttr struct {
	at   dw.Attr
	form dw.Form
}

type abbrevDecl struct {
	name     string
	tag      dw.Tag
	children bool
	attrs    []abbrevAttr
}

var declCommonAttrs = []abbrevAttr{
	{dw.AttrZIGParent, dw.FormRefAddr},
	{dw.AttrDeclLine, dw.FormData4},
	{dw.AttrDeclColumn, dw.FormUdata},
	{dw.AttrAccessibility, dw.FormData1},
	{dw.AttrName, dw.FormStrp},
}

func declAttrs(extra ...abbrevAttr) []abbrevAttr {
	return append(append([]abbrevAttr(nil), declCommonAttrs...), extra...)
}

// abbrevs is the seed's abbreviation table, indexed by code, followed by
// the few codes dwarfscope adds (see abbrevTypedef).
var abbrevs = [numAbbrevCodes]abbrevDecl{
	abbrevNull:                {name: "null"},
	abbrevPad1:                {name: "pad_1", tag: dw.TagZIGPadding},
	abbrevPadN:                {name: "pad_n", tag: dw.TagZIGPadding, attrs: []abbrevAttr{{dw.AttrZIGPadding, dw.FormBlock}}},
	abbrevDeclAlias:           {name: "decl_alias", tag: dw.TagImportedDeclaration, attrs: declAttrs(abbrevAttr{dw.AttrImport, dw.FormRefAddr})},
	abbrevDeclEnum:            {name: "decl_enum", tag: dw.TagEnumerationType, children: true, attrs: declAttrs(abbrevAttr{dw.AttrType, dw.FormRefAddr})},
	abbrevDeclNamespaceStruct: {name: "decl_namespace_struct", tag: dw.TagStructureType, attrs: declAttrs(abbrevAttr{dw.AttrDeclaration, dw.FormFlag})},
	abbrevDeclStruct:          {name: "decl_struct", tag: dw.TagStructureType, children: true, attrs: declAttrs(abbrevAttr{dw.AttrByteSize, dw.FormUdata}, abbrevAttr{dw.AttrAlignment, dw.FormUdata})},
	abbrevDeclPackedStruct:    {name: "decl_packed_struct", tag: dw.TagStructureType, children: true, attrs: declAttrs(abbrevAttr{dw.AttrType, dw.FormRefAddr})},
	abbrevDeclUnion:           {name: "decl_union", tag: dw.TagUnionType, children: true, attrs: declAttrs(abbrevAttr{dw.AttrByteSize, dw.FormUdata}, abbrevAttr{dw.AttrAlignment, dw.FormUdata})},
	abbrevDeclVar: {name: "decl_var", tag: dw.TagVariable, attrs: declAttrs(
		abbrevAttr{dw.AttrLinkageName, dw.FormStrp}, abbrevAttr{dw.AttrType, dw.FormRefAddr}, abbrevAttr{dw.AttrLocation, dw.FormExprloc},
		abbrevAttr{dw.AttrAlignment, dw.FormUdata}, abbrevAttr{dw.AttrExternal, dw.FormFlag})},
	abbrevDeclFunc: {name: "decl_func", tag: dw.TagSubprogram, children: true, attrs: declAttrs(
		abbrevAttr{dw.AttrLinkageName, dw.FormStrp}, abbrevAttr{dw.AttrType, dw.FormRefAddr}, abbrevAttr{dw.AttrLowPC, dw.FormAddr},
		abbrevAttr{dw.AttrHighPC, dw.FormAddr}, abbrevAttr{dw.AttrAlignment, dw.FormUdata}, abbrevAttr{dw.AttrExternal, dw.FormFlag},
		abbrevAttr{dw.AttrNoreturn, dw.FormFlag})},
	abbrevDeclFuncEmpty: {name: "decl_func_empty", tag: dw.TagSubprogram, attrs: declAttrs(
		abbrevAttr{dw.AttrLinkageName, dw.FormStrp}, abbrevAttr{dw.AttrType, dw.FormRefAddr}, abbrevAttr{dw.AttrLowPC, dw.FormAddr},
		abbrevAttr{dw.AttrHighPC, dw.FormAddr}, abbrevAttr{dw.AttrAlignment, dw.FormUdata}, abbrevAttr{dw.AttrExternal, dw.FormFlag},
		abbrevAttr{dw.AttrNoreturn, dw.FormFlag})},
	abbrevCompileUnit: {name: "compile_unit", tag: dw.TagCompileUnit, children: true, attrs: []abbrevAttr{
		{dw.AttrLanguage, dw.FormData1}, {dw.AttrProducer, dw.FormLineStrp}, {dw.AttrCompDir, dw.FormLineStrp}, {dw.AttrName, dw.FormLineStrp},
		{dw.AttrBaseTypes, dw.FormRefAddr}, {dw.AttrStmtList, dw.FormSecOffset}, {dw.AttrRnglistsBase, dw.FormSecOffset}, {dw.AttrRanges, dw.FormRnglistx}}},
	abbrevModule:            {name: "module", tag: dw.TagModule, children: true, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrRanges, dw.FormRnglistx}}},
	abbrevNamespaceFile:     {name: "namespace_file", tag: dw.TagStructureType, attrs: []abbrevAttr{{dw.AttrDeclFile, dw.FormUdata}, {dw.AttrName, dw.FormStrp}}},
	abbrevFile:              {name: "file", tag: dw.TagStructureType, children: true, attrs: []abbrevAttr{{dw.AttrDeclFile, dw.FormUdata}, {dw.AttrName, dw.FormStrp}, {dw.AttrByteSize, dw.FormUdata}, {dw.AttrAlignment, dw.FormUdata}}},
	abbrevSignedEnumField:   {name: "signed_enum_field", tag: dw.TagEnumerator, attrs: []abbrevAttr{{dw.AttrConstValue, dw.FormSdata}, {dw.AttrName, dw.FormStrp}}},
	abbrevUnsignedEnumField: {name: "unsigned_enum_field", tag: dw.TagEnumerator, attrs: []abbrevAttr{{dw.AttrConstValue, dw.FormUdata}, {dw.AttrName, dw.FormStrp}}},
	abbrevGeneratedField: {name: "generated_field", tag: dw.TagMember, attrs: []abbrevAttr{
		{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}, {dw.AttrDataMemberLocation, dw.FormUdata}, {dw.AttrArtificial, dw.FormFlagPresent}}},
	abbrevStructField: {name: "struct_field", tag: dw.TagMember, attrs: []abbrevAttr{
		{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}, {dw.AttrDataMemberLocation, dw.FormUdata}, {dw.AttrAlignment, dw.FormUdata}}},
	abbrevStructFieldComptime: {name: "struct_field_comptime", tag: dw.TagMember, attrs: []abbrevAttr{
		{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}, {dw.AttrConstExpr, dw.FormFlagPresent}}},
	abbrevPackedStructField: {name: "packed_struct_field", tag: dw.TagMember, attrs: []abbrevAttr{
		{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}, {dw.AttrDataBitOffset, dw.FormUdata}}},
	abbrevUntaggedUnionField: {name: "untagged_union_field", tag: dw.TagMember, attrs: []abbrevAttr{
		{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}, {dw.AttrAlignment, dw.FormUdata}}},
	abbrevTaggedUnion:              {name: "tagged_union", tag: dw.TagVariantPart, children: true, attrs: []abbrevAttr{{dw.AttrDiscr, dw.FormRefAddr}}},
	abbrevSignedTaggedUnionField:   {name: "signed_tagged_union_field", tag: dw.TagVariant, children: true, attrs: []abbrevAttr{{dw.AttrDiscrValue, dw.FormSdata}}},
	abbrevUnsignedTaggedUnionField: {name: "unsigned_tagged_union_field", tag: dw.TagVariant, children: true, attrs: []abbrevAttr{{dw.AttrDiscrValue, dw.FormUdata}}},
	abbrevTaggedUnionDefaultField:  {name: "tagged_union_default_field", tag: dw.TagVariant, children: true},
	abbrevVoidType:                 {name: "void_type", tag: dw.TagUnspecifiedType, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}}},
	abbrevNumericType: {name: "numeric_type", tag: dw.TagBaseType, attrs: []abbrevAttr{
		{dw.AttrName, dw.FormStrp}, {dw.AttrEncoding, dw.FormData1}, {dw.AttrBitSize, dw.FormUdata}, {dw.AttrByteSize, dw.FormUdata}, {dw.AttrAlignment, dw.FormUdata}}},
	abbrevInferredErrorSetType: {name: "inferred_error_set_type", tag: dw.TagTypedef, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}}},
	abbrevPtrType: {name: "ptr_type", tag: dw.TagPointerType, attrs: []abbrevAttr{
		{dw.AttrName, dw.FormStrp}, {dw.AttrZIGIsAllowzero, dw.FormFlag}, {dw.AttrAlignment, dw.FormUdata}, {dw.AttrAddressClass, dw.FormData1}, {dw.AttrType, dw.FormRefAddr}}},
	abbrevIsConst:    {name: "is_const", tag: dw.TagConstType, attrs: []abbrevAttr{{dw.AttrType, dw.FormRefAddr}}},
	abbrevIsVolatile: {name: "is_volatile", tag: dw.TagVolatileType, attrs: []abbrevAttr{{dw.AttrType, dw.FormRefAddr}}},
	abbrevArrayType: {name: "array_type", tag: dw.TagArrayType, children: true, attrs: []abbrevAttr{
		{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}, {dw.AttrGNUVector, dw.FormFlag}}},
	abbrevArrayIndex:          {name: "array_index", tag: dw.TagSubrangeType, attrs: []abbrevAttr{{dw.AttrType, dw.FormRefAddr}, {dw.AttrCount, dw.FormUdata}}},
	abbrevNullaryFuncType:     {name: "nullary_func_type", tag: dw.TagSubroutineType, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrCallingConvention, dw.FormData1}, {dw.AttrType, dw.FormRefAddr}}},
	abbrevFuncType:            {name: "func_type", tag: dw.TagSubroutineType, children: true, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrCallingConvention, dw.FormData1}, {dw.AttrType, dw.FormRefAddr}}},
	abbrevFuncTypeParam:       {name: "func_type_param", tag: dw.TagFormalParameter, attrs: []abbrevAttr{{dw.AttrType, dw.FormRefAddr}}},
	abbrevIsVarArgs:           {name: "is_var_args", tag: dw.TagUnspecifiedParameters},
	abbrevEnumType:            {name: "enum_type", tag: dw.TagEnumerationType, children: true, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}}},
	abbrevEmptyEnumType:       {name: "empty_enum_type", tag: dw.TagEnumerationType, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}}},
	abbrevNamespaceStructType: {name: "namespace_struct_type", tag: dw.TagStructureType, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrDeclaration, dw.FormFlag}}},
	abbrevStructType:          {name: "struct_type", tag: dw.TagStructureType, children: true, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrByteSize, dw.FormUdata}, {dw.AttrAlignment, dw.FormUdata}}},
	abbrevPackedStructType:    {name: "packed_struct_type", tag: dw.TagStructureType, children: true, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}}},
	abbrevUnionType:           {name: "union_type", tag: dw.TagUnionType, children: true, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrByteSize, dw.FormUdata}, {dw.AttrAlignment, dw.FormUdata}}},
	abbrevLocalArg:            {name: "local_arg", tag: dw.TagFormalParameter, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}, {dw.AttrLocation, dw.FormExprloc}}},
	abbrevLocalVar:            {name: "local_var", tag: dw.TagVariable, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}, {dw.AttrLocation, dw.FormExprloc}}},
	abbrevTypedef:             {name: "typedef", tag: dw.TagTypedef, attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}}},
	// The portable profile gives packed structs a size and their fields
	// bit sizes, which gdb and lldb need to read them: the seed's
	// packed_struct_type implies both through its backing integer.
	abbrevPortableDeclPackedStruct: {name: "portable_decl_packed_struct", tag: dw.TagStructureType, children: true,
		attrs: declAttrs(abbrevAttr{dw.AttrByteSize, dw.FormUdata}, abbrevAttr{dw.AttrAlignment, dw.FormUdata})},
	abbrevPortablePackedStructType: {name: "portable_packed_struct_type", tag: dw.TagStructureType, children: true,
		attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrByteSize, dw.FormUdata}, {dw.AttrAlignment, dw.FormUdata}}},
	abbrevPortablePackedStructField: {name: "portable_packed_struct_field", tag: dw.TagMember,
		attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}, {dw.AttrDataBitOffset, dw.FormUdata}, {dw.AttrBitSize, dw.FormUdata}}},
	// A packed union is an integer as wide as its widest field: its bit
	// size (Zig's @bitSizeOf) is below its byte size when that width is
	// not a whole ABI integer.
	abbrevDeclPackedUnion: {name: "decl_packed_union", tag: dw.TagUnionType, children: true,
		attrs: declAttrs(abbrevAttr{dw.AttrByteSize, dw.FormUdata}, abbrevAttr{dw.AttrAlignment, dw.FormUdata}, abbrevAttr{dw.AttrBitSize, dw.FormUdata})},
	abbrevPackedUnionType: {name: "packed_union_type", tag: dw.TagUnionType, children: true,
		attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrByteSize, dw.FormUdata}, {dw.AttrAlignment, dw.FormUdata}, {dw.AttrBitSize, dw.FormUdata}}},
	// Reader fixes that keep the seed's encoding (portable.go): a union
	// with a variant part becomes a structure around it, as Rust writes
	// it (gdb reads a variant part's discriminant only in a structure),
	// and a packed struct keeps its backing integer and gains its byte
	// size (its fields use portable_packed_struct_field, with bit sizes).
	abbrevDeclVariantStruct: {name: "decl_variant_struct", tag: dw.TagStructureType, children: true,
		attrs: declAttrs(abbrevAttr{dw.AttrByteSize, dw.FormUdata}, abbrevAttr{dw.AttrAlignment, dw.FormUdata})},
	abbrevVariantStructType: {name: "variant_struct_type", tag: dw.TagStructureType, children: true,
		attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrByteSize, dw.FormUdata}, {dw.AttrAlignment, dw.FormUdata}}},
	abbrevDeclSizedPackedStruct: {name: "decl_sized_packed_struct", tag: dw.TagStructureType, children: true,
		attrs: declAttrs(abbrevAttr{dw.AttrType, dw.FormRefAddr}, abbrevAttr{dw.AttrByteSize, dw.FormUdata})},
	abbrevSizedPackedStructType: {name: "sized_packed_struct_type", tag: dw.TagStructureType, children: true,
		attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}, {dw.AttrByteSize, dw.FormUdata}}},
	// void (and null) as a structure without members (portableEmptyStruct).
	abbrevEmptyStructType: {name: "empty_struct_type", tag: dw.TagStructureType,
		attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrByteSize, dw.FormUdata}, {dw.AttrAlignment, dw.FormUdata}}},
	// A global's second name under the portable profile (plainNameVar).
	abbrevPlainNameVar: {name: "plain_name_var", tag: dw.TagConstant,
		attrs: []abbrevAttr{{dw.AttrName, dw.FormStrp}, {dw.AttrType, dw.FormRefAddr}, {dw.AttrLocation, dw.FormExprloc}}},
}

// compileUnitCore and moduleCore are the compile_unit and module
// abbreviations under Options.CoreSections: names as DW_FORM_strp into
// .debug_str, and the unit's code as one DW_AT_low_pc/DW_AT_high_pc range
// instead of DW_AT_rnglists_base and DW_AT_ranges.
var (
	compileUnitCore = abbrevDecl{name: "compile_unit", tag: dw.TagCompileUnit, children: true, attrs: []abbrevAttr{
		{dw.AttrLanguage, dw.FormData1}, {dw.AttrProducer, dw.FormStrp}, {dw.AttrCompDir, dw.FormStrp}, {dw.AttrName, dw.FormStrp},
		{dw.AttrBaseTypes, dw.FormRefAddr}, {dw.AttrStmtList, dw.FormSecOffset}, {dw.AttrLowPC, dw.FormAddr}, {dw.AttrHighPC, dw.FormAddr}}}
	moduleCore = abbrevDecl{name: "module", tag: dw.TagModule, children: true, attrs: []abbrevAttr{
		{dw.AttrName, dw.FormStrp}, {dw.AttrLowPC, dw.FormAddr}, {dw.AttrHighPC, dw.FormAddr}}}
)

// compileUnitAddrBase is the compile_unit abbreviation under
// Options.AddrBase: DW_AT_addr_base after DW_AT_ranges.
var compileUnitAddrBase = abbrevDecl{name: "compile_unit", tag: dw.TagCompileUnit, children: true,
	attrs: append(slices.Clip(abbrevs[abbrevCompileUnit].attrs), abbrevAttr{dw.AttrAddrBase, dw.FormSecOffset})}

// compileUnitStrp and compileUnitStrpAddrBase are the compile_unit
// abbreviation under Options.UnitStrp, without and with Options.AddrBase:
// its strings DW_FORM_strp.
var (
	compileUnitStrp         = unitStrpDecl(abbrevs[abbrevCompileUnit])
	compileUnitStrpAddrBase = unitStrpDecl(compileUnitAddrBase)
)

// unitStrpDecl returns a with its DW_FORM_line_strp attributes as
// DW_FORM_strp.
func unitStrpDecl(a abbrevDecl) abbrevDecl {
	a.attrs = slices.Clone(a.attrs)
	for i := range a.attrs {
		if a.attrs[i].form == dw.FormLineStrp {
			a.attrs[i].form = dw.FormStrp
		}
	}
	return a
}

// abbrevFor returns the declaration of code under opts.
func abbrevFor(opts *Options, code abbrevCode) *abbrevDecl {
	if !opts.CoreSections && code == abbrevCompileUnit {
		switch {
		case opts.UnitStrp && opts.AddrBase:
			return &compileUnitStrpAddrBase
		case opts.UnitStrp:
			return &compileUnitStrp
		case opts.AddrBase:
			return &compileUnitAddrBase
		}
	}
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
	var w bytewriter.Writer
	for code := abbrevPad1; code < numAbbrevCodes; code++ {
		a := abbrevFor(opts, code)
		w.ULEB(uint64(code))
		w.ULEB(uint64(a.tag))
		if a.children {
			w.U8(byte(dw.ChildrenYes))
		} else {
			w.U8(byte(dw.ChildrenNo))
		}
		for _, at := range a.attrs {
			w.ULEB(uint64(at.at))
			w.ULEB(uint64(at.form))
		}
		w.U8(0) // the null attribute and form
		w.U8(0)
	}
	w.U8(byte(abbrevNull))
	return w.Bytes()
}
