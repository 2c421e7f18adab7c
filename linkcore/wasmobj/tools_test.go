package wasmobj_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/linkcore"
	"github.com/dwarfscope/dwarfscope/linkcore/wasmobj"
)

// options are what the tests build with: a WebAssembly object with plain
// line programs (DW_LNE_set_address), as the command line and the export
// API default to: readers do not know the seed's DW_LNE_ZIG_set_decl.
var options = linkcore.Options{Container: wasmobj.Container, Debug: dwarfcore.Options{Lines: dwarfcore.LinesPlain}}

// build builds src as a WebAssembly object and writes it to dir.
func build(t *testing.T, dir, name string, src []byte) (string, *linkcore.Result) {
	t.Helper()
	res, err := linkcore.Build(name, src, options)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return tooltest.WriteFile(t, dir, strings.TrimSuffix(name, ".zig")+".o", res.ELF), res
}

// TestToolsAccept builds the samples and the start of the corpus as
// WebAssembly objects: wasm-validate and wasm-objdump -x accept every one,
// llvm-dwarfdump-22 --verify finds no error in its DWARF, and wasm-ld-22
// links it.
func TestToolsAccept(t *testing.T) {
	srcs := corpus.WithSamples(tooltest.EnvInt(t, "DWARFSCOPE_WASM_CORPUS", 8))
	dir := t.TempDir()
	var paths []string
	for _, s := range srcs {
		p, _ := build(t, dir, s.Name, s.Src)
		paths = append(paths, p)
		if out, err := tooltest.Run(t, "wasm-validate", p); err != nil {
			t.Errorf("wasm-validate %s: %v\n%s", s.Name, err, out)
		}
		out, err := tooltest.Run(t, "wasm-objdump", "-x", p)
		if err != nil || !strings.Contains(out, `name: "linking"`) || !strings.Contains(out, `name: ".debug_info"`) {
			t.Errorf("wasm-objdump -x %s: %v\n%s", s.Name, err, out)
		}
		if out, err := tooltest.Run(t, "wasm-ld-22", p, "-o", strings.TrimSuffix(p, ".o")+".wasm", "--no-entry", "--export-all"); err != nil || out != "" {
			t.Errorf("wasm-ld-22 %s: %v\n%s", s.Name, err, out)
		}
	}
	tooltest.VerifyDWARF(t, paths...)
}

// program is a program in the code generator's subset: locals, integer
// expressions, a global, calls and return, and a function that divides
// by zero.
const program = `var counter: u32 = 7;
const limit: u64 = 1000;
fn div(a: u32, b: u32) u32 {
    const q = a / b;
    return q;
}
fn helper(x: u32) u32 {
    var y: u32 = x + 3;
    y = y * 2;
    counter = counter + 1;
    return y + counter;
}
fn wide(a: i64) i64 {
    const b: i64 = a * -3;
    return b - 1;
}
export fn main() u32 {
    const r = helper(5);
    return r;
}
export fn crash() u32 {
    return div(10, 0);
}
`

// TestLinkAndRun links the program with wasm-ld-22, runs main in wazero
// and checks its result, then calls a function that divides by zero: it
// traps in wazero, in our function, and wazero's own stack trace names
// the division's source file and line, and the call's in the caller.
// wazero builds its DWARF reader from .debug_abbrev, .debug_info,
// .debug_line, .debug_ranges and .debug_str only
// (internal/wasm/binary/decoder.go of v1.12.0) and maps a code offset to
// a line through the compile unit's address range and its line program,
// so this checks the unit (dwarfcore.Options.CoreSections, which the
// container sets) and our line program with a real consumer.
// llvm-symbolizer-22 maps the trapping instruction as a second reader,
// and llvm-dwarfdump-22 --verify checks the linked module.
func TestLinkAndRun(t *testing.T) {
	dir := t.TempDir()
	obj, res := build(t, dir, "run.zig", []byte(program))
	if len(res.Code.Unsupported) > 0 {
		t.Fatalf("functions outside the subset: %v", res.Code.Unsupported)
	}
	wasm := filepath.Join(dir, "run.wasm")
	if out, err := tooltest.Run(t, "wasm-ld-22", obj, "-o", wasm, "--no-entry", "--export=main", "--export=crash"); err != nil || out != "" {
		t.Fatalf("wasm-ld-22: %v\n%s", err, out)
	}
	bin, err := os.ReadFile(wasm)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter().WithDebugInfoEnabled(true))
	defer rt.Close(ctx)
	mod, err := rt.Instantiate(ctx, bin)
	if err != nil {
		t.Fatalf("wazero: %v", err)
	}
	got, err := mod.ExportedFunction("main").Call(ctx)
	if err != nil {
		t.Fatalf("main: %v", err)
	}
	// helper(5): y = (5+3)*2 = 16, counter 7 -> 8, 16 + 8.
	if len(got) != 1 || uint32(got[0]) != 24 {
		t.Errorf("main() = %v, want 24", got)
	}
	_, err = mod.ExportedFunction("crash").Call(ctx)
	if err == nil {
		t.Fatal("crash: no trap")
	}
	msg := err.Error()
	if !strings.Contains(msg, "integer divide by zero") || !strings.Contains(msg, "run.div(i32,i32) i32") {
		t.Errorf("crash: want a division trap in run.div in the stack trace, got:\n%s", msg)
	}
	// wazero's trace: each frame's function line, then its source
	// position ("0x9: run.zig:4:5").
	divLine, callLine := sourceLine(program, "a / b"), sourceLine(program, "div(10, 0)")
	for _, want := range []struct{ frame, pos string }{
		{"run.div(i32,i32) i32", "run.zig:" + strconv.Itoa(divLine) + ":"},
		{"crash() i32", "run.zig:" + strconv.Itoa(callLine) + ":"},
	} {
		if got := framePosition(msg, want.frame); !strings.Contains(got, want.pos) {
			t.Errorf("crash: wazero's stack trace: want %s at %s, got %q in:\n%s", want.frame, want.pos, got, msg)
		}
	}
	tooltest.VerifyDWARF(t, wasm)
	// The trapping instruction: the module's only i32.div_u, as a
	// code-section offset.
	hdr, err := tooltest.Run(t, "wasm-objdump", "-h", wasm)
	if err != nil {
		t.Fatal(err)
	}
	var codeStart uint64
	for _, line := range strings.Split(hdr, "\n") {
		if _, rest, ok := strings.Cut(line, "Code start=0x"); ok {
			codeStart, _ = strconv.ParseUint(rest[:8], 16, 64)
		}
	}
	dis, err := tooltest.Run(t, "wasm-objdump", "-d", wasm)
	if err != nil {
		t.Fatal(err)
	}
	var divAt uint64
	for _, line := range strings.Split(dis, "\n") {
		if strings.Contains(line, "| i32.div_u") {
			divAt, _ = strconv.ParseUint(strings.TrimSpace(strings.Split(line, ":")[0]), 16, 64)
		}
	}
	if codeStart == 0 || divAt <= codeStart {
		t.Fatalf("no i32.div_u in the code section (code at %#x):\n%s", codeStart, dis)
	}
	out, err := tooltest.Run(t, "llvm-symbolizer-22", "--obj="+wasm, "0x"+strconv.FormatUint(divAt-codeStart, 16))
	if err != nil || !strings.Contains(out, "run.div") || !strings.Contains(out, "run.zig:"+strconv.Itoa(divLine)+":") {
		t.Errorf("llvm-symbolizer-22 at the division (%#x - %#x): want run.div at run.zig:%d, got %v\n%s", divAt, codeStart, divLine, err, out)
	}
}

// sourceLine is the 1-based line of src that contains text.
func sourceLine(src, text string) int {
	before, _, ok := strings.Cut(src, text)
	if !ok {
		return 0
	}
	return strings.Count(before, "\n") + 1
}

// framePosition returns the source position wazero's stack trace gives
// for the frame of function fn: the line after the frame's, "" if none.
func framePosition(trace, fn string) string {
	lines := strings.Split(trace, "\n")
	for i, l := range lines {
		if strings.HasSuffix(strings.TrimSpace(l), fn) && i+1 < len(lines) {
			return strings.TrimSpace(lines[i+1])
		}
	}
	return ""
}
