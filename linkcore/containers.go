package linkcore

import (
	"context"
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
	"github.com/dwarfscope/dwarfscope/linkcore/macho"
	"github.com/dwarfscope/dwarfscope/linkcore/wasmobj"
)

// objectSession is the container-neutral half of an incremental build of
// another container (Mach-O, WebAssembly): the front end reuses the syntax
// of unchanged declarations, the code generator compiles the functions,
// and one long-lived dwarfcore.Dwarf re-emits only the declarations whose
// output changed. Each update returns the new Object.
type objectSession struct {
	opts  Options
	dopts dwarfcore.Options
	front *lang.Session
	dw    *dwarfcore.Dwarf
	// image is the last file written (nil before the first update);
	// steps counts the updates.
	image []byte
	steps int
	// last is the last successful update's program, code, debug output
	// and object (File and ELF are the container's file).
	last *Result
}

// Last returns the result of the last successful update: the program,
// its code, the debug output and the object the container writer was
// given; ELF is the container's file.
func (s *objectSession) Last() *Result { return s.last }

// Dwarf returns the long-lived DWARF emitter (its Layout places every
// entry, for annotate).
func (s *objectSession) Dwarf() *dwarfcore.Dwarf { return s.dw }

// commit makes image the session's file after an update and returns the
// update's index and how many bytes of the file changed.
func (s *objectSession) commit(image []byte) (index int, changed uint64) {
	index, changed = s.steps, ChangedBytes(s.image, image)
	s.image = image
	s.last.ELF = image
	s.steps++
	return index, changed
}

// commitInPlace is commit for an update written into the image in place:
// it returns the update's index.
func (s *objectSession) commitInPlace() (index int) {
	index = s.steps
	s.last.ELF = s.image
	s.steps++
	return index
}

// newObjectSession opens a session with opts (KindObject only).
func newObjectSession(opts Options) (*objectSession, error) {
	if opts.Kind != KindObject {
		return nil, fmt.Errorf("linkcore: cannot build output kind %s incrementally", opts.Kind)
	}
	dopts := debugOptions(opts)
	dw, err := dwarfcore.New(dopts)
	if err != nil {
		return nil, err
	}
	limits := opts.Limits
	limits.Arch = dopts.Arch
	return &objectSession{opts: opts, dopts: dopts, front: lang.NewSession(limits), dw: dw}, nil
}

// quickPath is a container's quick path for a value-only edit: code
// returns the last update's code when only data values changed since
// (ok is false otherwise), and patch writes the update into the file in
// place when the debug output kept its layout (ok is false, and nothing
// written, otherwise).
type quickPath struct {
	code  func(prog *lang.Program) (code *Code, ok bool)
	patch func(prog *lang.Program, code *Code, debug *dwarfcore.Output, log *dwarfcore.UpdateLog) (ok bool, err error)
}

// update compiles the new version of the source, generates its code (or
// takes the last update's from quick.code) and emits its debug output,
// with the DWARF emitter's log of what changed. When quick.code served
// and quick.patch wrote the update in place, it returns patched;
// otherwise it returns the new object, for the container to write, and
// makes the update the last one. Errors in the source come back as
// lang.ErrorList.
func (s *objectSession) update(path string, src []byte, quick quickPath) (obj *elfobj.Object, log *dwarfcore.UpdateLog, patched bool, err error) {
	prog, err := s.compile(path, src)
	if err != nil {
		return nil, nil, false, err
	}
	code, reused := quick.code(prog)
	if !reused {
		if code, err = CodeGen(prog, s.dopts.Arch); err != nil {
			return nil, nil, false, err
		}
	}
	debug, log, err := s.emit(prog, code)
	if err != nil {
		return nil, nil, false, err
	}
	if reused {
		if patched, err = quick.patch(prog, code, debug, log); err != nil || patched {
			return nil, log, patched, err
		}
	}
	obj, err = s.object(prog, code, debug)
	return obj, log, false, err
}

// compile runs the front end on the new version of the source and checks
// its data size.
func (s *objectSession) compile(path string, src []byte) (*lang.Program, error) {
	prog, err := s.front.Compile(path, src)
	if err != nil {
		return nil, err
	}
	return prog, checkDataSize(prog, s.opts.MaxData)
}

// emit updates the DWARF emitter with prog and code and returns its
// output and update log.
func (s *objectSession) emit(prog *lang.Program, code *Code) (*dwarfcore.Output, *dwarfcore.UpdateLog, error) {
	if err := s.dw.Update(prog, code.Debug); err != nil {
		return nil, nil, err
	}
	debug, err := s.dw.Output()
	if err != nil {
		return nil, nil, err
	}
	log := *s.dw.LastUpdate()
	return debug, &log, nil
}

// object builds the object of an update and makes the update the last
// one.
func (s *objectSession) object(prog *lang.Program, code *Code, debug *dwarfcore.Output) (*elfobj.Object, error) {
	obj, err := NewObject(prog, code, &DebugInput{Sections: debug.Sections, Align: debug.Align, Relocs: debug.Relocs})
	if err != nil {
		return nil, err
	}
	s.last = &Result{Program: prog, Code: code, Debug: debug, Object: obj}
	return obj, nil
}

// MachOIncremental is an incremental build of a Mach-O object, as
// Incremental is of an ELF one: the front end reuses unchanged
// declarations, one long-lived dwarfcore.Dwarf re-emits only the
// declarations whose output changed, and each update lays the new object
// out over the previous image (macho.WriteOptions.Prev): every piece
// keeps its slot when it fits and moves to free space when it outgrows it.
//
// The dSYM companion (macho.WriteOptions.DSYM) is kept the same way beside
// the object, as the seed's DebugSymbols keeps its __DWARF sections: each
// debug section in a slot with slack, moved to free space when it outgrows
// it.
//
// When only values change in place (the same layout of every section,
// the same symbols and relocations), the quick path writes the emitter's
// writes and the new initial values straight into both files
// (macho.File.WriteInPlace), as the ELF build's does into its image
// (quick.go); nothing else is rebuilt.
type MachOIncremental struct {
	*objectSession
	file *macho.File
	dsym *macho.File
	// quick indexes the last update for the quick path; quickUpdates
	// counts the updates it served.
	quick        *quickState
	quickUpdates int
}

// MachOStep is what one MachOIncremental.Update did.
type MachOStep struct {
	Index int
	// Debug is the DWARF emitter's update log.
	Debug *dwarfcore.UpdateLog
	// Moves are the pieces that moved in the file; Relaid says the whole
	// file was laid out anew (the load commands outgrew their slot).
	Moves  []macho.Move
	Relaid bool
	// DSYMMoves are the pieces of the dSYM companion that moved.
	DSYMMoves []macho.Move
	// BytesWritten counts the bytes of the image that changed;
	// ImageSize is its size after the update.
	BytesWritten, ImageSize uint64
}

// NewMachOIncremental opens an incremental Mach-O build with opts (an
// object; the container is Mach-O's, whatever opts.Container says).
func NewMachOIncremental(opts Options) (*MachOIncremental, error) {
	opts.Container = macho.Container
	if opts.Debug.Arch != nil {
		if err := macho.CheckArch(opts.Debug.Arch); err != nil {
			return nil, err
		}
	}
	s, err := newObjectSession(opts)
	if err != nil {
		return nil, err
	}
	return &MachOIncremental{objectSession: s}, nil
}

// Image returns the current file; it is valid until the next Update.
func (in *MachOIncremental) Image() []byte { return in.image }

// DSYM returns the current dSYM companion with its map.
func (in *MachOIncremental) DSYM() *macho.File { return in.dsym }

// File returns the current file with its map.
func (in *MachOIncremental) File() *macho.File { return in.file }

// Update compiles the new version of the source and lays it out over the
// image. Errors in the source come back as lang.ErrorList and leave the
// image as it was.
func (in *MachOIncremental) Update(path string, src []byte) (*MachOStep, error) {
	var (
		patches []dataPatch
		funcs   []funcSwap
		step    *MachOStep
	)
	obj, log, patched, err := in.update(path, src, quickPath{
		code: func(prog *lang.Program) (code *Code, ok bool) {
			code, patches, funcs, ok = quickCode(in.last, in.quick, in.dopts.Arch, prog)
			return code, ok
		},
		patch: func(prog *lang.Program, code *Code, debug *dwarfcore.Output, log *dwarfcore.UpdateLog) (ok bool, err error) {
			step, ok, err = in.quickPatch(prog, code, debug, log, patches, funcs)
			return ok, err
		},
	})
	if err != nil || patched {
		return step, err
	}
	in.quick = nil // the update is the last one: indexed anew once the files are written
	f, err := macho.WriteObject(obj, macho.WriteOptions{Slack: true, Prev: in.file})
	if err != nil {
		return nil, err
	}
	dsym, err := macho.WriteObject(obj, macho.WriteOptions{Slack: true, Prev: in.dsym, DSYM: true})
	if err != nil {
		return nil, err
	}
	step = &MachOStep{Debug: log, DSYMMoves: dsym.Moves, Moves: f.Moves, Relaid: f.Relaid, ImageSize: uint64(len(f.Bytes))}
	step.Index, step.BytesWritten = in.commit(f.Bytes)
	in.file, in.dsym = f, dsym
	in.quick = newQuickState(in.last)
	return step, nil
}

// quickPatch is the quick path of Update: when the debug output has the
// last one's layout, it writes the emitter's writes and the data patches
// straight into the object and the dSYM and makes the update the last
// one; ok is false (and nothing written) otherwise.
func (in *MachOIncremental) quickPatch(prog *lang.Program, code *Code, debug *dwarfcore.Output, log *dwarfcore.UpdateLog, patches []dataPatch, funcs []funcSwap) (step *MachOStep, ok bool, err error) {
	if !sameDebugLayout(in.last, debug, log) {
		return nil, false, nil
	}
	obj := quickObject(in.last, debug, patches)
	has := make(map[string]bool, len(obj.Sections))
	for _, s := range obj.Sections {
		has[s.Name] = true
	}
	writes := make([]macho.Write, 0, len(log.Writes)+len(patches))
	for _, w := range log.Writes {
		if !has[w.Section.Name()] || w.Off+w.Len > uint64(len(debug.Sections[w.Section])) {
			return nil, false, nil
		}
		writes = append(writes, macho.Write{Source: w.Section.Name(), Off: w.Off, Data: debug.Sections[w.Section][w.Off : w.Off+w.Len]})
	}
	for _, p := range patches {
		writes = append(writes, macho.Write{Source: obj.Sections[p.sym.Section].Name, Off: p.sym.Value, Data: p.data})
	}
	// Both files hold the same sections of the same sizes: a write one
	// takes, the other takes too.
	f, changed, err := in.file.WriteInPlace(obj, writes)
	if err != nil {
		return nil, false, err
	}
	dsym, _, err := in.dsym.WriteInPlace(obj, writes)
	if err != nil {
		return nil, false, err
	}
	in.quick.swapFuncs(funcs)
	in.last = &Result{Program: prog, Code: code, Debug: debug, Object: obj}
	step = &MachOStep{Debug: log, BytesWritten: changed, ImageSize: uint64(len(f.Bytes))}
	step.Index = in.commitInPlace()
	in.file, in.dsym = f, dsym
	in.quickUpdates++
	return step, true, nil
}

// QuickUpdates counts the updates the quick path served (the changed
// values written straight into the files).
func (in *MachOIncremental) QuickUpdates() int { return in.quickUpdates }

// WasmIncremental is an incremental build of a WebAssembly object: the
// front end, code generator and DWARF emitter redo only what changed, and
// each update writes the module anew. A module has no room between its
// sections (each is a length-prefixed run of bytes), so nothing is placed
// with slack: a grown section shifts the ones after it, as the seed's
// Wasm linker rewrites the file on each flush.
type WasmIncremental struct {
	*objectSession
	// file and prev are the current module and the one before it.
	file, prev *wasmobj.File
	// symbols finds the last object's symbols by name for the quick
	// path (built on its first use after a full update).
	symbols map[string]*elfobj.Symbol
}

// WasmStep is what one WasmIncremental.Update did.
type WasmStep struct {
	Index int
	// Debug is the DWARF emitter's update log.
	Debug *dwarfcore.UpdateLog
	// BytesChanged counts the bytes of the module that differ from the
	// previous one; ImageSize is its size.
	BytesChanged, ImageSize uint64
	// Quick says the update wrote its bytes into the module in place
	// (a value-only edit) instead of writing the module anew.
	Quick bool
}

// NewWasmIncremental opens an incremental WebAssembly build with opts (an
// object; the target and container are WebAssembly's).
func NewWasmIncremental(opts Options) (*WasmIncremental, error) {
	opts.Container = wasmobj.Container
	s, err := newObjectSession(opts)
	if err != nil {
		return nil, err
	}
	return &WasmIncremental{objectSession: s}, nil
}

// Image returns the current module; it is valid until the next Update.
func (in *WasmIncremental) Image() []byte { return in.image }

// Update compiles the new version of the source and writes the module.
// Errors in the source come back as lang.ErrorList and leave the module
// as it was.
//
// A value-only edit takes the quick path (wasmquick.go): the new bytes
// are written into the module where they are.
func (in *WasmIncremental) Update(path string, src []byte) (*WasmStep, error) {
	var (
		patches []dataPatch
		step    *WasmStep
	)
	obj, log, patched, err := in.update(path, src, quickPath{
		code: func(prog *lang.Program) (code *Code, ok bool) {
			code, patches, ok = in.quickCode(prog)
			return code, ok
		},
		patch: func(prog *lang.Program, code *Code, debug *dwarfcore.Output, log *dwarfcore.UpdateLog) (ok bool, err error) {
			step, ok = in.quickPatch(prog, code, debug, log, patches)
			return ok, nil
		},
	})
	if err != nil || patched {
		return step, err
	}
	f, err := wasmobj.WriteObject(obj)
	if err != nil {
		return nil, err
	}
	step = &WasmStep{Debug: log, ImageSize: uint64(len(f.Bytes))}
	step.Index, step.BytesChanged = in.commit(f.Bytes)
	in.file, in.prev = f, in.file
	in.symbols = nil
	return step, nil
}

// File returns the current module with its map (nil before the first
// update).
func (in *WasmIncremental) File() *wasmobj.File { return in.file }

// Regions returns the current module's layout, each section marked moved
// when it starts elsewhere than in the previous module.
func (in *WasmIncremental) Regions() ([]wasmobj.Region, error) {
	if in.file == nil {
		return nil, fmt.Errorf("linkcore: no module built yet")
	}
	return in.file.Regions(in.prev)
}

// ContextContainer is a Container whose writer stops once ctx is done,
// as elfobj.WriteOptions.Context stops the ELF writer.
type ContextContainer interface {
	Container
	WriteObjectContext(ctx context.Context, obj *elfobj.Object, slack bool) (*elfobj.File, error)
}

// writeContainer writes obj with container c, stopped once ctx is done
// when c is a ContextContainer.
func writeContainer(ctx context.Context, c Container, obj *elfobj.Object, slack bool) (*elfobj.File, error) {
	if cc, ok := c.(ContextContainer); ok {
		return cc.WriteObjectContext(ctx, obj, slack)
	}
	return c.WriteObject(obj, slack)
}

// ChangedBytes counts the bytes of now that differ from before (all of
// those past before's end): what rewriting a file as now writes.
func ChangedBytes(before, now []byte) uint64 {
	var n uint64
	for i, b := range now {
		if i >= len(before) || before[i] != b {
			n++
		}
	}
	return n
}
