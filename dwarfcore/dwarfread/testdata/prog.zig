// The Zig 0.11 source of dwarfread's corpus (corpus_test.go): structs,
// enums, unions, optionals, error unions, slices, arrays, pointers,
// thread-local and packed data and functions, each reached from
// corpus_main so that an optimised build keeps them.
const std = @import("std");

// A panic handler of our own keeps std's stack-trace printer (and its
// megabytes of debug information) out of the files.
pub fn panic(msg: []const u8, trace: ?*std.builtin.StackTrace, ret_addr: ?usize) noreturn {
    _ = msg;
    _ = trace;
    _ = ret_addr;
    @trap();
}

const Point = struct { x: i32, y: i32, tag: u8, w: f64 };
const Packed = packed struct { a: u3, b: i5, c: bool, d: u7 };
const Extern = extern struct { a: u8, b: u32, c: u16 };
const Color = enum(u8) { red, green = 5, blue };
const Shape = union(enum) { circle: f32, square: u32, none: void };
const Bare = union { i: i32, f: f32 };
const Failure = error{ TooBig, Negative };

var points = [_]Point{ .{ .x = 1, .y = 2, .tag = 'a', .w = 1.5 }, .{ .x = 3, .y = 4, .tag = 'b', .w = 2.5 } };
var packed_global: Packed = .{ .a = 5, .b = -3, .c = true, .d = 100 };
var extern_global: Extern = .{ .a = 1, .b = 2, .c = 3 };
var favourite: Color = .green;
var shape: Shape = .{ .square = 7 };
var bare: Bare = .{ .i = 9 };
var maybe: ?u32 = 42;
var maybe_ptr: ?*Point = null;
var greeting: []const u8 = "hello\tworld";
threadlocal var counter: i32 = 3;

fn square(v: i32) i32 {
    return v *% v;
}

fn sum(ps: []const Point) i32 {
    var total: i32 = 0;
    for (ps) |p| {
        total +%= square(p.x) +% p.y;
    }
    counter +%= total;
    return total;
}

fn check(v: i32) Failure!u32 {
    if (v < 0) return error.Negative;
    if (v > 1000) return error.TooBig;
    return @intCast(v);
}

fn area(s: Shape) f32 {
    return switch (s) {
        .circle => |r| r * r * 3.14,
        .square => |n| @floatFromInt(n * n),
        .none => 0,
    };
}

export fn corpus_main() u8 {
    maybe_ptr = &points[1];
    const total = sum(&points);
    const checked = check(total) catch |err| switch (err) {
        error.TooBig => @as(u32, 1000),
        error.Negative => 0,
    };
    const a = area(shape);
    var r: u32 = checked +% @as(u32, @intFromEnum(favourite)) +% (maybe orelse 0);
    r +%= @intFromFloat(a);
    r +%= packed_global.d +% extern_global.b +% @as(u32, @bitCast(bare.i));
    r +%= @intCast(greeting.len);
    if (maybe_ptr) |p| r +%= @intCast(p.x);
    return @truncate(r);
}

// The executable's entry point is ours too: std's start code would bring
// in std.debug, whose debug information is a hundred times this file's.
// (The executables are not run: nothing sets up thread-local storage.)
pub export fn _start() noreturn {
    std.os.linux.exit(corpus_main());
}
