package linkcore

import (
	"sort"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
)

// This file is the quick path of a WebAssembly incremental update, after
// the ELF one (quick.go): when only initial values of variables and
// constants changed — the same symbols, sizes and sections, no relocation
// in their bytes, no function changed or moved, so the code is the last
// update's — and the debug output keeps its layout (no entry moved or
// trimmed, every section its size, the same relocation records), the new
// bytes are written into the module where they are: the changed values in
// their data segments and the DWARF emitter's writes in the .debug_*
// custom sections. The 4-byte fields the writer relocated keep the
// module's bytes (the writer's provisional addresses, which did not
// change). A module has no slack, but nothing here changes size.

// quickCode returns the last update's code and the new data values when
// only data values changed since the last update; ok is false otherwise.
func (in *WasmIncremental) quickCode(prog *lang.Program) (code *Code, patches []dataPatch, ok bool) {
	last, ch := in.last, prog.Changes
	if last == nil || in.file == nil || ch == nil || ch.Prev != last.Program || !ch.SameOrder || len(ch.Added) != len(ch.Removed) {
		return nil, nil, false
	}
	for _, d := range ch.Moved {
		if d.Kind == lang.DeclFunc {
			return nil, nil, false // its line rows change
		}
	}
	if in.symbols == nil {
		in.symbols = make(map[string]*elfobj.Symbol, len(last.Object.Symbols))
		for _, s := range last.Object.Symbols {
			in.symbols[s.Name] = s
		}
	}
	removed := make(map[string]*lang.Decl, len(ch.Removed))
	for _, d := range ch.Removed {
		removed[d.FQN] = d
	}
	for _, d := range ch.Added {
		o := removed[d.FQN]
		if o == nil || d.Kind != lang.DeclVar && d.Kind != lang.DeclConst || d.Kind != o.Kind || d.Type != o.Type ||
			d.Extern || o.Extern || d.DataAlign() != o.DataAlign() || d.ThreadLocal != o.ThreadLocal ||
			d.Export != o.Export || d.Symbol() != o.Symbol() {
			return nil, nil, false
		}
		p, ok := valuePatch(prog, d, in.symbols[d.Symbol()], last.Object)
		if !ok {
			return nil, nil, false
		}
		if p.sym != nil {
			patches = append(patches, p)
		}
	}
	return last.Code, patches, true
}

// quickPatch writes the emitter's writes and the data patches into the
// module when the debug output has the last one's layout; ok is false
// (and nothing written) otherwise.
func (in *WasmIncremental) quickPatch(prog *lang.Program, code *Code, debug *dwarfcore.Output, log *dwarfcore.UpdateLog, patches []dataPatch) (*WasmStep, bool) {
	last := in.last
	if !sameDebugLayout(last, debug, log) {
		return nil, false
	}
	// Where the bytes go; everything is checked before anything is
	// written.
	custom := map[string]uint64{}
	for _, s := range in.file.Sections {
		if s.ID == 0 {
			custom[s.Name] = s.Offset
		}
	}
	segment := map[string]uint64{}
	for _, s := range in.file.Segments {
		segment[s.Name] = s.Offset
	}
	for _, w := range log.Writes {
		if _, ok := custom[w.Section.Name()]; !ok {
			return nil, false
		}
	}
	for _, p := range patches {
		if _, ok := segment[last.Object.Sections[p.sym.Section].Name]; !ok {
			return nil, false
		}
	}
	image := in.image
	var changed uint64
	put := func(at uint64, b []byte) {
		for i, c := range b {
			if image[at+uint64(i)] != c {
				image[at+uint64(i)] = c
				changed++
			}
		}
	}
	for _, w := range log.Writes {
		base, data := custom[w.Section.Name()], debug.Sections[w.Section]
		off, end := w.Off, w.Off+w.Len
		// the relocated fields keep the module's bytes
		i := sort.Search(len(debug.Relocs), func(i int) bool {
			r := debug.Relocs[i]
			return r.Section > w.Section || r.Section == w.Section && r.Offset+uint64(r.Size) > w.Off
		})
		for ; i < len(debug.Relocs) && debug.Relocs[i].Section == w.Section && debug.Relocs[i].Offset < end; i++ {
			r := debug.Relocs[i]
			if r.Offset > off {
				put(base+off, data[off:r.Offset])
			}
			off = max(off, r.Offset+uint64(r.Size))
		}
		if off < end {
			put(base+off, data[off:end])
		}
	}
	obj := quickObject(last, debug, patches)
	for _, p := range patches {
		put(segment[obj.Sections[p.sym.Section].Name]+p.sym.Value, p.data)
	}
	step := &WasmStep{Index: in.steps, Debug: log, BytesChanged: changed, ImageSize: uint64(len(image)), Quick: true}
	in.steps++
	in.last = &Result{Program: prog, Code: code, Debug: debug, Object: obj, ELF: image}
	in.prev = in.file // the same layout: nothing moved
	return step, true
}
