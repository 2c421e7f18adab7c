// Package zigdiff compares dwarfscope with Zig 0.11 on generated
// programs: a seeded generator writes programs across the language of
// DESIGN.md (every type form, nested namespaces, every value form,
// function bodies), and the test in this package checks, for each, that
// Zig accepts it exactly when dwarfscope does, that every type's size,
// alignment, bit size and field offsets in dwarfscope's DWARF equal what
// Zig's @sizeOf/@alignOf/@bitSizeOf/@offsetOf/@bitOffsetOf say, that every
// global's initial bytes equal Zig's, and that the program builds and runs
// as a dwarfscope executable.
//
// The generator is independent of internal/corpus on purpose: it was
// written against Zig's rules, not against what dwarfscope accepts.
package zigdiff

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
)

// Program is one generated program.
type Program struct {
	Seed uint64
	Src  string
	// Invalid is set when the generator meant the program to be
	// rejected by Zig (a mutation); Why says which rule it breaks.
	Invalid bool
	Why     string
}

type kind uint8

const (
	kInt kind = iota
	kFloat
	kBool
	kEnum
	kStruct
	kTuple
	kUnion
	kOptional
	kErrUnion
	kErrSet
	kArray
	kPtr
	kSlice
	kFnPtr
	kVoid
)

// ty is a type the generator spelled, with what it needs to make values.
type ty struct {
	k      kind
	text   string
	bits   int
	signed bool
	elem   *ty
	n      int
	layout string // "", "extern", "packed"
	fields []field
	names  []string // enum fields, error names
	tagged bool     // union(enum) or union(E)
	errs   *ty      // error union's set
	konst  bool     // *const T
	// packable and externable say where the type may appear.
	packable, externable bool
	// fnName is the function a fn pointer value points at.
	fnName string
	// hasDefault fields of structs
}

type field struct {
	name string
	t    *ty
	def  string
}

type gen struct {
	r     *rand.Rand
	next  int
	out   []string // top-level declarations
	named []*ty    // named types usable anywhere
	// vars are global variables by type text, for &g and bodies.
	vars    map[string][]string
	intVars []globalInt
	fns     []string // functions `fn (u32) u32` for pointers
	body    []string
	depth   int
	byText  map[string]*ty
	// varTypes lists the keys of vars in the order they were made.
	varTypes []string
	// ns collects the declarations of the namespace being written.
	ns *[]string
}

type globalInt struct {
	name string
	t    *ty
}

func (g *gen) id(prefix string) string {
	g.next++
	return fmt.Sprintf("%s_%d", prefix, g.next)
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

var widths = []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 48, 63, 64, 65, 96, 100, 127, 128, 129, 200, 256}

func intTy(signed bool, bits int) *ty {
	p := "u"
	if signed {
		p = "i"
	}
	return &ty{k: kInt, text: fmt.Sprintf("%s%d", p, bits), bits: bits, signed: signed,
		packable: true, externable: bits == 8 || bits == 16 || bits == 32 || bits == 64 || bits == 128}
}

func (g *gen) intT() *ty {
	switch g.r.IntN(12) {
	case 0:
		return &ty{k: kInt, text: "usize", bits: 64, packable: true, externable: true}
	case 1:
		return &ty{k: kInt, text: "isize", bits: 64, signed: true, packable: true, externable: true}
	}
	return intTy(g.chance(0.45), pick(g, widths))
}

var floatBits = []int{16, 32, 64, 80, 128}

func (g *gen) scalar(extern, packed bool) *ty {
	for {
		var t *ty
		switch g.r.IntN(7) {
		case 0:
			b := pick(g, floatBits)
			t = &ty{k: kFloat, text: fmt.Sprintf("f%d", b), bits: b, packable: true, externable: true}
		case 1:
			t = &ty{k: kBool, text: "bool", packable: true, externable: true}
		case 2:
			if len(g.named) > 0 {
				t = pick(g, g.named)
				break
			}
			fallthrough
		default:
			t = g.intT()
		}
		if (!extern || t.externable) && (!packed || t.packable) {
			return t
		}
	}
}

// typ returns a random type; extern and packed restrict it to what an
// extern or packed container may hold.
func (g *gen) typ(extern, packed bool) *ty {
	if g.depth > 2 || packed {
		if packed && g.depth <= 2 && g.chance(0.2) {
			g.depth++
			defer func() { g.depth-- }()
			return g.container("packed")
		}
		return g.scalar(extern, packed)
	}
	g.depth++
	defer func() { g.depth-- }()
	switch g.r.IntN(14) {
	case 0:
		e := g.typ(extern, false)
		n := g.r.IntN(4)
		return &ty{k: kArray, text: fmt.Sprintf("[%d]%s", n, e.text), elem: e, n: n, externable: e.externable}
	case 1:
		if extern {
			return g.scalar(true, false)
		}
		e := g.typ(false, false)
		return &ty{k: kOptional, text: "?" + e.text, elem: e}
	case 2:
		if extern {
			return g.scalar(true, false)
		}
		set := g.errSet()
		e := g.typ(false, false)
		return &ty{k: kErrUnion, text: set.text + "!" + e.text, elem: e, errs: set}
	case 3:
		if extern || len(g.vars) == 0 {
			return g.scalar(extern, false)
		}
		// a pointer to a type some global variable has
		e := g.byText[pick(g, g.varTypes)]
		c := g.chance(0.5)
		p := "*"
		if c {
			p = "*const "
		}
		return &ty{k: kPtr, text: p + e.text, elem: e, konst: c, externable: true}
	case 4:
		if extern {
			return g.scalar(true, false)
		}
		return &ty{k: kSlice, text: "[]const u8", elem: intTy(false, 8)}
	case 5:
		if extern {
			return g.scalar(true, false)
		}
		t := &ty{k: kTuple}
		var texts []string
		for i := 0; i < 1+g.r.IntN(3); i++ {
			ft := g.typ(false, false)
			t.fields = append(t.fields, field{t: ft})
			texts = append(texts, ft.text)
		}
		t.text = "struct { " + strings.Join(texts, ", ") + " }"
		return t
	case 6, 7:
		if extern {
			return g.container("extern")
		}
		return g.container(pick(g, []string{"", "", "extern", "packed", "union", "union"}))
	case 8:
		if len(g.fns) > 0 {
			return &ty{k: kFnPtr, text: "*const fn (u32) u32", fnName: pick(g, g.fns), externable: true}
		}
	}
	return g.scalar(extern, false)
}

func (g *gen) errSet() *ty {
	if g.chance(0.2) {
		return &ty{k: kErrSet, text: "anyerror", names: []string{"Oops"}}
	}
	n := 1 + g.r.IntN(3)
	var names []string
	for i := 0; i < n; i++ {
		names = append(names, fmt.Sprintf("E%d", g.r.IntN(6)))
	}
	names = dedupe(names)
	return &ty{k: kErrSet, text: "error{" + strings.Join(names, ", ") + "}", names: names}
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// container declares a named struct, union or enum and returns it.
func (g *gen) container(layout string) *ty {
	switch layout {
	case "union":
		return g.union()
	case "enum":
		return g.enum()
	}
	name := g.id("S")
	t := &ty{k: kStruct, text: name, layout: layout, packable: layout == "packed", externable: layout == "extern"}
	n := 1 + g.r.IntN(5)
	var lines []string
	for i := 0; i < n; i++ {
		ft := g.typ(layout == "extern", layout == "packed")
		f := field{name: fmt.Sprintf("f%d", i), t: ft}
		if layout != "packed" && g.chance(0.2) {
			f.def = g.value(ft)
		}
		t.fields = append(t.fields, f)
		line := "    " + f.name + ": " + ft.text
		if f.def != "" {
			line += " = " + f.def
		}
		lines = append(lines, line+",")
	}
	kw := "struct"
	if layout != "" {
		kw = layout + " struct"
	}
	g.decl(name, "pub const "+name+" = "+kw+" {\n"+strings.Join(lines, "\n")+"\n};")
	g.named = append(g.named, t)
	return t
}

func (g *gen) enum() *ty {
	name := g.id("E")
	n := 1 + g.r.IntN(5)
	t := &ty{k: kEnum, text: name, packable: false, externable: false}
	tagText := ""
	var tag *ty
	if g.chance(0.7) {
		bits := 3 + g.r.IntN(14)
		tag = intTy(g.chance(0.4), bits)
		tagText = "(" + tag.text + ")"
		t.packable, t.externable = true, tag.externable
	}
	var lines []string
	used := map[string]bool{}
	for i := 0; i < n; i++ {
		fname := fmt.Sprintf("v%d", i)
		t.names = append(t.names, fname)
		line := "    " + fname
		if tag != nil && g.chance(0.5) {
			lo, hi := intRange(tag.signed, tag.bits)
			v := randIn(g, lo, hi)
			if !used[v.String()] {
				// later implicit values must not collide: keep explicit values
				// negative or large only when the rest are explicit too
				line += " = " + v.String()
				used[v.String()] = true
			}
		}
		lines = append(lines, line+",")
	}
	if len(used) > 0 {
		// give every field an explicit, distinct value so implicit ones cannot collide
		lines = lines[:0]
		lo, hi := intRange(tag.signed, tag.bits)
		seen := map[string]bool{}
		for _, fname := range t.names {
			v := randIn(g, lo, hi)
			for seen[v.String()] {
				v = randIn(g, lo, hi)
			}
			seen[v.String()] = true
			lines = append(lines, "    "+fname+" = "+v.String()+",")
		}
	}
	g.decl(name, "pub const "+name+" = enum"+tagText+" {\n"+strings.Join(lines, "\n")+"\n};")
	g.named = append(g.named, t)
	return t
}

func (g *gen) union() *ty {
	name := g.id("U")
	t := &ty{k: kUnion, text: name}
	mode := g.r.IntN(5)
	head := "union"
	switch mode {
	case 1, 2:
		head = "union(enum)"
		t.tagged = true
	case 3:
		head = fmt.Sprintf("union(enum(u%d))", 8+g.r.IntN(9))
		t.tagged = true
	case 4:
		head = "packed union"
		t.layout = "packed"
		t.packable = true
	}
	n := 1 + g.r.IntN(4)
	var lines []string
	for i := 0; i < n; i++ {
		ft := g.typ(false, t.layout == "packed")
		if t.layout == "packed" && ft.k != kInt && ft.k != kBool {
			ft = g.intT()
		}
		t.fields = append(t.fields, field{name: fmt.Sprintf("u%d", i), t: ft})
		lines = append(lines, "    u"+fmt.Sprint(i)+": "+ft.text+",")
	}
	g.decl(name, "pub const "+name+" = "+head+" {\n"+strings.Join(lines, "\n")+"\n};")
	g.named = append(g.named, t)
	return t
}

func intRange(signed bool, bits int) (lo, hi *big.Int) {
	if bits == 0 {
		return big.NewInt(0), big.NewInt(0)
	}
	if signed {
		hi = new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
		lo = new(big.Int).Neg(hi)
		return lo, hi.Sub(hi, big.NewInt(1))
	}
	hi = new(big.Int).Lsh(big.NewInt(1), uint(bits))
	return big.NewInt(0), hi.Sub(hi, big.NewInt(1))
}

func randIn(g *gen, lo, hi *big.Int) *big.Int {
	switch g.r.IntN(5) {
	case 0:
		return new(big.Int).Set(lo)
	case 1:
		return new(big.Int).Set(hi)
	}
	span := new(big.Int).Sub(hi, lo)
	span.Add(span, big.NewInt(1))
	v := new(big.Int)
	for i := 0; i <= span.BitLen()/63; i++ {
		v.Lsh(v, 63)
		v.Or(v, big.NewInt(g.r.Int64N(1<<62)))
	}
	v.Mod(v, span)
	return v.Add(v, lo)
}

// intLit spells v in a random base.
func (g *gen) intLit(v *big.Int) string {
	a := new(big.Int).Abs(v)
	var s string
	switch g.r.IntN(5) {
	case 0:
		s = "0x" + a.Text(16)
	case 1:
		s = "0o" + a.Text(8)
	case 2:
		s = "0b" + a.Text(2)
	default:
		s = a.Text(10)
		if len(s) > 5 && g.chance(0.5) {
			s = s[:2] + "_" + s[2:]
		}
	}
	if v.Sign() < 0 {
		return "-" + s
	}
	return s
}

// intValue returns a constant expression of integer type t.
func (g *gen) intValue(t *ty) string {
	lo, hi := intRange(t.signed, t.bits)
	v := randIn(g, lo, hi)
	switch g.r.IntN(8) {
	case 0:
		// folded arithmetic: v = a + b
		b := randIn(g, big.NewInt(-50), big.NewInt(50))
		a := new(big.Int).Sub(v, b)
		return "(" + g.intLit(a) + ") + (" + g.intLit(b) + ")"
	case 1:
		// comptime division and remainder of possibly negative numbers
		d := big.NewInt(int64(1 + g.r.IntN(9)))
		a := new(big.Int).Mul(v, d)
		if v.Sign() != 0 && g.chance(0.5) {
			// truncating division toward zero: a/d with remainder
			extra := big.NewInt(int64(g.r.IntN(int(d.Int64()))))
			if v.Sign() < 0 {
				extra.Neg(extra)
			}
			a.Add(a, extra)
		}
		return "(" + g.intLit(a) + ") / " + d.String()
	case 2:
		if t.bits > 0 {
			c := g.id("k")
			g.decl(c, fmt.Sprintf("pub const %s: %s = %s;", c, t.text, g.intLit(v)))
			s := g.r.IntN(min(3, t.bits)) // the amount must fit std.math.Log2Int
			if t.signed {
				return fmt.Sprintf("%s >> %d", c, s)
			}
			return fmt.Sprintf("%s << %d", c, s)
		}
	case 3:
		if !t.signed && t.bits > 0 {
			return g.intLit(v) + " & " + g.intLit(randIn(g, lo, hi))
		}
	case 4:
		if t.bits > 0 && g.chance(0.3) {
			return "undefined"
		}
	}
	return g.intLit(v)
}

var floatLits = []string{"0.0", "1.5", "-2.25", "0.1", "3.3333", "1e10", "-0.0", "123.456", "0x1.8p3", "6.02e23"}

// value returns a constant expression of type t.
func (g *gen) value(t *ty) string {
	switch t.k {
	case kInt:
		if t.bits == 0 {
			return "0"
		}
		return g.intValue(t)
	case kFloat:
		if g.chance(0.3) {
			return pick(g, floatLits) + " * " + pick(g, floatLits)
		}
		return pick(g, floatLits)
	case kBool:
		return pick(g, []string{"true", "false"})
	case kEnum:
		return "." + pick(g, t.names)
	case kStruct:
		var parts []string
		for _, f := range t.fields {
			if f.def != "" && g.chance(0.5) {
				continue
			}
			parts = append(parts, "."+f.name+" = "+g.value(f.t))
		}
		return ".{ " + strings.Join(parts, ", ") + " }"
	case kTuple:
		var parts []string
		for _, f := range t.fields {
			parts = append(parts, g.value(f.t))
		}
		return ".{ " + strings.Join(parts, ", ") + " }"
	case kUnion:
		f := pick(g, t.fields)
		return ".{ ." + f.name + " = " + g.value(f.t) + " }"
	case kArray:
		var parts []string
		for i := 0; i < t.n; i++ {
			parts = append(parts, g.value(t.elem))
		}
		return ".{ " + strings.Join(parts, ", ") + " }"
	case kOptional:
		if g.chance(0.3) {
			return "null"
		}
		return g.value(t.elem)
	case kErrUnion:
		if g.chance(0.3) {
			return "error." + pick(g, t.errs.names)
		}
		return g.value(t.elem)
	case kPtr:
		return "&" + pick(g, g.vars[t.elem.text])
	case kSlice:
		return pick(g, []string{`"hi"`, `"dwarf\n"`, `""`, `"\x00\xff"`})
	case kFnPtr:
		return "&" + t.fnName
	case kVoid:
		return "{}"
	}
	panic("zigdiff: no value for " + t.text)
}

func (g *gen) decl(name, text string) {
	g.out = append(g.out, text)
}

// global declares a variable or constant at the top level, or in the
// namespace being written (ns != nil) with the qualified name prefix.
func (g *gen) global(prefix string) {
	t := g.typ(false, false)
	isVar := g.chance(0.75)
	name := g.id("g")
	kw := "const"
	if isVar {
		kw = "var"
	}
	v := g.value(t)
	if g.chance(0.05) {
		v = "undefined"
	}
	line := fmt.Sprintf("pub %s %s: %s = %s;", kw, name, t.text, v)
	if g.ns != nil {
		*g.ns = append(*g.ns, "    "+line)
	} else {
		g.out = append(g.out, line)
	}
	if !isVar {
		return
	}
	full := prefix + name
	if strings.Contains(t.text, "struct {") {
		return // anonymous structs are distinct types: nothing can point at this one
	}
	if g.vars[t.text] == nil {
		g.varTypes = append(g.varTypes, t.text)
	}
	g.vars[t.text] = append(g.vars[t.text], full)
	g.byText[t.text] = t
	if t.k == kInt && t.bits > 0 {
		g.intVars = append(g.intVars, globalInt{full, t})
		g.useInt(full, t)
	}
	if t.k == kStruct && t.layout == "packed" {
		for _, f := range t.fields {
			if f.t.k == kInt && f.t.bits > 0 && g.chance(0.5) {
				g.body = append(g.body, fmt.Sprintf("%s.%s = %s.%s +%% 1;", full, f.name, full, f.name))
			}
		}
	}
}

// useInt writes statements of main that compute with the global.
func (g *gen) useInt(name string, t *ty) {
	switch g.r.IntN(5) {
	case 0:
		lo, hi := intRange(false, min(t.bits-1, 6))
		g.body = append(g.body, fmt.Sprintf("%s = %s +%% %s;", name, name, g.intLit(randIn(g, lo, hi))))
	case 1:
		l := g.id("l")
		g.body = append(g.body, fmt.Sprintf("var %s: %s = %s;", l, t.text, name),
			fmt.Sprintf("%s = %s *%% 3;", l, l), fmt.Sprintf("%s = %s ^ %s;", name, name, l))
	case 2:
		f := g.id("h")
		g.out = append(g.out, fmt.Sprintf("pub fn %s(x: %s, y: %s) %s {\n    const z = x -%% y;\n    return z | x;\n}", f, t.text, t.text, t.text))
		g.body = append(g.body, fmt.Sprintf("%s = %s(%s, %s);", name, f, name, name))
	case 3:
		g.body = append(g.body, fmt.Sprintf("_ = &%s;", name))
	}
}

// function declares `fn (u32) u32` functions (for function pointers) and
// C-calling-convention functions with float parameters.
func (g *gen) function() {
	name := g.id("f")
	if g.chance(0.5) {
		g.out = append(g.out, fmt.Sprintf("pub fn %s(x: u32) u32 {\n    return x +%% %d;\n}", name, g.r.IntN(100)))
		g.fns = append(g.fns, name)
		g.body = append(g.body, fmt.Sprintf("_ = %s(%d);", name, g.r.IntN(9)))
		return
	}
	fb := pick(g, []int{32, 64})
	g.out = append(g.out, fmt.Sprintf("pub fn %s(x: f%d, n: u32) callconv(.C) u32 {\n    _ = x;\n    return n +%% 1;\n}", name, fb))
	g.body = append(g.body, fmt.Sprintf("_ = %s(1.5, 2);", name))
}

// namespace declares a nested container with variables, and uses them
// from main and from a global pointer.
func (g *gen) namespace() {
	name := g.id("ns")
	var lines []string
	outer := g.ns
	g.ns = &lines
	n := 1 + g.r.IntN(3)
	for i := 0; i < n; i++ {
		g.global(name + ".")
	}
	g.ns = outer
	g.out = append(g.out, "pub const "+name+" = struct {\n"+strings.Join(lines, "\n")+"\n};")
}

// Generate returns the program for seed: named types, globals (some in
// nested namespaces), functions and a main whose body computes over
// them.
func Generate(seed uint64) Program {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x51ed2705)), vars: map[string][]string{}, byText: map[string]*ty{}}
	n := 8 + g.r.IntN(10)
	for i := 0; i < n; i++ {
		switch g.r.IntN(6) {
		case 0:
			g.container(pick(g, []string{"", "extern", "packed", "union", "enum"}))
		case 1:
			g.function()
		case 2:
			g.namespace()
		default:
			g.global("")
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "// zigdiff program, seed %d\n", seed)
	for _, d := range g.out {
		b.WriteString(d)
		b.WriteString("\n")
	}
	// One program in ten breaks one of Zig's rules, so that the test
	// also sees Zig reject what we must reject. A generator of its own
	// decides, so the valid programs stay the same for every seed.
	m := rand.New(rand.NewPCG(seed, 0x6d757461))
	p := Program{Seed: seed}
	body := g.body
	if m.IntN(10) == 0 {
		mut := mutations[m.IntN(len(mutations))]
		p.Invalid, p.Why = true, mut.why
		b.WriteString(mut.decl)
		body = append(append([]string(nil), body...), mut.stmts...)
	}
	b.WriteString("pub fn main() void {\n")
	for _, s := range body {
		b.WriteString("    " + s + "\n")
	}
	b.WriteString("}\n")
	p.Src = b.String()
	return p
}

// mutations each break one rule of Zig 0.11 with a declaration and
// statements added to main.
var mutations = []struct {
	why   string
	decl  string
	stmts []string
}{
	{"unused local variable", "", []string{"var zz_unused: u32 = 1;"}},
	{"unused local constant", "", []string{"const zz_unused: u32 = 1;"}},
	{"pointless discard", "pub fn zz_f(x: u32) u32 {\n    _ = x;\n    return x;\n}\n", []string{"_ = zz_f(1);"}},
	{"parameter shadows a declaration", "pub const zz_a: u32 = 1;\npub fn zz_f(zz_a: u32) u32 {\n    return zz_a;\n}\n", []string{"_ = zz_f(1);"}},
	{"local shadows a declaration", "pub const zz_a: u32 = 1;\n", []string{"var zz_a: u32 = 2;", "_ = &zz_a;"}},
	{"leading zero", "pub var zz_lz: u32 = 007;\n", nil},
	{"implicit return", "pub fn zz_f() u32 {\n    const y: u32 = 2;\n    _ = y;\n}\n", []string{"_ = zz_f();"}},
	{"unreachable code", "", []string{"return;", "_ = 1;"}},
	{"discarded error", "pub fn zz_g() anyerror!u32 {\n    return 1;\n}\n", []string{"_ = zz_g();"}},
	{"comptime-only variable", "pub var zz_nr: ?noreturn = null;\n", nil},
	{"export of a non-extern type", "const ZzS = struct { a: u32 };\nexport var zz_s: ZzS = .{ .a = 1 };\n", nil},
	{"non-C parameter", "const ZzS = struct { a: u32 };\nexport fn zz_c(x: ZzS) callconv(.C) void {\n    _ = x;\n}\n", nil},
	{"address of a threadlocal", "threadlocal var zz_t: u32 = 0;\npub var zz_p: *u32 = &zz_t;\n", nil},
	{"remainder of a negative number", "pub var zz_r: i8 = -7 % 2;\n", nil},
}
