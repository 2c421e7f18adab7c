// Package dwarfread reads DWARF 2 to 5 from any ELF file, the way
// llvm-dwarfdump names what it finds: the constant tables, location
// expressions operation by operation, the line-number state machine
// replayed from a program's bytes, and the ELF container (header, section
// headers, symbols, relocation records with their type names per target).
//
// It knows nothing about the emitter in package dwarfcore: dwarfcore's own
// annotation uses it for every value it decodes and adds what only the
// emitter knows (whose entry, whose padding) on top.
package dwarfread

import "fmt"

// names maps a constant's value to its DWARF name.
type names map[uint64]string

func table(pairs ...any) names {
	m := names{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[uint64(pairs[i].(int))] = pairs[i+1].(string)
	}
	return m
}

// lookup returns the name of v, or llvm-dwarfdump's spelling of an
// unknown value ("DW_TAG_unknown_fdb1") when unknown is set, else "".
func (m names) lookup(v uint64, unknown string) string {
	if s, ok := m[v]; ok {
		return s
	}
	if unknown == "" {
		return ""
	}
	return fmt.Sprintf("%s_unknown_%x", unknown, v)
}

var tagNames = table(
	0x01, "DW_TAG_array_type", 0x02, "DW_TAG_class_type", 0x03, "DW_TAG_entry_point",
	0x04, "DW_TAG_enumeration_type", 0x05, "DW_TAG_formal_parameter", 0x08, "DW_TAG_imported_declaration",
	0x0a, "DW_TAG_label", 0x0b, "DW_TAG_lexical_block", 0x0d, "DW_TAG_member", 0x0f, "DW_TAG_pointer_type",
	0x10, "DW_TAG_reference_type", 0x11, "DW_TAG_compile_unit", 0x12, "DW_TAG_string_type",
	0x13, "DW_TAG_structure_type", 0x15, "DW_TAG_subroutine_type", 0x16, "DW_TAG_typedef",
	0x17, "DW_TAG_union_type", 0x18, "DW_TAG_unspecified_parameters", 0x19, "DW_TAG_variant",
	0x1a, "DW_TAG_common_block", 0x1b, "DW_TAG_common_inclusion", 0x1c, "DW_TAG_inheritance",
	0x1d, "DW_TAG_inlined_subroutine", 0x1e, "DW_TAG_module", 0x1f, "DW_TAG_ptr_to_member_type",
	0x20, "DW_TAG_set_type", 0x21, "DW_TAG_subrange_type", 0x22, "DW_TAG_with_stmt",
	0x23, "DW_TAG_access_declaration", 0x24, "DW_TAG_base_type", 0x25, "DW_TAG_catch_block",
	0x26, "DW_TAG_const_type", 0x27, "DW_TAG_constant", 0x28, "DW_TAG_enumerator", 0x29, "DW_TAG_file_type",
	0x2a, "DW_TAG_friend", 0x2b, "DW_TAG_namelist", 0x2c, "DW_TAG_namelist_item", 0x2d, "DW_TAG_packed_type",
	0x2e, "DW_TAG_subprogram", 0x2f, "DW_TAG_template_type_parameter", 0x30, "DW_TAG_template_value_parameter",
	0x31, "DW_TAG_thrown_type", 0x32, "DW_TAG_try_block", 0x33, "DW_TAG_variant_part", 0x34, "DW_TAG_variable",
	0x35, "DW_TAG_volatile_type", 0x36, "DW_TAG_dwarf_procedure", 0x37, "DW_TAG_restrict_type",
	0x38, "DW_TAG_interface_type", 0x39, "DW_TAG_namespace", 0x3a, "DW_TAG_imported_module",
	0x3b, "DW_TAG_unspecified_type", 0x3c, "DW_TAG_partial_unit", 0x3d, "DW_TAG_imported_unit",
	0x3f, "DW_TAG_condition", 0x40, "DW_TAG_shared_type", 0x41, "DW_TAG_type_unit",
	0x42, "DW_TAG_rvalue_reference_type", 0x43, "DW_TAG_template_alias", 0x44, "DW_TAG_coarray_type",
	0x45, "DW_TAG_generic_subrange", 0x46, "DW_TAG_dynamic_type", 0x47, "DW_TAG_atomic_type",
	0x48, "DW_TAG_call_site", 0x49, "DW_TAG_call_site_parameter", 0x4a, "DW_TAG_skeleton_unit",
	0x4b, "DW_TAG_immutable_type",
	0x4081, "DW_TAG_MIPS_loop", 0x4101, "DW_TAG_format_label", 0x4102, "DW_TAG_function_template",
	0x4103, "DW_TAG_class_template", 0x4106, "DW_TAG_GNU_template_template_param",
	0x4107, "DW_TAG_GNU_template_parameter_pack", 0x4108, "DW_TAG_GNU_formal_parameter_pack",
	0x4109, "DW_TAG_GNU_call_site", 0x410a, "DW_TAG_GNU_call_site_parameter",
	0xfdb1, "DW_TAG_ZIG_padding",
)

var attrNames = table(
	0x01, "DW_AT_sibling", 0x02, "DW_AT_location", 0x03, "DW_AT_name", 0x09, "DW_AT_ordering",
	0x0b, "DW_AT_byte_size", 0x0c, "DW_AT_bit_offset", 0x0d, "DW_AT_bit_size", 0x10, "DW_AT_stmt_list",
	0x11, "DW_AT_low_pc", 0x12, "DW_AT_high_pc", 0x13, "DW_AT_language", 0x15, "DW_AT_discr",
	0x16, "DW_AT_discr_value", 0x17, "DW_AT_visibility", 0x18, "DW_AT_import", 0x19, "DW_AT_string_length",
	0x1a, "DW_AT_common_reference", 0x1b, "DW_AT_comp_dir", 0x1c, "DW_AT_const_value",
	0x1d, "DW_AT_containing_type", 0x1e, "DW_AT_default_value", 0x20, "DW_AT_inline",
	0x21, "DW_AT_is_optional", 0x22, "DW_AT_lower_bound", 0x25, "DW_AT_producer", 0x27, "DW_AT_prototyped",
	0x2a, "DW_AT_return_addr", 0x2c, "DW_AT_start_scope", 0x2e, "DW_AT_bit_stride", 0x2f, "DW_AT_upper_bound",
	0x31, "DW_AT_abstract_origin", 0x32, "DW_AT_accessibility", 0x33, "DW_AT_address_class",
	0x34, "DW_AT_artificial", 0x35, "DW_AT_base_types", 0x36, "DW_AT_calling_convention", 0x37, "DW_AT_count",
	0x38, "DW_AT_data_member_location", 0x39, "DW_AT_decl_column", 0x3a, "DW_AT_decl_file",
	0x3b, "DW_AT_decl_line", 0x3c, "DW_AT_declaration", 0x3d, "DW_AT_discr_list", 0x3e, "DW_AT_encoding",
	0x3f, "DW_AT_external", 0x40, "DW_AT_frame_base", 0x41, "DW_AT_friend", 0x42, "DW_AT_identifier_case",
	0x43, "DW_AT_macro_info", 0x44, "DW_AT_namelist_item", 0x45, "DW_AT_priority", 0x46, "DW_AT_segment",
	0x47, "DW_AT_specification", 0x48, "DW_AT_static_link", 0x49, "DW_AT_type", 0x4a, "DW_AT_use_location",
	0x4b, "DW_AT_variable_parameter", 0x4c, "DW_AT_virtuality", 0x4d, "DW_AT_vtable_elem_location",
	0x4e, "DW_AT_allocated", 0x4f, "DW_AT_associated", 0x50, "DW_AT_data_location", 0x51, "DW_AT_byte_stride",
	0x52, "DW_AT_entry_pc", 0x53, "DW_AT_use_UTF8", 0x54, "DW_AT_extension", 0x55, "DW_AT_ranges",
	0x56, "DW_AT_trampoline", 0x57, "DW_AT_call_column", 0x58, "DW_AT_call_file", 0x59, "DW_AT_call_line",
	0x5a, "DW_AT_description", 0x5b, "DW_AT_binary_scale", 0x5c, "DW_AT_decimal_scale", 0x5d, "DW_AT_small",
	0x5e, "DW_AT_decimal_sign", 0x5f, "DW_AT_digit_count", 0x60, "DW_AT_picture_string", 0x61, "DW_AT_mutable",
	0x62, "DW_AT_threads_scaled", 0x63, "DW_AT_explicit", 0x64, "DW_AT_object_pointer", 0x65, "DW_AT_endianity",
	0x66, "DW_AT_elemental", 0x67, "DW_AT_pure", 0x68, "DW_AT_recursive", 0x69, "DW_AT_signature",
	0x6a, "DW_AT_main_subprogram", 0x6b, "DW_AT_data_bit_offset", 0x6c, "DW_AT_const_expr",
	0x6d, "DW_AT_enum_class", 0x6e, "DW_AT_linkage_name", 0x6f, "DW_AT_string_length_bit_size",
	0x70, "DW_AT_string_length_byte_size", 0x71, "DW_AT_rank", 0x72, "DW_AT_str_offsets_base",
	0x73, "DW_AT_addr_base", 0x74, "DW_AT_rnglists_base", 0x76, "DW_AT_dwo_name", 0x77, "DW_AT_reference",
	0x78, "DW_AT_rvalue_reference", 0x79, "DW_AT_macros", 0x7a, "DW_AT_call_all_calls",
	0x7b, "DW_AT_call_all_source_calls", 0x7c, "DW_AT_call_all_tail_calls", 0x7d, "DW_AT_call_return_pc",
	0x7e, "DW_AT_call_value", 0x7f, "DW_AT_call_origin", 0x80, "DW_AT_call_parameter", 0x81, "DW_AT_call_pc",
	0x82, "DW_AT_call_tail_call", 0x83, "DW_AT_call_target", 0x84, "DW_AT_call_target_clobbered",
	0x85, "DW_AT_call_data_location", 0x86, "DW_AT_call_data_value", 0x87, "DW_AT_noreturn",
	0x88, "DW_AT_alignment", 0x89, "DW_AT_export_symbols", 0x8a, "DW_AT_deleted", 0x8b, "DW_AT_defaulted",
	0x8c, "DW_AT_loclists_base",
	0x2007, "DW_AT_MIPS_linkage_name", 0x2101, "DW_AT_sf_names", 0x2102, "DW_AT_src_info",
	0x2103, "DW_AT_mac_info", 0x2104, "DW_AT_src_coords", 0x2105, "DW_AT_body_begin", 0x2106, "DW_AT_body_end",
	0x2107, "DW_AT_GNU_vector", 0x2110, "DW_AT_GNU_template_name", 0x2111, "DW_AT_GNU_call_site_value",
	0x2113, "DW_AT_GNU_call_site_target", 0x2115, "DW_AT_GNU_tail_call", 0x2116, "DW_AT_GNU_all_tail_call_sites",
	0x2117, "DW_AT_GNU_all_call_sites", 0x2119, "DW_AT_GNU_macros", 0x211a, "DW_AT_GNU_deleted",
	0x2130, "DW_AT_GNU_dwo_name", 0x2131, "DW_AT_GNU_dwo_id", 0x2132, "DW_AT_GNU_ranges_base",
	0x2133, "DW_AT_GNU_addr_base", 0x2134, "DW_AT_GNU_pubnames", 0x2135, "DW_AT_GNU_pubtypes",
	0x2137, "DW_AT_GNU_locviews", 0x2138, "DW_AT_GNU_entry_view",
	0x3e00, "DW_AT_LLVM_include_path", 0x3e01, "DW_AT_LLVM_config_macros", 0x3e02, "DW_AT_LLVM_sysroot",
	0x3e03, "DW_AT_LLVM_tag_offset", 0x3e07, "DW_AT_LLVM_apinotes", 0x3fe1, "DW_AT_APPLE_optimized",
	0x3fef, "DW_AT_APPLE_sdk",
	0x2900, "DW_AT_GO_kind", 0x2901, "DW_AT_GO_key", 0x2902, "DW_AT_GO_elem", 0x2903, "DW_AT_GO_embedded_field",
	0x2904, "DW_AT_GO_runtime_type", 0x2905, "DW_AT_GO_package_name", 0x2906, "DW_AT_GO_dict_index",
	0x2907, "DW_AT_GO_closure_offset",
	0x2ccd, "DW_AT_ZIG_parent", 0x2cce, "DW_AT_ZIG_padding", 0x2ce1, "DW_AT_ZIG_is_allowzero",
	0x2ce2, "DW_AT_ZIG_sentinel",
)

// Forms (DWARF 5 §7.5.6, Table 7.6, and the GNU extensions).
const (
	FormAddr          = 0x01
	FormBlock2        = 0x03
	FormBlock4        = 0x04
	FormData2         = 0x05
	FormData4         = 0x06
	FormData8         = 0x07
	FormString        = 0x08
	FormBlock         = 0x09
	FormBlock1        = 0x0a
	FormData1         = 0x0b
	FormFlag          = 0x0c
	FormSdata         = 0x0d
	FormStrp          = 0x0e
	FormUdata         = 0x0f
	FormRefAddr       = 0x10
	FormRef1          = 0x11
	FormRef2          = 0x12
	FormRef4          = 0x13
	FormRef8          = 0x14
	FormRefUdata      = 0x15
	FormIndirect      = 0x16
	FormSecOffset     = 0x17
	FormExprloc       = 0x18
	FormFlagPresent   = 0x19
	FormStrx          = 0x1a
	FormAddrx         = 0x1b
	FormRefSup4       = 0x1c
	FormStrpSup       = 0x1d
	FormData16        = 0x1e
	FormLineStrp      = 0x1f
	FormRefSig8       = 0x20
	FormImplicitConst = 0x21
	FormLoclistx      = 0x22
	FormRnglistx      = 0x23
	FormRefSup8       = 0x24
	FormStrx1         = 0x25
	FormStrx2         = 0x26
	FormStrx3         = 0x27
	FormStrx4         = 0x28
	FormAddrx1        = 0x29
	FormAddrx2        = 0x2a
	FormAddrx3        = 0x2b
	FormAddrx4        = 0x2c
	FormGNUAddrIndex  = 0x1f01
	FormGNUStrIndex   = 0x1f02
	FormGNURefAlt     = 0x1f20
	FormGNUStrpAlt    = 0x1f21
)

var formNames = table(
	FormAddr, "DW_FORM_addr", FormBlock2, "DW_FORM_block2", FormBlock4, "DW_FORM_block4", FormData2, "DW_FORM_data2",
	FormData4, "DW_FORM_data4", FormData8, "DW_FORM_data8", FormString, "DW_FORM_string", FormBlock, "DW_FORM_block",
	FormBlock1, "DW_FORM_block1", FormData1, "DW_FORM_data1", FormFlag, "DW_FORM_flag", FormSdata, "DW_FORM_sdata",
	FormStrp, "DW_FORM_strp", FormUdata, "DW_FORM_udata", FormRefAddr, "DW_FORM_ref_addr", FormRef1, "DW_FORM_ref1",
	FormRef2, "DW_FORM_ref2", FormRef4, "DW_FORM_ref4", FormRef8, "DW_FORM_ref8", FormRefUdata, "DW_FORM_ref_udata",
	FormIndirect, "DW_FORM_indirect", FormSecOffset, "DW_FORM_sec_offset", FormExprloc, "DW_FORM_exprloc",
	FormFlagPresent, "DW_FORM_flag_present", FormStrx, "DW_FORM_strx", FormAddrx, "DW_FORM_addrx",
	FormRefSup4, "DW_FORM_ref_sup4", FormStrpSup, "DW_FORM_strp_sup", FormData16, "DW_FORM_data16",
	FormLineStrp, "DW_FORM_line_strp", FormRefSig8, "DW_FORM_ref_sig8", FormImplicitConst, "DW_FORM_implicit_const",
	FormLoclistx, "DW_FORM_loclistx", FormRnglistx, "DW_FORM_rnglistx", FormRefSup8, "DW_FORM_ref_sup8",
	FormStrx1, "DW_FORM_strx1", FormStrx2, "DW_FORM_strx2", FormStrx3, "DW_FORM_strx3", FormStrx4, "DW_FORM_strx4",
	FormAddrx1, "DW_FORM_addrx1", FormAddrx2, "DW_FORM_addrx2", FormAddrx3, "DW_FORM_addrx3", FormAddrx4, "DW_FORM_addrx4",
	FormGNUAddrIndex, "DW_FORM_GNU_addr_index", FormGNUStrIndex, "DW_FORM_GNU_str_index",
	FormGNURefAlt, "DW_FORM_GNU_ref_alt", FormGNUStrpAlt, "DW_FORM_GNU_strp_alt",
)

var ateNames = table(
	0x01, "DW_ATE_address", 0x02, "DW_ATE_boolean", 0x03, "DW_ATE_complex_float", 0x04, "DW_ATE_float",
	0x05, "DW_ATE_signed", 0x06, "DW_ATE_signed_char", 0x07, "DW_ATE_unsigned", 0x08, "DW_ATE_unsigned_char",
	0x09, "DW_ATE_imaginary_float", 0x0a, "DW_ATE_packed_decimal", 0x0b, "DW_ATE_numeric_string",
	0x0c, "DW_ATE_edited", 0x0d, "DW_ATE_signed_fixed", 0x0e, "DW_ATE_unsigned_fixed",
	0x0f, "DW_ATE_decimal_float", 0x10, "DW_ATE_UTF", 0x11, "DW_ATE_UCS", 0x12, "DW_ATE_ASCII",
)

var langNames = table(
	0x01, "DW_LANG_C89", 0x02, "DW_LANG_C", 0x03, "DW_LANG_Ada83", 0x04, "DW_LANG_C_plus_plus",
	0x05, "DW_LANG_Cobol74", 0x06, "DW_LANG_Cobol85", 0x07, "DW_LANG_Fortran77", 0x08, "DW_LANG_Fortran90",
	0x09, "DW_LANG_Pascal83", 0x0a, "DW_LANG_Modula2", 0x0b, "DW_LANG_Java", 0x0c, "DW_LANG_C99",
	0x0d, "DW_LANG_Ada95", 0x0e, "DW_LANG_Fortran95", 0x0f, "DW_LANG_PLI", 0x10, "DW_LANG_ObjC",
	0x11, "DW_LANG_ObjC_plus_plus", 0x12, "DW_LANG_UPC", 0x13, "DW_LANG_D", 0x14, "DW_LANG_Python",
	0x15, "DW_LANG_OpenCL", 0x16, "DW_LANG_Go", 0x17, "DW_LANG_Modula3", 0x18, "DW_LANG_Haskell",
	0x19, "DW_LANG_C_plus_plus_03", 0x1a, "DW_LANG_C_plus_plus_11", 0x1b, "DW_LANG_OCaml",
	0x1c, "DW_LANG_Rust", 0x1d, "DW_LANG_C11", 0x1e, "DW_LANG_Swift", 0x1f, "DW_LANG_Julia",
	0x20, "DW_LANG_Dylan", 0x21, "DW_LANG_C_plus_plus_14", 0x22, "DW_LANG_Fortran03",
	0x23, "DW_LANG_Fortran08", 0x24, "DW_LANG_RenderScript", 0x25, "DW_LANG_BLISS", 0x26, "DW_LANG_Kotlin",
	0x27, "DW_LANG_Zig", 0x28, "DW_LANG_Crystal", 0x29, "DW_LANG_C_plus_plus_17", 0x2a, "DW_LANG_C_plus_plus_20",
	0x2b, "DW_LANG_C17", 0x2c, "DW_LANG_Fortran18", 0x2d, "DW_LANG_Ada2005", 0x2e, "DW_LANG_Ada2012",
	0x2f, "DW_LANG_HIP", 0x30, "DW_LANG_Assembly", 0x31, "DW_LANG_C_sharp", 0x32, "DW_LANG_Mojo",
	0x33, "DW_LANG_GLSL", 0x34, "DW_LANG_GLSL_ES", 0x35, "DW_LANG_HLSL", 0x36, "DW_LANG_OpenCL_CPP",
	0x37, "DW_LANG_CPP_for_OpenCL", 0x38, "DW_LANG_SYCL", 0x39, "DW_LANG_C_plus_plus_23",
	0x3a, "DW_LANG_Odin", 0x3b, "DW_LANG_P4", 0x3c, "DW_LANG_Metal",
	0x8001, "DW_LANG_Mips_Assembler", 0x8e57, "DW_LANG_GOOGLE_RenderScript", 0xb000, "DW_LANG_BORLAND_Delphi",
)

var accessNames = table(0x01, "DW_ACCESS_public", 0x02, "DW_ACCESS_protected", 0x03, "DW_ACCESS_private")
var visNames = table(0x01, "DW_VIS_local", 0x02, "DW_VIS_exported", 0x03, "DW_VIS_qualified")
var virtNames = table(0x00, "DW_VIRTUALITY_none", 0x01, "DW_VIRTUALITY_virtual", 0x02, "DW_VIRTUALITY_pure_virtual")
var idNames = table(0x00, "DW_ID_case_sensitive", 0x01, "DW_ID_up_case", 0x02, "DW_ID_down_case", 0x03, "DW_ID_case_insensitive")
var ccNames = table(0x01, "DW_CC_normal", 0x02, "DW_CC_program", 0x03, "DW_CC_nocall", 0x04, "DW_CC_pass_by_reference",
	0x05, "DW_CC_pass_by_value", 0x40, "DW_CC_GNU_renesas_sh", 0x41, "DW_CC_GNU_borland_fastcall_i386",
	0xb0, "DW_CC_BORLAND_safecall", 0xc0, "DW_CC_LLVM_vectorcall")
var inlNames = table(0x00, "DW_INL_not_inlined", 0x01, "DW_INL_inlined", 0x02, "DW_INL_declared_not_inlined",
	0x03, "DW_INL_declared_inlined")
var ordNames = table(0x00, "DW_ORD_row_major", 0x01, "DW_ORD_col_major")
var dsNames = table(0x01, "DW_DS_unsigned", 0x02, "DW_DS_leading_overpunch", 0x03, "DW_DS_trailing_overpunch",
	0x04, "DW_DS_leading_separate", 0x05, "DW_DS_trailing_separate")
var endNames = table(0x00, "DW_END_default", 0x01, "DW_END_big", 0x02, "DW_END_little")
var defaultedNames = table(0x00, "DW_DEFAULTED_no", 0x01, "DW_DEFAULTED_in_class", 0x02, "DW_DEFAULTED_out_of_class")

// enumAttrs maps an attribute whose value is an enumerated constant to
// the table that names its values.
var enumAttrs = map[uint64]struct{ names names }{
	0x3e: {ateNames}, 0x13: {langNames}, 0x32: {accessNames}, 0x17: {visNames}, 0x4c: {virtNames},
	0x42: {idNames}, 0x36: {ccNames}, 0x20: {inlNames}, 0x09: {ordNames}, 0x5e: {dsNames},
	0x65: {endNames}, 0x8b: {defaultedNames},
}

// TagName names a tag (DW_TAG_unknown_<hex> when it has no name).
func TagName(v uint64) string { return tagNames.lookup(v, "DW_TAG") }

// AttrName names an attribute (DW_AT_unknown_<hex> when it has no name).
func AttrName(v uint64) string { return attrNames.lookup(v, "DW_AT") }

// FormName names a form (DW_FORM_unknown_<hex> when it has no name).
func FormName(v uint64) string { return formNames.lookup(v, "DW_FORM") }

// KnownAttr reports whether an attribute has a name; llvm-dwarfdump
// prints the values of unknown attributes without interpreting them.
func KnownAttr(v uint64) bool { _, ok := attrNames[v]; return ok }

// ConstName names the value of an attribute whose values are enumerated
// constants (DW_AT_encoding 5 → "DW_ATE_signed", DW_AT_language 0x27 →
// "DW_LANG_Zig"). ok is false for attributes that do not take enumerated
// constants and for values without a name (llvm-dwarfdump then prints
// the number as the form encodes it).
func ConstName(attr, v uint64) (name string, ok bool) {
	e, ok := enumAttrs[attr]
	if !ok {
		return "", false
	}
	name = e.names.lookup(v, "")
	return name, name != ""
}
