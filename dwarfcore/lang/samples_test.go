package lang

import (
	"encoding/hex"
	"github.com/dwarfscope/dwarfscope/internal/samples"
	"os"
	"path/filepath"
	"testing"
)

// testPrograms returns the programs the front end's tests compile: those
// of testdata, the project's copies of the debugger samples
// (internal/samples) and, when present, the shared originals (named
// "shared/NAME.zig").
func testPrograms(t testing.TB) []samples.Program {
	files, err := filepath.Glob("testdata/*.zig")
	if err != nil {
		t.Fatal(err)
	}
	var out []samples.Program
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, samples.Program{Name: filepath.Base(f), Src: src})
	}
	out = append(out, samples.Programs()...)
	shared, err := samples.Originals()
	if err != nil {
		t.Fatal(err)
	}
	if len(shared) == 0 {
		t.Logf("%s absent: the project's copies only", samples.SharedDir)
	}
	for _, p := range shared {
		out = append(out, samples.Program{Name: "shared/" + p.Name, Src: p.Src})
	}
	return out
}

// TestSamples compiles the test programs, the project's copies of the
// debugger samples and, when present, the shared originals.
func TestSamples(t *testing.T) {
	for _, p := range testPrograms(t) {
		t.Run(p.Name, func(t *testing.T) {
			if _, err := Compile(filepath.Base(p.Name), p.Src, nil); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// compileFile compiles a file of testdata or, failing that, of the
// project's copies of the debugger samples.
func compileFile(t *testing.T, name string) *Program {
	t.Helper()
	src, err := os.ReadFile("testdata/" + name)
	if os.IsNotExist(err) {
		src, err = samples.FS.ReadFile(name)
	}
	if err != nil {
		t.Fatal(err)
	}
	p, err := Compile(name, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func declNamed(p *Program, fqn string) *Decl {
	for _, d := range p.Decls {
		if d.FQN == fqn {
			return d
		}
	}
	return nil
}

func TestSampleBasic(t *testing.T) {
	p := compileFile(t, "basic.zig")
	if p.Module != "root" || p.Root.Name != "basic" || len(p.Decls) != 3 {
		t.Fatalf("module %q root %q decls %d", p.Module, p.Root.Name, len(p.Decls))
	}
	d := declNamed(p, "basic.Basic")
	if d == nil || d.Kind != DeclType || d.Value.Name != "basic.Basic" || d.Value.Decl != d || d.Line != 1 || d.Col != 1 {
		t.Fatalf("Basic decl %+v", d)
	}
	b := d.Value
	if b.Size != 144 || b.Align != 16 {
		t.Errorf("Basic %d/%d, want 144/16", b.Size, b.Align)
	}
	// @offsetOf as printed by Zig 0.11
	want := map[string]uint64{"void": 144, "bool_false": 96, "u0_0": 144, "u16_0": 84, "u24_0": 40,
		"u32_0": 48, "i1_-1": 114, "i8_127": 136, "i24_-8388608": 56, "i32_2147483647": 76,
		"f16_42.625": 94, "f32_-2730.65625": 80, "f64_357913941.33203125": 32,
		"f80_-91625968981.3330078125": 0, "f128_384307168202282325.333332061767578125": 16}
	for _, f := range b.Fields {
		if off, ok := want[f.Name]; ok && f.Offset != off {
			t.Errorf("%s at %d, want %d", f.Name, f.Offset, off)
		}
	}
	main := declNamed(p, "basic.main")
	if main == nil || main.Kind != DeclFunc || main.Line != 70 || main.Col != 5 || !main.Pub {
		t.Fatalf("main %+v", main)
	}
	body := main.Func.Body
	if body.Line != 70 || body.Col != 20 || body.EndLine != 72 || body.EndCol != 1 {
		t.Errorf("main body %+v", body)
	}
	call := body.Stmts[0].(*ExprStmt).X.(*Call)
	if call.Fn != declNamed(p, "basic.testBasic") {
		t.Fatalf("call of %v", call.Fn)
	}
	arg := call.Args[0].(*Const).Value
	got, relocs := p.Types.Encode(arg)
	// The bytes Zig 0.11 gives `const b: Basic = .{}` (std.mem.asBytes);
	// the unused high bits of negative iN values are zero.
	zig, _ := hex.DecodeString("0000aaaaaaaaaaaa23c000000000000000000000505555555555555555553940000055555555b54100000000ffffff0000000000ffffffff0000800000000000ffff7f000000008000000000ffffff7f80aa2ac50000ffff00800000ff7f54510001000100030007000f001f003f007f00ff010002000104000308000710000f20001f40003f80007f00000000000000")
	if hex.EncodeToString(got) != hex.EncodeToString(zig) || len(relocs) != 0 {
		t.Errorf("Basic bytes\n got %x\nwant %x", got, zig)
	}
}

func TestSampleStorage(t *testing.T) {
	p := compileFile(t, "storage.zig")
	wantGlobals := map[string]string{
		"storage.global_const":        "7720 00d6c80de519",
		"storage.global_var":          "322e6208ec3c42cc",
		"storage.global_threadlocal1": "2121048c5243d6b4",
		"storage.global_threadlocal2": "227aadf51ceafa43",
	}
	for fqn, w := range wantGlobals {
		d := declNamed(p, fqn)
		if d == nil {
			t.Fatalf("%s missing", fqn)
		}
		b, _ := p.Types.Encode(d.Init)
		if hex.EncodeToString(b) != hexClean(w) {
			t.Errorf("%s = %x, want %s", fqn, b, w)
		}
	}
	if d := declNamed(p, "storage.global_const"); d.Kind != DeclConst {
		t.Errorf("global_const kind %d", d.Kind)
	}
	if d := declNamed(p, "storage.global_threadlocal1"); d.Kind != DeclVar || !d.ThreadLocal || d.Line != 3 || d.Col != 13 {
		t.Errorf("threadlocal %+v", d)
	}
	f := declNamed(p, "storage.testStorage")
	if f.Func.CC != CallConvC || len(f.Func.Params) != 8 || len(f.Func.Locals) != 12 {
		t.Fatalf("testStorage cc %d params %d locals %d", f.Func.CC, len(f.Func.Params), len(f.Func.Locals))
	}
	locals := f.Func.Locals
	val, ptr, lconst, lvar := locals[8], locals[9], locals[10], locals[11]
	if !val.Comptime || val.Value.Int.Text(16) != "69490636f81df751" {
		t.Errorf("local_comptime_val %+v", val)
	}
	if !ptr.Comptime || !ptr.Type.Tuple || ptr.Value.Elems[0].Int.Text(16) != "82e834dae74767a1" {
		t.Errorf("local_comptime_ptr %+v", ptr)
	}
	if lconst.Comptime || !lconst.Const || lvar.Const || lvar.Line != 19 || lvar.Col != 9 {
		t.Errorf("local_const %+v local_var %+v", lconst, lvar)
	}
	// var local_var: u64 = local_comptime_ptr[0] ^ local_const;
	init := f.Func.Body.Stmts[3].(*VarStmt).Init.(*Binary)
	if init.Op != OpXor || init.X.(*Const).Value.Int.Text(16) != "82e834dae74767a1" || init.Y.(*LocalRef).Local != lconst {
		t.Errorf("local_var init %+v", init)
	}
	// local_const reads globals, including thread-locals, and params.
	var globals, params int
	var walk func(e Expr)
	walk = func(e Expr) {
		switch e := e.(type) {
		case *Binary:
			walk(e.X)
			walk(e.Y)
		case *GlobalRef:
			globals++
		case *LocalRef:
			if e.Local.Param {
				params++
			}
		}
	}
	walk(f.Func.Body.Stmts[2].(*VarStmt).Init)
	if globals != 3 || params != 8 {
		t.Errorf("local_const reads %d globals %d params", globals, params)
	}
	if _, ok := f.Func.Body.Stmts[4].(*AssignStmt); !ok {
		t.Errorf("stmt 4 is %T", f.Func.Body.Stmts[4])
	}
	args := declNamed(p, "storage.main").Func.Body.Stmts[0].(*ExprStmt).X.(*Call).Args
	if len(args) != 8 || args[7].(*Const).Value.Int.Text(16) != "c88533722601e481" {
		t.Errorf("main args %v", args)
	}
}

func hexClean(s string) string {
	out := []byte{}
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

func TestSampleSlices(t *testing.T) {
	p := compileFile(t, "slices.zig")
	f := declNamed(p, "slices.main").Func
	inner := f.Body.Stmts[0].(*Block)
	arr := inner.Stmts[0].(*VarStmt)
	b, _ := p.Types.Encode(arr.Init.(*Const).Value)
	if hex.EncodeToString(b) != "01000000020000000400000008000000" {
		t.Errorf("array bytes %x", b)
	}
	sl := inner.Stmts[1].(*VarStmt)
	conv := sl.Init.(*Convert)
	addr := conv.X.(*AddrOf)
	if conv.Type.Name != "[]u32" || addr.Type.Name != "*[4]u32" || addr.X.(*LocalRef).Local != arr.Local {
		t.Errorf("slice init %+v", conv)
	}
	if sl.Local.Comptime || arr.Local.Scope != inner {
		t.Errorf("slice local %+v", sl.Local)
	}
}

func TestSampleOptionals(t *testing.T) {
	p := compileFile(t, "optionals.zig")
	inner := declNamed(p, "optionals.main").Func.Body.Stmts[0].(*Block)
	want := []string{"0000000000000000", "0000000000000000", "c801000001000000"}
	for i, w := range want {
		v := inner.Stmts[i].(*VarStmt)
		b, _ := p.Types.Encode(v.Init.(*Const).Value)
		if hex.EncodeToString(b) != w {
			t.Errorf("%s = %x, want %s", v.Local.Name, b, w)
		}
	}
	as := inner.Stmts[3].(*AssignStmt)
	if b, _ := p.Types.Encode(as.Value.(*Const).Value); hex.EncodeToString(b) != "7b00000001000000" {
		t.Errorf("maybe_u32 = %x", b)
	}
	agg := inner.Stmts[4].(*DiscardStmt).Value.(*Aggregate)
	if agg.Type.Name != "struct { *?u32, *?u32 }" || len(agg.Elems) != 2 {
		t.Errorf("discard %+v", agg)
	}
	if _, ok := agg.Elems[0].(*AddrOf); !ok {
		t.Errorf("discard elem %T", agg.Elems[0])
	}
}
