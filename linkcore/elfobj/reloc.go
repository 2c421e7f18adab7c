package elfobj

import (
	"debug/elf"
	"encoding/binary"
	"fmt"
	"math"
)

// encodeRelocs writes the contents of sec's relocation section to rel
// (relocEntrySize(ea) bytes per relocation) and patches data, a copy of
// sec's data, so that every relocated field holds what the target's
// assembler leaves there: on REL targets the addend (the implicit addend of
// SHT_REL), on RELA targets zero, the addend being in r_addend. (Some
// consumers, such as BFD on aarch64, add a RELA relocation's value to the
// field's contents.)
func encodeRelocs(ea *elfArch, sec *Section, st *symbolTable, rel, data []byte) error {
	order := ea.byteOrder()
	entsize := relocEntrySize(ea)
	for i, r := range sec.Relocs {
		if r.Size != 4 && r.Size != 8 {
			return fmt.Errorf("linkcore: %s+%#x: relocation of %d bytes", sec.Name, r.Offset, r.Size)
		}
		if sec.NoBits() || r.Offset > uint64(len(sec.Data)) || uint64(r.Size) > uint64(len(sec.Data))-r.Offset {
			return fmt.Errorf("linkcore: %s+%#x: relocation outside the section", sec.Name, r.Offset)
		}
		if r.Size == 8 && !ea.is64() {
			// A 32-bit target has no 8-byte relocation; an 8-byte field
			// there is a DWARF64 section offset, which in a 32-bit file
			// is below 4 GiB: relocate its low half, keep the high half 0.
			if r.Kind != RelocAbs || r.Addend < 0 || r.Addend > math.MaxUint32 || ea.data != elf.ELFDATA2LSB {
				return fmt.Errorf("linkcore: %s+%#x: %s has no 8-byte %s relocation", sec.Name, r.Offset, ea.arch.Name, r.Kind)
			}
			clear(data[r.Offset+4 : r.Offset+8])
			r.Size = 4
		}
		typ, err := ea.relocType(r.Kind, r.Size)
		if err != nil {
			return fmt.Errorf("%w (at %s+%#x)", err, sec.Name, r.Offset)
		}
		var sym uint32
		var ok bool
		if r.Symbol != "" {
			sym, ok = st.byName[r.Symbol]
			if !ok {
				return fmt.Errorf("linkcore: %s+%#x: relocation against unknown symbol %q", sec.Name, r.Offset, r.Symbol)
			}
		} else {
			sym, ok = st.section(r.TargetSection)
			if !ok {
				return fmt.Errorf("linkcore: %s+%#x: relocation against section %d, which has no symbol", sec.Name, r.Offset, r.TargetSection)
			}
		}
		if ea.rela {
			clear(data[r.Offset : r.Offset+uint64(r.Size)])
		}
		b := rel[i*entsize : (i+1)*entsize]
		switch {
		case ea.rela && ea.is64():
			putRela64(b, order, elf.Rela64{Off: r.Offset, Info: elf.R_INFO(sym, typ), Addend: r.Addend})
		case ea.rela:
			if r.Addend < math.MinInt32 || r.Addend > math.MaxInt32 {
				return fmt.Errorf("linkcore: %s+%#x: addend %#x does not fit 32 bits", sec.Name, r.Offset, r.Addend)
			}
			putRela32(b, order, elf.Rela32{Off: uint32(r.Offset), Info: elf.R_INFO32(sym, typ), Addend: int32(r.Addend)})
		default:
			if err := putImplicitAddend(data[r.Offset:], order, r.Size, r.Addend); err != nil {
				return fmt.Errorf("linkcore: %s+%#x: %w", sec.Name, r.Offset, err)
			}
			putRela32(b, order, elf.Rela32{Off: uint32(r.Offset), Info: elf.R_INFO32(sym, typ)})
		}
	}
	return nil
}

// putRela64 writes r into b field by field, as binary.Encode would (it
// reflects over the struct: one relocation record at a time, that was a
// tenth of a fresh build).
func putRela64(b []byte, order binary.ByteOrder, r elf.Rela64) {
	order.PutUint64(b[0:], r.Off)
	order.PutUint64(b[8:], r.Info)
	order.PutUint64(b[16:], uint64(r.Addend))
}

// putRela32 writes r into b field by field; an elf.Rel32 record is its
// first 8 bytes (b is that long).
func putRela32(b []byte, order binary.ByteOrder, r elf.Rela32) {
	order.PutUint32(b[0:], r.Off)
	order.PutUint32(b[4:], r.Info)
	if len(b) >= 12 {
		order.PutUint32(b[8:], uint32(r.Addend))
	}
}

// relocEntrySize is the size of one relocation record (elf.Rela64,
// elf.Rela32 or elf.Rel32) on ea.
func relocEntrySize(ea *elfArch) int {
	switch {
	case ea.rela && ea.is64():
		return binary.Size(elf.Rela64{})
	case ea.rela:
		return binary.Size(elf.Rela32{})
	}
	return binary.Size(elf.Rel32{})
}

// putImplicitAddend stores a REL relocation's addend in the bytes it
// relocates.
func putImplicitAddend(b []byte, order binary.ByteOrder, size int, addend int64) error {
	switch size {
	case 4:
		if addend < math.MinInt32 || addend > math.MaxUint32 {
			return fmt.Errorf("addend %#x does not fit 32 bits", addend)
		}
		order.PutUint32(b, uint32(addend))
	case 8:
		order.PutUint64(b, uint64(addend))
	}
	return nil
}

// relocSectionHeader returns the name, type and entry size of the
// relocation section for a section called name.
func relocSectionHeader(ea *elfArch, name string) (string, elf.SectionType, uint64) {
	switch {
	case ea.rela && ea.is64():
		return ".rela" + name, elf.SHT_RELA, uint64(binary.Size(elf.Rela64{}))
	case ea.rela:
		return ".rela" + name, elf.SHT_RELA, uint64(binary.Size(elf.Rela32{}))
	}
	return ".rel" + name, elf.SHT_REL, uint64(binary.Size(elf.Rel32{}))
}
