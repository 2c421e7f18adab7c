// Package compare compares the debug information of two ELF files read
// by dwarfread: unit by unit, entry by entry, attribute by attribute.
//
// Units are matched by their root's DW_AT_name, then by DW_AT_producer,
// then in order (units of the same unit type only). Inside a matched
// pair of units, entries are matched as trees: the children of two
// matched entries by tag and DW_AT_name, then unnamed ones by tag and
// what their DW_AT_type names (a pointer to "u32"), then what is left by
// tag in order. Attributes of two matched entries are matched by
// attribute.
//
// Values are compared by what they mean: a string by its text (not its
// offset in .debug_str or whether it is strp or line_strp), a reference
// by the entry it points to (equal when the two targets were matched to
// each other), a constant by its number, a DW_AT_decl_file by the path it
// names, a DW_AT_stmt_list by the files of the line table it points to, a
// location expression by its operations. Two values that mean
// the same in a different form or size (data1 against data2, strp against
// line_strp, a 4-byte DWARF32 offset against an 8-byte DWARF64 one) are
// StatusEncoding, not StatusChanged.
//
// Every unit, entry and attribute carries each side's byte range in its
// section, so a view can align the two files' bytes.
package compare

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// Status says how a unit, entry or attribute of one file compares with
// its match in the other.
type Status string

// The statuses, from most to least alike.
const (
	// StatusEqual: the same meaning in the same forms.
	StatusEqual Status = "equal"
	// StatusEncoding: the same meaning in other forms or sizes (a
	// DW_FORM_data1 against a data2, strp against line_strp, DWARF32
	// against DWARF64 offsets).
	StatusEncoding Status = "encoding"
	// StatusChanged: matched, but something means something else.
	StatusChanged Status = "changed"
	// StatusOnlyLeft and StatusOnlyRight: no match in the other file.
	StatusOnlyLeft  Status = "only-left"
	StatusOnlyRight Status = "only-right"
)

// rank orders statuses for the worst-of summary of a unit or file.
func (s Status) rank() int {
	switch s {
	case StatusEqual:
		return 0
	case StatusEncoding:
		return 1
	}
	return 2
}

// worse returns the less alike of a and b (a changed entry makes its
// unit changed; an only-left entry too).
func worse(a, b Status) Status {
	if b.rank() > a.rank() {
		if b.rank() == 2 {
			return StatusChanged
		}
		return b
	}
	return a
}

// Range is a byte range of a section of one file.
type Range struct {
	Section string `json:"section"`
	Off     uint64 `json:"off"`
	Len     uint64 `json:"len"`
}

// Result is the comparison of two files.
type Result struct {
	// Status is StatusEqual when every unit is.
	Status Status     `json:"status"`
	Units  []UnitDiff `json:"units"`
	// Counts counts the entries (Entries) and attributes (Attrs) of
	// every unit by status.
	Entries map[Status]int `json:"entries"`
	Attrs   map[Status]int `json:"attrs"`
}

// Equal reports whether the two files' debug information is the same.
func (r *Result) Equal() bool { return r.Status == StatusEqual }

// UnitSide is one file's side of a unit pair.
type UnitSide struct {
	// Index is the unit's place among the file's units.
	Index    int    `json:"index"`
	Range    Range  `json:"range"`
	Name     string `json:"name"`
	Producer string `json:"producer,omitempty"`
}

// Field is one unit header field of both files.
type Field struct {
	Name   string `json:"name"`
	Left   string `json:"left"`
	Right  string `json:"right"`
	Status Status `json:"status"`
}

// UnitDiff is a unit of either file or a matched pair of units.
type UnitDiff struct {
	Status Status    `json:"status"`
	Left   *UnitSide `json:"left,omitempty"`
	Right  *UnitSide `json:"right,omitempty"`
	// Header compares the header fields (version, format, unit_type,
	// address_size) of a matched pair.
	Header []Field `json:"header,omitempty"`
	// Entries are the unit's entries in tree order (a matched pair's
	// children follow it; entries only one file has are placed after
	// their matched predecessor), null entries left out.
	Entries []EntryDiff `json:"entries"`
}

// EntrySide is one file's side of an entry pair.
type EntrySide struct {
	Range Range  `json:"range"`
	Tag   string `json:"tag"`
	Name  string `json:"name,omitempty"`
}

// EntryDiff is an entry of either file or a matched pair of entries.
type EntryDiff struct {
	Status Status `json:"status"`
	// Depth is the entry's depth in its unit (0: the unit's root).
	Depth int `json:"depth"`
	// Path names the entry by its ancestors below the unit's root and
	// itself ("DW_TAG_structure_type S/DW_TAG_member x"), from the left
	// file when it has the entry.
	Path  string     `json:"path"`
	Left  *EntrySide `json:"left,omitempty"`
	Right *EntrySide `json:"right,omitempty"`
	Attrs []AttrDiff `json:"attrs"`
}

// AttrSide is one file's side of an attribute pair.
type AttrSide struct {
	// Range is the value's bytes (Len 0 for flag_present and
	// implicit_const, whose values are in the abbreviation).
	Range Range  `json:"range"`
	Form  string `json:"form"`
	// Value is the value as llvm-dwarfdump prints it; a reference names
	// its target ("0x0000002a → DW_TAG_base_type \"u32\"").
	Value string `json:"value"`
}

// AttrDiff is an attribute of either file or a matched pair.
type AttrDiff struct {
	Status Status    `json:"status"`
	Attr   string    `json:"attr"`
	Left   *AttrSide `json:"left,omitempty"`
	Right  *AttrSide `json:"right,omitempty"`
}

// dieRef names one DIE of one side: its unit and its index in the unit's
// DIEs.
type dieRef struct{ unit, die int }

var noDIE = dieRef{-1, -1}

// unitTree is one unit with its DIEs as a tree.
type unitTree struct {
	u    *dwarfread.Unit
	ctx  *dwarfread.AttrContext
	kids [][]int // children of each DIE
	root []int   // the DIEs at depth 0
}

// side is one file.
type side struct {
	d     *dwarfread.Data
	units []*unitTree
	// at finds a DIE by its section index and offset.
	at map[[2]uint64]dieRef
	// match is the other side's DIE each DIE was matched to.
	match map[dieRef]dieRef
}

func newSide(d *dwarfread.Data) *side {
	s := &side{d: d, at: map[[2]uint64]dieRef{}, match: map[dieRef]dieRef{}}
	for ui, u := range d.Units {
		t := &unitTree{u: u, ctx: d.Context(u), kids: make([][]int, len(u.DIEs))}
		var stack []int
		for i := range u.DIEs {
			die := &u.DIEs[i]
			if die.Code == 0 {
				continue
			}
			s.at[[2]uint64{uint64(u.SectionIndex), die.Off}] = dieRef{ui, i}
			depth := die.Depth
			if depth > len(stack) {
				depth = len(stack) // malformed nesting: hang it where it can go
			}
			stack = stack[:depth]
			if depth == 0 {
				t.root = append(t.root, i)
			} else {
				p := stack[depth-1]
				t.kids[p] = append(t.kids[p], i)
			}
			stack = append(stack, i)
		}
		s.units = append(s.units, t)
	}
	return s
}

func (s *side) die(r dieRef) *dwarfread.DIE { return &s.units[r.unit].u.DIEs[r.die] }

// name returns a DIE's DW_AT_name ("" when it has none).
func name(d *dwarfread.DIE) string {
	if v, ok := d.Val(dw.AttrName); ok && v.Resolved {
		return v.Str
	}
	return ""
}

// describe names a DIE for a reader: its tag and name.
func describe(d *dwarfread.DIE) string {
	if n := name(d); n != "" {
		return d.Tag.String() + " " + dwarfread.Quote(n)
	}
	return d.Tag.String()
}

// target returns the DIE a reference value points to.
func (s *side) target(t *unitTree, v dwarfread.Value) (dieRef, bool) {
	sec := uint64(t.u.SectionIndex)
	var off uint64
	switch v.Form {
	case dw.FormRef1, dw.FormRef2, dw.FormRef4, dw.FormRef8, dw.FormRefUdata:
		off = t.u.Off + v.Raw
	case dw.FormRefAddr:
		info := s.d.Section(".debug_info")
		if info == nil {
			return noDIE, false
		}
		sec, off = uint64(info.Index), v.Raw
	default:
		return noDIE, false
	}
	r, ok := s.at[[2]uint64{sec, off}]
	return r, ok
}

// typeName names what an unnamed DIE's DW_AT_type chain reaches ("u32",
// "DW_TAG_pointer_type→u32"), for matching unnamed entries.
func (s *side) typeName(r dieRef, depth int) string {
	d := s.die(r)
	if n := name(d); n != "" {
		return n
	}
	v, ok := d.Val(dw.AttrType)
	if !ok || depth == 0 {
		return d.Tag.String()
	}
	tr, ok := s.target(s.units[r.unit], v)
	if !ok {
		return d.Tag.String() + "→?"
	}
	return d.Tag.String() + "→" + s.typeName(tr, depth-1)
}

// Files compares the debug information of two files.
func Files(left, right *dwarfread.Data) *Result {
	l, r := newSide(left), newSide(right)
	res := &Result{Status: StatusEqual, Entries: map[Status]int{}, Attrs: map[Status]int{}}
	type pending struct {
		ud   *UnitDiff
		rows []row
	}
	var all []pending
	for _, p := range matchUnits(l, r) {
		ud := &UnitDiff{}
		m := &matcher{l: l, r: r}
		switch {
		case p[1] < 0:
			ud.Status, ud.Left = StatusOnlyLeft, unitSide(l, p[0])
			m.subtrees(l, p[0], l.units[p[0]].root, 0, StatusOnlyLeft)
		case p[0] < 0:
			ud.Status, ud.Right = StatusOnlyRight, unitSide(r, p[1])
			m.subtrees(r, p[1], r.units[p[1]].root, 0, StatusOnlyRight)
		default:
			ud.Left, ud.Right = unitSide(l, p[0]), unitSide(r, p[1])
			ud.Header = header(l.units[p[0]].u, r.units[p[1]].u)
			m.children(p[0], p[1], l.units[p[0]].root, r.units[p[1]].root, 0)
		}
		all = append(all, pending{ud, m.out})
	}
	// References are compared once every entry is matched.
	for _, p := range all {
		ud := p.ud
		if ud.Left != nil && ud.Right != nil {
			ud.Status = StatusEqual
			for _, f := range ud.Header {
				ud.Status = worse(ud.Status, f.Status)
			}
		}
		for _, rw := range p.rows {
			e := entryDiff(l, r, rw)
			res.Entries[e.Status]++
			for _, a := range e.Attrs {
				res.Attrs[a.Status]++
			}
			if ud.Left != nil && ud.Right != nil {
				ud.Status = worse(ud.Status, e.Status)
			}
			ud.Entries = append(ud.Entries, e)
		}
		res.Status = worse(res.Status, ud.Status)
		res.Units = append(res.Units, *ud)
	}
	return res
}

func unitSide(s *side, i int) *UnitSide {
	t := s.units[i]
	us := &UnitSide{Index: i, Range: Range{Section: t.u.Section, Off: t.u.Off, Len: t.u.End - t.u.Off}}
	if len(t.root) > 0 {
		root := &t.u.DIEs[t.root[0]]
		us.Name = name(root)
		if v, ok := root.Val(dw.AttrProducer); ok && v.Resolved {
			us.Producer = v.Str
		}
	}
	return us
}

// matchUnits pairs the units of l and r: by root name, then producer,
// then in order, only units of the same type. Unpaired units get -1 on
// the other side. The pairs are in l's order, r's leftovers after.
func matchUnits(l, r *side) [][2]int {
	rTaken := make([]bool, len(r.units))
	lTo := make([]int, len(l.units))
	for i := range lTo {
		lTo[i] = -1
	}
	key := []func(s *side, i int) string{
		func(s *side, i int) string { return unitSide(s, i).Name },
		func(s *side, i int) string { return unitSide(s, i).Producer },
		func(s *side, i int) string { return "*" },
	}
	for _, k := range key {
		for i := range l.units {
			if lTo[i] >= 0 || k(l, i) == "" {
				continue
			}
			for j := range r.units {
				if !rTaken[j] && l.units[i].u.Type == r.units[j].u.Type && k(l, i) == k(r, j) {
					lTo[i], rTaken[j] = j, true
					break
				}
			}
		}
	}
	var out [][2]int
	for i, j := range lTo {
		out = append(out, [2]int{i, j})
	}
	for j, taken := range rTaken {
		if !taken {
			out = append(out, [2]int{-1, j})
		}
	}
	return out
}

// header compares the header fields of two units.
func header(a, b *dwarfread.Unit) []Field {
	format := func(u *dwarfread.Unit) string {
		if u.Format64 {
			return "DWARF64"
		}
		return "DWARF32"
	}
	f := func(name, l, r string, differs Status) Field {
		st := StatusEqual
		if l != r {
			st = differs
		}
		return Field{Name: name, Left: l, Right: r, Status: st}
	}
	return []Field{
		f("version", fmt.Sprint(a.Version), fmt.Sprint(b.Version), StatusChanged),
		f("format", format(a), format(b), StatusEncoding),
		f("unit_type", a.Type.String(), b.Type.String(), StatusChanged),
		f("address_size", fmt.Sprint(a.AddrSize), fmt.Sprint(b.AddrSize), StatusChanged),
	}
}

// row is one entry of the comparison before its attributes are compared:
// a DIE of the left side, of the right side, or a matched pair.
type row struct {
	depth int
	path  string
	l, r  dieRef
}

// matcher matches the entries of a pair of units (or lists one side's)
// and collects their rows in tree order.
type matcher struct {
	l, r *side
	out  []row
	// names are the descriptions of the DIEs above the current one.
	names []string
}

// pathDepth bounds the ancestors a path names, so that deep nesting
// (hostile files nest 4096 deep) costs no more than shallow.
const pathDepth = 8

// add appends a row for d (described by desc) below the ancestors in
// m.names and makes it the current ancestor; done pops it.
func (m *matcher) add(depth int, desc string, l, r dieRef) {
	names := m.names
	prefix := ""
	if len(names) > pathDepth-1 {
		names, prefix = names[len(names)-(pathDepth-1):], "…/"
	}
	path := prefix + strings.Join(append(names[:len(names):len(names)], desc), "/")
	m.out = append(m.out, row{depth: depth, path: path, l: l, r: r})
	m.names = append(m.names, desc)
}

func (m *matcher) done() { m.names = m.names[:len(m.names)-1] }

// subtrees adds the rows of DIEs (and their descendants) only side s
// has.
func (m *matcher) subtrees(s *side, unit int, dies []int, depth int, st Status) {
	for _, i := range dies {
		l, r := noDIE, noDIE
		if st == StatusOnlyLeft {
			l = dieRef{unit, i}
		} else {
			r = dieRef{unit, i}
		}
		m.add(depth, describe(&s.units[unit].u.DIEs[i]), l, r)
		m.subtrees(s, unit, s.units[unit].kids[i], depth+1, st)
		m.done()
	}
}

// children matches two lists of sibling DIEs (ld of l's unit lu, rd of
// r's unit ru) and adds their rows, each matched pair followed by its
// children's rows.
//
// A namespace (DW_TAG_module, DW_TAG_namespace) that only one side has
// is looked through: the other side's siblings left unmatched by name
// and type are matched against its children (Zig's output puts every
// declaration inside a DW_TAG_module "root"; C's has them at the top).
func (m *matcher) children(lu, ru int, ld, rd []int, depth int) {
	l, r := m.l, m.r
	const (
		unmatched = -1
		inside    = -2 // matched inside the other side's namespace
	)
	lTo := make([]int, len(ld)) // index into rd, or one of the above
	rTo := make([]int, len(rd))
	for i := range lTo {
		lTo[i] = unmatched
	}
	for j := range rTo {
		rTo[j] = unmatched
	}
	pair := func(key func(s *side, unit, i int) string) {
		byKey := map[string][]int{}
		for j, d := range rd {
			if rTo[j] == unmatched {
				if k := key(r, ru, d); k != "" {
					byKey[k] = append(byKey[k], j)
				}
			}
		}
		for i, d := range ld {
			if lTo[i] != unmatched {
				continue
			}
			k := key(l, lu, d)
			if k == "" || len(byKey[k]) == 0 {
				continue
			}
			j := byKey[k][0]
			byKey[k] = byKey[k][1:]
			lTo[i], rTo[j] = j, i
		}
	}
	// Each pass pairs still unmatched siblings whose keys are equal, the
	// n-th of a key on one side with the n-th on the other.
	pair(func(s *side, unit, i int) string { // tag and name
		d := &s.units[unit].u.DIEs[i]
		if n := name(d); n != "" {
			return d.Tag.String() + " " + n
		}
		return ""
	})
	pair(func(s *side, unit, i int) string { // unnamed: tag and type
		if name(&s.units[unit].u.DIEs[i]) != "" {
			return ""
		}
		return s.typeName(dieRef{unit, i}, 8)
	})
	lNS, rNS := namespace(l, lu, ld, lTo), namespace(r, ru, rd, rTo)
	var lRest, rRest []int // what a namespace of the other side looks through
	switch {
	case lNS >= 0 && rNS < 0 && !hasTag(r, ru, rd, rTo, l.units[lu].u.DIEs[ld[lNS]].Tag):
		for j, d := range rd {
			if rTo[j] == unmatched {
				rTo[j], rRest = inside, append(rRest, d)
			}
		}
		lTo[lNS] = inside
	case rNS >= 0 && lNS < 0 && !hasTag(l, lu, ld, lTo, r.units[ru].u.DIEs[rd[rNS]].Tag):
		for i, d := range ld {
			if lTo[i] == unmatched {
				lTo[i], lRest = inside, append(lRest, d)
			}
		}
		rTo[rNS] = inside
	}
	pair(func(s *side, unit, i int) string { // tag and layout
		d := &s.units[unit].u.DIEs[i]
		size, ok1 := d.Val(dw.AttrByteSize)
		loc, ok2 := d.Val(dw.AttrDataMemberLocation)
		if !ok1 && !ok2 {
			return ""
		}
		return fmt.Sprintf("%s %d %t %d %t", d.Tag, size.Raw, ok1, loc.Raw, ok2)
	})
	pair(func(s *side, unit, i int) string { // position among the tag's
		return s.units[unit].u.DIEs[i].Tag.String()
	})
	// Order: l's siblings; r's unmatched ones after the row of their
	// nearest matched predecessor in r (or first).
	after := map[int][]int{} // l index (-1: before all) → r indexes
	anchor := -1
	for j, i := range rTo {
		switch {
		case i >= 0:
			anchor = i
		case j == rNS && i == inside, i == unmatched:
			after[anchor] = append(after[anchor], j)
		}
	}
	rightOnly := func(js []int) {
		for _, j := range js {
			d := rd[j]
			if rTo[j] != inside {
				m.subtrees(r, ru, rd[j:j+1], depth, StatusOnlyRight)
				continue
			}
			m.add(depth, describe(&r.units[ru].u.DIEs[d]), noDIE, dieRef{ru, d})
			m.children(lu, ru, lRest, r.units[ru].kids[d], depth+1)
			m.done()
		}
	}
	rightOnly(after[-1])
	for i, d := range ld {
		switch j := lTo[i]; {
		case j == inside && i == lNS:
			m.add(depth, describe(&l.units[lu].u.DIEs[d]), dieRef{lu, d}, noDIE)
			m.children(lu, ru, l.units[lu].kids[d], rRest, depth+1)
			m.done()
		case j == inside:
			// Shown inside the right side's namespace.
		case j == unmatched:
			m.subtrees(l, lu, []int{d}, depth, StatusOnlyLeft)
		default:
			lr, rr := dieRef{lu, d}, dieRef{ru, rd[j]}
			l.match[lr], r.match[rr] = rr, lr
			m.add(depth, describe(l.die(lr)), lr, rr)
			m.children(lu, ru, l.units[lu].kids[d], r.units[ru].kids[rd[j]], depth+1)
			m.done()
		}
		rightOnly(after[i])
	}
}

// namespace returns the index in dies of the only unmatched namespace
// (DW_TAG_module or DW_TAG_namespace) among them, or -1.
func namespace(s *side, unit int, dies, to []int) int {
	found := -1
	for i, d := range dies {
		if to[i] != -1 {
			continue
		}
		switch s.units[unit].u.DIEs[d].Tag {
		case dw.TagModule, dw.TagNamespace:
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// hasTag reports whether an unmatched DIE of dies has tag t.
func hasTag(s *side, unit int, dies, to []int, t dw.Tag) bool {
	for i, d := range dies {
		if to[i] == -1 && s.units[unit].u.DIEs[d].Tag == t {
			return true
		}
	}
	return false
}

// entryDiff compares the DIEs of a row attribute by attribute.
func entryDiff(l, r *side, rw row) EntryDiff {
	e := EntryDiff{Depth: rw.depth, Path: rw.path}
	var ld, rd *dwarfread.DIE
	var lt, rt *unitTree
	if rw.l != noDIE {
		ld, lt = l.die(rw.l), l.units[rw.l.unit]
		e.Left = &EntrySide{Range: Range{Section: lt.u.Section, Off: ld.Off, Len: ld.Len}, Tag: ld.Tag.String(), Name: name(ld)}
	}
	if rw.r != noDIE {
		rd, rt = r.die(rw.r), r.units[rw.r.unit]
		e.Right = &EntrySide{Range: Range{Section: rt.u.Section, Off: rd.Off, Len: rd.Len}, Tag: rd.Tag.String(), Name: name(rd)}
	}
	switch {
	case ld == nil:
		e.Status = StatusOnlyRight
		for i := range rd.Attrs {
			e.Attrs = append(e.Attrs, AttrDiff{Status: StatusOnlyRight, Attr: rd.Attrs[i].Attr.String(), Right: r.attrSide(rt, &rd.Attrs[i])})
		}
		return e
	case rd == nil:
		e.Status = StatusOnlyLeft
		for i := range ld.Attrs {
			e.Attrs = append(e.Attrs, AttrDiff{Status: StatusOnlyLeft, Attr: ld.Attrs[i].Attr.String(), Left: l.attrSide(lt, &ld.Attrs[i])})
		}
		return e
	}
	e.Status = StatusEqual
	if ld.Tag != rd.Tag {
		e.Status = StatusChanged
	}
	// Attributes pair by attribute, the n-th of one on each side; r's
	// unpaired ones follow l's.
	used := make([]bool, len(rd.Attrs))
	byAttr := map[dw.Attr][]int{}
	for k := range rd.Attrs {
		byAttr[rd.Attrs[k].Attr] = append(byAttr[rd.Attrs[k].Attr], k)
	}
	for i := range ld.Attrs {
		la := &ld.Attrs[i]
		ad := AttrDiff{Attr: la.Attr.String(), Left: l.attrSide(lt, la)}
		if ks := byAttr[la.Attr]; len(ks) == 0 {
			ad.Status = StatusOnlyLeft
		} else {
			j := ks[0]
			byAttr[la.Attr] = ks[1:]
			used[j] = true
			ra := &rd.Attrs[j]
			ad.Right = r.attrSide(rt, ra)
			ad.Status = compareValues(l, r, lt, rt, la, ra)
		}
		e.Status = worse(e.Status, ad.Status)
		e.Attrs = append(e.Attrs, ad)
	}
	for k := range rd.Attrs {
		if !used[k] {
			e.Attrs = append(e.Attrs, AttrDiff{Status: StatusOnlyRight, Attr: rd.Attrs[k].Attr.String(), Right: r.attrSide(rt, &rd.Attrs[k])})
			e.Status = worse(e.Status, StatusOnlyRight)
		}
	}
	return e
}

func (s *side) attrSide(t *unitTree, a *dwarfread.Attr) *AttrSide {
	as := &AttrSide{Range: Range{Section: t.u.Section, Off: a.Off, Len: a.Len}, Form: a.Value.Form.String()}
	if a.Form == dw.FormIndirect {
		as.Form = "DW_FORM_indirect " + as.Form
	}
	if tr, ok := s.target(t, a.Value); ok {
		as.Value = fmt.Sprintf("0x%08x → %s", s.die(tr).Off, describe(s.die(tr)))
	} else {
		as.Value = dwarfread.AttrText(a.Attr, a.Value, t.ctx)
	}
	return as
}

// compareValues compares two values of the same attribute.
func compareValues(l, r *side, lt, rt *unitTree, la, ra *dwarfread.Attr) Status {
	lk, lref := valueKey(l, lt, la)
	rk, rref := valueKey(r, rt, ra)
	same := lk == rk
	if lref != noDIE || rref != noDIE {
		// A reference is the entry it points to: equal when the two
		// targets were matched to each other.
		m, ok := l.match[lref]
		same = lref != noDIE && rref != noDIE && ok && m == rref
	}
	switch {
	case !same:
		return StatusChanged
	case la.Value.Form != ra.Value.Form || la.Len != ra.Len:
		return StatusEncoding
	}
	return StatusEqual
}

// valueKey returns what a value means as a string, equal for two values
// that mean the same whatever their forms; for a reference, the DIE it
// points to instead.
func valueKey(s *side, t *unitTree, a *dwarfread.Attr) (string, dieRef) {
	v := a.Value
	switch v.Form {
	case dw.FormRef1, dw.FormRef2, dw.FormRef4, dw.FormRef8, dw.FormRefUdata, dw.FormRefAddr:
		if tr, ok := s.target(t, v); ok {
			return "", tr
		}
		return fmt.Sprintf("ref?:%x", v.Raw), noDIE
	case dw.FormString, dw.FormStrp, dw.FormLineStrp, dw.FormStrx, dw.FormStrx1, dw.FormStrx2, dw.FormStrx3, dw.FormStrx4,
		dw.FormGNUStrIndex, dw.FormStrpSup, dw.FormGNUStrpAlt:
		if v.Resolved {
			return "s:" + v.Str, noDIE
		}
		return fmt.Sprintf("s?:%s:%x", v.Form, v.Raw), noDIE
	case dw.FormFlag, dw.FormFlagPresent:
		return fmt.Sprint("b:", v.Raw != 0), noDIE
	case dw.FormAddr:
		return fmt.Sprintf("a:%x", v.Raw), noDIE
	case dw.FormAddrx, dw.FormAddrx1, dw.FormAddrx2, dw.FormAddrx3, dw.FormAddrx4, dw.FormGNUAddrIndex:
		if v.Resolved {
			return fmt.Sprintf("a:%x", v.Addr), noDIE
		}
		return fmt.Sprintf("a?:%x", v.Raw), noDIE
	case dw.FormData1, dw.FormData2, dw.FormData4, dw.FormData8, dw.FormUdata:
		if a.Attr == dw.AttrDeclFile || a.Attr == dw.AttrCallFile {
			return "f:" + dwarfread.AttrText(a.Attr, v, t.ctx), noDIE
		}
		return fmt.Sprint("c:", v.Raw), noDIE
	case dw.FormSdata, dw.FormImplicitConst:
		if a.Attr == dw.AttrDeclFile || a.Attr == dw.AttrCallFile {
			return "f:" + dwarfread.AttrText(a.Attr, v, t.ctx), noDIE
		}
		return fmt.Sprint("c:", int64(v.Raw)), noDIE
	case dw.FormBlock, dw.FormBlock1, dw.FormBlock2, dw.FormBlock4:
		if a.Attr == dw.AttrZIGPadding {
			// Filler: its length is layout, its bytes mean nothing.
			return "pad", noDIE
		}
		return "e:" + dwarfread.AttrText(a.Attr, v, t.ctx), noDIE
	case dw.FormExprloc:
		// Operations decoded (DW_OP_addr in either address size), or
		// the bytes of a block that holds no expression.
		return "e:" + dwarfread.AttrText(a.Attr, v, t.ctx), noDIE
	case dw.FormData16, dw.FormRefSig8:
		return fmt.Sprintf("x:%x:%s", v.Raw, hex.EncodeToString(v.Block)), noDIE
	case dw.FormRnglistx, dw.FormLoclistx:
		// The index into the unit's offsets table, not the offset it
		// resolves to (which moves with the table header's size).
		return fmt.Sprintf("i:%x", v.Raw), noDIE
	}
	if a.Attr == dw.AttrStmtList && t.u.Line != nil {
		// The line table it points to, by the files it names (where
		// it sits in .debug_line is the linker's business).
		var files strings.Builder
		files.WriteString("line:")
		first := uint64(0)
		if t.u.Line.Version < 5 {
			first = 1
		}
		for i := range uint64(len(t.u.Line.Files)) {
			p, _ := t.u.Line.FilePath(first+i, t.u.CompDir)
			files.WriteString(p + "\x00")
		}
		return files.String(), noDIE
	}
	if hdr, ok := baseHeader(a.Attr, t.u.Format64); ok && v.Raw >= hdr {
		// A table base points past the header of the unit's
		// contribution: the contribution's offset is what it means.
		return fmt.Sprintf("o:%x", v.Raw-hdr), noDIE
	}
	// Section offsets and what is left: the number.
	return fmt.Sprintf("o:%x", v.Raw), noDIE
}

// baseHeader returns the size of the table header a DW_AT_*_base
// attribute's value points past (DWARF 5 §7.26-7.29), in the unit's
// format.
func baseHeader(at dw.Attr, format64 bool) (uint64, bool) {
	length := uint64(4)
	if format64 {
		length = 12
	}
	switch at {
	case dw.AttrStrOffsetsBase, dw.AttrAddrBase:
		return length + 4, true // version, padding or address and segment sizes
	case dw.AttrRnglistsBase, dw.AttrLoclistsBase:
		return length + 8, true // version, sizes, offset_entry_count
	}
	return 0, false
}

// Summary is one line saying how the files compare.
func (r *Result) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d units; entries", r.Status, len(r.Units))
	for _, st := range []Status{StatusEqual, StatusEncoding, StatusChanged, StatusOnlyLeft, StatusOnlyRight} {
		fmt.Fprintf(&b, " %d %s", r.Entries[st], st)
		if st != StatusOnlyRight {
			b.WriteByte(',')
		}
	}
	return b.String()
}
