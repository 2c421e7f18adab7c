package macho

import (
	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// Incremental is an incremental build of a Mach-O object, as
// linkcore.Incremental is of an ELF one: the front end reuses unchanged
// declarations, one long-lived dwarfcore.Dwarf re-emits only the
// declarations whose output changed, and each update lays the new object
// out over the previous image (WriteOptions.Prev): every piece keeps its
// slot when it fits and moves to free space when it outgrows it.
//
// The dSYM companion (WriteOptions.DSYM) is kept the same way beside the
// object, as the seed's DebugSymbols keeps its __DWARF sections: each
// debug section in a slot with slack, moved to free space when it outgrows
// it.
type Incremental struct {
	session *linkcore.ObjectSession
	file    *File
	dsym    *File
	steps   int
}

// Step is what one Update did.
type Step struct {
	Index int
	// Debug is the DWARF emitter's update log.
	Debug *dwarfcore.UpdateLog
	// Moves are the pieces that moved in the file; Relaid says the whole
	// file was laid out anew (the load commands outgrew their slot).
	Moves  []Move
	Relaid bool
	// DSYMMoves are the pieces of the dSYM companion that moved.
	DSYMMoves []Move
	// BytesWritten counts the bytes of the image that changed;
	// ImageSize is its size after the update.
	BytesWritten, ImageSize uint64
}

// NewIncremental opens an incremental Mach-O build with opts (an object;
// opts.Container is ignored).
func NewIncremental(opts linkcore.Options) (*Incremental, error) {
	opts.Container = nil
	if opts.Debug.Arch != nil {
		if _, err := lookupArch(opts.Debug.Arch); err != nil {
			return nil, err
		}
	}
	s, err := linkcore.NewObjectSession(opts)
	if err != nil {
		return nil, err
	}
	return &Incremental{session: s}, nil
}

// Image returns the current file; it is valid until the next Update.
func (in *Incremental) Image() []byte {
	if in.file == nil {
		return nil
	}
	return in.file.Bytes
}

// DSYM returns the current dSYM companion with its map.
func (in *Incremental) DSYM() *File { return in.dsym }

// File returns the current file with its map.
func (in *Incremental) File() *File { return in.file }

// Update compiles the new version of the source and lays it out over the
// image. Errors in the source come back as lang.ErrorList and leave the
// image as it was.
func (in *Incremental) Update(path string, src []byte) (*Step, error) {
	obj, log, err := in.session.Update(path, src)
	if err != nil {
		return nil, err
	}
	f, err := WriteObject(obj, WriteOptions{Slack: true, Prev: in.file})
	if err != nil {
		return nil, err
	}
	dsym, err := WriteObject(obj, WriteOptions{Slack: true, Prev: in.dsym, DSYM: true})
	if err != nil {
		return nil, err
	}
	step := &Step{Index: in.steps, Debug: log, DSYMMoves: dsym.Moves, Moves: f.Moves, Relaid: f.Relaid, ImageSize: uint64(len(f.Bytes))}
	step.BytesWritten = linkcore.ChangedBytes(in.Image(), f.Bytes)
	in.file, in.dsym = f, dsym
	in.steps++
	return step, nil
}
