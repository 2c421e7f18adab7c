package linkcore

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lldbfmt"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/linkcore/amd64"
	"github.com/dwarfscope/dwarfscope/linkcore/codegen"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
	"github.com/dwarfscope/dwarfscope/linkcore/wasm32"
)

// The pipeline's products, defined by the packages that make them: the
// code generators' Code, the object model and the ELF writer's file map.
type (
	Code        = codegen.Code
	Object      = elfobj.Object
	File        = elfobj.File
	SectionInfo = elfobj.SectionInfo
	SectionStep = elfobj.SectionStep
	SectionMove = elfobj.SectionMove
)

// Kind is the kind of ELF file Build writes.
type Kind uint8

// The output kinds.
const (
	// KindObject is a relocatable object (ET_REL).
	KindObject Kind = iota
	// KindExecutable is a static x86_64 executable (ET_EXEC, no libc) that
	// runs main and exits; see LinkExecutable.
	KindExecutable
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindObject:
		return "object"
	case KindExecutable:
		return "executable"
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
	// Limits bound the compilation (lang.CompileConfig); its Arch is
	// ignored (Debug.Arch is the target). Zero fields take lang's defaults.
	Limits lang.Config
	// MaxData, when not 0, bounds the total size in bytes of the
	// program's global data (variables, constants, anonymous data), so a
	// server can refuse a program before writing its bytes.
	MaxData uint64
	// MaxOutput, when not 0, bounds the size in bytes of the ELF file.
	// Build refuses a program whose output estimated from the checked
	// program (EstimateOutput) is larger before encoding anything, and
	// one whose file comes out larger after writing it.
	MaxOutput uint64
	// Container, when not nil, writes the object in another container
	// (linkcore/macho, ...) instead of ELF; only KindObject.
	Container Container
	// Progress, when not nil, is called as BuildContext enters each
	// stage, before the stage looks at the context.
	Progress func(Stage)
}

// Stage is one stage of a build, in the order BuildContext runs them.
type Stage uint8

// The stages of a build. Each stops once the build's context is done.
const (
	StageCheck   Stage = iota // the front end: parse, resolve, check, lay out
	StageCodeGen              // the code generator
	StageEmit                 // the DWARF emitter
	StageEncode               // the value encoder: the initial values' bytes
	StageWrite                // the ELF writer (or the object's container)
)

// String names the stage.
func (s Stage) String() string {
	switch s {
	case StageCheck:
		return "check"
	case StageCodeGen:
		return "codegen"
	case StageEmit:
		return "emit"
	case StageEncode:
		return "encode"
	case StageWrite:
		return "write"
	}
	return fmt.Sprintf("Stage(%d)", s)
}

// Container is an object-file format other than ELF: a writer of the same
// Object the ELF writer takes. Each lives in its own package beside the ELF
// writer (linkcore/macho, linkcore/wasmobj) and knows nothing of the
// pipeline: its value satisfies this interface by its methods alone.
type Container interface {
	// Name is the container's name as the build options spell it.
	Name() string
	// WriteObject writes obj; slack gives every section room to grow
	// (elfobj.WriteOptions.Slack).
	WriteObject(obj *elfobj.Object, slack bool) (*elfobj.File, error)
}

// ArchContainer is a Container for a machine of its own (WebAssembly):
// its target replaces the options' target (and with it the code
// generator), and CoreDebugSections says its debug consumers read only
// the DWARF 4 core sections (dwarfcore.Options.CoreSections).
type ArchContainer interface {
	Container
	Arch() *target.Arch
	CoreDebugSections() bool
}

// Result is everything Build produced, for the UI and the server.
type Result struct {
	Program *lang.Program
	Code    *Code
	Debug   *dwarfcore.Output
	// Object is the input the ELF writer was given.
	Object *Object
	// ELF is the file (in Options.Container's format when set);
	// Sections its file map (index order; for ELF, the null section
	// first).
	ELF      []byte
	Sections []SectionInfo
	File     *File
}

// Build compiles one source file and writes it as an ELF file:
// lang.Compile, CodeGen, dwarfcore.Emit, then WriteObject. Errors in the
// source come back as the front end's lang.ErrorList, unchanged.
//
// KindExecutable (x86_64 only) compiles every function's statements
// (linkcore/amd64) and links a static executable (elfobj.LinkExecutable)
// instead: the
// compile unit is named after the file's base name with comp_dir "." (so
// the executable finds its source when run next to it), thread-locals are
// described by their main-thread address (dwarfcore.Options.StaticTLS),
// the executable carries the emitter's .lldbformatters section
// (dwarfcore.Options.LLDBFormatters), and the file must declare `fn main`.
func Build(path string, src []byte, opts Options) (*Result, error) {
	return BuildContext(context.Background(), path, src, opts)
}

// BuildContext is Build stopped once ctx is done: the front end
// (lang.Config.Context), the code generators (codegen.Stop), the DWARF
// emitter (dwarfcore.EmitContext), the
// value encoder (lang.Types.EncodeContext) and the ELF writer
// (elfobj.WriteOptions.Context, ExeOptions.Context; another container's
// writer when it is a ContextContainer) look at ctx as they work, and every stage is entered only while ctx is not done. Their
// work is also bounded by the limits checked before them
// (Options.MaxData and the output estimate against Options.MaxOutput;
// the machine code may take only what the estimate leaves of
// Options.MaxOutput, and the code generator stops when it reaches it).
// The error of a stopped build wraps ctx's error and, when a stage
// noticed it, that stage's error, which says where it stopped.
func BuildContext(ctx context.Context, path string, src []byte, opts Options) (*Result, error) {
	if opts.Kind != KindObject && opts.Kind != KindExecutable {
		return nil, fmt.Errorf("linkcore: cannot build output kind %s", opts.Kind)
	}
	if opts.Container != nil && opts.Kind != KindObject {
		return nil, fmt.Errorf("linkcore: a %s container holds objects only, not an %s", opts.Container.Name(), opts.Kind)
	}
	dopts := debugOptions(opts)
	if opts.Kind == KindExecutable {
		if dopts.Arch.Name != target.X86_64.Name {
			return nil, fmt.Errorf("linkcore: executables can only be built for x86_64, not %s", dopts.Arch.Name)
		}
		path = filepath.Base(path)
		dopts.StaticTLS = true
		dopts.LLDBFormatters = true
		if dopts.CompDir == "" {
			dopts.CompDir = "."
		}
	}
	limits := opts.Limits
	limits.Arch = dopts.Arch
	limits.Context = ctx
	progress := func(Stage) {}
	if opts.Progress != nil {
		progress = opts.Progress
	}
	progress(StageCheck)
	prog, err := lang.CompileConfig(path, src, limits)
	if err := stopped(ctx, err); err != nil {
		return nil, err
	}
	if err := checkDataSize(prog, opts.MaxData); err != nil {
		return nil, err
	}
	estimate := EstimateOutput(prog)
	if opts.MaxOutput != 0 && estimate > opts.MaxOutput {
		return nil, &OutputTooLargeError{Size: estimate, Limit: opts.MaxOutput, Estimated: true}
	}
	progress(StageCodeGen)
	// The machine code lands in the output too: it may take what the
	// estimate leaves.
	stop := &codegen.Stop{Context: ctx}
	if opts.MaxOutput != 0 {
		stop.MaxText = max(opts.MaxOutput-estimate, 1)
	}
	code, err := codeGenStop(prog, dopts.Arch, opts.Kind, stop)
	var text *codegen.TextTooLargeError
	if errors.As(err, &text) {
		return nil, &OutputTooLargeError{Size: estimate + text.Size, Limit: opts.MaxOutput, Code: true}
	}
	if err := stopped(ctx, err); err != nil {
		return nil, err
	}
	progress(StageEmit)
	debug, err := dwarfcore.EmitContext(ctx, prog, code.Debug, dopts)
	if err := stopped(ctx, err); err != nil {
		return nil, err
	}
	progress(StageEncode)
	obj, err := newObject(ctx, prog, code, &DebugInput{Sections: debug.Sections, Align: debug.Align, Relocs: debug.Relocs})
	if err := stopped(ctx, err); err != nil {
		return nil, err
	}
	progress(StageWrite)
	var file *File
	switch {
	case opts.Kind == KindExecutable:
		file, err = linkProgram(ctx, prog, obj, debug.LLDBFormatters)
	case opts.Container != nil:
		file, err = writeContainer(ctx, opts.Container, obj, opts.Slack)
	default:
		file, err = elfobj.WriteObject(obj, elfobj.WriteOptions{Slack: opts.Slack, Context: ctx})
	}
	if err := stopped(ctx, err); err != nil {
		return nil, err
	}
	if opts.MaxOutput != 0 && uint64(len(file.Bytes)) > opts.MaxOutput {
		return nil, &OutputTooLargeError{Size: uint64(len(file.Bytes)), Limit: opts.MaxOutput}
	}
	return &Result{Program: prog, Code: code, Debug: debug, Object: obj,
		ELF: file.Bytes, Sections: file.Sections, File: file}, nil
}

// stopped returns err, or ctx's error (wrapped) when ctx is done: a
// stopped build's front-end diagnostics say only that it stopped; a
// stage's own stop error (which wraps ctx's error) is kept, since it
// says where the stage stopped.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() == nil {
		return err
	}
	if err != nil && errors.Is(err, ctx.Err()) {
		return fmt.Errorf("linkcore: build stopped: %w", err)
	}
	return fmt.Errorf("linkcore: build stopped: %w", context.Cause(ctx))
}

// linkProgram links prog's object as an executable whose _start calls the
// file's top-level `fn main` and exits with its result when it returns an
// integer (status 0 otherwise). lldbFormatters, when not empty, is the
// contents of its .lldbformatters section (dwarfcore.Output).
func linkProgram(ctx context.Context, prog *lang.Program, obj *Object, lldbFormatters []byte) (*File, error) {
	var main *lang.Decl
	for _, d := range prog.Decls {
		if d.Kind == lang.DeclFunc && d.Name == "main" && d.Parent == prog.Root {
			main = d
		}
	}
	if main == nil || !codegen.HasBody(main) {
		return nil, fmt.Errorf("linkcore: %s: an executable needs a top-level `fn main` with a body", prog.Path)
	}
	if len(main.Func.Params) != 0 {
		return nil, fmt.Errorf("linkcore: %s: main must not take parameters", prog.Path)
	}
	ret := main.Func.Ret
	var extra []*elfobj.Section
	if len(lldbFormatters) > 0 {
		extra = append(extra, &elfobj.Section{Name: lldbfmt.SectionName, Kind: elfobj.SectDebug, Data: lldbFormatters, Align: 1})
	}
	return elfobj.LinkExecutable(obj, elfobj.ExeOptions{Main: main.Symbol(), ExitWithResult: ret != nil && ret.Kind == lang.KindInt && ret.Size > 0,
		Context: ctx, Sections: extra})
}

// codeGenStop runs kind's code generator for arch (CodeGen, or
// CodeGenBodies for executables), stopped by stop.
func codeGenStop(prog *lang.Program, arch *target.Arch, kind Kind, stop *codegen.Stop) (*Code, error) {
	switch {
	case kind == KindExecutable:
		return amd64.CodeGenStop(prog, arch, stop)
	case arch != nil && arch.Name == target.Wasm32.Name:
		return wasm32.CodeGenContext(stop.Context, prog)
	}
	return codegen.CodeGenStop(prog, arch, stop)
}

// CodeGen compiles prog for arch with the objects' code generator: the
// WebAssembly generator (linkcore/wasm32) for wasm32, the minimal
// generators (codegen.CodeGen: empty bodies with a frame) elsewhere.
func CodeGen(prog *lang.Program, arch *target.Arch) (*Code, error) {
	if arch != nil && arch.Name == target.Wasm32.Name {
		return wasm32.CodeGen(prog)
	}
	return codegen.CodeGen(prog, arch)
}

// CodeGenBodies compiles every function's statements to x86_64 machine
// code (linkcore/amd64), as executables need.
func CodeGenBodies(prog *lang.Program, arch *target.Arch) (*Code, error) {
	return amd64.CodeGen(prog, arch)
}

// ContainerArch returns the target a container builds for whatever the
// options' target says (WebAssembly's wasm32), or nil when the options'
// target applies.
func ContainerArch(c Container) *target.Arch {
	if ac, ok := c.(ArchContainer); ok {
		return ac.Arch()
	}
	return nil
}
