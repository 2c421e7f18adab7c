package linkcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// Kind is the kind of ELF file Build writes.
type Kind uint8

// The output kinds.
const (
	// KindObject is a relocatable object (ET_REL).
	KindObject Kind = iota
)

// String names the kind.
func (k Kind) String() string {
	if k == KindObject {
		return "object"
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Options configure Build.
type Options struct {
	Kind Kind
	// Debug configures the DWARF emitter; Debug.Arch is the target (nil:
	// x86_64) and a zero Debug.Format means DWARF32.
	Debug dwarfcore.Options
	// Slack gives every section file space with room to grow (see
	// WriteOptions).
	Slack bool
}

// Result is everything Build produced, for the UI and the server.
type Result struct {
	Program *lang.Program
	Code    *Code
	Debug   *dwarfcore.Output
	// Object is the input the ELF writer was given.
	Object *Object
	// ELF is the file; Sections its file map (index order, null first).
	ELF      []byte
	Sections []SectionInfo
	File     *File
}

// Build compiles one source file and writes it as an ELF file:
// lang.Compile, CodeGen, dwarfcore.Emit, then WriteObject. Errors in the
// source come back as the front end's lang.ErrorList, unchanged.
func Build(path string, src []byte, opts Options) (*Result, error) {
	if opts.Kind != KindObject {
		return nil, fmt.Errorf("linkcore: cannot build output kind %s", opts.Kind)
	}
	dopts := opts.Debug
	if dopts.Arch == nil {
		dopts.Arch = target.X86_64
	}
	if dopts.Format == 0 {
		dopts.Format = dwarfcore.DWARF32
	}
	prog, err := lang.Compile(path, src, dopts.Arch)
	if err != nil {
		return nil, err
	}
	code, err := CodeGen(prog, dopts.Arch)
	if err != nil {
		return nil, err
	}
	debug, err := dwarfcore.Emit(prog, code.Debug, dopts)
	if err != nil {
		return nil, err
	}
	obj, err := NewObject(prog, code, &DebugInput{Sections: debug.Sections, Align: debug.Align, Relocs: debug.Relocs})
	if err != nil {
		return nil, err
	}
	file, err := WriteObject(obj, WriteOptions{Slack: opts.Slack})
	if err != nil {
		return nil, err
	}
	return &Result{Program: prog, Code: code, Debug: debug, Object: obj,
		ELF: file.Bytes, Sections: file.Sections, File: file}, nil
}
