package corpus

import (
	"fmt"
	"strings"
)

// workTypes are the integer types function bodies compute in.
var workTypes = []string{"u8", "u16", "u32", "u64", "i16", "i32", "i64", "usize", "u7", "u24", "i13", "u128"}

// cTypes are the work types allowed in callconv(.C) signatures.
var cTypes = []string{"u8", "u16", "u32", "u64", "i16", "i32", "i64", "usize"}

func workable(t string) bool {
	for _, w := range workTypes {
		if w == t {
			return true
		}
	}
	return false
}

func workBits(w string) (bits int, signed bool) {
	switch w {
	case "usize":
		// 32 bits: values and shift amounts that are valid on every target
		return 32, false
	}
	fmt.Sscan(w[1:], &bits)
	return bits, w[0] == 'i'
}

// body builds a function body over integers of one type. Every parameter
// and local is used exactly as Zig 0.11 demands: read at least once (or
// discarded with `_ =` when never read), `var` only when assigned.
type body struct {
	g      *generator
	work   string
	bits   int
	signed bool
	lines  []string
	// names of values in scope, and whether each was read
	names []string
	read  map[string]bool
	// runtime operands (params and globals, locals computed from them)
	runtime []string
}

func (b *body) emit(format string, args ...any) {
	b.lines = append(b.lines, "    "+fmt.Sprintf(format, args...))
}

// operand returns a runtime value: a parameter, a local or a global
// variable of the work type.
func (b *body) operand() string {
	g := b.g
	if vars := g.intVars[b.work]; len(vars) > 0 && g.chance(0.3) {
		g.feat("fn.read_global")
		return pick(g, vars)
	}
	n := pick(g, b.runtime)
	b.read[n] = true
	return n
}

func (b *body) literal() string {
	return fmt.Sprint(1 + b.g.r.IntN(9))
}

// expr returns a runtime integer expression of the work type.
func (b *body) expr(depth int) string {
	g := b.g
	x := b.operand()
	if depth == 0 || g.chance(0.3) {
		if g.chance(0.15) {
			g.feat("fn.unary")
			if b.signed && g.chance(0.5) {
				return "-" + x
			}
			if g.chance(0.5) {
				return "-%" + x
			}
			return "~" + x
		}
		return x
	}
	ops := []string{"+", "-", "*", "&", "|", "^", "+%", "-%", "*%", "<<", ">>"}
	if !b.signed {
		ops = append(ops, "/", "%")
	}
	op := pick(g, ops)
	var y string
	switch {
	case op == "<<" || op == ">>":
		y = fmt.Sprint(1 + g.r.IntN(b.bits-1))
	case op == "/" || op == "%":
		y = b.literal()
	case g.chance(0.5):
		y = b.expr(depth - 1)
	default:
		y = b.literal()
	}
	if strings.HasSuffix(op, "%") && len(op) == 2 {
		g.feat("fn.wrap_arith")
	} else {
		g.feat("fn.arith")
	}
	return "(" + x + " " + op + " " + y + ")"
}

// build writes the statements of a function body with params; when ret
// is true it ends with a return of the work type.
func (b *body) build(params []string, ret bool) {
	g := b.g
	b.read = map[string]bool{}
	b.runtime = append([]string{}, params...)
	nlocals := g.r.IntN(4)
	for i := 0; i < nlocals; i++ {
		name := fmt.Sprintf("local%d", i)
		switch g.r.IntN(4) {
		case 0: // var, assigned later
			g.feat("fn.local_var", "fn.assign_local")
			b.emit("var %s: %s = %s;", name, b.work, b.expr(2))
			b.emit("%s = %s;", name, b.expr(2))
			b.read[name] = true // Zig counts the assignment as a use
		case 1: // call of an earlier function of the same type
			if f, ok := b.callee(false); ok {
				g.feat("fn.call", "fn.local_const")
				b.emit("const %s = %s;", name, b.call(f))
				break
			}
			fallthrough
		default:
			g.feat("fn.local_const")
			b.emit("const %s: %s = %s;", name, b.work, b.expr(2))
		}
		b.runtime = append(b.runtime, name)
	}
	if f, ok := b.callee(true); ok && g.chance(0.5) {
		g.feat("fn.call", "fn.call_void")
		b.emit("%s;", b.call(f))
	}
	if vars := g.intVars[b.work]; len(vars) > 0 && g.chance(0.5) {
		g.feat("fn.assign_global")
		b.emit("%s = %s;", pick(g, vars), b.expr(2))
	}
	if ret {
		// read everything not yet read in the result
		result := b.expr(1)
		for _, n := range b.runtime {
			if !b.read[n] {
				b.read[n] = true
				result = "(" + result + " ^ " + n + ")"
			}
		}
		b.emit("return %s;", result)
		return
	}
	for _, n := range b.runtime {
		if !b.read[n] {
			g.feat("fn.discard")
			b.emit("_ = %s;", n)
		}
	}
}

// callee picks an earlier function of the work type (void or not).
func (b *body) callee(void bool) (genFunc, bool) {
	var cands []genFunc
	for _, f := range b.g.funcs {
		if f.work == b.work && f.void == void {
			cands = append(cands, f)
		}
	}
	if len(cands) == 0 {
		return genFunc{}, false
	}
	return pick(b.g, cands), true
}

func (b *body) call(f genFunc) string {
	var args []string
	for i := 0; i < f.arity; i++ {
		if b.g.chance(0.3) {
			args = append(args, b.literal())
		} else {
			args = append(args, b.expr(1))
		}
	}
	return f.name + "(" + strings.Join(args, ", ") + ")"
}

func (g *generator) function(void bool) {
	cc := g.chance(0.25)
	w := pick(g, workTypes)
	if cc {
		w = pick(g, cTypes)
		g.feat("fn.callconv_c")
	}
	bits, signed := workBits(w)
	name := g.name("func")
	arity := 1 + g.r.IntN(3)
	var params, decls []string
	for i := 0; i < arity; i++ {
		p := fmt.Sprintf("arg%d", i)
		params = append(params, p)
		decls = append(decls, p+": "+w)
	}
	b := &body{g: g, work: w, bits: bits, signed: signed}
	b.build(params, !void)
	var sb strings.Builder
	if g.chance(0.2) {
		sb.WriteString("pub ")
		g.feat("decl.pub_fn")
	}
	ret := w
	if void {
		ret = "void"
		g.feat("fn.void")
	} else {
		g.feat("fn.return")
	}
	callconv := ""
	if cc {
		callconv = "callconv(.C) "
	}
	fmt.Fprintf(&sb, "fn %s(%s) %s%s {\n%s\n}", name, strings.Join(decls, ", "), callconv, ret, strings.Join(b.lines, "\n"))
	g.feat("decl.fn", "fn.params")
	g.add(sb.String(), g.chance(0.3))
	g.funcs = append(g.funcs, genFunc{name: name, work: w, arity: arity, void: void})
	// the entry function calls it
	var args []string
	for i := 0; i < arity; i++ {
		args = append(args, fmt.Sprint(1+g.r.IntN(9)))
	}
	call := name + "(" + strings.Join(args, ", ") + ")"
	if void {
		g.entry = append(g.entry, call+";")
	} else {
		g.entry = append(g.entry, "_ = "+call+";")
	}
}

func (g *generator) itemFunc()     { g.function(false) }
func (g *generator) itemVoidFunc() { g.function(true) }
