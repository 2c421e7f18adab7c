package linkcore

import (
	"bytes"
	"debug/elf"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
)

// TestNewObject lays out handProgram with the front end's value encoder
// and checks where every declaration lands.
func TestNewObject(t *testing.T) {
	for _, arch := range target.All {
		t.Run(arch.Name, func(t *testing.T) {
			prog := handProgram(arch)
			code, err := CodeGen(prog, arch)
			if err != nil {
				t.Fatal(err)
			}
			fn := code.Funcs[0]
			debug := handDebug(arch, fn.Symbol, fn.Size, "hand.v", "hand.t")
			obj, err := NewObject(prog, code, debug)
			if err != nil {
				t.Fatal(err)
			}
			out, err := elfobj.WriteObject(obj, elfobj.WriteOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkObjectFile(t, arch, obj, code, out)
			f, err := elf.NewFile(bytes.NewReader(out.Bytes))
			if err != nil {
				t.Fatal(err)
			}
			syms, _ := f.Symbols()
			order := arch.ByteOrder()
			want := map[string]struct {
				section string
				value   uint64 // 0: do not check the bytes
			}{
				"hand.main": {".text", 0}, "exported": {".text", 0},
				"hand.v": {".data", 0x0102030405060708}, "hand.c": {".rodata", 0x1122334455667788},
				"hand.z": {".bss", 0}, "hand.t": {".tdata", 42}, "hand.tz": {".tbss", 0},
				"hand.p": {".data", 0},
			}
			for _, s := range syms {
				w, ok := want[s.Name]
				if !ok {
					continue
				}
				delete(want, s.Name)
				sec := f.Sections[s.Section]
				if sec.Name != w.section {
					t.Errorf("%s in %s, want %s", s.Name, sec.Name, w.section)
					continue
				}
				if w.value != 0 {
					data, _ := sec.Data()
					if got := order.Uint64(data[s.Value:]); got != w.value {
						t.Errorf("%s = %#x, want %#x", s.Name, got, w.value)
					}
				}
				if (s.Name == "exported") != (elf.ST_BIND(s.Info) == elf.STB_GLOBAL) {
					t.Errorf("%s: binding %v", s.Name, elf.ST_BIND(s.Info))
				}
			}
			for name := range want {
				t.Errorf("no symbol %s", name)
			}
			// p's initialiser is an absolute relocation against c.
			rels := readRelocs(t, f, mustELFArch(t, arch), f.Section(".data"))
			if len(rels) != 1 || rels[0].target != "hand.c" || rels[0].addend != 0 {
				t.Errorf(".data relocations %+v, want one against hand.c", rels)
			}
		})
	}
}

// elfTarget gives the checks a target's ELF relocation types and their
// names.
type elfTarget struct {
	arch    *target.Arch
	machine elf.Machine
}

func mustELFArch(t *testing.T, arch *target.Arch) elfTarget {
	t.Helper()
	want, ok := elfWant[arch.Name]
	if !ok {
		t.Fatalf("no ELF expectations for %s", arch.Name)
	}
	return elfTarget{arch, want.machine}
}

func (e elfTarget) relocType(kind elfobj.RelocKind, size int) (uint32, error) {
	return elfobj.RelocType(e.arch, kind, size)
}

func (e elfTarget) relocTypeName(t uint32) string { return dwarfread.RelocTypeName(e.machine, t) }

// TestZeroSizeData: a constant of an empty struct type and a zero-bit
// thread-local are zero-size symbols in an empty .rodata and .tbss; those
// sections are kept rather than dropped (which used to fail the build
// with "symbol in a dropped section").
func TestZeroSizeData(t *testing.T) {
	src := []byte("const E = struct {};\nconst e: E = .{};\nthreadlocal var t: u0 = 0;\npub fn main() void {}\n")
	for _, arch := range target.All {
		t.Run(arch.Name, func(t *testing.T) {
			res, err := Build("zs.zig", src, Options{Debug: dwarfcore.Options{Arch: arch}})
			if err != nil {
				t.Fatal(err)
			}
			f, err := elf.NewFile(bytes.NewReader(res.ELF))
			if err != nil {
				t.Fatal(err)
			}
			syms, err := f.Symbols()
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"zs.e": ".rodata", "zs.t": ".tbss"}
			for _, s := range syms {
				sec, ok := want[s.Name]
				if !ok {
					continue
				}
				delete(want, s.Name)
				if int(s.Section) >= len(f.Sections) || f.Sections[s.Section].Name != sec || s.Size != 0 || s.Value != 0 {
					t.Errorf("%s: section %d size %d value %d, want a zero-size symbol at 0 in %s", s.Name, s.Section, s.Size, s.Value, sec)
				}
			}
			if len(want) > 0 {
				t.Errorf("symbols missing: %v", want)
			}
		})
	}
}
