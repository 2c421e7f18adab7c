package linkcore

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
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
}

func TestZigExecutables(t *testing.T) {
	dir := t.TempDir()
	for i, tc := range zigExePrograms {
		t.Run(tc.name, func(t *testing.T) {
			name := "prog" + string(rune('a'+i))
			bin := buildAndRun(t, dir, name, tc.src, tc.status)
			if tc.line == 0 {
				return
			}
			out := gdbAt(t, dir, bin, name, tc.line, tc.gdb)
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("gdb does not show %q:\n%s", w, out)
				}
			}
		})
	}
}

// zigBytePrograms are programs whose globals' bytes after main's body
// must equal Zig 0.11's: zig is what Zig's build of the same body
// printed, a line per global of its name and std.mem.asBytes in hex.
// The test stops at line and reads the same bytes with gdb.
var zigBytePrograms = []struct {
	name, src, zig string
	line           int
}{
	{
		// a u100 at bit 3 of a packed struct(u130), an i70 across a word,
		// a nested field, reads, writes, compound assignments and a packed
		// literal built at run time
		name: "fields of packed structs of any width", line: 32, src: `const P = packed struct(u130) { a: u3, b: u100, c: u27 };
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
`,
		zig: `p 9580f7e6d5c4b3a29180f7e6d5f7e6d50200000000000000
q fffffffffffffff02e63c92f96fc62c90b00000000000000
n 0300000000000020ffffffffffffffffff03000000000000
rb 12f0debc9a78563412f0debc0a000000
ry ff1032547698badc3e00000000000000
rc efcdab05
ra 05
rn f9ffffffffffffff3f00000000000000
p2 a580f7e6d5c4b3a29180f7e6d5f7e6d50200000000000000
q2 fffffffffffffff02e63c92f96fc62c90b00000000000000
`},
	{
		// the bits above an iN's N stay zero; loads extend from N
		name: "signed integers narrower than their storage", line: 18, src: `var x: i5 = -2;
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
}
`,
		zig: `x 1d
y 1f
d 1e
v eeffffffffffffffffffffff0f000000
c feffffffffffffff
e fcffffffffffffffffffffff0f000000
f feffffffffffffff3f00000000000000
`},
	{name: "shifts and division of integers wider than 64 bits", line: 40, src: `var a: u129 = 0x1_8000_0000_0000_0001_0123_4567_89ab_cdef;
var b: i100 = -0x1234_5678_9abc_def0_1234;
var c: u200 = 0xfedc_ba98_7654_3210_0011_2233_4455_6677_8899;
var e: u100 = 0xf_1234_5678_9abc_def0_1234_5678;
var f: u256 = 0xffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_fffe;
var h: u256 = 0x8000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0001;
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
var q1: u129 = 0;
var q2: u129 = 0;
var q3: u100 = 0;
var q4: u100 = 0;
var q5: u256 = 0;
var q6: u256 = 0;
var q7: u129 = 0;
pub fn main() void {
    r1 = a << 5;
    r2 = a >> n;
    m = 99;
    r3 = b >> m;
    r4 = b << 64;
    r5 = c << k;
    r6 = c >> 0;
    r7 = a >> 128;
    q1 = a / 0x1234_5678_9abc;
    q2 = a % 0x1234_5678_9abc;
    q3 = e / 7;
    q4 = e % e;
    q5 = f / h;
    q6 = f % h;
    q7 = a / a;
    _ = &n;
}
`,
		zig: `r1 e0bd7935f1ac682420000000000000000000000000000000
r2 000000000000003000000000000000000000000000000000
r3 ffffffffffffffffffffffff0f000000
r4 0000000000000000cced0f2103000000
r5 000000000000000000000000000000006422de995511cd884400000000000000
r6 998877665544332211001032547698badcfe0000000000000000000000000000
r7 010000000000000000000000000000000000000000000000
q1 00200e660201000000181500000000000000000000000000
q2 ef4d0c18e100000000000000000000000000000000000000
q3 35c39902908d3f5f5a0c2c2702000000
q4 00000000000000000000000000000000
q5 0100000000000000000000000000000000000000000000000000000000000000
q6 fdffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
q7 010000000000000000000000000000000000000000000000
`},
}

// TestZigExecutableBytes runs each of zigBytePrograms and compares the
// globals' bytes, as gdb reads them at the program's line, with Zig's.
func TestZigExecutableBytes(t *testing.T) {
	dir := t.TempDir()
	for i, tc := range zigBytePrograms {
		t.Run(tc.name, func(t *testing.T) {
			name := "bytes" + string(rune('a'+i))
			bin := buildAndRun(t, dir, name, tc.src, 0)
			lines := strings.Split(strings.TrimSpace(tc.zig), "\n")
			var globals []sizedGlobal
			for _, l := range lines {
				g, hex, _ := strings.Cut(l, " ")
				globals = append(globals, sizedGlobal{g, len(hex) / 2})
			}
			got := gdbGlobals(t, dir, bin, name, tc.line, globals)
			for _, l := range lines {
				g, hex, _ := strings.Cut(l, " ")
				if got[g] != hex {
					t.Errorf("%s: ours %s, Zig's %s", g, got[g], hex)
				}
			}
		})
	}
}

// buildAndRun builds src as the executable name in dir (beside its
// source, for gdb), runs it and checks its exit status.
func buildAndRun(t *testing.T, dir, name, src string, status int) string {
	t.Helper()
	res, err := Build(name+".zig", []byte(src), Options{Kind: KindExecutable,
		Debug: dwarfcore.Options{Lines: dwarfcore.LinesPlain}})
	if err != nil {
		t.Fatalf("Zig 0.11 builds it, we say: %v", err)
	}
	bin := filepath.Join(dir, name)
	if err := os.WriteFile(bin, res.ELF, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin+".zig", []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	err = exec.Command(bin).Run()
	got := 0
	if ee, ok := err.(*exec.ExitError); ok {
		got = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if got != status {
		t.Errorf("exit status %d, Zig's build exits with %d", got, status)
	}
	return bin
}

// gdbAt runs bin in gdb to a breakpoint at line of name.zig and returns
// what cmds print there.
func gdbAt(t *testing.T, dir, bin, name string, line int, cmds []string) string {
	t.Helper()
	args := []string{"-batch", "-nx", "-ex", "break " + name + ".zig:" + strconv.Itoa(line), "-ex", "run"}
	for _, c := range cmds {
		args = append(args, "-ex", c)
	}
	cmd := exec.Command("gdb", append(args, bin)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gdb: %v\n%s", err, out)
	}
	return string(out)
}

// sizedGlobal is a global of name.zig and its size in bytes.
type sizedGlobal struct {
	name string
	size int
}

// gdbGlobals runs bin in gdb to line of name.zig and returns the bytes
// of each of globals there, in hex, by name.
func gdbGlobals(t *testing.T, dir, bin, name string, line int, globals []sizedGlobal) map[string]string {
	t.Helper()
	var cmds []string
	for _, g := range globals {
		cmds = append(cmds, "echo @@"+g.name+"\\n", "x/"+strconv.Itoa(g.size)+"xb &'"+name+"."+g.name+"'")
	}
	return gdbBytes(gdbAt(t, dir, bin, name, line, cmds))
}

// gdbBytes collects what gdbAt printed for "echo @@name" and "x/Nxb"
// pairs: each name's bytes in hex.
func gdbBytes(out string) map[string]string {
	got := map[string]string{}
	var cur string
	for _, l := range strings.Split(out, "\n") {
		if g, ok := strings.CutPrefix(l, "@@"); ok {
			cur = g
			continue
		}
		_, bytes, ok := strings.Cut(l, ">:")
		if cur == "" || !ok {
			continue
		}
		for _, b := range strings.Fields(bytes) {
			got[cur] += strings.TrimPrefix(b, "0x")
		}
	}
	return got
}
