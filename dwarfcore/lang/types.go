package lang

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/align"
)

// Kind says what sort of type a Type is.
type Kind uint8

// The kinds of type.
const (
	KindVoid       Kind = iota
	KindBool            // bool
	KindInt             // uN, iN, usize, isize
	KindFloat           // f16 f32 f64 f80 f128
	KindNoreturn        // noreturn
	KindNull            // @TypeOf(null): the payload-less half of an optional
	KindType            // type: comptime only
	KindErrorSet        // error{...} and anyerror
	KindPointer         // *T, [*]T, []T (PtrSize says which)
	KindArray           // [N]T, [N:s]T
	KindOptional        // ?T
	KindErrorUnion      // E!T
	KindStruct          // struct, extern struct, packed struct, tuples
	KindEnum            // enum(T)
	KindUnion           // union, union(enum), union(E)
	KindOpaque          // opaque {}
	KindFn              // fn (...) R
)

// PtrSize distinguishes the pointer kinds.
type PtrSize uint8

// The pointer kinds.
const (
	PtrOne   PtrSize = iota // *T
	PtrMany                 // [*]T
	PtrSlice                // []T
)

// Layout is a struct's memory layout.
type Layout uint8

// The struct layouts.
const (
	LayoutAuto   Layout = iota // fields may be reordered
	LayoutExtern               // C layout, declaration order
	LayoutPacked               // bit-packed into a backing integer
)

// CallConv is a function's calling convention.
type CallConv uint8

// The calling conventions.
const (
	CallConvAuto CallConv = iota // Zig's own (unspecified)
	CallConvC                    // callconv(.C): System V on x86-64
)

// Type is a checked type. Types are interned by a Types table, so two
// structurally identical anonymous types are the same *Type, and pointer
// equality is type identity.
type Type struct {
	Kind Kind
	// Name is the type's name as Zig prints it: "u32", "?*const u8",
	// "[]u32", "anyerror!u32", "basic.Basic".
	Name string
	// ID is the type's index in its Types table (creation order).
	ID int

	// Size and Align are the ABI size and alignment in bytes; BitSize is
	// @bitSizeOf. Align is at least 1.
	Size, Align, BitSize uint64

	// Int: Signed and Bits. Float: Bits.
	Signed bool
	Bits   uint32

	// Elem is the pointee (pointers), element (arrays), payload (optionals,
	// error unions) or return type (functions).
	Elem *Type
	// Pointer attributes.
	Ptr       PtrSize
	Const     bool
	Volatile  bool
	AllowZero bool
	// PtrAlign is an explicit pointer alignment, 0 for the natural one.
	PtrAlign uint64
	// Sentinel is the sentinel value of [N:s]T, [:s]T and [*:s]T, or nil.
	Sentinel *big.Int

	// Len is an array's element count.
	Len uint64

	// ErrSet is an error union's error set.
	ErrSet *Type
	// Errors are an error set's names; nil for anyerror (IsAnyerror).
	Errors     []string
	IsAnyerror bool

	// Container types (struct, enum, union, opaque).
	Layout Layout
	Tuple  bool
	Fields []*Field
	// Tag is an enum's tag integer type, a packed struct's backing
	// integer, or a tagged union's enum tag type (nil for bare unions).
	Tag *Type
	// TagGenerated is set on the enum of a union(enum), which has no name
	// of its own in the source.
	TagGenerated bool
	// Decl is the declaration that names this container type, if any.
	Decl *Decl
	// Scope holds the container's member declarations, in source order.
	Scope []*Decl
	// Namespace is the file's root struct, or a struct with no fields.
	Namespace bool
	// Unions: TagOffset and PayloadOffset within the union.
	TagOffset, PayloadOffset uint64
	// SafetyTag is the hidden tag Zig gives a bare (auto-layout) union
	// in Debug builds: an unsigned integer holding the index of the
	// active field, laid out like a union(enum)'s tag (at TagOffset).
	// Nil for tagged, extern and packed unions.
	SafetyTag *Type

	// Functions: Params, Elem (return type) and CC.
	Params []*Type
	CC     CallConv

	// Resolved reports whether a container's layout has been computed.
	Resolved bool
}

// Field is a struct, union or enum member.
type Field struct {
	Name string
	Type *Type // nil for enum fields
	// Offset is the byte offset (structs, union payloads); BitOffset the
	// bit offset within a packed struct's backing integer.
	Offset, BitOffset uint64
	// Align is the field's alignment (its type's ABI alignment unless
	// given with align(N)).
	Align uint64
	// Comptime fields have no storage.
	Comptime bool
	// Value is an enum field's integer value, a union field's tag value.
	Value *big.Int
	// Default is a struct field's default initial value, if any.
	Default *Value
	// Line and Col are the 1-based source position of the field's name.
	Line, Col int
}

// HasBits reports whether values of t occupy memory at run time.
func (t *Type) HasBits() bool { return t.Size > 0 }

// IsContainer reports whether t is a struct, enum, union or opaque type.
func (t *Type) IsContainer() bool {
	switch t.Kind {
	case KindStruct, KindEnum, KindUnion, KindOpaque:
		return true
	}
	return false
}

// String returns the type's name.
func (t *Type) String() string { return t.Name }

// Types interns types for one program and one target, and computes their
// layout. All layout rules live in this file.
type Types struct {
	Arch *target.Arch
	// All lists every type in creation order (Type.ID is the index).
	All []*Type

	byName map[string]*Type
	// ints caches Int and Float results by bits<<1|signed (floats by
	// bits<<1|1<<20) without formatting a name.
	ints map[uint32]*Type
	// memo caches the results of the name-interning constructors by
	// their structural arguments, so that a repeated request builds no
	// name. A hit returns exactly what the name look-up returned the
	// first time (names are a function of the arguments).
	memo map[typeKey]*Type
	// names counts the bytes of the names of the types in All, for
	// Config.MaxNameBytes.
	names uint64

	Void, Bool, Noreturn, Null, TypeType *Type
	Usize, Isize                         *Type
	Anyerror                             *Type
	// ErrorInt is the integer an error set value is stored as (u16).
	ErrorInt *Type
}

// NewTypes returns a table holding the primitive types for arch.
func NewTypes(arch *target.Arch) *Types {
	ts := &Types{Arch: arch, byName: map[string]*Type{}, ints: map[uint32]*Type{}, memo: map[typeKey]*Type{}}
	ts.Void = ts.add(&Type{Kind: KindVoid, Name: "void", Size: 0, Align: 1})
	ts.Bool = ts.add(&Type{Kind: KindBool, Name: "bool", Size: 1, Align: 1, BitSize: 1})
	ts.Noreturn = ts.add(&Type{Kind: KindNoreturn, Name: "noreturn", Align: 1})
	ts.Null = ts.add(&Type{Kind: KindNull, Name: "@TypeOf(null)", Align: 1})
	ts.TypeType = ts.add(&Type{Kind: KindType, Name: "type", Align: 1})
	p := uint32(arch.PtrSize * 8)
	ts.Usize = ts.add(ts.intType("usize", false, p))
	ts.Isize = ts.add(ts.intType("isize", true, p))
	ts.ErrorInt = ts.Int(false, 16)
	ts.Anyerror = ts.add(&Type{Kind: KindErrorSet, Name: "anyerror", IsAnyerror: true,
		Size: 2, Align: 2, BitSize: 16, Resolved: true})
	return ts
}

// typeKey identifies a constructed type by its arguments: op says which
// constructor, a and b are type operands, n a count or alignment, and
// flags pointer qualifiers. Requests with a sentinel are not memoized.
type typeKey struct {
	op    uint8
	flags uint8
	a, b  *Type
	n     uint64
}

// The typeKey ops.
const (
	keyPointer uint8 = iota + 1
	keyArray
	keyOptional
	keyErrorUnion
	keyFloat
	keyFn0 // keyFn0+len(params) for functions of up to maxFnKeyParams parameters
)

// maxFnKeyParams bounds the functions memoized: their parameters are
// looked up in a chain of keys (see Fn).
const maxFnKeyParams = 4

func (ts *Types) memoized(k typeKey, make func() *Type) *Type {
	if t := ts.memo[k]; t != nil {
		return t
	}
	t := make()
	ts.memo[k] = t
	return t
}

func (ts *Types) add(t *Type) *Type {
	ts.names += uint64(len(t.Name))
	t.ID = len(ts.All)
	ts.All = append(ts.All, t)
	if t.Decl == nil && !t.IsContainer() || t.Kind == KindStruct && t.Tuple {
		ts.byName[t.Name] = t
	}
	if t.Kind != KindStruct && t.Kind != KindUnion && t.Kind != KindEnum {
		t.Resolved = true
	}
	return t
}

func (ts *Types) lookup(name string) *Type { return ts.byName[name] }

// intLayout gives Zig's ABI size and alignment of an N-bit integer on
// x86-64 (measured with Zig 0.11: u24 is 4/4, u65 16/8, u256 32/8).
func intLayout(bits uint32) (size, alignment uint64) {
	if bits == 0 {
		return 0, 1
	}
	bytes := (uint64(bits) + 7) / 8
	switch {
	case bytes == 1:
		alignment = 1
	case bytes == 2:
		alignment = 2
	case bytes <= 4:
		alignment = 4
	default:
		alignment = 8
	}
	return align.Forward(bytes, alignment), alignment
}

func (ts *Types) intType(name string, signed bool, bits uint32) *Type {
	size, align := intLayout(bits)
	if name == "usize" || name == "isize" {
		size, align = uint64(ts.Arch.PtrSize), uint64(ts.Arch.PtrSize)
	}
	return &Type{Kind: KindInt, Name: name, Signed: signed, Bits: bits,
		Size: size, Align: align, BitSize: uint64(bits)}
}

// Int returns the integer type uN (signed false) or iN.
func (ts *Types) Int(signed bool, bits uint32) *Type {
	key := bits << 1
	if signed {
		key |= 1
	}
	if t := ts.ints[key]; t != nil {
		return t
	}
	t := ts.makeInt(signed, bits)
	ts.ints[key] = t
	return t
}

func (ts *Types) makeInt(signed bool, bits uint32) *Type {
	name := fmt.Sprintf("u%d", bits)
	if signed {
		name = fmt.Sprintf("i%d", bits)
	}
	if t := ts.lookup(name); t != nil {
		return t
	}
	return ts.add(ts.intType(name, signed, bits))
}

// Float returns fN for N in 16, 32, 64, 80, 128.
func (ts *Types) Float(bits uint32) *Type {
	return ts.memoized(typeKey{op: keyFloat, n: uint64(bits)}, func() *Type { return ts.makeFloat(bits) })
}

func (ts *Types) makeFloat(bits uint32) *Type {
	name := fmt.Sprintf("f%d", bits)
	if t := ts.lookup(name); t != nil {
		return t
	}
	size := uint64(bits / 8)
	if bits == 80 {
		size = 16
	}
	return ts.add(&Type{Kind: KindFloat, Name: name, Bits: bits,
		Size: size, Align: size, BitSize: uint64(bits)})
}

// PointerSpec describes a pointer type to intern.
type PointerSpec struct {
	Size      PtrSize
	Elem      *Type
	Const     bool
	Volatile  bool
	AllowZero bool
	Align     uint64 // 0: natural
	Sentinel  *big.Int
}

// Pointer returns the pointer type described by spec.
func (ts *Types) Pointer(spec PointerSpec) *Type {
	if spec.Sentinel != nil {
		return ts.makePointer(spec)
	}
	flags := uint8(spec.Size)
	if spec.Const {
		flags |= 1 << 2
	}
	if spec.Volatile {
		flags |= 1 << 3
	}
	if spec.AllowZero {
		flags |= 1 << 4
	}
	return ts.memoized(typeKey{op: keyPointer, flags: flags, a: spec.Elem, n: spec.Align}, func() *Type { return ts.makePointer(spec) })
}

func (ts *Types) makePointer(spec PointerSpec) *Type {
	var b strings.Builder
	switch spec.Size {
	case PtrOne:
		b.WriteString("*")
	case PtrMany:
		b.WriteString("[*")
		if spec.Sentinel != nil {
			fmt.Fprintf(&b, ":%s", spec.Sentinel)
		}
		b.WriteString("]")
	case PtrSlice:
		b.WriteString("[")
		if spec.Sentinel != nil {
			fmt.Fprintf(&b, ":%s", spec.Sentinel)
		}
		b.WriteString("]")
	}
	if spec.AllowZero {
		b.WriteString("allowzero ")
	}
	if spec.Align != 0 {
		fmt.Fprintf(&b, "align(%d) ", spec.Align)
	}
	if spec.Const {
		b.WriteString("const ")
	}
	if spec.Volatile {
		b.WriteString("volatile ")
	}
	b.WriteString(spec.Elem.Name)
	name := b.String()
	if t := ts.lookup(name); t != nil {
		return t
	}
	p := uint64(ts.Arch.PtrSize)
	t := &Type{Kind: KindPointer, Name: name, Ptr: spec.Size, Elem: spec.Elem,
		Const: spec.Const, Volatile: spec.Volatile, AllowZero: spec.AllowZero,
		PtrAlign: spec.Align, Sentinel: spec.Sentinel, Size: p, Align: p, BitSize: p * 8}
	if spec.Size == PtrSlice {
		t.Size, t.BitSize = 2*p, 16*p
	}
	return ts.add(t)
}

// ElemAlign returns the alignment of the memory a pointer points to.
func (t *Type) ElemAlign() uint64 {
	if t.PtrAlign != 0 {
		return t.PtrAlign
	}
	return t.Elem.Align
}

// SlicePtr returns the many-pointer type of a slice's ptr field.
func (ts *Types) SlicePtr(slice *Type) *Type {
	return ts.Pointer(PointerSpec{Size: PtrMany, Elem: slice.Elem, Const: slice.Const,
		Volatile: slice.Volatile, AllowZero: slice.AllowZero, Align: slice.PtrAlign, Sentinel: slice.Sentinel})
}

// Array returns [n]elem, or [n:sentinel]elem.
func (ts *Types) Array(n uint64, elem *Type, sentinel *big.Int) *Type {
	if sentinel != nil {
		return ts.makeArray(n, elem, sentinel)
	}
	return ts.memoized(typeKey{op: keyArray, a: elem, n: n}, func() *Type { return ts.makeArray(n, elem, nil) })
}

func (ts *Types) makeArray(n uint64, elem *Type, sentinel *big.Int) *Type {
	name := fmt.Sprintf("[%d]%s", n, elem.Name)
	if sentinel != nil {
		name = fmt.Sprintf("[%d:%s]%s", n, sentinel, elem.Name)
	}
	if t := ts.lookup(name); t != nil {
		return t
	}
	count := n
	if sentinel != nil {
		count++
	}
	t := &Type{Kind: KindArray, Name: name, Len: n, Elem: elem, Sentinel: sentinel,
		Size: mulSat(count, elem.Size), Align: elem.Align}
	t.BitSize = ArrayBitSize(count, elem.Size, zigAlign(elem), elem.BitSize)
	return ts.add(t)
}

// zigAlign is the alignment Zig 0.11 computes with for t: 0 for a
// zero-bit type (u0, void, struct {}), where this package says 1, except
// that an array keeps its element's.
func zigAlign(t *Type) uint64 {
	switch {
	case t.HasBits():
		return t.Align
	case t.Kind == KindArray:
		return zigAlign(t.Elem)
	case t.Kind == KindInt, t.Kind == KindVoid, t.Kind == KindStruct:
		return 0
	}
	return t.Align
}

// ArrayBitSize is Zig 0.11's @bitSizeOf of an array of count elements
// (the sentinel counted): every element but the last takes its stride,
// at least its alignment (so [2][0]bool has 8 bits), the last only its
// own bits.
func ArrayBitSize(count, elemSize, elemAlign, elemBits uint64) uint64 {
	stride := max(elemSize, elemAlign)
	if count == 0 || stride == 0 {
		return 0
	}
	return addSat(mulSat(mulSat(count-1, 8), stride), elemBits)
}

// AlignOf is Zig 0.11's @alignOf(t). It is t.Align, the alignment
// containers lay t out at, except for an optional or error union whose
// payload has no bits: Zig places ?[0]u64 at alignment 1 and
// error{A}![0]u64 at 2, but its @alignOf says the payload's, 8.
func AlignOf(t *Type) uint64 {
	switch t.Kind {
	case KindOptional, KindErrorUnion:
		return max(t.Align, AlignOf(t.Elem))
	}
	return t.Align
}

// OptionalIsPointer reports whether ?elem is stored as elem itself, with
// zero (a null pointer, or a slice whose ptr is null) or error code 0
// meaning null. Zig 0.11: ?*u8 is 8 bytes, ?[]u8 16, ?anyerror 2.
func OptionalIsPointer(elem *Type) bool {
	switch elem.Kind {
	case KindPointer:
		return !elem.AllowZero
	case KindErrorSet:
		return true
	}
	return false
}

// Optional returns ?elem.
func (ts *Types) Optional(elem *Type) *Type {
	return ts.memoized(typeKey{op: keyOptional, a: elem}, func() *Type { return ts.makeOptional(elem) })
}

func (ts *Types) makeOptional(elem *Type) *Type {
	name := "?" + elem.Name
	if t := ts.lookup(name); t != nil {
		return t
	}
	t := &Type{Kind: KindOptional, Name: name, Elem: elem}
	switch {
	case OptionalIsPointer(elem):
		t.Size, t.Align = elem.Size, elem.Align
	case elem.Kind == KindNoreturn:
		t.Size, t.Align = 0, 1
	case !elem.HasBits():
		// only the bool: Zig 0.11 lays ?[0]u64 out as 1 byte aligned to 1
		// (though its @alignOf says 8)
		t.Size, t.Align = 1, 1
	default:
		// payload, then a bool saying whether it is there
		t.Align = max(elem.Align, 1)
		t.Size = align.Forward(elem.Size+1, t.Align)
	}
	t.BitSize = t.Size * 8
	return ts.add(t)
}

// ErrorUnion returns set!payload. The payload comes first when its
// alignment is at least the error code's, otherwise the error code does.
func (ts *Types) ErrorUnion(set, payload *Type) *Type {
	return ts.memoized(typeKey{op: keyErrorUnion, a: set, b: payload}, func() *Type { return ts.makeErrorUnion(set, payload) })
}

func (ts *Types) makeErrorUnion(set, payload *Type) *Type {
	name := set.Name + "!" + payload.Name
	if t := ts.lookup(name); t != nil {
		return t
	}
	t := &Type{Kind: KindErrorUnion, Name: name, ErrSet: set, Elem: payload}
	if !payload.HasBits() {
		// only the error code: Zig 0.11 lays error{A}![0]f80 out as 2
		// bytes aligned to 2 (though its @alignOf says 16)
		t.Size, t.Align = set.Size, set.Align
	} else {
		t.Align = max(payload.Align, set.Align)
		t.Size = align.Forward(align.Forward(payload.Size, set.Align)+set.Size, t.Align)
		if payload.Align < set.Align {
			t.Size = align.Forward(align.Forward(set.Size, payload.Align)+payload.Size, t.Align)
		}
	}
	t.BitSize = t.Size * 8
	return ts.add(t)
}

// ErrUnionPayloadOffset and ErrUnionErrorOffset give where the parts of
// an error union live.
func ErrUnionPayloadOffset(t *Type) uint64 {
	if !t.Elem.HasBits() || t.Elem.Align >= t.ErrSet.Align {
		return 0
	}
	return align.Forward(t.ErrSet.Size, t.Elem.Align)
}

// ErrUnionErrorOffset gives the offset of an error union's error code.
func ErrUnionErrorOffset(t *Type) uint64 {
	if !t.Elem.HasBits() || t.Elem.Align < t.ErrSet.Align {
		return 0
	}
	return align.Forward(t.Elem.Size, t.ErrSet.Align)
}

// ErrorSet returns error{names...}; names keep source order.
func (ts *Types) ErrorSet(names []string) *Type {
	name := "error{" + strings.Join(names, ",") + "}"
	if t := ts.lookup(name); t != nil {
		return t
	}
	return ts.add(&Type{Kind: KindErrorSet, Name: name, Errors: names,
		Size: ts.ErrorInt.Size, Align: ts.ErrorInt.Align, BitSize: 16})
}

// Fn returns the function type fn (params) callconv(cc) ret.
func (ts *Types) Fn(params []*Type, ret *Type, cc CallConv) *Type {
	if len(params) > maxFnKeyParams {
		return ts.makeFn(params, ret, cc)
	}
	// The key chains the parameters: each step's key holds the previous
	// step's result as a placeholder type, so (a, b) and (b, a) differ.
	k := typeKey{op: keyFn0 + uint8(len(params)), flags: uint8(cc), a: ret}
	for _, p := range params {
		k.n++
		t := ts.memo[k]
		if t == nil {
			t = &Type{Kind: KindVoid, ID: -1} // a key node only, never returned
			ts.memo[k] = t
		}
		k = typeKey{op: k.op, flags: k.flags, a: t, b: p}
	}
	return ts.memoized(k, func() *Type { return ts.makeFn(params, ret, cc) })
}

func (ts *Types) makeFn(params []*Type, ret *Type, cc CallConv) *Type {
	var b strings.Builder
	b.WriteString("fn (")
	for i, p := range params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name)
	}
	b.WriteString(") ")
	if cc == CallConvC {
		b.WriteString("callconv(.C) ")
	}
	b.WriteString(ret.Name)
	name := b.String()
	if t := ts.lookup(name); t != nil {
		return t
	}
	return ts.add(&Type{Kind: KindFn, Name: name, Params: params, Elem: ret, CC: cc, Align: 1})
}

// Tuple returns the anonymous tuple struct { T0, T1, ... }; fields are
// laid out in order.
func (ts *Types) Tuple(elems []*Type) *Type {
	var b strings.Builder
	b.WriteString("struct {")
	for i, e := range elems {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteByte(' ')
		b.WriteString(e.Name)
	}
	b.WriteString(" }")
	name := b.String()
	if t := ts.lookup(name); t != nil {
		return t
	}
	t := &Type{Kind: KindStruct, Name: name, Tuple: true}
	if len(elems) > 0 {
		fields := make([]Field, len(elems))
		t.Fields = make([]*Field, len(elems))
		for i, e := range elems {
			fields[i] = Field{Name: strconv.Itoa(i), Type: e, Align: e.Align}
			t.Fields[i] = &fields[i]
		}
	}
	t = ts.add(t)
	ts.Resolve(t)
	return t
}

// NewContainer adds a struct, enum, union or opaque type whose fields the
// caller fills in before calling Resolve. Container types are never
// shared: each declaration site makes its own.
func (ts *Types) NewContainer(kind Kind, name string) *Type {
	return ts.add(&Type{Kind: kind, Name: name, Align: 1})
}

// Resolve computes the layout of a container type whose fields (and
// their types) are complete. It is idempotent.
func (ts *Types) Resolve(t *Type) {
	if t.Resolved {
		return
	}
	t.Resolved = true
	switch t.Kind {
	case KindStruct:
		ts.resolveStruct(t)
	case KindEnum:
		if t.Tag == nil {
			// the smallest unsigned integer that holds every value
			bits := uint32(0)
			for _, f := range t.Fields {
				if f.Value != nil && uint32(f.Value.BitLen()) > bits {
					bits = uint32(f.Value.BitLen())
				}
			}
			t.Tag = ts.Int(false, bits)
		}
		t.Size, t.Align, t.BitSize = t.Tag.Size, t.Tag.Align, t.Tag.BitSize
	case KindUnion:
		ts.resolveUnion(t)
	case KindOpaque:
		t.Size, t.Align = 0, 1
	}
}

func (ts *Types) resolveStruct(t *Type) {
	if t.Layout == LayoutPacked {
		var bit uint64
		for _, f := range t.Fields {
			f.BitOffset = bit
			f.Align = 0
			bit += f.Type.BitSize
		}
		if t.Tag == nil {
			t.Tag = ts.Int(false, uint32(bit))
		}
		t.Size, t.Align, t.BitSize = t.Tag.Size, t.Tag.Align, bit
		return
	}
	order := make([]*Field, 0, len(t.Fields))
	for _, f := range t.Fields {
		if f.Align == 0 {
			f.Align = max(fieldAlign(t, f.Type), 1)
		}
		if !f.Comptime {
			order = append(order, f)
		}
	}
	if t.Layout == LayoutAuto && !t.Tuple {
		// Zig 0.11 reorders auto-layout fields: descending ABI alignment
		// of the field's type (an align(N) on the field does not count),
		// zero-bit fields last. Ties keep declaration order.
		sortStable(order, func(a, b *Field) bool {
			az, bz := !a.Type.HasBits(), !b.Type.HasBits()
			if az != bz {
				return bz
			}
			return a.Type.Align > b.Type.Align
		})
	}
	var off uint64
	t.Align = 1
	var zeroBit []*Field
	for _, f := range order {
		if !f.Type.HasBits() && t.Layout == LayoutAuto {
			// zero-bit fields take no space; Zig reports their offset as
			// the end of the struct
			zeroBit = append(zeroBit, f)
			continue
		}
		if !f.Type.HasBits() {
			// in an extern struct a zero-bit field lies where the last one
			// ended, its alignment ignored (Zig 0.11)
			f.Offset = off
			continue
		}
		off = align.Forward(off, f.Align)
		f.Offset = off
		off = addSat(off, f.Type.Size)
		t.Align = max(t.Align, f.Align)
	}
	t.Size = align.Forward(off, t.Align)
	for _, f := range zeroBit {
		f.Offset = t.Size
	}
	t.BitSize = mulSat(t.Size, 8)
}

// fieldAlign is the alignment of a field of type ft in struct t without
// an align(N): the type's, except that a 128-bit integer directly in an
// extern struct is aligned to 16 as in C (Zig 0.11; not in extern unions
// nor as array elements).
func fieldAlign(t, ft *Type) uint64 {
	if t.Layout == LayoutExtern && t.Kind == KindStruct && ft.Kind == KindInt && ft.Bits == 128 {
		return max(ft.Align, 16)
	}
	return ft.Align
}

func (ts *Types) resolveUnion(t *Type) {
	if t.Layout == LayoutPacked {
		// a packed union is an integer as wide as its widest field
		var bits uint64
		for _, f := range t.Fields {
			f.Align = 0
			bits = max(bits, f.Type.BitSize)
		}
		backing := ts.Int(false, uint32(min(bits, 65535)))
		t.Size, t.Align, t.BitSize = backing.Size, backing.Align, bits
		return
	}
	var size, alignment uint64 = 0, 1
	for _, f := range t.Fields {
		if f.Align == 0 {
			f.Align = f.Type.Align
		}
		size = max(size, f.Type.Size)
		if f.Type.HasBits() {
			alignment = max(alignment, f.Align) // zero-bit fields do not count (Zig 0.11)
		}
	}
	payload := align.Forward(size, alignment)
	tag := t.Tag
	if tag == nil {
		tag = t.SafetyTag
	}
	if tag == nil || !tag.HasBits() {
		t.Size, t.Align = payload, alignment
	} else if tag.Align >= alignment {
		t.TagOffset = 0
		t.PayloadOffset = align.Forward(tag.Size, alignment)
		t.Align = tag.Align
		t.Size = align.Forward(t.PayloadOffset+size, t.Align)
	} else {
		t.PayloadOffset = 0
		t.TagOffset = align.Forward(size, tag.Align)
		t.Align = alignment
		t.Size = align.Forward(t.TagOffset+tag.Size, t.Align)
	}
	for _, f := range t.Fields {
		f.Offset = t.PayloadOffset
	}
	t.BitSize = mulSat(t.Size, 8)
}

func addSat(a, b uint64) uint64 {
	if a > align.MaxSize-b || b > align.MaxSize {
		return align.MaxSize
	}
	return a + b
}

func mulSat(a, b uint64) uint64 {
	if a != 0 && b > align.MaxSize/a {
		return align.MaxSize
	}
	return a * b
}

func sortStable(fs []*Field, less func(a, b *Field) bool) {
	sort.SliceStable(fs, func(i, j int) bool { return less(fs[i], fs[j]) })
}
