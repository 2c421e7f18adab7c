package dwarfcore

import (
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/samples"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// synthCode gives every function of prog plausible code: one row per
// statement, 8 bytes each, and a location for every local.
func synthCode(prog *lang.Program) []FuncCode {
	var out []FuncCode
	for _, d := range prog.Decls {
		if d.Kind != lang.DeclFunc || d.Func == nil || d.Func.Body == nil {
			continue
		}
		fc := FuncCode{Decl: d}
		pc := uint64(4)
		for i, s := range d.Func.Body.Stmts {
			p := s.StmtPos()
			fc.Rows = append(fc.Rows, LineRow{PC: pc, Line: p.Line, Col: p.Col, Stmt: true, PrologueEnd: i == 0})
			pc += 8
		}
		fc.Rows = append(fc.Rows, LineRow{PC: pc, Line: d.Func.Body.EndLine, Col: d.Func.Body.EndCol, Stmt: true, EpilogueBegin: true})
		fc.Size = pc + 4
		for i, l := range d.Func.Locals {
			fc.Vars = append(fc.Vars, VarLoc{Local: l, Loc: AtRegOffset(target.X86_64RBP, int64(-8*(i+1)))})
		}
		out = append(out, fc)
	}
	return out
}

// sources returns the shared debugger samples (when this checkout has
// them) and the snippets below.
func sources(t testing.TB) map[string]string {
	srcs := map[string]string{
		"snippet_types.zig": `const S = struct { a: u32, b: ?u8, c: []const u8, d: [2]i16 };
const E = enum(u8) { x, y, z };
const U = union(enum) { a: u32, b: bool };
const Err = error{ Bad, Worse };
pub var s: S = undefined;
var e: E = .y;
var u: U = .{ .a = 1 };
var eu: Err!u64 = 5;
var any: anyerror = error.Bad;
threadlocal var t: u64 = 7;
const k: u32 = 3;
pub fn f(x: u32, y: u32) u32 {
    const z = x + y;
    return z;
}
`,
	}
	for _, p := range samples.Programs() {
		srcs[p.Name] = string(p.Src)
	}
	return srcs
}

func TestCompiledSourcesReadable(t *testing.T) {
	for name, src := range sources(t) {
		for _, opts := range allOptions() {
			t.Run(name+"/"+optName(opts), func(t *testing.T) {
				prog, err := lang.Compile(name, []byte(src), opts.Arch)
				if err != nil {
					t.Skipf("front end rejects it: %v", err)
				}
				out, err := Emit(prog, synthCode(prog), opts)
				if err != nil {
					t.Fatal(err)
				}
				checkReadable(t, out)
				checkCoverage(t, out)
			})
		}
	}
}

var _ = target.X86_64
