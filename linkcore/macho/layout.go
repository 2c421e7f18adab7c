package macho

import (
	"fmt"
	"slices"

	"github.com/dwarfscope/dwarfscope/internal/align"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
)

// File and address space of an image, after the seed's linker: every
// piece (the load commands, each section's contents, relocation entries,
// the symbol and string tables) gets a slot with room to grow; a piece
// that outgrows its slot moves to the first free space that fits, and its
// old slot becomes free space.

// place is one piece's place: its file range (off, slot) and, for a
// section, its address range (addr, addrSlot).
type place struct {
	off, slot, addr, addrSlot uint64
}

// Move records a piece that left its slot because it outgrew it.
type Move struct {
	Name             string
	OldOff, OldSlot  uint64
	NewOff, NewSlot  uint64
	OldAddr, NewAddr uint64
	Size             uint64
}

// span is an allocated range [off, off+size).
type span struct{ off, size uint64 }

// space tracks the allocated ranges of a file or an address space.
type space struct{ spans []span }

func (s *space) reserve(off, size uint64) {
	if size > 0 {
		s.spans = append(s.spans, span{off, size})
	}
}

func (s *space) free(off, size uint64) {
	if i := slices.Index(s.spans, span{off, size}); i >= 0 {
		s.spans = slices.Delete(s.spans, i, i+1)
	}
}

// alloc reserves size bytes at the lowest free offset aligned to alignment;
// an empty piece goes to the end.
func (s *space) alloc(size, alignment uint64) uint64 {
	if size == 0 {
		return align.Forward(s.end(), alignment)
	}
	start := uint64(0)
	for {
		end := start + size
		hit := false
		for _, sp := range s.spans {
			if start < sp.off+sp.size && end > sp.off {
				start = align.Forward(sp.off+sp.size, alignment)
				hit = true
				break
			}
		}
		if !hit {
			s.reserve(start, size)
			return start
		}
	}
}

func (s *space) end() uint64 {
	var e uint64
	for _, sp := range s.spans {
		e = max(e, sp.off+sp.size)
	}
	return e
}

// ideal is the slot of a piece of size n: n + n/3 with slack.
func ideal(n uint64, slack bool) uint64 {
	if slack {
		return n + n/3
	}
	return n
}

// Write is new contents for part of a section: Data replaces the
// section's bytes from offset Off on. Source names the section as the
// object does (elfobj.Section.Name: ".debug_info", ".data").
type Write struct {
	Source string
	Off    uint64
	Data   []byte
}

// WriteInPlace is the quick path of an incremental update whose object
// has the layout of the one f was written from (the same sections and
// sizes, symbols and relocations as obj, the new object): it
// writes each write's bytes straight into f.Bytes, except at the places
// of relocations, whose bytes WriteObject resolved and which stay as they
// are, and returns the new File (sharing f's bytes, no moves) and how
// many bytes changed. A write to a section that has no contents in the
// file (zerofill, or a dSYM's __TEXT and __DATA) writes nothing. Every
// write is checked before any is made: on an error f is as it was.
func (f *File) WriteInPlace(obj *elfobj.Object, writes []Write) (*File, uint64, error) {
	relocs := make(map[string][]elfobj.Reloc, len(obj.Sections))
	for _, s := range obj.Sections {
		relocs[s.Name] = s.Relocs
	}
	secs := make([]*Section, len(writes))
	for i, w := range writes {
		for j := range f.Sections {
			if f.Sections[j].Source == w.Source {
				secs[i] = &f.Sections[j]
				break
			}
		}
		s := secs[i]
		if s == nil {
			return nil, 0, fmt.Errorf("macho: no section %s to write", w.Source)
		}
		if s.Slot > 0 && (w.Off > s.Size || uint64(len(w.Data)) > s.Size-w.Off) {
			return nil, 0, fmt.Errorf("macho: %s+%#x: a write of %d bytes past the section's %d", w.Source, w.Off, len(w.Data), s.Size)
		}
	}
	var changed uint64
	for i, w := range writes {
		s := secs[i]
		if s.Slot == 0 {
			continue
		}
		end := w.Off + uint64(len(w.Data))
		// Runs of the write between relocation places.
		keep := make([]bool, len(w.Data))
		for _, r := range relocs[w.Source] {
			for o := max(r.Offset, w.Off); o < min(r.Offset+uint64(r.Size), end); o++ {
				keep[o-w.Off] = true
			}
		}
		dst := f.Bytes[s.Offset+w.Off : s.Offset+end]
		for k, b := range w.Data {
			if !keep[k] && dst[k] != b {
				dst[k] = b
				changed++
			}
		}
	}
	nf := *f
	nf.Moves, nf.Relaid = nil, false
	return &nf, changed, nil
}
