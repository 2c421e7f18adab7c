package macho

import (
	"slices"

	"github.com/dwarfscope/dwarfscope/internal/align"
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
