package verify

import (
	"debug/elf"
	"regexp"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// readelf and objdump cannot apply the DTP-relative relocations a
// thread-local variable's DW_OP location uses (gcc's own objects draw the
// same warning), so that warning is a Note about the tool, not the file.
var unsupportedReloc = regexp.MustCompile(`unable to apply unsupported reloc type (\d+) to section \.debug_`)

// isTLSDebugReloc reports whether relocation type typ of the file's
// machine is a DTP-relative (offset in the TLS block) relocation.
func isTLSDebugReloc(file string, typ uint32) bool {
	f, err := elf.Open(file)
	if err != nil {
		return false
	}
	m := f.Machine
	f.Close()
	name := dwarfread.RelocTypeName(m, typ)
	return strings.Contains(name, "DTPOFF") || strings.Contains(name, "DTPREL") || strings.Contains(name, "TLS_LDO")
}

// downgradeTLS turns binutils' "unsupported reloc type" warnings for TLS
// relocations into notes.
func downgradeTLS(file string, p problem) problem {
	m := unsupportedReloc.FindStringSubmatch(p.lines[0])
	if m == nil {
		return p
	}
	typ, err := strconv.ParseUint(m[1], 10, 32)
	if err == nil && isTLSDebugReloc(file, uint32(typ)) {
		p.sev = Note
		p.lines = append(p.lines, "(a DTP-relative TLS relocation this tool cannot apply; gcc objects draw it too)")
	}
	return p
}

// LLVM 14 cannot compute the DTP-relative relocations of x86, aarch64,
// riscv64 and s390x (only x86-64's); that warning is a Note too.
var llvmReloc = regexp.MustCompile(`failed to compute relocation: (\w+),`)

func downgradeLLVMTLS(file string, p problem) problem {
	m := llvmReloc.FindStringSubmatch(p.lines[0])
	if m == nil {
		return p
	}
	if n := m[1]; strings.Contains(n, "DTPOFF") || strings.Contains(n, "DTPREL") || strings.Contains(n, "TLS_LDO") {
		p.sev = Note
		p.lines = append(p.lines, "(LLVM 14 cannot apply this DTP-relative TLS relocation on this target)")
	}
	return p
}
