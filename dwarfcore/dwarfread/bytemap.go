package dwarfread

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
)

// Map returns the annotated byte map of every debug section, in file
// order: one root span per section whose leaves cover every byte of the
// section's contents (decompressed) exactly once. What the reader decodes
// is named field by field; what it cannot decode is a SpanUndecoded leaf
// saying why, never a guess. Values are decoded after relocation, and a
// span a relocation patches names it (Span.Reloc indexes Data.Relocs).
func (d *Data) Map() []*Span {
	out := make([]*Span, 0, len(d.Sections))
	for _, s := range d.Sections {
		out = append(out, d.SectionMap(s))
	}
	return out
}

// mapper builds the map of one section.
type mapper struct {
	d      *Data
	sec    *DebugSection
	data   []byte
	relocs []RelocInfo // d.Relocs against sec, by offset
	first  int         // index in d.Relocs of relocs[0]
	// stream, when not nil, writes the map as it is built (see
	// WriteSectionMapJSON); root is the section's span.
	stream *spanStream
	root   *Span
	// pace, when not nil, is called every pacedDIEs DIEs of
	// .debug_info with the offset reached (see UnitMapPaced).
	pace func(off uint64)
	// spans, infos and ptrs are what a map built whole (not streamed)
	// takes its spans, attribute infos and DIEs' child lists from, a
	// chunk at a time: a big unit's map is hundreds of thousands of them,
	// which live and die together.
	spans []Span
	infos []AttrInfo
	ptrs  []*Span
}

// chunk is how many spans (or infos) the mapper allocates at a time.
const chunk = 256

// span returns a new span like newSpan's, from the mapper's chunk when
// the map is not streamed (a streamed map drops its spans one by one).
func (m *mapper) span(kind SpanKind, name string, off, n uint64) *Span {
	if m.stream != nil {
		return newSpan(kind, name, off, n)
	}
	if len(m.spans) == 0 {
		m.spans = make([]Span, chunk)
	}
	s := &m.spans[0]
	m.spans = m.spans[1:]
	*s = Span{Kind: kind, Name: name, Off: off, Len: n, Unit: -1, Entry: -1, Reloc: -1}
	return s
}

// attrInfo returns a place for an attribute leaf's info (see span).
func (m *mapper) attrInfo(info AttrInfo) *AttrInfo {
	if m.stream != nil {
		p := new(AttrInfo)
		*p = info
		return p
	}
	if len(m.infos) == 0 {
		m.infos = make([]AttrInfo, chunk)
	}
	p := &m.infos[0]
	m.infos = m.infos[1:]
	*p = info
	return p
}

// children returns an empty list of children with room for n (see span).
func (m *mapper) children(n int) []*Span {
	if m.stream != nil || n > chunk {
		return make([]*Span, 0, n)
	}
	if len(m.ptrs) < n {
		m.ptrs = make([]*Span, 4*chunk)
	}
	c := m.ptrs[:0:n]
	m.ptrs = m.ptrs[n:]
	return c
}

// flush lets the stream write the spans complete so far; the mapper calls
// it where it will not read those spans back (see spanStream).
func (m *mapper) flush() {
	m.stream.flush(m.root, false)
}

func newSpan(kind SpanKind, name string, off, n uint64) *Span {
	return &Span{Kind: kind, Name: name, Off: off, Len: n, Unit: -1, Entry: -1, Reloc: -1}
}

// relocIn returns the index in Data.Relocs of the first relocation
// patching [lo, hi), or -1.
func (m *mapper) relocIn(lo, hi uint64) int {
	i := sort.Search(len(m.relocs), func(i int) bool { return m.relocs[i].Offset >= lo })
	if i < len(m.relocs) && m.relocs[i].Offset < hi {
		return m.first + i
	}
	return -1
}

func (m *mapper) leaf(parent *Span, kind SpanKind, name string, off, n uint64, value string) *Span {
	s := m.span(kind, name, off, n)
	s.Value = value
	s.Unit, s.Entry = parent.Unit, parent.Entry
	s.Reloc = m.relocIn(off, off+n)
	parent.Children = append(parent.Children, s)
	return s
}

// undecoded marks [from, to) as bytes the reader cannot decode.
func (m *mapper) undecoded(parent *Span, from, to uint64, why string) {
	if to > from {
		m.leaf(parent, SpanUndecoded, "undecoded", from, to-from, why)
	}
}

// SectionMap returns the byte map of one debug section (see Map); a
// caller that handles one section at a time keeps only that one in
// memory.
func (d *Data) SectionMap(s *DebugSection) *Span {
	return d.sectionMap(s, nil)
}

// sectionMap builds the map of s, letting st (when not nil) write it
// while it is built.
func (d *Data) sectionMap(s *DebugSection, st *spanStream) *Span {
	return d.newMapper(s, st).section()
}

// sectionMapPaced is SectionMap calling pace (see mapper.pace).
func (d *Data) sectionMapPaced(s *DebugSection, pace func(off uint64)) *Span {
	m := d.newMapper(s, nil)
	m.pace = pace
	return m.section()
}

func (d *Data) newMapper(s *DebugSection, st *spanStream) *mapper {
	m := &mapper{d: d, sec: s, data: s.Data, stream: st}
	// The relocations against s are one run of d.Relocs (sorted by
	// target, then offset): the mapper looks at that run, uncopied (a
	// unit's map of a big object would otherwise copy them all).
	first, n := -1, 0
	for i, r := range d.Relocs {
		if r.Target == s.Index {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	if first >= 0 {
		m.first, m.relocs = first, d.Relocs[first:first+n]
	}
	return m
}

// section builds the map of m's section.
func (m *mapper) section() *Span {
	s := m.sec
	root := newSpan(SpanSection, s.Name, 0, uint64(len(s.Data)))
	m.root = root
	if s.Compression != "" {
		root.Value = fmt.Sprintf("SHF_COMPRESSED (%s): %d bytes in the file, %d decompressed; offsets are in the decompressed contents", s.Compression, s.RawSize, len(s.Data))
	}
	if s.Data == nil {
		root.Len = s.RawSize
		why := "cannot be read"
		if len(s.Problems) > 0 {
			why = s.Problems[0]
		}
		m.undecoded(root, 0, s.RawSize, why)
		return root
	}
	if len(s.Data) == 0 {
		root.Value = "empty: the section has no bytes"
		return root
	}
	var end uint64
	switch s.Name {
	case ".debug_info", ".debug_types":
		end = m.info(root)
	case ".debug_abbrev":
		end = m.abbrev(root)
	case ".debug_str", ".debug_line_str":
		end = m.strings(root)
	case ".debug_line":
		end = m.line(root)
	case ".debug_aranges":
		end = m.units(root, m.arangesUnit)
	case ".debug_pubnames", ".debug_pubtypes":
		end = m.units(root, m.pubUnit)
	case ".debug_str_offsets":
		end = m.units(root, m.strOffsetsUnit)
	case ".debug_addr":
		end = m.units(root, m.addrUnit)
	case ".debug_rnglists":
		end = m.units(root, m.listsUnit(false))
	case ".debug_loclists":
		end = m.units(root, m.listsUnit(true))
	case ".debug_ranges":
		end = m.referenced(root, false)
	case ".debug_loc":
		end = m.referenced(root, true)
	default:
		m.undecoded(root, 0, uint64(len(s.Data)), "this reader does not decode "+s.Name)
		return root
	}
	m.undecoded(root, end, uint64(len(s.Data)), "past the last unit this reader could read")
	return root
}

// cursor decodes consecutive fields of a structure ending at end.
type cursor struct {
	m      *mapper
	parent *Span
	r      reader
	end    uint64
	failed bool
}

func (m *mapper) cursor(parent *Span, off, end uint64) *cursor {
	if end > uint64(len(m.data)) {
		end = uint64(len(m.data))
	}
	return &cursor{m: m, parent: parent, r: reader{b: m.data[:end], off: off, order: m.d.Order}, end: end}
}

// field adds the leaf for bytes read since start; it reports false (and
// adds nothing) once a read ran past the end.
func (c *cursor) field(kind SpanKind, name string, start uint64, value string) *Span {
	if c.failed || c.r.err != nil {
		c.failed = true
		return nil
	}
	s := c.m.leaf(c.parent, kind, name, start, c.r.off-start, value)
	s.Field = fieldKind(name)
	return s
}

// endEntry ends the entry e whose fields ec read: it sizes e to what ec
// read, adds it to to's children and moves c past it. When ec failed it
// fails c instead and reports false.
func (c *cursor) endEntry(to, e *Span, ec *cursor) bool {
	if ec.failed {
		c.failed = true
		return false
	}
	e.Len = ec.r.off - e.Off
	to.Children = append(to.Children, e)
	c.r.off = ec.r.off
	return true
}

func (c *cursor) fixed(name string, n int, show func(uint64) string) uint64 {
	start := c.r.off
	v := c.r.fixed(n)
	val := strconv.FormatUint(v, 10)
	if show != nil {
		val = show(v)
	}
	c.field(SpanField, name, start, val)
	return v
}

func (c *cursor) uleb(name string) uint64 {
	start := c.r.off
	v := c.r.uleb()
	c.field(SpanField, name, start, strconv.FormatUint(v, 10))
	return v
}

func hexv(v uint64) string { return fmt.Sprintf("0x%x", v) }

// unitLength reads unit_length; it returns the unit's end and whether
// the unit is DWARF64.
func (c *cursor) unitLength() (end uint64, is64 bool, ok bool) {
	start := c.r.off
	l := c.r.fixed(4)
	if l == 0xffffffff {
		c.field(SpanField, "unit_length escape (DWARF64)", start, hexv(l))
		start = c.r.off
		l = c.r.fixed(8)
		is64 = true
	}
	c.field(SpanField, "unit_length", start, strconv.FormatUint(l, 10))
	if c.failed || l >= 0xfffffff0 && !is64 || l > uint64(len(c.m.data))-c.r.off {
		return 0, is64, false
	}
	return c.r.off + l, is64, true
}

// units decodes a section made of units with a unit_length, one after
// the other, with decode; it returns where it stopped.
func (m *mapper) units(root *Span, decode func(u *Span, c *cursor, end uint64, is64 bool)) uint64 {
	off := uint64(0)
	for n := 0; off < uint64(len(m.data)); n++ {
		u := newSpan(SpanUnit, fmt.Sprintf("unit %d", n), off, 0)
		u.Unit = n
		c := m.cursor(u, off, uint64(len(m.data)))
		end, is64, ok := c.unitLength()
		if !ok {
			return off
		}
		u.Len = end - off
		root.Children = append(root.Children, u)
		c.end, c.r.b = end, m.data[:end]
		decode(u, c, end, is64)
		pos := c.r.off
		if c.failed {
			pos = lastEnd(u, off)
		}
		m.undecoded(u, pos, end, "bytes this reader could not decode inside the unit")
		off = end
		m.flush()
	}
	return off
}

// lastEnd is where u's last leaf ends (off when it has none).
func lastEnd(u *Span, off uint64) uint64 {
	if n := len(u.Children); n > 0 {
		l := u.Children[n-1]
		return l.Off + l.Len
	}
	return off
}

func offSize(is64 bool) int {
	if is64 {
		return 8
	}
	return 4
}

// info maps .debug_info or .debug_types from the units Read decoded.
func (m *mapper) info(root *Span) uint64 {
	end := uint64(0)
	for ui, u := range m.d.Units {
		if u.SectionIndex != m.sec.Index {
			continue
		}
		us := newSpan(SpanUnit, fmt.Sprintf("%s unit at 0x%x", u.Type, u.Off), u.Off, u.End-u.Off)
		us.Unit = ui
		root.Children = append(root.Children, us)
		h := newSpan(SpanHeader, "unit header", u.Off, u.HeaderEnd-u.Off)
		h.Unit = ui
		us.Children = make([]*Span, 0, 1+len(u.DIEs)+1)
		us.Children = append(us.Children, h)
		c := m.cursor(h, u.Off, u.HeaderEnd)
		c.unitLength()
		c.fixed("version", 2, nil)
		os := offSize(u.Format64)
		if u.Version >= 5 {
			c.fixed("unit_type", 1, func(v uint64) string { return fmt.Sprintf("%d (%s)", v, dw.UnitType(v)) })
			c.fixed("address_size", 1, nil)
			c.fixed("debug_abbrev_offset", os, hexv)
			switch u.Type {
			case dw.UTSkeleton, dw.UTSplitCompile:
				c.fixed("dwo_id", 8, hexv)
			case dw.UTType, dw.UTSplitType:
				c.fixed("type_signature", 8, hexv)
				c.fixed("type_offset", os, hexv)
			}
		} else {
			c.fixed("debug_abbrev_offset", os, hexv)
			c.fixed("address_size", 1, nil)
			if u.Section == ".debug_types" {
				c.fixed("type_signature", 8, hexv)
				c.fixed("type_offset", os, hexv)
			}
		}
		ctx := m.d.Context(u)
		pos := u.HeaderEnd
		for i, die := range u.DIEs {
			if m.pace != nil && i%pacedDIEs == 0 {
				m.pace(die.Off)
			}
			if die.Code == 0 {
				m.leaf(us, SpanNull, "null DIE", die.Off, die.Len, "end of children").Field = FieldAbbrevCode
				pos = die.Off + die.Len
				m.flush()
				continue
			}
			tag := tagNames.name(die.Tag)
			ds := m.span(SpanDIE, tag, die.Off, die.Len)
			ds.Unit = ui
			ds.DIE = &DIEInfo{Offset: die.Off, Tag: tag, Code: die.Code, Depth: die.Depth, Children: die.Children}
			ds.Children = m.children(1 + len(die.Attrs))
			us.Children = append(us.Children, ds)
			m.leaf(ds, SpanAttr, "abbrev code", die.Off, die.CodeLen, strconv.FormatUint(die.Code, 10)+" ("+tag+")").Field = FieldAbbrevCode
			for _, a := range die.Attrs {
				info := AttrInfo{Attr: attrNames.name(a.Attr), Form: formNames.name(a.Form), Raw: a.Value.Raw,
					Text: AttrText(a.Attr, a.Value, ctx)}
				if isConstForm(a.Value.Form) {
					if name, ok := ConstName(a.Attr, a.Value.Raw); ok {
						info.Const = name
					}
				}
				if a.Value.Form == dw.FormExprloc || a.Value.Block != nil && locationAttrs[a.Attr] && a.Value.Form != dw.FormData16 {
					info.Expr, _ = DecodeExpr(a.Value.Block, ctx.ExprContext)
					info.ExprOff = a.Off + a.Len - uint64(len(a.Value.Block))
				}
				if a.Len == 0 {
					if ds.DIE.Implicit == nil {
						ds.DIE.Implicit = make([]AttrInfo, 0, implicitAttrs(die.Attrs))
					}
					ds.DIE.Implicit = append(ds.DIE.Implicit, info)
					continue
				}
				l := m.leaf(ds, SpanAttr, info.Attr, a.Off, a.Len, info.Text)
				l.Attr = m.attrInfo(info)
				l.Field = FieldAttrValue
			}
			pos = die.Off + die.Len
			m.flush()
		}
		why := "bytes after the last DIE"
		if u.Err != nil {
			why = u.Err.Error()
		}
		m.undecoded(us, pos, u.End, why)
		end = u.End
	}
	return end
}

// implicitAttrs counts the attributes whose values take no bytes.
func implicitAttrs(attrs []Attr) int {
	n := 0
	for _, a := range attrs {
		if a.Len == 0 {
			n++
		}
	}
	return n
}

// abbrev maps .debug_abbrev: its tables one after the other.
func (m *mapper) abbrev(root *Span) uint64 {
	off := uint64(0)
	for n := 0; off < uint64(len(m.data)); n++ {
		t := newSpan(SpanUnit, fmt.Sprintf("abbreviation table at 0x%x", off), off, 0)
		t.Unit = n
		root.Children = append(root.Children, t)
		r := &reader{b: m.data, off: off, order: m.d.Order}
		for {
			start := r.off
			code := r.uleb()
			if r.err != nil {
				m.undecoded(t, start, uint64(len(m.data)), fmt.Sprintf(".debug_abbrev offset 0x%x: table ends without a 0 code", start))
				t.Len = uint64(len(m.data)) - off
				return uint64(len(m.data))
			}
			if code == 0 {
				m.leaf(t, SpanNull, "end of abbreviations", start, r.off-start, "0").Field = FieldAbbrevsEnd
				break
			}
			ab := newSpan(SpanAbbrev, fmt.Sprintf("abbreviation %d", code), start, 0)
			ab.Unit = n
			t.Children = append(t.Children, ab)
			c := &cursor{m: m, parent: ab, r: reader{b: m.data, off: start, order: m.d.Order}, end: uint64(len(m.data))}
			c.r.uleb()
			c.field(SpanField, "abbreviation code", start, strconv.FormatUint(code, 10)).Field = FieldAbbrevCode
			p := c.r.off
			tag := c.r.uleb()
			if s := c.field(SpanField, "tag", p, TagName(tag)); s != nil {
				s.Field = FieldTag
			}
			p = c.r.off
			ch := c.r.u8()
			if s := c.field(SpanField, "children", p, map[bool]dw.Children{true: dw.ChildrenYes, false: dw.ChildrenNo}[ch != 0].String()); s != nil {
				s.Field = FieldChildren
			}
			for !c.failed {
				p = c.r.off
				at, form := c.r.uleb(), c.r.uleb()
				val := AttrName(at) + " " + FormName(form)
				if form == uint64(dw.FormImplicitConst) {
					val += fmt.Sprintf(" (%d)", c.r.sleb())
				}
				if at == 0 && form == 0 {
					if s := c.field(SpanField, "end of attributes", p, "0, 0"); s != nil {
						s.Field = FieldAttrsEnd
					}
					break
				}
				if s := c.field(SpanField, "attribute", p, val); s != nil {
					s.Field = FieldAttrSpec
					s.Attr = &AttrInfo{Attr: AttrName(at), Form: FormName(form)}
				}
			}
			if c.failed {
				e := lastEnd(ab, start)
				ab.Len = e - start
				m.undecoded(t, e, uint64(len(m.data)), fmt.Sprintf(".debug_abbrev offset 0x%x: abbreviation %d ends early", start, code))
				t.Len = uint64(len(m.data)) - off
				return uint64(len(m.data))
			}
			ab.Len = c.r.off - start
			r.off = c.r.off
		}
		t.Len = r.off - off
		off = r.off
	}
	return off
}

// strings maps a string section: one leaf per NUL-terminated string.
func (m *mapper) strings(root *Span) uint64 {
	strs, err := m.d.Strings(m.sec.Name)
	for i, s := range strs {
		l := m.leaf(root, SpanString, "string", s.Off, uint64(len(s.Str))+1, Quote(s.Str))
		l.Entry = i
		m.flush()
	}
	end := uint64(0)
	if n := len(strs); n > 0 {
		end = strs[n-1].Off + uint64(len(strs[n-1].Str)) + 1
	}
	if err != nil {
		m.undecoded(root, end, uint64(len(m.data)), err.Error())
		return uint64(len(m.data))
	}
	return end
}
