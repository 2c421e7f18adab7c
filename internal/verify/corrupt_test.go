package verify

import (
	"bytes"
	"debug/dwarf"
	"debug/elf"
	"encoding/binary"
	"testing"
)

// The corruptions below each damage one thing in a good x86-64 object
// built by gcc (ELFCLASS64, little-endian, RELA relocations).

// openELF reads obj as an ELF file.
func openELF(t *testing.T, obj []byte) *elf.File {
	t.Helper()
	ef, err := elf.NewFile(bytes.NewReader(obj))
	if err != nil {
		t.Fatal(err)
	}
	return ef
}

// openDWARF reads the DWARF of the ELF file obj.
func openDWARF(t *testing.T, obj []byte) *dwarf.Data {
	t.Helper()
	d, err := openELF(t, obj).DWARF()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// sectionHeaderOffset returns the file offset of section i's header.
func sectionHeaderOffset(t *testing.T, obj []byte, name string) (hdr int, sec *elf.Section) {
	t.Helper()
	ef := openELF(t, obj)
	shoff := binary.LittleEndian.Uint64(obj[0x28:])
	shentsize := binary.LittleEndian.Uint16(obj[0x3a:])
	for i, s := range ef.Sections {
		if s.Name == name {
			return int(shoff) + i*int(shentsize), s
		}
	}
	t.Fatalf("no section %s", name)
	return 0, nil
}

// corruptAbbrevCode gives the first child of the compilation unit an
// abbreviation code no abbreviation has.
func corruptAbbrevCode(t *testing.T, obj []byte) []byte {
	entries := entryOffsets(t, obj)
	_, info := sectionHeaderOffset(t, obj, ".debug_info")
	out := bytes.Clone(obj)
	out[int(info.Offset)+int(entries[1])] = 0x7f
	return out
}

// truncateDebugLine halves the size of .debug_line in its section header.
func truncateDebugLine(t *testing.T, obj []byte) []byte {
	hdr, s := sectionHeaderOffset(t, obj, ".debug_line")
	out := bytes.Clone(obj)
	binary.LittleEndian.PutUint64(out[hdr+32:], s.Size/2)
	return out
}

// badStrp points a DW_FORM_strp attribute far past the end of .debug_str
// by changing the addend of its relocation.
func badStrp(t *testing.T, obj []byte) []byte {
	ef := openELF(t, obj)
	syms, err := ef.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	rela := ef.Section(".rela.debug_info")
	data, err := rela.Data()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+24 <= len(data); i += 24 {
		info := binary.LittleEndian.Uint64(data[i+8:])
		sym := int(info >> 32)
		if sym == 0 || sym > len(syms) || int(syms[sym-1].Section) >= len(ef.Sections) {
			continue
		}
		if ef.Sections[syms[sym-1].Section].Name == ".debug_str" {
			out := bytes.Clone(obj)
			binary.LittleEndian.PutUint64(out[int(rela.Offset)+i+16:], 0x99999)
			return out
		}
	}
	t.Fatal("no relocation against .debug_str")
	return nil
}

// badTypeRef makes the DW_AT_type (DW_FORM_ref4) of the first entry that
// has one point past the end of its unit.
func badTypeRef(t *testing.T, obj []byte) []byte {
	d := openDWARF(t, obj)
	_, info := sectionHeaderOffset(t, obj, ".debug_info")
	r := d.Reader()
	var prev *dwarf.Entry
	for {
		e, err := r.Next()
		if err != nil || e == nil {
			break
		}
		if prev != nil {
			if off, ok := prev.Val(dwarf.AttrType).(dwarf.Offset); ok {
				var want [4]byte
				binary.LittleEndian.PutUint32(want[:], uint32(off)) // unit at offset 0
				start, end := int(info.Offset)+int(prev.Offset), int(info.Offset)+int(e.Offset)
				if i := bytes.Index(obj[start:end], want[:]); i >= 0 {
					out := bytes.Clone(obj)
					binary.LittleEndian.PutUint32(out[start+i:], 0xfff0)
					return out
				}
			}
		}
		prev = e
	}
	t.Fatal("no DW_AT_type found")
	return nil
}

// entryOffsets returns the .debug_info offsets of the first entries.
func entryOffsets(t *testing.T, obj []byte) []dwarf.Offset {
	d := openDWARF(t, obj)
	var offs []dwarf.Offset
	r := d.Reader()
	for len(offs) < 4 {
		e, err := r.Next()
		if err != nil || e == nil {
			break
		}
		offs = append(offs, e.Offset)
	}
	return offs
}
