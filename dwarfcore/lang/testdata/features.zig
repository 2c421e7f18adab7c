// Forward references, nested namespaces, recursive types and the
// declaration kinds.
pub const Outer = struct {
    pub const Inner = struct {
        x: Later = .b,
        pub const deep: u16 = Outer.Inner.Deeper.val + 1;
        const Deeper = struct {
            const val: u16 = 41;
        };
    };
    field: u32 = 0,
    fn method(self: Outer) u32 {
        return self.field;
    }
};
const Later = enum(u8) { a = 1, b = 5 };
const Node = struct { next: ?*Node, val: u32 };
var head: Node = .{ .next = null, .val = 7 };
var second: Node = .{ .next = &head, .val = 8 };
const Alias = u32;
const OuterAlias = Outer;
const five = 5;
const neg = -5;
const big = 1 << 100;
export var exported: Alias = five * 2;
const U = union(enum) { int: u64, none: void, pair: struct { u8, u8 } };
var u: U = .{ .pair = .{ 1, 2 } };
const Err = error{ Bad, Worse };
var eu: Err!u16 = error.Worse;
var fp: ?*const fn (u32) callconv(.C) u32 = null;
const O = opaque {};
var arr = [_]u8{ 1, 2, 3 };
const msg: []const u8 = "hello";
var total: u64 = big >> 90;
fn add(a: u32, b: u32) u32 {
    var r: u32 = a +% b;
    r = r *% 3;
    {
        const k = five;
        r += k;
    }
    return r;
}
pub fn main() void {
    _ = add(1, 2);
    const o: Outer = .{};
    _ = o;
}
