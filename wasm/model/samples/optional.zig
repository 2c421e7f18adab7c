// An optional: ?u32 is a payload and a tag byte. The zig profile encodes it
// with DW_TAG_variant_part; switch the profile to portable to compare.
var maybe: ?u32 = 123;
var nothing: ?u32 = null;
var maybe_ptr: ?*u32 = null;
pub fn main() void {}
