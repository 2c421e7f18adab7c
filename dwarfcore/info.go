package dwarfcore

import (
	"fmt"
	"math/big"
	"strconv"

	"github.com/dwarfscope/dwarfscope/internal/leb128"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// whatKind says what owns an entry.
type whatKind uint8

const (
	whatDecl whatKind = iota
	whatType
	whatFile
	whatString
	whatAbbrevTable
)

// entryWhat describes an entry's owner.
type entryWhat struct {
	kind whatKind
	name string
	// gen is the update that last encoded the entry (.debug_info copy
	// only); -1 once emptied.
	gen int
}

func (w entryWhat) String() string {
	switch w.kind {
	case whatDecl:
		return "declaration " + w.name
	case whatType:
		return "type " + w.name
	case whatFile:
		return "file " + w.name
	case whatString:
		return "string"
	case whatAbbrevTable:
		return "abbreviation table"
	}
	return "?"
}

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

// declEntry returns the common entry of a declaration, adding it if new.
func (d *Dwarf) declEntry(decl *lang.Decl) (entryRef, bool) {
	if ref, ok := d.decls[decl.FQN]; ok {
		return ref, false
	}
	u := d.mods[d.module()]
	ref := entryRef{u, d.addCommonEntry(u, entryWhat{kind: whatDecl, name: decl.FQN})}
	d.decls[decl.FQN] = ref
	return ref, true
}

func (d *Dwarf) module() string {
	if d.prog.Module == "" {
		return "root"
	}
	return d.prog.Module
}

// infoEntry returns the .debug_info entry of ref.
func (d *Dwarf) infoEntry(ref entryRef) *entry {
	return &d.sections[DebugInfo].units[ref.unit].entries[ref.entry]
}

// visit marks ref as encoded by this update; it reports false if it
// already was.
func (d *Dwarf) visit(ref entryRef) bool {
	e := d.infoEntry(ref)
	if e.what.gen == d.gen {
		return false
	}
	e.what.gen = d.gen
	return true
}

// queueDecl queues a declaration for encoding (once per update).
func (d *Dwarf) queueDecl(decl *lang.Decl) error {
	if decl.Kind == lang.DeclFunc && (decl.Extern || decl.Func == nil) {
		return nil // no definition, no entry
	}
	ref, _ := d.declEntry(decl)
	if d.visit(ref) {
		d.infoEntry(ref).what = entryWhat{kind: whatDecl, name: decl.FQN, gen: d.gen}
		d.pending = append(d.pending, pendingItem{decl: decl, ref: ref})
	}
	return nil
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

func accessibility(decl *lang.Decl) byte {
	if decl.Pub {
		return accessPublic
	}
	return accessPrivate
}

// declCommon writes the attributes every declaration abbreviation starts
// with: ZIG_parent, decl_line (4 bytes at a fixed offset), decl_column,
// accessibility, name.
func (w *wip) declCommon(code abbrevCode, decl *lang.Decl) {
	w.code(code)
	parent := decl.Parent
	if parent == nil {
		parent = w.d.prog.Root
	}
	w.refType(parent)
	if w.dry {
		w.u32(0) // a line-only change keeps the fingerprint
	} else {
		w.u32(uint32(decl.Line))
	}
	w.uleb(uint64(decl.Col))
	w.byte1(accessibility(decl))
	w.strp(decl.Name)
}

// funcAlignment is the target's default function alignment (Zig's
// target.defaultFunctionAlignment).
func (d *Dwarf) funcAlignment() uint64 {
	switch d.opts.Arch.Name {
	case "aarch64":
		return 4
	case "riscv64":
		return 2
	}
	return 1
}

// updateDecl encodes a declaration's common entry: its DIE and, for a
// function, its line program, address range and range list entry.
func (d *Dwarf) updateDecl(decl *lang.Decl, ref entryRef) error {
	var fp fingerprint
	if d.caching {
		var hit bool
		var err error
		if fp, hit, err = d.declUnchanged(decl, ref); err != nil || hit {
			return err
		}
	}
	w := d.getWip(ref)
	defer d.putWip(w)
	fn, err := w.encodeDecl(decl)
	if err != nil {
		return err
	}
	if fn != nil {
		d.funcRanges(ref, decl.Symbol(), fn.Size)
	} else {
		d.replace(DebugAranges, ref, nil, nil)
		d.replace(DebugRnglists, ref, nil, nil)
	}
	d.replace(DebugInfo, ref, w.info, w.infoRelocs)
	d.replace(DebugLine, ref, w.line, w.lineRelocs)
	d.replace(DebugLoclists, ref, nil, nil)
	if d.caching {
		d.remember(ref, fp, decl.Line)
		if fn != nil {
			d.cached(ref).code = codeFingerprint(fn)
		}
	}
	return nil
}

// encodeDecl writes a declaration's DIE (and, for a function, its line
// program) into w, and returns the function's code for a function.
func (w *wip) encodeDecl(decl *lang.Decl) (*FuncCode, error) {
	d := w.d
	var fn *FuncCode
	switch decl.Kind {
	case lang.DeclVar:
		if decl.Type == nil {
			return nil, fmt.Errorf("dwarfcore: %s has no type", decl.FQN)
		}
		w.declCommon(abbrevDeclVar, decl)
		w.strp(decl.Symbol())
		w.refType(decl.Type)
		w.exprAddr(decl.Symbol(), decl.ThreadLocal)
		w.uleb(decl.DataAlign())
		w.flag(decl.Export)
		w.plainNameVar(decl, func() { w.refType(decl.Type) })
	case lang.DeclConst:
		if decl.Type == nil {
			return nil, fmt.Errorf("dwarfcore: %s has no type", decl.FQN)
		}
		// The seed's runtime constant: the variable's type is a const_type
		// DIE written right after it, in the same entry.
		w.declCommon(abbrevDeclVar, decl)
		w.strp(decl.Symbol())
		fwd := w.refForward()
		w.exprAddr(decl.Symbol(), decl.ThreadLocal)
		w.uleb(decl.DataAlign())
		w.flag(decl.Export)
		fwdPlain := -1
		w.plainNameVar(decl, func() { fwdPlain = w.refForward() })
		w.finishForward(fwd)
		w.finishForward(fwdPlain)
		w.code(abbrevIsConst)
		w.refType(decl.Type)
	case lang.DeclFunc:
		fn = d.funcCode(decl)
		if err := w.funcDIE(decl, fn); err != nil {
			return nil, err
		}
		if err := w.lineProgram(decl, fn); err != nil {
			return nil, err
		}
	case lang.DeclType:
		t := decl.Value
		if t == nil {
			return nil, fmt.Errorf("dwarfcore: %s declares no type", decl.FQN)
		}
		if t.Decl != decl || !t.IsContainer() {
			w.declAlias(decl, t)
		} else {
			w.containerDecl(decl, t)
		}
	case lang.DeclAlias:
		if decl.Value == nil {
			return nil, fmt.Errorf("dwarfcore: %s names no type", decl.FQN)
		}
		w.declAlias(decl, decl.Value)
	default:
		return nil, fmt.Errorf("dwarfcore: %s: unknown declaration kind %d", decl.FQN, decl.Kind)
	}
	return fn, nil
}

// funcCode returns what code generation reported about a function (no
// code at all when it did not report it).
func (d *Dwarf) funcCode(decl *lang.Decl) *FuncCode {
	if fn := d.code[decl]; fn != nil {
		return fn
	}
	return &FuncCode{Decl: decl}
}

// exprAddr writes the DW_FORM_exprloc of a global: DW_OP_addr sym, and
// for a thread-local DW_OP_addr (DTPOFF) DW_OP_form_tls_address.
func (w *wip) exprAddr(sym string, tls bool) {
	if w.d.opts.StaticTLS {
		tls = false // the main thread's copy (Options.StaticTLS)
	}
	n := 1 + w.d.addrSize()
	if tls {
		n++
	}
	w.uleb(n)
	w.byte1(opAddr)
	w.addrSym(sym, 0, tls)
	if tls {
		w.byte1(opFormTLSAddress)
	}
}

func (w *wip) declAlias(decl *lang.Decl, t *lang.Type) {
	w.declCommon(abbrevDeclAlias, decl)
	w.refType(t)
}

// funcDIE writes decl_func (or decl_func_empty when the function has no
// parameters or locals) with its local_arg/local_var children.
func (w *wip) funcDIE(decl *lang.Decl, fn *FuncCode) error {
	f := decl.Func
	ret := f.Ret
	if ret == nil && decl.Type != nil {
		ret = decl.Type.Elem
	}
	if ret == nil {
		return fmt.Errorf("dwarfcore: %s has no return type", decl.FQN)
	}
	w.declCommon(abbrevDeclFunc, decl)
	w.strp(decl.Symbol())
	w.refType(ret)
	w.addrSym(decl.Symbol(), 0, false)
	w.addrSym(decl.Symbol(), int64(fn.Size), false)
	if decl.Align != 0 {
		w.uleb(decl.Align)
	} else {
		w.uleb(w.d.funcAlignment())
	}
	w.flag(decl.Export)
	w.flag(ret.Kind == lang.KindNoreturn)
	var locs map[*lang.Local]Location
	if len(fn.Vars) > 0 {
		locs = make(map[*lang.Local]Location, len(fn.Vars))
		for _, v := range fn.Vars {
			locs[v.Local] = v.Loc
		}
	}
	for _, l := range f.Locals {
		if l.Type == nil {
			return fmt.Errorf("dwarfcore: %s: local %s has no type", decl.FQN, l.Name)
		}
		if l.Param {
			w.code(abbrevLocalArg)
		} else {
			w.code(abbrevLocalVar)
		}
		w.strp(l.Name)
		w.refType(l.Type)
		w.exprloc(locs[l])
	}
	if len(f.Locals) > 0 {
		w.code(abbrevNull)
	} else {
		leb128.PutUnsignedFixed(w.info[:declAbbrevBytes], uint64(abbrevDeclFuncEmpty))
	}
	return nil
}

// funcRanges writes a function's .debug_aranges entry (address, length)
// and .debug_rnglists entry (DW_RLE_start_end).
func (d *Dwarf) funcRanges(ref entryRef, sym string, size uint64) {
	a := d.addrSize()
	s := d.symbol(sym)
	var buf [1 + 16]byte
	ar := buf[:2*a]
	clear(ar)
	putUint(d.order, ar[a:], size)
	recs := [2]relocRec{{kind: External, sym: s}}
	d.replace(DebugAranges, ref, ar, recs[:1])
	var rlBuf [1 + 16]byte
	rl := rlBuf[:1+2*a]
	rl[0] = rleStartEnd
	recs = [2]relocRec{
		{kind: External, sourceOff: 1, sym: s},
		{kind: External, sourceOff: 1 + a, sym: s, addend: int64(size)},
	}
	d.replace(DebugRnglists, ref, rl, recs[:])
}

// containerDecl writes the entry of `const S = struct/enum/union {...}`.
func (w *wip) containerDecl(decl *lang.Decl, t *lang.Type) {
	switch t.Kind {
	case lang.KindStruct:
		switch {
		case t.Layout == lang.LayoutPacked && w.d.opts.Profile == ProfilePortable:
			w.declCommon(abbrevPortableDeclPackedStruct, decl)
			w.portablePacked(t)
		case t.Layout == lang.LayoutPacked:
			w.declCommon(abbrevDeclSizedPackedStruct, decl)
			w.packedBody(t)
		case len(t.Fields) == 0:
			w.declCommon(abbrevDeclNamespaceStruct, decl)
			w.flag(false)
		default:
			w.declCommon(abbrevDeclStruct, decl)
			w.uleb(t.Size)
			w.uleb(t.Align)
			w.structFields(t)
		}
	case lang.KindEnum:
		w.declCommon(abbrevDeclEnum, decl)
		w.enumBody(t)
	case lang.KindUnion:
		if t.Tag != nil && w.d.opts.Profile == ProfilePortable {
			w.declCommon(abbrevDeclStruct, decl)
			w.uleb(t.Size)
			w.uleb(t.Align)
			w.portableTaggedUnionBody(t)
			break
		}
		if t.Layout == lang.LayoutPacked {
			w.declCommon(abbrevDeclPackedUnion, decl)
			w.uleb(t.Size)
			w.uleb(t.Align)
			w.uleb(t.BitSize)
			w.unionBody(t)
			break
		}
		w.declCommon(unionCode(t, abbrevDeclUnion, abbrevDeclVariantStruct), decl)
		w.uleb(t.Size)
		w.uleb(t.Align)
		w.unionBody(t)
	default: // opaque
		w.declCommon(abbrevDeclNamespaceStruct, decl)
		w.flag(false)
	}
}

// structFields writes struct_field / struct_field_comptime children and
// the closing null.
func (w *wip) structFields(t *lang.Type) {
	for i, f := range t.Fields {
		if f.Comptime {
			w.code(abbrevStructFieldComptime)
		} else {
			w.code(abbrevStructField)
		}
		name := f.Name
		if name == "" {
			name = strconv.Itoa(i)
		}
		w.strp(name)
		w.refType(f.Type)
		if !f.Comptime {
			w.uleb(f.Offset)
			align := f.Align
			if align == 0 {
				align = f.Type.Align
			}
			w.uleb(align)
		}
	}
	w.code(abbrevNull)
}

// packedBody writes a packed struct's backing integer and its fields with
// their bit offsets.
func (w *wip) packedBody(t *lang.Type) {
	backing := t.Tag
	if backing == nil {
		backing = w.d.prog.Types.Int(false, uint32(t.BitSize))
	}
	w.refType(backing)
	w.uleb(t.Size)
	for _, f := range t.Fields {
		w.code(abbrevPortablePackedStructField)
		w.strp(f.Name)
		w.refType(f.Type)
		w.uleb(f.BitOffset)
		w.uleb(f.Type.BitSize)
	}
	w.code(abbrevNull)
}

// enumValue writes an enumerator or variant value with the signed or
// unsigned abbreviation, as the tag type says (the seed's
// enumConstValue).
func (w *wip) enumValue(tag *lang.Type, value *big.Int, index int, signed, unsigned abbrevCode) {
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
	w.info = leb128.AppendBig(w.info, v, isSigned)
}

func (w *wip) enumBody(t *lang.Type) {
	tag := t.Tag
	if tag == nil {
		tag = w.d.prog.Types.Int(false, 0)
	}
	w.refType(tag)
	for i, f := range t.Fields {
		w.enumValue(tag, f.Value, i, abbrevSignedEnumField, abbrevUnsignedEnumField)
		w.strp(f.Name)
	}
	w.code(abbrevNull)
}

// unionBody writes a union's variant part (tagged) or members (bare) and
// the closing null of the union.
func (w *wip) unionBody(t *lang.Type) {
	if t.Tag != nil {
		w.code(abbrevTaggedUnion)
		w.refNext()
		w.code(abbrevGeneratedField)
		w.strp("tag")
		w.refType(t.Tag)
		w.uleb(t.TagOffset)
		intTag := t.Tag.Tag
		for i, f := range t.Fields {
			w.enumValue(intTag, f.Value, i, abbrevSignedTaggedUnionField, abbrevUnsignedTaggedUnionField)
			w.code(abbrevStructField)
			w.strp(f.Name)
			w.refType(f.Type)
			w.uleb(t.PayloadOffset)
			align := f.Align
			if f.Type.Kind == lang.KindNoreturn {
				align = 1
			} else if align == 0 {
				align = f.Type.Align
			}
			w.uleb(align)
			w.code(abbrevNull)
		}
		w.code(abbrevNull)
	} else {
		for _, f := range t.Fields {
			w.code(abbrevUntaggedUnionField)
			w.strp(f.Name)
			w.refType(f.Type)
			align := f.Align
			if align == 0 {
				align = f.Type.Align
			}
			w.uleb(align)
		}
		if st := t.SafetyTag; st != nil && st.HasBits() {
			// Zig's hidden Debug-mode tag: the index of the active field
			w.generatedField("safety tag", st, t.TagOffset)
		}
	}
	w.code(abbrevNull)
}

// updateType encodes the entry of a type that no declaration names (the
// seed's updateType and the anonymous branch of updateContainerType), or
// of a file's root struct.
func (d *Dwarf) updateType(t *lang.Type, ref entryRef) error {
	var fp fingerprint
	if d.caching {
		var hit bool
		var err error
		if fp, hit, err = d.typeUnchanged(t, ref); err != nil || hit {
			return err
		}
	}
	w := d.getWip(ref)
	defer d.putWip(w)
	if err := w.encodeType(t, ref); err != nil {
		return err
	}
	d.replace(DebugInfo, ref, w.info, w.infoRelocs)
	if d.caching {
		d.remember(ref, fp, 0)
	}
	return nil
}

// encodeType writes the DIE of a type no declaration names, or of the
// file's root struct, into w.
func (w *wip) encodeType(t *lang.Type, ref entryRef) error {
	d := w.d
	ts := d.prog.Types
	switch {
	case t == d.prog.Root:
		if len(t.Fields) == 0 {
			w.code(abbrevNamespaceFile)
		} else {
			w.code(abbrevFile)
		}
		w.uleb(d.fileIndex(ref.unit, d.prog.Path))
		w.strp(t.Name)
		if len(t.Fields) > 0 {
			w.uleb(t.Size)
			w.uleb(t.Align)
			w.structFields(t)
		}
	default:
		if err := w.typeDIE(t, ts); err != nil {
			return err
		}
	}
	return nil
}

func (w *wip) numeric(t *lang.Type, ate byte, bits uint64) {
	bits = w.d.numericBits(t, bits)
	w.code(abbrevNumericType)
	w.strp(t.Name)
	w.byte1(ate)
	w.uleb(bits)
	w.uleb(t.Size)
	w.uleb(t.Align)
}

func (w *wip) typeDIE(t *lang.Type, ts *lang.Types) error {
	switch t.Kind {
	case lang.KindInt:
		ate := byte(ateUnsigned)
		if t.Signed {
			ate = ateSigned
		}
		w.numeric(t, ate, uint64(t.Bits))
	case lang.KindFloat:
		if t.Bits == 128 {
			w.float128(t)
			break
		}
		w.numeric(t, ateFloat, t.BitSize)
	case lang.KindBool:
		w.numeric(t, ateBoolean, t.BitSize)
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
		w.flag(false)
		w.code(abbrevArrayIndex)
		w.refType(ts.Usize)
		w.uleb(t.Len)
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
		w.byte1(ccNormal)
		w.refType(t.Elem)
		if !nullary {
			for _, p := range t.Params {
				w.code(abbrevFuncTypeParam)
				w.refType(p)
			}
			w.code(abbrevNull)
		}
	case lang.KindStruct:
		switch {
		case t.Layout == lang.LayoutPacked && w.d.opts.Profile == ProfilePortable:
			w.code(abbrevPortablePackedStructType)
			w.strp(t.Name)
			w.portablePacked(t)
		case t.Layout == lang.LayoutPacked:
			w.code(abbrevSizedPackedStructType)
			w.strp(t.Name)
			w.packedBody(t)
		case len(t.Fields) == 0:
			w.code(abbrevNamespaceStructType)
			w.strp(t.Name)
			w.flag(false)
		default:
			w.code(abbrevStructType)
			w.strp(t.Name)
			w.uleb(t.Size)
			w.uleb(t.Align)
			w.structFields(t)
		}
	case lang.KindEnum:
		w.code(abbrevEnumType)
		w.strp(t.Name)
		w.enumBody(t)
	case lang.KindUnion:
		if t.Tag != nil && w.d.opts.Profile == ProfilePortable {
			w.code(abbrevStructType)
			w.strp(t.Name)
			w.uleb(t.Size)
			w.uleb(t.Align)
			w.portableTaggedUnionBody(t)
			break
		}
		if t.Layout == lang.LayoutPacked {
			w.code(abbrevPackedUnionType)
			w.strp(t.Name)
			w.uleb(t.Size)
			w.uleb(t.Align)
			w.uleb(t.BitSize)
			w.unionBody(t)
			break
		}
		w.code(unionCode(t, abbrevUnionType, abbrevVariantStructType))
		w.strp(t.Name)
		w.uleb(t.Size)
		w.uleb(t.Align)
		w.unionBody(t)
	case lang.KindOpaque:
		w.code(abbrevNamespaceStructType)
		w.strp(t.Name)
		w.flag(true)
	default:
		return fmt.Errorf("dwarfcore: type %s: unknown kind %d", t.Name, t.Kind)
	}
	return nil
}

// pointerDIE writes ptr_type, followed in the same entry by is_const and
// is_volatile DIEs the pointer refers to (the seed's chain).
func (w *wip) pointerDIE(t *lang.Type) {
	w.code(abbrevPtrType)
	w.strp(t.Name)
	w.flag(t.AllowZero)
	w.uleb(t.ElemAlign())
	w.byte1(0) // generic address space
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

func (w *wip) generatedField(name string, t *lang.Type, off uint64) {
	w.code(abbrevGeneratedField)
	w.strp(name)
	w.refType(t)
	w.uleb(off)
}

func alignForward(n, a uint64) uint64 {
	if a <= 1 {
		return n
	}
	return (n + a - 1) / a * a
}

// sliceDIE writes a slice as a struct of ptr and len.
func (w *wip) sliceDIE(t *lang.Type, ts *lang.Types) {
	w.code(abbrevStructType)
	w.strp(t.Name)
	w.uleb(t.Size)
	w.uleb(t.Align)
	ptr := ts.SlicePtr(t)
	w.generatedField("ptr", ptr, 0)
	w.generatedField("len", ts.Usize, alignForward(ptr.Size, ts.Usize.Align))
	w.code(abbrevNull)
}

// optionalDIE writes ?T as a union with a variant part whose
// discriminant is has_value: a bool after the payload (unpacked), the
// error code itself (error sets) or the pointer itself (pointers), as the
// program's layout says.
func (w *wip) optionalDIE(t *lang.Type, ts *lang.Types) {
	child := t.Elem
	w.code(abbrevVariantStructType)
	w.strp(t.Name)
	w.uleb(t.Size)
	w.uleb(lang.AlignOf(t))
	if child.Kind == lang.KindNoreturn {
		w.generatedField("null", ts.Null, 0)
	} else {
		w.code(abbrevTaggedUnion)
		w.refNext()
		switch {
		case lang.OptionalIsPointer(child) && child.Kind == lang.KindErrorSet:
			w.generatedField("has_value", ts.ErrorInt, 0)
		case lang.OptionalIsPointer(child):
			w.generatedField("has_value", ts.Usize, 0)
		default:
			off := uint64(0)
			if child.HasBits() {
				off = child.Size
			}
			w.generatedField("has_value", ts.Bool, off)
		}
		w.code(abbrevUnsignedTaggedUnionField)
		w.uleb(0)
		w.generatedField("null", ts.Null, 0)
		w.code(abbrevNull)
		w.code(abbrevTaggedUnionDefaultField)
		w.generatedField("?", child, 0)
		w.code(abbrevNull)
		w.code(abbrevNull)
	}
	w.code(abbrevNull)
}

// errorUnionDIE writes E!T as a union whose variant part is selected by
// is_error (?E over the error code).
func (w *wip) errorUnionDIE(t *lang.Type, ts *lang.Types) {
	errOff := lang.ErrUnionErrorOffset(t)
	payOff := lang.ErrUnionPayloadOffset(t)
	w.code(abbrevVariantStructType)
	w.strp(t.Name)
	w.uleb(t.Size)
	w.uleb(lang.AlignOf(t))
	w.code(abbrevTaggedUnion)
	w.refNext()
	w.generatedField("is_error", ts.Optional(t.ErrSet), errOff)
	w.code(abbrevUnsignedTaggedUnionField)
	w.uleb(0)
	w.generatedField("value", t.Elem, payOff)
	w.code(abbrevNull)
	w.code(abbrevTaggedUnionDefaultField)
	w.generatedField("error", t.ErrSet, errOff)
	w.code(abbrevNull)
	w.code(abbrevNull)
	w.code(abbrevNull)
}

// errorSetDIE writes an error set as an enumeration over the error
// integer, each error with its program-wide value.
func (w *wip) errorSetDIE(name string, errs []string, ts *lang.Types) {
	if len(errs) > 0 {
		w.code(abbrevEnumType)
	} else {
		w.code(abbrevEmptyEnumType)
	}
	w.strp(name)
	w.refType(ts.ErrorInt)
	for _, e := range errs {
		w.code(abbrevUnsignedEnumField)
		w.uleb(w.d.errValues[e])
		w.strp(e)
	}
	if len(errs) > 0 {
		w.code(abbrevNull)
	}
}

// updateAnyerror writes anyerror with every error of the program, at
// the end of the update (the seed does it in flushModule).
func (d *Dwarf) updateAnyerror(ref entryRef) {
	w := d.getWip(ref)
	defer d.putWip(w)
	w.errorSetDIE("anyerror", d.errNames, d.prog.Types)
	d.replace(DebugInfo, ref, w.info, w.infoRelocs)
	if d.caching {
		// no fingerprint (anyerror is always encoded again), but its
		// reference to the error integer counts (delta.go)
		d.refScratch = append(d.refScratch[:0], d.refType(d.prog.Types.ErrorInt))
		d.remember(ref, fingerprint{}, 0)
	}
	// anyerror refers to the error integer, which may be new
	_ = d.drain()
}
