package zigdiff

import (
	"encoding/hex"
	"testing"

	"github.com/dwarfscope/dwarfscope/linkcore"
)

// maskProgram holds bare unions whose fields are an optional function
// pointer and error unions, whose bytes other fields of the same union
// read as numbers.
const maskProgram = `fn f(x: u32) u32 {
    return x;
}
pub const U_1 = union { u0: ?*const fn (u32) u32, u1: error{ E3, E2 }!i7 };
pub var g_1: U_1 = .{ .u0 = &f };
pub var g_2: U_1 = .{ .u1 = error.E2 };
pub var g_3: U_1 = .{ .u1 = -3 };
pub const U_2 = union { u0: u128, u1: anyerror!*const u32 };
pub var g_4: U_2 = .{ .u1 = error.Oops };
pub var g_5: ?u16 = 7;
pub var g_6: error{A}!u32 = 5;
`

// maskZig is what Zig 0.11 (-O Debug, x86-64) stores for maskProgram's
// globals, as the harness prints std.mem.asBytes of each.
var maskZig = map[string]string{
	"g_1": "a00c2500000000000000000000000000",                 // address of f; safety tag 0 at 8
	"g_2": "19000000000000000100000000000000",                 // error.E2 is 0x19 in Zig; tag 1
	"g_3": "00007d00000000000100000000000000",                 // i7 -3 at 2; tag 1
	"g_4": "00000000000000001a000000000000000100000000000000", // error.Oops at 8; tag 1 at 16
	"g_5": "07000100",
	"g_6": "0500000000000000",
}

// TestMasks checks which bytes the value comparison skips: addresses
// and error codes (numbered differently by each compiler) also where
// another field of a bare union reads them as a number, and nothing
// else: the payloads of optionals and error unions inside bare unions
// and the unions' safety tags are compared.
func TestMasks(t *testing.T) {
	ourFacts := factsOf(t, maskProgram)
	zigFacts := func(global string, flip int) *Facts {
		f := newFacts()
		for g, h := range maskZig {
			b, err := hex.DecodeString(h)
			if err != nil {
				t.Fatal(err)
			}
			if g == global {
				b[flip] ^= 0x40
			}
			f.Globals[g] = b
		}
		return f
	}
	for _, tc := range []struct {
		global string
		byte   int
		differ bool
	}{
		{"", 0, false},    // Zig's own bytes
		{"g_1", 3, false}, // an address inside an optional inside a bare union
		{"g_1", 8, true},  // the safety tag
		{"g_2", 0, false}, // an error code that u0 reads as an address
		{"g_3", 2, true},  // an error union's payload inside a bare union
		{"g_3", 8, true},  // the safety tag
		{"g_4", 8, false}, // an error code that u0 reads as a number
		{"g_4", 16, true}, // the safety tag
		{"g_5", 0, true},  // an optional's payload
		{"g_5", 2, true},  // an optional's flag
		{"g_6", 0, true},  // an error union's payload
		{"g_6", 4, false}, // its error code
	} {
		var tl tally
		prog := Program{Seed: 1, Src: maskProgram}
		tl.compare(prog, "", zigFacts(tc.global, tc.byte), ours{facts: ourFacts})
		if got := tl.valueDiffs > 0; got != tc.differ {
			t.Errorf("Zig's bytes with %s byte %d changed: difference reported %v, want %v\n%s", tc.global, tc.byte, got, tc.differ, &tl)
		}
	}
}

// TestOrderDependentAlignments holds what Zig 0.11 (-O Debug, x86-64)
// prints for types whose @alignOf depends on the order it resolves types
// in: each before and after a variable of the type (or of T) is
// analysed, in otherwise identical programs. The comparison accepts
// either, and only for such types.
func TestOrderDependentAlignments(t *testing.T) {
	const src = `pub const T_1 = struct { a: u64 };
pub const S_1 = struct { x: anyerror![0]u24 };
pub const S_2 = struct { x: anyerror![0]T_1 };
pub const S_3 = struct { x: ?anyerror![0]T_1 };
pub const S_4 = struct { x: u32, y: anyerror![0]u8 };
pub var g_1: S_1 = .{ .x = error.Oops };
`
	f := factsOf(t, src)
	for _, tc := range []struct {
		key    string
		size   uint64
		aligns [2]uint64 // Zig's @alignOf before and after resolution
	}{
		{"S_1", 2, [2]uint64{2, 4}},   // @sizeOf 2, [2]S_1 is 4 bytes
		{"@g_1", 2, [2]uint64{2, 4}},  // the same type, through a global
		{"S_2.x", 2, [2]uint64{2, 8}}, // anyerror![0]T_1
		{"S_3.x", 4, [2]uint64{2, 8}}, // ?anyerror![0]T_1
		{"S_4", 8, [2]uint64{4, 4}},   // a field with bits decides
		{"T_1", 8, [2]uint64{8, 8}},   // no such type inside
	} {
		if got := f.Aligns[tc.key]; got != tc.aligns {
			t.Errorf("%s: alignments %v, Zig prints %v", tc.key, got, tc.aligns)
		}
		if got := f.Types[tc.key].Size; got != tc.size {
			t.Errorf("%s: size %d, Zig says %d", tc.key, got, tc.size)
		}
	}
}

// factsOf builds src as our object and reads its facts.
func factsOf(t *testing.T, src string) *Facts {
	t.Helper()
	res, err := linkcore.Build("facts.zig", []byte(src), linkcore.Options{Kind: linkcore.KindObject})
	if err != nil {
		t.Fatal(err)
	}
	f, err := OurFacts(res.ELF)
	if err != nil {
		t.Fatal(err)
	}
	return f
}
