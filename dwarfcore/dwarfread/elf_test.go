package dwarfread

import (
	"bytes"
	"debug/elf"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// readelfRel matches a relocation line of readelf -rW: offset, info,
// type.
var readelfRel = regexp.MustCompile(`^([0-9a-f]{8,16})\s+([0-9a-f]{8,16})\s+(R_\S+)`)

// TestCorpusRelocationsMatchReadelf holds every relocation record of the
// corpus (offset, type name per target) to what readelf -rW prints, and
// checks the file regions cover every byte once with the ELF header
// first (never free).
func TestCorpusRelocationsMatchReadelf(t *testing.T) {
	if _, err := exec.LookPath("readelf"); err != nil {
		t.Fatal("readelf is not installed (Debian binutils)")
	}
	for _, f := range corpus(t) {
		t.Run(f.name, func(t *testing.T) {
			b, file := openFile(t, f.path)
			out, err := exec.Command("readelf", "-rW", f.path).Output()
			if err != nil {
				t.Fatal(err)
			}
			var want, got []string
			for _, line := range strings.Split(string(out), "\n") {
				if m := readelfRel.FindStringSubmatch(line); m != nil {
					want = append(want, strings.TrimLeft(m[1], "0")+" "+m[3])
				}
			}
			for _, s := range file.Sections {
				for _, r := range s.Relocs {
					got = append(got, strings.TrimLeft(fmt.Sprintf("%x", r.Offset), "0")+" "+r.TypeName)
				}
			}
			if strings.Join(want, "\n") != strings.Join(got, "\n") {
				t.Errorf("relocations differ (%d readelf, %d ours):\n%s", len(want), len(got), firstDiffOf("readelf -rW", want, got))
			}
			regions := file.Regions()
			if len(regions) == 0 || regions[0].Kind != RegionHeader || regions[0].Len != file.Header.Len {
				t.Fatalf("first region %+v, want the %d-byte ELF header", regions[0], file.Header.Len)
			}
			pos := uint64(0)
			for _, r := range regions {
				if r.Off != pos || r.Len == 0 {
					t.Fatalf("region %+v at 0x%x, want 0x%x", r, r.Off, pos)
				}
				pos += r.Len
			}
			if pos != uint64(len(b)) {
				t.Errorf("regions cover %d of %d bytes", pos, len(b))
			}
		})
	}
}

// TestCorpusELFFieldsMatchDebugELF holds the field-by-field decoding of
// the ELF header, section headers and symbols to Go's debug/elf (an
// independent reader) on every corpus file, and checks every field lies
// inside its record.
func TestCorpusELFFieldsMatchDebugELF(t *testing.T) {
	for _, f := range corpus(t) {
		t.Run(f.name, func(t *testing.T) {
			b, ours := openFile(t, f.path)
			ref, err := elf.NewFile(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if ours.Type != ref.Type || ours.Machine != ref.Machine || ours.Is64 != (ref.Class == elf.ELFCLASS64) {
				t.Errorf("header: %v %v, debug/elf %v %v", ours.Type, ours.Machine, ref.Type, ref.Machine)
			}
			if len(ours.Sections) != len(ref.Sections) {
				t.Fatalf("%d sections, debug/elf %d", len(ours.Sections), len(ref.Sections))
			}
			for i, s := range ours.Sections {
				r := ref.Sections[i]
				if s.Name != r.Name || elf.SectionType(s.Type) != r.Type || elf.SectionFlag(s.Flags) != r.Flags ||
					s.Addr != r.Addr || s.Offset != r.Offset || s.Size != r.FileSize || s.Link != r.Link || s.Info != r.Info ||
					(s.Align != r.Addralign && !s.Compressed()) || s.EntSize != r.Entsize {
					// (debug/elf reports a compressed section's
					// ch_addralign as its alignment)
					t.Errorf("section %d: ours %+v\ndebug/elf %+v", i, s, r.SectionHeader)
				}
				checkRecord(t, s.Header)
			}
			checkRecord(t, ours.Header)
			syms, err := ref.Symbols()
			if err != nil && err != elf.ErrNoSymbols {
				t.Fatal(err)
			}
			if len(ours.Symbols) != len(syms)+1 && !(len(syms) == 0 && len(ours.Symbols) == 0) {
				t.Fatalf("%d symbols, debug/elf %d (+ the null symbol)", len(ours.Symbols), len(syms))
			}
			for i, s := range syms {
				o := ours.Symbols[i+1]
				name := o.Name
				if elf.ST_TYPE(o.Info) == elf.STT_SECTION && s.Name == "" {
					name = "" // we name section symbols after their section
				}
				if name != s.Name || o.Value != s.Value || o.Size != s.Size || o.Info != s.Info || elf.SectionIndex(o.Shndx) != s.Section {
					t.Errorf("symbol %d: ours %q %x %d %x %d, debug/elf %q %x %d %x %d", i+1, o.Name, o.Value, o.Size, o.Info, o.Shndx, s.Name, s.Value, s.Size, s.Info, s.Section)
				}
				checkRecord(t, o.Record)
			}
		})
	}
}

// checkRecord checks a record's fields are consecutive and fill it.
func checkRecord(t *testing.T, r Record) {
	t.Helper()
	pos := r.Off
	for _, f := range r.Fields {
		if f.Off != pos {
			t.Errorf("%s %s: field %s at 0x%x, want 0x%x", r.Kind, r.Name, f.Name, f.Off, pos)
			return
		}
		pos += f.Len
	}
	if r.Len != 0 && pos != r.Off+r.Len {
		t.Errorf("%s %s: fields end at 0x%x, the record at 0x%x", r.Kind, r.Name, pos, r.Off+r.Len)
	}
}

func TestRelocTypeName(t *testing.T) {
	tests := []struct {
		m    elf.Machine
		t    uint32
		want string
	}{
		{elf.EM_X86_64, uint32(elf.R_X86_64_32), "R_X86_64_32"},
		{elf.EM_386, uint32(elf.R_386_JMP_SLOT), "R_386_JUMP_SLOT"},
		{elf.EM_X86_64, uint32(elf.R_X86_64_JMP_SLOT), "R_X86_64_JUMP_SLOT"},
		// these psABIs spell it JMP_SLOT, as llvm-readelf-22 does
		{elf.EM_PPC64, uint32(elf.R_PPC64_JMP_SLOT), "R_PPC64_JMP_SLOT"},
		{elf.EM_S390, uint32(elf.R_390_JMP_SLOT), "R_390_JMP_SLOT"},
		{elf.EM_SPARCV9, uint32(elf.R_SPARC_JMP_SLOT), "R_SPARC_JMP_SLOT"},
		{elf.EM_AARCH64, uint32(elf.R_AARCH64_ABS64), "R_AARCH64_ABS64"},
		{elf.EM_SPARC, uint32(elf.R_SPARC_UA32), "R_SPARC_UA32"},
		{elf.EM_LOONGARCH, uint32(elf.R_LARCH_32), "R_LARCH_32"},
		{elf.EM_68K, 5, "R_5"},
		// names llvm-readelf-22 -r prints for these types: debug/elf has
		// none, and its String() gives "R_X86_64_REX_GOTPCRELX+57" and
		// "R_RISCV_32_PCREL+3"
		{elf.EM_X86_64, 99, "R_X86_64_99"}, // llvm-readelf-22: Unknown
		{elf.EM_RISCV, 60, "R_RISCV_SET_ULEB128"},
		{elf.EM_RISCV, 61, "R_RISCV_SUB_ULEB128"},
		{elf.EM_AARCH64, uint32(elf.R_AARCH64_TLS_DTPREL64), "R_AARCH64_TLS_DTPREL64"},
	}
	for _, tt := range tests {
		if got := RelocTypeName(tt.m, tt.t); got != tt.want {
			t.Errorf("RelocTypeName(%v, %d) = %q, want %q", tt.m, tt.t, got, tt.want)
		}
	}
}
