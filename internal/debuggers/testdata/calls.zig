fn level4(n: u32) u32 {
    const doubled: u32 = n * 2;
    return doubled;
}
fn level3(n: u32) u32 {
    return level4(n + 1);
}
fn level2(n: u32) u32 {
    return level3(n + 1);
}
fn level1(n: u32) u32 {
    return level2(n + 1);
}
pub fn main() void {
    const result: u32 = level1(1);
    _ = result;
}
