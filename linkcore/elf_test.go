package linkcore

import (
	"bytes"
	"debug/dwarf"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/internal/verify"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
)

// elfWant is what a target's objects must look like.
var elfWant = map[string]struct {
	class   elf.Class
	data    elf.Data
	machine elf.Machine
	flags   uint32
	relType elf.SectionType
	// absName/dtprelName are the expected relocation type names for an
	// address-sized absolute and DTP-relative relocation.
	absName, dtprelName string
}{
	"x86_64":  {elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_X86_64, 0, elf.SHT_RELA, "R_X86_64_64", "R_X86_64_DTPOFF64"},
	"x86":     {elf.ELFCLASS32, elf.ELFDATA2LSB, elf.EM_386, 0, elf.SHT_REL, "R_386_32", "R_386_TLS_LDO_32"},
	"aarch64": {elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_AARCH64, 0, elf.SHT_RELA, "R_AARCH64_ABS64", "R_AARCH64_TLS_DTPREL64"},
	"riscv64": {elf.ELFCLASS64, elf.ELFDATA2LSB, elf.EM_RISCV, 0x0004 /* EF_RISCV_FLOAT_ABI_DOUBLE */, elf.SHT_RELA, "R_RISCV_64", "R_RISCV_TLS_DTPREL64"},
	"s390x":   {elf.ELFCLASS64, elf.ELFDATA2MSB, elf.EM_S390, 0, elf.SHT_RELA, "R_390_64", "R_390_TLS_LDO64"},
}

// decodedReloc is one relocation read back from a file.
type decodedReloc struct {
	off    uint64
	typ    string
	target string // symbol name, or the section name of an STT_SECTION symbol
	addend int64
}

// readRelocs decodes the relocation section for sec, taking implicit
// addends from the section's bytes on SHT_REL targets.
func readRelocs(t *testing.T, f *elf.File, ea elfTarget, sec *elf.Section) []decodedReloc {
	t.Helper()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	var rs *elf.Section
	for _, s := range f.Sections {
		if (s.Type == elf.SHT_RELA || s.Type == elf.SHT_REL) && f.Sections[s.Info] == sec {
			rs = s
		}
	}
	if rs == nil {
		return nil
	}
	if f.Sections[rs.Link].Type != elf.SHT_SYMTAB || rs.Flags&elf.SHF_INFO_LINK == 0 {
		t.Errorf("%s: link %d flags %v", rs.Name, rs.Link, rs.Flags)
	}
	raw, err := rs.Data()
	if err != nil {
		t.Fatal(err)
	}
	contents, _ := sec.Data()
	r := bytes.NewReader(raw)
	var out []decodedReloc
	for r.Len() > 0 {
		var d decodedReloc
		var sym, typ uint32
		switch {
		case f.Class == elf.ELFCLASS64:
			var e elf.Rela64
			binary.Read(r, f.ByteOrder, &e)
			d.off, d.addend, sym, typ = e.Off, e.Addend, elf.R_SYM64(e.Info), elf.R_TYPE64(e.Info)
		case rs.Type == elf.SHT_RELA:
			var e elf.Rela32
			binary.Read(r, f.ByteOrder, &e)
			d.off, d.addend, sym, typ = uint64(e.Off), int64(e.Addend), elf.R_SYM32(e.Info), elf.R_TYPE32(e.Info)
		default:
			var e elf.Rel32
			binary.Read(r, f.ByteOrder, &e)
			d.off, sym, typ = uint64(e.Off), elf.R_SYM32(e.Info), elf.R_TYPE32(e.Info)
			d.addend = int64(int32(f.ByteOrder.Uint32(contents[d.off:])))
		}
		d.typ = ea.relocTypeName(typ)
		s := syms[sym-1] // Symbols() drops the null symbol
		d.target = s.Name
		if elf.ST_TYPE(s.Info) == elf.STT_SECTION {
			d.target = f.Sections[s.Section].Name
		}
		out = append(out, d)
	}
	return out
}

func TestWriteObject(t *testing.T) {
	for _, arch := range target.All {
		for _, slack := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/slack=%v", arch.Name, slack), func(t *testing.T) {
				obj, code, err := handObject(arch)
				if err != nil {
					t.Fatal(err)
				}
				out, err := elfobj.WriteObject(obj, elfobj.WriteOptions{Slack: slack})
				if err != nil {
					t.Fatal(err)
				}
				again, err := elfobj.WriteObject(obj, elfobj.WriteOptions{Slack: slack})
				if err != nil || !bytes.Equal(out.Bytes, again.Bytes) {
					t.Fatalf("WriteObject is not deterministic (%v)", err)
				}
				checkObjectFile(t, arch, obj, code, out)
			})
		}
	}
}

// checkObjectFile checks a written object against its input with
// debug/elf, debug/dwarf and the binutils and LLVM tools.
func checkObjectFile(t *testing.T, arch *target.Arch, obj *Object, code *Code, out *File) {
	t.Helper()
	want := elfWant[arch.Name]
	ea := mustELFArch(t, arch)
	f, err := elf.NewFile(bytes.NewReader(out.Bytes))
	if err != nil {
		t.Fatal(err)
	}
	if f.Class != want.class || f.Data != want.data || f.Machine != want.machine || f.Type != elf.ET_REL {
		t.Errorf("header: %v %v %v %v", f.Class, f.Data, f.Machine, f.Type)
	}
	if got := flagsOf(out.Bytes, f); got != want.flags {
		t.Errorf("e_flags %#x, want %#x", got, want.flags)
	}
	if len(f.Sections) != len(out.Sections) {
		t.Fatalf("%d sections, file map has %d", len(f.Sections), len(out.Sections))
	}
	for i, s := range f.Sections {
		info := out.Sections[i]
		if s.Name != info.Name || s.Offset != info.Offset || s.Size != info.Size || s.Type != info.Type {
			t.Errorf("section %d: file %s %#x+%#x, map %+v", i, s.Name, s.Offset, s.Size, info)
		}
		if s.Addralign > 1 && s.Offset%s.Addralign != 0 {
			t.Errorf("%s: offset %#x not aligned to %d", s.Name, s.Offset, s.Addralign)
		}
		if s.Type == elf.SHT_RELA || s.Type == elf.SHT_REL {
			if s.Type != want.relType {
				t.Errorf("%s: type %v, want %v", s.Name, s.Type, want.relType)
			}
		}
	}
	for _, name := range []string{".text", ".data", ".rodata", ".tdata", ".tbss", ".bss", ".note.GNU-stack",
		".debug_info", ".debug_str", ".symtab", ".strtab", ".shstrtab"} {
		if f.Section(name) == nil {
			t.Errorf("no section %s", name)
		}
	}
	if s := f.Section(".debug_str"); s != nil && (s.Flags != elf.SHF_MERGE|elf.SHF_STRINGS || s.Entsize != 1) {
		t.Errorf(".debug_str flags %v entsize %d", s.Flags, s.Entsize)
	}
	if s := f.Section(".tbss"); s != nil && (s.Type != elf.SHT_NOBITS || s.Flags&elf.SHF_TLS == 0) {
		t.Errorf(".tbss type %v flags %v", s.Type, s.Flags)
	}

	// Symbols: every input symbol, in the right section, with its size;
	// locals before globals.
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	symtab := f.Section(".symtab")
	firstGlobal := int(symtab.Info) - 1
	byName := map[string]elf.Symbol{}
	for i, s := range syms {
		byName[s.Name] = s
		if (elf.ST_BIND(s.Info) == elf.STB_GLOBAL) != (i >= firstGlobal) {
			t.Errorf("symbol %d %s: binding %v, first global %d", i, s.Name, elf.ST_BIND(s.Info), firstGlobal)
		}
	}
	if syms[0].Name != "hand.zig" || elf.ST_TYPE(syms[0].Info) != elf.STT_FILE {
		t.Errorf("first symbol %+v, want the FILE symbol", syms[0])
	}
	for _, s := range obj.Symbols {
		got, ok := byName[s.Name]
		if !ok {
			t.Errorf("no symbol %s", s.Name)
			continue
		}
		wantSec := elf.SHN_UNDEF
		if s.Section >= 0 {
			wantSec = sectionIndex(f, obj.Sections[s.Section].Name)
		}
		wantType := map[elfobj.SymbolKind]elf.SymType{elfobj.SymNoType: elf.STT_NOTYPE, elfobj.SymFunc: elf.STT_FUNC,
			elfobj.SymObject: elf.STT_OBJECT, elfobj.SymTLS: elf.STT_TLS}[s.Kind]
		if got.Section != wantSec || got.Value != s.Value || got.Size != s.Size || elf.ST_TYPE(got.Info) != wantType {
			t.Errorf("symbol %s: section %v value %#x size %d type %v; want %v %#x %d %v", s.Name,
				got.Section, got.Value, got.Size, elf.ST_TYPE(got.Info), wantSec, s.Value, s.Size, wantType)
		}
	}

	// Relocations: each decodes to the intended target, type and addend.
	for _, sec := range obj.Sections {
		if len(sec.Relocs) == 0 {
			continue
		}
		got := readRelocs(t, f, ea, f.Section(sec.Name))
		if len(got) != len(sec.Relocs) {
			t.Errorf("%s: %d relocations, want %d", sec.Name, len(got), len(sec.Relocs))
			continue
		}
		for i, r := range sec.Relocs {
			wantTarget := r.Symbol
			if wantTarget == "" {
				wantTarget = obj.Sections[r.TargetSection].Name
			}
			wantType, _ := ea.relocType(r.Kind, r.Size)
			w := decodedReloc{r.Offset, ea.relocTypeName(wantType), wantTarget, r.Addend}
			if got[i] != w {
				t.Errorf("%s reloc %d: %+v, want %+v", sec.Name, i, got[i], w)
			}
		}
	}
	// The address-sized relocations of the hand-made unit use the
	// expected types.
	types := map[string]bool{}
	for _, r := range readRelocs(t, f, ea, f.Section(".debug_info")) {
		types[r.typ] = true
	}
	if !types[want.absName] || !types[want.dtprelName] {
		t.Errorf(".debug_info relocation types %v, want %s and %s", types, want.absName, want.dtprelName)
	}

	// debug/dwarf reads the unit (Go applies the absolute relocations).
	dw, err := f.DWARF()
	if err != nil {
		t.Fatalf("debug/elf DWARF: %v", err)
	}
	checkDWARFVars(t, dw, "v", "t")

	path := tooltest.WriteFile(t, t.TempDir(), arch.Name+".o", out.Bytes)
	// readelf cannot apply DTP-relative relocations; it says so for gcc's
	// own objects too (gcc -g -c of a __thread variable): verify makes
	// that a Note.
	checkVerified(t, path, verify.ReadelfHeaders, verify.Readelf, verify.Objdump, verify.Relink)
	var funcs []string
	for _, fn := range code.Funcs {
		funcs = append(funcs, fn.Symbol)
	}
	checkDisassembly(t, path, funcs)
	if arch == target.X86_64 {
		checkVerified(t, path, verify.LLVMDwarfdump)
	}
}

// flagsOf returns e_flags, which debug/elf does not expose.
func flagsOf(b []byte, f *elf.File) uint32 {
	if f.Class == elf.ELFCLASS64 {
		var h elf.Header64
		binary.Read(bytes.NewReader(b), f.ByteOrder, &h)
		return h.Flags
	}
	var h elf.Header32
	binary.Read(bytes.NewReader(b), f.ByteOrder, &h)
	return h.Flags
}

// checkDWARFVars checks the named variables exist with a resolvable type.
func checkDWARFVars(t *testing.T, dw *dwarf.Data, names ...string) {
	t.Helper()
	found := map[string]bool{}
	for _, e := range tooltest.Entries(t, dw) {
		if e.Tag != dwarf.TagVariable {
			continue
		}
		name, _ := e.Val(dwarf.AttrName).(string)
		off, ok := e.Val(dwarf.AttrType).(dwarf.Offset)
		if !ok {
			t.Errorf("variable %s: no type", name)
			continue
		}
		typ, err := dw.Type(off)
		if err != nil || typ.String() != "u64" {
			t.Errorf("variable %s: type %v (%v)", name, typ, err)
		}
		found[name] = true
	}
	for _, n := range names {
		if !found[n] {
			t.Errorf("debug/dwarf: no variable %s", n)
		}
	}
}

// sectionIndex returns the index of the named section.
func sectionIndex(f *elf.File, name string) elf.SectionIndex {
	for i, s := range f.Sections {
		if s.Name == name {
			return elf.SectionIndex(i)
		}
	}
	return elf.SHN_UNDEF
}

// An 8-byte section offset (DWARF64) on the 32-bit REL target becomes a
// 4-byte absolute relocation of its low half.
func TestWideRelocOn32Bit(t *testing.T) {
	data := []byte{0x44, 0x33, 0x22, 0x11, 0, 0, 0, 0}
	obj := &Object{Arch: target.X86, Sections: []*elfobj.Section{
		{Name: ".debug_info", Kind: elfobj.SectDebug, Data: data,
			Relocs: []elfobj.Reloc{{Offset: 0, Size: 8, Kind: elfobj.RelocAbs, TargetSection: 1, Addend: 0x11223344}}},
		{Name: ".debug_str", Kind: elfobj.SectDebugStrings, Data: []byte("x\x00")},
	}}
	out, err := elfobj.WriteObject(obj, elfobj.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := elf.NewFile(bytes.NewReader(out.Bytes))
	if err != nil {
		t.Fatal(err)
	}
	got := readRelocs(t, f, mustELFArch(t, target.X86), f.Section(".debug_info"))
	want := []decodedReloc{{0, "R_386_32", ".debug_str", 0x11223344}}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("relocations %+v, want %+v", got, want)
	}
	obj.Sections[0].Relocs[0].Kind = elfobj.RelocDTPRel
	if _, err := elfobj.WriteObject(obj, elfobj.WriteOptions{}); err == nil {
		t.Error("an 8-byte DTP-relative relocation on x86 was accepted")
	}
}

func TestWriteObjectErrors(t *testing.T) {
	base := func() *Object {
		return &Object{Arch: target.X86_64, Sections: []*elfobj.Section{
			{Name: ".data", Kind: elfobj.SectData, Data: make([]byte, 8)},
		}, Symbols: []*elfobj.Symbol{{Name: "a", Kind: elfobj.SymObject, Section: 0, Size: 8}}}
	}
	tests := []struct {
		name   string
		change func(o *Object)
	}{
		{"no target", func(o *Object) { o.Arch = nil }},
		{"unknown target", func(o *Object) { o.Arch = &target.Arch{Name: "pdp11"} }},
		{"duplicate section", func(o *Object) { o.Sections = append(o.Sections, &elfobj.Section{Name: ".data"}) }},
		{"nobits with data", func(o *Object) { o.Sections[0].Kind = elfobj.SectBSS }},
		{"bad alignment", func(o *Object) { o.Sections[0].Align = 3 }},
		{"duplicate symbol", func(o *Object) { o.Symbols = append(o.Symbols, o.Symbols[0]) }},
		{"symbol outside", func(o *Object) { o.Symbols[0].Value = 4 }},
		{"symbol in no section", func(o *Object) { o.Symbols[0].Section = 7 }},
		{"local undefined", func(o *Object) { o.Symbols[0].Section = -1 }},
		{"reloc outside", func(o *Object) {
			o.Sections[0].Relocs = []elfobj.Reloc{{Offset: 4, Size: 8, Symbol: "a"}}
		}},
		{"reloc size", func(o *Object) {
			o.Sections[0].Relocs = []elfobj.Reloc{{Offset: 0, Size: 2, Symbol: "a"}}
		}},
		{"reloc unknown symbol", func(o *Object) {
			o.Sections[0].Relocs = []elfobj.Reloc{{Offset: 0, Size: 8, Symbol: "b"}}
		}},
		{"reloc unknown section", func(o *Object) {
			o.Sections[0].Relocs = []elfobj.Reloc{{Offset: 0, Size: 8, TargetSection: 3}}
		}},
	}
	if _, err := elfobj.WriteObject(base(), elfobj.WriteOptions{}); err != nil {
		t.Fatalf("base object: %v", err)
	}
	for _, tt := range tests {
		o := base()
		tt.change(o)
		if _, err := elfobj.WriteObject(o, elfobj.WriteOptions{}); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}
