package zigdiff

import (
	"bytes"
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/canon"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// atZIGParent is DW_AT_ZIG_parent, the Zig extension attribute naming a
// declaration's namespace, as debug/dwarf's type.
const atZIGParent = dwarf.Attr(dw.AttrZIGParent)

// OurFacts reads the facts of a program from the DWARF and the data of
// an ELF object dwarfscope wrote: every declaration entry (one with a
// DW_AT_ZIG_parent) gives a named type or a global, named as in Facts.
func OurFacts(obj []byte) (*Facts, error) {
	f, err := elf.NewFile(bytes.NewReader(obj))
	if err != nil {
		return nil, err
	}
	d, err := f.DWARF()
	if err != nil {
		return nil, fmt.Errorf("reading our DWARF: %v", err)
	}
	r := &dwarfReader{d: d, entries: map[dwarf.Offset]*node{}}
	if err := r.readAll(); err != nil {
		return nil, err
	}
	syms, _ := f.Symbols()
	symByName := map[string]elf.Symbol{}
	for _, s := range syms {
		symByName[s.Name] = s
	}
	facts := newFacts()
	facts.Masks = map[string][]bool{}
	facts.Aligns = map[string][2]uint64{}
	for _, n := range r.order {
		if n.e.Val(atZIGParent) == nil {
			continue
		}
		name, _ := n.e.Val(dwarf.AttrName).(string)
		switch n.e.Tag {
		case dwarf.TagVariable:
			tf, err := r.typeFacts(n.typeRef())
			if err != nil {
				return nil, fmt.Errorf("global %s: %v", name, err)
			}
			facts.Types["@"+name] = tf
			facts.Aligns["@"+name] = r.alignments(r.entries[n.typeRef()])
			link, _ := n.e.Val(dwarf.AttrLinkageName).(string)
			s, ok := symByName[link]
			if !ok {
				continue // a comptime-only or unreferenced global has no data
			}
			data, err := symbolBytes(f, s, tf.Size)
			if err != nil {
				return nil, fmt.Errorf("global %s: %v", name, err)
			}
			facts.Globals[name] = data
			mask := make([]bool, len(data))
			r.ptr, r.data = make([]bool, len(data)), data
			r.significant(n.typeRef(), 0, mask)
			for i, p := range r.ptr {
				// an address, even where another field of a bare union
				// reads the same bytes as a number
				mask[i] = mask[i] && !p
			}
			facts.Masks[name] = mask
		case dwarf.TagStructType, dwarf.TagUnionType, dwarf.TagEnumerationType, dwarf.TagImportedDeclaration:
			target := n
			if n.e.Tag == dwarf.TagImportedDeclaration {
				off, _ := n.e.Val(dwarf.AttrImport).(dwarf.Offset)
				if target = r.entries[off]; target == nil {
					return nil, fmt.Errorf("type %s: no entry at %#x", name, off)
				}
			}
			tf, err := r.nodeFacts(target)
			if err != nil {
				return nil, fmt.Errorf("type %s: %v", name, err)
			}
			facts.Types[name] = tf
			facts.Aligns[name] = r.alignments(target)
			if err := r.fieldFacts(facts, name, target); err != nil {
				return nil, fmt.Errorf("type %s: %v", name, err)
			}
		}
	}
	return facts, nil
}

func symbolBytes(f *elf.File, s elf.Symbol, size uint64) ([]byte, error) {
	if int(s.Section) >= len(f.Sections) || s.Section == elf.SHN_UNDEF {
		return nil, fmt.Errorf("symbol %s in no section", s.Name)
	}
	sec := f.Sections[s.Section]
	off := s.Value
	if f.Type == elf.ET_EXEC {
		off -= sec.Addr
	}
	if sec.Type == elf.SHT_NOBITS {
		return make([]byte, size), nil
	}
	data, err := sec.Data()
	if err != nil {
		return nil, err
	}
	if off+size > uint64(len(data)) {
		return nil, fmt.Errorf("symbol %s: %d bytes at %d outside %s", s.Name, size, off, sec.Name)
	}
	return data[off : off+size], nil
}

// node is one DWARF entry with its children.
type node struct {
	e        *dwarf.Entry
	children []*node
}

func (n *node) typeRef() dwarf.Offset {
	off, _ := n.e.Val(dwarf.AttrType).(dwarf.Offset)
	return off
}

func (n *node) uint(a dwarf.Attr) (uint64, bool) {
	switch v := n.e.Val(a).(type) {
	case int64:
		return uint64(v), true
	case uint64:
		return v, true
	}
	return 0, false
}

type dwarfReader struct {
	// ptr marks the bytes of the global being read that hold addresses;
	// data are its bytes.
	ptr     []bool
	data    []byte
	d       *dwarf.Data
	entries map[dwarf.Offset]*node
	order   []*node
}

// readAll reads every entry of r.d into r.entries and r.order, with
// each entry's children.
func (r *dwarfReader) readAll() error {
	return canon.Walk(r.d, func(e *dwarf.Entry, parent *node) *node {
		n := &node{e: e}
		r.entries[e.Offset] = n
		r.order = append(r.order, n)
		if parent != nil {
			parent.children = append(parent.children, n)
		}
		return n
	})
}

func (r *dwarfReader) typeFacts(off dwarf.Offset) (TypeFacts, error) {
	n := r.entries[off]
	if n == nil {
		return TypeFacts{}, fmt.Errorf("no type entry at %#x", off)
	}
	return r.nodeFacts(n)
}

// nodeFacts is the size, alignment and bit size a type entry describes.
func (r *dwarfReader) nodeFacts(n *node) (TypeFacts, error) {
	size, hasSize := n.uint(dwarf.AttrByteSize)
	align, _ := n.uint(dwarf.AttrAlignment)
	switch n.e.Tag {
	case dwarf.TagBaseType:
		bits, _ := n.uint(dwarf.AttrBitSize)
		return TypeFacts{size, align, bits}, nil
	case dwarf.TagUnspecifiedType:
		return TypeFacts{0, 1, 0}, nil
	case dwarf.TagPointerType:
		return TypeFacts{8, 8, 64}, nil
	case dwarf.TagConstType, dwarf.TagVolatileType, dwarf.TagTypedef, dwarf.TagEnumerationType:
		return r.typeFacts(n.typeRef())
	case dwarf.TagArrayType:
		elem, err := r.typeFacts(n.typeRef())
		if err != nil {
			return TypeFacts{}, err
		}
		var count uint64
		for _, c := range n.children {
			if c.e.Tag == dwarf.TagSubrangeType {
				count, _ = c.uint(dwarf.AttrCount)
			}
		}
		// DWARF has no bit size for arrays: Zig's rule over the element's,
		// where a zero-size element that is not an array counts as
		// aligned to 0
		ea := elem.Align
		if elem.Size == 0 {
			// the innermost element of nested arrays decides
			en := r.entries[n.typeRef()]
			for en != nil && en.e.Tag == dwarf.TagArrayType {
				en = r.entries[en.typeRef()]
			}
			if en != nil && en.e.Tag != dwarf.TagArrayType {
				if inner, err := r.nodeFacts(en); err == nil && inner.Size == 0 {
					ea = 0
				}
			}
		}
		return TypeFacts{elem.Size * count, elem.Align, lang.ArrayBitSize(count, elem.Size, ea, elem.Bits)}, nil
	case dwarf.TagStructType, dwarf.TagUnionType:
		if n.typeRef() != 0 { // packed: its backing integer (with or without a byte size of its own)
			return r.typeFacts(n.typeRef())
		}
		if !hasSize {
			return TypeFacts{0, 1, 0}, nil // a namespace
		}
		if bits, ok := n.uint(dwarf.AttrBitSize); ok { // a packed union
			return TypeFacts{size, align, bits}, nil
		}
		return TypeFacts{size, align, size * 8}, nil
	case dwarf.TagSubroutineType:
		return TypeFacts{0, 1, 0}, nil
	}
	return TypeFacts{}, fmt.Errorf("entry %#x: no layout for %s", n.e.Offset, n.e.Tag)
}

// fieldFacts records the offsets and types of a container's fields.
func (r *dwarfReader) fieldFacts(facts *Facts, name string, n *node) error {
	if n.e.Tag != dwarf.TagStructType && n.e.Tag != dwarf.TagUnionType {
		return nil
	}
	for _, c := range n.children {
		switch c.e.Tag {
		case dwarf.TagMember:
			fname, _ := c.e.Val(dwarf.AttrName).(string)
			if art, _ := c.e.Val(dwarf.AttrArtificial).(bool); art {
				continue
			}
			tf, err := r.typeFacts(c.typeRef())
			if err != nil {
				return fmt.Errorf("field %s: %v", fname, err)
			}
			facts.Types[name+"."+fname] = tf
			facts.Aligns[name+"."+fname] = r.alignments(r.entries[c.typeRef()])
			if n.e.Tag == dwarf.TagUnionType {
				continue
			}
			if bit, ok := c.uint(dwarf.AttrDataBitOffset); ok {
				facts.Fields[name+"."+fname] = [2]uint64{bit / 8, bit}
			} else {
				off, _ := c.uint(dwarf.AttrDataMemberLoc)
				facts.Fields[name+"."+fname] = [2]uint64{off, off * 8}
			}
		case dwarf.TagVariantPart:
			for _, v := range c.children {
				if v.e.Tag != dwarf.TagVariant {
					continue
				}
				for _, m := range v.children {
					if m.e.Tag != dwarf.TagMember {
						continue
					}
					fname, _ := m.e.Val(dwarf.AttrName).(string)
					tf, err := r.typeFacts(m.typeRef())
					if err != nil {
						return fmt.Errorf("field %s: %v", fname, err)
					}
					facts.Types[name+"."+fname] = tf
					facts.Aligns[name+"."+fname] = r.alignments(r.entries[m.typeRef()])
				}
			}
		}
	}
	return nil
}

// significant marks the bytes of a value of the type at off that hold
// data: not padding between or after fields and not addresses, which
// differ between any two linkers.
func (r *dwarfReader) significant(off dwarf.Offset, at uint64, mask []bool) {
	n := r.entries[off]
	if n == nil {
		return
	}
	switch n.e.Tag {
	case dwarf.TagPointerType, dwarf.TagSubroutineType:
		for i := at; i < at+8 && i < uint64(len(r.ptr)); i++ {
			r.ptr[i] = true
		}
		return
	case dwarf.TagConstType, dwarf.TagVolatileType, dwarf.TagTypedef:
		r.significant(n.typeRef(), at, mask)
		return
	case dwarf.TagArrayType:
		elem, err := r.typeFacts(n.typeRef())
		if err != nil {
			return
		}
		tf, _ := r.nodeFacts(n)
		for i := uint64(0); elem.Size > 0 && i < tf.Size/elem.Size; i++ {
			r.significant(n.typeRef(), at+i*elem.Size, mask)
		}
		return
	case dwarf.TagEnumerationType:
		if name, _ := n.e.Val(dwarf.AttrName).(string); name == "anyerror" || strings.HasPrefix(name, "error{") {
			// error values are numbered program-wide, differently by each
			// compiler (and another field of a bare union may read them)
			tf, _ := r.nodeFacts(n)
			for i := at; i < at+tf.Size && i < uint64(len(r.ptr)); i++ {
				r.ptr[i] = true
			}
			return
		}
	case dwarf.TagStructType, dwarf.TagUnionType:
		// a packed one (over its backing integer) is all data, a
		// namespace has no bytes
		if _, ok := n.uint(dwarf.AttrByteSize); ok && n.typeRef() == 0 {
			r.memberBytes(n, at, mask)
			return
		}
	}
	tf, err := r.nodeFacts(n)
	if err != nil {
		return
	}
	for i := at; i < at+tf.Size && i < uint64(len(mask)); i++ {
		mask[i] = true
	}
}

// memberBytes marks the bytes of the members of a struct or union (a
// bare union's fields have no location: each starts at 0; its hidden
// safety tag has one) and of its variant part (a tagged union, an
// optional or an error union, whatever the entry's tag).
func (r *dwarfReader) memberBytes(n *node, at uint64, mask []bool) {
	active, tagged := r.activeField(n, at)
	field := 0
	for _, c := range n.children {
		switch c.e.Tag {
		case dwarf.TagMember:
			art, _ := c.e.Val(dwarf.AttrArtificial).(bool)
			if tagged && !art && field != active {
				field++
				continue // an inactive field of a bare union
			}
			if !art {
				field++
			}
			loc, _ := c.uint(dwarf.AttrDataMemberLoc)
			r.significant(c.typeRef(), at+loc, mask)
		case dwarf.TagVariantPart:
			r.variantBytes(c, at, mask)
		}
	}
}

// activeField reads the hidden safety tag of a Debug-mode bare union
// at at: the index of its active field, which alone gives the meaning
// of the union's bytes (Zig 0.11 numbers the tag by field order).
func (r *dwarfReader) activeField(n *node, at uint64) (int, bool) {
	if n.e.Tag != dwarf.TagUnionType {
		return 0, false
	}
	for _, c := range n.children {
		if name, _ := c.e.Val(dwarf.AttrName).(string); c.e.Tag != dwarf.TagMember || name != "safety tag" {
			continue
		}
		loc, _ := c.uint(dwarf.AttrDataMemberLoc)
		tf, err := r.typeFacts(c.typeRef())
		if err != nil || at+loc+tf.Size > uint64(len(r.data)) {
			return 0, false
		}
		var tag uint64
		for i := tf.Size; i > 0; i-- {
			tag = tag<<8 | uint64(r.data[at+loc+i-1])
		}
		return int(tag), true
	}
	return 0, false
}

// variantBytes marks the tag and every variant's fields of a tagged
// union, optional or error union (the error code itself aside).
func (r *dwarfReader) variantBytes(part *node, at uint64, mask []bool) {
	var discr, members []*node
	for _, c := range part.children {
		switch c.e.Tag {
		case dwarf.TagMember:
			discr = append(discr, c)
		case dwarf.TagVariant:
			for _, m := range c.children {
				if m.e.Tag == dwarf.TagMember {
					members = append(members, m)
				}
			}
		}
	}
	// a discriminant that overlaps a variant's field is that field read
	// as a number (the address of a pointer-like optional): skip it
	for _, d := range discr {
		dl, _ := d.uint(dwarf.AttrDataMemberLoc)
		overlaps := false
		for _, m := range members {
			ml, _ := m.uint(dwarf.AttrDataMemberLoc)
			tf, err := r.typeFacts(m.typeRef())
			if err == nil && tf.Size > 0 && dl >= ml && dl < ml+tf.Size {
				overlaps = true
			}
		}
		if !overlaps {
			members = append(members, d)
		}
	}
	for _, m := range members {
		loc, _ := m.uint(dwarf.AttrDataMemberLoc)
		if name, _ := m.e.Val(dwarf.AttrName).(string); name == "is_error" || name == "error" {
			tf, _ := r.typeFacts(m.typeRef())
			for i := at + loc; i < at+loc+tf.Size && i < uint64(len(r.ptr)); i++ {
				r.ptr[i] = true
			}
			continue
		}
		r.significant(m.typeRef(), at+loc, mask)
	}
}

// alignments are the two alignments Zig 0.11's @alignOf may give the
// type of n, when its layout reaches, without a pointer, an optional or
// error union of a zero-size payload (?[0]u64, anyerror![0]T): where Zig
// places the type (the error code's alignment for anyerror![0]T, the
// largest of its fields' for a container), and what @alignOf says once
// Zig has resolved the types involved (the payload's alignment for
// anyerror![0]T, the largest of its fields' such alignments for a
// container). Which of the two Zig prints depends on the order in which
// it resolves types: for
//
//	const S = struct { x: anyerror![0]u24 };
//
// @alignOf(S) is 2 before a `var s: S` is analysed and 4 after, while
// @sizeOf(S) is 2 and [2]S is 4 bytes either way. For every other type
// both are the type's one alignment.
func (r *dwarfReader) alignments(n *node) [2]uint64 {
	if n == nil {
		return [2]uint64{}
	}
	return [2]uint64{r.placementAlign(n), r.lazyAlign(n)}
}

// placementAlign is the alignment Zig places the type of n at. Our DWARF
// gives it, except for optionals and error unions (structures whose
// variant part is selected by has_value or is_error), where it gives
// @alignOf of the resolved types: their placement is that of their
// members with bits.
func (r *dwarfReader) placementAlign(n *node) uint64 {
	switch n.e.Tag {
	case dwarf.TagConstType, dwarf.TagVolatileType, dwarf.TagTypedef:
		if t := r.entries[n.typeRef()]; t != nil {
			return r.placementAlign(t)
		}
	case dwarf.TagStructType:
		if part := optionalOrErrorUnion(n); part != nil {
			a := uint64(1)
			r.eachVariantMember(part, func(m *node) {
				if t := r.entries[m.typeRef()]; t != nil {
					if tf, err := r.nodeFacts(t); err == nil && tf.Size > 0 {
						a = max(a, r.placementAlign(t))
					}
				}
			})
			return a
		}
	}
	tf, _ := r.nodeFacts(n)
	return tf.Align
}

// lazyAlign is @alignOf of the type of n once Zig has resolved every
// type it reaches: the largest of the lazy alignments of the fields with
// bits (Zig skips the others), at least the type's own.
func (r *dwarfReader) lazyAlign(n *node) uint64 {
	tf, _ := r.nodeFacts(n)
	a := tf.Align
	visit := func(m *node) {
		t := r.entries[m.typeRef()]
		if t == nil {
			return
		}
		if mf, err := r.nodeFacts(t); err == nil && mf.Size > 0 {
			a = max(a, r.lazyAlign(t))
		}
	}
	switch n.e.Tag {
	case dwarf.TagConstType, dwarf.TagVolatileType, dwarf.TagTypedef:
		if t := r.entries[n.typeRef()]; t != nil {
			return r.lazyAlign(t)
		}
	case dwarf.TagArrayType:
		if t := r.entries[n.typeRef()]; t != nil {
			return max(a, r.lazyAlign(t))
		}
	case dwarf.TagStructType, dwarf.TagUnionType:
		if n.typeRef() != 0 {
			return a // packed: an integer
		}
		for _, c := range n.children {
			switch c.e.Tag {
			case dwarf.TagMember:
				visit(c)
			case dwarf.TagVariantPart:
				r.eachVariantMember(c, visit)
			}
		}
	}
	return a
}

// optionalOrErrorUnion returns the variant part of an optional's or an
// error union's entry, nil for any other entry.
func optionalOrErrorUnion(n *node) *node {
	for _, c := range n.children {
		if c.e.Tag != dwarf.TagVariantPart {
			continue
		}
		for _, d := range c.children {
			name, _ := d.e.Val(dwarf.AttrName).(string)
			if d.e.Tag == dwarf.TagMember && (name == "has_value" || name == "is_error") {
				return c
			}
		}
	}
	return nil
}

// eachVariantMember calls f with the discriminant and every variant's
// members of a variant part.
func (r *dwarfReader) eachVariantMember(part *node, f func(*node)) {
	for _, c := range part.children {
		switch c.e.Tag {
		case dwarf.TagMember:
			f(c)
		case dwarf.TagVariant:
			for _, m := range c.children {
				if m.e.Tag == dwarf.TagMember {
					f(m)
				}
			}
		}
	}
}
