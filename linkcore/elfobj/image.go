package elfobj

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// Image is an ELF object kept as a mutable byte buffer (the "file") and
// patched in place, after the seed's linker. Every section has a file slot
// of PadToIdeal(size) bytes; new contents that fit the slot are written
// there, and only the bytes that differ are written. A section that
// outgrows its slot moves to the first free space that fits
// (findFreeSpace), its old slot becomes free space, and the section header
// table, rewritten in place (or moved the same way when it grows), follows.
type Image struct {
	order binary.ByteOrder
	is64  bool

	image []byte
	space fileSpace
	// slots maps a section name to its place in the file; the section
	// header table's slot has the key shdrKey.
	slots    map[string]*imageSlot
	sections []SectionInfo
	// file is the file map of the image: the last patched file's headers
	// with the image's section offsets.
	file    File
	patches int
}

// shdrKey names the section header table among the slots.
const shdrKey = "<section headers>"

// imageSlot is one section's place in the file.
type imageSlot struct {
	off, slot, size uint64
}

// ImageStep is what one patch of the image wrote, JSON-friendly for the
// explorer.
type ImageStep struct {
	// Sections are the per-section file writes, in section header order.
	Sections []SectionStep `json:"sections"`
	// Moves are the sections (and the section header table) that moved
	// in the file.
	Moves []SectionMove `json:"moves"`
	// BytesWritten counts every byte written to the file image;
	// ImageSize is the file's size after the patch.
	BytesWritten uint64 `json:"bytesWritten"`
	ImageSize    uint64 `json:"imageSize"`
}

// SectionStep is one section's file writes in a patch.
type SectionStep struct {
	Name string `json:"name"`
	// Off, Size and Slot are the section's file offset, size and slot
	// after the patch.
	Off  uint64 `json:"off"`
	Size uint64 `json:"size"`
	Slot uint64 `json:"slot"`
	// Bytes counts the bytes written into the section's slot.
	Bytes uint64 `json:"bytes"`
	// State is "new", "moved", "in place" (written within its slot),
	// "unchanged" or "removed".
	State string `json:"state"`
}

// SectionMove records a section (or the section header table) moving in
// the file because it outgrew its slot.
type SectionMove struct {
	Name    string `json:"name"`
	OldOff  uint64 `json:"oldOff"`
	OldSlot uint64 `json:"oldSlot"`
	NewOff  uint64 `json:"newOff"`
	NewSlot uint64 `json:"newSlot"`
	Size    uint64 `json:"size"`
}

// NewImage returns an empty image of an object for arch.
func NewImage(arch *target.Arch) (*Image, error) {
	ea, err := lookupELFArch(arch)
	if err != nil {
		return nil, err
	}
	return &Image{order: ea.byteOrder(), is64: ea.is64(), slots: map[string]*imageSlot{}}, nil
}

// Bytes returns the current file image; it is valid until the next patch.
func (im *Image) Bytes() []byte { return im.image }

// Sections returns the file map of the current image (index order, null
// section first).
func (im *Image) Sections() []SectionInfo { return im.sections }

// File returns the current image with its file map.
func (im *Image) File() *File {
	f := im.file
	f.Bytes, f.Sections = im.image, im.sections
	return &f
}

// Patch lays the sections of fresh, a file WriteObject wrote, into the
// image: each section stays in its slot when it fits (writing only the
// bytes that differ) and moves to free space when it does not; then the
// section header table and the ELF header follow.
func (im *Image) Patch(fresh *File) (ImageStep, error) {
	var step ImageStep
	alive := map[string]bool{}
	secs := make([]SectionInfo, len(fresh.Sections))
	copy(secs, fresh.Sections)
	if len(im.image) == 0 {
		// The first image: the ELF header, then every section in index
		// order with slack, then the section header table.
		im.space.appendSlot(fresh.HeaderSize, 1)
	}
	for i := range secs {
		s := &secs[i]
		if i == 0 {
			continue
		}
		alive[s.Name] = true
		data := fresh.Bytes[s.Offset : s.Offset+s.Size]
		if s.Type == elf.SHT_NOBITS {
			data = nil
		}
		off, slot, st := im.place(s.Name, data, max(s.Align, 1), &step)
		s.Offset, s.Slot = off, slot
		if s.Type == elf.SHT_NOBITS {
			s.Slot = 0
		}
		st.Name, st.Off, st.Size, st.Slot = s.Name, off, s.Size, s.Slot
		step.Sections = append(step.Sections, st)
	}
	for name, sl := range im.slots {
		if name != shdrKey && !alive[name] {
			im.space.free(sl.off, sl.slot)
			delete(im.slots, name)
			step.Sections = append(step.Sections, SectionStep{Name: name, State: "removed"})
		}
	}
	// The section header table, with each sh_offset pointing into the
	// image.
	shdrs := append([]byte(nil), fresh.Bytes[fresh.SHOff:fresh.SHOff+fresh.SHEntSize*fresh.SHNum]...)
	for i, s := range secs {
		if err := im.setSectionOffset(shdrs[uint64(i)*fresh.SHEntSize:], s.Offset); err != nil {
			return step, err
		}
	}
	wordAlign := uint64(8)
	if !im.is64 {
		wordAlign = 4
	}
	shoff, _, st := im.place(shdrKey, shdrs, wordAlign, &step)
	st.Name, st.Off, st.Size = shdrKey, shoff, uint64(len(shdrs))
	st.Slot = im.slots[shdrKey].slot
	step.Sections = append(step.Sections, st)
	// The ELF header, with e_shoff pointing at the table.
	hdr, err := im.header(fresh.Bytes[:fresh.HeaderSize], shoff)
	if err != nil {
		return step, err
	}
	im.grow(uint64(len(hdr)))
	step.BytesWritten += writeDiff(im.image[:len(hdr)], hdr)
	im.sections = secs
	im.file = File{HeaderSize: fresh.HeaderSize, SHOff: shoff, SHEntSize: fresh.SHEntSize, SHNum: fresh.SHNum}
	im.patches++
	step.ImageSize = uint64(len(im.image))
	return step, nil
}

// setSectionOffset sets sh_offset of the section header at the start of
// b.
func (im *Image) setSectionOffset(b []byte, off uint64) error {
	if im.is64 {
		var sh elf.Section64
		if _, err := binary.Decode(b, im.order, &sh); err != nil {
			return fmt.Errorf("linkcore: section header: %w", err)
		}
		sh.Off = off
		_, err := binary.Encode(b, im.order, sh)
		return err
	}
	var sh elf.Section32
	if _, err := binary.Decode(b, im.order, &sh); err != nil {
		return fmt.Errorf("linkcore: section header: %w", err)
	}
	sh.Off = uint32(off)
	_, err := binary.Encode(b, im.order, sh)
	return err
}

// header returns a copy of the ELF header fresh with e_shoff set to
// shoff.
func (im *Image) header(fresh []byte, shoff uint64) ([]byte, error) {
	hdr := append([]byte(nil), fresh...)
	if im.is64 {
		var h elf.Header64
		if _, err := binary.Decode(hdr, im.order, &h); err != nil {
			return nil, fmt.Errorf("linkcore: ELF header: %w", err)
		}
		h.Shoff = shoff
		_, err := binary.Encode(hdr, im.order, h)
		return hdr, err
	}
	var h elf.Header32
	if _, err := binary.Decode(hdr, im.order, &h); err != nil {
		return nil, fmt.Errorf("linkcore: ELF header: %w", err)
	}
	h.Shoff = uint32(shoff)
	_, err := binary.Encode(hdr, im.order, h)
	return hdr, err
}

// place writes data as the section name: in its slot when it fits, else
// in a new slot of PadToIdeal(len(data)) bytes at the first free space.
func (im *Image) place(name string, data []byte, alignment uint64, step *ImageStep) (off, slot uint64, st SectionStep) {
	size := uint64(len(data))
	sl := im.slots[name]
	switch {
	case sl != nil && size <= sl.slot:
		n := writeDiff(im.image[sl.off:sl.off+size], data)
		// bytes past the new end of a shrunk section are left as they
		// are: no header points at them
		st.Bytes = n
		st.State = "unchanged"
		if n > 0 {
			st.State = "in place"
		}
		sl.size = size
	case sl == nil:
		sl = &imageSlot{slot: PadToIdeal(size), size: size}
		if len(im.image) == 0 || im.patches == 0 {
			sl.off = im.space.appendSlot(sl.slot, alignment)
		} else {
			sl.off = im.space.allocate(sl.slot, alignment)
		}
		im.slots[name] = sl
		im.grow(sl.off + sl.slot)
		copy(im.image[sl.off:], data)
		st.Bytes, st.State = size, "new"
	default:
		old := *sl
		im.space.free(sl.off, sl.slot)
		sl.slot, sl.size = PadToIdeal(size), size
		sl.off = im.space.allocate(sl.slot, alignment)
		im.grow(sl.off + sl.slot)
		copy(im.image[sl.off:], data)
		st.Bytes, st.State = size, "moved"
		step.Moves = append(step.Moves, SectionMove{Name: name, OldOff: old.off, OldSlot: old.slot,
			NewOff: sl.off, NewSlot: sl.slot, Size: size})
	}
	step.BytesWritten += st.Bytes
	return sl.off, sl.slot, st
}

// HasSlot reports whether the section name has a slot in the image.
func (im *Image) HasSlot(name string) bool { return im.slots[name] != nil }

// WriteInPlace writes data at offset off of the section name, which must
// have a slot holding [off, off+len(data)), and returns how many bytes
// differed.
func (im *Image) WriteInPlace(name string, off uint64, data []byte) uint64 {
	at := im.slots[name].off + off
	return writeDiff(im.image[at:at+uint64(len(data))], data)
}

// InPlaceStep is the step of writes made with WriteInPlace since the
// last patch: written counts the bytes written per section name.
func (im *Image) InPlaceStep(written map[string]uint64) ImageStep {
	var step ImageStep
	for _, s := range im.sections[1:] {
		st := SectionStep{Name: s.Name, Off: s.Offset, Size: s.Size, Slot: s.Slot, Bytes: written[s.Name], State: "unchanged"}
		if s.Type == elf.SHT_NOBITS {
			st.Slot = 0
		}
		if st.Bytes > 0 {
			st.State = "in place"
		}
		step.Sections = append(step.Sections, st)
		step.BytesWritten += st.Bytes
	}
	sl := im.slots[shdrKey]
	step.Sections = append(step.Sections, SectionStep{Name: shdrKey, Off: sl.off, Size: sl.size, Slot: sl.slot, State: "unchanged"})
	step.ImageSize = uint64(len(im.image))
	return step
}

// grow extends the image to at least n bytes, zero-filled.
func (im *Image) grow(n uint64) {
	old := uint64(len(im.image))
	if n <= old {
		return
	}
	im.image = slices.Grow(im.image, int(n-old))[:n]
	clear(im.image[old:])
}

// writeDiff copies src over dst (same length) and returns how many bytes
// differed: only those are written.
func writeDiff(dst, src []byte) uint64 {
	var n uint64
	const chunk = 64
	for i := 0; i < len(src); i += chunk {
		j := min(i+chunk, len(src))
		if bytes.Equal(dst[i:j], src[i:j]) {
			continue
		}
		for k := i; k < j; k++ {
			if dst[k] != src[k] {
				dst[k] = src[k]
				n++
			}
		}
	}
	return n
}
