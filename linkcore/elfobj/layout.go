package elfobj

import "github.com/dwarfscope/dwarfscope/internal/align"

// File-offset allocation, after the seed's ELF linker: every section gets a
// slot of file space; with slack a slot is the ideal size PadToIdeal(size),
// so that a section can later grow in place, and a section that outgrows its
// slot moves to the first free space that fits (findFreeSpace).

// PadToIdeal returns size plus a third of it: the space the seed's linker
// gives a section or entry so that it can grow in place.
func PadToIdeal(size uint64) uint64 {
	return addSat(size, size/3)
}

// fileSlot is one allocated range of the file [off, off+size).
type fileSlot struct{ off, size uint64 }

// fileSpace tracks the allocated ranges of a file image.
type fileSpace struct{ slots []fileSlot }

// collision returns the end of a slot that overlaps [start, start+size),
// or false when the range is free.
func (fs *fileSpace) collision(start, size uint64) (uint64, bool) {
	end := addSat(start, size)
	for _, s := range fs.slots {
		sEnd := addSat(s.off, s.size)
		if start < sEnd && end > s.off {
			return sEnd, true
		}
	}
	return 0, false
}

// findFreeSpace returns the lowest offset aligned to alignment at which size
// bytes collide with no allocated slot.
func (fs *fileSpace) findFreeSpace(size, alignment uint64) uint64 {
	var start uint64
	for {
		end, hit := fs.collision(start, size)
		if !hit {
			return start
		}
		start = align.Forward(end, alignment)
	}
}

// allocate reserves size bytes at the first free aligned offset. An empty
// slot reserves nothing (and may share its offset with another slot).
func (fs *fileSpace) allocate(size, alignment uint64) uint64 {
	off := fs.findFreeSpace(size, alignment)
	if size > 0 {
		fs.slots = append(fs.slots, fileSlot{off, size})
	}
	return off
}

// appendSlot reserves size bytes at the end of the file, aligned to alignment:
// a fresh image lays its sections out in index order.
func (fs *fileSpace) appendSlot(size, alignment uint64) uint64 {
	off := align.Forward(fs.end(), alignment)
	if size > 0 {
		fs.slots = append(fs.slots, fileSlot{off, size})
	}
	return off
}

// end returns the end of the last allocated slot.
func (fs *fileSpace) end() uint64 {
	var e uint64
	for _, s := range fs.slots {
		e = max(e, addSat(s.off, s.size))
	}
	return e
}

const maxFileSize = 1<<63 - 1

func addSat(a, b uint64) uint64 {
	if a > maxFileSize-b || b > maxFileSize {
		return maxFileSize
	}
	return a + b
}

// free releases the slot [off, off+size), if any: the space a moved
// section leaves behind becomes free space for later moves. An empty slot
// holds no space (another slot may start at the same offset), so freeing
// one does nothing.
func (fs *fileSpace) free(off, size uint64) {
	if size == 0 {
		return
	}
	for i, s := range fs.slots {
		if s.off == off && s.size == size {
			fs.slots = append(fs.slots[:i], fs.slots[i+1:]...)
			return
		}
	}
}

// resize changes the size of the slot at off (which must exist).
func (fs *fileSpace) resize(off, size uint64) {
	for i := range fs.slots {
		if fs.slots[i].off == off {
			fs.slots[i].size = size
			return
		}
	}
}
