// Package canon is the canonical read-back of debug information: a form
// of a program's DWARF that does not depend on where entries were placed,
// so that an incrementally updated image and a fresh build of the same
// program can be compared. It reads through Go's debug/dwarf, as any
// consumer would, and works on any DWARF, not only ours.
package canon

import (
	"debug/dwarf"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
)

// Canonical decodes debug information into a form that does not depend
// on where entries were placed: one string per top-level DIE (a child of a
// unit's module DIE, or a unit DIE itself), with its tag, its attributes
// sorted, its children in order, and every reference replaced by a label
// of what it points at (a named DIE by its tag, name and parent's label;
// an unnamed one by its own canonical form). Padding DIEs are skipped and
// section-offset attributes (stmt_list, ranges, ...) are reduced to their
// class. Line tables contribute one string per row, sorted (sequences with no
// row but their end are left out). Two builds
// with equal Canonical results describe the same program the same way.
//
// Without lineRows, line rows are left out: pass false for output emitted
// with dwarfcore.LinesIncremental, because stock readers (Go's among them)
// skip DW_LNE_ZIG_set_decl, which sets the address and the base line, so
// the rows they decode depend on the layout.
func Canonical(d *dwarf.Data, lineRows bool) ([]string, error) {
	c := &canon{nodes: map[dwarf.Offset]*canonNode{}, labels: map[dwarf.Offset]string{}, busy: map[dwarf.Offset]bool{}}
	var tops []*canonNode
	var cus []*dwarf.Entry
	err := Walk(d, func(e *dwarf.Entry, parent *canonNode) *canonNode {
		n := &canonNode{e: e, parent: parent}
		c.nodes[e.Offset] = n
		if parent != nil {
			parent.children = append(parent.children, n)
		}
		if e.Tag == dwarf.TagCompileUnit {
			cus = append(cus, e)
		}
		switch {
		case isPadding(e):
		case parent == nil || parent.e.Tag == dwarf.TagModule || parent.e.Tag == dwarf.TagCompileUnit:
			tops = append(tops, n)
		}
		return n
	})
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(tops))
	for _, n := range tops {
		out = append(out, c.form(n, n.e.Tag == dwarf.TagCompileUnit || n.e.Tag == dwarf.TagModule))
	}
	for _, cu := range cus {
		if !lineRows {
			break
		}
		lr, err := d.LineReader(cu)
		if err != nil {
			return nil, err
		}
		if lr == nil {
			continue
		}
		var row dwarf.LineEntry
		rows := 0 // rows of the current sequence
		for {
			if err := lr.Next(&row); err != nil {
				break
			}
			if row.EndSequence && rows == 0 {
				// an empty sequence: the address padding (const_add_pc)
				// and the trailer leave one, at a layout-dependent address
				continue
			}
			rows++
			if row.EndSequence {
				rows = 0
			}
			file := ""
			if row.File != nil {
				file = row.File.Name
			}
			addr := row.Address
			out = append(out, fmt.Sprintf("line %s:%d:%d addr=%#x stmt=%t end=%t pe=%t eb=%t",
				file, row.Line, row.Column, addr, row.IsStmt, row.EndSequence, row.PrologueEnd, row.EpilogueBegin))
		}
	}
	slices.Sort(out)
	return out, nil
}

// CanonicalDiff returns a short description of how two Canonical results
// differ, or "" when they are equal.
func CanonicalDiff(want, got []string) string {
	if slices.Equal(want, got) {
		return ""
	}
	var b strings.Builder
	i, j, shown := 0, 0, 0
	for (i < len(want) || j < len(got)) && shown < 8 {
		switch {
		case j >= len(got) || i < len(want) && want[i] < got[j]:
			fmt.Fprintf(&b, "- %s\n", clip(want[i]))
			i++
			shown++
		case i >= len(want) || got[j] < want[i]:
			fmt.Fprintf(&b, "+ %s\n", clip(got[j]))
			j++
			shown++
		default:
			i++
			j++
		}
	}
	fmt.Fprintf(&b, "(%d vs %d items)", len(want), len(got))
	return b.String()
}

func clip(s string) string {
	if len(s) > 400 {
		return s[:400] + "…"
	}
	return s
}

type canonNode struct {
	e        *dwarf.Entry
	parent   *canonNode
	children []*canonNode
}

type canon struct {
	nodes  map[dwarf.Offset]*canonNode
	labels map[dwarf.Offset]string
	busy   map[dwarf.Offset]bool
}

// form is the canonical text of n and its children; shallow leaves the
// children out (a unit's children are top-level items of their own).
func (c *canon) form(n *canonNode, shallow bool) string {
	var b strings.Builder
	b.WriteString(n.e.Tag.String())
	b.WriteByte('{')
	fields := slices.Clone(n.e.Field)
	slices.SortFunc(fields, func(a, b dwarf.Field) int { return int(a.Attr) - int(b.Attr) })
	for _, f := range fields {
		b.WriteString(f.Attr.String())
		b.WriteByte('=')
		b.WriteString(c.value(f))
		b.WriteByte(' ')
	}
	if !shallow {
		for _, ch := range n.children {
			if isPadding(ch.e) {
				continue
			}
			b.WriteString(c.form(ch, false))
		}
	}
	b.WriteByte('}')
	return b.String()
}

func (c *canon) value(f dwarf.Field) string {
	switch f.Class {
	case dwarf.ClassReference, dwarf.ClassReferenceAlt:
		if off, ok := f.Val.(dwarf.Offset); ok {
			return "->" + c.label(off)
		}
	case dwarf.ClassLinePtr, dwarf.ClassLocListPtr, dwarf.ClassRangeListPtr, dwarf.ClassRngListsPtr,
		dwarf.ClassStrOffsetsPtr, dwarf.ClassAddrPtr, dwarf.ClassMacPtr, dwarf.ClassLocList, dwarf.ClassRngList:
		return "<" + f.Class.String() + ">"
	case dwarf.ClassString:
		return strconv.Quote(fmt.Sprint(f.Val))
	}
	return fmt.Sprintf("%v", f.Val)
}

// label names the DIE at off independently of its place.
func (c *canon) label(off dwarf.Offset) string {
	if l, ok := c.labels[off]; ok {
		return l
	}
	n := c.nodes[off]
	if n == nil {
		return fmt.Sprintf("<missing %#x>", off)
	}
	if c.busy[off] {
		return "<cycle " + n.e.Tag.String() + ">"
	}
	c.busy[off] = true
	defer delete(c.busy, off)
	var l string
	if name, ok := n.e.Val(dwarf.AttrName).(string); ok {
		owner := ""
		if p, ok := zigParent(n.e); ok {
			owner = c.label(p)
		} else if n.parent != nil && n.parent.e.Tag != dwarf.TagModule && n.parent.e.Tag != dwarf.TagCompileUnit {
			owner = c.label(n.parent.e.Offset)
		}
		l = n.e.Tag.String() + ":" + name + "@" + owner
	} else {
		l = c.form(n, false)
	}
	c.labels[off] = l
	return l
}

// isPadding says whether e is a padding DIE (readers skip it).
func isPadding(e *dwarf.Entry) bool {
	return e.Tag == dwarf.Tag(dw.TagZIGPadding)
}

// zigParent returns e's DW_AT_ZIG_parent (the entry a declaration belongs
// to when it is not its DWARF parent), if it has one.
func zigParent(e *dwarf.Entry) (dwarf.Offset, bool) {
	for _, f := range e.Field {
		if f.Attr == dwarf.Attr(dw.AttrZIGParent) {
			off, ok := f.Val.(dwarf.Offset)
			return off, ok
		}
	}
	return 0, false
}

// Walk reads every entry of d in order, null entries left out, and calls
// visit with each entry and the node visit made for its parent (the zero
// N for a top-level entry, a unit's DIE). It is the tree walk the
// read-backs of debug/dwarf's flat entry list share.
func Walk[N any](d *dwarf.Data, visit func(e *dwarf.Entry, parent N) N) error {
	r := d.Reader()
	var stack []N
	for {
		e, err := r.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		if e.Tag == 0 {
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		var parent N
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		n := visit(e, parent)
		if e.Children {
			stack = append(stack, n)
		}
	}
}

// Entries returns every entry of d in order, null entries left out.
func Entries(d *dwarf.Data) ([]*dwarf.Entry, error) {
	var out []*dwarf.Entry
	err := Walk(d, func(e *dwarf.Entry, _ *dwarf.Entry) *dwarf.Entry {
		out = append(out, e)
		return e
	})
	return out, err
}
