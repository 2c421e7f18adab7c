package dwarfread

import (
	"fmt"
	"io"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
)

// Member is one data member of a structure, union or class.
type Member struct {
	Name string `json:"name"`
	// Type is the member's type as C spells it ("unsigned int",
	// "struct point *", "char[3]").
	Type string `json:"type"`
	// Offset is the byte offset of the member (of its storage unit for a
	// bit field); Size its type's size in bytes.
	Offset uint64 `json:"offset"`
	Size   uint64 `json:"size"`
	// BitSize is the width of a bit field (0 for other members) and
	// BitOffset its first bit within its storage unit, counted from the
	// least significant bit.
	BitSize   uint64 `json:"bitSize,omitempty"`
	BitOffset uint64 `json:"bitOffset,omitempty"`
	// HoleAfter and BitHoleAfter are the unused bytes and bits between
	// this member and the next.
	HoleAfter    uint64 `json:"holeAfter,omitempty"`
	BitHoleAfter uint64 `json:"bitHoleAfter,omitempty"`
	// DIE is the member DIE's offset in .debug_info.
	DIE uint64 `json:"die"`
}

// TypeLayout is the layout of one structure, union or class type, in
// pahole's terms: members with offsets and sizes, holes, padding.
type TypeLayout struct {
	// Kind is "struct", "union" or "class".
	Kind string `json:"kind"`
	Name string `json:"name"`
	DIE  uint64 `json:"die"`
	Size uint64 `json:"size"`
	// Members in declaration order.
	Members []Member `json:"members"`
	// Padding is the unused bytes after the last member; BitPadding the
	// unused bits after a last bit field within its storage unit.
	Padding    uint64 `json:"padding"`
	BitPadding uint64 `json:"bitPadding"`
}

// Layouts returns the layout of every named structure, union and class
// type with a size in .debug_info, in DIE order.
func (d *Data) Layouts() []TypeLayout {
	idx := map[[2]uint64]*DIE{}
	type pos struct {
		u *Unit
		i int
	}
	var aggs []pos
	for _, u := range d.Units {
		for i := range u.DIEs {
			die := &u.DIEs[i]
			if die.Code == 0 {
				continue
			}
			idx[[2]uint64{uint64(u.SectionIndex), die.Off}] = die
			switch die.Tag {
			case dw.TagStructureType, dw.TagUnionType, dw.TagClassType:
				aggs = append(aggs, pos{u, i})
			}
		}
	}
	r := &typeResolver{d: d, idx: idx, units: map[*DIE]*Unit{}, info: -1}
	for _, u := range d.Units {
		if u.Section == ".debug_info" {
			r.info = u.SectionIndex
		}
		for i := range u.DIEs {
			r.units[&u.DIEs[i]] = u
		}
	}
	var out []TypeLayout
	for _, p := range aggs {
		die := &p.u.DIEs[p.i]
		name, _ := die.Val(dw.AttrName)
		size, ok := die.Val(dw.AttrByteSize)
		if !name.Resolved || !ok {
			continue
		}
		if _, decl := die.Val(dw.AttrDeclaration); decl {
			continue
		}
		l := TypeLayout{Kind: tagKeywords[die.Tag],
			Name: name.Str, DIE: die.Off, Size: size.Raw}
		for j := p.i + 1; j < len(p.u.DIEs) && p.u.DIEs[j].Depth > die.Depth; j++ {
			m := &p.u.DIEs[j]
			if m.Depth != die.Depth+1 || m.Code == 0 || m.Tag != dw.TagMember {
				continue
			}
			if _, static := m.Val(dw.AttrDeclaration); static {
				continue
			}
			l.Members = append(l.Members, r.member(p.u, m))
		}
		l.findHoles()
		out = append(out, l)
	}
	return out
}

// tagKeywords are C's keywords for the tags of named aggregate types.
var tagKeywords = map[dw.Tag]string{dw.TagStructureType: "struct", dw.TagUnionType: "union",
	dw.TagEnumerationType: "enum", dw.TagClassType: "class"}

// typeResolver follows DW_AT_type references.
type typeResolver struct {
	d *Data
	// idx holds DIEs by section index and offset, units their units;
	// info is the index of .debug_info.
	idx   map[[2]uint64]*DIE
	units map[*DIE]*Unit
	info  int
}

// ref returns the DIE an attribute refers to.
func (r *typeResolver) ref(u *Unit, die *DIE, at dw.Attr) *DIE {
	v, ok := die.Val(at)
	if !ok {
		return nil
	}
	switch v.Form {
	case dw.FormRef1, dw.FormRef2, dw.FormRef4, dw.FormRef8, dw.FormRefUdata:
		return r.idx[[2]uint64{uint64(u.SectionIndex), u.Off + v.Raw}]
	case dw.FormRefAddr:
		return r.idx[[2]uint64{uint64(r.info), v.Raw}]
	}
	return nil
}

// size returns a type's size in bytes (0 when unknown); depth bounds
// reference chains in forged files.
func (r *typeResolver) size(t *DIE, depth int) uint64 {
	if t == nil || depth > 64 {
		return 0
	}
	u := r.units[t]
	if v, ok := t.Val(dw.AttrByteSize); ok {
		return v.Raw
	}
	switch t.Tag {
	case dw.TagPointerType, dw.TagReferenceType, dw.TagRvalueReferenceType, dw.TagPtrToMemberType:
		return uint64(u.AddrSize)
	case dw.TagArrayType:
		n := uint64(1)
		found := false
		for j := r.index(u, t) + 1; j < len(u.DIEs) && u.DIEs[j].Depth > t.Depth; j++ {
			s := &u.DIEs[j]
			if s.Tag != dw.TagSubrangeType || s.Code == 0 {
				continue
			}
			found = true
			if c, ok := s.Val(dw.AttrCount); ok {
				n *= c.Raw
			} else if ub, ok := s.Val(dw.AttrUpperBound); ok {
				lb := uint64(0)
				if v, ok := s.Val(dw.AttrLowerBound); ok {
					lb = v.Raw
				}
				n *= ub.Raw - lb + 1
			} else {
				n = 0
			}
		}
		if !found {
			n = 0
		}
		return n * r.size(r.ref(u, t, dw.AttrType), depth+1)
	}
	return r.size(r.ref(u, t, dw.AttrType), depth+1)
}

func (r *typeResolver) index(u *Unit, t *DIE) int {
	for i := range u.DIEs {
		if &u.DIEs[i] == t {
			return i
		}
	}
	return -1
}

// name spells a type as C does.
func (r *typeResolver) name(t *DIE, depth int) string {
	if t == nil {
		return "void"
	}
	if depth > 16 {
		return "…"
	}
	u := r.units[t]
	n, _ := t.Val(dw.AttrName)
	inner := func() string { return r.name(r.ref(u, t, dw.AttrType), depth+1) }
	switch t.Tag {
	case dw.TagStructureType, dw.TagUnionType, dw.TagEnumerationType, dw.TagClassType:
		return strings.TrimSpace(tagKeywords[t.Tag] + " " + n.Str)
	case dw.TagPointerType:
		return inner() + " *"
	case dw.TagConstType:
		return "const " + inner()
	case dw.TagVolatileType:
		return "volatile " + inner()
	case dw.TagArrayType:
		return inner() + "[]"
	}
	if n.Resolved {
		return n.Str
	}
	return inner()
}

func (r *typeResolver) member(u *Unit, m *DIE) Member {
	name, _ := m.Val(dw.AttrName)
	t := r.ref(u, m, dw.AttrType)
	mem := Member{Name: name.Str, Type: r.name(t, 0), Size: r.size(t, 0), DIE: m.Off}
	if t != nil && t.Tag == dw.TagArrayType {
		mem.Type = r.name(r.ref(u, t, dw.AttrType), 0)
		if es := r.size(r.ref(u, t, dw.AttrType), 0); es > 0 {
			mem.Name += fmt.Sprintf("[%d]", mem.Size/es)
		}
	}
	if v, ok := m.Val(dw.AttrDataMemberLocation); ok && v.Block == nil {
		mem.Offset = v.Raw
	} else if ok {
		// DW_OP_plus_uconst N, as DWARF 2 producers wrote it
		if ops, err := DecodeExpr(v.Block, ExprContext{Order: r.d.Order}); err == nil && len(ops) == 1 && ops[0].Code == dw.OpPlusUconst {
			mem.Offset = ops[0].Operands[0]
		}
	}
	if bs, ok := m.Val(dw.AttrBitSize); ok {
		mem.BitSize = bs.Raw
		unit := mem.Size
		if v, ok := m.Val(dw.AttrByteSize); ok {
			unit = v.Raw
		}
		if dbo, ok := m.Val(dw.AttrDataBitOffset); ok && unit > 0 {
			// DWARF 4/5: bit offset from the start of the structure
			mem.Offset = dbo.Raw / 8 / unit * unit
			mem.BitOffset = dbo.Raw - mem.Offset*8
		} else if bo, ok := m.Val(dw.AttrBitOffset); ok && unit*8 >= bo.Raw+bs.Raw {
			// DWARF 2/3: bits from the most significant end
			mem.BitOffset = unit*8 - bo.Raw - bs.Raw
		}
	}
	return mem
}

// findHoles computes holes between members and the trailing padding, as
// pahole does: a gap after a bit field counts in bits up to the end of
// its storage unit, in bytes beyond.
func (l *TypeLayout) findHoles() {
	if l.Kind == "union" {
		return
	}
	last := uint64(0)    // first bit after the members so far
	unitEnd := uint64(0) // end of the current bit field storage unit
	for i := range l.Members {
		m := &l.Members[i]
		start, end := m.Offset*8, m.Offset*8+m.Size*8
		if m.BitSize > 0 {
			start = m.Offset*8 + m.BitOffset
			end = start + m.BitSize
		}
		if i > 0 && start > last {
			p := &l.Members[i-1]
			gap := start - last
			if p.BitSize > 0 && last < unitEnd {
				bits := min(gap, unitEnd-last)
				p.BitHoleAfter = bits
				gap -= bits
			}
			p.HoleAfter = gap / 8
			if gap%8 != 0 {
				p.BitHoleAfter += gap % 8
			}
		}
		if m.BitSize > 0 {
			unitEnd = m.Offset*8 + m.Size*8
		} else {
			unitEnd = end
		}
		last = max(last, end)
	}
	if n := len(l.Members); n > 0 && l.Members[n-1].BitSize > 0 && unitEnd > last {
		l.BitPadding = unitEnd - last
		last = unitEnd
	}
	if bytes := (last + 7) / 8; l.Size > bytes {
		l.Padding = l.Size - bytes
	}
}

// PrintLayout prints a layout in pahole's manner.
func PrintLayout(w io.Writer, l TypeLayout) {
	fmt.Fprintf(w, "%s %s {\n", l.Kind, l.Name)
	for _, m := range l.Members {
		decl := m.Name
		if m.BitSize > 0 {
			decl = fmt.Sprintf("%s:%d", m.Name, m.BitSize)
			fmt.Fprintf(w, "\t%-26s %-20s /* %5d:%2d %2d */\n", m.Type, decl+";", m.Offset, m.BitOffset, m.Size)
		} else {
			fmt.Fprintf(w, "\t%-26s %-20s /* %5d %5d */\n", m.Type, decl+";", m.Offset, m.Size)
		}
		if m.BitHoleAfter > 0 || m.HoleAfter > 0 {
			fmt.Fprintln(w)
		}
		if m.BitHoleAfter > 0 {
			fmt.Fprintf(w, "\t%s\n", BitHoleComment(m.BitHoleAfter))
		}
		if m.HoleAfter > 0 {
			fmt.Fprintf(w, "\t%s\n", HoleComment(m.HoleAfter))
		}
		if m.BitHoleAfter > 0 || m.HoleAfter > 0 {
			fmt.Fprintln(w)
		}
	}
	for i, c := range l.Summary() {
		if i == 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "\t%s\n", c.Text)
	}
	fmt.Fprintln(w, "};")
}

// HoleComment is pahole's comment on a hole of n bytes after a member.
func HoleComment(n uint64) string { return "/* XXX " + Units(n, "byte") + " hole, try to pack */" }

// BitHoleComment is pahole's comment on a hole of n bits after a bit field.
func BitHoleComment(n uint64) string { return "/* XXX " + Units(n, "bit") + " hole, try to pack */" }

// SummaryLine is one of the comments pahole closes a struct's layout with.
type SummaryLine struct {
	Text string // "/* size: 12, members: 3 */"
	// Padding marks the padding and bit_padding lines.
	Padding bool
}

// Summary returns the comments pahole prints after a struct's members:
// size and member count, the members' and holes' sums, bit fields,
// padding. A union has none, as in pahole.
func (l TypeLayout) Summary() []SummaryLine {
	if l.Kind == "union" {
		return nil
	}
	var sumMembers, sumBits, holes, sumHoles, bitHoles, sumBitHoles uint64
	for _, m := range l.Members {
		if m.BitSize > 0 {
			sumBits += m.BitSize
		} else {
			sumMembers += m.Size
		}
		if m.BitHoleAfter > 0 {
			bitHoles++
			sumBitHoles += m.BitHoleAfter
		}
		if m.HoleAfter > 0 {
			holes++
			sumHoles += m.HoleAfter
		}
	}
	out := []SummaryLine{{Text: fmt.Sprintf("/* size: %d, members: %d */", l.Size, len(l.Members))}}
	if holes > 0 {
		out = append(out, SummaryLine{Text: fmt.Sprintf("/* sum members: %d, holes: %d, sum holes: %d */", sumMembers, holes, sumHoles)})
	}
	if sumBits > 0 {
		out = append(out, SummaryLine{Text: fmt.Sprintf("/* sum bitfield members: %d bits, bit holes: %d, sum bit holes: %d bits */", sumBits, bitHoles, sumBitHoles)})
	}
	if l.Padding > 0 {
		out = append(out, SummaryLine{Text: fmt.Sprintf("/* padding: %d */", l.Padding), Padding: true})
	}
	if l.BitPadding > 0 {
		out = append(out, SummaryLine{Text: fmt.Sprintf("/* bit_padding: %d bits */", l.BitPadding), Padding: true})
	}
	return out
}

// Units writes n units as pahole does ("1 byte", "7 bytes"); the
// explorer's texts use it too.
func Units(n uint64, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
