const outer = struct {
    var depth: u32 = 1;
    const inner = struct {
        var level: u32 = 2;
        const innermost = struct {
            var count: u32 = 3;
            fn touch(x: u32) void {
                const sum: u32 = x + count;
                _ = sum;
            }
        };
    };
};
pub fn main() void {
    outer.inner.innermost.touch(outer.depth + outer.inner.level);
}
