const Point = struct { x: i32, y: i32 };
var global_points: [3]Point = .{ .{ .x = 1, .y = -1 }, .{ .x = 2, .y = -2 }, .{ .x = 3, .y = -3 } };
fn walk(points: [2]Point) void {
    var local_points: [2]Point = points;
    _ = &local_points;
}
pub fn main() void {
    walk(.{ .{ .x = 10, .y = 20 }, .{ .x = -30, .y = -40 } });
}
