package dwarfcore

import (
	"fmt"
	"strconv"

	"github.com/dwarfscope/dwarfscope/internal/align"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// Types: the entries of types no declaration names (found or added by
// refType, the seed's getTypeEntry) and their DIEs: base types, pointers,
// slices, arrays, function types, error sets and anyerror. Structs,
// enums and unions are in containers.go and variantpart.go.

// typeKey identifies a type across updates: interned types by name,
// anonymous containers by name, file root structs by their file.
func (d *Dwarf) typeKey(t *lang.Type) string {
	switch {
	case d.prog != nil && t == d.prog.Root:
		return "file:" + d.prog.Path
	case t.IsContainer() && !t.Tuple:
		return "container:" + t.Name
	}
	return "type:" + t.Name
}

// refType returns the entry of t, adding it and queueing its encoding on
// first reference in this update (the seed's getTypeEntry). Container
// types named by a declaration share that declaration's entry.
func (d *Dwarf) refType(t *lang.Type) entryRef {
	declared := t.IsContainer() && t.Decl != nil && t.Decl.Kind == lang.DeclType && t.Decl.Value == t
	memo := d.typeMemo(t)
	if memo != nil && memo.gen == d.gen {
		// Referenced before in this update: the same entry.
		d.visitType(t, memo.ref, declared)
		return memo.ref
	}
	ref := d.lookupType(t, declared)
	if memo != nil {
		*memo = typeRef{gen: d.gen, ref: ref}
	}
	d.visitType(t, ref, declared)
	return ref
}

// typeRef is a type's entry as found in one update (Dwarf.typeRefs).
type typeRef struct {
	gen int
	ref entryRef
}

// typeMemo returns the slot remembering t's entry in this update, or nil
// for a type outside the program's type table.
func (d *Dwarf) typeMemo(t *lang.Type) *typeRef {
	if d.prog == nil || t.ID < 0 || t.ID >= len(d.prog.Types.All) || d.prog.Types.All[t.ID] != t {
		return nil
	}
	if t.ID >= len(d.typeRefs) {
		d.typeRefs = append(d.typeRefs, make([]typeRef, len(d.prog.Types.All)-len(d.typeRefs))...)
	}
	return &d.typeRefs[t.ID]
}

// visitType queues t's entry ref for encoding the first time this update
// reaches it.
func (d *Dwarf) visitType(t *lang.Type, ref entryRef, declared bool) {
	if d.delta && d.cached(ref) != nil {
		// The delta path: a live entry of a type (immutable, and so is
		// everything its encoding depends on) or of a declaration not in
		// the change is up to date.
		return
	}
	if !d.visit(ref) {
		return
	}
	switch {
	case declared:
		d.infoEntry(ref).what = entryWhat{kind: whatDecl, name: t.Decl.FQN, gen: d.gen}
		d.pending = append(d.pending, pendingItem{decl: t.Decl, ref: ref})
	case t.Kind == lang.KindErrorSet && t.IsAnyerror:
		r := ref        // (a copy, so that ref itself does not escape)
		d.anyerror = &r // written at flush, once every error is known
	default:
		d.pending = append(d.pending, pendingItem{t: t, ref: ref})
	}
}

// lookupType returns t's entry, adding it if new: a declared container's
// declaration entry, or the entry of t's type key.
func (d *Dwarf) lookupType(t *lang.Type, declared bool) entryRef {
	if declared {
		ref, _ := d.declEntry(t.Decl)
		return ref
	}
	key := d.typeKey(t)
	if owner, ok := d.typeOwner[key]; ok && owner != t {
		key += "#" + strconv.Itoa(t.ID)
	} else {
		d.typeOwner[key] = t
	}
	ref, ok := d.types[key]
	if !ok {
		u := 0 // types without a declaration live in the main unit
		if t.IsContainer() {
			u = d.mods[d.module()]
		}
		what := entryWhat{kind: whatType, name: t.Name}
		if d.prog != nil && t == d.prog.Root {
			what.kind = whatFile
		}
		ref = entryRef{u, d.addCommonEntry(u, what)}
		d.types[key] = ref
	}
	return ref
}

// collectErrors numbers every error name of the program: Program.Errors[i]
// is i+1 (the values the front end gives error codes); names only error
// set types mention follow. anyerror lists them all.
func (d *Dwarf) collectErrors(prog *lang.Program) {
	d.errValues = map[string]uint64{}
	d.errNames = d.errNames[:0]
	for _, n := range prog.Errors {
		if _, ok := d.errValues[n]; !ok {
			d.errNames = append(d.errNames, n)
			d.errValues[n] = uint64(len(d.errNames))
		}
	}
	for _, t := range prog.Types.All {
		if t.Kind != lang.KindErrorSet {
			continue
		}
		for _, n := range t.Errors {
			if _, ok := d.errValues[n]; !ok {
				d.errNames = append(d.errNames, n)
				d.errValues[n] = uint64(len(d.errNames))
			}
		}
	}
}

// updateType encodes the entry of a type that no declaration names (the
// seed's updateType and the anonymous branch of updateContainerType), or
// of a file's root struct.
func (d *Dwarf) updateType(t *lang.Type, ref entryRef) error {
	fp, hit, err := d.typeUnchanged(t, ref)
	if err != nil || hit {
		return err
	}
	return d.withEntryWriter(ref, func(w *entryWriter) error {
		if err := w.encodeType(t, ref); err != nil {
			return err
		}
		d.replace(DebugInfo, ref, w.info.Bytes(), w.info.Relocs)
		if d.caching {
			d.remember(ref, fp, 0)
		}
		return nil
	})
}

// encodeType writes the DIE of a type no declaration names, or of the
// file's root struct, into w.
func (w *entryWriter) encodeType(t *lang.Type, ref entryRef) error {
	d := w.d
	ts := d.prog.Types
	switch {
	case t == d.prog.Root:
		if len(t.Fields) == 0 {
			w.code(abbrevNamespaceFile)
		} else {
			w.code(abbrevFile)
		}
		w.info.ULEB(d.fileIndex(ref.unit, d.prog.Path))
		w.strp(t.Name)
		if len(t.Fields) > 0 {
			w.info.ULEB(t.Size)
			w.info.ULEB(t.Align)
			w.structFields(t)
		}
	default:
		if err := w.typeDIE(t, ts); err != nil {
			return err
		}
	}
	return nil
}

func (w *entryWriter) numeric(t *lang.Type, ate dw.Encoding, bits uint64) {
	bits = w.d.numericBits(t, bits)
	w.code(abbrevNumericType)
	w.strp(w.d.baseTypeName(t))
	w.info.U8(byte(ate))
	w.info.ULEB(bits)
	w.info.ULEB(t.Size)
	w.info.ULEB(t.Align)
}

func (w *entryWriter) typeDIE(t *lang.Type, ts *lang.Types) error {
	switch t.Kind {
	case lang.KindInt:
		ate := dw.ATEUnsigned
		if t.Signed {
			ate = dw.ATESigned
		}
		w.numeric(t, ate, uint64(t.Bits))
		if w.d.zeroBitInt(t) {
			return w.zeroValueType(t, ts)
		}
	case lang.KindFloat:
		if t.Bits == 128 {
			w.float128(t)
			break
		}
		w.numeric(t, dw.ATEFloat, t.BitSize)
	case lang.KindBool:
		w.numeric(t, dw.ATEBoolean, t.BitSize)
	case lang.KindVoid, lang.KindNoreturn, lang.KindNull, lang.KindType:
		if t.Kind == lang.KindVoid || t.Kind == lang.KindNull {
			w.portableEmptyStruct(t)
			break
		}
		w.code(abbrevVoidType)
		w.strp(t.Name)
	case lang.KindPointer:
		if t.Elem == nil {
			return fmt.Errorf("dwarfcore: pointer type %s has no element type", t.Name)
		}
		if t.Ptr == lang.PtrSlice {
			w.sliceDIE(t, ts)
		} else {
			w.pointerDIE(t)
		}
	case lang.KindArray:
		w.code(abbrevArrayType)
		w.strp(t.Name)
		w.refType(t.Elem)
		w.info.Flag(false)
		w.code(abbrevArrayIndex)
		w.refType(ts.Usize)
		w.info.ULEB(t.Len)
		w.code(abbrevNull)
	case lang.KindOptional:
		// Options.Profile selects these encodings (portable.go).
		if w.d.opts.Profile == ProfilePortable {
			w.portableOptionalDIE(t, ts)
		} else {
			w.optionalDIE(t, ts)
		}
	case lang.KindErrorUnion:
		if w.d.opts.Profile == ProfilePortable {
			w.portableErrorUnionDIE(t)
		} else {
			w.errorUnionDIE(t, ts)
		}
	case lang.KindErrorSet:
		w.errorSetDIE(t.Name, t.Errors, ts)
	case lang.KindFn:
		nullary := len(t.Params) == 0
		if nullary {
			w.code(abbrevNullaryFuncType)
		} else {
			w.code(abbrevFuncType)
		}
		w.strp(t.Name)
		w.info.U8(byte(dw.CCNormal))
		w.refType(t.Elem)
		if !nullary {
			for _, p := range t.Params {
				w.code(abbrevFuncTypeParam)
				w.refType(p)
			}
			w.code(abbrevNull)
		}
	case lang.KindStruct, lang.KindEnum, lang.KindUnion, lang.KindOpaque:
		w.containerDIE(t, nil)
	default:
		return fmt.Errorf("dwarfcore: type %s: unknown kind %d", t.Name, t.Kind)
	}
	return nil
}

// pointerDIE writes ptr_type, followed in the same entry by is_const and
// is_volatile DIEs the pointer refers to (the seed's chain).
func (w *entryWriter) pointerDIE(t *lang.Type) {
	w.code(abbrevPtrType)
	w.strp(t.Name)
	w.info.Flag(t.AllowZero)
	w.info.ULEB(t.ElemAlign())
	w.info.U8(0) // generic address space
	if t.Const || t.Volatile {
		w.refNext()
	} else {
		w.refType(t.Elem)
	}
	if t.Const {
		w.code(abbrevIsConst)
		if t.Volatile {
			w.refNext()
		} else {
			w.refType(t.Elem)
		}
	}
	if t.Volatile {
		w.code(abbrevIsVolatile)
		w.refType(t.Elem)
	}
}

func (w *entryWriter) generatedField(name string, t *lang.Type, off uint64) {
	w.member(abbrevGeneratedField, name, t, off)
}

// sliceDIE writes a slice as a struct of ptr and len.
func (w *entryWriter) sliceDIE(t *lang.Type, ts *lang.Types) {
	w.code(abbrevStructType)
	w.strp(t.Name)
	w.info.ULEB(t.Size)
	w.info.ULEB(t.Align)
	ptr := ts.SlicePtr(t)
	w.generatedField("ptr", ptr, 0)
	w.generatedField("len", ts.Usize, align.Forward(ptr.Size, ts.Usize.Align))
	w.code(abbrevNull)
}

// errorSetDIE writes an error set as an enumeration over the error
// integer, each error with its program-wide value.
func (w *entryWriter) errorSetDIE(name string, errs []string, ts *lang.Types) {
	if len(errs) > 0 {
		w.code(abbrevEnumType)
	} else {
		w.code(abbrevEmptyEnumType)
	}
	w.strp(name)
	w.refType(ts.ErrorInt)
	for _, e := range errs {
		w.code(abbrevUnsignedEnumField)
		w.info.ULEB(w.d.errValues[e])
		w.strp(e)
	}
	if len(errs) > 0 {
		w.code(abbrevNull)
	}
}

// updateAnyerror writes anyerror with every error of the program, at
// the end of the update (the seed does it in flushModule).
func (d *Dwarf) updateAnyerror(ref entryRef) {
	w := d.getEntryWriter(ref)
	defer d.putEntryWriter(w)
	w.errorSetDIE("anyerror", d.errNames, d.prog.Types)
	d.replace(DebugInfo, ref, w.info.Bytes(), w.info.Relocs)
	if d.caching {
		// no fingerprint (anyerror is always encoded again), but its
		// reference to the error integer counts (update_delta.go)
		d.refScratch = append(d.refScratch[:0], d.refType(d.prog.Types.ErrorInt))
		d.remember(ref, fingerprint{}, 0)
	}
	// anyerror refers to the error integer, which may be new
	_ = d.drain()
}
