package lang

import (
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
)

// zigFacts are the minimal programs of every difference the differential
// test (internal/zigdiff) found between dwarfscope and Zig 0.11, with what
// Zig 0.11.0 (x86_64-linux, -O Debug) says about them:
//
//	size|align|bits NAME N   @sizeOf/@alignOf/@bitSizeOf of a type or of
//	                         a global's type
//	offset NAME.F N          @offsetOf (bitoffset: @bitOffsetOf)
//	bytes NAME HEX           std.mem.asBytes of a global
//	error L:C: MSG           Zig's error (the program is rejected)
var zigFacts = []struct {
	name, src string
	facts     []string
}{
	{"address and assignment of a namespace's variable", `
const ns = struct {
    pub var g: u32 = 7;
    pub const inner = struct {
        pub var h: u8 = 1;
    };
};
var p: *u32 = &ns.g;
var q: *u8 = &ns.inner.h;
fn f(x: *u32) u32 {
    _ = x;
    return 1;
}
pub fn main() u8 {
    ns.g = 8;
    ns.inner.h = 3;
    _ = f(&ns.g);
    _ = &p;
    _ = &q;
    return ns.inner.h;
}`, []string{"size p 8", "bytes g 07000000"}},
	{"function pointer values", `
fn f(x: u32) u32 {
    return x +% 1;
}
const ns = struct {
    pub fn g(x: u32) u32 {
        return x;
    }
};
var fp: *const fn (u32) u32 = &f;
var arr: [2]*const fn (u32) u32 = .{ &f, &ns.g };
`, []string{"size fp 8", "align fp 8", "size arr 16"}},
	{"division of negative compile-time integers truncates", `
var x: i8 = -7 / 2;
const a: i8 = -9;
var z: i8 = a / 4;
`, []string{"bytes x fd", "bytes z fe"}},
	{"remainder of a negative compile-time integer", `
var x: i8 = -7 % 2;
`, []string{"error 2:13: remainder division with 'comptime_int' and 'comptime_int': signed integers and floats must use @rem or @mod"}},
	{"remainder by a negative compile-time integer", `
var x: i8 = 7 % -2;
`, []string{"error 2:17: remainder division with 'comptime_int' and 'comptime_int': signed integers and floats must use @rem or @mod"}},
	{"a typed constant shifted so bits fall out", `
const k: u8 = 0x80;
const s: i8 = 0x61;
const t: i8 = -3;
var x: u8 = k << 1;
var y: i8 = s << 1;
var z: i8 = t << 6;
`, []string{"bytes x 00", "bytes y c2", "bytes z 40"}},
	{"signed integers below their storage leave the high bits zero", `
const E = enum(i3) { a = -1, b = 2 };
var a: i5 = -2;
var b: i96 = -1;
var c: E = .a;
var d: i8 = -1;
`, []string{"bytes a 1e", "bytes b ffffffffffffffffffffffff00000000", "bytes c 07", "bytes d ff"}},
	{"packed unions, alone and in packed structs", `
const PU = packed union { a: u8, b: i8 };
const PS = packed struct { x: PU, y: bool };
const W = packed union { a: u3, b: u48, c: bool };
var ps: PS = .{ .x = .{ .b = -1 }, .y = true };
var w: W = .{ .a = 5 };
`, []string{"size PS 2", "bits PS 9", "size W 8", "align W 8", "bits W 48", "size PU 1",
		"bytes ps ff01", "bytes w 0500000000000000"}},
	{"the hidden safety tag of Debug-mode bare unions", `
const B = union { a: u32, b: f64 };
const B1 = union { a: u32 };
const B3 = union { a: u8, b: u16, c: [3]u8 };
const S = struct { u: B, x: u8 };
const OB = ?B;
const AB = [2]B;
var b: B = .{ .b = 1.5 };
var b3: B3 = .{ .c = .{ 1, 2, 3 } };
var ob: ?B = .{ .a = 7 };
`, []string{"size B 16", "align B 8", "size B1 4", "size B3 4", "align B3 2", "size S 24", "offset S.x 16",
		"size OB 24", "align OB 8", "size AB 32",
		"bytes b 000000000000f83f0100000000000000", "bytes b3 01020302",
		"bytes ob 070000000000000000000000000000000100000000000000"}},
	{"compile-time float arithmetic rounds like f128", `
var a: f64 = -0.0;
var b: f64 = -2.25 * 0.0;
var d: f16 = -0.0 * 1.5;
var f: f32 = 0x1.8p3 * -0.0;
var g: f128 = 0.1 * 3.3333;
var h: f128 = 0.1;
var i: f80 = 0.1 * 3.3333;
var j: f64 = 0.1 * 3.3333;
var k: f16 = 1e10;
`, []string{"bytes a 0000000000000080", "bytes b 0000000000000000", "bytes d 0000", "bytes f 00000000",
		"bytes g dbfe959526a5a0db4b1aa3755455fd3f", "bytes h 9a99999999999999999999999999fb3f",
		"bytes i d0ed258dd13aaaaafd3f000000000000", "bytes j bea4315a4755d53f", "bytes k 007c"}},
	{"128-bit integers in extern structs are aligned as in C", `
const X = extern struct { a: u8, b: u128 };
const Y = extern struct { a: u8, b: i128, c: u64 };
const Z = struct { a: u8, b: u128 };
const EU = extern union { a: u8, b: u128 };
const A = extern struct { a: u8, b: [2]u128 };
`, []string{"size X 32", "align X 16", "offset X.b 16", "size Y 48", "align Y 16", "offset Y.c 32", "size Z 24", "align Z 8",
		"size EU 16", "align EU 8", "size A 40", "offset A.b 8"}},
	{"an optional of a zero-size type is one byte", `
const O = ?[0]i64;
const OO = ??[0]i48;
const A = struct { a: u8, b: ?[0]u64, c: u8 };
const D = struct { x: ?[0]u64 };
var o: ?[0]i64 = .{};
var n: ?[0]i64 = null;
`, []string{"size O 1", "align O 8", "bytes o 01", "bytes n 00", "size OO 2", "align OO 8", "size A 3", "align A 1",
		"offset A.b 1", "offset A.c 2", "size D 1", "align D 1"}},
	// Zig 0.11 lays these out aligned to 1 and 2 but its @alignOf says 8
	// and 16: the layout is Type.Align, the DWARF alignment AlignOf.
	{"zero-bit fields do not align extern structs and unions", `
const S9 = extern struct { a: u128 };
const S3 = extern struct { f0: [0]f80 = .{}, f1: usize = 0, f2: bool, f3: [2]bool = .{ true, true } };
const S8 = extern struct { f0: bool, f1: [0]S9, f2: u8 };
const U = union { a: [0]f80, b: u64, c: [3]u64 };
const U2 = union(enum) { a: [0]f80, b: u64 };
const U3 = union { a: [0]f80, b: void };
const X = extern struct { a: u8, b: void, c: u16 };
const A = struct { a: u8 align(16), b: [0]u64 align(32) };
`, []string{"size S3 16", "align S3 8", "offset S3.f0 0", "size S8 2", "align S8 1", "offset S8.f1 1",
		"size U 32", "align U 8", "size U2 16", "align U2 8", "size U3 1", "align U3 1",
		"size X 4", "offset X.b 1", "offset X.c 2", "size A 16", "align A 16"}},
	{"bit sizes of arrays of zero-size elements; error unions of them", `
const A = [2][0]bool;
const B = [3][0]i9;
const C = [3]u7;
const D = [3]u0;
const F = [2][3]u0;
const E = error{E2}![0]?f80;
const G = struct { a: u16, b: error{X}![0]u64, c: u8 };
`, []string{"bits A 8", "size A 0", "bits B 32", "align B 2", "bits C 23", "bits D 0", "bits F 0", "size E 2", "align E 16",
		"size G 6", "align G 2", "offset G.b 2", "offset G.c 4"}},
	{"a nested error union or double optional initialised with the payload", `
const S = struct { a: u32 };
var x: error{A}!error{B}!S = .{ .a = 1 };
var y: ??S = .{ .a = 1 };
var z: ??u8 = null;
`, []string{"size x 12", "bytes x 010000000000000000000000", "size y 12", "bytes y 010000000100000001000000", "bytes z 000000"}},
	{"compile-time >> of negative integers", `
const k: i8 = -7;
const m: i8 = -8;
const d: i128 = -0x1_0000_0000_0000_0003;
var x: i8 = k >> 1;
var y: i8 = -9 >> 2;
var z: i8 = m >> 1;
var w: i8 = k >> 3;
var v: i128 = d >> 1;
`, []string{"bytes x fd", "bytes y fe", "bytes z fc", "bytes w ff", "bytes v ffffffffffffff7fffffffffffffffff"}},
	// Zig rejects these (zig build-obj, Zig 0.11.0); the error is Zig's.
	{"unused local variable", "\nexport fn f() void {\n    var x: u32 = 1;\n}\n", []string{"error 3:9: unused local variable"}},
	{"unused local constant", "\nexport fn f() void {\n    const y: u32 = 1;\n}\n", []string{"error 3:11: unused local constant"}},
	{"unused function parameter", "\nexport fn f(x: u32) void {}\n", []string{"error 2:13: unused function parameter"}},
	{"pointless discard", "\nexport fn f(x: u32) u32 {\n    _ = x;\n    return x;\n}\n", []string{"error 3:9: pointless discard of function parameter"}},
	{"parameter shadows a declaration", "\nconst a: u32 = 1;\nexport fn f(a: u32) u32 {\n    return a;\n}\n", []string{"error 3:13: function parameter shadows declaration of 'a'"}},
	{"local shadows a declaration", "\nconst a: u32 = 1;\nexport fn f() void {\n    var a: u32 = 2;\n    _ = &a;\n}\n", []string{"error 4:9: local variable shadows declaration of 'a'"}},
	{"local shadows an outer local", "\nexport fn f() void {\n    const b: u32 = 1;\n    {\n        const b: u32 = 2;\n        _ = b;\n    }\n    _ = b;\n}\n", []string{"error 5:15: local constant 'b' shadows local constant from outer scope"}},
	{"decimal literal with a leading zero", "\npub var x: u32 = 007;\n", []string{"error 2:18: number '007' has leading zero"}},
	{"non-void function without a return", "\nexport fn f() u32 {\n    const y: u32 = 2;\n    _ = y;\n}\n", []string{"error 2:15: function with non-void return type 'u32' implicitly returns"}},
	{"code after return", "\nexport fn f() u32 {\n    return 1;\n    var y: u32 = 2;\n    _ = &y;\n}\n", []string{"error 4:5: unreachable code"}},
	{"discarded error union", "\nfn g() anyerror!u32 {\n    return 1;\n}\nexport fn f() void {\n    _ = g();\n}\n", []string{"error 6:10: error is discarded"}},
	{"variable of a comptime-only type", "\nvar x: ?noreturn = null;\nexport fn f() void {\n    _ = &x;\n}\n", []string{"error 2:8: variable of type '?noreturn' must be const or comptime"}},
	{"export of a non-extern type", "\nconst S = struct { a: u32 };\nexport var s: S = .{ .a = 1 };\n", []string{"error 3:1: unable to export type 'facts.S'"}},
	{"non-C parameter under callconv(.C)", "\nconst S = struct { a: u32 };\nexport fn f(x: S) callconv(.C) void {\n    _ = x;\n}\n", []string{"error 3:13: parameter of type 'facts.S' not allowed in function with calling convention 'C'"}},
	{"address of a threadlocal in a global initialiser", "\nthreadlocal var t: u32 = 0;\nvar p: *u32 = &t;\nexport fn f() void {\n    _ = &p;\n}\n", []string{"error 3:15: unable to resolve comptime value"}},
	{"constant of a comptime-only type is fine", "\nconst x: ?noreturn = null;\n", nil},
	{"union with an explicit tag integer", `
const U = union(enum(u8)) { a: u32, b: u16 };
const W = union(enum(i16)) { a: u64, b: void };
var u: U = .{ .b = 0x1234 };
`, []string{"size U 8", "align U 4", "size W 16", "align W 8", "bytes u 3412000001000000"}},
}

func TestZigFacts(t *testing.T) {
	for _, tc := range zigFacts {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Compile("facts.zig", []byte(tc.src), nil)
			for _, f := range tc.facts {
				kind, rest, _ := strings.Cut(f, " ")
				if kind == "error" {
					pos, msg, _ := strings.Cut(rest, " ")
					want := "facts.zig:" + pos + " error: " + msg
					if err == nil || !strings.Contains(err.Error(), want) {
						t.Errorf("want the error %s, got %v", want, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("Zig accepts the program, we say: %v", err)
				}
				name, want, _ := strings.Cut(rest, " ")
				got, ok := zigFact(p, kind, name)
				if !ok {
					t.Errorf("%s: no declaration %s", f, name)
				} else if got != want {
					t.Errorf("%s %s: Zig says %s, we say %s", kind, name, want, got)
				}
			}
		})
	}
}

// zigFact is one fact about the declaration named name (a short name;
// "S.f" for a field) of p, spelled as in zigFacts.
func zigFact(p *Program, kind, name string) (string, bool) {
	declName, fieldName, _ := strings.Cut(name, ".")
	var d *Decl
	for _, x := range p.Decls {
		if x.Name == declName {
			d = x
		}
	}
	if d == nil {
		return "", false
	}
	t := d.Type
	if d.Kind == DeclType || d.Kind == DeclAlias {
		t = d.Value
	}
	u := func(v uint64) string { return strconv.FormatUint(v, 10) }
	switch kind {
	case "size":
		return u(t.Size), true
	case "align":
		return u(AlignOf(t)), true
	case "bits":
		return u(t.BitSize), true
	case "offset", "bitoffset":
		i := fieldIndex(t, fieldName)
		if i < 0 {
			return "", false
		}
		f := t.Fields[i]
		if kind == "offset" {
			if t.Layout == LayoutPacked {
				return u(f.BitOffset / 8), true
			}
			return u(f.Offset), true
		}
		if t.Layout == LayoutPacked {
			return u(f.BitOffset), true
		}
		return u(f.Offset * 8), true
	case "bytes":
		b, _ := p.Types.Encode(d.Init)
		return hex.EncodeToString(b), true
	}
	return "", false
}
