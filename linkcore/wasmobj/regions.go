package wasmobj

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// RegionKind says what a region of a module holds.
type RegionKind string

// The kinds of regions.
const (
	RegionHeader  RegionKind = "header"         // the magic number and version
	RegionSection RegionKind = "section"        // a standard section (type, import, function, code, data)
	RegionCustom  RegionKind = "custom section" // a custom section: linking, reloc.*, .debug_*
)

// Region is one section of a module (or its header), as wasm-objdump -h
// shows it: the contents are [Offset, Offset+Size) (for a custom
// section, its name first), preceded by Header bytes of section id and
// size.
type Region struct {
	Name string
	Kind RegionKind
	// Header counts the id and size bytes before Offset (0 for the
	// module header).
	Header, Offset, Size uint64
	// Moved says the section starts elsewhere than in the previous module
	// given to Regions (a section before it changed size); OldOffset is
	// and OldSize its place and size there.
	Moved              bool
	OldOffset, OldSize uint64
}

// Start is where the region's bytes begin: its section id.
func (r Region) Start() uint64 { return r.Offset - r.Header }

// Regions returns the module's layout: the header and each section in
// file order, which cover the module exactly. A WebAssembly module has no
// room between sections, so there is no slack: when prev (the module's
// previous version, or nil) is given, the sections that start elsewhere
// than in prev are marked Moved.
func (f *File) Regions(prev *File) ([]Region, error) {
	rs, err := regions(f.Bytes)
	if err != nil {
		return nil, err
	}
	if prev == nil {
		return rs, nil
	}
	before, err := regions(prev.Bytes)
	if err != nil {
		return nil, err
	}
	old := map[string]Region{}
	for _, r := range before {
		old[r.Name] = r
	}
	for i, r := range rs {
		if o, ok := old[r.Name]; ok && o.Offset != r.Offset {
			rs[i].Moved, rs[i].OldOffset, rs[i].OldSize = true, o.Offset, o.Size
		}
	}
	return rs, nil
}

// regions walks the sections of module b.
func regions(b []byte) ([]Region, error) {
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return nil, fmt.Errorf("wasmobj: not a WebAssembly module")
	}
	rs := []Region{{Name: "module header", Kind: RegionHeader, Size: 8}}
	for off := uint64(8); off < uint64(len(b)); {
		id := b[off]
		size, n := leb128.ReadUnsigned(b, off+1)
		start := off + 1 + uint64(n)
		if n == 0 || size > uint64(len(b))-start {
			return nil, fmt.Errorf("wasmobj: section at %#x overruns the module", off)
		}
		r := Region{Name: standardName[id], Kind: RegionSection, Header: start - off, Offset: start, Size: size}
		if id == secCustom {
			name, ok := readString(b[start : start+size])
			if !ok {
				return nil, fmt.Errorf("wasmobj: custom section at %#x has no name", off)
			}
			r.Name, r.Kind = name, RegionCustom
		}
		if r.Name == "" {
			r.Name = fmt.Sprintf("section %d", id)
		}
		rs = append(rs, r)
		off = start + size
	}
	return rs, nil
}
