package dwarfcore

import (
	"fmt"
	"strconv"
)

// SpanKind says what a Span of the annotated map is.
type SpanKind string

// The kinds of span. Leaves (spans without children) cover every byte of
// every section exactly once; the other kinds group them.
const (
	// SpanSection is the root of one section.
	SpanSection SpanKind = "section"
	// SpanUnit is one unit: header, entries, padding, trailer.
	SpanUnit SpanKind = "unit"
	// SpanHeader groups a unit header's fields.
	SpanHeader SpanKind = "header"
	// SpanField is a leaf: one field of a header or of an aranges or
	// rnglists entry.
	SpanField SpanKind = "field"
	// SpanEntry is one entry: the contents a declaration or type owns.
	SpanEntry SpanKind = "entry"
	// SpanDIE is one debugging information entry; its children are its
	// abbreviation code and attributes (child DIEs follow it as
	// siblings, with a greater Depth).
	SpanDIE SpanKind = "die"
	// SpanAttr is a leaf: a DIE's abbreviation code or one attribute.
	SpanAttr SpanKind = "attr"
	// SpanNull is a leaf: a null DIE ending a list of children.
	SpanNull SpanKind = "null"
	// SpanPadding groups or is the filler after an entry (Owner says
	// whose slack it is): DW_TAG_ZIG_padding DIEs, DW_LNS_const_add_pc.
	SpanPadding SpanKind = "padding"
	// SpanTrailer groups or is a unit trailer and its fill.
	SpanTrailer SpanKind = "trailer"
	// SpanSlack is a leaf: bytes no unit owns.
	SpanSlack SpanKind = "slack"
	// SpanAbbrev is one abbreviation declaration.
	SpanAbbrev SpanKind = "abbrev"
	// SpanString is a leaf: one NUL-terminated string.
	SpanString SpanKind = "string"
	// SpanOp is a leaf: one line-number program opcode with its operands.
	SpanOp SpanKind = "op"
	// SpanStale is a leaf: bytes left behind in padding (never read).
	SpanStale SpanKind = "stale"
)

// Map is the annotated map of the debug sections: for every section a
// tree of spans whose leaves say what each byte is.
type Map struct {
	Sections [NumSections]*Span `json:"sections"`
}

// Span is a byte range of a section and what it is. Off and Len are in
// bytes from the start of the section.
type Span struct {
	Kind SpanKind `json:"kind"`
	// Name is a short label: a header field's DWARF name ("unit_length",
	// "header_length"), an attribute's name, an opcode's name, the owner
	// of an entry ("declaration basic.main").
	Name string `json:"name"`
	Off  uint64 `json:"off"`
	Len  uint64 `json:"len"`
	// Value is the decoded value, when there is one.
	Value string `json:"value,omitempty"`
	// Unit and Entry are the unit and entry index the span belongs to
	// (-1 when none).
	Unit  int `json:"unit"`
	Entry int `json:"entry"`
	// Owner says whose slack a padding span is, or which entry a DIE
	// belongs to.
	Owner string `json:"owner,omitempty"`
	// DIE describes a SpanDIE; Attr an attribute leaf.
	DIE  *DIEInfo  `json:"die,omitempty"`
	Attr *AttrInfo `json:"attr,omitempty"`
	// Reloc is the index in Output.Relocs of the relocation at this
	// span, or -1.
	Reloc    int     `json:"reloc"`
	Children []*Span `json:"children,omitempty"`
}

// DIEInfo describes a debugging information entry.
type DIEInfo struct {
	// Offset is the DIE's offset in .debug_info.
	Offset uint64 `json:"offset"`
	Tag    string `json:"tag"`
	Code   uint64 `json:"code"`
	// Abbrev is the seed's name of the abbreviation ("decl_var").
	Abbrev   string `json:"abbrev"`
	Depth    int    `json:"depth"`
	Children bool   `json:"children"`
}

// AttrInfo describes an attribute leaf.
type AttrInfo struct {
	Attr string `json:"attr"`
	Form string `json:"form"`
}

// Leaves returns the leaf spans of s in order.
func (s *Span) Leaves() []*Span {
	var out []*Span
	var walk func(*Span)
	walk = func(s *Span) {
		if len(s.Children) == 0 {
			out = append(out, s)
			return
		}
		for _, c := range s.Children {
			walk(c)
		}
	}
	walk(s)
	return out
}

// annotator decodes the laid-out sections back into spans.
type annotator struct {
	d      *Dwarf
	o      *Output
	relocs [NumSections]map[uint64]int
	// entryAt maps a .debug_info offset to the owner of the entry
	// starting there.
	entryAt map[uint64]string
}

func (d *Dwarf) annotate(o *Output) *Map {
	a := &annotator{d: d, o: o, entryAt: map[uint64]string{}}
	for i := range a.relocs {
		a.relocs[i] = map[uint64]int{}
	}
	for i, r := range o.Relocs {
		a.relocs[r.Section][r.Offset] = i
	}
	info := d.sections[DebugInfo]
	for _, u := range info.units {
		for ei := range u.entries {
			e := &u.entries[ei]
			if e.len > 0 {
				a.entryAt[u.off+u.headerLen+e.off] = e.what.String()
			}
		}
	}
	m := &Map{}
	for id := range NumSections {
		m.Sections[id] = a.section(id)
	}
	return m
}

func (a *annotator) span(kind SpanKind, name string, off, n uint64) *Span {
	return &Span{Kind: kind, Name: name, Off: off, Len: n, Unit: none, Entry: none, Reloc: none}
}

func (a *annotator) leaf(parent *Span, kind SpanKind, name string, off, n uint64, value string) *Span {
	s := a.span(kind, name, off, n)
	s.Value = value
	s.Unit, s.Entry = parent.Unit, parent.Entry
	parent.Children = append(parent.Children, s)
	return s
}

func (a *annotator) section(id SectionID) *Span {
	s := a.d.sections[id]
	data := a.o.Sections[id]
	root := a.span(SpanSection, id.Name(), 0, uint64(len(data)))
	pos := uint64(0)
	for ui := s.first; ui != none; ui = s.units[ui].next {
		u := s.units[ui]
		if u.off > pos {
			a.leaf(root, SpanSlack, "unused", pos, u.off-pos, "")
		}
		end := s.unitEnd(u)
		if end == u.off {
			continue // an empty unit has no bytes to show
		}
		us := a.span(SpanUnit, u.label, u.off, end-u.off)
		us.Unit = ui
		root.Children = append(root.Children, us)
		a.unit(id, s, u, us, data, end)
		pos = end
	}
	if pos < uint64(len(data)) {
		a.leaf(root, SpanSlack, "unused", pos, uint64(len(data))-pos, "")
	}
	return root
}

func (a *annotator) unit(id SectionID, s *section, u *unit, us *Span, data []byte, end uint64) {
	if u.headerLen > 0 {
		h := a.span(SpanHeader, "unit header", u.off, u.headerLen)
		h.Unit = u.index
		us.Children = append(us.Children, h)
		a.header(id, u, h, data)
	}
	pos := u.off + u.headerLen
	var owner string
	ownerEntry := none
	for ei := u.first; ei != none; ei = u.entries[ei].next {
		e := &u.entries[ei]
		if e.len == 0 {
			continue
		}
		start := u.off + u.headerLen + e.off
		if start > pos {
			a.padding(id, us, pos, start-pos, owner, ownerEntry, data)
		}
		es := a.span(SpanEntry, e.what.String(), start, e.len)
		es.Unit, es.Entry, es.Owner = u.index, ei, e.what.String()
		us.Children = append(us.Children, es)
		a.entry(id, es, data[start:start+e.len], start)
		pos = start + e.len
		owner, ownerEntry = e.what.String(), ei
	}
	if end > pos {
		t := a.span(SpanTrailer, "unit trailer", pos, end-pos)
		t.Unit = u.index
		us.Children = append(us.Children, t)
		a.trailer(id, t, data, pos, end, u)
	}
}

// padding annotates the filler between entries.
func (a *annotator) padding(id SectionID, us *Span, off, n uint64, owner string, ownerEntry int, data []byte) {
	p := a.span(SpanPadding, "padding", off, n)
	p.Unit, p.Entry = us.Unit, ownerEntry
	if owner != "" {
		p.Owner = "slack of " + owner
	} else {
		p.Owner = "hole at the start of the unit"
	}
	us.Children = append(us.Children, p)
	switch id {
	case DebugInfo:
		pos, end := off, off+n
		for pos < end {
			code, cn := readULEB(data[:end], pos)
			switch {
			case cn > 0 && code == uint64(abbrevPad1):
				a.leaf(p, SpanAttr, "abbrev code", pos, uint64(cn), "pad_1 (DW_TAG_ZIG_padding, 1 byte)")
				pos += uint64(cn)
			case cn > 0 && code == uint64(abbrevPadN):
				bl, bn := readULEB(data[:end], pos+uint64(cn))
				if bn == 0 || pos+uint64(cn)+uint64(bn)+bl > end {
					a.leaf(p, SpanStale, "stale bytes", pos, end-pos, "")
					return
				}
				a.leaf(p, SpanAttr, "abbrev code", pos, uint64(cn), "pad_n (DW_TAG_ZIG_padding)")
				l := a.leaf(p, SpanAttr, "DW_AT_ZIG_padding block length", pos+uint64(cn), uint64(bn), strconv.FormatUint(bl, 10))
				if bn > ulebLen(bl) {
					l.Value += fmt.Sprintf(" (ULEB stretched to %d bytes)", bn)
				}
				l.Attr = &AttrInfo{Attr: attrName(atZIGPadding), Form: formName(formBlock)}
				pos += uint64(cn) + uint64(bn)
				if bl > 0 {
					a.leaf(p, SpanStale, "padding block (skipped by readers)", pos, bl, "")
					pos += bl
				}
			default:
				a.leaf(p, SpanStale, "stale bytes", pos, end-pos, "")
				return
			}
		}
	case DebugLine:
		a.opRun(p, data, off, off+n)
	default:
		a.leaf(p, SpanStale, "gap", off, n, "")
	}
}

// opRun annotates a run of DW_LNS_const_add_pc padding.
func (a *annotator) opRun(p *Span, data []byte, off, end uint64) {
	pos := off
	for pos < end {
		j := pos
		for j < end && data[j] == lnsConstAddPC {
			j++
		}
		if j > pos {
			a.leaf(p, SpanOp, "DW_LNS_const_add_pc", pos, j-pos, fmt.Sprintf("×%d (no rows)", j-pos))
			pos = j
			continue
		}
		a.leaf(p, SpanStale, "stale bytes", pos, end-pos, "")
		return
	}
}

func (a *annotator) trailer(id SectionID, t *Span, data []byte, pos, end uint64, u *unit) {
	switch id {
	case DebugInfo:
		n := min(end-pos, 2)
		a.leaf(t, SpanNull, "null DIE (end of module, end of compile unit children)", pos, n, "")
		if end > pos+n {
			a.leaf(t, SpanTrailer, "null fill", pos+n, end-pos-n, "")
		}
	case DebugAranges:
		n := min(end-pos, 2*a.d.addrSize())
		a.leaf(t, SpanField, "terminating address/length pair", pos, n, "0, 0")
		if end > pos+n {
			a.leaf(t, SpanTrailer, "zero fill", pos+n, end-pos-n, "")
		}
	case DebugLine:
		q := pos
		if end-q >= 2 && data[q] == lnsSetFile {
			a.leaf(t, SpanOp, "DW_LNS_set_file", q, 2, "0 (keeps the end row's file index valid)")
			q += 2
		}
		fill := q
		for fill < end && data[fill] == lnsConstAddPC {
			fill++
		}
		if fill > q {
			a.leaf(t, SpanOp, "DW_LNS_const_add_pc", q, fill-q, fmt.Sprintf("×%d trailer fill (no rows)", fill-q))
			q = fill
		}
		if end-q == 3 && data[q] == lnsExtendedOp && data[q+1] == 1 && data[q+2] == lneEndSequence {
			a.leaf(t, SpanOp, "DW_LNE_end_sequence", q, 3, "end of the unit's last sequence")
			q += 3
		}
		if q < end {
			a.leaf(t, SpanStale, "stale bytes", q, end-q, "")
		}
	case DebugRnglists:
		a.leaf(t, SpanField, "DW_RLE_end_of_list", pos, 1, "end of range list 0")
		if end > pos+1 {
			a.leaf(t, SpanTrailer, "DW_RLE_end_of_list fill", pos+1, end-pos-1, "")
		}
	default:
		a.leaf(t, SpanTrailer, "fill", pos, end-pos, "")
	}
}

// fields annotates consecutive header fields.
type fieldCursor struct {
	a    *annotator
	p    *Span
	id   SectionID
	data []byte
	pos  uint64
}

func (c *fieldCursor) fixed(name string, n uint64, describe func(v uint64) string) uint64 {
	var v uint64
	if c.pos+n <= uint64(len(c.data)) && n <= 8 {
		v = getUint(c.a.d.order, c.data[c.pos:c.pos+n])
	}
	val := strconv.FormatUint(v, 10)
	if describe != nil {
		val = describe(v)
	}
	s := c.a.leaf(c.p, SpanField, name, c.pos, n, val)
	if r, ok := c.a.relocs[c.id][c.pos]; ok {
		s.Reloc = r
		s.Value += " " + c.a.relocText(r)
	}
	c.pos += n
	return v
}

func (c *fieldCursor) uleb(name string) uint64 {
	v, n := readULEB(c.data, c.pos)
	c.a.leaf(c.p, SpanField, name, c.pos, uint64(n), strconv.FormatUint(v, 10))
	c.pos += uint64(n)
	return v
}

func (c *fieldCursor) unitLength() {
	if c.a.d.opts.Format == DWARF64 {
		c.fixed("unit_length escape (DWARF64)", 4, func(v uint64) string { return fmt.Sprintf("0x%x", v) })
		c.fixed("unit_length", 8, nil)
		return
	}
	c.fixed("unit_length", 4, nil)
}

func (c *fieldCursor) offset(name string) uint64 {
	return c.fixed(name, c.a.d.offsetSize(), func(v uint64) string { return fmt.Sprintf("0x%x", v) })
}

func (a *annotator) relocText(i int) string {
	r := a.o.Relocs[i]
	if r.Kind == External {
		tls := ""
		if r.TLS {
			tls = " (DTPOFF)"
		}
		return fmt.Sprintf("[%s reloc: %s%+d%s]", r.Kind, r.Symbol, r.Addend, tls)
	}
	return fmt.Sprintf("[%s reloc → %s+0x%x]", r.Kind, r.TargetSection.Name(), r.TargetOffset)
}

func (a *annotator) header(id SectionID, u *unit, h *Span, data []byte) {
	c := &fieldCursor{a: a, p: h, id: id, data: data, pos: u.off}
	end := u.off + u.headerLen
	switch id {
	case DebugAranges:
		c.unitLength()
		c.fixed("version", 2, nil)
		c.offset("debug_info_offset")
		c.fixed("address_size", 1, nil)
		c.fixed("segment_selector_size", 1, nil)
		if c.pos < end {
			a.leaf(h, SpanField, "padding to a multiple of twice the address size", c.pos, end-c.pos, "")
		}
	case DebugInfo:
		c.unitLength()
		c.fixed("version", 2, nil)
		c.fixed("unit_type", 1, func(v uint64) string { return fmt.Sprintf("%d (DW_UT_compile)", v) })
		c.fixed("address_size", 1, nil)
		c.offset("debug_abbrev_offset")
		depth := 0
		a.dies(h, data[:end], c.pos, &depth, "unit header")
	case DebugLine:
		c.unitLength()
		c.fixed("version", 2, nil)
		c.fixed("address_size", 1, nil)
		c.fixed("segment_selector_size", 1, nil)
		c.offset("header_length")
		c.fixed("minimum_instruction_length", 1, nil)
		c.fixed("maximum_operations_per_instruction", 1, nil)
		c.fixed("default_is_stmt", 1, nil)
		c.fixed("line_base", 1, func(v uint64) string { return strconv.Itoa(int(int8(v))) })
		c.fixed("line_range", 1, nil)
		c.fixed("opcode_base", 1, nil)
		for i := 1; i < lineOpcodeBase && c.pos < end; i++ {
			c.fixed(fmt.Sprintf("standard_opcode_lengths[%d]", i), 1, nil)
		}
		c.fixed("directory_entry_format_count", 1, nil)
		c.uleb("directory_entry_format: DW_LNCT_path")
		c.uleb("directory_entry_format: DW_FORM_line_strp")
		dirs := c.uleb("directories_count")
		for i := uint64(0); i < dirs && c.pos < end; i++ {
			a.lineStrField(c, fmt.Sprintf("directories[%d] path", i))
		}
		c.fixed("file_name_entry_format_count", 1, nil)
		c.uleb("file_name_entry_format: DW_LNCT_path")
		c.uleb("file_name_entry_format: DW_FORM_line_strp")
		c.uleb("file_name_entry_format: DW_LNCT_directory_index")
		c.uleb("file_name_entry_format: DW_FORM_udata")
		c.uleb("file_name_entry_format: DW_LNCT_LLVM_source")
		c.uleb("file_name_entry_format: DW_FORM_line_strp")
		files := c.uleb("file_names_count")
		for i := uint64(0); i < files && c.pos < end; i++ {
			a.lineStrField(c, fmt.Sprintf("file_names[%d] path", i))
			c.uleb(fmt.Sprintf("file_names[%d] directory_index", i))
			a.lineStrField(c, fmt.Sprintf("file_names[%d] LLVM_source", i))
		}
	case DebugLoclists, DebugRnglists:
		c.unitLength()
		c.fixed("version", 2, nil)
		c.fixed("address_size", 1, nil)
		c.fixed("segment_selector_size", 1, nil)
		n := c.fixed("offset_entry_count", 4, nil)
		for i := uint64(0); i < n && c.pos < end; i++ {
			c.offset(fmt.Sprintf("offsets[%d]", i))
		}
	}
	if c.pos < end && id != DebugInfo && id != DebugAranges {
		a.leaf(h, SpanStale, "unexpected header bytes", c.pos, end-c.pos, "")
	}
}

func (a *annotator) lineStrField(c *fieldCursor, name string) {
	off := c.offset(name)
	leaf := c.p.Children[len(c.p.Children)-1]
	leaf.Value = strconv.Quote(a.cstring(DebugLineStr, off)) + " " + leaf.Value
}

func (a *annotator) cstring(id SectionID, off uint64) string {
	b := a.o.Sections[id]
	if off >= uint64(len(b)) {
		return ""
	}
	end := off
	for end < uint64(len(b)) && b[end] != 0 {
		end++
	}
	return string(b[off:end])
}

func (a *annotator) entry(id SectionID, es *Span, b []byte, start uint64) {
	data := a.o.Sections[id]
	end := start + uint64(len(b))
	switch id {
	case DebugAbbrev:
		a.abbrevTable(es, data, start, end)
	case DebugStr, DebugLineStr:
		es.Kind = SpanString
		es.Name = "string"
		es.Value = strconv.Quote(string(b[:len(b)-1]))
	case DebugInfo:
		depth := 0
		a.dies(es, data[:end], start, &depth, es.Owner)
	case DebugLine:
		a.lineOps(es, data[:end], start)
	case DebugAranges:
		c := &fieldCursor{a: a, p: es, id: id, data: data, pos: start}
		hex := func(v uint64) string { return fmt.Sprintf("0x%x", v) }
		c.fixed("address", a.d.addrSize(), hex)
		c.fixed("length", a.d.addrSize(), nil)
	case DebugRnglists:
		c := &fieldCursor{a: a, p: es, id: id, data: data, pos: start}
		c.fixed("DW_RLE_start_end", 1, nil)
		hex := func(v uint64) string { return fmt.Sprintf("0x%x", v) }
		c.fixed("start address", a.d.addrSize(), hex)
		c.fixed("end address", a.d.addrSize(), hex)
	default:
		a.leaf(es, SpanStale, "bytes", start, end-start, "")
	}
}

func (a *annotator) abbrevTable(es *Span, data []byte, pos, end uint64) {
	for pos < end {
		code, n := readULEB(data[:end], pos)
		if n == 0 {
			break
		}
		if code == 0 {
			a.leaf(es, SpanNull, "end of abbreviations", pos, uint64(n), "0")
			pos += uint64(n)
			continue
		}
		name := "?"
		if code < uint64(numAbbrevCodes) {
			name = abbrevs[code].name
		}
		ab := a.span(SpanAbbrev, name, pos, 0)
		ab.Unit, ab.Entry = es.Unit, es.Entry
		es.Children = append(es.Children, ab)
		start := pos
		a.leaf(ab, SpanField, "abbreviation code", pos, uint64(n), strconv.FormatUint(code, 10))
		pos += uint64(n)
		tag, tn := readULEB(data[:end], pos)
		a.leaf(ab, SpanField, "tag", pos, uint64(tn), tagName(tag))
		pos += uint64(tn)
		ch := "DW_CHILDREN_no"
		if pos < end && data[pos] == childrenYes {
			ch = "DW_CHILDREN_yes"
		}
		a.leaf(ab, SpanField, "children", pos, 1, ch)
		pos++
		for pos < end {
			at, an := readULEB(data[:end], pos)
			form, fn := readULEB(data[:end], pos+uint64(an))
			if an == 0 || fn == 0 {
				pos = end
				break
			}
			if at == 0 && form == 0 {
				a.leaf(ab, SpanField, "end of attributes", pos, uint64(an+fn), "0, 0")
				pos += uint64(an + fn)
				break
			}
			l := a.leaf(ab, SpanField, "attribute", pos, uint64(an+fn), attrName(at)+" "+formName(form))
			l.Attr = &AttrInfo{Attr: attrName(at), Form: formName(form)}
			pos += uint64(an + fn)
		}
		ab.Len = pos - start
	}
	if pos < end {
		a.leaf(es, SpanStale, "bytes", pos, end-pos, "")
	}
}

// dies decodes consecutive DIEs in data[pos:] with the seed's
// abbreviation table.
func (a *annotator) dies(parent *Span, data []byte, pos uint64, depth *int, owner string) {
	end := uint64(len(data))
	for pos < end {
		code, n := readULEB(data, pos)
		if n == 0 {
			break
		}
		if code == 0 {
			a.leaf(parent, SpanNull, "null DIE", pos, uint64(n), "end of children")
			if *depth > 0 {
				*depth--
			}
			pos += uint64(n)
			continue
		}
		if code >= uint64(numAbbrevCodes) {
			a.leaf(parent, SpanStale, "unknown abbreviation code", pos, end-pos, strconv.FormatUint(code, 10))
			return
		}
		ab := &abbrevs[code]
		die := a.span(SpanDIE, ab.name, pos, 0)
		die.Unit, die.Entry, die.Owner = parent.Unit, parent.Entry, owner
		die.DIE = &DIEInfo{Offset: pos, Tag: tagName(ab.tag), Code: code, Abbrev: ab.name, Depth: *depth, Children: ab.children}
		parent.Children = append(parent.Children, die)
		start := pos
		a.leaf(die, SpanAttr, "abbrev code", pos, uint64(n), fmt.Sprintf("%d (%s, %s)", code, ab.name, tagName(ab.tag)))
		pos += uint64(n)
		for _, at := range ab.attrs {
			l, val := a.formValue(data, pos, at.form)
			if l == 0 && at.form != formFlagPres || pos+l > end {
				a.leaf(die, SpanStale, "truncated DIE", pos, end-pos, "")
				die.Len = end - start
				return
			}
			s := a.leaf(die, SpanAttr, attrName(at.at), pos, l, val)
			s.Attr = &AttrInfo{Attr: attrName(at.at), Form: formName(at.form)}
			for q := pos; q < pos+l; q++ {
				// a relocation at the value, or inside an expression
				if r, ok := a.relocs[DebugInfo][q]; ok {
					s.Reloc = r
					s.Value += " " + a.relocText(r)
					break
				}
			}
			if l == 0 {
				// flag_present occupies no bytes: not a leaf
				die.Children = die.Children[:len(die.Children)-1]
				die.Children[0].Value += ", " + attrName(at.at) + " present"
			}
			pos += l
		}
		die.Len = pos - start
		if ab.children {
			*depth++
		}
	}
}

// formValue returns the size and decoded value of an attribute value.
func (a *annotator) formValue(data []byte, pos uint64, form uint64) (uint64, string) {
	d := a.d
	end := uint64(len(data))
	fixed := func(n uint64) uint64 {
		if pos+n > end {
			return 0
		}
		return getUint(d.order, data[pos:pos+n])
	}
	switch form {
	case formAddr:
		return d.addrSize(), fmt.Sprintf("0x%x", fixed(d.addrSize()))
	case formData1, formFlag:
		return 1, strconv.FormatUint(fixed(1), 10)
	case formData4:
		return 4, strconv.FormatUint(fixed(4), 10)
	case formUdata, formRnglistx:
		v, n := readULEB(data, pos)
		return uint64(n), strconv.FormatUint(v, 10)
	case formSdata:
		v, n := readSLEB(data, pos)
		return uint64(n), strconv.FormatInt(v, 10)
	case formStrp:
		v := fixed(d.offsetSize())
		return d.offsetSize(), strconv.Quote(a.cstring(DebugStr, v))
	case formLineStrp:
		v := fixed(d.offsetSize())
		return d.offsetSize(), strconv.Quote(a.cstring(DebugLineStr, v))
	case formRefAddr:
		v := fixed(d.offsetSize())
		s := fmt.Sprintf("<0x%x>", v)
		if owner, ok := a.entryAt[v]; ok {
			s += " " + owner
		}
		return d.offsetSize(), s
	case formSecOffset:
		return d.offsetSize(), fmt.Sprintf("0x%x", fixed(d.offsetSize()))
	case formFlagPres:
		return 0, "present"
	case formBlock, formExprloc:
		l, n := readULEB(data, pos)
		if n == 0 || pos+uint64(n)+l > end {
			return 0, ""
		}
		return uint64(n) + l, fmt.Sprintf("% x", data[pos+uint64(n):pos+uint64(n)+l])
	}
	return 0, ""
}

// lineOps decodes a line-number program into one leaf per opcode.
func (a *annotator) lineOps(es *Span, data []byte, pos uint64) {
	end := uint64(len(data))
	base := int64(a.d.opts.Arch.LineBase)
	rng := uint64(a.d.opts.Arch.LineRange)
	for pos < end {
		op := data[pos]
		start := pos
		pos++
		var name, val string
		reloc := none
		switch {
		case op >= lineOpcodeBase:
			adj := uint64(op - lineOpcodeBase)
			name = "special opcode"
			val = fmt.Sprintf("address += %d, line += %d, row", adj/rng, base+int64(adj%rng))
		case op == lnsExtendedOp:
			l, n := readULEB(data, pos)
			if n == 0 || pos+uint64(n)+l > end || l == 0 {
				a.leaf(es, SpanStale, "bad extended opcode", start, end-start, "")
				return
			}
			pos += uint64(n)
			sub := data[pos]
			operand := data[pos+1 : pos+l]
			switch sub {
			case lneEndSequence:
				name = "DW_LNE_end_sequence"
			case lneSetAddress:
				name = "DW_LNE_set_address"
				val = fmt.Sprintf("0x%x", getUint(a.d.order, operand))
			case lneZIGSetDecl:
				name = "DW_LNE_ZIG_set_decl"
				val = fmt.Sprintf("<0x%x>", getUint(a.d.order, operand))
				if owner, ok := a.entryAt[getUint(a.d.order, operand)]; ok {
					val += " " + owner
				}
			default:
				name = fmt.Sprintf("DW_LNE(0x%x)", sub)
			}
			if r, ok := a.relocs[DebugLine][pos+1]; ok {
				reloc = r
			}
			pos += l
		case op == lnsAdvancePC, op == lnsSetFile, op == lnsSetColumn, op == lnsSetISA:
			v, n := readULEB(data, pos)
			pos += uint64(n)
			name = [...]string{lnsAdvancePC: "DW_LNS_advance_pc", lnsSetFile: "DW_LNS_set_file",
				lnsSetColumn: "DW_LNS_set_column", lnsSetISA: "DW_LNS_set_isa"}[op]
			val = strconv.FormatUint(v, 10)
		case op == lnsAdvanceLine:
			v, n := readSLEB(data, pos)
			pos += uint64(n)
			name, val = "DW_LNS_advance_line", strconv.FormatInt(v, 10)
		case op == lnsFixedAdvancePC:
			pos += 2
			name = "DW_LNS_fixed_advance_pc"
		default:
			name = [...]string{lnsCopy: "DW_LNS_copy", lnsNegateStmt: "DW_LNS_negate_stmt",
				lnsSetBasicBlock: "DW_LNS_set_basic_block", lnsConstAddPC: "DW_LNS_const_add_pc",
				lnsSetPrologueEnd: "DW_LNS_set_prologue_end", lnsSetEpilogueBegin: "DW_LNS_set_epilogue_begin"}[op]
		}
		if pos > end {
			pos = end
		}
		s := a.leaf(es, SpanOp, name, start, pos-start, val)
		if reloc != none {
			s.Reloc = reloc
			s.Value += " " + a.relocText(reloc)
		}
	}
}
