package linkcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// ObjectSession is the container-neutral half of an incremental build,
// for the writers of other containers (linkcore/macho, linkcore/wasmobj):
// the front end reuses the syntax of unchanged declarations, the code
// generator (the options' container's, for a CodeContainer) compiles the
// functions, and one long-lived dwarfcore.Dwarf re-emits only the
// declarations whose output changed. Each Update returns the new Object.
type ObjectSession struct {
	opts    Options
	dopts   dwarfcore.Options
	front   *lang.Session
	dw      *dwarfcore.Dwarf
	codeGen func(*lang.Program, *target.Arch) (*Code, error)
}

// NewObjectSession opens a session with opts (KindObject only).
func NewObjectSession(opts Options) (*ObjectSession, error) {
	if opts.Kind != KindObject {
		return nil, fmt.Errorf("linkcore: cannot build output kind %s incrementally", opts.Kind)
	}
	dopts := opts.Debug
	if dopts.Arch == nil {
		dopts.Arch = target.X86_64
	}
	codeGen := CodeGen
	if cc, ok := opts.Container.(CodeContainer); ok {
		dopts.Arch = cc.Arch()
		cc.DebugOptions(&dopts)
		codeGen = func(prog *lang.Program, _ *target.Arch) (*Code, error) { return cc.CodeGen(prog) }
	}
	if dopts.Format == 0 {
		dopts.Format = dwarfcore.DWARF32
	}
	dw, err := dwarfcore.New(dopts)
	if err != nil {
		return nil, err
	}
	limits := opts.Limits
	limits.Arch = dopts.Arch
	return &ObjectSession{opts: opts, dopts: dopts, front: lang.NewSession(limits), dw: dw, codeGen: codeGen}, nil
}

// Update compiles the new version of the source and returns its object,
// with the DWARF emitter's log of what changed. Errors in the source come
// back as lang.ErrorList.
func (s *ObjectSession) Update(path string, src []byte) (*Object, *dwarfcore.UpdateLog, error) {
	prog, err := s.front.Compile(path, src)
	if err != nil {
		return nil, nil, err
	}
	if err := checkDataSize(prog, s.opts.MaxData); err != nil {
		return nil, nil, err
	}
	code, err := s.codeGen(prog, s.dopts.Arch)
	if err != nil {
		return nil, nil, err
	}
	if err := s.dw.Update(prog, code.Debug); err != nil {
		return nil, nil, err
	}
	debug, err := s.dw.Output()
	if err != nil {
		return nil, nil, err
	}
	obj, err := NewObject(prog, code, &DebugInput{Sections: debug.Sections, Align: debug.Align, Relocs: debug.Relocs})
	if err != nil {
		return nil, nil, err
	}
	log := *s.dw.LastUpdate()
	return obj, &log, nil
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
