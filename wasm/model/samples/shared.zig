// A type shared by many declarations: every variable below points at the
// single entry of Vec2 (cross-entry references in DW_AT_type).
const Vec2 = struct {
    x: f32,
    y: f32,
};
var a: Vec2 = .{ .x = 1, .y = 2 };
var b: Vec2 = .{ .x = 3, .y = 4 };
var c: Vec2 = .{ .x = 5, .y = 6 };
var d: Vec2 = .{ .x = 7, .y = 8 };
const e: Vec2 = .{ .x = 9, .y = 10 };
pub fn main() void {}
