package elfobj

import (
	"debug/elf"
	"encoding/binary"
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// RISC-V e_flags bits (RISC-V ELF psABI, "File Header"). debug/elf has no
// names for them.
const (
	// efRISCVFloatABIDouble says the object uses the LP64D ABI, as gcc's
	// and GNU as's default riscv64-linux objects do.
	efRISCVFloatABIDouble = 0x0004
)

// elfArch is what the ELF writer needs to know about one target: file
// class, data encoding, machine and flags (its relocation types are in
// relocTypes, by machine).
type elfArch struct {
	arch    *target.Arch
	class   elf.Class
	data    elf.Data
	machine elf.Machine
	flags   uint32
	// rela says relocation sections are SHT_RELA (.rela.*) with explicit
	// addends; false means SHT_REL (.rel.*) with the addend stored in the
	// relocated bytes (i386).
	rela bool
}

// relocForm is a relocation kind at one field size in bytes.
type relocForm struct {
	kind RelocKind
	size int
}

// elfArchs describes every target in target.All.
var elfArchs = []*elfArch{
	{arch: target.X86_64, class: elf.ELFCLASS64, data: elf.ELFDATA2LSB, machine: elf.EM_X86_64, rela: true},
	{arch: target.X86, class: elf.ELFCLASS32, data: elf.ELFDATA2LSB, machine: elf.EM_386, rela: false},
	{arch: target.AArch64, class: elf.ELFCLASS64, data: elf.ELFDATA2LSB, machine: elf.EM_AARCH64, rela: true},
	{arch: target.RISCV64, class: elf.ELFCLASS64, data: elf.ELFDATA2LSB, machine: elf.EM_RISCV, flags: efRISCVFloatABIDouble, rela: true},
	{arch: target.S390X, class: elf.ELFCLASS64, data: elf.ELFDATA2MSB, machine: elf.EM_S390, rela: true},
}

// relocTypes is every relocation the targets have, with its ELF type
// (r_type): absolute (S + A), the offset of a thread-local symbol in its
// module's TLS block as DWARF location expressions use it (DTP-relative),
// and on x86_64 the relocations of generated code (rip-relative S + A - P
// and the local-exec TLS offset). A form missing here is one the target
// has no relocation for (see relocType).
//
// The DWARF thread-local relocations are the ones the targets' toolchains
// emit for a TLS variable's DW_OP_form_tls_address operand:
//   - x86_64: `.quad x@dtpoff` → R_X86_64_DTPOFF64 (DTPOFF32 for 4 bytes);
//   - x86: `.long x@dtpoff` → R_386_TLS_LDO_32 (no 64-bit form);
//   - aarch64: GNU as has no `.dtpreldword`; LLVM emits R_AARCH64_TLS_DTPREL64
//     for 8 bytes; there is no 4-byte LP64 form;
//   - riscv64: `.dtpreldword`/`.dtprelword` → R_RISCV_TLS_DTPREL64/32;
//   - s390x: `.quad x@DTPOFF` → R_390_TLS_LDO64 (R_390_TLS_LDO32 for 4 bytes).
var relocTypes = []struct {
	machine elf.Machine
	form    relocForm
	rtype   uint32
}{
	{elf.EM_X86_64, relocForm{RelocAbs, 4}, uint32(elf.R_X86_64_32)},
	{elf.EM_X86_64, relocForm{RelocAbs, 8}, uint32(elf.R_X86_64_64)},
	{elf.EM_X86_64, relocForm{RelocDTPRel, 4}, uint32(elf.R_X86_64_DTPOFF32)},
	{elf.EM_X86_64, relocForm{RelocDTPRel, 8}, uint32(elf.R_X86_64_DTPOFF64)},
	{elf.EM_X86_64, relocForm{RelocPC32, 4}, uint32(elf.R_X86_64_PC32)},
	{elf.EM_X86_64, relocForm{RelocTPOff32, 4}, uint32(elf.R_X86_64_TPOFF32)},
	{elf.EM_386, relocForm{RelocAbs, 4}, uint32(elf.R_386_32)},
	{elf.EM_386, relocForm{RelocDTPRel, 4}, uint32(elf.R_386_TLS_LDO_32)},
	{elf.EM_AARCH64, relocForm{RelocAbs, 4}, uint32(elf.R_AARCH64_ABS32)},
	{elf.EM_AARCH64, relocForm{RelocAbs, 8}, uint32(elf.R_AARCH64_ABS64)},
	{elf.EM_AARCH64, relocForm{RelocDTPRel, 8}, uint32(elf.R_AARCH64_TLS_DTPREL64)},
	{elf.EM_RISCV, relocForm{RelocAbs, 4}, uint32(elf.R_RISCV_32)},
	{elf.EM_RISCV, relocForm{RelocAbs, 8}, uint32(elf.R_RISCV_64)},
	{elf.EM_RISCV, relocForm{RelocDTPRel, 4}, uint32(elf.R_RISCV_TLS_DTPREL32)},
	{elf.EM_RISCV, relocForm{RelocDTPRel, 8}, uint32(elf.R_RISCV_TLS_DTPREL64)},
	{elf.EM_S390, relocForm{RelocAbs, 4}, uint32(elf.R_390_32)},
	{elf.EM_S390, relocForm{RelocAbs, 8}, uint32(elf.R_390_64)},
	{elf.EM_S390, relocForm{RelocDTPRel, 4}, uint32(elf.R_390_TLS_LDO32)},
	{elf.EM_S390, relocForm{RelocDTPRel, 8}, uint32(elf.R_390_TLS_LDO64)},
}

// lookupELFArch returns the ELF description of arch.
func lookupELFArch(arch *target.Arch) (*elfArch, error) {
	if arch == nil {
		return nil, fmt.Errorf("linkcore: no target")
	}
	for _, e := range elfArchs {
		if e.arch == arch || e.arch.Name == arch.Name {
			return e, nil
		}
	}
	return nil, fmt.Errorf("linkcore: no ELF support for target %q", arch.Name)
}

// byteOrder returns the target's byte order.
func (e *elfArch) byteOrder() binary.ByteOrder { return e.arch.ByteOrder() }

// is64 reports whether the target writes ELFCLASS64 files.
func (e *elfArch) is64() bool { return e.class == elf.ELFCLASS64 }

// wordAlign is the alignment of the symbol table and relocation sections.
func (e *elfArch) wordAlign() uint64 {
	if e.is64() {
		return 8
	}
	return 4
}

// RelocType returns the ELF relocation type (r_type) of a relocation of
// kind and size bytes on arch.
func RelocType(arch *target.Arch, kind RelocKind, size int) (uint32, error) {
	ea, err := lookupELFArch(arch)
	if err != nil {
		return 0, err
	}
	return ea.relocType(kind, size)
}

// relocType maps an abstract relocation to the target's ELF type.
func (e *elfArch) relocType(kind RelocKind, size int) (uint32, error) {
	for _, r := range relocTypes {
		if r.machine == e.machine && r.form == (relocForm{kind, size}) {
			return r.rtype, nil
		}
	}
	return 0, fmt.Errorf("linkcore: %s has no %d-byte %s relocation", e.arch.Name, size, kind)
}
