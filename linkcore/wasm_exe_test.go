package linkcore

import (
	"context"
	"debug/dwarf"
	"encoding/binary"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/linkcore/wasmobj"
)

// wasmPrograms use what the WebAssembly code generator compiles beyond
// 64-bit integers: integers wider than 64 bits in locals, parameters,
// results, globals and every operator, and thread-locals. Each runs as a
// WebAssembly module (TestWasmMatchesExecutable) and as an x86-64
// executable, and its globals must hold the same bytes after main in
// both.
var wasmPrograms = []struct {
	name, src string
	// same are globals that must hold the same bytes in the module
	// (thread-locals and the globals main copied them to)
	same [][2]string
}{
	{"wide integers through calls, locals and every operator", `var a: u128 = 0xffff_ffff_ffff_ffff_ffff_ffff_ffff_fff0;
var b: i100 = -0x1234_5678_9abc_def0_1234;
var c: u256 = 0x1234_5678_9abc_def0_1111_2222_3333_4444_5555_6666_7777_8888;
var n: u8 = 77;
var small: i16 = -300;
var r1: u128 = 0;
var r2: i100 = 0;
var r3: u256 = 0;
var r4: u256 = 0;
var r5: i100 = 0;
var r6: u128 = 0;
var r7: u65 = 0;
var r8: u200 = 0;
var r9: i128 = 0;
var r10: i100 = 0;
var r11: u128 = 0;
var r12: i100 = 0;
var r13: u256 = 0;
var r14: u128 = 0;
fn mix(x: u128, y: u128, k: u32) u128 {
    const s: u128 = x +% y;
    const m: u128 = s *% k;
    return (m ^ x) | (y & 0xff00);
}
fn twice(v: i100) i100 {
    return v *% 2 -% 1;
}
pub fn main() void {
    r1 = mix(a, 0x21, 3);
    r2 = twice(b);
    r3 = c *% c;
    r4 = c << n;
    r5 = b >> 3;
    r6 = a / 0x1_0000_0001;
    r7 = n;
    r7 = r7 *% 0x1_2345_6789_abcd_ef01 +% r7;
    r8 = r7;
    r8 = (r8 << 100) % 0x1234_5678_9abc_def0_1234_5678;
    r9 = b;
    r10 = small;
    r10 = r10 *% r10 *% r10;
    var l: u128 = a;
    l = ~l;
    l = l -% 5;
    r11 = -%l;
    r12 = -b;
    r13 = c >> n;
    r14 = 1;
    r14 = r14 << 127 | r14;
    _ = &l;
}
`, nil},
	{"edge values: carries across every limb, shift counts at limb edges, extremes", `var ones: u128 = 0xffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff;
var imin: i128 = -0x8000_0000_0000_0000_0000_0000_0000_0000;
var neg: i65 = -1;
var c0: u7 = 0;
var c63: u7 = 63;
var c64: u7 = 64;
var c65: u7 = 65;
var c127: u7 = 127;
var e1: u128 = 0;
var e2: u128 = 0;
var e3: u128 = 0;
var e4: u128 = 0;
var e5: u128 = 0;
var e6: u128 = 0;
var e7: i128 = 0;
var e8: i128 = 0;
var e9: i200 = 0;
var e10: u65 = 0;
var e11: u128 = 0;
var e12: u128 = 0;
var e13: i128 = 0;
var e14: u192 = 0;
pub fn main() void {
    e1 = ones +% 1;
    e2 = ones *% ones;
    e3 = ones << c0;
    e4 = ones << c63;
    e5 = ones >> c64;
    e6 = ones >> c65;
    e7 = imin >> c127;
    e8 = imin >> c63;
    e9 = neg;
    e10 = 0xffff_ffff_ffff_ffff;
    e10 = e10 +% 1;
    e11 = ones / 1;
    e12 = 0x1234 % ones;
    e13 = -%imin;
    e14 = ones;
    e14 = (e14 << 64) -% 1;
}
`, nil},
	{"thread-locals", `threadlocal var t1: u32 = 5;
threadlocal var t2: u128 = 0xffff_ffff_ffff_ffff;
threadlocal var t3: i16 = 0;
var o1: u32 = 0;
var o2: u128 = 0;
var o3: i16 = 0;
fn bump() void {
    t1 = t1 * 3;
    t3 = t3 -% 7;
}
pub fn main() void {
    bump();
    t2 = t2 +% t1;
    bump();
    o1 = t1;
    o2 = t2;
    o3 = t3;
}
`, [][2]string{{"t1", "o1"}, {"t2", "o2"}, {"t3", "o3"}}},
}

// TestWasmMatchesExecutable builds each of wasmPrograms as a WebAssembly
// object and as an x86-64 executable: wasm-ld-22 links the object,
// wasm-validate accepts the module and llvm-dwarfdump-22 --verify both
// the object and the module; wazero runs the module's main, and every
// global holds the bytes gdb reads from the executable at the end of its
// main. Thread-locals, which gdb does not read from a static executable,
// are compared with the globals the program copied them to: their
// addresses come from the module's DWARF, so this checks the offsets in
// the thread-local block the object's debug information gives.
func TestWasmMatchesExecutable(t *testing.T) {
	dir := t.TempDir()
	for i, tc := range wasmPrograms {
		t.Run(tc.name, func(t *testing.T) {
			name := "wasm" + string(rune('a'+i))
			got, prog := runWasm(t, dir, name, tc.src)
			for _, s := range tc.same {
				if got[s[0]] != got[s[1]] {
					t.Errorf("%s is %s, %s is %s: want the same", s[0], got[s[0]], s[1], got[s[1]])
				}
			}
			main := declNamed(prog, "main")
			if main == nil {
				t.Fatal("no main")
			}
			bin := buildAndRun(t, dir, name, tc.src, 0)
			var globals []sizedGlobal
			for _, d := range prog.Decls {
				if d.Kind == lang.DeclVar && !d.ThreadLocal {
					globals = append(globals, sizedGlobal{d.Name, int(d.Type.Size)})
				}
			}
			want := gdbGlobals(t, dir, bin, name, main.Func.Body.EndLine, globals)
			if len(want) == 0 {
				t.Fatal("gdb read no globals")
			}
			for g, w := range want {
				if got[g] != w {
					t.Errorf("%s: WebAssembly %s, x86-64 %s", g, got[g], w)
				}
			}
		})
	}
}

// TestWasmMatchesZig runs the programs of zigBytePrograms the
// WebAssembly code generator compiles whole (integers wider than 64
// bits) as WebAssembly modules: their globals hold the bytes Zig 0.11's
// build of them printed.
func TestWasmMatchesZig(t *testing.T) {
	dir := t.TempDir()
	ran := 0
	for i, tc := range zigBytePrograms {
		if !strings.Contains(tc.name, "wider than 64 bits") && !strings.Contains(tc.name, "narrower than their storage") {
			continue
		}
		ran++
		t.Run(tc.name, func(t *testing.T) {
			got, _ := runWasm(t, dir, "zig"+string(rune('a'+i)), tc.src)
			for _, l := range strings.Split(strings.TrimSpace(tc.zig), "\n") {
				g, want, _ := strings.Cut(l, " ")
				if got[g] != want {
					t.Errorf("%s: WebAssembly %s, Zig's %s", g, got[g], want)
				}
			}
		})
	}
	if ran != 2 {
		t.Fatalf("ran %d of zigBytePrograms, want 2", ran)
	}
}

// linkWasm builds src (its main exported) as the WebAssembly object
// name.o in dir, which must have no function outside the code
// generator's subset, and links it with wasm-ld-22 and the options ld
// into name.wasm. It returns the build and the two files' paths.
func linkWasm(t *testing.T, dir, name, src string, ld ...string) (res *Result, obj, wasm string) {
	t.Helper()
	src = strings.Replace(src, "pub fn main", "export fn main", 1)
	res, err := Build(name+".zig", []byte(src), Options{Container: wasmobj.Container, Debug: dwarfcore.Options{Lines: dwarfcore.LinesPlain}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Code.Unsupported) > 0 {
		t.Fatalf("functions outside the subset: %v", res.Code.Unsupported)
	}
	obj = tooltest.WriteFile(t, dir, name+".o", res.ELF)
	wasm = filepath.Join(dir, name+".wasm")
	args := append([]string{obj, "-o", wasm, "--no-entry", "--export=main"}, ld...)
	if out, err := tooltest.Run(t, "wasm-ld-22", args...); err != nil || out != "" {
		t.Fatalf("wasm-ld-22 %s: %v\n%s", strings.Join(ld, " "), err, out)
	}
	return res, obj, wasm
}

// runWasm links src as linkWasm does; checks the object and the module
// with wasm-validate, wasm-objdump -x and llvm-dwarfdump-22 --verify;
// runs main in wazero and returns every global's bytes in hex, found at
// the address the module's own DWARF gives (thread-locals at __tls_base
// plus theirs).
func runWasm(t *testing.T, dir, name, src string) (map[string]string, *lang.Program) {
	t.Helper()
	res, obj, wasm := linkWasm(t, dir, name, src, "--export-if-defined=__tls_base")
	for _, p := range []string{obj, wasm} {
		if out, err := tooltest.Run(t, "wasm-validate", p); err != nil {
			t.Errorf("wasm-validate %s: %v\n%s", p, err, out)
		}
		if out, err := tooltest.Run(t, "wasm-objdump", "-x", p); err != nil || strings.Contains(out, "Unknown") {
			t.Errorf("wasm-objdump -x %s: %v\n%s", p, err, out)
		}
	}
	tooltest.VerifyDWARF(t, obj, wasm)
	module, err := os.ReadFile(wasm)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	defer rt.Close(ctx)
	mod, err := rt.Instantiate(ctx, module)
	if err != nil {
		t.Fatalf("wazero: %v", err)
	}
	if _, err := mod.ExportedFunction("main").Call(ctx); err != nil {
		t.Fatalf("main: %v", err)
	}
	var tlsBase uint32
	if g := mod.ExportedGlobal("__tls_base"); g != nil {
		tlsBase = uint32(g.Get())
	}
	addrs := globalAddrs(t, module)
	got := map[string]string{}
	for _, d := range res.Program.Decls {
		if d.Kind != lang.DeclVar {
			continue
		}
		a, ok := addrs[d.Name]
		if !ok {
			t.Fatalf("%s: no DWARF location", d.Name)
		}
		if d.ThreadLocal {
			a += tlsBase
		}
		b, ok := mod.Memory().Read(a, uint32(d.Type.Size))
		if !ok {
			t.Fatalf("%s: address %#x is outside the memory", d.Name, a)
		}
		got[d.Name] = hex.EncodeToString(b)
	}
	return got, res.Program
}

// globalAddrs returns the address of every variable of the module's
// compile unit whose location is DW_OP_addr (followed, for a
// thread-local, by DW_OP_form_tls_address), by name.
func globalAddrs(t *testing.T, module []byte) map[string]uint32 {
	t.Helper()
	d, err := wasmobj.DWARF(module)
	if err != nil {
		t.Fatal(err)
	}
	addrs := map[string]uint32{}
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			break
		}
		if e.Tag == dwarf.TagSubprogram {
			r.SkipChildren()
			continue
		}
		loc, _ := e.Val(dwarf.AttrLocation).([]byte)
		name, _ := e.Val(dwarf.AttrName).(string)
		if e.Tag == dwarf.TagVariable && len(loc) >= 5 && loc[0] == byte(dw.OpAddr) {
			addrs[name] = binary.LittleEndian.Uint32(loc[1:])
		}
	}
	return addrs
}

// declNamed returns the declaration of prog named name.
func declNamed(prog *lang.Program, name string) *lang.Decl {
	for _, d := range prog.Decls {
		if d.Name == name {
			return d
		}
	}
	return nil
}

// TestWasmThreadLocalsPerThread links the thread-locals program with
// --shared-memory, where the thread-local block is the running thread's
// (wasm-ld's __wasm_init_tls copies the template to it and sets
// __tls_base): wasm-validate accepts the module with threads enabled,
// and wazero (threads enabled) runs main once in each of two blocks,
// as two threads would. Each run starts from the initial values, so both
// leave the same results; the block of the first keeps its own.
func TestWasmThreadLocalsPerThread(t *testing.T) {
	dir := t.TempDir()
	var src string
	for _, p := range wasmPrograms {
		if p.name == "thread-locals" {
			src = p.src
		}
	}
	_, _, wasm := linkWasm(t, dir, "tls", src, "--shared-memory", "--max-memory=131072",
		"--export=__wasm_init_tls", "--export=__tls_size", "--export=__heap_base", "--export=__tls_base")
	if out, err := tooltest.Run(t, "wasm-validate", "--enable-threads", wasm); err != nil {
		t.Fatalf("wasm-validate --enable-threads: %v\n%s", err, out)
	}
	tooltest.VerifyDWARF(t, wasm)
	module, err := os.ReadFile(wasm)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rt := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter().WithCoreFeatures(api.CoreFeaturesV2|experimental.CoreFeaturesThreads))
	defer rt.Close(ctx)
	mod, err := rt.Instantiate(ctx, module)
	if err != nil {
		t.Fatalf("wazero: %v", err)
	}
	addrs := globalAddrs(t, module)
	heap := uint32(mod.ExportedGlobal("__heap_base").Get())
	size := uint32(mod.ExportedGlobal("__tls_size").Get())
	read := func(addr uint32, n uint32) string {
		b, ok := mod.Memory().Read(addr, n)
		if !ok {
			t.Fatalf("address %#x is outside the memory", addr)
		}
		return hex.EncodeToString(b)
	}
	var blocks []uint32
	for k := range 2 {
		block := (heap+15)&^15 + uint32(k)*((size+15)&^15)
		blocks = append(blocks, block)
		if _, err := mod.ExportedFunction("__wasm_init_tls").Call(ctx, uint64(block)); err != nil {
			t.Fatalf("__wasm_init_tls: %v", err)
		}
		if got := uint32(mod.ExportedGlobal("__tls_base").Get()); got != block {
			t.Fatalf("__tls_base is %#x after __wasm_init_tls(%#x)", got, block)
		}
		if _, err := mod.ExportedFunction("main").Call(ctx); err != nil {
			t.Fatalf("main in block %d: %v", k, err)
		}
		// o1 = t1 = 5*3*3; t3's copy through DWARF's offset in the block
		if got := read(addrs["o1"], 4); got != "2d000000" {
			t.Errorf("thread %d: o1 = %s, want 2d000000", k, got)
		}
		if got, want := read(block+addrs["t3"], 2), read(addrs["o3"], 2); got != want || want != "f2ff" {
			t.Errorf("thread %d: t3 = %s, o3 = %s, want f2ff", k, got, want)
		}
	}
	// the first thread's t1 is still its own
	if got := read(blocks[0]+addrs["t1"], 4); got != "2d000000" {
		t.Errorf("first block's t1 = %s after the second thread ran, want 2d000000", got)
	}
}
