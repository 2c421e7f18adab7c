package elfobj

import (
	"context"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/dwarfscope/dwarfscope/internal/align"
)

// Executable layout constants: a static, non-PIE x86-64 executable
// loaded at the traditional base address, one page per segment start.
const (
	exeBase     = 0x400000
	exePageSize = 0x1000
)

// exeSection is one section of an executable being laid out.
type exeSection struct {
	src   *Section // nil for the linker's own (.symtab, .strtab, .shstrtab)
	name  string
	typ   elf.SectionType
	flags elf.SectionFlag
	data  []byte
	size  uint64
	align uint64
	// addr is the virtual address (0 for non-allocated sections); offset
	// the file offset.
	addr, offset  uint64
	entsize       uint64
	link, info    uint32
	nameOff       uint32
	index         int // ELF section index
	alloc, nobits bool
}

// ExeOptions configure LinkExecutable.
type ExeOptions struct {
	// Main is the symbol _start calls.
	Main string
	// ExitWithResult makes _start exit with main's return value (an
	// integer); otherwise the exit status is 0.
	ExitWithResult bool
	// Sections are non-allocated sections written after the object's
	// (SectDebug, without relocations), such as .lldbformatters.
	Sections []*Section
	// Context, when not nil, stops the linker once it is done
	// (WriteOptions.Context): it looks at it as it starts and before
	// each section's relocations and contents.
	Context context.Context
}

// exeLinker links one Object into an executable.
type exeLinker struct {
	obj  *Object
	secs []*exeSection // by Object section index
	text *exeSection
	// TLS segment: the start address of the template (.tdata, then
	// .tbss), its size in memory and file and its alignment.
	tlsStart, tlsMemSize, tlsFileSize, tlsAlign uint64
	// tlsArea is the main thread's TLS block followed by the thread
	// control block (its self-pointer); tp is the thread pointer.
	tlsArea, tp uint64
	startOff    uint64 // _start's offset in .text
	syms        map[string]*Symbol
}

// LinkExecutable links obj, whose sections and symbols linkcore.NewObject
// made for x86_64, into a static ELF executable (ET_EXEC, no libc). It appends
// _start to .text: _start copies the thread-local template into the
// main thread's TLS block (reserved in .bss), points %fs at the block's
// thread control block (whose first word points at itself, as the x86-64
// TLS ABI requires) with arch_prctl(ARCH_SET_FS), calls opts.Main and
// exits with exit_group.
//
// Segments: R (ELF and program headers, .rodata), RX (.text), RW (.tdata,
// .data, .bss), PT_TLS (.tdata, .tbss) and PT_GNU_STACK (not executable),
// each PT_LOAD at its own page. Every relocation is resolved: absolute
// ones to addresses (an absolute reference to a thread-local, such as a
// DWARF DW_OP_addr, gives the main thread's copy), PC-relative ones,
// TP-relative ones (local-exec TLS) and DTP-relative ones (offsets in the
// TLS block). Debug sections are not allocated; references between them
// are their offsets. The symbol table lists every symbol with its address
// (thread-locals: the offset in the TLS segment) and _start.
func LinkExecutable(obj *Object, opts ExeOptions) (*File, error) {
	if obj == nil || obj.Arch == nil || obj.Arch.Name != "x86_64" {
		return nil, fmt.Errorf("linkcore: executables can only be linked for x86_64")
	}
	if err := stopped(opts.Context, "starting", ""); err != nil {
		return nil, err
	}
	l := &exeLinker{obj: obj, syms: map[string]*Symbol{}}
	for _, s := range obj.Symbols {
		if s.Section < 0 {
			return nil, fmt.Errorf("linkcore: undefined symbol %q", s.Name)
		}
		l.syms[s.Name] = s
	}
	if _, ok := l.syms[opts.Main]; !ok {
		return nil, fmt.Errorf("linkcore: no %q to call from _start", opts.Main)
	}
	var bss *exeSection
	for _, s := range opts.Sections {
		if s.Kind != SectDebug || len(s.Relocs) > 0 {
			return nil, fmt.Errorf("linkcore: extra section %s is not a non-allocated section without relocations", s.Name)
		}
	}
	for _, s := range slices.Concat(obj.Sections, opts.Sections) {
		typ, flags, entsize := sectionHeaderKind(s.Kind)
		es := &exeSection{src: s, name: s.Name, typ: typ, flags: flags, entsize: entsize,
			data: s.Data, size: s.MemSize(), align: max(s.Align, 1),
			alloc: flags&elf.SHF_ALLOC != 0, nobits: s.NoBits()}
		l.secs = append(l.secs, es)
		switch s.Kind {
		case SectText:
			l.text = es
		case SectBSS:
			bss = es
		}
	}
	if l.text == nil {
		return nil, fmt.Errorf("linkcore: no .text section")
	}
	if bss == nil {
		bss = &exeSection{name: ".bss", typ: elf.SHT_NOBITS, flags: elf.SHF_ALLOC | elf.SHF_WRITE, align: 1, alloc: true, nobits: true}
		l.secs = append(l.secs, bss)
	}
	// _start goes at the end of .text.
	l.text.data = append([]byte(nil), l.text.data...)
	l.startOff = align.Forward(uint64(len(l.text.data)), 16)
	for uint64(len(l.text.data)) < l.startOff {
		l.text.data = append(l.text.data, 0xcc) // int3
	}
	l.text.data = append(l.text.data, l.startCode(opts, 0)...)
	l.text.size = uint64(len(l.text.data))
	l.text.align = max(l.text.align, 16)

	// The TLS template's shape, then room for the main thread's copy.
	l.tlsAlign = 1
	var tdataSize, tbssSize uint64
	var tbssAlign uint64 = 1
	for _, s := range l.secs {
		if s.src == nil {
			continue
		}
		switch s.src.Kind {
		case SectTData:
			tdataSize, l.tlsAlign = s.size, max(l.tlsAlign, s.align)
		case SectTBSS:
			tbssSize, tbssAlign = s.size, s.align
			l.tlsAlign = max(l.tlsAlign, s.align)
		}
	}
	l.tlsFileSize = tdataSize
	l.tlsMemSize = align.Forward(tdataSize, tbssAlign) + tbssSize
	blockSize := align.Forward(l.tlsMemSize, l.tlsAlign)
	areaAlign := max(l.tlsAlign, 16)
	bss.align = max(bss.align, areaAlign)
	areaOff := align.Forward(bss.size, areaAlign)
	bss.size = areaOff + blockSize + 8

	hdrs, err := l.layout()
	if err != nil {
		return nil, err
	}
	l.tlsArea = bss.addr + areaOff
	l.tp = l.tlsArea + blockSize
	copy(l.text.data[l.startOff:], l.startCode(opts, l.text.addr+l.startOff))

	for _, s := range l.secs {
		if s.src == nil || len(s.src.Relocs) == 0 {
			continue
		}
		if err := stopped(opts.Context, "the relocations of", s.name); err != nil {
			return nil, err
		}
		s.data = append([]byte(nil), s.data...)
		if err := l.relocate(s); err != nil {
			return nil, err
		}
	}
	return l.write(hdrs, opts)
}

// segment is one program header.
type segment struct {
	typ                    elf.ProgType
	flags                  elf.ProgFlag
	off, addr, filesz, mem uint64
	align                  uint64
}

const numExeSegments = 5

// layout assigns file offsets and addresses and returns the program
// headers.
func (l *exeLinker) layout() ([]segment, error) {
	hdrSize := uint64(binary.Size(elf.Header64{})) + numExeSegments*uint64(binary.Size(elf.Prog64{}))
	byKind := func(k SectionKind) []*exeSection {
		var out []*exeSection
		for _, s := range l.secs {
			if s.src != nil && s.src.Kind == k || s.src == nil && k == SectBSS && s.name == ".bss" {
				out = append(out, s)
			}
		}
		return out
	}
	place := func(s *exeSection, off uint64) uint64 {
		off = align.Forward(off, s.align)
		s.offset, s.addr = off, exeBase+off
		if s.nobits {
			return off
		}
		return off + s.size
	}
	// R: headers and read-only data.
	off := hdrSize
	for _, s := range byKind(SectROData) {
		off = place(s, off)
	}
	rEnd := off
	// RX: code.
	rxStart := align.Forward(off, exePageSize)
	off = place(l.text, rxStart)
	rxEnd := off
	// RW: TLS template, data, bss.
	rwStart := align.Forward(off, exePageSize)
	off = rwStart
	tlsStart := uint64(0)
	tdata := byKind(SectTData)
	for _, s := range tdata {
		off = place(s, off)
		tlsStart = s.addr
	}
	for _, s := range byKind(SectTBSS) {
		// .tbss takes no room in the image: its address only says where
		// it sits in the TLS template.
		at := align.Forward(off, s.align)
		s.offset, s.addr = at, exeBase+at
		if len(tdata) == 0 {
			tlsStart = s.addr
		}
	}
	if tlsStart == 0 {
		tlsStart = exeBase + align.Forward(off, l.tlsAlign)
	}
	l.tlsStart = tlsStart
	for _, s := range byKind(SectData) {
		off = place(s, off)
	}
	rwFileEnd := off
	memOff := off
	for _, s := range byKind(SectBSS) {
		memOff = align.Forward(memOff, s.align)
		s.offset, s.addr = memOff, exeBase+memOff
		memOff += s.size
	}
	// Non-allocated sections follow the image.
	off = rwFileEnd
	for _, s := range l.secs {
		if !s.alloc {
			s.offset = align.Forward(off, s.align)
			s.addr = 0
			off = s.offset + s.size
		}
	}
	if memOff > math.MaxUint32 {
		return nil, fmt.Errorf("linkcore: executable image of %d bytes is too large", memOff)
	}
	return []segment{
		{typ: elf.PT_LOAD, flags: elf.PF_R, off: 0, addr: exeBase, filesz: rEnd, mem: rEnd, align: exePageSize},
		{typ: elf.PT_LOAD, flags: elf.PF_R | elf.PF_X, off: rxStart, addr: exeBase + rxStart, filesz: rxEnd - rxStart, mem: rxEnd - rxStart, align: exePageSize},
		{typ: elf.PT_LOAD, flags: elf.PF_R | elf.PF_W, off: rwStart, addr: exeBase + rwStart, filesz: rwFileEnd - rwStart, mem: memOff - rwStart, align: exePageSize},
		{typ: elf.PT_TLS, flags: elf.PF_R, off: tlsStart - exeBase, addr: tlsStart, filesz: l.tlsFileSize, mem: l.tlsMemSize, align: l.tlsAlign},
		{typ: elf.PT_GNU_STACK, flags: elf.PF_R | elf.PF_W, align: 16},
	}, nil
}

// startCode returns _start's machine code, placed at address at (0 while
// the layout is not known: the size does not depend on it). It is the
// linker's own stub, written as the bytes of each instruction.
func (l *exeLinker) startCode(opts ExeOptions, at uint64) []byte {
	// movabs r64, imm64 for rcx (1), rsi (6) and rdi (7): REX.W B8+r.
	movabs := func(b []byte, r byte, v uint64) []byte {
		return binary.LittleEndian.AppendUint64(append(b, 0x48, 0xb8+r), v)
	}
	const rcx, rsi, rdi = 1, 6, 7
	code := []byte{0x31, 0xed} // xor ebp, ebp: the outermost frame
	// Copy the .tdata template into the main thread's block (.tbss is
	// already zero in .bss).
	code = movabs(code, rsi, l.tlsStart)
	code = movabs(code, rdi, l.tlsArea)
	code = movabs(code, rcx, l.tlsFileSize)
	code = append(code, 0xf3, 0xa4)             // rep movsb
	code = movabs(code, rdi, l.tp)              // the thread pointer
	code = append(code, 0x48, 0x89, 0x3f)       // mov [rdi], rdi: TCB self-pointer
	code = append(code, 0x48, 0x89, 0xfe)       // mov rsi, rdi
	code = append(code, 0xbf, 0x02, 0x10, 0, 0) // mov edi, ARCH_SET_FS
	code = append(code, 0xb8, 158, 0, 0, 0)     // mov eax, SYS_arch_prctl
	code = append(code, 0x0f, 0x05)             // syscall
	code = append(code, 0x48, 0x83, 0xe4, 0xf0) // and rsp, -16
	code = append(code, 0xe8)                   // call rel32
	callAt := uint64(len(code))
	code = append(code, 0, 0, 0, 0)
	if opts.ExitWithResult {
		code = append(code, 0x89, 0xc7) // mov edi, eax
	} else {
		code = append(code, 0x31, 0xff) // xor edi, edi
	}
	code = append(code, 0xb8, 231, 0, 0, 0) // mov eax, SYS_exit_group
	code = append(code, 0x0f, 0x05)         // syscall
	code = append(code, 0xf4)               // hlt
	if at != 0 {
		main := l.symAddr(l.syms[opts.Main])
		binary.LittleEndian.PutUint32(code[callAt:], uint32(int32(int64(main)-int64(at+callAt+4))))
	}
	return code
}

// symAddr is a symbol's address; for a thread-local, its main-thread
// copy's.
func (l *exeLinker) symAddr(s *Symbol) uint64 {
	sec := l.secs[s.Section]
	if s.Kind == SymTLS {
		return l.tlsArea + (sec.addr + s.Value - l.tlsStart)
	}
	return sec.addr + s.Value
}

// tlsOffset is a thread-local symbol's offset in the TLS block.
func (l *exeLinker) tlsOffset(s *Symbol) uint64 {
	return l.secs[s.Section].addr + s.Value - l.tlsStart
}

func (l *exeLinker) relocate(s *exeSection) error {
	for _, r := range s.src.Relocs {
		if r.Offset > uint64(len(s.data)) || uint64(r.Size) > uint64(len(s.data))-r.Offset || (r.Size != 4 && r.Size != 8) {
			return fmt.Errorf("linkcore: %s+%#x: bad relocation of %d bytes", s.name, r.Offset, r.Size)
		}
		var sym *Symbol
		var target uint64
		if r.Symbol != "" {
			sym = l.syms[r.Symbol]
			if sym == nil {
				return fmt.Errorf("linkcore: %s+%#x: undefined symbol %q", s.name, r.Offset, r.Symbol)
			}
		} else {
			if r.TargetSection < 0 || r.TargetSection >= len(l.secs) {
				return fmt.Errorf("linkcore: %s+%#x: relocation against section %d", s.name, r.Offset, r.TargetSection)
			}
			target = l.secs[r.TargetSection].addr
		}
		var v int64
		switch r.Kind {
		case RelocAbs:
			if sym != nil {
				target = l.symAddr(sym)
			}
			v = int64(target) + r.Addend
		case RelocPC32:
			if sym != nil {
				target = l.symAddr(sym)
			}
			if sym != nil && sym.Kind == SymTLS {
				return fmt.Errorf("linkcore: %s+%#x: PC-relative reference to thread-local %q", s.name, r.Offset, r.Symbol)
			}
			v = int64(target) + r.Addend - int64(s.addr+r.Offset)
		case RelocDTPRel, RelocTPOff32:
			if sym == nil || sym.Kind != SymTLS {
				return fmt.Errorf("linkcore: %s+%#x: %s relocation against a symbol that is not thread-local", s.name, r.Offset, r.Kind)
			}
			v = int64(l.tlsOffset(sym)) + r.Addend
			if r.Kind == RelocTPOff32 {
				v -= int64(align.Forward(l.tlsMemSize, l.tlsAlign))
			}
		default:
			return fmt.Errorf("linkcore: %s+%#x: unknown relocation kind %s", s.name, r.Offset, r.Kind)
		}
		field := s.data[r.Offset : r.Offset+uint64(r.Size)]
		if r.Size == 8 {
			binary.LittleEndian.PutUint64(field, uint64(v))
			continue
		}
		signed := r.Kind == RelocPC32 || r.Kind == RelocTPOff32
		if signed && (v < math.MinInt32 || v > math.MaxInt32) || !signed && (v < math.MinInt32 || v > math.MaxUint32) {
			return fmt.Errorf("linkcore: %s+%#x: value %#x does not fit the 4-byte %s relocation", s.name, r.Offset, v, r.Kind)
		}
		binary.LittleEndian.PutUint32(field, uint32(v))
	}
	return nil
}

// write encodes the executable.
func (l *exeLinker) write(segs []segment, opts ExeOptions) (*File, error) {
	order := binary.LittleEndian
	// The output section list: the object's sections in address order
	// (allocated first), then the symbol and string tables.
	var out []*exeSection
	for _, k := range []SectionKind{SectROData, SectText, SectTData, SectTBSS, SectData, SectBSS} {
		for _, s := range l.secs {
			kind := SectBSS
			if s.src != nil {
				kind = s.src.Kind
			}
			if kind == k {
				out = append(out, s)
			}
		}
	}
	for _, s := range l.secs {
		if !s.alloc {
			out = append(out, s)
		}
	}
	for i, s := range out {
		s.index = i + 1
	}
	// Symbols: the file, locals, then globals (including _start).
	strtab := newStringTable()
	syms := []elf.Sym64{{}}
	if l.obj.FileName != "" {
		syms = append(syms, elf.Sym64{Name: strtab.add(l.obj.FileName), Info: elf.ST_INFO(elf.STB_LOCAL, elf.STT_FILE), Shndx: uint16(elf.SHN_ABS)})
	}
	add := func(s *Symbol) {
		typ := map[SymbolKind]elf.SymType{SymNoType: elf.STT_NOTYPE, SymFunc: elf.STT_FUNC, SymObject: elf.STT_OBJECT, SymTLS: elf.STT_TLS}[s.Kind]
		bind := elf.STB_LOCAL
		if s.Global {
			bind = elf.STB_GLOBAL
		}
		value := l.secs[s.Section].addr + s.Value
		if s.Kind == SymTLS {
			value = l.tlsOffset(s)
		}
		syms = append(syms, elf.Sym64{Name: strtab.add(s.Name), Info: elf.ST_INFO(bind, typ),
			Shndx: uint16(l.secs[s.Section].index), Value: value, Size: s.Size})
	}
	for _, s := range l.obj.Symbols {
		if !s.Global {
			add(s)
		}
	}
	firstGlobal := len(syms)
	for _, s := range l.obj.Symbols {
		if s.Global {
			add(s)
		}
	}
	startSize := uint64(len(l.text.data)) - l.startOff
	syms = append(syms, elf.Sym64{Name: strtab.add("_start"), Info: elf.ST_INFO(elf.STB_GLOBAL, elf.STT_FUNC),
		Shndx: uint16(l.text.index), Value: l.text.addr + l.startOff, Size: startSize})
	var symData []byte
	for _, s := range syms {
		symData, _ = binary.Append(symData, order, s)
	}
	symtab := &exeSection{name: ".symtab", typ: elf.SHT_SYMTAB, data: symData, size: uint64(len(symData)), align: 8,
		entsize: uint64(binary.Size(elf.Sym64{})), info: uint32(firstGlobal)}
	strSec := &exeSection{name: ".strtab", typ: elf.SHT_STRTAB, align: 1}
	shstr := &exeSection{name: ".shstrtab", typ: elf.SHT_STRTAB, align: 1}
	out = append(out, symtab, strSec, shstr)
	symtab.index, strSec.index, shstr.index = len(out)-2, len(out)-1, len(out)
	symtab.link = uint32(strSec.index)
	shnames := newStringTable()
	for _, s := range out {
		s.nameOff = shnames.add(s.name)
	}
	strSec.data = strtab.data
	strSec.size = uint64(len(strSec.data))
	shstr.data = shnames.data
	shstr.size = uint64(len(shstr.data))

	end := uint64(0)
	for _, s := range out {
		if s.src != nil && !s.nobits {
			end = max(end, s.offset+s.size)
		}
	}
	for _, s := range []*exeSection{symtab, strSec, shstr} {
		s.offset = align.Forward(end, s.align)
		end = s.offset + s.size
	}
	shoff := align.Forward(end, 8)
	shnum := len(out) + 1
	shentsize := uint64(binary.Size(elf.Section64{}))
	size := shoff + uint64(shnum)*shentsize

	buf := make([]byte, size)
	hdr := elf.Header64{
		Type: uint16(elf.ET_EXEC), Machine: uint16(elf.EM_X86_64), Version: uint32(elf.EV_CURRENT),
		Entry: l.text.addr + l.startOff, Phoff: uint64(binary.Size(elf.Header64{})), Shoff: shoff,
		Ehsize: uint16(binary.Size(elf.Header64{})), Phentsize: uint16(binary.Size(elf.Prog64{})),
		Phnum: uint16(len(segs)), Shentsize: uint16(shentsize), Shnum: uint16(shnum), Shstrndx: uint16(shstr.index),
	}
	copy(hdr.Ident[:], elf.ELFMAG)
	hdr.Ident[elf.EI_CLASS] = byte(elf.ELFCLASS64)
	hdr.Ident[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	hdr.Ident[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	hdr.Ident[elf.EI_OSABI] = byte(elf.ELFOSABI_NONE)
	b, _ := binary.Append(nil, order, hdr)
	for _, sg := range segs {
		b, _ = binary.Append(b, order, elf.Prog64{Type: uint32(sg.typ), Flags: uint32(sg.flags), Off: sg.off,
			Vaddr: sg.addr, Paddr: sg.addr, Filesz: sg.filesz, Memsz: sg.mem, Align: sg.align})
	}
	copy(buf, b)
	infos := []SectionInfo{{Index: 0}}
	var sh []byte
	sh, _ = binary.Append(sh, order, elf.Section64{})
	for _, s := range out {
		if err := stopped(opts.Context, "section", s.name); err != nil {
			return nil, err
		}
		if !s.nobits {
			copy(buf[s.offset:], s.data)
		}
		sh, _ = binary.Append(sh, order, elf.Section64{Name: s.nameOff, Type: uint32(s.typ), Flags: uint64(s.flags),
			Addr: s.addr, Off: s.offset, Size: s.size, Link: s.link, Info: s.info, Addralign: s.align, Entsize: s.entsize})
		slot := s.size
		if s.nobits {
			slot = 0
		}
		infos = append(infos, SectionInfo{Index: s.index, Name: s.name, Type: s.typ, Flags: s.flags, Offset: s.offset,
			Size: s.size, Slot: slot, Align: s.align, Link: s.link, Info: s.info})
	}
	copy(buf[shoff:], sh)
	return &File{Bytes: buf, Sections: infos, HeaderSize: uint64(hdr.Ehsize), SHOff: shoff,
		SHEntSize: shentsize, SHNum: uint64(shnum)}, nil
}
