package elfobj

import (
	"context"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"math"

	"github.com/dwarfscope/dwarfscope/internal/align"
)

// WriteOptions configure WriteObject.
type WriteOptions struct {
	// Slack gives every section a file slot of PadToIdeal(size) bytes
	// (size + size/3), as the seed's incremental linker does, so that it
	// could grow in place; the slack is zero bytes.
	Slack bool
	// Context, when not nil, stops the writer once it is done: it looks
	// at it as it starts, before the symbol table and before each
	// section's contents and relocations, and returns an error that
	// wraps its error.
	Context context.Context
}

// stopped returns an error that wraps ctx's error once ctx (nil: never)
// is done, saying where the ELF writer stopped (Stopped).
func stopped(ctx context.Context, what, section string) error {
	return Stopped(ctx, "ELF writer", what, section)
}

// Stopped returns an error that wraps ctx's error once ctx (nil: never)
// is done, saying where the writer (the writer of an object container:
// "ELF writer") stopped: before what (and which section, if any).
func Stopped(ctx context.Context, writer, what, section string) error {
	if ctx == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		if section != "" {
			what += " " + section
		}
		return fmt.Errorf("linkcore: %s stopped before %s: %w", writer, what, err)
	}
	return nil
}

// SectionInfo describes one section of a written file, for the UI's file
// map. The null section is included (index 0).
type SectionInfo struct {
	Index int
	Name  string
	Type  elf.SectionType
	Flags elf.SectionFlag
	// Offset and Size are sh_offset and sh_size; Slot is the file space
	// reserved for the section (Size plus slack; 0 for SHT_NOBITS).
	Offset, Size, Slot uint64
	Align              uint64
	// Link and Info are sh_link and sh_info.
	Link, Info uint32
}

// File is a written ELF image with its file map.
type File struct {
	Bytes    []byte
	Sections []SectionInfo
	// HeaderSize is the size of the ELF header at offset 0; the section
	// header table is SHNum entries of SHEntSize bytes at SHOff.
	HeaderSize, SHOff, SHEntSize, SHNum uint64
}

// outSection is a section header being laid out.
type outSection struct {
	name              string
	typ               elf.SectionType
	flags             elf.SectionFlag
	data              []byte
	size              uint64 // sh_size (len(data) unless SHT_NOBITS)
	align, entsize    uint64
	link, info        uint32
	offset, slot      uint64
	nameOff           uint32
	relocsFor, source int // index in Object.Sections, or -1
}

// WriteObject writes obj as an ELF relocatable object (ET_REL).
//
// On x86 (i386) relocation sections are SHT_REL (.rel.*): the addend is
// implicit, stored in the relocated bytes. WriteObject stores every
// relocation's Addend there itself, so callers give addends the same way
// on every target (the DWARF emitter already leaves them in the bytes). On
// every other target they are SHT_RELA (.rela.*): the addend is r_addend
// and the relocated bytes are written as zeros, as GNU as does. The
// caller's section data is not modified.
//
// The result depends only on obj: the same input gives the same bytes.
func WriteObject(obj *Object, opts WriteOptions) (*File, error) {
	if err := stopped(opts.Context, "starting", ""); err != nil {
		return nil, err
	}
	ea, err := lookupELFArch(obj.Arch)
	if err != nil {
		return nil, err
	}
	if err := checkSections(ea, obj); err != nil {
		return nil, err
	}

	// Section indexes: null, each contents section followed by its
	// relocation section, .note.GNU-stack, .symtab, .strtab, .shstrtab.
	out := []*outSection{{typ: elf.SHT_NULL, relocsFor: -1, source: -1}}
	shndx := make([]uint16, len(obj.Sections))
	relocIdx := make([]int, len(obj.Sections))
	targeted := make([]bool, len(obj.Sections))
	for i, sec := range obj.Sections {
		shndx[i] = uint16(len(out))
		typ, flags, entsize := sectionHeaderKind(sec.Kind)
		out = append(out, &outSection{name: sec.Name, typ: typ, flags: flags, data: sec.Data,
			size: sec.MemSize(), align: max(sec.Align, 1), entsize: entsize, relocsFor: -1, source: i})
		relocIdx[i] = -1
		if len(sec.Relocs) > 0 {
			relocIdx[i] = len(out)
			name, typ, entsize := relocSectionHeader(ea, sec.Name)
			out = append(out, &outSection{name: name, typ: typ, flags: elf.SHF_INFO_LINK,
				align: ea.wordAlign(), entsize: entsize, relocsFor: i, source: -1})
		}
		for _, r := range sec.Relocs {
			if r.Symbol == "" {
				if r.TargetSection < 0 || r.TargetSection >= len(obj.Sections) {
					return nil, fmt.Errorf("linkcore: %s+%#x: relocation against section %d of %d",
						sec.Name, r.Offset, r.TargetSection, len(obj.Sections))
				}
				targeted[r.TargetSection] = true
			}
		}
	}
	if len(out) > int(elf.SHN_LORESERVE)-4 {
		return nil, fmt.Errorf("linkcore: too many sections (%d)", len(out))
	}
	out = append(out, &outSection{name: ".note.GNU-stack", typ: elf.SHT_PROGBITS, align: 1, relocsFor: -1, source: -1})
	symtabIdx := len(out)
	strtabIdx, shstrtabIdx := symtabIdx+1, symtabIdx+2

	var sectionSyms []int
	for i, t := range targeted {
		if t {
			sectionSyms = append(sectionSyms, i)
		}
	}
	if err := stopped(opts.Context, "the symbol table", ""); err != nil {
		return nil, err
	}
	strtab := newStringTable()
	strtab.reserve(obj)
	st, err := buildSymbolTable(obj, strtab, shndx, sectionSyms)
	if err != nil {
		return nil, err
	}
	// Relocation sections are encoded straight into the file once it is
	// laid out; their sizes are known now.
	for i, sec := range obj.Sections {
		if relocIdx[i] < 0 {
			continue
		}
		rs := out[relocIdx[i]]
		rs.size = uint64(len(sec.Relocs) * relocEntrySize(ea))
		rs.link, rs.info = uint32(symtabIdx), uint32(shndx[i])
	}
	symData := st.encode(ea)
	out = append(out,
		&outSection{name: ".symtab", typ: elf.SHT_SYMTAB, data: symData, size: uint64(len(symData)),
			align: ea.wordAlign(), entsize: symEntSize(ea), link: uint32(strtabIdx),
			info: uint32(st.firstGlobal), relocsFor: -1, source: -1},
		&outSection{name: ".strtab", typ: elf.SHT_STRTAB, data: strtab.data, size: uint64(len(strtab.data)),
			align: 1, relocsFor: -1, source: -1},
		&outSection{name: ".shstrtab", typ: elf.SHT_STRTAB, align: 1, relocsFor: -1, source: -1},
	)
	shstrtab := newStringTable()
	for _, s := range out[1:] {
		s.nameOff = shstrtab.add(s.name)
	}
	sh := out[shstrtabIdx]
	sh.data, sh.size = shstrtab.data, uint64(len(shstrtab.data))

	// File layout: the ELF header, the sections in index order, the
	// section header table last.
	ehsize, shentsize := uint64(binary.Size(elf.Header64{})), uint64(binary.Size(elf.Section64{}))
	if !ea.is64() {
		ehsize, shentsize = uint64(binary.Size(elf.Header32{})), uint64(binary.Size(elf.Section32{}))
	}
	var space fileSpace
	space.appendSlot(ehsize, 1)
	for _, s := range out[1:] {
		if s.typ == elf.SHT_NOBITS {
			s.offset = align.Forward(space.end(), s.align)
			continue
		}
		s.slot = s.size
		if opts.Slack {
			s.slot = PadToIdeal(s.size)
		}
		s.offset = space.appendSlot(s.slot, s.align)
	}
	shoff := space.appendSlot(shentsize*uint64(len(out)), ea.wordAlign())
	size := space.end()
	if !ea.is64() && size > math.MaxUint32 {
		return nil, fmt.Errorf("linkcore: a 32-bit object cannot be %d bytes", size)
	}

	buf := make([]byte, size)
	order := ea.byteOrder()
	for _, s := range out {
		if err := stopped(opts.Context, "section", s.name); err != nil {
			return nil, err
		}
		copy(buf[s.offset:], s.data)
	}
	for i, sec := range obj.Sections {
		if relocIdx[i] < 0 {
			continue
		}
		if err := stopped(opts.Context, "the relocations of", sec.Name); err != nil {
			return nil, err
		}
		var data []byte // a SHT_NOBITS section's relocations are an error
		if ds := out[shndx[i]]; !sec.NoBits() {
			data = buf[ds.offset : ds.offset+ds.size]
		}
		rs := out[relocIdx[i]]
		if err := encodeRelocs(ea, sec, st, buf[rs.offset:rs.offset+rs.size], data); err != nil {
			return nil, err
		}
	}
	hdr := buf[:0]
	var ident [elf.EI_NIDENT]byte
	copy(ident[:], elf.ELFMAG)
	ident[elf.EI_CLASS] = byte(ea.class)
	ident[elf.EI_DATA] = byte(ea.data)
	ident[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	ident[elf.EI_OSABI] = byte(elf.ELFOSABI_NONE)
	if ea.is64() {
		hdr, _ = binary.Append(hdr, order, elf.Header64{
			Ident: ident, Type: uint16(elf.ET_REL), Machine: uint16(ea.machine),
			Version: uint32(elf.EV_CURRENT), Shoff: shoff, Flags: ea.flags,
			Ehsize: uint16(ehsize), Shentsize: uint16(shentsize),
			Shnum: uint16(len(out)), Shstrndx: uint16(shstrtabIdx),
		})
	} else {
		hdr, _ = binary.Append(hdr, order, elf.Header32{
			Ident: ident, Type: uint16(elf.ET_REL), Machine: uint16(ea.machine),
			Version: uint32(elf.EV_CURRENT), Shoff: uint32(shoff), Flags: ea.flags,
			Ehsize: uint16(ehsize), Shentsize: uint16(shentsize),
			Shnum: uint16(len(out)), Shstrndx: uint16(shstrtabIdx),
		})
	}
	shdrs := buf[shoff:shoff]
	for _, s := range out {
		if ea.is64() {
			shdrs, _ = binary.Append(shdrs, order, elf.Section64{
				Name: s.nameOff, Type: uint32(s.typ), Flags: uint64(s.flags), Off: s.offset,
				Size: s.size, Link: s.link, Info: s.info, Addralign: alignOrZero(s), Entsize: s.entsize,
			})
		} else {
			shdrs, _ = binary.Append(shdrs, order, elf.Section32{
				Name: s.nameOff, Type: uint32(s.typ), Flags: uint32(s.flags), Off: uint32(s.offset),
				Size: uint32(s.size), Link: s.link, Info: s.info, Addralign: uint32(alignOrZero(s)),
				Entsize: uint32(s.entsize),
			})
		}
	}

	f := &File{Bytes: buf, HeaderSize: ehsize, SHOff: shoff, SHEntSize: shentsize, SHNum: uint64(len(out))}
	for i, s := range out {
		f.Sections = append(f.Sections, SectionInfo{Index: i, Name: s.name, Type: s.typ, Flags: s.flags,
			Offset: s.offset, Size: s.size, Slot: s.slot, Align: alignOrZero(s), Link: s.link, Info: s.info})
	}
	return f, nil
}

// alignOrZero is sh_addralign: 0 for the null section.
func alignOrZero(s *outSection) uint64 {
	if s.typ == elf.SHT_NULL {
		return 0
	}
	return s.align
}

// sectionHeaderKind gives the type, flags and entry size of a kind.
func sectionHeaderKind(k SectionKind) (elf.SectionType, elf.SectionFlag, uint64) {
	switch k {
	case SectText:
		return elf.SHT_PROGBITS, elf.SHF_ALLOC | elf.SHF_EXECINSTR, 0
	case SectData:
		return elf.SHT_PROGBITS, elf.SHF_ALLOC | elf.SHF_WRITE, 0
	case SectROData:
		return elf.SHT_PROGBITS, elf.SHF_ALLOC, 0
	case SectTData:
		return elf.SHT_PROGBITS, elf.SHF_ALLOC | elf.SHF_WRITE | elf.SHF_TLS, 0
	case SectTBSS:
		return elf.SHT_NOBITS, elf.SHF_ALLOC | elf.SHF_WRITE | elf.SHF_TLS, 0
	case SectBSS:
		return elf.SHT_NOBITS, elf.SHF_ALLOC | elf.SHF_WRITE, 0
	case SectDebugStrings:
		return elf.SHT_PROGBITS, elf.SHF_MERGE | elf.SHF_STRINGS, 1
	}
	return elf.SHT_PROGBITS, 0, 0
}

// checkSections rejects sections WriteObject cannot write.
func checkSections(ea *elfArch, obj *Object) error {
	names := map[string]bool{}
	for _, sec := range obj.Sections {
		if sec == nil || sec.Name == "" {
			return fmt.Errorf("linkcore: section without a name")
		}
		if names[sec.Name] {
			return fmt.Errorf("linkcore: duplicate section %s", sec.Name)
		}
		names[sec.Name] = true
		if sec.Kind > SectDebugStrings {
			return fmt.Errorf("linkcore: section %s has unknown kind %d", sec.Name, sec.Kind)
		}
		if sec.NoBits() && len(sec.Data) > 0 {
			return fmt.Errorf("linkcore: SHT_NOBITS section %s has contents", sec.Name)
		}
		if sec.Align&(sec.Align-1) != 0 {
			return fmt.Errorf("linkcore: section %s: alignment %d is not a power of two", sec.Name, sec.Align)
		}
		if !ea.is64() && sec.MemSize() > math.MaxUint32 {
			return fmt.Errorf("linkcore: section %s is too large for a 32-bit object", sec.Name)
		}
	}
	return nil
}
