package leb128

import (
	"bytes"
	"math"
	"math/big"
	"testing"
)

// The examples of DWARF 5 §7.6, Figures 7.23 and 7.24.
func TestDWARFExamples(t *testing.T) {
	unsigned := []struct {
		v    uint64
		want []byte
	}{
		{2, []byte{2}}, {127, []byte{127}}, {128, []byte{0x80, 1}},
		{129, []byte{0x81, 1}}, {130, []byte{0x82, 1}}, {12857, []byte{0xb9, 100}},
	}
	for _, c := range unsigned {
		got := AppendUnsigned(nil, c.v)
		if !bytes.Equal(got, c.want) {
			t.Errorf("AppendUnsigned(%d) = % x, want % x", c.v, got, c.want)
		}
		if n := UnsignedLen(c.v); n != len(c.want) {
			t.Errorf("UnsignedLen(%d) = %d, want %d", c.v, n, len(c.want))
		}
		if v, n := ReadUnsigned(got, 0); v != c.v || n != len(got) {
			t.Errorf("ReadUnsigned(% x) = %d, %d", got, v, n)
		}
	}
	signed := []struct {
		v    int64
		want []byte
	}{
		{2, []byte{2}}, {-2, []byte{0x7e}}, {127, []byte{0xff, 0}}, {-127, []byte{0x81, 0x7f}},
		{128, []byte{0x80, 1}}, {-128, []byte{0x80, 0x7f}}, {129, []byte{0x81, 1}}, {-129, []byte{0xff, 0x7e}},
	}
	for _, c := range signed {
		got := AppendSigned(nil, c.v)
		if !bytes.Equal(got, c.want) {
			t.Errorf("AppendSigned(%d) = % x, want % x", c.v, got, c.want)
		}
		if v, n := ReadSigned(got, 0); v != c.v || n != len(got) {
			t.Errorf("ReadSigned(% x) = %d, %d", got, v, n)
		}
	}
}

func TestBigAgreesWithFixedWidth(t *testing.T) {
	for _, v := range []int64{0, 1, -1, 63, 64, -64, -65, math.MaxInt64, math.MinInt64} {
		if got, want := AppendBig(nil, big.NewInt(v), true), AppendSigned(nil, v); !bytes.Equal(got, want) {
			t.Errorf("AppendBig(%d, signed) = % x, want % x", v, got, want)
		}
	}
	for _, v := range []uint64{0, 1, 127, 128, math.MaxUint64} {
		if got, want := AppendBig(nil, new(big.Int).SetUint64(v), false), AppendUnsigned(nil, v); !bytes.Equal(got, want) {
			t.Errorf("AppendBig(%d, unsigned) = % x, want % x", v, got, want)
		}
	}
	// 2^70 - 1 and -2^70 need eleven bytes.
	wide := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 70), big.NewInt(1))
	if got := AppendBig(nil, wide, false); len(got) != 10 || got[9] != 0x7f {
		t.Errorf("AppendBig(2^70-1) = % x", got)
	}
	neg := new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 70))
	if got := AppendBig(nil, neg, true); len(got) != 11 || got[10] != 0x7f {
		t.Errorf("AppendBig(-2^70) = % x", got)
	}
}

func TestFixedAndTruncated(t *testing.T) {
	dst := make([]byte, 4)
	PutUnsignedFixed(dst, 300)
	if v, n := ReadUnsigned(dst, 0); v != 300 || n != 4 {
		t.Errorf("fixed 300 reads as %d in %d bytes (% x)", v, n, dst)
	}
	if _, n := ReadUnsigned([]byte{0x80, 0x80}, 0); n != 0 {
		t.Errorf("truncated unsigned read %d bytes", n)
	}
	if _, n := ReadSigned([]byte{0xff}, 0); n != 0 {
		t.Errorf("truncated signed read %d bytes", n)
	}
}
