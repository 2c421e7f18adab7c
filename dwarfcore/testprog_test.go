package dwarfcore

import (
	"math/big"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// progBuilder builds lang.Programs by hand for tests.
type progBuilder struct {
	p  *lang.Program
	ts *lang.Types
}

func newProg(arch *target.Arch, path, root string) *progBuilder {
	ts := lang.NewTypes(arch)
	r := ts.NewContainer(lang.KindStruct, root)
	r.Namespace = true
	ts.Resolve(r)
	return &progBuilder{p: &lang.Program{Path: path, Module: "root", Root: r, Types: ts}, ts: ts}
}

func (b *progBuilder) add(d *lang.Decl) *lang.Decl {
	if d.Parent == nil {
		d.Parent = b.p.Root
	}
	if d.FQN == "" {
		d.FQN = d.Parent.Name + "." + d.Name
	}
	d.Parent.Scope = append(d.Parent.Scope, d)
	b.p.Decls = append(b.p.Decls, d)
	return d
}

func (b *progBuilder) global(name string, t *lang.Type, line int) *lang.Decl {
	return b.add(&lang.Decl{Kind: lang.DeclVar, Name: name, Type: t, Line: line, Col: 1})
}

func (b *progBuilder) constant(name string, t *lang.Type, line int) *lang.Decl {
	return b.add(&lang.Decl{Kind: lang.DeclConst, Name: name, Type: t, Line: line, Col: 1})
}

// structDecl declares `const name = struct { fields }`.
func (b *progBuilder) structDecl(name string, layout lang.Layout, line int, fields ...*lang.Field) (*lang.Decl, *lang.Type) {
	t := b.ts.NewContainer(lang.KindStruct, b.p.Root.Name+"."+name)
	t.Layout = layout
	t.Fields = fields
	d := b.add(&lang.Decl{Kind: lang.DeclType, Name: name, Value: t, Line: line, Col: 1, Pub: true})
	t.Decl = d
	b.ts.Resolve(t)
	return d, t
}

func (b *progBuilder) enumDecl(name string, tag *lang.Type, line int, names ...string) (*lang.Decl, *lang.Type) {
	t := b.ts.NewContainer(lang.KindEnum, b.p.Root.Name+"."+name)
	t.Tag = tag
	for i, n := range names {
		v := int64(i)
		if tag != nil && tag.Signed {
			v = int64(i) - 1
		}
		t.Fields = append(t.Fields, &lang.Field{Name: n, Value: big.NewInt(v)})
	}
	d := b.add(&lang.Decl{Kind: lang.DeclType, Name: name, Value: t, Line: line, Col: 1})
	t.Decl = d
	b.ts.Resolve(t)
	return d, t
}

func (b *progBuilder) unionDecl(name string, tagged bool, line int, fields ...*lang.Field) (*lang.Decl, *lang.Type) {
	t := b.ts.NewContainer(lang.KindUnion, b.p.Root.Name+"."+name)
	t.Fields = fields
	if tagged {
		tag := b.ts.NewContainer(lang.KindEnum, "@typeInfo("+t.Name+").@\"union\".tag_type.?")
		tag.TagGenerated = true
		for i, f := range fields {
			f.Value = big.NewInt(int64(i))
			tag.Fields = append(tag.Fields, &lang.Field{Name: f.Name, Value: big.NewInt(int64(i))})
		}
		b.ts.Resolve(tag)
		t.Tag = tag
	}
	d := b.add(&lang.Decl{Kind: lang.DeclType, Name: name, Value: t, Line: line, Col: 1})
	t.Decl = d
	b.ts.Resolve(t)
	return d, t
}

func field(name string, t *lang.Type) *lang.Field { return &lang.Field{Name: name, Type: t} }

// fn declares a function with params and locals; the body spans lines
// line+1 .. line+len(locals)+2.
func (b *progBuilder) fn(name string, ret *lang.Type, line int, params []*lang.Local, locals []*lang.Local) *lang.Decl {
	f := &lang.Func{Ret: ret, Body: &lang.Block{Pos: lang.Pos{Line: line, Col: 20}, EndLine: line + len(locals) + 2, EndCol: 1}}
	var pts []*lang.Type
	for _, p := range params {
		p.Param = true
		pts = append(pts, p.Type)
	}
	f.Params = params
	f.Locals = append(append([]*lang.Local(nil), params...), locals...)
	for i, l := range f.Locals {
		l.Index = i
	}
	return b.add(&lang.Decl{Kind: lang.DeclFunc, Name: name, Type: b.ts.Fn(pts, ret, lang.CallConvAuto), Func: f, Line: line, Col: 1})
}

// code returns plausible FuncCode for every function: 16 bytes per
// statement line, a frame-pointer location per local.
func (b *progBuilder) code() []FuncCode {
	var out []FuncCode
	for _, d := range b.p.Decls {
		if d.Kind != lang.DeclFunc {
			continue
		}
		fc := FuncCode{Decl: d, FrameBase: InReg(target.X86_64RBP)}
		n := len(d.Func.Locals) + 1
		for i := 0; i < n; i++ {
			fc.Rows = append(fc.Rows, LineRow{PC: uint64(4 + 16*i), Line: d.Func.Body.Line + 1 + i, Col: 5, Stmt: true, PrologueEnd: i == 0})
		}
		fc.Rows = append(fc.Rows, LineRow{PC: uint64(4 + 16*n), Line: d.Func.Body.EndLine, Col: 1, Stmt: true, EpilogueBegin: true})
		fc.Size = uint64(8 + 16*n)
		for i, l := range d.Func.Locals {
			fc.Vars = append(fc.Vars, VarLoc{Local: l, Loc: AtRegOffset(target.X86_64RBP, int64(-8*(i+1)))})
		}
		out = append(out, fc)
	}
	return out
}

// sampleProgram exercises every declaration and type form.
func sampleProgram(arch *target.Arch) *progBuilder {
	b := newProg(arch, "sample.zig", "sample")
	ts := b.ts
	u32, u8, i16 := ts.Int(false, 32), ts.Int(false, 8), ts.Int(true, 16)
	b.global("counter", u32, 1)
	b.constant("limit", ts.Int(false, 64), 2)
	tl := b.global("tls", ts.Int(false, 64), 3)
	tl.ThreadLocal = true
	b.global("zero", ts.Int(false, 0), 4)
	b.global("neg", ts.Int(true, 0), 5)
	b.global("flag", ts.Bool, 6)
	b.global("f16v", ts.Float(16), 7)
	b.global("f80v", ts.Float(80), 8)
	b.global("size", ts.Usize, 9)
	b.global("p", ts.Pointer(lang.PointerSpec{Size: lang.PtrOne, Elem: u32}), 10)
	b.global("cp", ts.Pointer(lang.PointerSpec{Size: lang.PtrOne, Elem: u32, Const: true}), 11)
	b.global("vp", ts.Pointer(lang.PointerSpec{Size: lang.PtrMany, Elem: u8, Volatile: true}), 12)
	b.global("cvp", ts.Pointer(lang.PointerSpec{Size: lang.PtrOne, Elem: u8, Const: true, Volatile: true, AllowZero: true}), 13)
	b.global("slice", ts.Pointer(lang.PointerSpec{Size: lang.PtrSlice, Elem: u8, Const: true}), 14)
	b.global("arr", ts.Array(4, u32, nil), 15)
	b.global("sarr", ts.Array(3, u8, big.NewInt(0)), 16)
	b.global("opt", ts.Optional(u32), 17)
	b.global("optp", ts.Optional(ts.Pointer(lang.PointerSpec{Size: lang.PtrOne, Elem: u32})), 18)
	es := ts.ErrorSet([]string{"OutOfMemory", "Overflow"})
	b.global("opte", ts.Optional(es), 19)
	b.global("eu", ts.ErrorUnion(es, u32), 20)
	b.global("eu8", ts.ErrorUnion(ts.Anyerror, u8), 21)
	b.global("empty_es", ts.ErrorSet(nil), 22)
	b.global("any", ts.Anyerror, 23)
	b.global("tuple", ts.Tuple([]*lang.Type{u32, ts.Bool}), 24)
	b.global("fp", ts.Pointer(lang.PointerSpec{Size: lang.PtrOne, Elem: ts.Fn([]*lang.Type{u32, i16}, ts.Void, lang.CallConvC), Const: true}), 25)
	b.global("fp0", ts.Pointer(lang.PointerSpec{Size: lang.PtrOne, Elem: ts.Fn(nil, ts.Noreturn, lang.CallConvAuto), Const: true}), 26)
	b.global("optnr", ts.Optional(ts.Noreturn), 27)
	_, s := b.structDecl("Point", lang.LayoutAuto, 30, field("x", i16), field("y", u8), field("z", ts.Void))
	b.global("origin", s, 31)
	_, ps := b.structDecl("Flags", lang.LayoutPacked, 32, field("a", ts.Bool), field("b", ts.Int(false, 3)), field("c", ts.Int(true, 4)))
	b.global("flags", ps, 33)
	b.structDecl("Namespace", lang.LayoutAuto, 34)
	_, e := b.enumDecl("Color", u8, 35, "red", "green", "blue")
	b.global("color", e, 36)
	_, se := b.enumDecl("Sign", ts.Int(true, 8), 37, "minus", "zero", "plus")
	b.global("sign", se, 38)
	_, tu := b.unionDecl("Value", true, 39, field("int", u32), field("byte", u8), field("none", ts.Void))
	b.global("value", tu, 40)
	_, bu := b.unionDecl("Raw", false, 41, field("int", u32), field("bytes", ts.Array(4, u8, nil)))
	b.global("raw", bu, 42)
	b.add(&lang.Decl{Kind: lang.DeclAlias, Name: "Word", Value: u32, Line: 43, Col: 1})
	b.add(&lang.Decl{Kind: lang.DeclType, Name: "P2", Value: s, Line: 44, Col: 1})
	b.global("anon", anonStruct(ts), 45)
	b.fn("add", u32, 50, []*lang.Local{{Name: "a", Type: u32}, {Name: "b", Type: u32}}, []*lang.Local{{Name: "sum", Type: u32}})
	b.fn("main", ts.Void, 60, nil, nil)
	b.fn("panic", ts.Noreturn, 70, nil, []*lang.Local{{Name: "msg", Type: ts.Pointer(lang.PointerSpec{Size: lang.PtrSlice, Elem: u8, Const: true})}})
	return b
}

func anonStruct(ts *lang.Types) *lang.Type {
	t := ts.NewContainer(lang.KindStruct, "sample.anon__struct_1")
	t.Fields = []*lang.Field{field("a", ts.Int(false, 64)), field("b", ts.Bool), {Name: "c", Type: ts.Int(false, 8), Comptime: true}}
	ts.Resolve(t)
	return t
}
