package dwarfread

import (
	"debug/elf"
	"encoding/binary"
	"fmt"
)

// relocOp says how a relocation type patches debug information: the
// size it writes and how the new value follows from S (symbol value),
// A (addend) and the bytes in place.
type relocOp struct {
	size int
	kind relocKind
}

type relocKind uint8

const (
	relAbs   relocKind = iota // S + A
	relPC                     // S + A − P
	relAdd                    // in place + S + A
	relSub                    // in place − (S + A)
	relSet6                   // low 6 bits = S + A
	relSub6                   // low 6 bits −= S + A
	relNone                   // no effect
	relULEBs                  // SET_ULEB128: ULEB in place = S + A
	relULEBd                  // SUB_ULEB128: ULEB in place −= S + A
)

// relocOps lists the relocation types compilers put in debug sections,
// per machine: the size each writes and how. The names are debug/elf's
// (RelocTypeName); this table holds only what debug/elf does not say.
// Each machine's table is keyed by debug/elf's type for its psABI, so the
// compiler refuses another machine's constant.
var relocOps = map[elf.Machine]map[uint32]relocOp{
	elf.EM_X86_64: byNumber(map[elf.R_X86_64]relocOp{
		elf.R_X86_64_NONE: {0, relNone}, elf.R_X86_64_64: {8, relAbs},
		elf.R_X86_64_PC32: {4, relPC}, elf.R_X86_64_32: {4, relAbs},
		elf.R_X86_64_32S: {4, relAbs}, elf.R_X86_64_DTPOFF64: {8, relAbs},
		elf.R_X86_64_DTPOFF32: {4, relAbs}, elf.R_X86_64_PC64: {8, relPC},
	}),
	elf.EM_386: byNumber(map[elf.R_386]relocOp{
		elf.R_386_NONE: {0, relNone}, elf.R_386_32: {4, relAbs},
		elf.R_386_PC32: {4, relPC}, elf.R_386_TLS_LDO_32: {4, relAbs},
	}),
	elf.EM_AARCH64: byNumber(map[elf.R_AARCH64]relocOp{
		elf.R_AARCH64_NONE: {0, relNone}, elf.R_AARCH64_ABS64: {8, relAbs},
		elf.R_AARCH64_ABS32: {4, relAbs}, elf.R_AARCH64_ABS16: {2, relAbs},
		elf.R_AARCH64_PREL64: {8, relPC}, elf.R_AARCH64_PREL32: {4, relPC},
		elf.R_AARCH64_TLS_DTPREL64: {8, relAbs},
	}),
	elf.EM_ARM: byNumber(map[elf.R_ARM]relocOp{
		elf.R_ARM_NONE: {0, relNone}, elf.R_ARM_ABS32: {4, relAbs},
		elf.R_ARM_REL32: {4, relPC}, elf.R_ARM_TLS_LDO32: {4, relAbs},
	}),
	elf.EM_RISCV: byNumber(map[elf.R_RISCV]relocOp{
		elf.R_RISCV_NONE: {0, relNone}, elf.R_RISCV_32: {4, relAbs},
		elf.R_RISCV_64: {8, relAbs}, elf.R_RISCV_TLS_DTPREL32: {4, relAbs},
		elf.R_RISCV_TLS_DTPREL64: {8, relAbs},
		elf.R_RISCV_ADD8:         {1, relAdd}, elf.R_RISCV_ADD16: {2, relAdd},
		elf.R_RISCV_ADD32: {4, relAdd}, elf.R_RISCV_ADD64: {8, relAdd},
		elf.R_RISCV_SUB8: {1, relSub}, elf.R_RISCV_SUB16: {2, relSub},
		elf.R_RISCV_SUB32: {4, relSub}, elf.R_RISCV_SUB64: {8, relSub},
		elf.R_RISCV_SUB6: {1, relSub6}, elf.R_RISCV_SET6: {1, relSet6},
		elf.R_RISCV_SET8: {1, relAbs}, elf.R_RISCV_SET16: {2, relAbs},
		elf.R_RISCV_SET32: {4, relAbs}, elf.R_RISCV_32_PCREL: {4, relPC},
		rRISCVSetULEB128: {0, relULEBs}, rRISCVSubULEB128: {0, relULEBd},
	}),
	elf.EM_S390: byNumber(map[elf.R_390]relocOp{
		elf.R_390_NONE: {0, relNone}, elf.R_390_32: {4, relAbs},
		elf.R_390_64: {8, relAbs}, elf.R_390_TLS_LDO32: {4, relAbs},
		elf.R_390_TLS_LDO64: {8, relAbs},
	}),
	elf.EM_PPC64: byNumber(map[elf.R_PPC64]relocOp{
		elf.R_PPC64_NONE: {0, relNone}, elf.R_PPC64_ADDR32: {4, relAbs},
		elf.R_PPC64_ADDR64: {8, relAbs}, elf.R_PPC64_DTPREL64: {8, relAbs},
	}),
}

// The RISC-V psABI's ULEB128 relocations, which debug/elf does not name.
const (
	rRISCVSetULEB128 elf.R_RISCV = 60
	rRISCVSubULEB128 elf.R_RISCV = 61
)

// byNumber keys a machine's table by the type's number in r_info.
func byNumber[T ~int](ops map[T]relocOp) map[uint32]relocOp {
	m := make(map[uint32]relocOp, len(ops))
	for t, op := range ops {
		m[uint32(t)] = op
	}
	return m
}

// symbolValue is S for a relocation: the symbol's value, plus its
// section's address in a relocatable object (as llvm-dwarfdump computes
// it).
func (f *File) symbolValue(r *RelocInfo) (uint64, error) {
	relSec := &f.Sections[r.RelSection]
	if int(relSec.Link) >= len(f.Sections) {
		return 0, fmt.Errorf("offset 0x%x: %s links to no symbol table", relSec.Header.Off, relSec.Name)
	}
	syms := f.Sections[relSec.Link].Symbols
	if r.Sym == 0 {
		return 0, nil
	}
	if int(r.Sym) >= len(syms) {
		return 0, fmt.Errorf("offset 0x%x: relocation names symbol %d; the table has %d", r.Record.Off, r.Sym, len(syms))
	}
	s := syms[r.Sym]
	v := s.Value
	if f.Type == elf.ET_REL && int(s.Shndx) < len(f.Sections) && s.Shndx != uint16(elf.SHN_UNDEF) {
		v += f.Sections[s.Shndx].Addr
	}
	return v, nil
}

// ApplyRelocations returns a copy of b, the contents of section i, with
// every relocation record against it applied the way a reader of debug
// information applies them (S + A; in place + A for REL records). A
// record it cannot apply (an unknown type, an offset outside the section)
// is left out and reported with its offset; the others are still
// applied.
func (f *File) ApplyRelocations(i int, b []byte) ([]byte, []error) {
	relocs := f.RelocsAgainst(i)
	if len(relocs) == 0 {
		return b, nil
	}
	out := append([]byte(nil), b...)
	var errs []error
	ops := relocOps[f.Machine]
	for _, r := range relocs {
		op, ok := ops[r.Type]
		if !ok {
			errs = append(errs, fmt.Errorf("offset 0x%x: %s relocation %s at 0x%x not applied: type not known here", r.Record.Off, f.Sections[i].Name, r.TypeName, r.Offset))
			continue
		}
		if op.kind == relNone {
			continue
		}
		if r.Offset > uint64(len(out)) || uint64(op.size) > uint64(len(out))-r.Offset {
			errs = append(errs, fmt.Errorf("offset 0x%x: %s relocation at 0x%x patches past the section's end (%d bytes)", r.Record.Off, r.TypeName, r.Offset, len(out)))
			continue
		}
		s, err := f.symbolValue(&r)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		place := out[r.Offset : r.Offset+uint64(op.size)]
		old := getUint(f.Order, place)
		a := uint64(r.Addend)
		if !r.HasAddend {
			a = old
		}
		var v uint64
		switch op.kind {
		case relAbs:
			v = s + a
		case relPC:
			v = s + a - (f.Sections[i].Addr + r.Offset)
		case relAdd:
			v = old + s + uint64(r.Addend)
		case relSub:
			v = old - s - uint64(r.Addend)
		case relSet6:
			v = old&^0x3f | (s+a)&0x3f
		case relSub6:
			v = old&^0x3f | (old-s-uint64(r.Addend))&0x3f
		case relULEBs, relULEBd:
			if err := patchULEB(out, r.Offset, s+uint64(r.Addend), op.kind == relULEBd); err != nil {
				errs = append(errs, fmt.Errorf("offset 0x%x: %s at 0x%x: %v", r.Record.Off, r.TypeName, r.Offset, err))
			}
			continue
		}
		putUint(f.Order, place, v)
	}
	return out, errs
}

// patchULEB rewrites the ULEB128 at off in place, keeping its length.
func patchULEB(b []byte, off, v uint64, sub bool) error {
	r := reader{b: b, off: off}
	old := r.uleb()
	if r.err != nil {
		return fmt.Errorf("no ULEB128 to patch")
	}
	n := r.off - off
	if sub {
		v = old - v
	}
	for i := range n {
		c := byte(v & 0x7f)
		v >>= 7
		if i+1 < n {
			c |= 0x80
		}
		b[off+i] = c
	}
	return nil
}

func putUint(order binary.ByteOrder, b []byte, v uint64) {
	if order == binary.BigEndian {
		for i := len(b) - 1; i >= 0; i-- {
			b[i] = byte(v)
			v >>= 8
		}
		return
	}
	for i := range b {
		b[i] = byte(v)
		v >>= 8
	}
}
