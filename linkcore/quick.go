package linkcore

import (
	"bytes"
	"slices"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/linkcore/codegen"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
)

// This file is the quick path of an incremental update: when the front
// end re-checked only some declarations (lang.Program.Changes) and the
// change leaves the object's layout alone — no symbol comes or goes or
// changes size or section, no debug section changes size, no relocation
// record changes — the new bytes are written straight into the image: the
// DWARF emitter's writes, and the new initial values of changed
// variables and constants. Nothing else is rebuilt. Any other update
// rebuilds the object in memory and writes the bytes that differ (patch).

// quickState is what the quick path needs from the last update.
type quickState struct {
	// symbols finds the last object's symbols by name.
	symbols map[string]*elfobj.Symbol
	// funcs finds a function's index in Code.Funcs (and Code.Debug).
	funcs map[*lang.Decl]int
}

// newQuickState indexes a fully rebuilt update.
func newQuickState(r *Result) *quickState {
	q := &quickState{symbols: make(map[string]*elfobj.Symbol, len(r.Object.Symbols)), funcs: make(map[*lang.Decl]int, len(r.Code.Funcs))}
	for _, s := range r.Object.Symbols {
		q.symbols[s.Name] = s
	}
	for i, f := range r.Code.Funcs {
		q.funcs[f.Decl] = i
	}
	return q
}

// dataPatch is a changed variable's or constant's new bytes.
type dataPatch struct {
	sym  *elfobj.Symbol
	data []byte
}

// quickCode returns the code of prog when only declarations' lines, data
// values and function bodies that compile to the same bytes changed since
// the last update; ok is false otherwise. The patches hold the new data
// values, funcs the changed functions.
func (in *Incremental) quickCode(prog *lang.Program) (code *codegen.Code, patches []dataPatch, funcs []funcSwap, ok bool) {
	return quickCode(in.last, in.quick, in.dopts.Arch, prog)
}

// quickCode is Incremental.quickCode for any container: last is the last
// update's result, q its index, arch the target.
func quickCode(last *Result, q *quickState, arch *target.Arch, prog *lang.Program) (code *codegen.Code, patches []dataPatch, funcs []funcSwap, ok bool) {
	ch := prog.Changes
	if last == nil || q == nil || ch == nil || ch.Prev != last.Program || !ch.SameOrder || len(ch.Added) != len(ch.Removed) {
		return nil, nil, nil, false
	}
	code = last.Code
	var cg *codegen.Generator
	removed := make(map[string]*lang.Decl, len(ch.Removed))
	for _, d := range ch.Removed {
		removed[d.FQN] = d
	}
	for _, d := range ch.Added {
		o := removed[d.FQN]
		if o == nil || d.Kind != o.Kind || d.Type != o.Type || d.Extern || o.Extern || d.DataAlign() != o.DataAlign() ||
			d.ThreadLocal != o.ThreadLocal || d.Export != o.Export || d.Symbol() != o.Symbol() {
			return nil, nil, nil, false
		}
		if d.Kind == lang.DeclFunc {
			// A function whose new body compiles to the same bytes.
			i, had := q.funcs[o]
			if !had || !codegen.HasBody(d) {
				return nil, nil, nil, false
			}
			if cg == nil {
				var err error
				if cg, err = codegen.Minimal(arch); err != nil {
					return nil, nil, nil, false
				}
			}
			body, err := cg.Func(prog.Types, d, nil)
			f := last.Code.Funcs[i]
			if err != nil || len(body.Fixups) > 0 || !bytes.Equal(body.Code, last.Code.Text[f.Offset:f.Offset+f.Size]) {
				return nil, nil, nil, false
			}
			code = cloneCode(code, last.Code)
			code.Funcs[i].Decl = d
			code.Debug[i] = cg.FuncCode(d, body)
			funcs = append(funcs, funcSwap{o, d, i})
			continue
		}
		if d.Kind != lang.DeclVar && d.Kind != lang.DeclConst {
			return nil, nil, nil, false
		}
		p, ok := valuePatch(prog, d, q.symbols[d.Symbol()], last.Object)
		if !ok {
			return nil, nil, nil, false
		}
		if p.sym != nil {
			patches = append(patches, p)
		}
	}
	// The same functions; those that moved get new line rows.
	for _, d := range ch.Moved {
		i, isFunc := q.funcs[d]
		if !isFunc {
			continue
		}
		code = cloneCode(code, last.Code)
		f := code.Funcs[i]
		code.Debug[i].Rows = codegen.FuncRows(d, codegen.Body{PrologueEnd: f.PrologueEnd, EpilogueBegin: f.EpilogueBegin})
	}
	return code, patches, funcs, true
}

// valuePatch returns the new initial value of variable or constant d
// when it can replace the bytes of sym (its symbol in obj, nil when it
// has none) where they are: the same size and section kind, and no
// relocation in them before or now; ok is false otherwise. The patch is
// empty (no symbol) for a value in a section without contents (.bss).
func valuePatch(prog *lang.Program, d *lang.Decl, sym *elfobj.Symbol, obj *elfobj.Object) (p dataPatch, ok bool) {
	if sym == nil || sym.Section < 0 {
		return p, false
	}
	data := make([]byte, d.Type.Size)
	var relocs []lang.DataReloc
	if d.Init != nil {
		data, relocs = prog.Types.Encode(d.Init)
	}
	sec := obj.Sections[sym.Section]
	if len(relocs) > 0 || uint64(len(data)) != sym.Size || dataSectionKind(d, isZero(data)) != sec.Kind ||
		hasRelocIn(sec.Relocs, sym.Value, sym.Size) {
		return p, false
	}
	if sec.NoBits() {
		return p, true
	}
	return dataPatch{sym, data}, true
}

// funcSwap is a changed function: its old and new Decl and its index in
// Code.Funcs.
type funcSwap struct {
	old, new *lang.Decl
	i        int
}

// swapFuncs indexes the new Decls of changed functions in place of the
// old ones.
func (q *quickState) swapFuncs(funcs []funcSwap) {
	for _, f := range funcs {
		delete(q.funcs, f.old)
		q.funcs[f.new] = f.i
	}
}

// cloneCode returns code, copied first when it is still last's (whose
// function lists must stay as they were).
func cloneCode(code, last *codegen.Code) *codegen.Code {
	if code != last {
		return code
	}
	c := *last
	c.Funcs = slices.Clone(c.Funcs)
	c.Debug = slices.Clone(c.Debug)
	return &c
}

// hasRelocIn reports whether a relocation applies within [off, off+size).
func hasRelocIn(rs []elfobj.Reloc, off, size uint64) bool {
	for _, r := range rs {
		if r.Offset+uint64(r.Size) > off && r.Offset < off+size {
			return true
		}
	}
	return false
}

// quickPatch writes the emitter's writes and the data patches into the
// image when the debug output has the last one's layout (no moves or
// trims, the same section sizes and relocation records); ok is false
// (and nothing written) otherwise.
func (in *Incremental) quickPatch(prog *lang.Program, code *codegen.Code, debug *dwarfcore.Output, log *dwarfcore.UpdateLog, patches []dataPatch, funcs []funcSwap) (*Step, bool) {
	last := in.last
	if !sameDebugLayout(last, debug, log) {
		return nil, false
	}
	written := map[string]uint64{}
	obj := quickObject(last, debug, patches)
	// Everything is checked before anything is written: a refusal leaves
	// the image as it was.
	for _, w := range log.Writes {
		if !in.image.HasSlot(w.Section.Name()) || w.Off+w.Len > uint64(len(debug.Sections[w.Section])) {
			return nil, false
		}
	}
	for _, p := range patches {
		if !in.image.HasSlot(obj.Sections[p.sym.Section].Name) {
			return nil, false
		}
	}
	for _, w := range log.Writes {
		name := w.Section.Name()
		written[name] += in.image.WriteInPlace(name, w.Off, debug.Sections[w.Section][w.Off:w.Off+w.Len])
	}
	for _, p := range patches {
		name := obj.Sections[p.sym.Section].Name
		written[name] += in.image.WriteInPlace(name, p.sym.Value, p.data)
	}
	step := &Step{Index: in.steps, Debug: log, ImageStep: in.image.InPlaceStep(written)}
	in.quick.swapFuncs(funcs)
	in.steps++
	file := in.image.File()
	in.last = &Result{Program: prog, Code: code, Debug: debug, Object: obj, ELF: file.Bytes, Sections: file.Sections, File: file}
	return step, true
}

// sameDebugLayout reports whether the debug output has the last one's
// layout: no moves or trims, the same section sizes and relocation
// records.
func sameDebugLayout(last *Result, debug *dwarfcore.Output, log *dwarfcore.UpdateLog) bool {
	if len(log.Moves) > 0 || len(log.Trims) > 0 || len(debug.Relocs) != len(last.Debug.Relocs) {
		return false
	}
	for id := range dwarfcore.NumSections {
		if len(debug.Sections[id]) != len(last.Debug.Sections[id]) {
			return false
		}
	}
	return relocsChanged(last.Debug.Relocs, debug.Relocs) == 0
}

// quickObject returns the object of a quick update: last's sections,
// with debug's contents and the patched values (copied, so the last
// update's object stays as it was).
func quickObject(last *Result, debug *dwarfcore.Output, patches []dataPatch) *elfobj.Object {
	obj := *last.Object
	obj.Sections = slices.Clone(obj.Sections)
	index := map[string]int{}
	for i, s := range obj.Sections {
		index[s.Name] = i
	}
	for id := range dwarfcore.NumSections {
		i, ok := index[id.Name()]
		if !ok {
			continue
		}
		s := *obj.Sections[i]
		s.Data = debug.Sections[id]
		obj.Sections[i] = &s
	}
	copied := map[int]bool{}
	for _, p := range patches {
		s := obj.Sections[p.sym.Section]
		if !copied[p.sym.Section] {
			c := *s
			c.Data = slices.Clone(s.Data)
			s = &c
			obj.Sections[p.sym.Section] = s
			copied[p.sym.Section] = true
		}
		copy(s.Data[p.sym.Value:], p.data)
	}
	return &obj
}
