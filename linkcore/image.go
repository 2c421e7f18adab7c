package linkcore

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/canon"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// Incremental is an incremental build, after the seed's linker: one ELF
// object image kept as a mutable byte buffer (the "file") and patched in
// place by each Update. Every section has a file slot of padToIdeal(size)
// bytes; new contents that fit the slot are written there, and only the
// bytes that differ are written. A section that outgrows its slot moves to
// the first free space that fits (findFreeSpace), its old slot becomes free
// space, and the section header table, rewritten in place (or moved the
// same way when it grows), follows. The DWARF sections come from one
// long-lived dwarfcore.Dwarf, which itself re-emits only the declarations
// that changed.
type Incremental struct {
	opts  Options
	dopts dwarfcore.Options
	dw    *dwarfcore.Dwarf
	// front is the front end; it reuses the syntax trees of unchanged
	// top-level declarations from one version to the next.
	front *lang.Session
	order binary.ByteOrder
	is64  bool

	image []byte
	space fileSpace
	// slots maps a section name to its place in the file; the section
	// header table's slot has the key shdrKey.
	slots    map[string]*imageSlot
	sections []SectionInfo
	shoff    uint64
	steps    int

	last *Result
	// quick indexes last for the quick path (quick.go).
	quick *quickState
	stats IncrementalStats
}

// IncrementalStats counts how an incremental build's updates were served.
type IncrementalStats struct {
	// Updates counts successful updates; Quick those that wrote the
	// changed bytes straight into the image (quick.go) instead of
	// rebuilding the object in memory.
	Updates, Quick int
	// Front is the front end's account (re-checks, reused chunks).
	Front lang.SessionStats
}

// Stats returns how the updates so far were served.
func (in *Incremental) Stats() IncrementalStats {
	st := in.stats
	st.Front = in.front.Stats
	return st
}

// shdrKey names the section header table among the slots.
const shdrKey = "<section headers>"

// imageSlot is one section's place in the file.
type imageSlot struct {
	off, slot, size uint64
}

// Step is what one Update did, JSON-friendly for the explorer.
type Step struct {
	// Index counts updates from 0.
	Index int `json:"index"`
	// Debug is the DWARF emitter's update log (writes, moves, trims, the
	// per-entry edit log, statistics and the declaration diff).
	Debug *dwarfcore.UpdateLog `json:"debug"`
	// Sections are the per-section file writes, in section header order.
	Sections []SectionStep `json:"sections"`
	// Moves are the sections (and the section header table) that moved
	// in the file.
	Moves []SectionMove `json:"moves"`
	// BytesWritten counts every byte written to the file image;
	// ImageSize is the file's size after the update.
	BytesWritten uint64 `json:"bytesWritten"`
	ImageSize    uint64 `json:"imageSize"`
	// Relocs counts the relocation records of the debug sections whose
	// resolved value or place changed (and so were re-resolved in the
	// file).
	RelocsChanged int `json:"relocsChanged"`
}

// SectionStep is one section's file writes in an update.
type SectionStep struct {
	Name string `json:"name"`
	// Off, Size and Slot are the section's file offset, size and slot
	// after the update.
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

// NewIncremental opens an incremental build with opts (only KindObject;
// Slack is implied).
func NewIncremental(opts Options) (*Incremental, error) {
	if opts.Kind != KindObject {
		return nil, fmt.Errorf("linkcore: cannot build output kind %s incrementally", opts.Kind)
	}
	if opts.Container != nil {
		return nil, fmt.Errorf("linkcore: the incremental ELF build cannot write a %s container (its package has its own incremental build)", opts.Container.Name())
	}
	dopts := opts.Debug
	if dopts.Arch == nil {
		dopts.Arch = target.X86_64
	}
	if dopts.Format == 0 {
		dopts.Format = dwarfcore.DWARF32
	}
	ea, err := lookupELFArch(dopts.Arch)
	if err != nil {
		return nil, err
	}
	dw, err := dwarfcore.New(dopts)
	if err != nil {
		return nil, err
	}
	limits := opts.Limits
	limits.Arch = dopts.Arch
	return &Incremental{opts: opts, dopts: dopts, dw: dw, front: lang.NewSession(limits), order: ea.byteOrder(), is64: ea.is64(),
		slots: map[string]*imageSlot{}}, nil
}

// Dwarf returns the incremental DWARF emitter (its sections and layout).
func (in *Incremental) Dwarf() *dwarfcore.Dwarf { return in.dw }

// Image returns the current file image; it is valid until the next Update.
func (in *Incremental) Image() []byte { return in.image }

// Sections returns the file map of the current image (index order, null
// section first).
func (in *Incremental) Sections() []SectionInfo { return in.sections }

// Last returns the result of the last successful update (Program, Code,
// Debug output and Object; ELF is the image).
func (in *Incremental) Last() *Result { return in.last }

// Update compiles the new version of the source and patches the image.
// Errors in the source come back as the front end's lang.ErrorList and
// leave the image as it was; any other error leaves the build unusable.
func (in *Incremental) Update(path string, src []byte) (*Step, error) {
	prog, err := in.front.Compile(path, src)
	if err != nil {
		return nil, err
	}
	if err := checkDataSize(prog, in.opts.MaxData); err != nil {
		return nil, err
	}
	code, patches, funcs, quick := in.quickCode(prog)
	if !quick {
		if code, err = CodeGen(prog, in.dopts.Arch); err != nil {
			return nil, err
		}
	}
	if err := in.dw.Update(prog, code.Debug); err != nil {
		return nil, err
	}
	debug, err := in.dw.Output()
	if err != nil {
		return nil, err
	}
	if quick {
		log := *in.dw.LastUpdate()
		if step, ok := in.quickPatch(prog, code, debug, &log, patches, funcs); ok {
			in.stats.Updates++
			in.stats.Quick++
			return step, nil
		}
	}
	obj, err := NewObject(prog, code, &DebugInput{Sections: debug.Sections, Align: debug.Align, Relocs: debug.Relocs})
	if err != nil {
		return nil, err
	}
	fresh, err := WriteObject(obj, WriteOptions{})
	if err != nil {
		return nil, err
	}
	log := *in.dw.LastUpdate()
	step := &Step{Index: in.steps, Debug: &log}
	if in.last != nil && in.last.Debug != nil {
		step.RelocsChanged = relocsChanged(in.last.Debug.Relocs, debug.Relocs)
	} else {
		step.RelocsChanged = len(debug.Relocs)
	}
	in.patch(fresh, step)
	in.steps++
	in.last = &Result{Program: prog, Code: code, Debug: debug, Object: obj, ELF: in.image, Sections: in.sections,
		File: &File{Bytes: in.image, Sections: in.sections, HeaderSize: fresh.HeaderSize, SHOff: in.shoff,
			SHEntSize: fresh.SHEntSize, SHNum: fresh.SHNum}}
	in.quick = newQuickState(in.last)
	in.stats.Updates++
	return step, nil
}

// relocsChanged counts the records of now that are not in before (same
// place, same target): those a linker would re-resolve. Both lists are
// sorted by section and offset (dwarfcore.Output.Relocs), so one merge
// pass compares them.
func relocsChanged(before, now []dwarfcore.Reloc) int {
	if len(before) == len(now) && (len(now) == 0 || &before[0] == &now[0]) {
		// dwarfcore.Output returns the previous list when no record
		// changed.
		return 0
	}
	n, i := 0, 0
	for _, r := range now {
		for i < len(before) && (before[i].Section < r.Section || before[i].Section == r.Section && before[i].Offset < r.Offset) {
			i++
		}
		if i >= len(before) || before[i] != r {
			n++
		}
	}
	return n
}

// patch lays the freshly encoded sections of fresh into the image: each
// section stays in its slot when it fits (writing only the bytes that
// differ) and moves to free space when it does not.
func (in *Incremental) patch(fresh *File, step *Step) {
	alive := map[string]bool{}
	secs := make([]SectionInfo, len(fresh.Sections))
	copy(secs, fresh.Sections)
	if len(in.image) == 0 {
		// The first image: the ELF header, then every section in index
		// order with slack, then the section header table.
		in.space.appendSlot(fresh.HeaderSize, 1)
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
		off, slot, st := in.place(s.Name, data, max(s.Align, 1), step)
		s.Offset, s.Slot = off, slot
		if s.Type == elf.SHT_NOBITS {
			s.Slot = 0
		}
		st.Name, st.Off, st.Size, st.Slot = s.Name, off, s.Size, s.Slot
		step.Sections = append(step.Sections, st)
	}
	for name, sl := range in.slots {
		if name != shdrKey && !alive[name] {
			in.space.free(sl.off, sl.slot)
			delete(in.slots, name)
			step.Sections = append(step.Sections, SectionStep{Name: name, State: "removed"})
		}
	}
	// The section header table, with each sh_offset pointing into the
	// image.
	shdrs := append([]byte(nil), fresh.Bytes[fresh.SHOff:fresh.SHOff+fresh.SHEntSize*fresh.SHNum]...)
	for i, s := range secs {
		e := shdrs[uint64(i)*fresh.SHEntSize:]
		if in.is64 {
			in.order.PutUint64(e[24:32], s.Offset)
		} else {
			in.order.PutUint32(e[16:20], uint32(s.Offset))
		}
	}
	wordAlign := uint64(8)
	if !in.is64 {
		wordAlign = 4
	}
	shoff, _, st := in.place(shdrKey, shdrs, wordAlign, step)
	st.Name, st.Off, st.Size = shdrKey, shoff, uint64(len(shdrs))
	st.Slot = in.slots[shdrKey].slot
	step.Sections = append(step.Sections, st)
	in.shoff = shoff
	// The ELF header, with e_shoff pointing at the table.
	hdr := append([]byte(nil), fresh.Bytes[:fresh.HeaderSize]...)
	if in.is64 {
		in.order.PutUint64(hdr[0x28:0x30], shoff)
	} else {
		in.order.PutUint32(hdr[0x20:0x24], uint32(shoff))
	}
	in.grow(uint64(len(hdr)))
	step.BytesWritten += writeDiff(in.image[:len(hdr)], hdr)
	in.sections = secs
	step.ImageSize = uint64(len(in.image))
}

// place writes data as the section name: in its slot when it fits, else
// in a new slot of padToIdeal(len(data)) bytes at the first free space.
func (in *Incremental) place(name string, data []byte, align uint64, step *Step) (off, slot uint64, st SectionStep) {
	size := uint64(len(data))
	sl := in.slots[name]
	switch {
	case sl != nil && size <= sl.slot:
		n := writeDiff(in.image[sl.off:sl.off+size], data)
		// bytes past the new end of a shrunk section are left as they
		// are: no header points at them
		st.Bytes = n
		st.State = "unchanged"
		if n > 0 {
			st.State = "in place"
		}
		sl.size = size
	case sl == nil:
		sl = &imageSlot{slot: padToIdeal(size), size: size}
		if len(in.image) == 0 || in.steps == 0 {
			sl.off = in.space.appendSlot(sl.slot, align)
		} else {
			sl.off = in.space.allocate(sl.slot, align)
		}
		in.slots[name] = sl
		in.grow(sl.off + sl.slot)
		copy(in.image[sl.off:], data)
		st.Bytes, st.State = size, "new"
	default:
		old := *sl
		in.space.free(sl.off, sl.slot)
		sl.slot, sl.size = padToIdeal(size), size
		sl.off = in.space.allocate(sl.slot, align)
		in.grow(sl.off + sl.slot)
		copy(in.image[sl.off:], data)
		st.Bytes, st.State = size, "moved"
		step.Moves = append(step.Moves, SectionMove{Name: name, OldOff: old.off, OldSlot: old.slot,
			NewOff: sl.off, NewSlot: sl.slot, Size: size})
	}
	step.BytesWritten += st.Bytes
	return sl.off, sl.slot, st
}

// grow extends the image to at least n bytes.
func (in *Incremental) grow(n uint64) {
	if n <= uint64(len(in.image)) {
		return
	}
	if n <= uint64(cap(in.image)) {
		old := len(in.image)
		in.image = in.image[:n]
		clear(in.image[old:])
		return
	}
	b := make([]byte, n, n+n/4)
	copy(b, in.image)
	in.image = b
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

// CanonicalDWARF decodes an ELF image's debug information with Go's
// debug/elf and debug/dwarf into the canonical entry tree (package canon), the form
// in which an incremental image and a fresh build are compared.
func CanonicalDWARF(image []byte, lines dwarfcore.LineMode) ([]string, error) {
	f, err := elf.NewFile(bytes.NewReader(image))
	if err != nil {
		return nil, err
	}
	d, err := f.DWARF()
	if err != nil {
		return nil, err
	}
	return canon.Canonical(d, lines != dwarfcore.LinesIncremental)
}

// CheckFresh builds src from scratch with the incremental build's options
// and returns how the canonical DWARF of the current image differs from
// the fresh build's; "" means they decode to the same entries.
func (in *Incremental) CheckFresh(path string, src []byte) (string, error) {
	fresh, err := Build(path, src, in.opts)
	if err != nil {
		return "", fmt.Errorf("fresh build: %w", err)
	}
	want, err := CanonicalDWARF(fresh.ELF, in.opts.Debug.Lines)
	if err != nil {
		return "", fmt.Errorf("fresh image: %w", err)
	}
	got, err := CanonicalDWARF(in.image, in.opts.Debug.Lines)
	if err != nil {
		return "", fmt.Errorf("incremental image: %w", err)
	}
	return canon.CanonicalDiff(want, got), nil
}
