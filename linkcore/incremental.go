package linkcore

import (
	"bytes"
	"debug/elf"
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/canon"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
)

// Incremental is an incremental build of an ELF object, after the seed's
// linker: the front end reuses the syntax trees of unchanged top-level
// declarations, one long-lived dwarfcore.Dwarf re-emits only the
// declarations that changed, and the object is patched into one ELF image
// kept as a mutable byte buffer (elfobj.Image: every section in a slot
// with room to grow, moved to free space when it outgrows it). When only
// bytes change in place, the quick path (quick.go) writes them straight
// into the image.
type Incremental struct {
	opts  Options
	dopts dwarfcore.Options
	dw    *dwarfcore.Dwarf
	// front is the front end; it reuses the syntax trees of unchanged
	// top-level declarations from one version to the next.
	front *lang.Session
	image *elfobj.Image
	steps int

	last *Result
	// quick indexes last for the quick path (quick.go).
	quick *quickState
	stats IncrementalStats
}

// IncrementalStats counts how an incremental build's updates were served.
type IncrementalStats struct {
	// Updates counts successful updates; Quick those that wrote the
	// changed bytes straight into the image (quick.go) instead of
	// rebuilding the object in memory.
	Updates, Quick int
	// Front is the front end's account (re-checks, reused chunks).
	Front lang.SessionStats
}

// Stats returns how the updates so far were served.
func (in *Incremental) Stats() IncrementalStats {
	st := in.stats
	st.Front = in.front.Stats
	return st
}

// Step is what one Update did, JSON-friendly for the explorer.
type Step struct {
	// Index counts updates from 0.
	Index int `json:"index"`
	// Debug is the DWARF emitter's update log (writes, moves, trims, the
	// per-entry edit log, statistics and the declaration diff).
	Debug *dwarfcore.UpdateLog `json:"debug"`
	// ImageStep is the file writes: per section, the moves, the bytes
	// written and the image's size.
	elfobj.ImageStep
	// Relocs counts the relocation records of the debug sections whose
	// resolved value or place changed (and so were re-resolved in the
	// file).
	RelocsChanged int `json:"relocsChanged"`
}

// debugOptions returns opts' emitter options with the defaults filled in
// and a container's machine applied.
func debugOptions(opts Options) dwarfcore.Options {
	dopts := opts.Debug
	if dopts.Arch == nil {
		dopts.Arch = target.X86_64
	}
	if ac, ok := opts.Container.(ArchContainer); ok {
		dopts.Arch = ac.Arch()
		dopts.CoreSections = dopts.CoreSections || ac.CoreDebugSections()
	}
	if dc, ok := opts.Container.(interface{ DebugOptions(*dwarfcore.Options) }); ok {
		dc.DebugOptions(&dopts) // what the container's consumers need (Mach-O)
	}
	if dopts.Format == 0 {
		dopts.Format = dwarfcore.DWARF32
	}
	return dopts
}

// NewIncremental opens an incremental build with opts (only KindObject;
// Slack is implied).
func NewIncremental(opts Options) (*Incremental, error) {
	if opts.Kind != KindObject {
		return nil, fmt.Errorf("linkcore: cannot build output kind %s incrementally", opts.Kind)
	}
	if opts.Container != nil {
		return nil, fmt.Errorf("linkcore: the incremental ELF build cannot write a %s container (NewMachOIncremental and NewWasmIncremental build those)", opts.Container.Name())
	}
	dopts := debugOptions(opts)
	image, err := elfobj.NewImage(dopts.Arch)
	if err != nil {
		return nil, err
	}
	dw, err := dwarfcore.New(dopts)
	if err != nil {
		return nil, err
	}
	limits := opts.Limits
	limits.Arch = dopts.Arch
	return &Incremental{opts: opts, dopts: dopts, dw: dw, front: lang.NewSession(limits), image: image}, nil
}

// Dwarf returns the incremental DWARF emitter (its sections and layout).
func (in *Incremental) Dwarf() *dwarfcore.Dwarf { return in.dw }

// Image returns the current file image; it is valid until the next Update.
func (in *Incremental) Image() []byte { return in.image.Bytes() }

// Sections returns the file map of the current image (index order, null
// section first).
func (in *Incremental) Sections() []SectionInfo { return in.image.Sections() }

// Last returns the result of the last successful update (Program, Code,
// Debug output and Object; ELF is the image).
func (in *Incremental) Last() *Result { return in.last }

// Update compiles the new version of the source and patches the image.
// Errors in the source come back as the front end's lang.ErrorList and
// leave the image as it was; any other error leaves the build unusable.
func (in *Incremental) Update(path string, src []byte) (*Step, error) {
	prog, err := in.front.Compile(path, src)
	if err != nil {
		return nil, err
	}
	if err := checkDataSize(prog, in.opts.MaxData); err != nil {
		return nil, err
	}
	code, patches, funcs, quick := in.quickCode(prog)
	if !quick {
		if code, err = CodeGen(prog, in.dopts.Arch); err != nil {
			return nil, err
		}
	}
	if err := in.dw.Update(prog, code.Debug); err != nil {
		return nil, err
	}
	debug, err := in.dw.Output()
	if err != nil {
		return nil, err
	}
	if quick {
		log := *in.dw.LastUpdate()
		if step, ok := in.quickPatch(prog, code, debug, &log, patches, funcs); ok {
			in.stats.Updates++
			in.stats.Quick++
			return step, nil
		}
	}
	obj, err := NewObject(prog, code, &DebugInput{Sections: debug.Sections, Align: debug.Align, Relocs: debug.Relocs})
	if err != nil {
		return nil, err
	}
	fresh, err := elfobj.WriteObject(obj, elfobj.WriteOptions{})
	if err != nil {
		return nil, err
	}
	log := *in.dw.LastUpdate()
	step := &Step{Index: in.steps, Debug: &log}
	if in.last != nil && in.last.Debug != nil {
		step.RelocsChanged = relocsChanged(in.last.Debug.Relocs, debug.Relocs)
	} else {
		step.RelocsChanged = len(debug.Relocs)
	}
	if step.ImageStep, err = in.image.Patch(fresh); err != nil {
		return nil, err
	}
	in.steps++
	file := in.image.File()
	in.last = &Result{Program: prog, Code: code, Debug: debug, Object: obj, ELF: file.Bytes, Sections: file.Sections, File: file}
	in.quick = newQuickState(in.last)
	in.stats.Updates++
	return step, nil
}

// relocsChanged counts the records of now that are not in before (same
// place, same target): those a linker would re-resolve. Both lists are
// sorted by section and offset (dwarfcore.Output.Relocs), so one merge
// pass compares them.
func relocsChanged(before, now []dwarfcore.Reloc) int {
	if len(before) == len(now) && (len(now) == 0 || &before[0] == &now[0]) {
		// dwarfcore.Output returns the previous list when no record
		// changed.
		return 0
	}
	n, i := 0, 0
	for _, r := range now {
		for i < len(before) && (before[i].Section < r.Section || before[i].Section == r.Section && before[i].Offset < r.Offset) {
			i++
		}
		if i >= len(before) || before[i] != r {
			n++
		}
	}
	return n
}

// CanonicalDWARF decodes an ELF image's debug information with Go's
// debug/elf and debug/dwarf into the canonical entry tree (package canon), the form
// in which an incremental image and a fresh build are compared.
func CanonicalDWARF(image []byte, lines dwarfcore.LineMode) ([]string, error) {
	f, err := elf.NewFile(bytes.NewReader(image))
	if err != nil {
		return nil, err
	}
	d, err := f.DWARF()
	if err != nil {
		return nil, err
	}
	return canon.Canonical(d, lines != dwarfcore.LinesIncremental)
}

// CheckFresh builds src from scratch with the incremental build's options
// and returns how the canonical DWARF of the current image differs from
// the fresh build's; "" means they decode to the same entries.
func (in *Incremental) CheckFresh(path string, src []byte) (string, error) {
	fresh, err := Build(path, src, in.opts)
	if err != nil {
		return "", fmt.Errorf("fresh build: %w", err)
	}
	want, err := CanonicalDWARF(fresh.ELF, in.opts.Debug.Lines)
	if err != nil {
		return "", fmt.Errorf("fresh image: %w", err)
	}
	got, err := CanonicalDWARF(in.image.Bytes(), in.opts.Debug.Lines)
	if err != nil {
		return "", fmt.Errorf("incremental image: %w", err)
	}
	return canon.CanonicalDiff(want, got), nil
}
