package dwarfcore

import (
	"math/big"
	"strconv"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// Containers: the members of structs (struct_field), packed structs and
// enums, and the field-alignment rule they share with unions.

// containerDIE writes the DIE of a struct, enum, union or opaque type t:
// for the entry of decl, which declares t (`const S = struct {...}`),
// with a declaration's abbreviation and common attributes; for a type no
// declaration names (decl nil), with the type's abbreviation and name.
func (w *entryWriter) containerDIE(t *lang.Type, decl *lang.Decl) {
	start := func(declCode, typeCode abbrevCode) {
		if decl != nil {
			w.declCommon(declCode, decl)
			return
		}
		w.code(typeCode)
		w.strp(t.Name)
	}
	portable := w.d.opts.Profile == ProfilePortable
	switch t.Kind {
	case lang.KindStruct:
		switch {
		case t.Layout == lang.LayoutPacked && portable:
			start(abbrevPortableDeclPackedStruct, abbrevPortablePackedStructType)
			w.portablePacked(t)
		case t.Layout == lang.LayoutPacked:
			start(abbrevDeclSizedPackedStruct, abbrevSizedPackedStructType)
			w.packedBody(t)
		case len(t.Fields) == 0:
			start(abbrevDeclNamespaceStruct, abbrevNamespaceStructType)
			w.info.Flag(false)
		default:
			start(abbrevDeclStruct, abbrevStructType)
			w.info.ULEB(t.Size)
			w.info.ULEB(t.Align)
			w.structFields(t)
		}
	case lang.KindEnum:
		start(abbrevDeclEnum, abbrevEnumType)
		w.enumBody(t)
	case lang.KindUnion:
		switch {
		case t.Tag != nil && portable:
			start(abbrevDeclStruct, abbrevStructType)
			w.info.ULEB(t.Size)
			w.info.ULEB(t.Align)
			w.portableTaggedUnionBody(t)
		case t.Layout == lang.LayoutPacked:
			start(abbrevDeclPackedUnion, abbrevPackedUnionType)
			w.info.ULEB(t.Size)
			w.info.ULEB(t.Align)
			w.info.ULEB(t.BitSize)
			w.unionBody(t)
		default:
			start(unionCode(t, abbrevDeclUnion, abbrevDeclVariantStruct), unionCode(t, abbrevUnionType, abbrevVariantStructType))
			w.info.ULEB(t.Size)
			w.info.ULEB(t.Align)
			w.unionBody(t)
		}
	default: // opaque: DW_AT_declaration is set on an anonymous one only
		start(abbrevDeclNamespaceStruct, abbrevNamespaceStructType)
		w.info.Flag(decl == nil)
	}
}

// structFields writes struct_field / struct_field_comptime children and
// the closing null.
func (w *entryWriter) structFields(t *lang.Type) {
	order := w.d.fieldOrder(t) // nil: declaration order
	for k := range t.Fields {
		i := k
		if order != nil {
			i = order[k]
		}
		f := t.Fields[i]
		name := f.Name
		if name == "" {
			name = strconv.Itoa(i)
		}
		if f.Comptime {
			w.code(abbrevStructFieldComptime)
			w.strp(name)
			w.refType(f.Type)
			continue
		}
		w.structField(name, f.Type, f.Offset, fieldAlign(f))
	}
	w.code(abbrevNull)
}

// structField writes a struct_field: a member named name of type ft at
// byte offset off, with DW_AT_alignment align.
func (w *entryWriter) structField(name string, ft *lang.Type, off, align uint64) {
	if w.member(abbrevStructField, name, ft, off) {
		w.info.ULEB(align)
	}
}

// member writes the start every member abbreviation shares: code, name,
// type and byte offset. In the portable profile a narrow signed member is
// a bit-field instead (narrowSignedMember), and member reports false: the
// caller then adds nothing.
func (w *entryWriter) member(code abbrevCode, name string, t *lang.Type, off uint64) bool {
	if w.narrowSignedMember(name, t, off) {
		return false
	}
	w.code(code)
	w.strp(name)
	w.refType(t)
	w.info.ULEB(off)
	return true
}

// fieldAlign is a field's DW_AT_alignment: its own (an align(N) field),
// else its type's.
func fieldAlign(f *lang.Field) uint64 {
	if f.Align != 0 {
		return f.Align
	}
	return f.Type.Align
}

// unionFieldAlign is fieldAlign for a field of a tagged union, where a
// noreturn field (which never holds a value) has alignment 1.
func unionFieldAlign(f *lang.Field) uint64 {
	if f.Type.Kind == lang.KindNoreturn {
		return 1
	}
	return fieldAlign(f)
}

// packedBody writes a packed struct's backing integer and its fields with
// their bit offsets.
func (w *entryWriter) packedBody(t *lang.Type) {
	backing := t.Tag
	if backing == nil {
		backing = w.d.prog.Types.Int(false, uint32(t.BitSize))
	}
	w.refType(backing)
	w.info.ULEB(t.Size)
	for _, f := range t.Fields {
		w.code(abbrevPortablePackedStructField)
		w.strp(f.Name)
		w.refType(f.Type)
		w.info.ULEB(f.BitOffset)
		w.info.ULEB(f.Type.BitSize)
	}
	w.code(abbrevNull)
}

// enumValue writes an enumerator or variant value with the signed or
// unsigned abbreviation, as the tag type says (the seed's
// enumConstValue).
func (w *entryWriter) enumValue(tag *lang.Type, value *big.Int, index int, signed, unsigned abbrevCode) {
	isSigned := tag != nil && tag.Signed
	if isSigned {
		w.code(signed)
	} else {
		w.code(unsigned)
	}
	v := value
	if v == nil {
		v = big.NewInt(int64(index))
	}
	if !isSigned && v.Sign() < 0 {
		// cannot happen for a checked program; keep the bits
		v = new(big.Int).Abs(v)
	}
	w.info.BigLEB(v, isSigned)
}

func (w *entryWriter) enumBody(t *lang.Type) {
	tag := t.Tag
	if tag == nil {
		tag = w.d.prog.Types.Int(false, 0)
	}
	stored := w.d.storedTag(tag)
	w.refType(stored)
	for i, f := range t.Fields {
		w.enumValue(stored, w.d.storedValue(tag, f.Value), i, abbrevSignedEnumField, abbrevUnsignedEnumField)
		w.strp(f.Name)
	}
	w.code(abbrevNull)
}
