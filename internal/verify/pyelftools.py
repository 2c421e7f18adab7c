# Reads every ELF file named on the command line with pyelftools: every
# unit, every DIE, every reference attribute, each unit's line program,
# aranges, range and location lists. Prints one JSON object per line:
#   {"file": F, "severity": "error"|"note", "msg": M, "lines": [...]}
# and {"file": F, "ok": true} when a file was read completely.
import json
import sys
import traceback

from elftools.common.exceptions import ELFRelocationError
from elftools.elf.elffile import ELFFile
from elftools.elf.relocation import RelocationHandler

# pyelftools 0.29 applies few relocation types (none for riscv or s390x,
# no TLS ones). Debug sections only use absolute and DTP-relative
# relocations, which in a relocatable object both resolve to symbol value
# plus addend; this table gives their sizes per machine.
# machine -> {type: (size, is_rela)}
DEBUG_RELOCS = {
    "EM_X86_64": {1: 8, 10: 4, 11: 4, 17: 8, 21: 4},        # 64, 32, 32S, DTPOFF64, DTPOFF32
    "EM_386": {1: 4, 32: 4},                                # 32, TLS_LDO_32
    "EM_AARCH64": {257: 8, 258: 4, 1029: 8, 1030: 4},       # ABS64, ABS32, TLS_DTPREL64/32
    "EM_RISCV": {1: 4, 2: 8, 8: 4, 9: 8},                   # 32, 64, TLS_DTPREL32/64
    "EM_S390": {4: 4, 22: 8, 52: 4, 53: 8},                 # 32, 64, TLS_LDO32/64
}


def apply_debug_relocation(self, stream, reloc, symtab):
    machine = self.elffile["e_machine"]
    size = DEBUG_RELOCS.get(machine, {}).get(reloc["r_info_type"])
    if size is None:
        raise ELFRelocationError("relocation type %d of %s not expected in a debug section" % (reloc["r_info_type"], machine))
    if reloc["r_info_sym"] >= symtab.num_symbols():
        raise ELFRelocationError("invalid symbol index %d in relocation" % reloc["r_info_sym"])
    sym = symtab.get_symbol(reloc["r_info_sym"])["st_value"]
    little = self.elffile.little_endian
    stream.seek(reloc["r_offset"])
    old = stream.read(size)
    if len(old) != size:
        raise ELFRelocationError("relocation at 0x%x past the end of the section" % reloc["r_offset"])
    if reloc.is_RELA():
        value = sym + reloc["r_addend"]
    else:
        value = sym + int.from_bytes(old, "little" if little else "big")
    value &= (1 << (8 * size)) - 1
    stream.seek(reloc["r_offset"])
    stream.write(value.to_bytes(size, "little" if little else "big"))


RelocationHandler._do_apply_relocation = apply_debug_relocation

# pyelftools 0.29 rejects line-table content types it has no name for;
# teach it LLVM's source-text column (DW_LNCT_LLVM_source, 0x2001), which
# the reference design writes (read as an ordinary string column).
from elftools.dwarf.enums import ENUM_DW_LNCT
ENUM_DW_LNCT.setdefault("DW_LNCT_LLVM_source", 0x2001)

REF_FORMS = {"DW_FORM_ref1", "DW_FORM_ref2", "DW_FORM_ref4", "DW_FORM_ref8", "DW_FORM_ref_udata"}


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")


def check(path):
    with open(path, "rb") as f:
        elf = ELFFile(f)
        if not elf.has_dwarf_info():
            emit({"file": path, "severity": "error", "msg": "no DWARF sections found", "lines": []})
            return
        try:
            dwarf = elf.get_dwarf_info(relocate_dwarf_sections=True)
        except ELFRelocationError as e:
            emit({"file": path, "severity": "note",
                  "msg": "pyelftools cannot apply these relocations (%s); reading unrelocated sections" % e,
                  "lines": []})
            dwarf = elf.get_dwarf_info(relocate_dwarf_sections=False)
        ndies = 0
        dwarf64 = False
        for cu in dwarf.iter_CUs():
            dwarf64 = dwarf64 or cu.dwarf_format() == 64
            top = cu.get_top_DIE()
            for die in cu.iter_DIEs():
                ndies += 1
                for attr in die.attributes.values():
                    if attr.form in REF_FORMS:
                        target = die.get_DIE_from_attribute(attr.name)
                        if target is None or target.tag is None:
                            raise ValueError("DIE 0x%x: %s points at no DIE" % (die.offset, attr.name))
                    elif attr.form == "DW_FORM_ref_addr":
                        try:
                            target = dwarf.get_DIE_from_refaddr(attr.value)
                        except Exception as e:
                            raise ValueError("DIE 0x%x (%s): %s (DW_FORM_ref_addr 0x%x): %s" % (
                                die.offset, die.tag, attr.name, attr.value, e))
                        if target.offset != attr.value:
                            raise ValueError("DIE 0x%x: %s 0x%x lands at DIE 0x%x" % (die.offset, attr.name, attr.value, target.offset))
            lp = dwarf.line_program_for_CU(cu)
            if "DW_AT_stmt_list" in top.attributes and lp is None:
                raise ValueError("CU 0x%x has DW_AT_stmt_list but no line program" % cu.cu_offset)
            if lp is not None:
                lp.get_entries()
        if dwarf64:
            # pyelftools 0.29 parses .debug_aranges with 32-bit structs only
            emit({"file": path, "severity": "note",
                  "msg": "pyelftools cannot read DWARF64 .debug_aranges; skipped", "lines": []})
        else:
            aranges = dwarf.get_aranges()
            if aranges is not None:
                list(aranges.entries)
        rl = dwarf.range_lists()
        if rl is not None:
            for _ in rl.iter_range_lists():
                pass
        ll = dwarf.location_lists()
        if ll is not None:
            for _ in ll.iter_location_lists():
                pass
        if ndies == 0:
            raise ValueError("no DIEs read")


def main():
    for path in sys.argv[1:]:
        try:
            check(path)
            emit({"file": path, "ok": True})
        except Exception as e:
            emit({"file": path, "severity": "error", "msg": "%s: %s" % (type(e).__name__, e),
                  "lines": traceback.format_exc().rstrip().split("\n")[-8:]})
        sys.stdout.flush()


main()
