const Odd = struct { a: i3, b: i7, c: i17, d: i33, e: u5 };
fn measure(odd: Odd) void {
    const half: f16 = -1.5;
    const extended: f80 = -12345.625;
    const quad: f128 = 3.25;
    const neg: i13 = -4000;
    _ = .{ half, extended, quad, neg, odd };
}
pub fn main() void {
    measure(.{ .a = -4, .b = -63, .c = -65536, .d = -4294967296, .e = 31 });
}
