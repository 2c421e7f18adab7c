package wasmobj

import (
	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// Incremental is an incremental build of a WebAssembly object: the front
// end, code generator and DWARF emitter redo only what changed
// (linkcore.ObjectSession), and each update writes the module anew. A
// module has no room between its sections (each is a length-prefixed
// run of bytes), so nothing is placed with slack: a grown section shifts
// the ones after it, as the seed's Wasm linker rewrites the file on each
// flush.
type Incremental struct {
	session *linkcore.ObjectSession
	file    *File
	steps   int
}

// Step is what one Update did.
type Step struct {
	Index int
	// Debug is the DWARF emitter's update log.
	Debug *dwarfcore.UpdateLog
	// BytesChanged counts the bytes of the module that differ from the
	// previous one; ImageSize is its size.
	BytesChanged, ImageSize uint64
}

// NewIncremental opens an incremental WebAssembly build with opts (an
// object; the target and container are WebAssembly's).
func NewIncremental(opts linkcore.Options) (*Incremental, error) {
	opts.Container = Container
	s, err := linkcore.NewObjectSession(opts)
	if err != nil {
		return nil, err
	}
	return &Incremental{session: s}, nil
}

// Image returns the current module; it is valid until the next Update.
func (in *Incremental) Image() []byte {
	if in.file == nil {
		return nil
	}
	return in.file.Bytes
}

// Update compiles the new version of the source and writes the module.
// Errors in the source come back as lang.ErrorList and leave the module
// as it was.
func (in *Incremental) Update(path string, src []byte) (*Step, error) {
	obj, log, err := in.session.Update(path, src)
	if err != nil {
		return nil, err
	}
	f, err := WriteObject(obj)
	if err != nil {
		return nil, err
	}
	step := &Step{Index: in.steps, Debug: log, ImageSize: uint64(len(f.Bytes)),
		BytesChanged: linkcore.ChangedBytes(in.Image(), f.Bytes)}
	in.file = f
	in.steps++
	return step, nil
}
