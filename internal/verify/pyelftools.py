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
        for cu in dwarf.iter_CUs():
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
