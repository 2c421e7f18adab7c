package corpus

// Forms lists every declaration, type, value and statement form the
// generator must produce; the first 200 programs of the standard corpus
// contain all of them (checked by TestCoverage). Features are recorded
// while generating, not by parsing the output.
var Forms = []string{
	// declarations
	"decl.var", "decl.const", "decl.threadlocal", "decl.pub_var", "decl.pub_const",
	"decl.export_var", "decl.export_const", "decl.export_fn", "decl.pub_fn", "decl.fn",
	"decl.namespace", "decl.namespace_nested", "decl.alias", "decl.forward_ref",
	"decl.const_arith", "decl.const_wrap",
	// types
	"type.u0", "type.i0", "type.int_odd", "type.int_wide", "type.int_pow2", "type.int_signed",
	"type.usize", "type.isize",
	"type.f16", "type.f32", "type.f64", "type.f80", "type.f128", "type.bool", "type.void",
	"type.ptr", "type.ptr_const", "type.ptr_many", "type.ptr_optional",
	"type.slice", "type.slice_const", "type.slice_sentinel",
	"type.array", "type.array_nested", "type.array_sentinel",
	"type.optional", "type.errset", "type.errunion", "type.anyerror", "type.anyerror_union",
	"type.struct_auto", "type.struct_extern", "type.struct_packed", "type.tuple",
	"type.enum_auto", "type.enum_tagged", "type.enum_signed",
	"type.union_bare", "type.union_enum", "type.union_tagged",
	"type.recursive", "type.recursive_mutual", "type.fn",
	// values
	"value.undefined", "value.float", "value.bool", "value.address", "value.string",
	"value.null", "value.error", "value.struct_init", "value.enum_literal",
	"value.enum_explicit", "value.field_default",
	"lit.hex", "lit.octal", "lit.binary", "lit.underscore",
	// constant folding
	"const.op+", "const.op-", "const.op*", "const.op/", "const.op%", "const.op<<",
	"const.op>>", "const.op&", "const.op|", "const.op^", "const.not",
	// function bodies
	"fn.params", "fn.return", "fn.void", "fn.callconv_c", "fn.local_const", "fn.local_var",
	"fn.assign_local", "fn.assign_global", "fn.discard", "fn.discard_tuple", "fn.call",
	"fn.call_void", "fn.arith", "fn.wrap_arith", "fn.unary", "fn.read_global",
}
