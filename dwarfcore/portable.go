package dwarfcore

import (
	"fmt"
	"math/big"
	"slices"
	"sort"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lldbfmt"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// The portable profile (ProfilePortable) describes the layouts of
// optionals, error unions and tagged unions with constructs stock
// debuggers display — plain structures with overlapping members instead
// of DW_TAG_variant_part, which lldb reads only for Rust — and marks the
// compile unit as C11, since stock lldb inspects variables only of
// languages it has a type system for. The bytes the types describe are
// the same as under the seed's encoding.

// unitLanguage is the compile unit's DW_AT_language.
func (d *Dwarf) unitLanguage() dw.Lang {
	if d.opts.Profile == ProfilePortable {
		return dw.LangC11
	}
	return dw.LangZig
}

// portableOptionalDIE writes ?T as a structure: the payload "?" and a
// bool "has_value" after it. An optional whose null is a zero payload is
// written as what C compilers would write for it: ?*T as a typedef of
// the pointer (both debuggers show null as 0x0, and `*x` works where
// gdb's parser cannot take `x.?`), ?E as an enumeration of "null" (0)
// and E's errors. For ?u0 and ?i0 the payload "?" follows "has_value"
// as an unsigned bit-field of 1 bit at bit 1 of the flag's byte, always 0
// (a bool is stored as 0 or 1), declared with the type a zero-bit
// integer's variable has (zeroValueType): gdb 13 and lldb-22 show
// `{has_value = true, ? = 0}`, where lldb-22 dropped a payload of the base
// type of size 0 (`{has_value = true}`).
func (w *entryWriter) portableOptionalDIE(t *lang.Type, ts *lang.Types) {
	child := t.Elem
	switch {
	case lang.OptionalIsPointer(child) && child.Kind == lang.KindErrorSet:
		w.portableOptionalErrorSet(t.Name, child.Errors, ts)
		return
	case lang.OptionalIsPointer(child):
		w.code(abbrevTypedef)
		w.strp(t.Name)
		w.refType(child)
		return
	}
	w.code(abbrevStructType)
	w.strp(t.Name)
	w.info.ULEB(t.Size)
	w.info.ULEB(t.Align)
	if w.d.zeroBitInt(child) {
		w.generatedField("has_value", ts.Bool, 0)
		w.code(abbrevPortablePackedStructField)
		w.strp("?")
		w.refValueType(child)
		w.info.ULEB(1) // DW_AT_data_bit_offset: above the flag's bit
		w.info.ULEB(1) // DW_AT_bit_size
		w.code(abbrevNull)
		return
	}
	if child.Kind != lang.KindNoreturn {
		w.generatedField("?", child, 0)
		off := uint64(0)
		if child.HasBits() {
			off = child.Size
		}
		w.generatedField("has_value", ts.Bool, off)
	} else {
		w.generatedField("null", ts.Null, 0) // ?noreturn: always null
	}
	w.code(abbrevNull)
}

// portableOptionalErrorSet writes ?E (null is error code 0) as an
// enumeration over the error integer whose first enumerator is "null".
func (w *entryWriter) portableOptionalErrorSet(name string, errs []string, ts *lang.Types) {
	w.code(abbrevEnumType)
	w.strp(name)
	w.refType(ts.ErrorInt)
	w.code(abbrevUnsignedEnumField)
	w.info.ULEB(0)
	w.strp("null")
	for _, e := range errs {
		w.code(abbrevUnsignedEnumField)
		w.info.ULEB(w.d.errValues[e])
		w.strp(e)
	}
	w.code(abbrevNull)
}

// portableErrorUnionDIE writes E!T as a structure of the payload "value"
// and the error code "error" (0: no error), each at its offset, in
// offset order.
func (w *entryWriter) portableErrorUnionDIE(t *lang.Type) {
	w.code(abbrevStructType)
	w.strp(t.Name)
	w.info.ULEB(t.Size)
	w.info.ULEB(t.Align)
	value, errOff := lang.ErrUnionPayloadOffset(t), lang.ErrUnionErrorOffset(t)
	if errOff < value { // members in offset order, as fieldOrder says
		w.generatedField("error", t.ErrSet, errOff)
		w.generatedField("value", t.Elem, value)
	} else {
		w.generatedField("value", t.Elem, value)
		w.generatedField("error", t.ErrSet, errOff)
	}
	w.code(abbrevNull)
}

// portableTaggedUnionBody writes the members of a tagged union written
// as a structure (the caller wrote its header): "tag" at the tag's
// offset, then every field at the payload offset, and the closing null.
func (w *entryWriter) portableTaggedUnionBody(t *lang.Type) {
	w.generatedField("tag", t.Tag, t.TagOffset)
	for _, f := range t.Fields {
		w.structField(f.Name, f.Type, t.PayloadOffset, max(unionFieldAlign(f), 1))
	}
	w.code(abbrevNull)
}

// numericBits is a base type's DW_AT_bit_size. The portable profile gives
// the whole ABI size (u3 is an 8-bit integer, f80 a 128-bit float), since
// stock lldb drops members whose base type has fewer bits than bytes,
// except for signed integers of at most 8 bytes: Zig stores a negative iN
// with the bits above N zero, so only the real bit size makes a reader
// sign-extend from bit N (gdb does; lldb-22 cannot size such a type).
// gdb 13 cannot read an integer over 8 bytes with fewer bits than bytes.
func (d *Dwarf) numericBits(t *lang.Type, bits uint64) uint64 {
	if d.opts.Profile == ProfilePortable && !(t.Kind == lang.KindInt && t.Signed && t.Size <= 8) {
		return t.Size * 8
	}
	return bits
}

// float128Name is the base type name under which stock debuggers read a
// 16-byte float as IEEE binary128: gdb (i386_floatformat_for_type) does so
// only for "_Float128" or "__float128" and otherwise shows
// `<invalid float value>`.
const float128Name = "_Float128"

// float128 writes f128 (in both profiles) as a typedef named f128 of a
// base type named _Float128, so the source name stays and gdb and lldb
// decode the bytes as binary128. The typedef's base type follows it in
// the same entry.
func (w *entryWriter) float128(t *lang.Type) {
	w.code(abbrevTypedef)
	w.strp(t.Name)
	w.refNext()
	w.code(abbrevNumericType)
	w.strp(float128Name)
	w.info.U8(byte(dw.ATEFloat))
	w.info.ULEB(w.d.numericBits(t, t.BitSize))
	w.info.ULEB(t.Size)
	w.info.ULEB(t.Align)
}

// portableEmptyStruct writes void (and null, in both profiles) as a
// structure of byte size 0 without members
// (gdb shows `{<No data fields>}`, lldb `{}`), where the seed's
// DW_TAG_unspecified_type is `<incomplete type>` to gdb and has no size
// for lldb. Zero-bit integers (u0, i0) stay base types of bit and byte
// size 0 in both profiles (the portable one adds the type of their
// variables after it: zeroValueType): gdb shows a member of one as 0,
// and no encoding we tried makes stock lldb show 0 for a member — it
// drops a struct member whose base type has no size (TypeSystemClang:
// could not get size), shows an empty structure as `{}`, and shows a C++
// static member with DW_AT_const_value only to `expression`, never in
// `frame variable` (README, "Debugging an executable").
func (w *entryWriter) portableEmptyStruct(t *lang.Type) {
	w.code(abbrevEmptyStructType)
	w.strp(t.Name)
	w.info.ULEB(0)
	w.info.ULEB(max(t.Align, 1))
}

// portablePacked writes a packed struct for the portable profile: its size
// and alignment (those of its backing integer) and each field as a
// bit-field with DW_AT_data_bit_offset and DW_AT_bit_size (DWARF 5
// §5.7.6), which is how C compilers describe bit-fields.
func (w *entryWriter) portablePacked(t *lang.Type) {
	w.info.ULEB(t.Size)
	w.info.ULEB(t.Align)
	for _, f := range t.Fields {
		w.code(abbrevPortablePackedStructField)
		w.strp(f.Name)
		w.refType(w.d.bitFieldType(f.Type))
		w.info.ULEB(f.BitOffset)
		w.info.ULEB(f.Type.BitSize)
	}
	w.code(abbrevNull)
}

// bitFieldType is the type a portable packed field is declared with. C
// compilers declare a narrow signed field as `int x : 4`, and stock lldb
// sign-extends such a field only when its type is wider than a char (it
// reads every 8-bit integer as a char), so integer fields of at most 32
// bits get the 32-bit integer of their signedness.
func (d *Dwarf) bitFieldType(t *lang.Type) *lang.Type {
	if t.Kind == lang.KindInt && t.Bits <= 32 {
		return d.prog.Types.Int(t.Signed, 32)
	}
	return t
}

// plainNameVar writes, under the portable profile, a second DIE for a
// file-level global right after its DW_TAG_variable: a DW_TAG_constant
// of the plain name, the type and the location, with no
// DW_AT_linkage_name and no DW_AT_external. gdb 13 names a variable of a
// C unit nested in a DW_TAG_module by its DW_AT_linkage_name
// ('storage.global_const'), and a DIE without one that is not external
// by its DW_AT_name, so the pair lets gdb take both the qualified and the
// plain name from any function of the file. A DW_TAG_constant because
// gdb reads it as it reads a variable (writable, same address) while
// lldb-22 indexes only DW_TAG_variable as a global, so lldb still shows
// one variable per name. A declaration of a nested namespace keeps only
// its qualified name: its plain name is not in scope in every function,
// and two namespaces may use it. writeType writes the DW_AT_type.
func (w *entryWriter) plainNameVar(decl *lang.Decl, writeType func()) {
	if w.d.opts.Profile != ProfilePortable || (decl.Parent != nil && decl.Parent != w.d.prog.Root) {
		return
	}
	w.code(abbrevPlainNameVar)
	w.strp(decl.Name)
	writeType()
	w.exprAddrPieces(decl.Symbol(), decl.ThreadLocal, w.d.valuePieces(decl.Type))
}

// Narrow signed integers under the portable profile. Zig stores a
// negative iN (N below its size in bits) with the bits above N zero, so
// a reader must sign-extend from bit N; gdb does so for a base type of
// DW_AT_bit_size N of at most 8 bytes, but lldb-22 cannot size such a
// type, and gdb 13 cannot read a wider one. Where a value of at most the
// address size is a structure member, the member is a signed bit-field
// of N bits over a full-width signed integer (narrowSignedMember); where
// a value is a variable, the variable has the full-width signed integer
// of the same size as its type and a location that computes the
// sign-extended value (valuePieces) — both debuggers show the right
// value, and the variable is read-only to them. Elements of arrays and
// pointees keep the base type of N bits, named _BitInt(N) in files with
// a .lldbformatters section (baseTypeName).

// baseTypeName is the DW_AT_name of t's base type: under the portable
// profile with Options.LLDBFormatters, a narrow signed integer of at
// most the address size is named as clang names C23's _BitInt(N)
// (lldbfmt.BitIntName), t.Name otherwise. Only elements of slices, pointees and elements of arrays
// that are not variables have this type (variables and members are
// computed or bit-fields, see above). lldb-22 sizes a base type of bit
// size N below its byte size only by that name, but reads the whole
// byte, so Output.LLDBFormatters gives it a summary that sign-extends
// from bit N; gdb reads DW_AT_bit_size and ignores the name.
func (d *Dwarf) baseTypeName(t *lang.Type) string {
	if d.opts.LLDBFormatters && d.narrowSigned(t) {
		return lldbfmt.BitIntName(int(t.Bits))
	}
	return t.Name
}

// lldbFormatters is the .lldbformatters section for the last program
// emitted (Output calls it after Update): one
// lldbfmt.SignedSummaries record per bit size of a narrow signed integer
// (baseTypeName) that is the element or pointee of one of its types,
// ascending; nil if none or without Options.LLDBFormatters.
func (d *Dwarf) lldbFormatters() ([]byte, error) {
	if d.last == nil || !d.opts.LLDBFormatters || d.opts.Profile != ProfilePortable {
		return nil, nil
	}
	seen := map[int]bool{}
	var bits []int
	for _, t := range d.last.Types.All {
		if (t.Kind == lang.KindPointer || t.Kind == lang.KindArray) && t.Elem != nil && d.narrowSigned(t.Elem) && !seen[int(t.Elem.Bits)] {
			seen[int(t.Elem.Bits)] = true
			bits = append(bits, int(t.Elem.Bits))
		}
	}
	if len(bits) == 0 {
		return nil, nil
	}
	slices.Sort(bits)
	return lldbfmt.SignedSummaries(bits)
}

// narrowSigned reports whether t is a signed integer of at most the
// address size that the portable profile stores as narrowSignedMember
// and valuePieces say.
func (d *Dwarf) narrowSigned(t *lang.Type) bool {
	return d.narrowSignedInt(t) && t.Size <= d.addrSize()
}

// narrowSignedInt reports whether t is, under the portable profile, a
// signed integer with fewer bits than its size in bits.
func (d *Dwarf) narrowSignedInt(t *lang.Type) bool {
	return d.opts.Profile == ProfilePortable && t.Kind == lang.KindInt && t.Signed &&
		t.Bits > 0 && uint64(t.Bits) < t.Size*8
}

// valuePiece is one part of a variable's location: the operations that
// follow the address of the value plus off.
type valuePiece struct {
	off uint64
	ops []byte
}

// valuePieces is the location of a variable of type t after the address
// of its value: nothing for most types. For a zero-bit integer (u0, i0)
// it drops the address and leaves the value 0 (zeroValueOps). For a
// narrow signed integer of
// at most the address size it computes the value, sign-extended from
// bit N (signExtendExpr). For a wider one whose sign bit is in its last
// address-size word (i65 to i127 in 16 bytes) it is a composite of
// DW_OP_piece: every word but the last read from memory, the last
// sign-extended from its highest bit of the value. The type of such a
// variable is valueType(t).
func (d *Dwarf) valuePieces(t *lang.Type) []valuePiece {
	a := d.addrSize()
	switch {
	case d.zeroBitInt(t):
		return zeroValue
	case d.zeroBitArray(t):
		// every element the computed 0 in a 4-byte integer, one piece each
		ps := make([]valuePiece, t.Len)
		for i := range ps {
			ps[i] = valuePiece{0, zeroElem}
		}
		return ps
	case d.narrowArray(t):
		// every element sign-extended into a wider integer, one piece each
		ps := make([]valuePiece, t.Len)
		for i := range ps {
			ops := d.signExtendExpr(nil, uint64(t.Elem.Bits), t.Elem.Size, true)
			ps[i] = valuePiece{uint64(i) * t.Elem.Size, leb128.AppendUnsigned(append(ops, byte(dw.OpPiece)), wideSigned(t.Elem)/8)}
		}
		return ps
	case d.narrowSigned(t):
		return []valuePiece{{0, d.signExtendExpr(nil, uint64(t.Bits), t.Size, true)}}
	case d.narrowSignedInt(t) && t.Size%a == 0 && (uint64(t.Bits)-1)/(8*a) == t.Size/a-1:
		var ps []valuePiece
		top := t.Size - a
		for off := uint64(0); off < top; off += a {
			ps = append(ps, valuePiece{off, leb128.AppendUnsigned([]byte{byte(dw.OpPiece)}, a)})
		}
		ops := d.signExtendExpr(nil, uint64(t.Bits)-top*8, a, true)
		return append(ps, valuePiece{top, leb128.AppendUnsigned(append(ops, byte(dw.OpPiece)), a)})
	}
	return wholeValue
}

// wholeValue is the one piece of a value read as it is stored (shared:
// callers only read it).
var wholeValue = []valuePiece{{}}

// zeroValue is the location of a zero-bit integer after its address:
// DW_OP_drop, DW_OP_lit0, DW_OP_stack_value (shared: callers only read
// it).
var zeroValue = []valuePiece{{0, []byte{byte(dw.OpDrop), byte(dw.OpLit0), byte(dw.OpStackValue)}}}

// zeroElemSize is the byte size of an element of the array a variable
// of a zero-bit integer array is declared with (zeroBitArray).
const zeroElemSize = 4

// zeroElem is the location of one element of such an array after the
// address of the variable: DW_OP_drop, DW_OP_lit0, DW_OP_stack_value,
// DW_OP_piece zeroElemSize (shared: callers only read it).
var zeroElem = []byte{byte(dw.OpDrop), byte(dw.OpLit0), byte(dw.OpStackValue), byte(dw.OpPiece), zeroElemSize}

// zeroBitArray reports whether t is, under the portable profile, an
// array of at most maxComputedElems zero-bit integers ([2]u0). gdb 13
// prints an array of byte size 0 as the address of its first element
// (c_value_print_array: an array of unknown length) and lldb-22 as
// `(void[2]) {}`, so a variable of it is declared as an array of the
// 4-byte integer of the element's signedness (an 8-bit one shows as
// characters) whose location is a composite of one computed 0 per
// element (valuePieces): both debuggers show `{0, 0}`, read-only. A
// member of such an array type keeps the array of size 0 (a sized one
// would read the next member's bytes).
func (d *Dwarf) zeroBitArray(t *lang.Type) bool {
	return t.Kind == lang.KindArray && t.Len > 0 && t.Len <= maxComputedElems && d.zeroBitInt(t.Elem)
}

// zeroBitInt reports whether t is, under the portable profile, an
// integer of no bits (u0, i0). Its base type has byte size 0, which
// lldb-22 cannot size (`<could not get size of type void>`), so a
// variable of it is declared with the type zeroValueType writes after
// that base type (refValueType) and the computed value 0 (valuePieces):
// gdb and lldb-22 show `0` and the type `u0`. A member of a structure
// keeps the base type of size 0 (a sized one would read the bytes of the
// next member); lldb-22 drops such a member.
func (d *Dwarf) zeroBitInt(t *lang.Type) bool {
	return d.opts.Profile == ProfilePortable && t.Kind == lang.KindInt && t.Bits == 0
}

// zeroValueType writes, in the entry of the zero-bit integer t right
// after its base type, the type a variable of t is declared with: a
// typedef named t.Name of an enumeration named t.Name over the 8-bit
// integer of t's signedness, without enumerators. With the location
// DW_OP_drop, DW_OP_lit0, DW_OP_stack_value, gdb shows `0` (`whatis`:
// `u0`, `ptype`: `enum u0 {}`) and lldb-22 `(u0) g_u0 = 0`, where the
// 8-bit integer itself showed as a character (`0 '\000'`,
// `(unsigned char) g_u0 = '\0'`); the typedef gives gdb's C parser the
// plain name (`whatis` of the bare enumeration says `enum u0`, and
// `ptype u0` finds no symbol). README, "Known limits of stock
// debuggers", lists what else was tried.
func (w *entryWriter) zeroValueType(t *lang.Type, ts *lang.Types) error {
	if off := zeroValueTypeOff(t, w.d.numericBits(t, 0), w.info.OffsetSize); !w.dry && uint64(w.info.Len()) != off {
		return fmt.Errorf("dwarfcore: type %s: value type at entry offset %d, references say %d", t.Name, w.info.Len(), off)
	}
	w.code(abbrevTypedef)
	w.strp(t.Name)
	w.refNext()
	w.code(abbrevEmptyEnumType)
	w.strp(t.Name)
	w.refType(ts.Int(t.Signed, 8))
	return nil
}

// zeroValueTypeOff is the offset, in the entry of the zero-bit integer t,
// of the type zeroValueType writes: the length of t's base type DIE
// (numeric), whose bit size is bits, with string offsets of offsetSize
// bytes.
func zeroValueTypeOff(t *lang.Type, bits uint64, offsetSize int) uint64 {
	return uint64(leb128.UnsignedLen(uint64(abbrevNumericType)) + offsetSize + 1 +
		leb128.UnsignedLen(bits) + leb128.UnsignedLen(t.Size) + leb128.UnsignedLen(t.Align))
}

// refValueType appends a reference to the type a variable of type t is
// declared with: for a zero-bit integer the typedef zeroValueType writes
// in t's entry, else valueType(t)'s entry.
func (w *entryWriter) refValueType(t *lang.Type) {
	if !w.d.zeroBitInt(t) {
		w.refType(w.d.valueType(t))
		return
	}
	if w.dry {
		w.refType(t)
		return
	}
	ref := w.d.refType(t)
	w.infoSectionOffset(DebugInfo, ref.unit, ref.entry, zeroValueTypeOff(t, w.d.numericBits(t, 0), w.info.OffsetSize))
}

// maxComputedElems bounds the arrays whose elements a variable's
// location computes one by one (narrowArray): each costs about 20 bytes
// of expression.
const maxComputedElems = 64

// narrowArray reports whether t is, under the portable profile, an array
// of at most maxComputedElems narrow signed integers of at most the
// address size ([3]i5). Its element is the base type of N bits, which
// lldb-22 cannot size (and an element cannot be a bit-field), so a
// variable of it is declared as an array of the signed integer of 32
// bits (64 above 4 bytes; wideSigned) whose location is a composite of
// one computed piece per element (valuePieces): both debuggers show the
// elements sign-extended, and the variable is read-only. Arrays in a
// register, longer or nested arrays, slices and pointers keep the base
// type of N bits.
func (d *Dwarf) narrowArray(t *lang.Type) bool {
	return t.Kind == lang.KindArray && t.Len > 0 && t.Len <= maxComputedElems && d.narrowSigned(t.Elem)
}

// wideSigned is the width in bits of the signed integer that holds a
// narrow signed value of t as a bit-field or a computed element: 32, or
// 64 above 4 bytes (lldb reads an 8-bit integer as a char, and an array
// of them as a string).
func wideSigned(t *lang.Type) uint64 { return max(32, t.Size*8) }

// valueType is the type a variable of type t is declared with: the
// full-width signed integer of t's size where valuePieces sign-extends
// its value, an array of wideSigned integers for narrowArray, else t (a
// zero-bit integer's variable refers to zeroValueType: refValueType).
func (d *Dwarf) valueType(t *lang.Type) *lang.Type {
	if d.zeroBitInt(t) {
		return t
	}
	if d.zeroBitArray(t) {
		return d.prog.Types.Array(t.Len, d.prog.Types.Int(t.Elem.Signed, 8*zeroElemSize), nil)
	}
	if d.narrowArray(t) {
		return d.prog.Types.Array(t.Len, d.prog.Types.Int(true, uint32(wideSigned(t.Elem))), nil)
	}
	if ps := d.valuePieces(t); len(ps) > 1 || ps[0].ops != nil {
		return d.prog.Types.Int(true, uint32(t.Size*8))
	}
	return t
}

// signExtendExpr appends to expr, which leaves on the stack the address
// of a value of size bytes (inMemory) or the register holding it, the
// operations that leave the value sign-extended from bit bits as the
// value: (x xor 2^(bits-1)) - 2^(bits-1), whose low bytes are the two's
// complement of the value in any width of the stack, then
// DW_OP_stack_value. A register's bits above bits are masked off first.
// (DW_OP_shl, DW_OP_shra would do too, but lldb-22 shifts the unsigned
// value DW_OP_deref_size leaves logically: i13 -4000 showed 4192.)
func (d *Dwarf) signExtendExpr(expr []byte, bits, size uint64, inMemory bool) []byte {
	sign := uint64(1) << (bits - 1)
	if inMemory {
		expr = append(expr, byte(dw.OpDerefSize), byte(size))
	} else {
		expr = leb128.AppendUnsigned(append(expr, byte(dw.OpConstu)), sign<<1-1)
		expr = append(expr, byte(dw.OpAnd))
	}
	expr = leb128.AppendUnsigned(append(expr, byte(dw.OpConstu)), sign)
	expr = leb128.AppendUnsigned(append(expr, byte(dw.OpXor), byte(dw.OpConstu)), sign)
	return append(expr, byte(dw.OpMinus), byte(dw.OpStackValue))
}

// typedLocation writes a parameter's or local's DW_AT_type and
// DW_AT_location: where valuePieces computes a value in memory (or
// sign-extends one of at most the address size in a register), the type
// of the computed value (refValueType) and that expression, else t and
// l.
func (w *entryWriter) typedLocation(t *lang.Type, l Location) {
	var buf [64]byte
	expr := l.AppendExpr(buf[:0])
	ref := w.refType
	switch ps := w.d.valuePieces(t); {
	case len(ps) == 1 && ps[0].ops == nil:
	case l.Kind == LocMem:
		expr = buf[:0]
		for _, p := range ps {
			expr = append(AtRegOffset(l.Reg, l.Offset+int64(p.off)).AppendExpr(expr), p.ops...)
		}
		ref = w.refValueType
	case l.Kind == LocReg && w.d.narrowSigned(t):
		expr = AtRegOffset(l.Reg, 0).AppendExpr(buf[:0])
		expr = w.d.signExtendExpr(expr, uint64(t.Bits), t.Size, false)
		t = w.d.valueType(t)
	}
	ref(t)
	w.info.ULEB(uint64(len(expr)))
	w.info.Append(expr)
}

// narrowSignedMember writes, under the portable profile, a structure
// member of a narrow signed type as a signed bit-field of N bits at bit
// offset 8*off over the signed integer of 32 bits (64 above 4 bytes):
// both debuggers sign-extend a bit-field, and lldb reads an 8-bit one as
// a char. It reports whether it wrote the member.
func (w *entryWriter) narrowSignedMember(name string, t *lang.Type, off uint64) bool {
	if !w.d.narrowSigned(t) {
		return false
	}
	w.code(abbrevPortablePackedStructField)
	w.strp(name)
	w.refType(w.d.prog.Types.Int(true, uint32(wideSigned(t))))
	w.info.ULEB(off * 8)
	w.info.ULEB(uint64(t.Bits))
	return true
}

// fieldOrder is the order in which structFields writes t's fields (as
// indexes) when it is not declaration order (nil): under the portable
// profile, the order of their byte offsets, as C compilers write members
// — lldb-22 drops a bit-field member (narrowSignedMember) that starts
// before the end of the member written before it.
func (d *Dwarf) fieldOrder(t *lang.Type) []int {
	if d.opts.Profile != ProfilePortable {
		return nil
	}
	order := make([]int, len(t.Fields))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return t.Fields[order[a]].Offset < t.Fields[order[b]].Offset
	})
	return order
}

// storedTag is the integer type an enumeration with tag type tag is
// declared over: under the portable profile, for a narrow signed tag
// (enum(i3)), the unsigned integer of its size, whose enumerators are
// the values as stored (storedValue), so that both debuggers match the
// bytes to a name (lldb-22 cannot size the i3, gdb reads the byte
// without sign-extending it); else tag.
func (d *Dwarf) storedTag(tag *lang.Type) *lang.Type {
	if d.narrowSigned(tag) {
		return d.prog.Types.Int(false, uint32(tag.Size*8))
	}
	return tag
}

// storedValue is an enumerator's value v as the enumeration over
// storedTag(tag) has it: v modulo 2^N for a narrow signed tag (iN), else
// v (nil: the field's index).
func (d *Dwarf) storedValue(tag *lang.Type, v *big.Int) *big.Int {
	if v == nil || !d.narrowSigned(tag) || v.Sign() >= 0 {
		return v
	}
	return new(big.Int).Add(v, new(big.Int).Lsh(big.NewInt(1), uint(tag.Bits)))
}
