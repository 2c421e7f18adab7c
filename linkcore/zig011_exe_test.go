package linkcore

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
)

// zigExePrograms are the executable-only differences the differential
// test (internal/zigdiff) found: programs Zig 0.11 builds and runs whose
// bodies our code generator refused. Each runs to the exit status Zig's
// build of it gives (`zig build-exe -O Debug`), and gdb shows the values
// Zig's computes.
var zigExePrograms = []struct {
	name, src string
	status    int
	// gdb: a breakpoint line, commands to run there and text they
	// must print
	line int
	gdb  []string
	want []string
}{
	{"callconv(.C) float parameters", `fn f(x: f64, n: u8, y: f32, h: f16, q: f128, e: f80) callconv(.C) u8 {
    _ = x;
    _ = y;
    _ = h;
    _ = q;
    _ = e;
    return n +% 1;
}
var r: u8 = 0;
pub fn main() u8 {
    r = f(1.5, 41, 2.5, 0.5, 3.25, 4.75);
    return r;
}
`, 42, 7, []string{"info args"}, []string{"x = 1.5", "n = 41", "y = 2.5", "h = 0.5", "q = 3.25", "e = 4.75"}},
	{"arithmetic on integers wider than 64 bits", `var a: u129 = 0x1_ffff_ffff_ffff_ffff_ffff_ffff_ffff_fff0;
var b: i100 = -5;
var c: u200 = 0xffff_ffff_ffff_ffff_1234;
var ok: u8 = 0;
pub fn main() u8 {
    a = a +% 0x20;
    b = b *% 3;
    c = c *% c;
    var d: i100 = -b;
    d = d ^ 1;
    b = ~b;
    _ = &d;
    return ok;
}
`, 0, 13, []string{"x/3gx &'progb.a'", "x/2gx &'progb.b'", "x/3gx &'progb.c'", "x/2gx &d"}, []string{
		// a: 0x10 (the carry out of bit 128 dropped); b: ~(-15) = 14;
		// c: c*c mod 2^200; d: 15 ^ 1
		"<progb.a>:\t0x0000000000000010\t0x0000000000000000", "<progb.a+16>:\t0x0000000000000000",
		"<progb.b>:\t0x000000000000000e\t0x0000000000000000",
		"<progb.c>:\t0x00000000dce35a90\t0xfffffffe24680000", "<progb.c+16>:\t0x00000000ffffffff",
		":\t0x000000000000000e\t0x0000000000000000"}},
	{"reading and writing fields of packed structs", `const P = packed struct { a: u3, b: i5, c: bool, d: u7 };
var p: P = .{ .a = 5, .b = -3, .c = true, .d = 100 };
var out: i8 = 0;
pub fn main() u8 {
    p.a = p.a +% 4;
    p.d = p.d +% 1;
    p.c = false;
    out = p.b;
    var l: P = p;
    l.b = -16;
    p.b = l.b;
    _ = &l;
    return p.d;
}
`, 101, 13, []string{"x/2xb &'progc.p'", "p 'progc.out'"}, []string{
		// a = 1, b = -16, c = false, d = 101: 0b1100101_0_10000_001
		"<progc.p>:\t0x81\t0xca", "= -3"}},
	{"fields of packed structs wider than 64 bits", `const W = packed struct { a: u60, b: u9, c: u30 };
var w: W = .{ .a = 1, .b = 0x1ff, .c = 3 };
pub fn main() void {
    w.b = w.b +% 2;
    w.c = w.c *% 5;
    w.a = 0xfff_ffff_ffff_ffff;
    _ = &w;
}
`, 0, 7, []string{"x/2gx &'progd.w'"}, []string{
		// a = 2^60-1, b = 1, c = 15: bits 0..59, 60..68, 69..98
		"<progd.w>:\t0x1fffffffffffffff\t0x00000000000001e0"}},
	{"fields of packed structs across a 64-bit boundary", `const X = packed struct { a: u5, b: u64, c: i7 };
var x: X = .{ .a = 3, .b = 0x8000_0000_0000_0001, .c = -2 };
var got: u64 = 0;
pub fn main() void {
    got = x.b;
    x.b = x.b +% 0x10;
    x.c = x.c -% 1;
    _ = &x;
}
`, 0, 8, []string{"p/x 'proge.got'", "x/2gx &'proge.x'"}, []string{
		// a = 3, b = 0x8000000000000011, c = -3 (0x7d): bits 0..4, 5..68, 69..75
		"= 0x8000000000000001", "<proge.x>:\t0x0000000000000223\t0x0000000000000fb0"}},
	{"fields of packed structs of any width", `const P = packed struct(u130) { a: u3, b: u100, c: u27 };
const Q = packed struct { x: u60, y: i70, z: u2 };
const N = packed struct { k: u1, q: Q, m: u5 };
var p: P = .{ .a = 5, .b = 0xa_bcde_f012_3456_789a_bcde_f012, .c = 0x5ab_cdef };
var q: Q = .{ .x = 0xfff_ffff_ffff_fff, .y = -0x1_2345_6789_abcd_ef01, .z = 2 };
var n: N = .{ .k = 1, .q = .{ .x = 1, .y = 2, .z = 3 }, .m = 31 };
var rb: u100 = 0;
var ry: i70 = 0;
var rc: u27 = 0;
var ra: u3 = 0;
var p2: P = .{ .a = 0, .b = 0, .c = 0 };
var q2: Q = .{ .x = 0, .y = 0, .z = 0 };
var rn: i70 = 0;
pub fn main() void {
    rb = p.b;
    ry = q.y;
    p.b = p.b +% 0xf_ffff_ffff_ffff_ffff_ffff_fff0;
    q.y = q.y -% 5;
    p.b +%= 0x12;
    q.y *%= 3;
    rc = p.c;
    ra = p.a;
    var l: i70 = q.y;
    l = l +% 1;
    q.y = l;
    n.q.y = -7;
    rn = n.q.y;
    p2 = p;
    q2 = q;
    var r: P = .{ .a = ra, .b = rb, .c = rc };
    p = r;
    _ = &r;
}
`, 0, 32, []string{"x/3gx &'progf.p'", "x/3gx &'progf.q'", "x/3gx &'progf.n'", "x/2gx &'progf.rb'",
		"x/2gx &'progf.ry'", "x/wx &'progf.rc'", "x/bx &'progf.ra'", "x/2gx &'progf.rn'", "x/3gx &'progf.p2'", "x/3gx &'progf.q2'"}, []string{
		// std.mem.asBytes of each global after Zig 0.11's build ran
		// the same body (as little-endian words):
		// p  9580f7e6d5c4b3a2 9180f7e6d5f7e6d5 0200000000000000
		"<progf.p>:\t0xa2b3c4d5e6f78095\t0xd5e6f7d5e6f78091", "<progf.p+16>:\t0x0000000000000002",
		// q  fffffffffffffff0 2e63c92f96fc62c9 0b00000000000000
		"<progf.q>:\t0xf0ffffffffffffff\t0xc962fc962fc9632e", "<progf.q+16>:\t0x000000000000000b",
		// n  0300000000000020 ffffffffffffffff ff03000000000000
		"<progf.n>:\t0x2000000000000003\t0xffffffffffffffff", "<progf.n+16>:\t0x00000000000003ff",
		// rb 12f0debc9a785634 12f0debc0a000000
		"<progf.rb>:\t0x3456789abcdef012\t0x0000000abcdef012",
		// ry ff1032547698badc 3e00000000000000: the bits above 70 zero
		"<progf.ry>:\t0xdcba9876543210ff\t0x000000000000003e",
		// rc efcdab05; ra 05
		"<progf.rc>:\t0x05abcdef", "<progf.ra>:\t0x05",
		// rn f9ffffffffffffff 3f00000000000000
		"<progf.rn>:\t0xfffffffffffffff9\t0x000000000000003f",
		// p2 a580f7e6d5c4b3a2 9180f7e6d5f7e6d5 0200000000000000
		"<progf.p2>:\t0xa2b3c4d5e6f780a5\t0xd5e6f7d5e6f78091", "<progf.p2+16>:\t0x0000000000000002",
		// q2 fffffffffffffff0 2e63c92f96fc62c9 0b00000000000000
		"<progf.q2>:\t0xf0ffffffffffffff\t0xc962fc962fc9632e", "<progf.q2+16>:\t0x000000000000000b"}},
	{"signed integers narrower than their storage", `var x: i5 = -2;
var y: i5 = 0;
var d: i5 = 0;
var w: i100 = -6;
var v: i100 = 0;
var c: i64 = 0;
var e: i100 = 0;
var f: i70 = 0;
pub fn main() void {
    y = x >> 1;
    d = x * 1;
    v = w *% 3;
    c = x;
    e = c;
    f = x;
    e = e +% f;
    x = x -% 1;
    _ = &x;
}
`, 0, 18, []string{"x/bx &'progg.x'", "x/bx &'progg.y'", "x/bx &'progg.d'", "x/2gx &'progg.v'", "x/gx &'progg.c'",
		"x/2gx &'progg.e'", "x/2gx &'progg.f'"}, []string{
		// Zig 0.11's bytes: x 1d, y 1f, d 1e, v eeffffffffffffff
		// ffffffff0f000000, c feffffffffffffff, e fcffffffffffffff
		// ffffffff0f000000, f feffffffffffffff 3f00000000000000
		"<progg.x>:\t0x1d", "<progg.y>:\t0x1f", "<progg.d>:\t0x1e",
		"<progg.v>:\t0xffffffffffffffee\t0x0000000fffffffff", "<progg.c>:\t0xfffffffffffffffe",
		"<progg.e>:\t0xfffffffffffffffc\t0x0000000fffffffff", "<progg.f>:\t0xfffffffffffffffe\t0x000000000000003f"}},
	{"shifts of integers wider than 64 bits", `var a: u129 = 0x1_8000_0000_0000_0001_0123_4567_89ab_cdef;
var b: i100 = -0x1234_5678_9abc_def0_1234;
var c: u200 = 0xfedc_ba98_7654_3210_0011_2233_4455_6677_8899;
var n: u8 = 67;
var m: u7 = 0;
var k: u8 = 130;
var r1: u129 = 0;
var r2: u129 = 0;
var r3: i100 = 0;
var r4: i100 = 0;
var r5: u200 = 0;
var r6: u200 = 0;
var r7: u129 = 0;
pub fn main() void {
    r1 = a << 5;
    r2 = a >> n;
    m = 99;
    r3 = b >> m;
    r4 = b << 64;
    r5 = c << k;
    r6 = c >> 0;
    r7 = a >> 128;
    _ = &n;
}
`, 0, 23, []string{"x/3gx &'progh.r1'", "x/3gx &'progh.r2'", "x/2gx &'progh.r3'", "x/2gx &'progh.r4'",
		"x/4gx &'progh.r5'", "x/4gx &'progh.r6'", "x/3gx &'progh.r7'"}, []string{
		// Zig 0.11's bytes:
		// r1 e0bd7935f1ac6824 2000000000000000 0000000000000000
		"<progh.r1>:\t0x2468acf13579bde0\t0x0000000000000020", "<progh.r1+16>:\t0x0000000000000000",
		// r2 0000000000000030 0000000000000000 0000000000000000
		"<progh.r2>:\t0x3000000000000000\t0x0000000000000000", "<progh.r2+16>:\t0x0000000000000000",
		// r3 ffffffffffffffff ffffffff0f000000: -1 as an i100
		"<progh.r3>:\t0xffffffffffffffff\t0x0000000fffffffff",
		// r4 0000000000000000 cced0f2103000000
		"<progh.r4>:\t0x0000000000000000\t0x00000003210fedcc",
		// r5 0000000000000000 0000000000000000 6422de995511cd88 4400000000000000
		"<progh.r5>:\t0x0000000000000000\t0x0000000000000000", "<progh.r5+16>:\t0x88cd115599de2264\t0x0000000000000044",
		// r6 9988776655443322 11001032547698ba dcfe000000000000 0000000000000000
		"<progh.r6>:\t0x2233445566778899\t0xba98765432100011", "<progh.r6+16>:\t0x000000000000fedc\t0x0000000000000000",
		// r7 0100000000000000 0000000000000000 0000000000000000
		"<progh.r7>:\t0x0000000000000001\t0x0000000000000000", "<progh.r7+16>:\t0x0000000000000000"}},
	{"division of integers wider than 64 bits", `var a: u129 = 0x1_8000_0000_0000_0001_0123_4567_89ab_cdef;
var b: u100 = 0xf_1234_5678_9abc_def0_1234_5678;
var c: u256 = 0xffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_fffe;
var d: u256 = 0x8000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0001;
var r1: u129 = 0;
var r2: u129 = 0;
var r3: u100 = 0;
var r4: u100 = 0;
var r5: u256 = 0;
var r6: u256 = 0;
var r7: u129 = 0;
pub fn main() void {
    r1 = a / 0x1234_5678_9abc;
    r2 = a % 0x1234_5678_9abc;
    r3 = b / 7;
    r4 = b % b;
    r5 = c / d;
    r6 = c % d;
    r7 = a / a;
    _ = &a;
}
`, 0, 20, []string{"x/3gx &'progi.r1'", "x/3gx &'progi.r2'", "x/2gx &'progi.r3'", "x/2gx &'progi.r4'",
		"x/4gx &'progi.r5'", "x/4gx &'progi.r6'", "x/3gx &'progi.r7'"}, []string{
		// Zig 0.11's bytes:
		// r1 00200e6602010000 0018150000000000 0000000000000000
		"<progi.r1>:\t0x00000102660e2000\t0x0000000000151800", "<progi.r1+16>:\t0x0000000000000000",
		// r2 ef4d0c18e1000000 0000000000000000 0000000000000000
		"<progi.r2>:\t0x000000e1180c4def\t0x0000000000000000", "<progi.r2+16>:\t0x0000000000000000",
		// r3 35c39902908d3f5f 5a0c2c2702000000
		"<progi.r3>:\t0x5f3f8d900299c335\t0x00000002272c0c5a",
		// r4 0000000000000000 0000000000000000
		"<progi.r4>:\t0x0000000000000000\t0x0000000000000000",
		// r5 0100000000000000 0 0 0
		"<progi.r5>:\t0x0000000000000001\t0x0000000000000000", "<progi.r5+16>:\t0x0000000000000000\t0x0000000000000000",
		// r6 fdffffffffffffff ffffffffffffffff ffffffffffffffff ffffffffffffff7f
		"<progi.r6>:\t0xfffffffffffffffd\t0xffffffffffffffff", "<progi.r6+16>:\t0xffffffffffffffff\t0x7fffffffffffffff",
		// r7 0100000000000000 0000000000000000 0000000000000000
		"<progi.r7>:\t0x0000000000000001\t0x0000000000000000", "<progi.r7+16>:\t0x0000000000000000"}},
}

func TestZigExecutables(t *testing.T) {
	dir := t.TempDir()
	for i, tc := range zigExePrograms {
		t.Run(tc.name, func(t *testing.T) {
			name := "prog" + string(rune('a'+i))
			res, err := Build(name+".zig", []byte(tc.src), Options{Kind: KindExecutable,
				Debug: dwarfcore.Options{Lines: dwarfcore.LinesPlain}})
			if err != nil {
				t.Fatalf("Zig 0.11 builds it, we say: %v", err)
			}
			bin := filepath.Join(dir, name)
			if err := os.WriteFile(bin, res.ELF, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(bin+".zig", []byte(tc.src), 0o644); err != nil {
				t.Fatal(err)
			}
			err = exec.Command(bin).Run()
			status := 0
			if ee, ok := err.(*exec.ExitError); ok {
				status = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != tc.status {
				t.Errorf("exit status %d, Zig's build exits with %d", status, tc.status)
			}
			if tc.line == 0 {
				return
			}
			args := []string{"-batch", "-nx", "-ex", "break " + name + ".zig:" + itoa(tc.line), "-ex", "run"}
			for _, c := range tc.gdb {
				args = append(args, "-ex", c)
			}
			cmd := exec.Command("gdb", append(args, bin)...)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("gdb: %v\n%s", err, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("gdb does not show %q:\n%s", w, out)
				}
			}
		})
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
