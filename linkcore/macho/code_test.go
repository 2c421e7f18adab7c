package macho_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/linkcore"
	machoobj "github.com/dwarfscope/dwarfscope/linkcore/macho"
)

// TestCodeRelocations writes x86_64 function bodies (linkcore's
// CodeGenBodies: a call and rip-relative data references) into a Mach-O
// object: the relocations are X86_64_RELOC_BRANCH and
// X86_64_RELOC_SIGNED, and in the image ld64.lld links from it the call
// and the loads reach their symbols.
func TestCodeRelocations(t *testing.T) {
	src := []byte(`var counter: u64 = 7;
fn helper(x: u64) u64 {
    return x + counter;
}
export fn entry() u64 {
    const r = helper(5);
    counter = r;
    return r;
}
`)
	prog, err := lang.Compile("calls.zig", src, target.X86_64)
	if err != nil {
		t.Fatal(err)
	}
	code, err := linkcore.CodeGenBodies(prog, target.X86_64)
	if err != nil {
		t.Fatal(err)
	}
	dopts := dwarfcore.Options{Arch: target.X86_64, Format: dwarfcore.DWARF32, Lines: dwarfcore.LinesPlain}
	machoobj.Container.DebugOptions(&dopts) // what the pipeline asks of the emitter for Mach-O
	dbg, err := dwarfcore.Emit(prog, code.Debug, dopts)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := linkcore.NewObject(prog, code, &linkcore.DebugInput{Sections: dbg.Sections, Align: dbg.Align, Relocs: dbg.Relocs})
	if err != nil {
		t.Fatal(err)
	}
	f, err := machoobj.WriteObject(obj, machoobj.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	o := tooltest.WriteFile(t, dir, "calls.o", f.Bytes)
	out, err := tooltest.Run(t, "llvm-objdump-22", "--macho", "-r", o)
	if err != nil || !strings.Contains(out, "BRANCH  False     _calls.helper") || !strings.Contains(out, "SIGNED  False     _calls.counter") {
		t.Errorf("llvm-objdump-22 --macho -r: want BRANCH to helper and SIGNED to counter: %v\n%s", err, out)
	}
	tooltest.VerifyDWARF(t, o)
	img := filepath.Join(dir, "calls.dylib")
	if out, err := tooltest.Run(t, "ld64.lld-22", append(ldArgs("x86_64", img), "-dylib", o)...); err != nil || out != "" {
		t.Fatalf("ld64.lld-22: %v\n%s", err, out)
	}
	dis, err := tooltest.Run(t, "llvm-objdump-22", "-d", img)
	if err != nil {
		t.Fatal(err)
	}
	calls, loads := 0, 0
	for _, line := range strings.Split(dis, "\n") {
		switch {
		case strings.Contains(line, "callq") && strings.HasSuffix(line, "<_calls.helper>"):
			calls++
		case strings.Contains(line, "leaq") && strings.HasSuffix(line, "<_calls.counter>"):
			loads++
		}
	}
	if calls != 1 || loads != 2 {
		t.Errorf("linked image: %d calls to helper (want 1), %d address loads of counter (want 2):\n%s", calls, loads, dis)
	}
}
