package dwarfcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// Declarations: each declaration's common entry and its DIE (variables,
// constants, functions, type declarations and aliases). Functions are in
// funcs.go, the types a declaration names in types.go and containers.go.

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

func accessibility(decl *lang.Decl) dw.Access {
	if decl.Pub {
		return dw.AccessPublic
	}
	return dw.AccessPrivate
}

// declCommon writes the attributes every declaration abbreviation starts
// with: ZIG_parent, decl_line (4 bytes at a fixed offset), decl_column,
// accessibility, name. It returns the abbreviation code's placeholder:
// every declaration code has the same length, so a caller may choose
// another once the children are written.
func (w *entryWriter) declCommon(code abbrevCode, decl *lang.Decl) bytewriter.Placeholder {
	codeAt := w.info.ULEBPlaceholder(uint64(code))
	parent := decl.Parent
	if parent == nil {
		parent = w.d.prog.Root
	}
	w.refType(parent)
	if w.dry {
		w.info.U32(0) // a line-only change keeps the fingerprint
	} else {
		w.info.U32(uint32(decl.Line))
	}
	w.info.ULEB(uint64(decl.Col))
	w.info.U8(byte(accessibility(decl)))
	w.strp(decl.Name)
	return codeAt
}

// updateDecl encodes a declaration's common entry: its DIE and, for a
// function, its line program, address range and range list entry.
func (d *Dwarf) updateDecl(decl *lang.Decl, ref entryRef) error {
	fp, hit, err := d.declUnchanged(decl, ref)
	if err != nil || hit {
		return err
	}
	return d.withEntryWriter(ref, func(w *entryWriter) error {
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
		d.replace(DebugInfo, ref, w.info.Bytes(), w.info.Relocs)
		d.replace(DebugLine, ref, w.line.Bytes(), w.line.Relocs)
		d.replace(DebugLoclists, ref, nil, nil)
		if d.caching {
			d.remember(ref, fp, decl.Line)
			if fn != nil {
				d.cached(ref).code = codeFingerprint(fn)
			}
		}
		return nil
	})
}

// encodeDecl writes a declaration's DIE (and, for a function, its line
// program) into w, and returns the function's code for a function.
func (w *entryWriter) encodeDecl(decl *lang.Decl) (*FuncCode, error) {
	d := w.d
	var fn *FuncCode
	switch decl.Kind {
	case lang.DeclVar:
		if decl.Type == nil {
			return nil, fmt.Errorf("dwarfcore: %s has no type", decl.FQN)
		}
		w.declCommon(abbrevDeclVar, decl)
		w.strp(decl.Symbol())
		w.refValueType(decl.Type)
		w.exprAddrPieces(decl.Symbol(), decl.ThreadLocal, d.valuePieces(decl.Type))
		w.info.ULEB(decl.DataAlign())
		w.info.Flag(decl.Export)
		w.plainNameVar(decl, func() { w.refValueType(decl.Type) })
	case lang.DeclConst:
		if decl.Type == nil {
			return nil, fmt.Errorf("dwarfcore: %s has no type", decl.FQN)
		}
		// The seed's runtime constant: the variable's type is a const_type
		// DIE written right after it, in the same entry.
		w.declCommon(abbrevDeclVar, decl)
		w.strp(decl.Symbol())
		fwd := w.refForward()
		w.exprAddrPieces(decl.Symbol(), decl.ThreadLocal, d.valuePieces(decl.Type))
		w.info.ULEB(decl.DataAlign())
		w.info.Flag(decl.Export)
		fwdPlain := -1
		w.plainNameVar(decl, func() { fwdPlain = w.refForward() })
		w.finishForward(fwd)
		w.finishForward(fwdPlain)
		w.code(abbrevIsConst)
		w.refValueType(decl.Type)
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
			w.containerDIE(t, decl)
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

func (w *entryWriter) declAlias(decl *lang.Decl, t *lang.Type) {
	w.declCommon(abbrevDeclAlias, decl)
	w.refType(t)
}
