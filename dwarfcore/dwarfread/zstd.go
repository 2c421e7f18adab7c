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
	const (
		ehsize = 64 // Elf64_Ehdr
		chsize = 24 // Elf64_Chdr
		shsize = 64 // Elf64_Shdr
	)
	le := binary.LittleEndian
	img := make([]byte, ehsize+chsize+len(payload)+2*shsize)
	copy(img, "\x7fELF")
	img[elf.EI_CLASS] = byte(elf.ELFCLASS64)
	img[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	img[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	le.PutUint16(img[16:], uint16(elf.ET_REL))
	le.PutUint16(img[18:], uint16(elf.EM_X86_64))
	le.PutUint32(img[20:], uint32(elf.EV_CURRENT))
	shoff := ehsize + chsize + len(payload)
	le.PutUint64(img[40:], uint64(shoff)) // e_shoff
	le.PutUint16(img[52:], ehsize)        // e_ehsize
	le.PutUint16(img[58:], shsize)        // e_shentsize
	le.PutUint16(img[60:], 2)             // e_shnum; e_shstrndx 0: no names
	ch := img[ehsize:]
	le.PutUint32(ch[0:], uint32(elf.COMPRESS_ZSTD)) // ch_type
	le.PutUint64(ch[8:], size)                      // ch_size
	le.PutUint64(ch[16:], 1)                        // ch_addralign
	copy(img[ehsize+chsize:], payload)
	sh := img[shoff+shsize:]
	le.PutUint32(sh[4:], uint32(elf.SHT_PROGBITS))
	le.PutUint64(sh[8:], uint64(elf.SHF_COMPRESSED))
	le.PutUint64(sh[24:], ehsize)                      // sh_offset
	le.PutUint64(sh[32:], uint64(chsize+len(payload))) // sh_size
	le.PutUint64(sh[48:], 1)                           // sh_addralign
	f, err := elf.NewFile(bytes.NewReader(img))
	if err != nil {
		return nil, err
	}
	return f.Sections[1].Open(), nil
}
