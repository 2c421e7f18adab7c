// A function's line program: open the Lines tab to see the opcodes that
// map each instruction address to a source line and column.
fn add(a: u32, b: u32) u32 {
    return a + b;
}
fn twice(x: u32) u32 {
    return add(x, x);
}
pub fn main() void {
    _ = twice(21);
}
