package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// layoutDecls are container types the layout table refers to.
const layoutDecls = `
const E3 = enum { a, b, c };
const E32 = enum(u32) { a, b = 7 };
const Ei8 = enum(i8) { a = -1, b = 5 };
const P = packed struct { a: u3, b: u7, c: bool, d: E3 };
const P2 = packed struct { a: u33, b: u33 };
const U1 = union(enum) { a: u8, b: u64 };
const U2 = union(enum) { a: u8, b: u16 };
const U3 = union { a: u8, b: u16 };
const U4 = union(E3) { a: u32, b: void, c: u8 };
const U5 = union(enum) { a: u128, b: void };
const X = extern struct { a: u8, b: u32, c: u16 };
const A = struct { a: u8, b: u32, c: u16, d: [0]u64 };
const T = struct { u8, u32, u8 };
const Al = struct { a: u8 align(16), b: u32 };
const Node = struct { next: ?*Node, val: u32 };
const Empty = struct {};
const O = opaque {};
`

// TestLayout compares sizes and alignments with what Zig 0.11 prints
// for @sizeOf/@alignOf on x86_64-linux (alignments of zero-size types
// are 1 here where Zig says 0).
func TestLayout(t *testing.T) {
	tests := []struct {
		typ         string
		size, align uint64
	}{
		{"u0", 0, 1}, {"u1", 1, 1}, {"u24", 4, 4}, {"i24", 4, 4}, {"u33", 8, 8}, {"u64", 8, 8},
		{"u65", 16, 8}, {"u128", 16, 8}, {"u129", 24, 8}, {"u256", 32, 8}, {"u65535", 8192, 8},
		{"f16", 2, 2}, {"f32", 4, 4}, {"f64", 8, 8}, {"f80", 16, 16}, {"f128", 16, 16},
		{"bool", 1, 1}, {"void", 0, 1}, {"usize", 8, 8}, {"isize", 8, 8}, {"anyerror", 2, 2},
		{"*u8", 8, 8}, {"[*]u8", 8, 8}, {"[]u32", 16, 8}, {"[:0]u8", 16, 8}, {"*allowzero u8", 8, 8},
		{"*const volatile u8", 8, 8}, {"[]const u8", 16, 8},
		{"?u32", 8, 4}, {"?*u8", 8, 8}, {"?[]u8", 16, 8}, {"?*allowzero u8", 16, 8}, {"?bool", 2, 1},
		{"?u128", 24, 8}, {"?f80", 32, 16}, {"?void", 1, 1}, {"??u8", 3, 1}, {"?anyerror", 2, 2}, {"?u0", 1, 1},
		{"anyerror!u32", 8, 4}, {"anyerror!u8", 4, 2}, {"anyerror!void", 2, 2}, {"anyerror!u128", 24, 8},
		{"anyerror!u16", 4, 2}, {"error{A,B}!u64", 16, 8}, {"error{A}", 2, 2}, {"anyerror!?*u8", 16, 8},
		{"[3]u16", 6, 2}, {"[3:0]u16", 8, 2}, {"[0]u64", 0, 8}, {"[2][3]u8", 6, 1}, {"[4]u24", 16, 4},
		{"E3", 1, 1}, {"E32", 4, 4}, {"Ei8", 1, 1}, {"P", 2, 2}, {"P2", 16, 8},
		{"U1", 16, 8}, {"U2", 4, 2}, {"U4", 8, 4}, {"U5", 24, 8},
		{"X", 12, 4}, {"A", 8, 4}, {"T", 12, 4}, {"Al", 32, 16}, {"Node", 16, 8}, {"Empty", 0, 1},
		{"*const fn () void", 8, 8}, {"struct { u64 }", 8, 8}, {"O", 0, 1},
	}
	var src strings.Builder
	src.WriteString(layoutDecls)
	for i, tc := range tests {
		fmt.Fprintf(&src, "const L%d = %s;\n", i, tc.typ)
	}
	p, err := Compile("layout.zig", []byte(src.String()), target.X86_64)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*Decl{}
	for _, d := range p.Decls {
		byName[d.Name] = d
	}
	for i, tc := range tests {
		d := byName[fmt.Sprintf("L%d", i)]
		if d == nil || d.Value == nil {
			t.Errorf("%s: no type", tc.typ)
			continue
		}
		if got := d.Value; got.Size != tc.size || got.Align != tc.align {
			t.Errorf("%s: size/align %d/%d, want %d/%d", tc.typ, got.Size, got.Align, tc.size, tc.align)
		}
	}
}

// TestFieldOffsets checks field placement against Zig 0.11's @offsetOf
// and @bitOffsetOf.
func TestFieldOffsets(t *testing.T) {
	p, err := Compile("layout.zig", []byte(layoutDecls), nil)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]*Type{}
	for _, d := range p.Decls {
		types[d.Name] = d.Value
	}
	tests := []struct {
		typ     string
		offsets []uint64
		bits    bool
	}{
		{"P", []uint64{0, 3, 10, 11}, true},
		{"P2", []uint64{0, 33}, true},
		{"X", []uint64{0, 4, 8}, false},
		{"A", []uint64{6, 0, 4, 8}, false},
		{"T", []uint64{0, 4, 8}, false},
		{"Al", []uint64{16, 0}, false},
		{"Node", []uint64{0, 8}, false},
		{"U1", []uint64{0, 0}, false},
	}
	for _, tc := range tests {
		ty := types[tc.typ]
		var got []uint64
		for _, f := range ty.Fields {
			if tc.bits {
				got = append(got, f.BitOffset)
			} else {
				got = append(got, f.Offset)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.offsets) {
			t.Errorf("%s offsets %v, want %v", tc.typ, got, tc.offsets)
		}
	}
	// tags
	if u := types["U1"]; u.TagOffset != 8 || u.PayloadOffset != 0 || u.Tag.Name != "@typeInfo(layout.U1).Union.tag_type.?" || u.Tag.Tag.Bits != 1 {
		t.Errorf("U1 tag at %d payload at %d tag %s", u.TagOffset, u.PayloadOffset, u.Tag.Name)
	}
	if u := types["U4"]; u.Tag != types["E3"] || u.TagOffset != 4 || u.Fields[2].Value.Int64() != 2 {
		t.Errorf("U4 tag %v at %d", u.Tag, u.TagOffset)
	}
	// Zig 0.11 -O Debug: @sizeOf(U3) is 4, its hidden safety tag after the payload
	if u := types["U3"]; u.Tag != nil || u.Size != 4 || u.SafetyTag == nil || u.SafetyTag.Bits != 1 || u.TagOffset != 2 {
		t.Errorf("bare union: tag %v size %d safety tag %v at %d", u.Tag, u.Size, u.SafetyTag, u.TagOffset)
	}
	if e := types["E3"]; e.Tag.Name != "u2" || e.Fields[2].Value.Int64() != 2 {
		t.Errorf("E3 tag %s", e.Tag.Name)
	}
	if e := types["Ei8"]; e.Tag.Name != "i8" || e.Fields[0].Value.Int64() != -1 {
		t.Errorf("Ei8 tag %s", e.Tag.Name)
	}
	if p := types["P"]; p.Tag.Name != "u13" || p.BitSize != 13 {
		t.Errorf("P backing %s bits %d", p.Tag.Name, p.BitSize)
	}
	if !types["T"].Tuple {
		t.Errorf("T is not a tuple")
	}
}

// TestLayout32 checks pointer-sized types on a 32-bit target.
func TestLayout32(t *testing.T) {
	p, err := Compile("l.zig", []byte("const A = []u8; const B = ?*u8; const C = usize; const D = struct { a: u8, p: *u8 };"), target.X86)
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]uint64{{8, 4}, {4, 4}, {4, 4}, {8, 4}}
	for i, d := range p.Decls {
		if d.Value.Size != want[i][0] || d.Value.Align != want[i][1] {
			t.Errorf("%s: %d/%d, want %v", d.Value.Name, d.Value.Size, d.Value.Align, want[i])
		}
	}
}
