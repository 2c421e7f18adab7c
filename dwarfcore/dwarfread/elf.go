package dwarfread

import (
	"bytes"
	"compress/zlib"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Field is one field of an ELF structure: its place in the file, its
// number and that number decoded ("ET_REL", "SHF_ALLOC+SHF_EXECINSTR").
type Field struct {
	Name  string `json:"name"`
	Off   uint64 `json:"off"`
	Len   uint64 `json:"len"`
	Raw   uint64 `json:"raw"`
	Value string `json:"value"`
}

// Record is one ELF structure decoded field by field: the file header,
// a section header, a symbol, a relocation record.
type Record struct {
	// Kind is "Elf64_Ehdr", "Elf32_Shdr", "Elf64_Sym", "Elf64_Rela", …
	Kind   string  `json:"kind"`
	Name   string  `json:"name"`
	Off    uint64  `json:"off"`
	Len    uint64  `json:"len"`
	Fields []Field `json:"fields"`
}

// Section is one section of an ELF file.
type Section struct {
	Index   int         `json:"index"`
	Name    string      `json:"name"`
	Type    uint32      `json:"type"`
	Flags   uint64      `json:"flags"`
	Addr    uint64      `json:"addr"`
	Offset  uint64      `json:"offset"`
	Size    uint64      `json:"size"`
	Link    uint32      `json:"link"`
	Info    uint32      `json:"info"`
	Align   uint64      `json:"align"`
	EntSize uint64      `json:"entsize"`
	Header  Record      `json:"header"`
	Chdr    *Record     `json:"chdr,omitempty"`
	Symbols []Symbol    `json:"-"`
	Relocs  []RelocInfo `json:"-"`
}

// Compressed reports whether the section is SHF_COMPRESSED.
func (s *Section) Compressed() bool { return s.Flags&uint64(elf.SHF_COMPRESSED) != 0 }

// Symbol is one entry of a symbol table.
type Symbol struct {
	Index  int    `json:"index"`
	Name   string `json:"name"`
	Value  uint64 `json:"value"`
	Size   uint64 `json:"size"`
	Info   byte   `json:"info"`
	Shndx  uint16 `json:"shndx"`
	Record Record `json:"record"`
}

// RelocInfo is one relocation record.
type RelocInfo struct {
	// RelSection is the index of the .rel/.rela section holding it,
	// Target the index of the section it patches (-1 for dynamic
	// relocations, which patch addresses, not one section).
	RelSection int    `json:"relSection"`
	Target     int    `json:"target"`
	Offset     uint64 `json:"offset"`
	Type       uint32 `json:"type"`
	// TypeName is the target's name of Type ("R_X86_64_32").
	TypeName  string `json:"typeName"`
	Sym       uint32 `json:"sym"`
	SymName   string `json:"symName"`
	Addend    int64  `json:"addend"`
	HasAddend bool   `json:"hasAddend"`
	Record    Record `json:"record"`
}

// File is an ELF file read for its debug information.
type File struct {
	Data    []byte
	Is64    bool
	Order   binary.ByteOrder
	Type    elf.Type
	Machine elf.Machine
	// Header is the ELF header, field by field.
	Header   Record
	Sections []Section
	// Symbols is .symtab (or .dynsym when there is none).
	Symbols []Symbol
}

// fieldReader decodes consecutive fields of a record.
type fieldReader struct {
	f   *File
	rec *Record
	off uint64
	err error
}

func (fr *fieldReader) field(name string, n uint64, decode func(v uint64) string) uint64 {
	if fr.err != nil {
		return 0
	}
	if fr.off+n > uint64(len(fr.f.Data)) || fr.off+n < fr.off {
		fr.err = fmt.Errorf("offset 0x%x: %s %s runs past the end of the file (%d bytes)", fr.off, fr.rec.Kind, name, len(fr.f.Data))
		return 0
	}
	v := getUint(fr.f.Order, fr.f.Data[fr.off:fr.off+n])
	var val string
	if decode != nil {
		val = decode(v)
	} else {
		val = "0x" + strconv.FormatUint(v, 16) // not fmt: a big file has 100,000s of fields
	}
	fr.rec.Fields = append(fr.rec.Fields, Field{Name: name, Off: fr.off, Len: n, Raw: v, Value: val})
	fr.off += n
	return v
}

// word reads a field that is 4 bytes in ELF32 and 8 in ELF64.
func (fr *fieldReader) word(name string, decode func(v uint64) string) uint64 {
	if fr.f.Is64 {
		return fr.field(name, 8, decode)
	}
	return fr.field(name, 4, decode)
}

func dec(v uint64) string { return strconv.FormatUint(v, 10) }

// Open reads an ELF file: its header, section headers, symbols and the
// relocation records against every section. Errors name the offset.
func Open(data []byte) (*File, error) {
	if len(data) < 16 || !bytes.Equal(data[:4], []byte(elf.ELFMAG)) {
		return nil, fmt.Errorf("offset 0x0: not an ELF file (no \\x7fELF magic)")
	}
	f := &File{Data: data}
	switch elf.Class(data[elf.EI_CLASS]) {
	case elf.ELFCLASS32:
	case elf.ELFCLASS64:
		f.Is64 = true
	default:
		return nil, fmt.Errorf("offset 0x4: bad ELF class %d", data[elf.EI_CLASS])
	}
	switch elf.Data(data[elf.EI_DATA]) {
	case elf.ELFDATA2LSB:
		f.Order = binary.LittleEndian
	case elf.ELFDATA2MSB:
		f.Order = binary.BigEndian
	default:
		return nil, fmt.Errorf("offset 0x5: bad ELF data encoding %d", data[elf.EI_DATA])
	}
	kind := "Elf32_"
	if f.Is64 {
		kind = "Elf64_"
	}
	f.Header = Record{Kind: kind + "Ehdr", Name: "ELF header"}
	fr := &fieldReader{f: f, rec: &f.Header}
	fr.field("EI_MAG", 4, func(uint64) string { return `"\x7fELF"` })
	fr.field("EI_CLASS", 1, func(v uint64) string { return elf.Class(v).String() })
	fr.field("EI_DATA", 1, func(v uint64) string { return elf.Data(v).String() })
	fr.field("EI_VERSION", 1, func(v uint64) string { return elf.Version(v).String() })
	fr.field("EI_OSABI", 1, func(v uint64) string { return elf.OSABI(v).String() })
	fr.field("EI_ABIVERSION", 1, dec)
	fr.field("EI_PAD", 7, func(uint64) string { return "unused" })
	f.Type = elf.Type(fr.field("e_type", 2, func(v uint64) string { return elf.Type(v).String() }))
	f.Machine = elf.Machine(fr.field("e_machine", 2, func(v uint64) string { return elf.Machine(v).String() }))
	fr.field("e_version", 4, dec)
	fr.word("e_entry", nil)
	fr.word("e_phoff", nil)
	shoff := fr.word("e_shoff", nil)
	fr.field("e_flags", 4, nil)
	fr.field("e_ehsize", 2, dec)
	fr.field("e_phentsize", 2, dec)
	fr.field("e_phnum", 2, dec)
	shentsize := fr.field("e_shentsize", 2, dec)
	shnum := fr.field("e_shnum", 2, dec)
	shstrndx := fr.field("e_shstrndx", 2, dec)
	if fr.err != nil {
		return nil, fr.err
	}
	f.Header.Len = fr.off
	want := uint64(40)
	if f.Is64 {
		want = 64
	}
	if shnum == 0 {
		return f, nil
	}
	if shentsize != want {
		return nil, fmt.Errorf("offset 0x%x: e_shentsize %d, want %d", fr.off-6, shentsize, want)
	}
	if shoff > uint64(len(data)) || shnum*want > uint64(len(data))-shoff {
		return nil, fmt.Errorf("offset 0x%x: section header table (%d × %d bytes at 0x%x) runs past the end of the file (%d bytes)", shoff, shnum, want, shoff, len(data))
	}
	f.Sections = make([]Section, shnum)
	for i := range f.Sections {
		s := &f.Sections[i]
		s.Index = i
		s.Header = Record{Kind: kind + "Shdr", Off: shoff + uint64(i)*want, Len: want}
		fr := &fieldReader{f: f, rec: &s.Header, off: s.Header.Off}
		fr.field("sh_name", 4, nil)
		s.Type = uint32(fr.field("sh_type", 4, func(v uint64) string { return elf.SectionType(v).String() }))
		s.Flags = fr.word("sh_flags", func(v uint64) string {
			if v == 0 {
				return "0"
			}
			return elf.SectionFlag(v).String()
		})
		s.Addr = fr.word("sh_addr", nil)
		s.Offset = fr.word("sh_offset", nil)
		s.Size = fr.word("sh_size", dec)
		s.Link = uint32(fr.field("sh_link", 4, dec))
		s.Info = uint32(fr.field("sh_info", 4, dec))
		s.Align = fr.word("sh_addralign", dec)
		s.EntSize = fr.word("sh_entsize", dec)
		if fr.err != nil {
			return nil, fr.err
		}
		if s.Type != uint32(elf.SHT_NOBITS) && (s.Offset > uint64(len(data)) || s.Size > uint64(len(data))-s.Offset) {
			return nil, fmt.Errorf("offset 0x%x: section %d (0x%x bytes at 0x%x) runs past the end of the file (%d bytes)", s.Header.Off, i, s.Size, s.Offset, len(data))
		}
	}
	if shstrndx < shnum {
		names := f.raw(int(shstrndx))
		for i := range f.Sections {
			s := &f.Sections[i]
			s.Name = cstringAt(names, s.Header.Fields[0].Raw)
			s.Header.Name = s.Name
			s.Header.Fields[0].Value = fmt.Sprintf("%q (0x%x)", s.Name, s.Header.Fields[0].Raw)
		}
	}
	if err := f.readSymbols(); err != nil {
		return nil, err
	}
	if err := f.readRelocs(); err != nil {
		return nil, err
	}
	for i := range f.Sections {
		if err := f.readChdr(&f.Sections[i]); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// raw returns a section's bytes in the file (nil for SHT_NOBITS).
func (f *File) raw(i int) []byte {
	s := &f.Sections[i]
	if s.Type == uint32(elf.SHT_NOBITS) {
		return nil
	}
	return f.Data[s.Offset : s.Offset+s.Size]
}

func cstringAt(b []byte, off uint64) string {
	if off >= uint64(len(b)) {
		return ""
	}
	end := bytes.IndexByte(b[off:], 0)
	if end < 0 {
		return string(b[off:])
	}
	return string(b[off : off+uint64(end)])
}

func (f *File) readSymbols() error {
	symtab := -1
	for i, s := range f.Sections {
		if s.Type == uint32(elf.SHT_SYMTAB) {
			symtab = i
		}
	}
	if symtab < 0 {
		for i, s := range f.Sections {
			if s.Type == uint32(elf.SHT_DYNSYM) {
				symtab = i
			}
		}
	}
	for i := range f.Sections {
		s := &f.Sections[i]
		if s.Type != uint32(elf.SHT_SYMTAB) && s.Type != uint32(elf.SHT_DYNSYM) {
			continue
		}
		size := uint64(16)
		kind := "Elf32_Sym"
		if f.Is64 {
			size, kind = 24, "Elf64_Sym"
		}
		var strs []byte
		if int(s.Link) < len(f.Sections) {
			strs = f.raw(int(s.Link))
		}
		n := s.Size / size
		s.Symbols = make([]Symbol, 0, n)
		for j := range n {
			sym := Symbol{Index: int(j), Record: Record{Kind: kind, Off: s.Offset + j*size, Len: size}}
			fr := &fieldReader{f: f, rec: &sym.Record, off: sym.Record.Off}
			nameOff := fr.field("st_name", 4, nil)
			sym.Name = cstringAt(strs, nameOff)
			sym.Record.Fields[0].Value = fmt.Sprintf("%q", sym.Name)
			info := func() {
				sym.Info = byte(fr.field("st_info", 1, func(v uint64) string {
					return elf.ST_BIND(byte(v)).String() + " " + elf.ST_TYPE(byte(v)).String()
				}))
				fr.field("st_other", 1, func(v uint64) string { return elf.ST_VISIBILITY(byte(v)).String() })
				sym.Shndx = uint16(fr.field("st_shndx", 2, func(v uint64) string { return f.sectionIndexName(v) }))
			}
			if f.Is64 {
				info()
				sym.Value = fr.field("st_value", 8, nil)
				sym.Size = fr.field("st_size", 8, dec)
			} else {
				sym.Value = fr.field("st_value", 4, nil)
				sym.Size = fr.field("st_size", 4, dec)
				info()
			}
			if fr.err != nil {
				return fr.err
			}
			if elf.ST_TYPE(sym.Info) == elf.STT_SECTION && int(sym.Shndx) < len(f.Sections) && sym.Name == "" {
				sym.Name = f.Sections[sym.Shndx].Name
			}
			sym.Record.Name = sym.Name
			s.Symbols = append(s.Symbols, sym)
		}
		if i == symtab {
			f.Symbols = s.Symbols
		}
	}
	return nil
}

func (f *File) sectionIndexName(v uint64) string {
	switch elf.SectionIndex(v) {
	case elf.SHN_UNDEF:
		return "SHN_UNDEF"
	case elf.SHN_ABS:
		return "SHN_ABS"
	case elf.SHN_COMMON:
		return "SHN_COMMON"
	}
	if v < uint64(len(f.Sections)) && f.Sections[v].Name != "" {
		return fmt.Sprintf("%d (%s)", v, f.Sections[v].Name)
	}
	return fmt.Sprint(v)
}

// relocTypeName is debug/elf's name of relocation type t of type T.
func relocTypeName[T interface {
	~int
	fmt.Stringer
}](t uint32) string {
	return T(t).String()
}

// relocTypeNames names the relocation types of each ELF machine through
// debug/elf's type for its psABI.
var relocTypeNames = map[elf.Machine]func(uint32) string{
	elf.EM_X86_64: relocTypeName[elf.R_X86_64], elf.EM_386: relocTypeName[elf.R_386],
	elf.EM_AARCH64: relocTypeName[elf.R_AARCH64], elf.EM_ARM: relocTypeName[elf.R_ARM],
	elf.EM_RISCV: relocTypeName[elf.R_RISCV], elf.EM_S390: relocTypeName[elf.R_390],
	elf.EM_PPC64: relocTypeName[elf.R_PPC64], elf.EM_PPC: relocTypeName[elf.R_PPC],
	elf.EM_MIPS: relocTypeName[elf.R_MIPS], elf.EM_SPARCV9: relocTypeName[elf.R_SPARC],
	elf.EM_SPARC: relocTypeName[elf.R_SPARC], elf.EM_LOONGARCH: relocTypeName[elf.R_LARCH],
}

// namesNotInDebugELF names the relocation types the reader applies
// (relocOps) that debug/elf has no name for, as llvm-readelf-22 does.
var namesNotInDebugELF = map[elf.Machine]map[uint32]string{
	elf.EM_RISCV: {uint32(rRISCVSetULEB128): "R_RISCV_SET_ULEB128", uint32(rRISCVSubULEB128): "R_RISCV_SUB_ULEB128"},
}

// RelocTypeName names a relocation type of an ELF machine
// ("R_X86_64_32"); a machine it does not know gets the number.
func RelocTypeName(m elf.Machine, t uint32) string {
	name, ok := relocTypeNames[m]
	if !ok {
		return fmt.Sprintf("R_%d", t)
	}
	if s, ok := namesNotInDebugELF[m][t]; ok {
		return s
	}
	s := name(t)
	// debug/elf prints a number it has no name for as a number, or as
	// the nearest name below plus the difference
	// ("R_X86_64_REX_GOTPCRELX+57"), which is no type's name
	if !strings.HasPrefix(s, "R_") || strings.Contains(s, "+") {
		return fmt.Sprintf("R_%s_%d", strings.TrimPrefix(m.String(), "EM_"), t)
	}
	// debug/elf spells the x86 psABIs' JUMP_SLOT as JMP_SLOT; the
	// PowerPC, SPARC and s390x psABIs (and llvm-readelf) say JMP_SLOT
	if m == elf.EM_X86_64 || m == elf.EM_386 {
		return strings.Replace(s, "_JMP_SLOT", "_JUMP_SLOT", 1)
	}
	return s
}

func (f *File) readRelocs() error {
	for i := range f.Sections {
		s := &f.Sections[i]
		rela := s.Type == uint32(elf.SHT_RELA)
		if !rela && s.Type != uint32(elf.SHT_REL) {
			continue
		}
		target := int(s.Info)
		if target >= len(f.Sections) || target == 0 {
			target = -1 // dynamic relocations, not against one section
		}
		var syms []Symbol
		if int(s.Link) < len(f.Sections) {
			syms = f.Sections[s.Link].Symbols
		}
		size := map[[2]bool]uint64{{false, false}: 8, {false, true}: 12, {true, false}: 16, {true, true}: 24}[[2]bool{f.Is64, rela}]
		kind := map[[2]bool]string{{false, false}: "Elf32_Rel", {false, true}: "Elf32_Rela", {true, false}: "Elf64_Rel", {true, true}: "Elf64_Rela"}[[2]bool{f.Is64, rela}]
		n := s.Size / size
		s.Relocs = make([]RelocInfo, 0, n)
		for j := range n {
			r := RelocInfo{RelSection: i, Target: target, HasAddend: rela,
				Record: Record{Kind: kind, Off: s.Offset + j*size, Len: size}}
			fr := &fieldReader{f: f, rec: &r.Record, off: r.Record.Off}
			r.Offset = fr.word("r_offset", nil)
			info := fr.word("r_info", nil)
			if f.Is64 {
				r.Sym, r.Type = uint32(info>>32), uint32(info)
			} else {
				r.Sym, r.Type = uint32(info>>8), uint32(info&0xff)
			}
			if rela {
				a := fr.word("r_addend", nil)
				if f.Is64 {
					r.Addend = int64(a)
				} else {
					r.Addend = int64(int32(a))
				}
				r.Record.Fields[len(r.Record.Fields)-1].Value = fmt.Sprintf("%+d", r.Addend)
			}
			if fr.err != nil {
				return fr.err
			}
			r.TypeName = RelocTypeName(f.Machine, r.Type)
			if int(r.Sym) < len(syms) {
				r.SymName = syms[r.Sym].Name
			}
			r.Record.Fields[1].Value = fmt.Sprintf("sym %d (%s), type %d (%s)", r.Sym, r.SymName, r.Type, r.TypeName)
			r.Record.Name = r.TypeName
			s.Relocs = append(s.Relocs, r)
		}
	}
	return nil
}

// readChdr decodes the compression header of an SHF_COMPRESSED section.
func (f *File) readChdr(s *Section) error {
	if !s.Compressed() || s.Type == uint32(elf.SHT_NOBITS) {
		return nil
	}
	kind := "Elf32_Chdr"
	if f.Is64 {
		kind = "Elf64_Chdr"
	}
	rec := &Record{Kind: kind, Name: s.Name, Off: s.Offset}
	fr := &fieldReader{f: f, rec: rec, off: s.Offset}
	if s.Size < 12 || f.Is64 && s.Size < 24 {
		return fmt.Errorf("offset 0x%x: compressed section %s is too small for its header", s.Offset, s.Name)
	}
	fr.field("ch_type", 4, func(v uint64) string { return elf.CompressionType(v).String() })
	if f.Is64 {
		fr.field("ch_reserved", 4, nil)
	}
	fr.word("ch_size", dec)
	fr.word("ch_addralign", dec)
	if fr.err != nil {
		return fr.err
	}
	rec.Len = fr.off - s.Offset
	s.Chdr = rec
	return nil
}

// maxSectionSize bounds a decompressed section (1 GiB), so a forged size
// cannot exhaust memory.
const maxSectionSize = 1 << 30

// Contents returns section i's contents, decompressed when it is
// SHF_COMPRESSED (zlib or zstd).
func (f *File) Contents(i int) ([]byte, error) {
	if i < 0 || i >= len(f.Sections) {
		return nil, fmt.Errorf("no section %d", i)
	}
	s := &f.Sections[i]
	b := f.raw(i)
	if !s.Compressed() || s.Chdr == nil {
		return b, nil
	}
	typ := elf.CompressionType(s.Chdr.Fields[0].Raw)
	size := s.Chdr.Fields[len(s.Chdr.Fields)-2].Raw
	payload := b[s.Chdr.Len:]
	if size > maxSectionSize {
		return nil, fmt.Errorf("offset 0x%x: %s claims %d bytes uncompressed, more than this reader allows", s.Offset, s.Name, size)
	}
	var rd io.Reader
	switch typ {
	case elf.COMPRESS_ZLIB:
		z, err := zlib.NewReader(bytes.NewReader(payload))
		if err != nil {
			return nil, fmt.Errorf("offset 0x%x: %s: zlib: %v", s.Offset+s.Chdr.Len, s.Name, err)
		}
		rd = z
	case elf.COMPRESS_ZSTD:
		z, err := zstdReader(payload, size)
		if err != nil {
			return nil, fmt.Errorf("offset 0x%x: %s: zstd: %v", s.Offset+s.Chdr.Len, s.Name, err)
		}
		rd = z
	default:
		return nil, fmt.Errorf("offset 0x%x: %s: unknown compression type %d", s.Offset, s.Name, typ)
	}
	out := make([]byte, 0, min(size, 1<<20))
	buf := bytes.NewBuffer(out)
	n, err := io.Copy(buf, io.LimitReader(rd, int64(size)+1))
	if err != nil {
		return nil, fmt.Errorf("offset 0x%x: %s: decompressing: %v", s.Offset+s.Chdr.Len, s.Name, err)
	}
	if uint64(n) != size {
		return nil, fmt.Errorf("offset 0x%x: %s decompresses to %d bytes, its header says %d", s.Offset, s.Name, n, size)
	}
	return buf.Bytes(), nil
}

// SectionByName returns the index of the first section named name, or -1.
func (f *File) SectionByName(name string) int {
	for i := range f.Sections {
		if f.Sections[i].Name == name {
			return i
		}
	}
	return -1
}

// RelocsAgainst returns the relocation records that patch section i.
func (f *File) RelocsAgainst(i int) []RelocInfo {
	var out []RelocInfo
	for _, s := range f.Sections {
		for _, r := range s.Relocs {
			if r.Target == i {
				out = append(out, r)
			}
		}
	}
	return out
}

// Region is a byte range of an ELF file and what it holds.
type Region struct {
	// Kind is RegionHeader, RegionProgramHeaders, RegionSection,
	// RegionSectionHeaders or RegionFree.
	Kind string `json:"kind"`
	// Name is the section's name for RegionSection.
	Name string `json:"name,omitempty"`
	// Section is the section's index for RegionSection, else -1.
	Section int    `json:"section"`
	Off     uint64 `json:"off"`
	Len     uint64 `json:"len"`
}

// The kinds of Region.
const (
	RegionHeader         = "elf header"
	RegionProgramHeaders = "program headers"
	RegionSection        = "section"
	RegionSectionHeaders = "section headers"
	// RegionFree is bytes nothing describes: alignment gaps and space
	// left by sections that moved. The ELF header is never free.
	RegionFree = "free"
)

// Regions returns the file's layout in offset order, covering every
// byte exactly once: the ELF header, the program and section header
// tables, each section with file contents, and the free bytes between.
// Overlapping ranges (a forged file) keep the first claim.
func (f *File) Regions() []Region {
	var claims []Region
	hdr := f.Header.Len
	claims = append(claims, Region{Kind: RegionHeader, Section: -1, Off: 0, Len: hdr})
	field := func(name string) uint64 {
		for _, fl := range f.Header.Fields {
			if fl.Name == name {
				return fl.Raw
			}
		}
		return 0
	}
	if n, es := field("e_phnum"), field("e_phentsize"); n > 0 {
		claims = append(claims, Region{Kind: RegionProgramHeaders, Section: -1, Off: field("e_phoff"), Len: n * es})
	}
	if len(f.Sections) > 0 {
		claims = append(claims, Region{Kind: RegionSectionHeaders, Section: -1, Off: f.Sections[0].Header.Off,
			Len: uint64(len(f.Sections)) * f.Sections[0].Header.Len})
	}
	for _, s := range f.Sections {
		if s.Index == 0 || s.Type == uint32(elf.SHT_NOBITS) || s.Size == 0 {
			continue
		}
		claims = append(claims, Region{Kind: RegionSection, Name: s.Name, Section: s.Index, Off: s.Offset, Len: s.Size})
	}
	sort.SliceStable(claims, func(i, j int) bool { return claims[i].Off < claims[j].Off })
	var out []Region
	pos, size := uint64(0), uint64(len(f.Data))
	for _, c := range claims {
		end := min(c.Off+c.Len, size)
		if c.Off+c.Len < c.Off {
			end = size
		}
		if end <= pos {
			continue
		}
		if c.Off > pos {
			out = append(out, Region{Kind: RegionFree, Section: -1, Off: pos, Len: min(c.Off, size) - pos})
		}
		start := max(c.Off, pos)
		c.Off, c.Len = start, end-start
		out = append(out, c)
		pos = end
	}
	if pos < size {
		out = append(out, Region{Kind: RegionFree, Section: -1, Off: pos, Len: size - pos})
	}
	return out
}
