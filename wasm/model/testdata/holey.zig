const Holey = extern struct {
    a: u8,
    b: u64,
    c: u16,
    d: u32,
    e: u8,
};
pub var h: Holey = .{ .a = 1, .b = 2, .c = 3, .d = 4, .e = 5 };
pub fn main() void {}
