package corpus

import (
	"fmt"
	"math/big"
	"strings"
)

// An item adds one or more related top-level declarations.
type item func(g *generator)

var items = []item{
	(*generator).itemVar,
	(*generator).itemVar,
	(*generator).itemConst,
	(*generator).itemThreadlocal,
	(*generator).itemExport,
	(*generator).itemConstArith,
	(*generator).itemWrapConst,
	(*generator).itemNamespace,
	(*generator).itemAlias,
	(*generator).itemForward,
	(*generator).itemRecursive,
	(*generator).itemFunc,
	(*generator).itemFunc,
	(*generator).itemVoidFunc,
}

func (g *generator) itemVar() {
	t, name := g.globalDecl("var", "global")
	if t.kind == tInt && workable(t.text) {
		g.intVars[t.text] = append(g.intVars[t.text], name)
	}
}

func (g *generator) itemConst() { g.globalDecl("const", "constant") }

// globalDecl declares a global of a random type with a value, sometimes pub:
// keyword is "var" or "const", prefix the start of its name.
func (g *generator) globalDecl(keyword, prefix string) (*gtype, string) {
	t := g.typ(false)
	name := g.name(prefix)
	pub := ""
	if g.chance(0.2) {
		pub = "pub "
		g.feat("decl.pub_" + keyword)
	}
	g.feat("decl." + keyword)
	g.add(fmt.Sprintf("%s%s %s: %s = %s;", pub, keyword, name, t.text, g.value(t)), g.chance(0.2))
	g.refs = append(g.refs, name)
	return t, name
}

func (g *generator) itemThreadlocal() {
	w := pick(g, workTypes)
	name := g.name("tls")
	g.feat("decl.threadlocal")
	bits, signed := workBits(w)
	g.add(fmt.Sprintf("threadlocal var %s: %s = %s;", name, w, g.intLit(g.intValue(signed, bits))), false)
	g.refs = append(g.refs, name)
	g.intVars[w] = append(g.intVars[w], name)
}

func (g *generator) itemExport() {
	t := g.typ(true)
	name := g.name("exported")
	if g.chance(0.5) {
		g.feat("decl.export_var")
		g.add(fmt.Sprintf("export var %s: %s = %s;", name, t.text, g.value(t)), false)
	} else {
		g.feat("decl.export_const")
		g.add(fmt.Sprintf("export const %s: %s = %s;", name, t.text, g.value(t)), false)
	}
	g.refs = append(g.refs, name)
}

func (g *generator) itemConstArith() {
	signed := g.chance(0.4)
	bits := pick(g, []int{8, 16, 24, 32, 64, 65, 128})
	name := g.name("folded")
	g.feat("decl.const_arith")
	g.noteInt(signed, bits)
	g.add(fmt.Sprintf("const %s: %s = %s;", name, intText(signed, bits), g.constExpr(signed, bits)), false)
	g.refs = append(g.refs, name)
}

// itemWrapConst folds wrapping arithmetic on a typed constant.
func (g *generator) itemWrapConst() {
	signed := g.chance(0.4)
	bits := pick(g, []int{8, 16, 32, 64, 7, 12})
	typ := intText(signed, bits)
	base := g.name("base")
	bv := g.intValue(signed, bits)
	g.add(fmt.Sprintf("const %s: %s = %s;", base, typ, g.intLit(bv)), g.chance(0.3))
	name := g.name("wrapped")
	// the literal operand must itself be a value of the type
	_, hi := intRange(signed, bits)
	limit := int64(999)
	if hi.IsInt64() {
		limit = min(hi.Int64(), limit)
	}
	k := g.r.Int64N(limit + 1)
	var expr string
	switch g.r.IntN(5) {
	case 0:
		expr = fmt.Sprintf("%s +%% %d", base, k)
	case 1:
		expr = fmt.Sprintf("%s -%% %d", base, k)
	case 2:
		expr = fmt.Sprintf("%s *%% %d", base, k)
	case 3:
		expr = "~" + base
		g.feat("const.not")
	default:
		expr = "-%" + base
	}
	g.feat("decl.const_wrap")
	g.add(fmt.Sprintf("const %s: %s = %s;", name, typ, expr), false)
	g.refs = append(g.refs, base, name)
}

func (g *generator) itemNamespace() {
	name := g.name("ns")
	g.feat("decl.namespace")
	inner := g.name("Inner")
	w := pick(g, workTypes)
	bits, signed := workBits(w)
	counter := g.name("counter")
	fn := g.name("bump")
	var b strings.Builder
	fmt.Fprintf(&b, "const %s = struct {\n", name)
	fmt.Fprintf(&b, "    pub const %s = struct { x: %s = %s, ok: bool = true };\n", inner, w, g.intLit(g.intValue(signed, bits)))
	fmt.Fprintf(&b, "    pub var %s: %s = %s;\n", counter, w, g.intLit(g.intValue(signed, bits)))
	nested := ""
	if g.chance(0.5) {
		nested = g.name("deep")
	}
	if nested != "" {
		fmt.Fprintf(&b, "    pub fn %s(v: %s) %s {\n        return (v +%% %s) +%% %s.limit;\n    }\n", fn, w, w, counter, nested)
	} else {
		fmt.Fprintf(&b, "    pub fn %s(v: %s) %s {\n        return v +%% %s;\n    }\n", fn, w, w, counter)
	}
	if nested != "" {
		g.feat("decl.namespace_nested")
		fmt.Fprintf(&b, "    pub const %s = struct {\n        pub const limit: %s = %s;\n    };\n", nested, w, g.intLit(g.intValue(signed, bits)))
	}
	b.WriteString("};")
	g.add(b.String(), g.chance(0.3))
	v := g.name("instance")
	g.add(fmt.Sprintf("var %s: %s.%s = .{};", v, name, inner), false)
	// bump reads counter (and deep.limit), so Zig analyses them without
	// an address taken from outside the namespace
	g.refs = append(g.refs, v)
	g.entry = append(g.entry, fmt.Sprintf("_ = %s.%s(%d);", name, fn, 1+g.r.IntN(9)))
}

func (g *generator) itemAlias() {
	t := g.typ(false)
	alias := g.name("Alias")
	g.feat("decl.alias")
	g.add(fmt.Sprintf("const %s = %s;", alias, t.text), g.chance(0.3))
	v := g.name("aliased")
	g.add(fmt.Sprintf("var %s: %s = %s;", v, alias, g.value(t)), false)
	g.refs = append(g.refs, v)
}

// itemForward declares a variable whose type and initial value are
// declared after it.
func (g *generator) itemForward() {
	signed := g.chance(0.3)
	bits := pick(g, []int{16, 32, 64})
	typ := intText(signed, bits)
	later := g.name("later")
	lv := big.NewInt(int64(g.r.IntN(1000)))
	v := g.name("early")
	g.feat("decl.forward_ref")
	g.add(fmt.Sprintf("var %s: %s = %s + %d;", v, typ, later, g.r.IntN(1000)), false)
	g.late = append(g.late, fmt.Sprintf("const %s: %s = %s;", later, typ, g.intLit(lv)))
	g.refs = append(g.refs, v, later)
}

func (g *generator) itemRecursive() {
	if g.chance(0.5) {
		t := g.structType("", true)
		a := g.name("node")
		b := g.name("node")
		g.add(fmt.Sprintf("var %s: %s = %s;", a, t.text, g.value(t)), false)
		last := t.fields[len(t.fields)-1].name
		init := g.structValue(t, last)
		if init == ".{}" {
			init = fmt.Sprintf(".{ .%s = &%s }", last, a)
		} else {
			init = strings.TrimSuffix(init, " }") + fmt.Sprintf(", .%s = &%s }", last, a)
		}
		g.add(fmt.Sprintf("var %s: %s = %s;", b, t.text, init), false)
		g.refs = append(g.refs, a, b)
		return
	}
	// mutually recursive through optional pointers, the second declared later
	a, b := g.name("Left"), g.name("Right")
	g.feat("type.recursive", "type.recursive_mutual", "decl.forward_ref")
	g.add(fmt.Sprintf("const %s = struct { other: ?*%s = null, tag: u8 = 1 };", a, b), false)
	g.late = append(g.late, fmt.Sprintf("const %s = struct { other: ?*const %s, weight: u32 };", b, a))
	x, y := g.name("left"), g.name("right")
	g.add(fmt.Sprintf("var %s: %s = .{};", x, a), false)
	g.add(fmt.Sprintf("var %s: %s = .{ .other = &%s, .weight = %d };", y, b, x, g.r.IntN(100)), false)
	g.refs = append(g.refs, x, y)
}
