package linkcore

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// editProgram is a small program model whose random edits cover what an
// incremental build must handle: declarations and fields added, removed
// and renamed, types and values changed, structs and enums grown and
// shrunk, declarations reordered and moved to other lines, and errors
// introduced and fixed.
type editProgram struct {
	rng    *rand.Rand
	decls  []*editDecl
	nextID int
	broken int // >0: the source has an error for this many more edits
}

type editDecl struct {
	id     int
	kind   string // struct, enum, union, var, const, fn, alias
	name   string
	blank  int // blank lines before it
	fields []editField
	typ    string
	value  int
	locals int
}

type editField struct{ name, typ string }

var editPrims = []string{"u8", "u16", "u32", "i32", "u64", "i64", "bool", "f32", "u7", "?u32", "[2]u16"}

func newEditProgram(seed uint64, n int) *editProgram {
	p := &editProgram{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	for range n {
		p.add()
	}
	return p
}

func (p *editProgram) pick(kinds ...string) *editDecl {
	var c []*editDecl
	for _, d := range p.decls {
		for _, k := range kinds {
			if d.kind == k {
				c = append(c, d)
			}
		}
	}
	if len(c) == 0 {
		return nil
	}
	return c[p.rng.IntN(len(c))]
}

// fieldType is a primitive or a struct or enum declared before id (so no
// cycles).
func (p *editProgram) fieldType(id int) string {
	if p.rng.IntN(4) == 0 {
		var c []*editDecl
		for _, d := range p.decls {
			if (d.kind == "struct" || d.kind == "enum") && d.id < id {
				c = append(c, d)
			}
		}
		if len(c) > 0 {
			return c[p.rng.IntN(len(c))].name
		}
	}
	return editPrims[p.rng.IntN(len(editPrims))]
}

func (p *editProgram) add() {
	kinds := []string{"struct", "enum", "union", "var", "const", "fn", "fn", "alias"}
	d := &editDecl{id: p.nextID, kind: kinds[p.rng.IntN(len(kinds))], blank: p.rng.IntN(2)}
	p.nextID++
	d.name = fmt.Sprintf("D%s%d", d.kind[:1], d.id)
	switch d.kind {
	case "struct", "union":
		for i := range 1 + p.rng.IntN(4) {
			d.fields = append(d.fields, editField{fmt.Sprintf("f%d", i), p.fieldType(d.id)})
		}
	case "enum":
		for i := range 1 + p.rng.IntN(5) {
			d.fields = append(d.fields, editField{name: fmt.Sprintf("e%d", i)})
		}
	case "var", "const", "alias":
		d.typ = p.fieldType(d.id)
		d.value = p.rng.IntN(100)
	case "fn":
		d.typ = []string{"u32", "i64", "u8", "void"}[p.rng.IntN(4)]
		d.locals = p.rng.IntN(3)
	}
	at := p.rng.IntN(len(p.decls) + 1)
	p.decls = append(p.decls[:at], append([]*editDecl{d}, p.decls[at:]...)...)
}

// edit applies one random edit and returns its description.
func (p *editProgram) edit() string {
	if p.broken > 0 {
		p.broken--
		if p.broken == 0 {
			return "fix the error"
		}
	}
	switch r := p.rng.IntN(20); {
	case r == 0 && len(p.decls) < 60:
		p.add()
		return "add a declaration"
	case r == 1 && len(p.decls) > 3:
		i := p.rng.IntN(len(p.decls))
		d := p.decls[i]
		p.decls = append(p.decls[:i], p.decls[i+1:]...)
		// its users switch to u32
		for _, o := range p.decls {
			if o.typ == d.name {
				o.typ = "u32"
			}
			for j := range o.fields {
				if o.fields[j].typ == d.name {
					o.fields[j].typ = "u32"
				}
			}
		}
		return "remove " + d.name
	case r == 2:
		d := p.decls[p.rng.IntN(len(p.decls))]
		if d.kind == "struct" || d.kind == "enum" {
			// renaming a type would break its users: rename a var or fn
			return "no-op"
		}
		d.name = fmt.Sprintf("D%s%dr%d", d.kind[:1], d.id, p.rng.IntN(100))
		return "rename " + d.name
	case r <= 5:
		d := p.pick("struct", "union", "enum")
		if d == nil {
			return "no-op"
		}
		if p.rng.IntN(2) == 0 && len(d.fields) < 12 {
			f := editField{name: fmt.Sprintf("g%d", p.rng.IntN(1000))}
			if d.kind != "enum" {
				f.typ = p.fieldType(d.id)
			}
			for _, g := range d.fields {
				if g.name == f.name {
					return "no-op"
				}
			}
			d.fields = append(d.fields, f)
			return "grow " + d.name
		}
		if len(d.fields) > 1 {
			i := p.rng.IntN(len(d.fields))
			d.fields = append(d.fields[:i], d.fields[i+1:]...)
			return "shrink " + d.name
		}
		return "no-op"
	case r <= 7:
		d := p.pick("struct", "union")
		if d == nil {
			return "no-op"
		}
		i := p.rng.IntN(len(d.fields))
		if p.rng.IntN(2) == 0 {
			d.fields[i].typ = p.fieldType(d.id)
			return "retype field of " + d.name
		}
		d.fields[i].name = fmt.Sprintf("h%d", p.rng.IntN(1000))
		for j, g := range d.fields {
			if j != i && g.name == d.fields[i].name {
				d.fields[i].name += "x"
			}
		}
		return "rename field of " + d.name
	case r <= 9:
		d := p.pick("var", "const", "alias")
		if d == nil {
			return "no-op"
		}
		if p.rng.IntN(2) == 0 {
			d.typ = p.fieldType(d.id)
			return "retype " + d.name
		}
		d.value = p.rng.IntN(1000)
		return "revalue " + d.name
	case r <= 11:
		d := p.pick("fn")
		if d == nil {
			return "no-op"
		}
		if p.rng.IntN(2) == 0 {
			d.locals = p.rng.IntN(4)
			return "change the body of " + d.name
		}
		d.typ = []string{"u32", "i64", "u8", "void"}[p.rng.IntN(4)]
		return "change the return type of " + d.name
	case r <= 13:
		i, j := p.rng.IntN(len(p.decls)), p.rng.IntN(len(p.decls))
		p.decls[i], p.decls[j] = p.decls[j], p.decls[i]
		return "reorder"
	case r <= 17:
		d := p.decls[p.rng.IntN(len(p.decls))]
		d.blank = p.rng.IntN(4)
		return "move lines"
	case r == 18 && p.broken == 0:
		p.broken = 1 + p.rng.IntN(3)
		return "introduce an error"
	}
	return "no-op"
}

func (p *editProgram) source() []byte {
	var b strings.Builder
	for _, d := range p.decls {
		b.WriteString(strings.Repeat("\n", d.blank))
		switch d.kind {
		case "struct":
			fmt.Fprintf(&b, "const %s = struct {\n", d.name)
			for _, f := range d.fields {
				fmt.Fprintf(&b, "    %s: %s,\n", f.name, f.typ)
			}
			b.WriteString("};\n")
		case "union":
			fmt.Fprintf(&b, "const %s = union(enum) {\n", d.name)
			for _, f := range d.fields {
				fmt.Fprintf(&b, "    %s: %s,\n", f.name, f.typ)
			}
			b.WriteString("};\n")
		case "enum":
			fmt.Fprintf(&b, "const %s = enum {", d.name)
			for i, f := range d.fields {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(f.name)
			}
			b.WriteString(" };\n")
		case "var", "const":
			fmt.Fprintf(&b, "%s %s: %s = %s;\n", d.kind, d.name, d.typ, p.zero(d.typ, d.value))
		case "alias":
			fmt.Fprintf(&b, "const %s = %s;\n", d.name, d.typ)
		case "fn":
			fmt.Fprintf(&b, "fn %s(x: u32) %s {\n", d.name, d.typ)
			for i := range d.locals {
				fmt.Fprintf(&b, "    const l%d: u32 = x + %d;\n    _ = l%d;\n", i, i, i)
			}
			// x is used by the locals or discarded, never both (Zig
			// rejects a pointless discard)
			discard := ""
			if d.locals == 0 {
				discard = "    _ = x;\n"
			}
			switch d.typ {
			case "void":
				b.WriteString(discard)
			case "u32":
				b.WriteString("    return x;\n")
			default:
				fmt.Fprintf(&b, "%s    return 7;\n", discard)
			}
			b.WriteString("}\n")
		}
	}
	if p.broken > 0 {
		b.WriteString("const broken: u32 = ;\n")
	}
	// Use everything, as the corpus does.
	b.WriteString("export fn gen_entry() void {\n")
	for _, d := range p.decls {
		switch d.kind {
		case "fn":
			fmt.Fprintf(&b, "    _ = %s(1);\n", d.name)
		case "var", "const":
			fmt.Fprintf(&b, "    _ = &%s;\n", d.name)
		}
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

// zero is an initial value of type t.
func (p *editProgram) zero(t string, v int) string {
	switch t {
	case "bool":
		return "false"
	case "f32":
		return fmt.Sprintf("%d.5", v)
	case "?u32":
		if v%2 == 0 {
			return "null"
		}
		return fmt.Sprint(v)
	case "[2]u16":
		return fmt.Sprintf(".{ %d, 1 }", v)
	case "u7":
		return fmt.Sprint(v % 128)
	case "u8":
		return fmt.Sprint(v % 256)
	}
	for _, d := range p.decls {
		if d.name == t {
			switch d.kind {
			case "enum":
				return "." + d.fields[0].name
			case "struct":
				return "undefined"
			}
		}
	}
	return fmt.Sprint(v)
}
