package corpus

import (
	"fmt"
	"math/big"
	"strings"
)

// typeKind says what a generated type is.
type typeKind uint8

const (
	tInt typeKind = iota
	tFloat
	tBool
	tVoid
	tPtr      // *T, *const T
	tManyPtr  // [*]T
	tSlice    // []T, []const T, [:0]const u8
	tArray    // [N]T, [N:0]T
	tOptional // ?T
	tErrSet   // named error{...} or anyerror
	tErrUnion // E!T
	tStruct   // named struct (auto/extern/packed)
	tTuple    // struct { A, B }
	tEnum     // named enum
	tUnion    // named union
	tFnPtr    // ?*const fn (...) R (only as optional)
)

// gtype is a type the generator has spelled out, with what it needs to
// make values of it.
type gtype struct {
	kind   typeKind
	text   string // Zig spelling
	bits   int
	signed bool
	elem   *gtype
	n      int  // array length
	sent   bool // sentinel-terminated
	isC    bool // *const T
	// struct, tuple and union fields; enum values
	fields []gfield
	layout string // "", "extern", "packed"
	// enums: field names; error sets: error names (nil: anyerror)
	names []string
	// unions: "bare", "enum", "tagged"
	tagMode string
	// errUnion: the error set
	errSet *gtype
}

type gfield struct {
	name string
	typ  *gtype
	def  string // default value, "" for none
}

func intText(signed bool, bits int) string {
	if signed {
		return fmt.Sprintf("i%d", bits)
	}
	return fmt.Sprintf("u%d", bits)
}

// intRange returns the smallest and largest value of an integer type.
func intRange(signed bool, bits int) (lo, hi *big.Int) {
	if bits == 0 {
		return big.NewInt(0), big.NewInt(0)
	}
	if signed {
		hi = new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
		lo = new(big.Int).Neg(hi)
		hi.Sub(hi, big.NewInt(1))
		return lo, hi
	}
	hi = new(big.Int).Lsh(big.NewInt(1), uint(bits))
	return big.NewInt(0), hi.Sub(hi, big.NewInt(1))
}

// fits reports whether v is a value of the integer type.
func fits(v *big.Int, signed bool, bits int) bool {
	lo, hi := intRange(signed, bits)
	return v.Cmp(lo) >= 0 && v.Cmp(hi) <= 0
}

// wrap reduces v to the integer type, two's complement.
func wrap(v *big.Int, signed bool, bits int) *big.Int {
	if bits == 0 {
		return big.NewInt(0)
	}
	m := new(big.Int).Lsh(big.NewInt(1), uint(bits))
	r := new(big.Int).Mod(v, m)
	if signed {
		half := new(big.Int).Rsh(m, 1)
		if r.Cmp(half) >= 0 {
			r.Sub(r, m)
		}
	}
	return r
}

// tupleText spells a tuple type.
func tupleText(elems []*gtype) string {
	var parts []string
	for _, e := range elems {
		parts = append(parts, e.text)
	}
	return "struct { " + strings.Join(parts, ", ") + " }"
}
