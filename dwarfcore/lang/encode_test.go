package lang

import (
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// TestEncode checks the bytes of initial values; float and union
// expectations were printed by Zig 0.11 (std.mem.asBytes).
func TestEncode(t *testing.T) {
	tests := []struct{ typ, val, want string }{
		{"u8", "255", "ff"},
		{"i8", "-128", "80"},
		{"u24", "0x123456", "56341200"},
		{"i24", "-2", "feffff00"}, // Zig leaves the bits above 24 zero
		{"i1", "-1", "01"},
		{"u65", "1 << 64", "00000000000000000100000000000000"},
		{"u64", "0x1122_3344_5566_7788", "8877665544332211"},
		{"u32", "0o17 + 0b101", "14000000"},
		{"u8", "y +% 100", "2c"},
		{"u8", "y *% 3 -% 1", "57"},
		{"i8", "-%z", "80"},
		{"u8", "~y", "37"},
		{"u16", "(3 + 4) * 5 - 1", "2200"},
		{"bool", "true", "01"},
		{"f16", "0x1.8p-3", "0032"},
		{"f16", "42.625", "5451"},
		{"f32", "1.0e-40", "c2160100"},
		{"f32", "-2730.65625", "80aa2ac5"},
		{"f64", "0.1", "9a9999999999b93f"},
		{"f80", "0.1", "cdccccccccccccccfb3f000000000000"},
		{"f128", "0.1", "9a99999999999999999999999999fb3f"},
		{"f64", "1", "000000000000f03f"},
		{"f32", "-0.0", "00000080"},
		{"?u32", "null", "0000000000000000"},
		{"?u32", "5", "0500000001000000"},
		{"?bool", "false", "0001"},
		{"?*u8", "null", "0000000000000000"},
		{"?[]u8", "null", "00000000000000000000000000000000"},
		{"anyerror!u32", "error.Oops", "0000000001000000"},
		{"anyerror!u32", "9", "0900000000000000"},
		{"anyerror!u8", "7", "00000700"},
		{"anyerror!u8", "error.Oops", "01000000"},
		{"anyerror", "error.Oops", "0100"},
		{"error{A,B}!u64", "error.B", "00000000000000000200000000000000"},
		{"E32", ".b", "07000000"},
		{"Ei8", ".a", "ff"},
		{"P", ".{ .a = 5, .b = 100, .c = true, .d = .c }", "2517"},
		{"P2", ".{ .a = 1, .b = 1 }", "01000000020000000000000000000000"},
		{"U1", ".{ .b = 0x1122334455667788 }", "88776655443322110100000000000000"},
		{"U2", ".{ .b = 0x1122 }", "22110100"},
		{"U4", ".b", "0000000001000000"},
		{"X", ".{ .a = 1, .b = 2, .c = 3 }", "010000000200000003000000"},
		{"T", ".{ 1, 2, 3 }", "010000000200000003000000"},
		{"[3:0]u16", ".{ 1, 2, 3 }", "0100020003000000"},
		{"[2][3]u8", ".{ .{ 1, 2, 3 }, .{ 4, 5, 6 } }", "010203040506"},
		{"u32", "undefined", "aaaaaaaa"},
		{"S", ".{ .a = undefined }", "aaaaaaaa09000000"},
		{"void", "{}", ""},
		{"u65535", "1 << 65534", strings.Repeat("00", 8191) + "40"},
	}
	// What the target changes: byte order and the size of usize.
	onTarget := []struct {
		arch           *target.Arch
		typ, val, want string
	}{
		{target.S390X, "u64", "0x1122_3344_5566_7788", "1122334455667788"},
		{target.X86, "usize", "7", "07000000"},
	}
	check := func(arch *target.Arch, typ, val, want string) {
		t.Helper()
		on := "the default target"
		if arch != nil {
			on = arch.Name
		}
		src := layoutDecls + "const S = struct { a: u32, b: u16 = 9, c: u8 = 0 };\nconst y: u8 = 200;\nconst z: i8 = -128;\n" +
			fmt.Sprintf("const x: %s = %s;\n", typ, val)
		p, err := Compile("enc.zig", []byte(src), arch)
		if err != nil {
			t.Errorf("%s = %s on %s: %v", typ, val, on, err)
			return
		}
		d := p.Decls[len(p.Decls)-1]
		b, _ := p.Types.Encode(d.Init)
		if got := hex.EncodeToString(b); got != want {
			t.Errorf("%s = %s on %s:\n got %s\nwant %s", typ, val, on, got, want)
		}
	}
	for _, tc := range tests {
		check(nil, tc.typ, tc.val, tc.want)
	}
	for _, tc := range onTarget {
		check(tc.arch, tc.typ, tc.val, tc.want)
	}
}

// TestEncodeRelocs checks addresses: pointers, slices of globals and of
// string literals, and optional pointers.
func TestEncodeRelocs(t *testing.T) {
	src := `
var arr: [4]u32 = .{ 1, 2, 3, 4 };
const S = struct { a: u8, b: u64 };
var s: S = .{ .a = 1, .b = 2 };
const p: *u32 = &arr[2];
const sl: []const u32 = &arr;
const str: []const u8 = "hi";
const op: ?*S = &s;
const pb: *u64 = &s.b;
const cstr: [*:0]const u8 = "abc";
`
	p, err := Compile("r.zig", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, wantBytes string, target string, addend int64) {
		t.Helper()
		d := declNamed(p, "r."+name)
		b, r := p.Types.Encode(d.Init)
		if hex.EncodeToString(b) != wantBytes || len(r) != 1 || r[0].Off != 0 || r[0].Size != 8 || r[0].Addend != addend {
			t.Errorf("%s: %x %+v", name, b, r)
			return
		}
		got := ""
		if r[0].Target != nil {
			got = r[0].Target.Name
		} else if r[0].TargetAnon != nil {
			got = r[0].TargetAnon.Name
		}
		if got != target {
			t.Errorf("%s points at %s, want %s", name, got, target)
		}
	}
	check("p", "0000000000000000", "arr", 8)
	check("sl", "00000000000000000400000000000000", "arr", 0)
	check("str", "00000000000000000200000000000000", "__anon_0", 0)
	check("op", "0000000000000000", "s", 0)
	check("pb", "0000000000000000", "s", 0)
	check("cstr", "0000000000000000", "__anon_1", 0)
	if len(p.Anons) != 2 || p.Anons[0].Type.Name != "[2:0]u8" {
		t.Fatalf("anons %+v", p.Anons)
	}
	b, _ := p.Types.Encode(p.Anons[0].Value)
	if hex.EncodeToString(b) != "686900" {
		t.Errorf("anon bytes %x", b)
	}
	if s := declNamed(p, "r.S").Value; s.Fields[1].Offset != 0 {
		t.Errorf("S.b at %d", s.Fields[1].Offset)
	}
}

// TestFloatRounding checks round-to-nearest-even at the edges of f16:
// subnormals, the largest finite value and overflow to infinity.
func TestFloatRounding(t *testing.T) {
	tests := []struct{ val, want string }{
		{"0x1p-24", "0100"},       // smallest subnormal
		{"0x1p-25", "0000"},       // half of it: ties to even (0)
		{"0x1.8p-24", "0200"},     // 1.5 ulp: ties to even (2)
		{"65504", "ff7b"},         // largest finite
		{"65520", "007c"},         // rounds up to infinity
		{"0x1.ffcp-15", "0004"},   // rounds up to the smallest normal
		{"1.0009765625", "013c"},  // 1 + 2^-10
		{"1.00048828125", "003c"}, // 1 + 2^-11: tie, to even
	}
	for _, tc := range tests {
		p, err := Compile("f.zig", []byte("const x: f16 = "+tc.val+";"), nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := p.Types.Encode(p.Decls[0].Init)
		if got := hex.EncodeToString(b); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.val, got, tc.want)
		}
	}
}
