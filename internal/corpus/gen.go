package corpus

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
)

// generator builds one program. Top-level declarations are collected in
// decls (in program order) and late (appended at the end, so earlier
// declarations refer forward to them).
type generator struct {
	r        *rand.Rand
	decls    []string
	late     []string
	features map[string]bool
	next     int
	// refs are the globals the entry function takes the address of, so
	// that Zig analyses every declaration.
	refs []string
	// entry holds the entry function's statements.
	entry []string
	// intVars maps an integer type to global variables of that type a
	// function body may read and assign.
	intVars map[string][]string
	// funcs lists functions a body may call, by signature key.
	funcs []genFunc
	depth int
}

type genFunc struct {
	name  string
	work  string // integer type of params and result
	arity int
	void  bool
}

func newGenerator(seed uint64) *generator {
	return &generator{
		r:        rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		features: map[string]bool{},
		intVars:  map[string][]string{},
	}
}

func (g *generator) feat(names ...string) {
	for _, n := range names {
		g.features[n] = true
	}
}

func (g *generator) name(prefix string) string {
	g.next++
	return fmt.Sprintf("%s_%d", prefix, g.next)
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](g *generator, xs []T) T { return xs[g.r.IntN(len(xs))] }

// add appends a top-level declaration; with forward set it goes to the
// end of the file instead.
func (g *generator) add(decl string, forward bool) {
	if forward {
		g.late = append(g.late, decl)
	} else {
		g.decls = append(g.decls, decl)
	}
}

// --- integers and literals ---

var intWidths = []int{0, 1, 2, 3, 5, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 48, 63, 64, 65, 100, 127, 128, 129, 200, 256, 1000, 65535}

func (g *generator) intType() *gtype {
	switch g.r.IntN(10) {
	case 0:
		g.feat("type.usize")
		return &gtype{kind: tInt, text: "usize", bits: 32} // values valid on 32-bit targets too
	case 1:
		g.feat("type.isize")
		return &gtype{kind: tInt, text: "isize", bits: 32, signed: true}
	}
	bits := pick(g, intWidths)
	if bits == 65535 && g.r.IntN(4) != 0 {
		bits = 13 // keep the huge ones rare
	}
	signed := g.chance(0.4)
	g.noteInt(signed, bits)
	return &gtype{kind: tInt, text: intText(signed, bits), bits: bits, signed: signed}
}

func (g *generator) noteInt(signed bool, bits int) {
	switch {
	case bits == 0 && signed:
		g.feat("type.i0")
	case bits == 0:
		g.feat("type.u0")
	case bits > 64:
		g.feat("type.int_wide")
	case bits&(bits-1) != 0:
		g.feat("type.int_odd")
	default:
		g.feat("type.int_pow2")
	}
	if signed {
		g.feat("type.int_signed")
	}
}

// intLit spells v in a random base, sometimes with _ separators.
func (g *generator) intLit(v *big.Int) string {
	neg := v.Sign() < 0
	a := new(big.Int).Abs(v)
	var s string
	switch g.r.IntN(6) {
	case 0:
		s = "0x" + a.Text(16)
		g.feat("lit.hex")
	case 1:
		s = "0o" + a.Text(8)
		g.feat("lit.octal")
	case 2:
		if a.BitLen() <= 24 {
			s = "0b" + a.Text(2)
			g.feat("lit.binary")
		} else {
			s = a.Text(10)
		}
	default:
		s = a.Text(10)
	}
	if len(s) > 6 && g.chance(0.5) {
		s = underscore(s)
		g.feat("lit.underscore")
	}
	if neg {
		return "-" + s
	}
	return s
}

// underscore puts a _ between groups of four digits.
func underscore(s string) string {
	prefix := ""
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b') {
		prefix, s = s[:2], s[2:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%4 == 0 {
			b.WriteByte('_')
		}
		b.WriteRune(c)
	}
	return prefix + b.String()
}

// intValue returns a random value of the integer type.
func (g *generator) intValue(signed bool, bits int) *big.Int {
	lo, hi := intRange(signed, bits)
	switch g.r.IntN(5) {
	case 0:
		return lo
	case 1:
		return hi
	}
	span := new(big.Int).Sub(hi, lo)
	span.Add(span, big.NewInt(1))
	if span.BitLen() <= 62 {
		return new(big.Int).Add(lo, big.NewInt(g.r.Int64N(span.Int64())))
	}
	// a random value of up to bits bits
	v := new(big.Int)
	for i := 0; i < (bits+63)/64; i++ {
		v.Lsh(v, 64)
		v.Or(v, new(big.Int).SetUint64(g.r.Uint64()))
	}
	return wrap(v, signed, bits)
}

// --- types ---

// typ returns a random type. extern restricts it to extern-compatible
// types.
func (g *generator) typ(extern bool) *gtype {
	if g.depth > 3 {
		return g.scalar(extern)
	}
	g.depth++
	defer func() { g.depth-- }()
	if extern {
		switch g.r.IntN(6) {
		case 0:
			return g.structType("extern", false)
		case 1:
			return g.arrayType(true)
		}
		return g.scalar(true)
	}
	switch g.r.IntN(20) {
	case 0, 1:
		return g.ptrType()
	case 2:
		return g.sliceType()
	case 3:
		return g.arrayType(false)
	case 4:
		return g.optionalType()
	case 5:
		return g.errUnionType()
	case 6:
		return g.errSetType()
	case 7:
		return g.structType(pick(g, []string{"", "extern", "packed"}), false)
	case 8:
		return g.tupleType()
	case 9:
		return g.enumType()
	case 10:
		return g.unionType()
	}
	return g.scalar(false)
}

var externInts = []string{"u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"}

func (g *generator) scalar(extern bool) *gtype {
	if extern {
		switch g.r.IntN(8) {
		case 0:
			g.feat("type.bool")
			return &gtype{kind: tBool, text: "bool"}
		case 1:
			bits := pick(g, []int{32, 64})
			g.feat(fmt.Sprintf("type.f%d", bits))
			return &gtype{kind: tFloat, text: fmt.Sprintf("f%d", bits), bits: bits}
		}
		s := pick(g, externInts)
		var bits int
		fmt.Sscan(s[1:], &bits)
		g.noteInt(s[0] == 'i', bits)
		return &gtype{kind: tInt, text: s, bits: bits, signed: s[0] == 'i'}
	}
	switch g.r.IntN(8) {
	case 0:
		g.feat("type.bool")
		return &gtype{kind: tBool, text: "bool"}
	case 1, 2:
		bits := pick(g, []int{16, 32, 64, 80, 128})
		g.feat(fmt.Sprintf("type.f%d", bits))
		return &gtype{kind: tFloat, text: fmt.Sprintf("f%d", bits), bits: bits}
	case 3:
		if g.chance(0.3) {
			g.feat("type.void")
			return &gtype{kind: tVoid, text: "void"}
		}
	}
	return g.intType()
}

func (g *generator) ptrType() *gtype {
	elem := g.nameAnon(g.typ(false))
	switch g.r.IntN(4) {
	case 0:
		g.feat("type.ptr_many")
		// [*]T points into an array
		return &gtype{kind: tManyPtr, text: "[*]" + elem.text, elem: elem}
	case 1:
		g.feat("type.ptr_const")
		return &gtype{kind: tPtr, text: "*const " + elem.text, elem: elem, isC: true}
	}
	g.feat("type.ptr")
	return &gtype{kind: tPtr, text: "*" + elem.text, elem: elem}
}

func (g *generator) sliceType() *gtype {
	if g.chance(0.25) {
		u8 := &gtype{kind: tInt, text: "u8", bits: 8}
		if g.chance(0.5) {
			g.feat("type.slice_sentinel")
			return &gtype{kind: tSlice, text: "[:0]const u8", elem: u8, isC: true, sent: true}
		}
		g.feat("type.slice_const")
		return &gtype{kind: tSlice, text: "[]const u8", elem: u8, isC: true}
	}
	elem := g.nameAnon(g.typ(false))
	if g.chance(0.5) {
		g.feat("type.slice_const")
		return &gtype{kind: tSlice, text: "[]const " + elem.text, elem: elem, isC: true}
	}
	g.feat("type.slice")
	return &gtype{kind: tSlice, text: "[]" + elem.text, elem: elem}
}

func (g *generator) arrayType(extern bool) *gtype {
	n := 1 + g.r.IntN(4)
	if g.chance(0.2) && !extern {
		g.feat("type.array_sentinel")
		u := pick(g, []string{"u8", "u16", "u32"})
		var bits int
		fmt.Sscan(u[1:], &bits)
		elem := &gtype{kind: tInt, text: u, bits: bits}
		return &gtype{kind: tArray, text: fmt.Sprintf("[%d:0]%s", n, u), elem: elem, n: n, sent: true}
	}
	var elem *gtype
	if g.chance(0.25) {
		elem = g.arrayType(extern)
		g.feat("type.array_nested")
	} else if extern {
		elem = g.scalar(true)
	} else {
		elem = g.typ(false)
	}
	g.feat("type.array")
	return &gtype{kind: tArray, text: fmt.Sprintf("[%d]%s", n, elem.text), elem: elem, n: n}
}

func (g *generator) optionalType() *gtype {
	var elem *gtype
	if g.chance(0.4) {
		elem = g.ptrType()
		if elem.kind == tManyPtr {
			elem = &gtype{kind: tPtr, text: "*" + elem.elem.text, elem: elem.elem}
		}
		g.feat("type.ptr_optional")
	} else if g.chance(0.1) {
		return g.fnPtrType()
	} else {
		elem = g.typ(false)
		for elem.kind == tOptional || elem.kind == tFnPtr {
			elem = g.scalar(false)
		}
	}
	g.feat("type.optional")
	return &gtype{kind: tOptional, text: "?" + elem.text, elem: elem}
}

// fnPtrType declares a function type alias and returns ?*const Alias.
func (g *generator) fnPtrType() *gtype {
	name := g.name("FnType")
	work := pick(g, []string{"u32", "u64", "i32"})
	g.add(fmt.Sprintf("const %s = fn (%s, %s) %s;", name, work, work, work), g.chance(0.3))
	g.feat("type.fn", "decl.alias")
	return &gtype{kind: tFnPtr, text: "?*const " + name}
}

var errNames = []string{"Oops", "Bad", "NotFound", "Overflow", "Denied", "Busy", "Gone", "Late"}

func (g *generator) errSetType() *gtype {
	if g.chance(0.3) {
		g.feat("type.anyerror")
		return &gtype{kind: tErrSet, text: "anyerror"}
	}
	n := 1 + g.r.IntN(4)
	perm := g.r.Perm(len(errNames))
	var names []string
	for _, i := range perm[:n] {
		names = append(names, errNames[i])
	}
	g.feat("type.errset")
	if g.chance(0.3) {
		// inline error{...}
		return &gtype{kind: tErrSet, text: "error{ " + strings.Join(names, ", ") + " }", names: names}
	}
	name := g.name("Errors")
	g.add(fmt.Sprintf("const %s = error{ %s };", name, strings.Join(names, ", ")), g.chance(0.3))
	return &gtype{kind: tErrSet, text: name, names: names}
}

func (g *generator) errUnionType() *gtype {
	set := g.errSetType()
	payload := g.typ(false)
	for payload.kind == tErrSet || payload.kind == tErrUnion || payload.kind == tFnPtr {
		payload = g.scalar(false)
	}
	g.feat("type.errunion")
	if set.names == nil {
		g.feat("type.anyerror_union")
	}
	text := set.text + "!" + payload.text
	if strings.HasPrefix(set.text, "error{") {
		text = set.text + "!" + payload.text
	}
	return &gtype{kind: tErrUnion, text: text, elem: payload, errSet: set}
}

var fieldWords = []string{"a", "b", "count", "len", "flag", "x", "y", "z", "value", "kind", "next", "prev", "data", "id", "w"}

// fieldNames returns n distinct field names.
func (g *generator) fieldNames(n int) []string {
	perm := g.r.Perm(len(fieldWords))
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, fieldWords[perm[i%len(perm)]]+suffix(i/len(perm)))
	}
	return out
}

func suffix(i int) string {
	if i == 0 {
		return ""
	}
	return fmt.Sprint(i)
}

// structType declares a struct with the given layout ("", "extern",
// "packed"); recursive adds a ?*Self field.
func (g *generator) structType(layout string, recursive bool) *gtype {
	name := g.name(pick(g, []string{"Point", "Pair", "Rec", "Node", "Info", "Cell"}))
	t := &gtype{kind: tStruct, text: name, layout: layout}
	n := 1 + g.r.IntN(4)
	names := g.fieldNames(n + 1)
	for i := 0; i < n; i++ {
		var ft *gtype
		switch layout {
		case "extern":
			ft = g.typ(true)
		case "packed":
			if g.chance(0.2) {
				ft = &gtype{kind: tBool, text: "bool"}
			} else {
				bits := pick(g, []int{1, 2, 3, 4, 5, 7, 8, 12, 16, 24, 31})
				signed := g.chance(0.3)
				g.noteInt(signed, bits)
				ft = &gtype{kind: tInt, text: intText(signed, bits), bits: bits, signed: signed}
			}
		default:
			ft = g.typ(false)
		}
		f := gfield{name: names[i], typ: ft}
		if g.chance(0.3) {
			f.def = g.value(ft)
			g.feat("value.field_default")
		}
		t.fields = append(t.fields, f)
	}
	if recursive {
		t.fields = append(t.fields, gfield{name: names[n], typ: &gtype{kind: tOptional, text: "?*" + name,
			elem: &gtype{kind: tPtr, text: "*" + name, elem: t}}, def: "null"})
		g.feat("type.recursive")
	}
	switch layout {
	case "extern":
		g.feat("type.struct_extern")
	case "packed":
		g.feat("type.struct_packed")
	default:
		g.feat("type.struct_auto")
	}
	var b strings.Builder
	kw := "struct"
	if layout != "" {
		kw = layout + " struct"
	}
	fmt.Fprintf(&b, "const %s = %s {\n", name, kw)
	for _, f := range t.fields {
		if f.def != "" {
			fmt.Fprintf(&b, "    %s: %s = %s,\n", f.name, f.typ.text, f.def)
		} else {
			fmt.Fprintf(&b, "    %s: %s,\n", f.name, f.typ.text)
		}
	}
	b.WriteString("};")
	g.add(b.String(), g.chance(0.3))
	return t
}

func (g *generator) tupleType() *gtype {
	n := 1 + g.r.IntN(3)
	t := &gtype{kind: tTuple}
	var elems []*gtype
	for i := 0; i < n; i++ {
		e := g.typ(false)
		elems = append(elems, e)
		t.fields = append(t.fields, gfield{typ: e})
	}
	t.text = tupleText(elems)
	g.feat("type.tuple")
	return t
}

var enumWords = []string{"red", "green", "blue", "north", "south", "east", "west", "idle", "busy", "done", "low", "high"}

func (g *generator) enumType() *gtype {
	name := g.name(pick(g, []string{"Color", "Dir", "State", "Level"}))
	n := 1 + g.r.IntN(5)
	perm := g.r.Perm(len(enumWords))
	t := &gtype{kind: tEnum, text: name}
	var b strings.Builder
	switch g.r.IntN(3) {
	case 0:
		g.feat("type.enum_auto")
		fmt.Fprintf(&b, "const %s = enum {", name)
		for i := 0; i < n; i++ {
			t.names = append(t.names, enumWords[perm[i]])
			fmt.Fprintf(&b, " %s,", enumWords[perm[i]])
		}
	default:
		signed := g.chance(0.5)
		bits := pick(g, []int{4, 8, 16, 32, 7, 12})
		tag := intText(signed, bits)
		g.feat("type.enum_tagged")
		if signed {
			g.feat("type.enum_signed")
		}
		fmt.Fprintf(&b, "const %s = enum(%s) {", name, tag)
		used := map[string]bool{}
		for i := 0; i < n; i++ {
			t.names = append(t.names, enumWords[perm[i]])
			if g.chance(0.6) {
				v := g.unusedValue(used, signed, bits)
				fmt.Fprintf(&b, " %s = %s,", enumWords[perm[i]], g.intLit(v))
				g.feat("value.enum_explicit")
			} else {
				// an implicit value follows the previous one; keep it simple
				// by giving every later field an explicit value too
				v := g.unusedValue(used, signed, bits)
				fmt.Fprintf(&b, " %s = %d,", enumWords[perm[i]], v)
			}
		}
	}
	b.WriteString(" };")
	g.add(b.String(), g.chance(0.3))
	return t
}

func (g *generator) unionType() *gtype {
	name := g.name(pick(g, []string{"Value", "Shape", "Slot", "Any"}))
	n := 1 + g.r.IntN(4)
	names := g.fieldNames(n)
	t := &gtype{kind: tUnion, text: name}
	mode := pick(g, []string{"bare", "enum", "tagged"})
	t.tagMode = mode
	kw := "union"
	switch mode {
	case "bare":
		g.feat("type.union_bare")
	case "enum":
		g.feat("type.union_enum")
		kw = "union(enum)"
	case "tagged":
		g.feat("type.union_tagged")
		tagName := g.name("Tag")
		tagType := ""
		if g.chance(0.5) {
			tagType = "(u8)"
		}
		g.add(fmt.Sprintf("const %s = enum%s { %s };", tagName, tagType, strings.Join(names, ", ")), g.chance(0.3))
		kw = "union(" + tagName + ")"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "const %s = %s {\n", name, kw)
	for i := 0; i < n; i++ {
		ft := g.typ(false)
		if mode == "bare" && ft.kind == tVoid {
			ft = g.intType()
		}
		t.fields = append(t.fields, gfield{name: names[i], typ: ft})
		fmt.Fprintf(&b, "    %s: %s,\n", names[i], ft.text)
	}
	b.WriteString("};")
	g.add(b.String(), g.chance(0.3))
	return t
}

// hasAnon reports whether t's spelling contains a tuple type: Zig makes a
// new type each time a tuple is spelled, so such a type can only be used
// once.
func (t *gtype) hasAnon() bool {
	switch t.kind {
	case tTuple:
		return true
	case tArray, tOptional, tPtr, tManyPtr, tSlice:
		return t.elem.hasAnon()
	case tErrUnion:
		return t.elem.hasAnon()
	}
	return false
}

// nameAnon gives a type that contains a tuple a name (an alias
// declaration), so that pointer targets spell the same type.
func (g *generator) nameAnon(t *gtype) *gtype {
	if !t.hasAnon() {
		return t
	}
	alias := g.name("Tuple")
	g.add(fmt.Sprintf("const %s = %s;", alias, t.text), g.chance(0.3))
	g.feat("decl.alias")
	named := *t
	named.text = alias
	return &named
}

// unusedValue returns a random value of the integer type that is not in
// used yet, and adds it to used.
func (g *generator) unusedValue(used map[string]bool, signed bool, bits int) *big.Int {
	for {
		v := g.intValue(signed, bits)
		if !used[v.String()] {
			used[v.String()] = true
			return v
		}
	}
}
