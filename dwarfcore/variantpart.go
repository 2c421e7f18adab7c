package dwarfcore

import "github.com/dwarfscope/dwarfscope/dwarfcore/lang"

// Variant parts: tagged unions, optionals and error unions, written (in
// the seed's profile) as a structure around a DW_TAG_variant_part whose
// discriminant selects the variant. The portable profile writes them
// without one (portable.go).

// variantPart writes a DW_TAG_variant_part (the seed's tagged_union):
// its DW_AT_discr refers to the artificial member discrName of type
// discr at byte offset discrOff, written right after it; then variants
// writes the DW_TAG_variant children, and the closing null ends the
// variant part. This is the one place a variant part is written: tagged
// unions (unionBody), optionals (optionalDIE) and error unions
// (errorUnionDIE) of the seed's profile use it.
func (w *entryWriter) variantPart(discrName string, discr *lang.Type, discrOff uint64, variants func()) {
	w.code(abbrevTaggedUnion)
	w.refNext()
	w.generatedField(discrName, discr, discrOff)
	variants()
	w.code(abbrevNull)
}

// zeroOrDefaultVariants writes the two variants of an optional or error
// union: for discriminant 0, the artificial member zeroName of type zero
// at zeroOff; for any other value (DW_TAG_variant without
// DW_AT_discr_value), otherName of type other at otherOff.
func (w *entryWriter) zeroOrDefaultVariants(zeroName string, zero *lang.Type, zeroOff uint64, otherName string, other *lang.Type, otherOff uint64) {
	w.code(abbrevUnsignedTaggedUnionField)
	w.info.ULEB(0)
	w.generatedField(zeroName, zero, zeroOff)
	w.code(abbrevNull)
	w.code(abbrevTaggedUnionDefaultField)
	w.generatedField(otherName, other, otherOff)
	w.code(abbrevNull)
}

// unionBody writes a union's variant part (tagged) or members (bare) and
// the closing null of the union.
func (w *entryWriter) unionBody(t *lang.Type) {
	if t.Tag != nil {
		w.variantPart("tag", t.Tag, t.TagOffset, func() {
			intTag := t.Tag.Tag
			for i, f := range t.Fields {
				w.enumValue(intTag, f.Value, i, abbrevSignedTaggedUnionField, abbrevUnsignedTaggedUnionField)
				w.structField(f.Name, f.Type, t.PayloadOffset, unionFieldAlign(f))
				w.code(abbrevNull)
			}
		})
	} else {
		for _, f := range t.Fields {
			w.code(abbrevUntaggedUnionField)
			w.strp(f.Name)
			w.refType(f.Type)
			w.info.ULEB(fieldAlign(f))
		}
		if st := t.SafetyTag; st != nil && st.HasBits() {
			// Zig's hidden Debug-mode tag: the index of the active field
			w.generatedField("safety tag", st, t.TagOffset)
		}
	}
	w.code(abbrevNull)
}

// optionalDIE writes ?T as a union with a variant part whose
// discriminant is has_value: a bool after the payload (unpacked), the
// error code itself (error sets) or the pointer itself (pointers), as the
// program's layout says.
func (w *entryWriter) optionalDIE(t *lang.Type, ts *lang.Types) {
	child := t.Elem
	w.code(abbrevVariantStructType)
	w.strp(t.Name)
	w.info.ULEB(t.Size)
	w.info.ULEB(lang.AlignOf(t))
	if child.Kind == lang.KindNoreturn {
		w.generatedField("null", ts.Null, 0)
		w.code(abbrevNull)
		return
	}
	hasValue, hasValueOff := ts.Bool, uint64(0)
	switch {
	case lang.OptionalIsPointer(child) && child.Kind == lang.KindErrorSet:
		hasValue = ts.ErrorInt
	case lang.OptionalIsPointer(child):
		hasValue = ts.Usize
	case child.HasBits():
		hasValueOff = child.Size
	}
	w.variantPart("has_value", hasValue, hasValueOff, func() {
		w.zeroOrDefaultVariants("null", ts.Null, 0, "?", child, 0)
	})
	w.code(abbrevNull)
}

// errorUnionDIE writes E!T as a union whose variant part is selected by
// is_error (?E over the error code).
func (w *entryWriter) errorUnionDIE(t *lang.Type, ts *lang.Types) {
	errOff := lang.ErrUnionErrorOffset(t)
	payOff := lang.ErrUnionPayloadOffset(t)
	w.code(abbrevVariantStructType)
	w.strp(t.Name)
	w.info.ULEB(t.Size)
	w.info.ULEB(lang.AlignOf(t))
	w.variantPart("is_error", ts.Optional(t.ErrSet), errOff, func() {
		w.zeroOrDefaultVariants("value", t.Elem, payOff, "error", t.ErrSet, errOff)
	})
	w.code(abbrevNull)
}

// unionCode is the abbreviation of a union's entry: the seed's union, or
// for a tagged union (whose members sit in a DW_TAG_variant_part) a
// structure around the variant part, as Rust writes it. gdb 13 reads a
// variant part's discriminant only inside a structure: inside a union it
// sizes the type as its largest variant and shows the first variant. The
// rest of the seed's encoding (the variant part, its discriminant member,
// the variants and their members) stays as it is; optionals and error
// unions take the same structure (optionalDIE, errorUnionDIE).
func unionCode(t *lang.Type, union, variantStruct abbrevCode) abbrevCode {
	if t.Tag != nil {
		return variantStruct
	}
	return union
}
