const Color = enum(u8) { red = 1, green = 2, blue = 200 };
const Temp = enum(i8) { cold = -40, mild = 0, hot = 45 };
var global_color: Color = .blue;
var global_temp: Temp = .cold;
fn paint(color: Color, temp: Temp) void {
    var local_color: Color = color;
    const local_temp: Temp = temp;
    _ = .{ &local_color, &local_temp };
}
pub fn main() void {
    paint(.green, .cold);
}
