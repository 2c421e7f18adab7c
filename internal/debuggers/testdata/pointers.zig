var target: u32 = 1234;
const fixed: u32 = 5678;
var items: [3]u32 = .{ 10, 20, 30 };
fn follow(p: *u32, cp: *const u32, mp: [*]u32, some: ?*u32, none: ?*u32) void {
    _ = .{ p, cp, mp, some, none };
}
pub fn main() void {
    follow(&target, &fixed, &items, &target, null);
}
