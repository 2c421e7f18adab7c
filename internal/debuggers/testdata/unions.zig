const Shape = union(enum) { circle: u32, square: u16, none: void };
const Bits = union { int: u32, half: u16 };
fn inspect(shape: Shape, other: Shape, bits: Bits) void {
    var local_shape: Shape = shape;
    _ = .{ &local_shape, &other, &bits };
}
pub fn main() void {
    inspect(.{ .circle = 7 }, .{ .square = 300 }, .{ .int = 0x12345678 });
}
