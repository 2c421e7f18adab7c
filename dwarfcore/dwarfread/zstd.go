package dwarfread

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"io"
)

// zstdReader decompresses the zstd payload of an SHF_COMPRESSED section
// with the decoder the standard library ships for exactly this job
// (debug/elf's, internal/zstd): the payload is wrapped in the smallest
// ELF image that holds it, one SHF_COMPRESSED section after the null
// section, and read back through elf.Section.Open. Using the standard
// decoder instead of a second zstd package keeps the explorer's
// WebAssembly module small (the other one also brings an encoder,
// crypto/rand and log). The header here is built, not read, so a forged
// file reaches the decoder only through its payload; the caller bounds
// the output.
func zstdReader(payload []byte, size uint64) (io.Reader, error) {
	var (
		hdr  elf.Header64
		chdr = elf.Chdr64{Type: uint32(elf.COMPRESS_ZSTD), Size: size, Addralign: 1}
		sect = elf.Section64{Type: uint32(elf.SHT_PROGBITS), Flags: uint64(elf.SHF_COMPRESSED), Addralign: 1}
	)
	hdrSize, chdrSize, sectSize := binary.Size(hdr), binary.Size(chdr), binary.Size(sect)
	copy(hdr.Ident[:], elf.ELFMAG)
	hdr.Ident[elf.EI_CLASS] = byte(elf.ELFCLASS64)
	hdr.Ident[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	hdr.Ident[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	hdr.Type = uint16(elf.ET_REL)
	hdr.Machine = uint16(elf.EM_X86_64)
	hdr.Version = uint32(elf.EV_CURRENT)
	hdr.Ehsize, hdr.Shentsize = uint16(hdrSize), uint16(sectSize)
	hdr.Shoff = uint64(hdrSize + chdrSize + len(payload))
	hdr.Shnum = 2 // the null section and ours; Shstrndx 0: no names
	sect.Off = uint64(hdrSize)
	sect.Size = uint64(chdrSize + len(payload))

	var img bytes.Buffer
	img.Grow(int(hdr.Shoff) + 2*sectSize)
	le := binary.LittleEndian
	binary.Write(&img, le, &hdr)
	binary.Write(&img, le, &chdr)
	img.Write(payload)
	binary.Write(&img, le, &elf.Section64{})
	binary.Write(&img, le, &sect)
	f, err := elf.NewFile(bytes.NewReader(img.Bytes()))
	if err != nil {
		return nil, err
	}
	return f.Sections[1].Open(), nil
}
