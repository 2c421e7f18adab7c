const Flags = packed struct { ready: bool, mode: u3, level: i4, count: u8 };
var global_flags: Flags = .{ .ready = true, .mode = 5, .level = -3, .count = 200 };
fn show(flags: Flags) void {
    var local_flags: Flags = flags;
    _ = &local_flags;
}
pub fn main() void {
    show(.{ .ready = false, .mode = 2, .level = 7, .count = 17 });
}
