const E = error{ Bad, Worse };
const Temp = enum(i3) { cold = -4, mild = 0, hot = 3 };
const Shape = union(enum) { small: i5, big: u32 };
const Odd = struct { x: i5, y: u8, z: i13, w: i33 };
var g_target: i5 = -6;
var g_target_arr: [3]i5 = .{ -16, -1, 15 };
var g_arr: [3]i5 = .{ -16, -1, 15 };
var g_opt: ?i5 = -7;
var g_eu: E!i5 = -3;
var g_tag: Shape = .{ .small = -11 };
var g_enum: Temp = .cold;
var g_odd: Odd = .{ .x = -5, .y = 2, .z = -4000, .w = -4294967296 };
var g_ptr: *i5 = &g_target;
var g_slice: []i5 = &g_target_arr;
var g_i65: i65 = -5;
var g_i127: i127 = -2;
fn take(p_arr: [3]i5, p_opt: ?i5, p_eu: E!i5, p_tag: Shape, p_enum: Temp, p_odd: Odd, p_i65: i65, p_i127: i127) void {
    var l_arr: [3]i5 = p_arr;
    var l_opt: ?i5 = p_opt;
    var l_eu: E!i5 = p_eu;
    var l_tag: Shape = p_tag;
    var l_enum: Temp = p_enum;
    var l_odd: Odd = p_odd;
    var l_i65: i65 = p_i65;
    var l_i127: i127 = p_i127;
    _ = .{ &l_arr, &l_opt, &l_eu, &l_tag, &l_enum, &l_odd, &l_i65, &l_i127 };
}
pub fn main() void {
    take(g_arr, g_opt, g_eu, g_tag, g_enum, g_odd, g_i65, g_i127);
}
