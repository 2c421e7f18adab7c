package corpus

import (
	"fmt"
	"math/big"
	"strings"
)

// value returns a constant expression of type t. Pointer values make a
// new global to point at.
func (g *generator) value(t *gtype) string {
	switch t.kind {
	case tInt:
		if g.chance(0.05) {
			g.feat("value.undefined")
			return "undefined"
		}
		if t.bits == 0 {
			return "0"
		}
		return g.intLit(g.intValue(t.signed, t.bits))
	case tFloat:
		g.feat("value.float")
		return g.floatLit(t.bits)
	case tBool:
		g.feat("value.bool")
		if g.chance(0.5) {
			return "true"
		}
		return "false"
	case tVoid:
		return "{}"
	case tPtr:
		g.feat("value.address")
		return "&" + g.global(t.elem, !t.isC || g.chance(0.5), "target")
	case tManyPtr:
		g.feat("value.address")
		arr := &gtype{kind: tArray, text: fmt.Sprintf("[%d]%s", 2, t.elem.text), elem: t.elem, n: 2}
		return "&" + g.global(arr, true, "items")
	case tSlice:
		if t.elem.text == "u8" && t.isC && (t.sent || g.chance(0.7)) {
			g.feat("value.string")
			return g.stringLit()
		}
		g.feat("value.address")
		n := 1 + g.r.IntN(3)
		arr := &gtype{kind: tArray, text: fmt.Sprintf("[%d]%s", n, t.elem.text), elem: t.elem, n: n}
		return "&" + g.global(arr, !t.isC || g.chance(0.5), "backing")
	case tArray:
		var parts []string
		for i := 0; i < t.n; i++ {
			parts = append(parts, g.value(t.elem))
		}
		return ".{ " + strings.Join(parts, ", ") + " }"
	case tOptional:
		if g.chance(0.4) || g.depth > 5 {
			g.feat("value.null")
			return "null"
		}
		return g.value(t.elem)
	case tFnPtr:
		g.feat("value.null")
		return "null"
	case tErrSet:
		g.feat("value.error")
		if t.names == nil {
			return "error." + pick(g, errNames)
		}
		return "error." + pick(g, t.names)
	case tErrUnion:
		if g.chance(0.4) {
			return g.value(t.errSet)
		}
		return g.value(t.elem)
	case tStruct:
		return g.structValue(t, "")
	case tTuple:
		var parts []string
		for _, f := range t.fields {
			parts = append(parts, g.value(f.typ))
		}
		return ".{ " + strings.Join(parts, ", ") + " }"
	case tEnum:
		g.feat("value.enum_literal")
		return "." + pick(g, t.names)
	case tUnion:
		f := pick(g, t.fields)
		return ".{ ." + f.name + " = " + g.value(f.typ) + " }"
	}
	panic("corpus: value of unknown type kind")
}

// floatLit returns a literal exactly representable in fN.
func (g *generator) floatLit(bits int) string {
	whole := g.r.IntN(1000)
	if bits > 16 {
		whole = g.r.IntN(1 << 20)
	}
	frac := []string{"0", "5", "25", "125", "625", "375", "75"}[g.r.IntN(7)]
	s := fmt.Sprintf("%d.%s", whole, frac)
	if g.chance(0.15) {
		s = fmt.Sprintf("%d.%se%d", g.r.IntN(9)+1, frac, g.r.IntN(3))
	}
	if g.chance(0.3) {
		s = "-" + s
	}
	return s
}

var words = []string{"hello", "dwarf", "zig", "debug info", "a\\tb", "line\\n", "x", ""}

func (g *generator) stringLit() string {
	return `"` + pick(g, words) + `"`
}

// global declares a new variable (or constant) of type t for a pointer to
// point at, and returns its name.
func (g *generator) global(t *gtype, mutable bool, prefix string) string {
	g.depth++
	defer func() { g.depth-- }()
	name := g.name(prefix)
	kw := "const"
	if mutable {
		kw = "var"
	}
	g.add(fmt.Sprintf("%s %s: %s = %s;", kw, name, t.text, g.value(t)), g.chance(0.3))
	g.refs = append(g.refs, name)
	return name
}

// constExpr returns a constant integer expression that folds to a value
// of the type, and records the value.
func (g *generator) constExpr(signed bool, bits int) string {
	lo, hi := intRange(signed, bits)
	for try := 0; try < 20; try++ {
		e, v := g.litTree(3)
		if v.Cmp(lo) >= 0 && v.Cmp(hi) <= 0 {
			return e
		}
	}
	return g.intLit(g.intValue(signed, bits))
}

// litTree builds an expression over small literals (comptime_int) and
// returns it with its exact value.
func (g *generator) litTree(depth int) (string, *big.Int) {
	if depth == 0 || g.chance(0.3) {
		v := big.NewInt(int64(g.r.IntN(300)))
		return g.intLit(v), v
	}
	x, a := g.litTree(depth - 1)
	y, b := g.litTree(depth - 1)
	ops := []string{"+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^"}
	op := pick(g, ops)
	v := new(big.Int)
	switch op {
	case "+":
		v.Add(a, b)
	case "-":
		v.Sub(a, b)
	case "*":
		v.Mul(a, b)
	case "/", "%":
		if a.Sign() < 0 || b.Sign() <= 0 {
			op = "+"
			v.Add(a, b)
		} else if op == "/" {
			v.Quo(a, b)
		} else {
			v.Rem(a, b)
		}
	case "<<", ">>":
		// shift by a small literal
		s := uint(g.r.IntN(12))
		y, b = fmt.Sprint(s), big.NewInt(int64(s))
		if op == "<<" {
			v.Lsh(a, s)
		} else {
			v.Rsh(a, s)
		}
	case "&":
		v.And(a, b)
	case "|":
		v.Or(a, b)
	case "^":
		v.Xor(a, b)
	}
	g.feat("const.op" + op)
	return "(" + x + " " + op + " " + y + ")", v
}

// structValue returns an initializer of struct t; the field named skip
// (which must have a default) is left out.
func (g *generator) structValue(t *gtype, skip string) string {
	var parts []string
	for _, f := range t.fields {
		if f.name == skip || f.def != "" && g.chance(0.6) {
			continue
		}
		parts = append(parts, "."+f.name+" = "+g.value(f.typ))
	}
	g.feat("value.struct_init")
	if len(parts) == 0 {
		return ".{}"
	}
	return ".{ " + strings.Join(parts, ", ") + " }"
}
