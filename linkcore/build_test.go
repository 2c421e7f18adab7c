package linkcore

import (
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/internal/verify"

	"github.com/dwarfscope/dwarfscope/internal/samples"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// TestBuildSamples builds every debugger sample for every target in both
// DWARF formats and checks the objects with debug/elf, debug/dwarf,
// readelf, objdump, ld -r and llvm-dwarfdump --verify.
func TestBuildSamples(t *testing.T) {
	for _, sample := range samples.Programs() {
		path, src := sample.Name, sample.Src
		for _, arch := range target.All {
			for _, format := range []dwarfcore.Format{dwarfcore.DWARF32, dwarfcore.DWARF64} {
				name := fmt.Sprintf("%s/%s/DWARF%d", filepath.Base(path), arch.Name, format)
				t.Run(name, func(t *testing.T) {
					res, err := Build(filepath.Base(path), src, Options{Debug: dwarfcore.Options{
						Format: format, Arch: arch, Lines: dwarfcore.LinesPlain, CompDir: "/src"}})
					if err != nil {
						t.Fatal(err)
					}
					checkBuiltObject(t, arch, res)
				})
			}
		}
	}
}

func checkBuiltObject(t *testing.T, arch *target.Arch, res *Result) {
	t.Helper()
	want := elfWant[arch.Name]
	f, err := elf.NewFile(bytes.NewReader(res.ELF))
	if err != nil {
		t.Fatal(err)
	}
	if f.Class != want.class || f.Data != want.data || f.Machine != want.machine {
		t.Errorf("header: %v %v %v", f.Class, f.Data, f.Machine)
	}
	// Every function and global has its symbol.
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]elf.Symbol{}
	for _, s := range syms {
		have[s.Name] = s
	}
	for _, fn := range res.Code.Funcs {
		s, ok := have[fn.Symbol]
		if !ok || s.Size != fn.Size || f.Sections[s.Section].Name != ".text" {
			t.Errorf("function %s: symbol %+v", fn.Symbol, s)
		}
	}
	for _, d := range res.Program.Decls {
		if (d.Kind == lang.DeclVar || d.Kind == lang.DeclConst) && !d.Extern {
			if s, ok := have[d.Symbol()]; !ok || s.Size != d.Type.Size {
				t.Errorf("%s: symbol %+v, type size %d", d.Symbol(), s, d.Type.Size)
			}
		}
	}
	// Every relocation record of the emitter is in the object.
	n := 0
	for _, s := range f.Sections {
		if s.Type == elf.SHT_RELA || s.Type == elf.SHT_REL {
			if tgt := f.Sections[s.Info]; len(tgt.Name) > 7 && tgt.Name[:7] == ".debug_" {
				n += int(s.Size / s.Entsize)
			}
		}
	}
	if n != len(res.Debug.Relocs) {
		t.Errorf("%d debug relocations in the file, emitter has %d", n, len(res.Debug.Relocs))
	}
	dw, err := f.DWARF()
	if err != nil {
		t.Fatalf("debug/elf DWARF: %v", err)
	}
	tooltest.Entries(t, dw)

	path := tooltest.WriteFile(t, t.TempDir(), arch.Name+".o", res.ELF)
	// readelf and objdump apply no DTP-relative relocations, LLVM none
	// but x86-64's (gcc's objects get the same warnings): verify makes
	// those Notes.
	checkVerified(t, path, verify.ReadelfHeaders, verify.Readelf, verify.Objdump, verify.Relink, verify.LLVMDwarfdump)
	if arch == target.X86_64 {
		var funcs []string
		for _, fn := range res.Code.Funcs {
			funcs = append(funcs, fn.Symbol)
		}
		checkDisassembly(t, path, funcs)
	}
}

// TestBuildErrors checks the front end's errors come back unchanged.
func TestBuildErrors(t *testing.T) {
	_, err := Build("bad.zig", []byte("const x: u8 = 300;\nvar y = ;\n"), Options{})
	var list lang.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error %T %v, want a lang.ErrorList", err, err)
	}
	if _, ok := err.(lang.ErrorList); !ok {
		t.Errorf("error is %T, not the lang.ErrorList itself", err)
	}
	if _, err := Build("ok.zig", []byte("var x: u8 = 1;\n"), Options{Kind: KindObject + 1}); err == nil {
		t.Error("an unknown output kind was accepted")
	}
}
