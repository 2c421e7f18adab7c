package lang

import (
	"context"
	"fmt"
	"math/big"
)

// Encode returns the bytes of v as they lie in memory on the target:
// v.Type's ABI size in the target's byte order, with padding zero,
// integers in two's complement over their bit size and the bits above
// it zero (as Zig stores them), undefined as 0xaa bytes, and the addresses of declarations
// or anonymous data as DataRelocs over zero bytes.
func (ts *Types) Encode(v *Value) ([]byte, []DataReloc) {
	b, r, _ := ts.EncodeContext(context.Background(), v)
	return b, r
}

// EncodeContext is Encode stopped once ctx is done: it looks at ctx
// every encodeCheckEvery values and, once ctx is done, returns an error
// that wraps ctx's error (and no bytes).
func (ts *Types) EncodeContext(ctx context.Context, v *Value) ([]byte, []DataReloc, error) {
	if v == nil || v.Type == nil {
		return nil, nil, nil
	}
	e := &encoder{ts: ts, ctx: ctx}
	if e.stopped() {
		return nil, nil, e.err
	}
	e.buf = make([]byte, v.Type.Size)
	e.put(v, v.Type, 0)
	if e.err != nil {
		return nil, nil, e.err
	}
	return e.buf, e.relocs, nil
}

// encodeCheckEvery is how many values the encoder writes between two
// looks at its context: often enough to stop within microseconds, rarely
// enough not to show in the time of an encoding.
const encodeCheckEvery = 1024

type encoder struct {
	ts     *Types
	buf    []byte
	relocs []DataReloc
	// ctx stops the encoding; values counts the values put so far and
	// err is set once ctx was found done.
	ctx    context.Context
	values int
	err    error
}

// stopped reports whether the encoding must stop: it looks at e.ctx
// every encodeCheckEvery calls (and at the first), and once e.ctx is
// done it sets e.err.
func (e *encoder) stopped() bool {
	if e.err != nil {
		return true
	}
	e.values++
	if e.values%encodeCheckEvery != 1 || e.ctx == nil {
		return false
	}
	if err := e.ctx.Err(); err != nil {
		e.err = fmt.Errorf("lang: encoding stopped after %d values: %w", e.values-1, err)
		return true
	}
	return false
}

// putInt writes the low size bytes of the two's complement of x.
func (e *encoder) putInt(x *big.Int, size, off uint64) {
	if size == 0 || off+size > uint64(len(e.buf)) {
		return
	}
	u := x
	if x.Sign() < 0 {
		u = new(big.Int).Add(x, new(big.Int).Lsh(big.NewInt(1), uint(size*8)))
	}
	b := u.Bytes() // big-endian
	dst := e.buf[off : off+size]
	for i := range dst {
		dst[i] = 0
	}
	if x.Sign() < 0 {
		for i := range dst {
			dst[i] = 0xff
		}
	}
	for i := 0; i < len(b) && uint64(i) < size; i++ {
		byteVal := b[len(b)-1-i] // i-th least significant byte
		if e.ts.Arch.BigEndian {
			dst[size-1-uint64(i)] = byteVal
		} else {
			dst[i] = byteVal
		}
	}
}

func (e *encoder) fill(off, size uint64, b byte) {
	end := min(off+size, uint64(len(e.buf)))
	for i := off; i < end; i++ {
		e.buf[i] = b
	}
}

func (e *encoder) addr(v *Value, off uint64) {
	if v.Target == nil && v.TargetAnon == nil {
		if v.Int != nil {
			e.putInt(v.Int, uint64(e.ts.Arch.PtrSize), off)
		}
		return
	}
	e.relocs = append(e.relocs, DataReloc{Off: off, Size: e.ts.Arch.PtrSize,
		Target: v.Target, TargetAnon: v.TargetAnon, Addend: int64(v.Offset)})
}

func (e *encoder) put(v *Value, t *Type, off uint64) {
	// A zero-size value has no bytes; its elements (which may number
	// 2^depth for nested zero-size aggregates) are not walked.
	if v == nil || t.Size == 0 || e.stopped() {
		return
	}
	if v.Kind == ValUndef {
		e.fill(off, t.Size, 0xaa)
		return
	}
	switch t.Kind {
	case KindInt, KindEnum, KindErrorSet:
		if v.Int != nil {
			e.putInt(intBits(v.Int, t), t.Size, off)
		}
	case KindBool:
		if v.Bool {
			e.putInt(big.NewInt(1), 1, off)
		}
	case KindFloat:
		if v.Float == nil {
			return
		}
		bits := floatBits(v.Float, t.Bits)
		if t.Bits == 80 {
			// ten bytes of x87 extended precision, then padding
			e.putInt(bits, 10, off)
			return
		}
		e.putInt(bits, t.Size, off)
	case KindPointer:
		switch v.Kind {
		case ValAddr:
			e.addr(v, off)
		case ValSlice:
			e.addr(v, off)
			p := uint64(e.ts.Arch.PtrSize)
			e.putInt(new(big.Int).SetUint64(v.Len), p, off+p)
		case ValInt:
			e.putInt(v.Int, t.Size, off)
		}
	case KindOptional:
		switch {
		case v.Kind == ValNull:
			// all zero: a null pointer, or a clear tag byte
		case v.Kind == ValSome && len(v.Elems) > 0:
			e.put(v.Elems[0], t.Elem, off)
			if !OptionalIsPointer(t.Elem) && t.Size > t.Elem.Size {
				e.buf[off+t.Elem.Size] = 1
			}
		}
	case KindErrorUnion:
		switch {
		case v.Kind == ValErrorCode && v.Int != nil:
			e.putInt(v.Int, t.ErrSet.Size, off+ErrUnionErrorOffset(t))
		case v.Kind == ValPayload && len(v.Elems) > 0:
			e.put(v.Elems[0], t.Elem, off+ErrUnionPayloadOffset(t))
		}
	case KindArray:
		if v.Kind == ValAggregate {
			for i, el := range v.Elems {
				e.put(el, t.Elem, off+uint64(i)*t.Elem.Size)
			}
		}
		if t.Sentinel != nil {
			e.put(&Value{Kind: ValInt, Type: t.Elem, Int: t.Sentinel}, t.Elem, off+t.Len*t.Elem.Size)
		}
	case KindStruct:
		if v.Kind != ValAggregate {
			return
		}
		if t.Layout == LayoutPacked {
			e.putInt(packedBits(v, t), t.Size, off)
			return
		}
		for i, f := range t.Fields {
			if i < len(v.Elems) && !f.Comptime {
				e.put(v.Elems[i], f.Type, off+f.Offset)
			}
		}
	case KindUnion:
		if v.Kind != ValUnion || v.Field < 0 || v.Field >= len(t.Fields) {
			return
		}
		if t.Layout == LayoutPacked {
			e.putInt(fieldBits(v, t), t.Size, off)
			return
		}
		f := t.Fields[v.Field]
		if len(v.Elems) > 0 {
			e.put(v.Elems[0], f.Type, off+t.PayloadOffset)
		}
		if t.SafetyTag != nil && t.SafetyTag.HasBits() {
			e.putInt(big.NewInt(int64(v.Field)), t.SafetyTag.Size, off+t.TagOffset)
		}
		if t.Tag != nil && t.Tag.HasBits() && f.Value != nil {
			e.putInt(intBits(f.Value, t.Tag), t.Tag.Size, off+t.TagOffset)
		}
	}
}

// intBits returns the integer x of type t (an integer, or an enum or
// error set over one) as the bits Zig stores: a negative value in two's
// complement over t's bit size, the bits above it (up to the ABI size)
// zero, as Zig leaves them (`i5` -2 is 0x1e).
func intBits(x *big.Int, t *Type) *big.Int {
	if x.Sign() >= 0 {
		return x
	}
	bits := t.BitSize
	if t.Kind == KindInt {
		bits = uint64(t.Bits)
	}
	if bits == 0 || bits >= t.Size*8 {
		return x
	}
	return new(big.Int).Add(x, new(big.Int).Lsh(big.NewInt(1), uint(bits)))
}

// packedBits returns the backing integer of a packed struct value: each
// field's bits at its bit offset.
func packedBits(v *Value, t *Type) *big.Int {
	r := new(big.Int)
	for i, f := range t.Fields {
		if i >= len(v.Elems) {
			break
		}
		fb := fieldBits(v.Elems[i], f.Type)
		r.Or(r, fb.Lsh(fb, uint(f.BitOffset)))
	}
	return r
}

// fieldBits returns a packed field's value as an unsigned integer of
// t.BitSize bits.
func fieldBits(v *Value, t *Type) *big.Int {
	n := uint(t.BitSize)
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), n), big.NewInt(1))
	var x *big.Int
	switch {
	case v == nil:
		x = new(big.Int)
	case v.Kind == ValUndef:
		x = new(big.Int) // Zig 0.11 leaves an undefined packed field's bits zero
	case t.Kind == KindBool:
		x = new(big.Int)
		if v.Bool {
			x.SetInt64(1)
		}
	case t.Kind == KindFloat && v.Float != nil:
		x = floatBits(v.Float, t.Bits)
	case t.Kind == KindStruct && v.Kind == ValAggregate:
		x = packedBits(v, t)
	case t.Kind == KindUnion && v.Kind == ValUnion && v.Field >= 0 && v.Field < len(t.Fields) && len(v.Elems) > 0:
		x = fieldBits(v.Elems[0], t.Fields[v.Field].Type)
	case v.Int != nil:
		x = new(big.Int).Set(v.Int)
	default:
		x = new(big.Int)
	}
	return x.And(x, mask)
}
