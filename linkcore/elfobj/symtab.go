package elfobj

import (
	"debug/elf"
	"encoding/binary"
	"fmt"
	"slices"
)

// stringTable builds an ELF string table (.strtab, .shstrtab): a zero
// byte, then each distinct name once, NUL-terminated, in order of first use.
type stringTable struct {
	data []byte
	offs map[string]uint32
}

func newStringTable() *stringTable {
	return &stringTable{data: []byte{0}, offs: map[string]uint32{"": 0}}
}

// reserve sizes the table for obj's file and symbol names.
func (st *stringTable) reserve(obj *Object) {
	n := len(obj.FileName) + 1
	for _, s := range obj.Symbols {
		n += len(s.Name) + 1
	}
	st.data = slices.Grow(st.data, n)
	if len(st.offs) <= 1 {
		st.offs = make(map[string]uint32, len(obj.Symbols)+2)
		st.offs[""] = 0
	}
}

// add returns the offset of name, adding it if it is new.
func (st *stringTable) add(name string) uint32 {
	if off, ok := st.offs[name]; ok {
		return off
	}
	off := uint32(len(st.data))
	st.data = append(st.data, name...)
	st.data = append(st.data, 0)
	st.offs[name] = off
	return off
}

// elfSym is one .symtab entry before encoding.
type elfSym struct {
	name  uint32
	value uint64
	size  uint64
	info  uint8
	shndx uint16
}

// symbolTable is the object's .symtab: the null symbol, the STT_FILE
// symbol, one STT_SECTION symbol per relocation target section, the local
// symbols, then the global ones.
type symbolTable struct {
	syms []elfSym
	// firstGlobal is the index of the first STB_GLOBAL symbol (sh_info).
	firstGlobal int
	// byName and bySection give a relocation's symbol index; bySection is
	// indexed by the index in Object.Sections, 0 meaning no symbol.
	byName    map[string]uint32
	bySection []uint32
}

// section returns the STT_SECTION symbol of the section at index i of
// Object.Sections.
func (st *symbolTable) section(i int) (uint32, bool) {
	if i < 0 || i >= len(st.bySection) || st.bySection[i] == 0 {
		return 0, false
	}
	return st.bySection[i], true
}

// buildSymbolTable lays out the symbol table of obj. shndx maps an index in
// obj.Sections to its ELF section index; sectionSyms lists the indexes of
// the sections that need an STT_SECTION symbol, ascending.
func buildSymbolTable(obj *Object, strtab *stringTable, shndx []uint16, sectionSyms []int) (*symbolTable, error) {
	st := &symbolTable{byName: make(map[string]uint32, len(obj.Symbols)), bySection: make([]uint32, len(obj.Sections)),
		syms: make([]elfSym, 0, 2+len(sectionSyms)+len(obj.Symbols))}
	st.syms = append(st.syms, elfSym{})
	if obj.FileName != "" {
		st.syms = append(st.syms, elfSym{
			name:  strtab.add(obj.FileName),
			info:  elf.ST_INFO(elf.STB_LOCAL, elf.STT_FILE),
			shndx: uint16(elf.SHN_ABS),
		})
	}
	for _, i := range sectionSyms {
		st.bySection[i] = uint32(len(st.syms))
		st.syms = append(st.syms, elfSym{
			info:  elf.ST_INFO(elf.STB_LOCAL, elf.STT_SECTION),
			shndx: shndx[i],
		})
	}
	for pass, global := range []bool{false, true} {
		if pass == 1 {
			st.firstGlobal = len(st.syms)
		}
		for _, s := range obj.Symbols {
			if s.Global != global {
				continue
			}
			if err := st.addSymbol(obj, s, strtab, shndx); err != nil {
				return nil, err
			}
		}
	}
	return st, nil
}

func (st *symbolTable) addSymbol(obj *Object, s *Symbol, strtab *stringTable, shndx []uint16) error {
	if s.Name == "" {
		return fmt.Errorf("linkcore: symbol without a name")
	}
	if _, dup := st.byName[s.Name]; dup {
		return fmt.Errorf("linkcore: duplicate symbol %q", s.Name)
	}
	bind := elf.STB_LOCAL
	if s.Global {
		bind = elf.STB_GLOBAL
	}
	typ := elf.STT_NOTYPE
	switch s.Kind {
	case SymFunc:
		typ = elf.STT_FUNC
	case SymObject:
		typ = elf.STT_OBJECT
	case SymTLS:
		typ = elf.STT_TLS
	}
	e := elfSym{name: strtab.add(s.Name), info: elf.ST_INFO(bind, typ)}
	switch {
	case s.Section < 0:
		if !s.Global {
			return fmt.Errorf("linkcore: undefined symbol %q must be global", s.Name)
		}
		e.shndx = uint16(elf.SHN_UNDEF)
	case s.Section < len(obj.Sections):
		sec := obj.Sections[s.Section]
		if s.Value > sec.MemSize() || s.Size > sec.MemSize()-s.Value {
			return fmt.Errorf("linkcore: symbol %q [%#x, +%#x) is outside %s (size %#x)",
				s.Name, s.Value, s.Size, sec.Name, sec.MemSize())
		}
		e.shndx, e.value, e.size = shndx[s.Section], s.Value, s.Size
	default:
		return fmt.Errorf("linkcore: symbol %q in section %d of %d", s.Name, s.Section, len(obj.Sections))
	}
	st.byName[s.Name] = uint32(len(st.syms))
	st.syms = append(st.syms, e)
	return nil
}

// encode returns the .symtab contents for arch: one elf.Sym64 or
// elf.Sym32 per symbol.
func (st *symbolTable) encode(ea *elfArch) []byte {
	order := ea.byteOrder()
	b := make([]byte, 0, int(symEntSize(ea))*len(st.syms))
	for _, s := range st.syms {
		if ea.is64() {
			b, _ = binary.Append(b, order, elf.Sym64{Name: s.name, Info: s.info, Shndx: s.shndx, Value: s.value, Size: s.size})
		} else {
			b, _ = binary.Append(b, order, elf.Sym32{Name: s.name, Value: uint32(s.value), Size: uint32(s.size), Info: s.info, Shndx: s.shndx})
		}
	}
	return b
}

// entSize is the size of one symbol table entry.
func symEntSize(ea *elfArch) uint64 {
	if ea.is64() {
		return elf.Sym64Size
	}
	return elf.Sym32Size
}
