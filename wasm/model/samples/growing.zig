// A struct growing past its slack: add fields to Point (try `z: i32 = 0,`)
// and watch its entry grow into its padding, then move to the end of the
// unit, leaving padding behind. The edit log says what happened.
const Point = struct {
    x: i32 = 0,
    y: i32 = 0,
};
const Size = struct {
    w: u32,
    h: u32,
};
var origin: Point = .{ .x = 0, .y = 0 };
var screen: Size = .{ .w = 640, .h = 480 };
pub fn main() void {}
