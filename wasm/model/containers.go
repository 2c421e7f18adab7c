package model

import (
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// FileRegion is one region of a Mach-O file or a WebAssembly module, as
// linkcore/macho and linkcore/wasmobj lay it out (the page only draws
// it): the region's bytes are [Offset, Offset+Size), preceded by Header
// bytes of its own (a wasm section's id and size), and its slot is
// [Offset, Offset+Slot): Slot-Size bytes of slack.
type FileRegion struct {
	Name string
	// Kind is the container's region kind: "header", "load command",
	// "section", "custom section", "relocations", "symbol table",
	// "string table", "load command room", "free".
	Kind string
	// Segment is a Mach-O section's segment name.
	Segment                    string
	Header, Offset, Size, Slot uint64
	// Moved says the piece is elsewhere than after the previous update;
	// OldOffset and OldSlot were its place.
	Moved              bool
	OldOffset, OldSlot uint64
}

// Start is where the region's bytes begin.
func (r FileRegion) Start() uint64 { return r.Offset - r.Header }

// incremental is the page's incremental build in one container: ELF
// (linkcore.Incremental), Mach-O or WebAssembly.
type incremental interface {
	// update compiles src and updates the file image.
	update(path string, src []byte) (*linkcore.Step, error)
	// Last is the last update's program, code, debug output and object.
	Last() *linkcore.Result
	// Dwarf is the long-lived emitter (its layout places the entries).
	Dwarf() *dwarfcore.Dwarf
	// Image is the current file image.
	Image() []byte
	// file is the image's section map; regions its layout, for the
	// containers whose map is drawn from regions (nil for ELF).
	file() *linkcore.File
	regions() ([]FileRegion, error)
}

// newIncremental opens the incremental build of the options' container.
func newIncremental(container string, lo linkcore.Options) (incremental, error) {
	switch container {
	case "macho":
		in, err := linkcore.NewMachOIncremental(lo)
		return machoBuild{in}, err
	case "wasm":
		in, err := linkcore.NewWasmIncremental(lo)
		return wasmBuild{in}, err
	}
	in, err := linkcore.NewIncremental(lo)
	return elfBuild{in}, err
}

type elfBuild struct{ *linkcore.Incremental }

func (b elfBuild) update(path string, src []byte) (*linkcore.Step, error) {
	return b.Update(path, src)
}
func (b elfBuild) file() *linkcore.File           { return b.Last().File }
func (b elfBuild) regions() ([]FileRegion, error) { return nil, nil }

type machoBuild struct{ *linkcore.MachOIncremental }

func (b machoBuild) update(path string, src []byte) (*linkcore.Step, error) {
	st, err := b.Update(path, src)
	if err != nil {
		return nil, err
	}
	step := &linkcore.Step{Index: st.Index, Debug: st.Debug}
	step.BytesWritten, step.ImageSize = st.BytesWritten, st.ImageSize
	for _, m := range st.Moves {
		// The writer's keys ("section __DWARF,__debug_info",
		// "relocations __TEXT,__text") named as the map names them.
		name := strings.TrimPrefix(m.Name, "section ")
		if rest, ok := strings.CutPrefix(m.Name, "relocations "); ok {
			name = "relocations of " + rest
		}
		step.Moves = append(step.Moves, linkcore.SectionMove{Name: name, OldOff: m.OldOff, OldSlot: m.OldSlot, NewOff: m.NewOff, NewSlot: m.NewSlot, Size: m.Size})
	}
	return step, nil
}
func (b machoBuild) file() *linkcore.File { return b.File().LinkFile() }
func (b machoBuild) regions() ([]FileRegion, error) {
	rs := b.File().Regions()
	out := make([]FileRegion, len(rs))
	for i, r := range rs {
		out[i] = FileRegion{Name: r.Name, Kind: string(r.Kind), Segment: r.Segment, Offset: r.Offset, Size: r.Size, Slot: r.Slot,
			Moved: r.Moved, OldOffset: r.OldOffset, OldSlot: r.OldSlot}
	}
	return out, nil
}

type wasmBuild struct{ *linkcore.WasmIncremental }

func (b wasmBuild) update(path string, src []byte) (*linkcore.Step, error) {
	st, err := b.Update(path, src)
	if err != nil {
		return nil, err
	}
	// A module is written anew: sections shift rather than move out of
	// slots (the regions show the shifts), so the step lists no moves.
	step := &linkcore.Step{Index: st.Index, Debug: st.Debug}
	step.BytesWritten, step.ImageSize = st.BytesChanged, st.ImageSize
	return step, nil
}
func (b wasmBuild) file() *linkcore.File { return b.File().LinkFile() }
func (b wasmBuild) regions() ([]FileRegion, error) {
	rs, err := b.Regions()
	if err != nil {
		return nil, err
	}
	out := make([]FileRegion, len(rs))
	for i, r := range rs {
		out[i] = FileRegion{Name: r.Name, Kind: string(r.Kind), Header: r.Header, Offset: r.Offset, Size: r.Size, Slot: r.Size,
			Moved: r.Moved, OldOffset: r.OldOffset, OldSlot: r.OldSize}
	}
	return out, nil
}
