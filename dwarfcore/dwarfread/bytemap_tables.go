package dwarfread

// The byte map of the address, name and offset tables and the range and
// location lists: .debug_aranges, .debug_pubnames, .debug_pubtypes,
// .debug_str_offsets, .debug_addr, .debug_rnglists, .debug_loclists, and
// DWARF 2 to 4's .debug_ranges and .debug_loc.

import (
	"fmt"
	"sort"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
)

// arangesUnit maps one .debug_aranges set.
func (m *mapper) arangesUnit(u *Span, c *cursor, end uint64, is64 bool) {
	c.fixed("version", 2, nil)
	c.fixed("debug_info_offset", offSize(is64), hexv)
	as := int(c.fixed("address_size", 1, nil))
	ss := int(c.fixed("segment_selector_size", 1, nil))
	if c.failed || as == 0 || as > 8 || ss > 8 {
		c.failed = true
		return
	}
	tuple := uint64(2*as + ss)
	if rem := (c.r.off - u.Off) % tuple; rem != 0 {
		p := c.r.off
		c.r.bytes(tuple - rem)
		c.field(SpanField, "padding to a multiple of the tuple size", p, "")
	}
	for i := 0; c.r.off+tuple <= end && !c.failed; i++ {
		e := newSpan(SpanEntry, fmt.Sprintf("range %d", i), c.r.off, tuple)
		e.Unit, e.Entry = u.Unit, i
		u.Children = append(u.Children, e)
		ec := &cursor{m: m, parent: e, r: c.r}
		if ss > 0 {
			ec.fixed("segment_selector", ss, nil)
		}
		a := ec.fixed("address", as, hexv)
		l := ec.fixed("length", as, nil)
		c.r.off = ec.r.off
		if a == 0 && l == 0 {
			e.Name = "terminating address/length pair"
			break
		}
	}
}

// pubUnit maps one set of .debug_pubnames or .debug_pubtypes (DWARF 2 to
// 4 §6.1.1; Zig 0.11 writes both): the header, then (offset, name)
// pairs, the offset from the start of the unit at debug_info_offset,
// ended by a 0 offset.
func (m *mapper) pubUnit(u *Span, c *cursor, end uint64, is64 bool) {
	c.fixed("version", 2, nil)
	os := offSize(is64)
	c.fixed("debug_info_offset", os, hexv)
	c.fixed("debug_info_length", os, nil)
	for i := 0; c.r.off < end && !c.failed; i++ {
		start := c.r.off
		e := newSpan(SpanEntry, "name", start, 0)
		e.Unit, e.Entry = u.Unit, i
		ec := &cursor{m: m, parent: e, r: c.r, end: end}
		off := ec.fixed("offset", os, hexv)
		if off == 0 {
			e.Name = "end of set"
		} else {
			p := ec.r.off
			name := ec.r.cstring()
			ec.field(SpanField, "name", p, Quote(name))
		}
		if !c.endEntry(u, e, ec) {
			return
		}
		if off == 0 {
			return
		}
	}
}

// strOffsetsUnit maps one .debug_str_offsets contribution (DWARF 5).
func (m *mapper) strOffsetsUnit(u *Span, c *cursor, end uint64, is64 bool) {
	if v := c.fixed("version", 2, nil); v != 5 {
		c.failed = true
		return
	}
	c.fixed("padding", 2, nil)
	str := m.d.bytes(".debug_str")
	for i := 0; c.r.off+uint64(offSize(is64)) <= end && !c.failed; i++ {
		c.fixed(fmt.Sprintf("str_offsets[%d]", i), offSize(is64), func(v uint64) string {
			return fmt.Sprintf("0x%x %s", v, Quote(cstringAt(str, v)))
		})
	}
}

// addrUnit maps one .debug_addr contribution (DWARF 5).
func (m *mapper) addrUnit(u *Span, c *cursor, end uint64, is64 bool) {
	c.fixed("version", 2, nil)
	as := int(c.fixed("address_size", 1, nil))
	ss := int(c.fixed("segment_selector_size", 1, nil))
	if c.failed || as == 0 || as > 8 {
		c.failed = true
		return
	}
	for i := 0; c.r.off+uint64(as+ss) <= end && !c.failed; i++ {
		if ss > 0 {
			c.fixed(fmt.Sprintf("segments[%d]", i), ss, nil)
		}
		c.fixed(fmt.Sprintf("addresses[%d]", i), as, hexv)
	}
}

// listsUnit maps one .debug_rnglists or .debug_loclists table: header,
// offsets and every entry in order.
func (m *mapper) listsUnit(loc bool) func(u *Span, c *cursor, end uint64, is64 bool) {
	return func(u *Span, c *cursor, end uint64, is64 bool) {
		c.fixed("version", 2, nil)
		as := int(c.fixed("address_size", 1, nil))
		c.fixed("segment_selector_size", 1, nil)
		n := c.fixed("offset_entry_count", 4, nil)
		if c.failed || as == 0 || as > 8 {
			c.failed = true
			return
		}
		for i := uint64(0); i < n && !c.failed; i++ {
			c.fixed(fmt.Sprintf("offsets[%d]", i), offSize(is64), hexv)
		}
		ectx := ExprContext{Order: m.d.Order, AddrSize: as, OffsetSize: offSize(is64), Machine: uint16(m.d.File.Machine)}
		for i := 0; c.r.off < end && !c.failed; i++ {
			m.listEntry(u, c, i, loc, as, ectx)
			m.flush() // units reads back only u's last child, which stays
		}
	}
}

// listField is one operand of a range or location list entry: a ULEB128,
// or (addr) an address of the unit's address size.
type listField struct {
	name string
	addr bool
}

// rleFields are the operands of each range list entry kind (DWARF 5
// §2.17.3).
var rleFields = map[dw.RLE][]listField{
	dw.RLEEndOfList:    nil,
	dw.RLEBaseAddressx: {{"address index", false}},
	dw.RLEStartxEndx:   {{"start index", false}, {"end index", false}},
	dw.RLEStartxLength: {{"start index", false}, {"length", false}},
	dw.RLEOffsetPair:   {{"start offset", false}, {"end offset", false}},
	dw.RLEBaseAddress:  {{"base address", true}},
	dw.RLEStartEnd:     {{"start address", true}, {"end address", true}},
	dw.RLEStartLength:  {{"start address", true}, {"length", false}},
}

// lleFields are the operands of each location list entry kind (DWARF 5
// §2.6.2) before its location description; lleNoExpr the kinds that
// have none.
var (
	lleFields = map[dw.LLE][]listField{
		dw.LLEEndOfList:       nil,
		dw.LLEBaseAddressx:    rleFields[dw.RLEBaseAddressx],
		dw.LLEStartxEndx:      rleFields[dw.RLEStartxEndx],
		dw.LLEStartxLength:    rleFields[dw.RLEStartxLength],
		dw.LLEOffsetPair:      rleFields[dw.RLEOffsetPair],
		dw.LLEDefaultLocation: nil,
		dw.LLEBaseAddress:     rleFields[dw.RLEBaseAddress],
		dw.LLEStartEnd:        rleFields[dw.RLEStartEnd],
		dw.LLEStartLength:     rleFields[dw.RLEStartLength],
		dw.LLEGNUViewPair:     rleFields[dw.RLEOffsetPair],
	}
	lleNoExpr = map[dw.LLE]bool{dw.LLEEndOfList: true, dw.LLEBaseAddressx: true, dw.LLEBaseAddress: true, dw.LLEGNUViewPair: true}
)

// listEntry maps one DWARF 5 range or location list entry.
func (m *mapper) listEntry(u *Span, c *cursor, i int, loc bool, as int, ectx ExprContext) {
	start := c.r.off
	kind := c.r.u8()
	var names dw.Namer = dw.RLENames
	fields, known := rleFields[dw.RLE(kind)]
	if loc {
		names = dw.LLENames
		fields, known = lleFields[dw.LLE(kind)]
	}
	e := newSpan(SpanEntry, names.Name(uint64(kind)), start, 0)
	e.Unit, e.Entry = u.Unit, i
	ec := &cursor{m: m, parent: e, r: c.r}
	ec.r.off = start + 1
	ec.field(SpanField, "kind", start, e.Name)
	if !known {
		c.failed = true
		return
	}
	u.Children = append(u.Children, e)
	for _, f := range fields {
		if f.addr {
			ec.fixed(f.name, as, hexv)
		} else {
			ec.uleb(f.name)
		}
	}
	if loc && !lleNoExpr[dw.LLE(kind)] && !ec.failed {
		m.exprField(ec, ectx, false)
	}
	c.r.off, c.failed = ec.r.off, ec.failed
	e.Len = lastEnd(e, start) - start
}

// exprField maps a location description: its length (ULEB128, or 2 bytes
// in DWARF 4 .debug_loc) and its operations.
func (m *mapper) exprField(c *cursor, ectx ExprContext, twoByte bool) {
	p := c.r.off
	var n uint64
	if twoByte {
		n = c.r.fixed(2)
	} else {
		n = c.r.uleb()
	}
	blk := c.r.bytes(n)
	ops, err := DecodeExpr(blk, ectx)
	text := ExprText(ops)
	if err != nil {
		text += " <" + err.Error() + ">"
	}
	if s := c.field(SpanField, "location description", p, text); s != nil {
		s.Attr = &AttrInfo{Attr: "location description", Form: "exprloc", Text: text, Raw: n, Expr: ops, ExprOff: c.r.off - n}
	}
}

// referenced maps .debug_ranges or .debug_loc (DWARF 2 to 4), whose lists
// have no headers: it decodes the lists DIEs refer to (and GNU location
// views), and marks the bytes nothing refers to as undecoded.
func (m *mapper) referenced(root *Span, loc bool) uint64 {
	type ref struct {
		off   uint64
		u     *Unit
		views uint64 // offset of DW_AT_GNU_locviews for this list, or ^0
	}
	var refs []ref
	for _, u := range m.d.Units {
		if u.Version >= 5 {
			continue
		}
		for _, die := range u.DIEs {
			views := ^uint64(0)
			if v, ok := die.Val(dw.AttrGNULocviews); ok && loc {
				views = v.Raw
			}
			for _, a := range die.Attrs {
				if a.Value.Form != dw.FormSecOffset && !(u.Version < 4 && (a.Value.Form == dw.FormData4 || a.Value.Form == dw.FormData8)) {
					continue
				}
				if !loc && a.Attr == dw.AttrRanges || loc && locationAttrs[a.Attr] {
					refs = append(refs, ref{a.Value.Raw, u, views})
				}
			}
		}
	}
	sort.Slice(refs, func(i, j int) bool { return refs[i].off < refs[j].off })
	pos := uint64(0)
	type viewList struct {
		off, n uint64
		u      *Unit
	}
	var views []viewList
	decodeList := func(off uint64, u *Unit) (uint64, uint64) {
		c := m.cursor(root, off, uint64(len(m.data)))
		ectx := m.d.Context(u).ExprContext
		as := int(u.AddrSize)
		max := ^uint64(0) >> (64 - 8*as)
		entries := uint64(0)
		for i := 0; !c.failed; i++ {
			start := c.r.off
			e := newSpan(SpanEntry, "entry", start, 0)
			ec := &cursor{m: m, parent: e, r: c.r}
			b := ec.fixed("start", as, hexv)
			en := ec.fixed("end", as, hexv)
			switch {
			case b == 0 && en == 0:
				e.Name = "end of list"
			case b == max:
				e.Name = "base address selection"
			default:
				e.Name = "range"
				entries++
				if loc {
					m.exprField(ec, ectx, true)
				}
			}
			if !c.endEntry(root, e, ec) {
				break
			}
			if e.Name == "end of list" {
				break
			}
		}
		return c.r.off, entries
	}
	for _, r := range refs {
		if r.off < pos || r.off >= uint64(len(m.data)) {
			continue // already decoded, or out of the section
		}
		// views precede their list in gcc's output
		m.undecoded(root, pos, r.off, "not referenced by any DIE this reader decoded")
		end, n := decodeList(r.off, r.u)
		pos = max(pos, end)
		if r.views != ^uint64(0) {
			views = append(views, viewList{r.views, n, r.u})
		}
	}
	// location views: ULEB128 pairs, one per entry of their list
	if len(views) > 0 {
		root.Children = nil
		pos = 0
		sort.Slice(views, func(i, j int) bool { return views[i].off < views[j].off })
		vi := 0
		ri := 0
		for vi < len(views) || ri < len(refs) {
			if vi < len(views) && (ri >= len(refs) || views[vi].off <= refs[ri].off) {
				v := views[vi]
				vi++
				if v.off < pos {
					continue
				}
				m.undecoded(root, pos, v.off, "not referenced by any DIE this reader decoded")
				c := m.cursor(root, v.off, uint64(len(m.data)))
				for i := uint64(0); i < v.n && !c.failed; i++ {
					c.uleb(fmt.Sprintf("view pair %d begin", i))
					c.uleb(fmt.Sprintf("view pair %d end", i))
				}
				pos = c.r.off
				continue
			}
			r := refs[ri]
			ri++
			if r.off < pos || r.off >= uint64(len(m.data)) {
				continue
			}
			m.undecoded(root, pos, r.off, "not referenced by any DIE this reader decoded")
			end, _ := decodeList(r.off, r.u)
			pos = max(pos, end)
		}
	}
	return pos
}
