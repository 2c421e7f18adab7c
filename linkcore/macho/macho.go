// Package macho writes an elfobj.Object (the object model linkcore's
// pipeline builds) as a Mach-O relocatable object
// (MH_OBJECT) for x86_64 and arm64, after the seed's
// src/link/MachO/ZigObject.zig: one LC_SEGMENT_64 holding __TEXT,__text,
// the data sections, and the debug sections as __DWARF,__debug_*;
// LC_BUILD_VERSION; LC_SYMTAB and LC_DYSYMTAB; relocation entries of the
// Mach-O kinds.
//
// Mach-O objects carry DWARF the way Apple's toolchain expects: offsets
// from one debug section into another (DW_FORM_strp, DW_AT_stmt_list,
// DW_FORM_ref_addr, ...) are plain section offsets written into the bytes,
// with no relocation, and only addresses (DW_AT_low_pc, DW_OP_addr) are
// relocated, by *_RELOC_UNSIGNED entries against the symbol.
package macho

import (
	"cmp"
	"context"
	"debug/macho"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/align"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
)

// Load commands and constants debug/macho does not name (mach-o/loader.h).
const (
	lcBuildVersion macho.LoadCmd = 0x32 // LC_BUILD_VERSION

	platformMacOS = 1 // PLATFORM_MACOS

	// MinOS and SDK are the macOS version LC_BUILD_VERSION names, as
	// X.Y.Z encoded in nibbles xxxx.yy.zz: 11.0.0.
	MinOS = 11 << 16

	mhSubsectionsViaSymbols = 0x2000 // MH_SUBSECTIONS_VIA_SYMBOLS
	typeDSYM                = 0xa    // MH_DSYM

	cpuSubtypeX86_64All = 3 // CPU_SUBTYPE_X86_64_ALL
	cpuSubtypeARM64All  = 0 // CPU_SUBTYPE_ARM64_ALL

	// Section types and attributes (the low byte of flags is the type).
	sRegular              = 0x0
	sZerofill             = 0x1
	sThreadLocalRegular   = 0x11
	sThreadLocalZerofill  = 0x12
	sAttrPureInstructions = 0x80000000
	sAttrSomeInstructions = 0x00000400
	sAttrDebug            = 0x02000000

	// nlist n_type bits.
	nExt  = 0x01
	nSect = 0x0e

	vmProtAll = 7 // VM_PROT_READ|VM_PROT_WRITE|VM_PROT_EXECUTE
)

// Sizes of the fixed structures.
const (
	headerSize       = 32 // mach_header_64
	segmentCmdSize   = 72 // segment_command_64
	sectionHdrSize   = 80 // section_64
	buildVersionSize = 24 // build_version_command, no tools
	symtabCmdSize    = 24 // symtab_command
	dysymtabCmdSize  = 80 // dysymtab_command
	nlistSize        = 16 // nlist_64
	relocSize        = 8  // relocation_info
)

// WriteOptions configure WriteObject.
type WriteOptions struct {
	// Slack gives every piece of the file (load commands, section
	// contents, relocation entries, symbol and string tables) a slot of
	// ideal size (size + size/3), and every section as much address
	// space, as the ELF writer does.
	Slack bool
	// Prev, when set, is the previous image of the same object (Slack is
	// implied): every piece keeps its place when it still fits its slot
	// and moves to the first free space when it does not (File.Moves).
	Prev *File
	// DSYM writes the companion debug-symbols file (MH_DSYM) instead of
	// the object, after the seed's MachO/DebugSymbols.zig: the same
	// sections, only the __DWARF ones with contents (relocated: every
	// address resolved in the object's address space), one
	// LC_SEGMENT_64 per segment (__TEXT, __DATA, __DWARF) and __LINKEDIT
	// for the symbol and string tables; no relocation entries.
	DSYM bool
	// Context, when not nil, stops the writer once it is done, as
	// elfobj.WriteOptions.Context does the ELF writer's: it looks at it
	// as it starts, before each section's relocation entries, before the
	// symbol table and before each section's contents, and returns an
	// error that wraps its error.
	Context context.Context
}

// stopped returns an error that wraps ctx's error once ctx (nil: never)
// is done, saying where the writer stopped (elfobj.Stopped).
func stopped(ctx context.Context, what, section string) error {
	return elfobj.Stopped(ctx, "Mach-O writer", what, section)
}

// Keys of the pieces of the file other than sections and relocations.
const (
	keyCommands = "load commands"
	keySymtab   = "symbol table"
	keyStrtab   = "string table"
)

// Section is one section of a written Mach-O file, for the file map.
type Section struct {
	// Seg and Name are segname and sectname ("__DWARF", "__debug_info").
	Seg, Name string
	// Source is the linkcore section it holds.
	Source string
	Flags  uint32
	// Addr is the section's address in the object's address space; Offset,
	// Size and Slot its file offset, size and the file space reserved for
	// it (0 for zerofill sections); Align is the alignment in bytes.
	Addr, Offset, Size, Slot, Align uint64
	// RelOff and NReloc place its relocation entries.
	RelOff, NReloc uint64
}

// LoadCommand is one load command of a written file.
type LoadCommand struct {
	Cmd          macho.LoadCmd
	Name         string
	Offset, Size uint64
}

// File is a written Mach-O image with its map.
type File struct {
	Bytes    []byte
	Commands []LoadCommand
	Sections []Section
	// SymOff/NSyms and StrOff/StrSize place the symbol and string tables.
	SymOff, NSyms, StrOff, StrSize uint64
	// Moves are the pieces that moved since WriteOptions.Prev; Relaid
	// says the load commands outgrew their slot and everything was laid
	// out anew.
	Moves  []Move
	Relaid bool

	places map[string]place
}

// machArch is what the writer needs to know about one target.
type machArch struct {
	cpu     macho.Cpu
	subtype uint32
	// abs is the relocation type of an absolute address.
	abs uint8
}

// CheckArch reports whether the writer supports target a (an error
// naming it when not).
func CheckArch(a *target.Arch) error {
	_, err := lookupArch(a)
	return err
}

func lookupArch(a *target.Arch) (*machArch, error) {
	if a == nil {
		return nil, fmt.Errorf("macho: no target")
	}
	switch a.Name {
	case target.X86_64.Name:
		return &machArch{cpu: macho.CpuAmd64, subtype: cpuSubtypeX86_64All, abs: uint8(macho.X86_64_RELOC_UNSIGNED)}, nil
	case target.AArch64.Name:
		return &machArch{cpu: macho.CpuArm64, subtype: cpuSubtypeARM64All, abs: uint8(macho.ARM64_RELOC_UNSIGNED)}, nil
	}
	return nil, fmt.Errorf("macho: Mach-O objects are written for x86_64 and aarch64, not %s", a.Name)
}

// SectionName maps a linkcore section to its Mach-O segment, section name
// and flags: .text is __TEXT,__text, .rodata __TEXT,__const, .data
// __DATA,__data, .bss __DATA,__bss, thread-locals __DATA,__thread_data and
// __thread_bss, and .debug_X is __DWARF,__debug_X.
func SectionName(s *elfobj.Section) (seg, name string, flags uint32, err error) {
	switch s.Kind {
	case elfobj.SectText:
		return "__TEXT", "__text", sRegular | sAttrPureInstructions | sAttrSomeInstructions, nil
	case elfobj.SectROData:
		return "__TEXT", "__const", sRegular, nil
	case elfobj.SectData:
		return "__DATA", "__data", sRegular, nil
	case elfobj.SectBSS:
		return "__DATA", "__bss", sZerofill, nil
	case elfobj.SectTData:
		return "__DATA", "__thread_data", sThreadLocalRegular, nil
	case elfobj.SectTBSS:
		return "__DATA", "__thread_bss", sThreadLocalZerofill, nil
	case elfobj.SectDebug, elfobj.SectDebugStrings:
		if !strings.HasPrefix(s.Name, ".debug_") || len(s.Name)+1 > 16 {
			return "", "", 0, fmt.Errorf("macho: debug section %q has no Mach-O name", s.Name)
		}
		return "__DWARF", "_" + strings.ReplaceAll(s.Name, ".", "_"), sRegular | sAttrDebug, nil
	}
	return "", "", 0, fmt.Errorf("macho: section %s has unknown kind %d", s.Name, s.Kind)
}

func zerofill(flags uint32) bool {
	t := flags & 0xff
	return t == sZerofill || t == sThreadLocalZerofill
}

// outSection is a section being laid out.
type outSection struct {
	Section
	// ordinal is the section's 1-based number in the file (n_sect).
	ordinal int
	src     *elfobj.Section
	data    []byte
	relocs  []byte
}

// symEntry is one nlist_64 being laid out.
type symEntry struct {
	name  string
	typ   uint8
	sect  uint8
	value uint64
}

// WriteObject writes obj as a Mach-O relocatable object. The result
// depends only on obj and opts.
func WriteObject(obj *elfobj.Object, opts WriteOptions) (*File, error) {
	if err := stopped(opts.Context, "starting", ""); err != nil {
		return nil, err
	}
	ma, err := lookupArch(obj.Arch)
	if err != nil {
		return nil, err
	}
	if len(obj.Sections) > 255 {
		return nil, fmt.Errorf("macho: too many sections (%d)", len(obj.Sections))
	}
	// Sections in the object's order; addresses follow each other, the
	// zerofill ones last as ld64 lays them out.
	secs := make([]*outSection, len(obj.Sections))
	for i, s := range obj.Sections {
		seg, name, flags, err := SectionName(s)
		if err != nil {
			return nil, err
		}
		o := &outSection{Section: Section{Seg: seg, Name: name, Source: s.Name, Flags: flags,
			Size: uint64(len(s.Data)), Align: max(s.Align, 1)}, src: s}
		if zerofill(flags) {
			o.Size = s.Size
		} else {
			o.data = append([]byte(nil), s.Data...)
		}
		secs[i] = o
	}
	// Section headers in file order: the object's; a dSYM groups them by
	// segment.
	order := slices.Clone(secs)
	if opts.DSYM {
		rank := map[string]int{"__TEXT": 0, "__DATA": 1, "__DWARF": 2}
		slices.SortStableFunc(order, func(a, b *outSection) int { return rank[a.Seg] - rank[b.Seg] })
	}
	for i, o := range order {
		o.ordinal = i + 1
	}
	// Layout. With Prev, every piece keeps its place when it still fits
	// its slot; the others (and new ones) go to the first free space.
	// Without, the pieces follow each other: the load commands, the
	// sections with contents, relocation entries, the symbol table and
	// the string table; in address space the sections with contents and
	// then the zerofill ones, as ld64 lays them out.
	slack := opts.Slack || opts.Prev != nil
	prev := map[string]place{}
	if opts.Prev != nil {
		prev = opts.Prev.places
	}
	var segNames []string
	for _, o := range order {
		if len(segNames) == 0 || segNames[len(segNames)-1] != o.Seg {
			segNames = append(segNames, o.Seg)
		}
	}
	if !opts.DSYM {
		segNames = []string{""} // an object's one unnamed segment
	}
	sizeofcmds := uint64(segmentCmdSize*len(segNames)+sectionHdrSize*len(secs)) + buildVersionSize + symtabCmdSize
	if opts.DSYM {
		sizeofcmds += segmentCmdSize // __LINKEDIT
	} else {
		sizeofcmds += dysymtabCmdSize
	}
	f := &File{places: map[string]place{}}
	if pc, ok := prev[keyCommands]; ok && uint64(headerSize)+sizeofcmds > pc.slot {
		// The load commands cannot move: everything is laid out anew.
		prev, f.Relaid = map[string]place{}, true
	}
	var fs, as space
	cmds := place{slot: uint64(headerSize) + ideal(sizeofcmds, slack)}
	if pc, ok := prev[keyCommands]; ok {
		cmds = pc
	}
	fs.reserve(0, cmds.slot)
	f.places[keyCommands] = cmds
	// Kept places first, so that no moved piece lands on them.
	for key, p := range prev {
		if key != keyCommands {
			fs.reserve(p.off, p.slot)
			as.reserve(p.addr, p.addrSlot)
		}
	}
	keep := func(key string, size uint64) (place, bool) {
		p, ok := prev[key]
		if !ok {
			return place{}, false
		}
		if size <= p.addrSlot && p.slot == 0 || size <= p.slot && p.slot > 0 || size == 0 {
			return p, true
		}
		fs.free(p.off, p.slot)
		as.free(p.addr, p.addrSlot)
		return p, false
	}
	moved := func(key string, old, now place, size uint64) {
		if _, ok := prev[key]; ok {
			f.Moves = append(f.Moves, Move{Name: key, OldOff: old.off, OldSlot: old.slot, NewOff: now.off,
				NewSlot: now.slot, OldAddr: old.addr, NewAddr: now.addr, Size: size})
		}
	}
	maxAlign := uint64(1)
	for pass := range 2 {
		for _, o := range secs {
			zf := zerofill(o.Flags)
			if zf != (pass == 1) {
				continue
			}
			noFile := zf || opts.DSYM && o.Seg != "__DWARF"
			maxAlign = max(maxAlign, o.Align)
			key := "section " + o.Seg + "," + o.Name
			p, ok := keep(key, o.Size)
			if !ok {
				old := p
				p = place{addrSlot: ideal(o.Size, slack)}
				if !noFile {
					p.slot = p.addrSlot
					p.off = fs.alloc(p.slot, o.Align)
				}
				p.addr = as.alloc(p.addrSlot, o.Align)
				moved(key, old, p, o.Size)
			}
			f.places[key] = p
			o.Addr, o.Offset, o.Slot = p.addr, p.off, p.slot
		}
	}

	syms, index, err := symbolTable(obj, secs)
	if err != nil {
		return nil, err
	}
	for i, o := range secs {
		if err := stopped(opts.Context, "the relocations of", o.Seg+","+o.Name); err != nil {
			return nil, err
		}
		if err := encodeRelocs(ma, secs, i, o, index); err != nil {
			return nil, err
		}
		if opts.DSYM {
			o.relocs = nil // resolved in the bytes; a dSYM has none
		}
	}
	if err := stopped(opts.Context, "the symbol table", ""); err != nil {
		return nil, err
	}
	strtab := []byte{' ', 0} // index 0 is the empty name; ld64 starts " \0"
	syms64 := make([]byte, 0, len(syms)*nlistSize)
	for _, s := range syms {
		syms64 = binary.LittleEndian.AppendUint32(syms64, uint32(len(strtab)))
		strtab = append(append(strtab, s.name...), 0)
		syms64 = append(syms64, s.typ, s.sect, 0, 0)
		syms64 = binary.LittleEndian.AppendUint64(syms64, s.value)
	}
	for len(strtab)%8 != 0 {
		strtab = append(strtab, 0)
	}
	fileTable := func(key string, size, align uint64) uint64 {
		p, ok := keep(key, size)
		if !ok {
			old := p
			p = place{slot: ideal(size, slack)}
			p.off = fs.alloc(p.slot, align)
			moved(key, old, p, size)
		}
		f.places[key] = p
		return p.off
	}
	for _, o := range secs {
		if len(o.relocs) > 0 {
			o.RelOff, o.NReloc = fileTable("relocations "+o.Seg+","+o.Name, uint64(len(o.relocs)), 4), uint64(len(o.relocs)/relocSize)
		}
	}
	symoff := fileTable(keySymtab, uint64(len(syms64)), 8)
	stroff := fileTable(keyStrtab, uint64(len(strtab)), 8)
	size := fs.end()

	// Segments: an object has one, unnamed, covering every section; a
	// dSYM one per segment name, then __LINKEDIT over the symbol and
	// string tables.
	le := binary.LittleEndian
	type segment struct {
		cmd  macho.Segment64
		secs []*outSection
	}
	var segsOut []segment
	for _, name := range segNames {
		var sg segment
		copy(sg.cmd.Name[:], name)
		first := true
		var addrEnd, fileEnd uint64
		for _, o := range order {
			if opts.DSYM && o.Seg != name {
				continue
			}
			sg.secs = append(sg.secs, o)
			if first || o.Addr < sg.cmd.Addr {
				sg.cmd.Addr = o.Addr
			}
			addrEnd = max(addrEnd, o.Addr+max(o.Slot, o.Size))
			if o.Offset != 0 || o.Slot != 0 {
				if sg.cmd.Offset == 0 || o.Offset < sg.cmd.Offset {
					sg.cmd.Offset = o.Offset
				}
				fileEnd = max(fileEnd, o.Offset+o.Slot)
			}
			first = false
		}
		if !opts.DSYM {
			sg.cmd.Addr = 0
		}
		if fileEnd > 0 {
			sg.cmd.Filesz = fileEnd - sg.cmd.Offset
		} else {
			sg.cmd.Offset = 0
		}
		sg.cmd.Memsz = max(addrEnd-sg.cmd.Addr, sg.cmd.Filesz)
		segsOut = append(segsOut, sg)
	}
	if opts.DSYM {
		var sg segment
		copy(sg.cmd.Name[:], "__LINKEDIT")
		sg.cmd.Offset = min(symoff, stroff)
		sg.cmd.Filesz = max(symoff+uint64(len(syms64)), stroff+uint64(len(strtab))) - sg.cmd.Offset
		sg.cmd.Addr = align.Forward(as.end(), 0x1000)
		sg.cmd.Memsz = align.Forward(sg.cmd.Filesz, 0x1000)
		segsOut = append(segsOut, sg)
	}

	buf := make([]byte, 0, size)
	hdr := macho.FileHeader{Magic: macho.Magic64, Cpu: ma.cpu, SubCpu: ma.subtype,
		Type: macho.TypeObj, Ncmd: uint32(len(segsOut) + 3), Cmdsz: uint32(sizeofcmds), Flags: mhSubsectionsViaSymbols}
	if opts.DSYM {
		hdr.Type, hdr.Ncmd, hdr.Flags = typeDSYM, uint32(len(segsOut)+2), 0
	}
	buf, _ = binary.Append(buf, le, hdr)
	buf = le.AppendUint32(buf, 0) // reserved
	for _, sg := range segsOut {
		cmdStart := uint64(len(buf))
		sg.cmd.Cmd, sg.cmd.Len, sg.cmd.Nsect = macho.LoadCmdSegment64, uint32(segmentCmdSize+sectionHdrSize*len(sg.secs)), uint32(len(sg.secs))
		sg.cmd.Maxprot, sg.cmd.Prot = vmProtAll, vmProtAll
		buf, _ = binary.Append(buf, le, sg.cmd)
		for _, o := range sg.secs {
			var h macho.Section64
			copy(h.Name[:], o.Name)
			copy(h.Seg[:], o.Seg)
			h.Addr, h.Size, h.Offset, h.Align = o.Addr, o.Size, uint32(o.Offset), uint32(log2(o.Align))
			h.Reloff, h.Nreloc, h.Flags = uint32(o.RelOff), uint32(o.NReloc), o.Flags
			buf, _ = binary.Append(buf, le, h)
		}
		f.Commands = append(f.Commands, LoadCommand{Cmd: macho.LoadCmdSegment64, Name: "LC_SEGMENT_64 " + strings.TrimRight(string(sg.cmd.Name[:]), "\x00"),
			Offset: cmdStart, Size: uint64(sg.cmd.Len)})
	}
	cmdStart := uint64(len(buf))
	buf = le.AppendUint32(buf, uint32(lcBuildVersion))
	buf = le.AppendUint32(buf, buildVersionSize)
	buf = le.AppendUint32(buf, platformMacOS)
	buf = le.AppendUint32(buf, MinOS) // minos
	buf = le.AppendUint32(buf, MinOS) // sdk
	buf = le.AppendUint32(buf, 0)     // ntools
	f.Commands = append(f.Commands, LoadCommand{Cmd: lcBuildVersion, Name: "LC_BUILD_VERSION", Offset: cmdStart, Size: buildVersionSize})
	cmdStart = uint64(len(buf))
	buf, _ = binary.Append(buf, le, macho.SymtabCmd{Cmd: macho.LoadCmdSymtab, Len: symtabCmdSize,
		Symoff: uint32(symoff), Nsyms: uint32(len(syms)), Stroff: uint32(stroff), Strsize: uint32(len(strtab))})
	f.Commands = append(f.Commands, LoadCommand{Cmd: macho.LoadCmdSymtab, Name: "LC_SYMTAB", Offset: cmdStart, Size: symtabCmdSize})
	if !opts.DSYM {
		cmdStart = uint64(len(buf))
		buf, _ = binary.Append(buf, le, macho.DysymtabCmd{Cmd: macho.LoadCmdDysymtab, Len: dysymtabCmdSize,
			Ilocalsym: 0, Nlocalsym: uint32(index.nlocal),
			Iextdefsym: uint32(index.nlocal), Nextdefsym: uint32(index.nextdef),
			Iundefsym: uint32(index.nlocal + index.nextdef), Nundefsym: uint32(len(syms) - index.nlocal - index.nextdef)})
		f.Commands = append(f.Commands, LoadCommand{Cmd: macho.LoadCmdDysymtab, Name: "LC_DYSYMTAB", Offset: cmdStart, Size: dysymtabCmdSize})
	}

	buf = slices.Grow(buf, int(size)-len(buf))[:size]
	for _, o := range order {
		if err := stopped(opts.Context, "section", o.Seg+","+o.Name); err != nil {
			return nil, err
		}
		if o.Slot > 0 {
			copy(buf[o.Offset:], o.data)
		}
		copy(buf[o.RelOff:], o.relocs)
		f.Sections = append(f.Sections, o.Section)
	}
	copy(buf[symoff:], syms64)
	copy(buf[stroff:], strtab)
	f.Bytes = buf
	f.SymOff, f.NSyms, f.StrOff, f.StrSize = symoff, uint64(len(syms)), stroff, uint64(len(strtab))
	return f, nil
}

// symbolIndex maps the object's symbols to their nlist indexes.
type symbolIndex struct {
	byName           map[string]int
	nlocal, nextdef  int
	isFunc, isThread map[string]bool
	defs             map[string]*elfobj.Symbol
}

// MangledName is a symbol's Mach-O name: C symbols get a leading '_'.
func MangledName(name string) string { return "_" + name }

// symbolTable orders the symbols as LC_DYSYMTAB needs them: locals, then
// defined externals, then undefined externals (the externals by name).
func symbolTable(obj *elfobj.Object, secs []*outSection) ([]symEntry, *symbolIndex, error) {
	var locals, extdef, undef []symEntry
	idx := &symbolIndex{byName: map[string]int{}, isFunc: map[string]bool{}, isThread: map[string]bool{},
		defs: map[string]*elfobj.Symbol{}}
	seen := map[string]bool{}
	for _, s := range obj.Symbols {
		if seen[s.Name] {
			return nil, nil, fmt.Errorf("macho: duplicate symbol %q", s.Name)
		}
		seen[s.Name] = true
		idx.defs[s.Name] = s
		e := symEntry{name: MangledName(s.Name)}
		idx.isFunc[s.Name] = s.Kind == elfobj.SymFunc
		switch {
		case s.Section < 0:
			e.typ = nExt // N_UNDF|N_EXT
			undef = append(undef, e)
			continue
		case s.Section >= len(secs):
			return nil, nil, fmt.Errorf("macho: symbol %q in section %d of %d", s.Name, s.Section, len(secs))
		}
		sec := secs[s.Section]
		idx.isThread[s.Name] = s.Kind == elfobj.SymTLS
		e.typ, e.sect, e.value = nSect, uint8(sec.ordinal), sec.Addr+s.Value
		if s.Global {
			e.typ |= nExt
			extdef = append(extdef, e)
		} else {
			locals = append(locals, e)
		}
	}
	byName := func(a, b symEntry) int { return cmp.Compare(a.name, b.name) }
	slices.SortStableFunc(extdef, byName)
	slices.SortStableFunc(undef, byName)
	all := slices.Concat(locals, extdef, undef)
	for i, e := range all {
		idx.byName[e.name[1:]] = i
	}
	idx.nlocal, idx.nextdef = len(locals), len(extdef)
	return all, idx, nil
}

// encodeRelocs writes section i's relocations as Mach-O relocation
// entries, and their addends (or resolved values) into its bytes.
func encodeRelocs(ma *machArch, secs []*outSection, i int, o *outSection, idx *symbolIndex) error {
	if len(o.src.Relocs) > 0 && zerofill(o.Flags) {
		return fmt.Errorf("macho: zerofill section %s has relocations", o.Source)
	}
	debug := o.Seg == "__DWARF"
	for _, r := range o.src.Relocs {
		if r.Size != 4 && r.Size != 8 || r.Offset > uint64(len(o.data)) || uint64(r.Size) > uint64(len(o.data))-r.Offset {
			return fmt.Errorf("macho: %s+%#x: relocation of %d bytes does not fit the section", o.Source, r.Offset, r.Size)
		}
		if r.Offset > 1<<24-1 {
			return fmt.Errorf("macho: %s+%#x: relocation offset beyond Mach-O's 24 bits", o.Source, r.Offset)
		}
		place := o.data[r.Offset : r.Offset+uint64(r.Size)]
		var value int64
		var rel relocationInfo
		rel.address = uint32(r.Offset)
		rel.length = 2
		if r.Size == 8 {
			rel.length = 3
		}
		switch {
		case r.Symbol == "" && (r.TargetSection < 0 || r.TargetSection >= len(secs)):
			return fmt.Errorf("macho: %s+%#x: relocation against section %d of %d", o.Source, r.Offset, r.TargetSection, len(secs))
		case r.Symbol == "" && (debug || secs[r.TargetSection].Seg == "__DWARF"):
			// A DWARF section offset: written as is, not relocated.
			if r.Kind != elfobj.RelocAbs {
				return fmt.Errorf("macho: %s+%#x: %s relocation to a section", o.Source, r.Offset, r.Kind)
			}
			putInt(place, r.Addend)
			continue
		case r.Kind == elfobj.RelocDTPRel:
			// Mach-O has no DTP-relative relocation: the value is the
			// symbol's offset in the object's thread-local template,
			// resolved here.
			s := idx.defs[r.Symbol]
			if s == nil || s.Section < 0 || s.Kind != elfobj.SymTLS {
				return fmt.Errorf("macho: %s+%#x: thread-local relocation to %q, not a defined thread-local", o.Source, r.Offset, r.Symbol)
			}
			putInt(place, int64(s.Value)+r.Addend)
			continue
		case r.Symbol == "":
			// Section-relative (r_extern 0): the bytes hold the target
			// address.
			rel.symbolnum = uint32(secs[r.TargetSection].ordinal)
			value = int64(secs[r.TargetSection].Addr) + r.Addend
		default:
			n, ok := idx.byName[r.Symbol]
			if !ok {
				return fmt.Errorf("macho: %s+%#x: relocation to unknown symbol %q", o.Source, r.Offset, r.Symbol)
			}
			rel.symbolnum, rel.extern = uint32(n), true
			value = r.Addend
			if s := idx.defs[r.Symbol]; s.Section >= 0 && s.Value < secs[s.Section].Size && r.Kind == elfobj.RelocAbs {
				// A defined symbol inside its section: section-relative
				// (r_extern 0) with the address in the bytes, as
				// assemblers write references to local labels, so that
				// a reader that does not relocate (lldb on an object)
				// still sees the address.
				rel.symbolnum, rel.extern = uint32(secs[s.Section].ordinal), false
				value = int64(secs[s.Section].Addr+s.Value) + r.Addend
			}
		}
		switch r.Kind {
		case elfobj.RelocAbs:
			rel.typ = ma.abs
		case elfobj.RelocPC32:
			if ma.cpu != macho.CpuAmd64 || r.Size != 4 {
				return fmt.Errorf("macho: %s+%#x: PC-relative relocation is only written for x86_64 rel32", o.Source, r.Offset)
			}
			// x86_64 Mach-O computes S + A - (P + 4): the ELF addend
			// (taken from P) is 4 more in the bytes.
			rel.pcrel = true
			value += 4
			rel.typ = uint8(macho.X86_64_RELOC_SIGNED)
			if idx.isFunc[r.Symbol] {
				rel.typ = uint8(macho.X86_64_RELOC_BRANCH)
			}
		default:
			return fmt.Errorf("macho: %s+%#x: %s relocation has no Mach-O kind", o.Source, r.Offset, r.Kind)
		}
		putInt(place, value)
		o.relocs = rel.append(o.relocs)
	}
	return nil
}

// relocationInfo is a relocation_info entry (not scattered).
type relocationInfo struct {
	address, symbolnum uint32
	pcrel, extern      bool
	length, typ        uint8
}

func (r relocationInfo) append(b []byte) []byte {
	b = binary.LittleEndian.AppendUint32(b, r.address)
	w := r.symbolnum & 0xffffff
	if r.pcrel {
		w |= 1 << 24
	}
	w |= uint32(r.length&3) << 25
	if r.extern {
		w |= 1 << 27
	}
	w |= uint32(r.typ&0xf) << 28
	return binary.LittleEndian.AppendUint32(b, w)
}

// putInt stores v little-endian in all of b (4 or 8 bytes).
func putInt(b []byte, v int64) {
	if len(b) == 8 {
		binary.LittleEndian.PutUint64(b, uint64(v))
		return
	}
	binary.LittleEndian.PutUint32(b, uint32(v))
}

// log2 is the exponent of a power-of-two alignment.
func log2(n uint64) int { return bits.TrailingZeros64(n) }

// Container is the Mach-O object container, for linkcore.Options.Container
// (which it satisfies by its methods).
var Container container

type container struct{}

func (container) Name() string { return "macho" }

// DebugOptions sets what Mach-O's consumers need of the DWARF emitter
// (linkcore asks it of every Mach-O build):
//
//   - AddrBase: dsymutil gives the range lists of a DWARF 5 unit a base
//     address in the dSYM's .debug_addr, which the unit finds only
//     through a DW_AT_addr_base that the object's unit already has.
//   - UnitStrp: ld64.lld reads each unit's DW_AT_name and DW_AT_comp_dir
//     for the stabs (N_SO, N_OSO) it writes into the linked image,
//     through a DWARF context of __debug_info, __debug_abbrev,
//     __debug_str, __debug_str_offs and __debug_line only, and crashes on
//     a DW_FORM_line_strp name.
//   - StaticTLS: a thread-local is described by the address of its
//     initial value in __thread_data (DW_OP_addr), not through
//     DW_OP_form_tls_address: the object has no TLV descriptors
//     (__thread_vars) for that operation to name, and lldb evaluates no
//     TLS operation without a process ("no thread to evaluate TLS
//     within"), while from the address it reads the initial value out of
//     the object or the dSYM; the address is relocated, so dsymutil keeps
//     the variable.
func (container) DebugOptions(o *dwarfcore.Options) {
	o.AddrBase, o.UnitStrp, o.StaticTLS = true, true, true
}

// WriteObject writes obj as Mach-O and describes its sections as the file
// map linkcore's results carry ("__DWARF,__debug_info" and so on).
func (c container) WriteObject(obj *elfobj.Object, slack bool) (*elfobj.File, error) {
	return c.WriteObjectContext(context.Background(), obj, slack)
}

// WriteObjectContext is WriteObject stopped once ctx is done
// (WriteOptions.Context).
func (container) WriteObjectContext(ctx context.Context, obj *elfobj.Object, slack bool) (*elfobj.File, error) {
	f, err := WriteObject(obj, WriteOptions{Slack: slack, Context: ctx})
	if err != nil {
		return nil, err
	}
	return f.LinkFile(), nil
}

// LinkFile returns the file as elfobj.File, the file map of linkcore's
// results: its bytes and one
// SectionInfo per section, 1-based as Mach-O section ordinals are.
func (f *File) LinkFile() *elfobj.File {
	lf := &elfobj.File{Bytes: f.Bytes, HeaderSize: headerSize}
	for i, s := range f.Sections {
		lf.Sections = append(lf.Sections, elfobj.SectionInfo{Index: i + 1, Name: s.Seg + "," + s.Name,
			Offset: s.Offset, Size: s.Size, Slot: s.Slot, Align: s.Align})
	}
	return lf
}
