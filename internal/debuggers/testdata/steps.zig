fn add(a: u32, b: u32) u32 {
    const sum: u32 = a + b;
    return sum;
}
pub fn main() void {
    var total: u32 = 1;
    total = total + 2;
    total = add(total, 4);
    total = total * 3;
    _ = &total;
}
