const Mid = struct { a: u32, z: u0, b: u8 };
const Ext = extern struct { a: u32, z: i0, b: u16 };
var g_mid: Mid = .{ .a = 7, .z = 0, .b = 9 };
var g_ext: Ext = .{ .a = 70000, .z = 0, .b = 300 };
var g_arr: [2]u0 = .{ 0, 0 };
var g_arri: [3]i0 = .{ 0, 0, 0 };
var g_opt: ?u0 = 0;
var g_optnull: ?u0 = null;
fn take(p_mid: Mid, p_ext: Ext, p_arr: [2]u0, p_arri: [3]i0, p_opt: ?u0, p_optnull: ?u0) void {
    var l_mid: Mid = p_mid;
    var l_ext: Ext = p_ext;
    var l_arr: [2]u0 = p_arr;
    var l_arri: [3]i0 = p_arri;
    var l_opt: ?u0 = p_opt;
    var l_optnull: ?u0 = p_optnull;
    _ = .{ &l_mid, &l_ext, &l_arr, &l_arri, &l_opt, &l_optnull };
}
pub fn main() void {
    take(g_mid, g_ext, g_arr, g_arri, g_opt, g_optnull);
}
