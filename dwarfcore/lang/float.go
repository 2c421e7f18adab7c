package lang

import "math/big"

// floatFormat gives the exponent and fraction widths of an IEEE-style
// binary float of the given size. f80 is the x87 extended format, whose
// integer bit is explicit.
func floatFormat(bits uint32) (expBits, fracBits uint) {
	switch bits {
	case 16:
		return 5, 10
	case 32:
		return 8, 23
	case 64:
		return 11, 52
	case 80:
		return 15, 63
	}
	return 15, 112
}

// roundHalfEven rounds a non-negative x to the nearest integer, ties to
// even.
func roundHalfEven(x *big.Float) *big.Int {
	i, _ := x.Int(nil)
	prec := max(x.Prec(), uint(i.BitLen())) + 64
	fi := new(big.Float).SetPrec(prec).SetInt(i)
	frac := new(big.Float).SetPrec(prec).Sub(x, fi)
	switch frac.Cmp(big.NewFloat(0.5)) {
	case 1:
		i.Add(i, big.NewInt(1))
	case 0:
		if i.Bit(0) == 1 {
			i.Add(i, big.NewInt(1))
		}
	}
	return i
}

// floatParts rounds f (correctly, ties to even) to the format of an
// N-bit float and returns its sign, biased exponent field and fraction
// field (without the integer bit). Overflow gives infinity.
func floatParts(f *big.Float, bits uint32) (neg bool, exp uint64, frac *big.Int) {
	expBits, fracBits := floatFormat(bits)
	neg = f.Signbit()
	frac = new(big.Int)
	maxExp := uint64(1)<<expBits - 1
	if f.IsInf() {
		return neg, maxExp, frac
	}
	a := new(big.Float).SetPrec(max(f.Prec(), 64)).Abs(f)
	if a.Sign() == 0 {
		return neg, 0, frac
	}
	bias := 1<<(expBits-1) - 1
	e := a.MantExp(nil) - 1 // a is in [2^e, 2^(e+1))
	if e < 1-bias {
		q := roundHalfEven(new(big.Float).SetMantExp(a, bias-1+int(fracBits)))
		if q.BitLen() > int(fracBits) {
			return neg, 1, frac
		}
		return neg, 0, q
	}
	q := roundHalfEven(new(big.Float).SetMantExp(a, int(fracBits)-e))
	if q.BitLen() > int(fracBits)+1 {
		q.Rsh(q, 1)
		e++
	}
	if e > bias {
		return neg, maxExp, frac
	}
	frac = q.SetBit(q, int(fracBits), 0)
	return neg, uint64(e + bias), frac
}

// floatBits returns the bit pattern of f rounded to an N-bit float, as
// an unsigned integer of N bits.
func floatBits(f *big.Float, bits uint32) *big.Int {
	neg, exp, frac := floatParts(f, bits)
	_, fracBits := floatFormat(bits)
	r := new(big.Int).Set(frac)
	if bits == 80 && exp != 0 {
		r.SetBit(r, 63, 1) // the explicit integer bit
	}
	r.Or(r, new(big.Int).Lsh(new(big.Int).SetUint64(exp), fracBits+boolBit(bits == 80)))
	if neg {
		r.SetBit(r, int(bits)-1, 1)
	}
	return r
}

func boolBit(b bool) uint {
	if b {
		return 1
	}
	return 0
}

// roundFloat returns f rounded to an N-bit float, as a big.Float.
func roundFloat(f *big.Float, bits uint32) *big.Float {
	neg, exp, frac := floatParts(f, bits)
	expBits, fracBits := floatFormat(bits)
	bias := 1<<(expBits-1) - 1
	r := new(big.Float).SetPrec(uint(fracBits) + 1)
	switch {
	case exp == uint64(1)<<expBits-1:
		r.SetInf(neg)
		return r
	case exp == 0:
		r.SetInt(frac)
		r.SetMantExp(r, 1-bias-int(fracBits))
	default:
		m := new(big.Int).SetBit(frac, int(fracBits), 1)
		r.SetInt(m)
		r.SetMantExp(r, int(exp)-bias-int(fracBits))
	}
	if neg {
		r.Neg(r)
	}
	return r
}
