// A tagged union: the tag selects which payload is live
// (DW_TAG_variant_part with a DW_AT_discr and one DW_TAG_variant each).
const Shape = union(enum) {
    circle: f32,
    square: u32,
    point: void,
};
var s: Shape = .{ .square = 7 };
pub fn main() void {}
