// Package leb128 encodes and decodes LEB128 numbers, the variable-length
// integers of DWARF (DWARF 5 §7.6) and of the WebAssembly binary format.
//
// Every encoder and decoder of the module uses this package: the DWARF
// emitter and reader, and the WebAssembly container and code generator.
package leb128

import "math/big"

// AppendUnsigned appends v as an unsigned LEB128 number.
func AppendUnsigned(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// AppendSigned appends v as a signed LEB128 number.
func AppendSigned(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 && c&0x40 == 0 || v == -1 && c&0x40 != 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// UnsignedLen returns the number of bytes AppendUnsigned writes for v.
func UnsignedLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// PutUnsignedFixed writes v into all of dst as an unsigned LEB128 number
// stretched to exactly len(dst) bytes with redundant continuation bytes,
// so that a later value can overwrite it in place. v must fit in
// 7*len(dst) bits.
func PutUnsignedFixed(dst []byte, v uint64) {
	for i := range dst {
		c := byte(v & 0x7f)
		v >>= 7
		if i < len(dst)-1 {
			c |= 0x80
		}
		dst[i] = c
	}
}

// AppendBig appends v as a signed (signed true) or unsigned LEB128 number
// of any size. An unsigned encoding of a negative v is not defined; it is
// written as the signed one.
func AppendBig(b []byte, v *big.Int, signed bool) []byte {
	if v.IsInt64() {
		if signed {
			return AppendSigned(b, v.Int64())
		}
		if v.Sign() >= 0 {
			return AppendUnsigned(b, v.Uint64())
		}
	}
	if v.IsUint64() && !signed {
		return AppendUnsigned(b, v.Uint64())
	}
	// General case: two's complement, 7 bits at a time.
	x := new(big.Int).Set(v)
	mask := big.NewInt(0x7f)
	minusOne := big.NewInt(-1)
	var c big.Int
	for {
		c.And(x, mask)
		x.Rsh(x, 7) // arithmetic shift: rounds toward -inf
		byt := byte(c.Uint64())
		var done bool
		if signed {
			done = x.Sign() == 0 && byt&0x40 == 0 || x.Cmp(minusOne) == 0 && byt&0x40 != 0
		} else {
			done = x.Sign() == 0
		}
		if done {
			return append(b, byt)
		}
		b = append(b, byt|0x80)
	}
}

// ReadUnsigned decodes an unsigned LEB128 number at b[off:]. n is the
// number of bytes read, 0 when the data ends first. Bits beyond 64 are
// dropped.
func ReadUnsigned(b []byte, off uint64) (v uint64, n int) {
	var shift uint
	for i := off; i < uint64(len(b)); i++ {
		c := b[i]
		if shift < 64 {
			v |= uint64(c&0x7f) << shift
		}
		shift += 7
		if c&0x80 == 0 {
			return v, int(i - off + 1)
		}
	}
	return 0, 0
}

// ReadSigned decodes a signed LEB128 number at b[off:]. n is the number of
// bytes read, 0 when the data ends first. Bits beyond 64 are dropped.
func ReadSigned(b []byte, off uint64) (v int64, n int) {
	var shift uint
	for i := off; i < uint64(len(b)); i++ {
		c := b[i]
		if shift < 64 {
			v |= int64(c&0x7f) << shift
		}
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v, int(i - off + 1)
		}
	}
	return 0, 0
}
