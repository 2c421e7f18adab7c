package annotate

import (
	"debug/dwarf"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// none is a span's Unit, Entry or Reloc when it has none.
const none = -1

// The DWARF vocabulary the map decodes with, where it is not spelled by
// debug/dwarf's or dwarfread's constants: the Zig extensions, recognised
// by dwarfread's names for them, and the line program's extended opcode
// introducer (DWARF 5 §6.2.5.3).
const (
	tagZIGPaddingName = "DW_TAG_ZIG_padding"
	lneZIGSetDeclName = "DW_LNE_ZIG_set_decl"
	lnsExtendedOpcode = 0
	attrStmtList      = uint64(dwarf.AttrStmtList)
	attrRnglistsBase  = uint64(dwarf.AttrRnglistsBase)
)

// elfMachines are the ELF machines of the targets, for register names in
// location expressions.
var elfMachines = map[string]elf.Machine{"x86_64": elf.EM_X86_64, "x86": elf.EM_386,
	"aarch64": elf.EM_AARCH64, "riscv64": elf.EM_RISCV, "s390x": elf.EM_S390}

// annotator decodes the laid-out sections of one Output into spans. The
// layout is a snapshot taken with the Output, never the emitter itself,
// so an Annotation can decode a section after the emitter moved on.
type annotator struct {
	o     *dwarfcore.Output
	lay   *dwarfcore.Layout
	opts  dwarfcore.Options
	order binary.ByteOrder
	// abbrevs is the abbreviation table at the start of .debug_abbrev,
	// read once; infoEntries are .debug_info's entries in offset order.
	abbrevs     map[uint64]*dwarfread.Abbrev
	infoEntries []dwarfcore.EntryLayout
	// stmtList is each .debug_info unit's DW_AT_stmt_list (by unit
	// index), read when its header is decoded; lines caches the
	// replayed line tables by their offset in .debug_line.
	stmtList     map[int]uint64
	rnglistsBase map[int]uint64
	lines        map[uint64]*lineReplay
	headers      map[uint64]*dwarfread.LineHeader
}

// lineReplay is one line table as the state machine replayed it, with
// its opcodes by section offset.
type lineReplay struct {
	table *dwarfread.LineTable
	err   error
	byOff map[uint64]int
}

func newAnnotator(o *dwarfcore.Output, lay *dwarfcore.Layout) *annotator {
	return &annotator{o: o, lay: lay, opts: o.Options, order: o.Options.Arch.ByteOrder(),
		stmtList: map[int]uint64{}, rnglistsBase: map[int]uint64{},
		headers: map[uint64]*dwarfread.LineHeader{}, lines: map[uint64]*lineReplay{}}
}

func (a *annotator) addrSize() uint64   { return uint64(a.opts.Arch.PtrSize) }
func (a *annotator) offsetSize() uint64 { return uint64(a.opts.Format.OffsetSize()) }

// abbrev returns the declaration of abbreviation code and the emitter's
// name for it.
func (a *annotator) abbrev(code uint64) (*dwarfread.Abbrev, string) {
	if a.abbrevs == nil {
		d := &dwarfread.Data{Order: a.order, Sections: []*dwarfread.DebugSection{
			{Name: dwarfcore.DebugAbbrev.Name(), Data: a.o.Sections[dwarfcore.DebugAbbrev]}}}
		a.abbrevs, _ = d.Abbrevs(0)
		if a.abbrevs == nil {
			a.abbrevs = map[uint64]*dwarfread.Abbrev{}
		}
	}
	ab := a.abbrevs[code]
	if ab == nil {
		return nil, ""
	}
	if code < uint64(len(a.lay.AbbrevNames)) && a.lay.AbbrevNames[code] != "" {
		return ab, a.lay.AbbrevNames[code]
	}
	return ab, dwarfread.TagName(ab.Tag)
}

func (a *annotator) exprContext() dwarfread.ExprContext {
	return dwarfread.ExprContext{Order: a.order, AddrSize: a.opts.Arch.PtrSize,
		OffsetSize: a.opts.Format.OffsetSize(), Machine: uint16(elfMachines[a.opts.Arch.Name])}
}

// attrContext is what formatting the attribute values of .debug_info
// unit (by index) needs: its line table header for file names.
func (a *annotator) attrContext(unit int) *dwarfread.AttrContext {
	c := &dwarfread.AttrContext{ExprContext: a.exprContext()}
	if off, ok := a.stmtList[unit]; ok {
		c.Line = a.lineHeader(off)
	}
	return c
}

func (a *annotator) lineSections() dwarfread.LineSections {
	return dwarfread.LineSections{Str: a.o.Sections[dwarfcore.DebugStr], LineStr: a.o.Sections[dwarfcore.DebugLineStr]}
}

// lineHeader parses the header of the line table at off once (file
// names for DW_AT_decl_file, the special opcodes' parameters; the program
// is replayed only when a line entry is expanded).
func (a *annotator) lineHeader(off uint64) *dwarfread.LineHeader {
	if lr, ok := a.lines[off]; ok && lr.table != nil {
		return &lr.table.Header
	}
	if h, ok := a.headers[off]; ok {
		return h
	}
	h, _ := dwarfread.ParseLineHeader(a.o.Sections[dwarfcore.DebugLine], off, a.order, a.lineSections())
	a.headers[off] = h
	return h
}

// rnglist returns the .debug_rnglists offset of range list index i of
// .debug_info unit (by index): DW_AT_rnglists_base plus the i-th entry of
// the offsets array there.
func (a *annotator) rnglist(unit int, i uint64) (uint64, bool) {
	base, ok := a.rnglistsBase[unit]
	sec := a.o.Sections[dwarfcore.DebugRnglists]
	n := a.offsetSize()
	if !ok || i > uint64(len(sec))/n || base+(i+1)*n > uint64(len(sec)) {
		return 0, false
	}
	return base + getUint(a.order, sec[base+i*n:base+(i+1)*n]), true
}

// lineReplay replays the line table at off in .debug_line once.
func (a *annotator) lineReplay(off uint64) *lineReplay {
	if lr, ok := a.lines[off]; ok {
		return lr
	}
	t, err := dwarfread.DecodeLineTable(a.o.Sections[dwarfcore.DebugLine], off, a.order, a.lineSections())
	lr := &lineReplay{table: t, err: err, byOff: map[uint64]int{}}
	if t != nil {
		for i, op := range t.Ops {
			lr.byOff[op.Off] = i
		}
	}
	a.lines[off] = lr
	return lr
}

// lineUnitAt returns the offset of the .debug_line unit holding off.
func (a *annotator) lineUnitAt(off uint64) (uint64, bool) {
	for _, u := range a.lay.Sections[dwarfcore.DebugLine].Units {
		if u.Off <= off && off < u.Off+u.Slot {
			return u.Off, true
		}
	}
	return 0, false
}

// lineInfo returns what the opcodes at off (count identical ones) did
// when their unit was replayed, or nil.
func (a *annotator) lineInfo(off uint64, count int) *dwarfread.LineOpInfo {
	uoff, ok := a.lineUnitAt(off)
	if !ok {
		return nil
	}
	lr := a.lineReplay(uoff)
	i, ok := lr.byOff[off]
	if !ok {
		return nil
	}
	op := lr.table.Ops[i]
	info := &dwarfread.LineOpInfo{Opcode: op.Opcode, Extended: op.Extended, Count: count, Effect: lr.table.Effect(i)}
	for j := i; j < i+count && j < len(lr.table.Ops); j++ {
		for _, r := range lr.table.Ops[j].Rows {
			info.Rows = append(info.Rows, lr.table.Rows[r])
			info.RowIndex = append(info.RowIndex, r)
		}
	}
	if count > 1 {
		info.Effect = fmt.Sprintf("%d× (%s)", count, info.Effect)
	}
	return info
}

// relocIn returns the index in Output.Relocs of the relocation of
// section id at the lowest offset in [lo, hi) (the last record there), or
// none. Output.Relocs is sorted by section and offset.
func (a *annotator) relocIn(id dwarfcore.SectionID, lo, hi uint64) int {
	rs := a.o.Relocs
	i, j := 0, len(rs)
	for i < j {
		h := int(uint(i+j) >> 1)
		if r := &rs[h]; r.Section < id || r.Section == id && r.Offset < lo {
			i = h + 1
		} else {
			j = h
		}
	}
	if i == len(rs) || rs[i].Section != id || rs[i].Offset >= hi {
		return none
	}
	for i+1 < len(rs) && rs[i+1].Section == id && rs[i+1].Offset == rs[i].Offset {
		i++
	}
	return i
}

// entryAt returns the owner of the .debug_info entry starting at off.
func (a *annotator) entryAt(off uint64) (string, bool) {
	if a.infoEntries == nil {
		for _, u := range a.lay.Sections[dwarfcore.DebugInfo].Units {
			a.infoEntries = append(a.infoEntries, u.Entries...)
		}
	}
	es := a.infoEntries
	i, j := 0, len(es)
	for i < j {
		h := int(uint(i+j) >> 1)
		if es[h].Off < off {
			i = h + 1
		} else {
			j = h
		}
	}
	if i < len(es) && es[i].Off == off {
		return es[i].Name, true
	}
	return "", false
}

func (a *annotator) relocText(i int) string {
	r := a.o.Relocs[i]
	if r.Kind == dwarfcore.External {
		tls := ""
		if r.TLS {
			tls = " (DTPOFF)"
		}
		return fmt.Sprintf("[%s reloc: %s%+d%s]", r.Kind, r.Symbol, r.Addend, tls)
	}
	return fmt.Sprintf("[%s reloc → %s+0x%x]", r.Kind, r.TargetSection.Name(), r.TargetOffset)
}

func span(kind dwarfread.SpanKind, name string, off, n uint64) *dwarfread.Span {
	return &dwarfread.Span{Kind: kind, Name: name, Off: off, Len: n, Unit: none, Entry: none, Reloc: none}
}

func leaf(parent *dwarfread.Span, kind dwarfread.SpanKind, name string, off, n uint64, value string) *dwarfread.Span {
	s := span(kind, name, off, n)
	s.Value = value
	s.Unit, s.Entry = parent.Unit, parent.Entry
	parent.Children = append(parent.Children, s)
	return s
}

// child appends a span of its own kind to parent.
func child(parent *dwarfread.Span, kind dwarfread.SpanKind, name string, off, n uint64, unit int) *dwarfread.Span {
	s := span(kind, name, off, n)
	s.Unit = unit
	parent.Children = append(parent.Children, s)
	return s
}

// section decodes section id; deep decodes the entries' contents too
// (else Annotation.Expand does, on demand).
func (a *annotator) section(id dwarfcore.SectionID, deep bool) *dwarfread.Span {
	units := a.lay.Sections[id].Units
	data := a.o.Sections[id]
	root := span(dwarfread.SpanSection, id.Name(), 0, uint64(len(data)))
	if len(data) == 0 {
		root.Value = EmptyReason(id)
		return root
	}
	root.Children = make([]*dwarfread.Span, 0, len(units))
	pos := uint64(0)
	for i := range units {
		u := &units[i]
		if u.Off > pos {
			leaf(root, dwarfread.SpanSlack, "unused", pos, u.Off-pos, "")
		}
		if u.Slot == 0 {
			continue // an empty unit has no bytes to show
		}
		us := child(root, dwarfread.SpanUnit, u.Label, u.Off, u.Slot, u.Index)
		a.unit(id, u, us, data, deep)
		pos = u.Off + u.Slot
	}
	if pos < uint64(len(data)) {
		leaf(root, dwarfread.SpanSlack, "unused", pos, uint64(len(data))-pos, "")
	}
	return root
}

func (a *annotator) unit(id dwarfcore.SectionID, u *dwarfcore.UnitLayout, us *dwarfread.Span, data []byte, deep bool) {
	us.Children = make([]*dwarfread.Span, 0, 2+len(u.Entries)+len(u.Entries)/4)
	if u.HeaderLen > 0 {
		a.header(id, u, child(us, dwarfread.SpanHeader, "unit header", u.Off, u.HeaderLen, u.Index), data)
	}
	pos := u.Off + u.HeaderLen
	var owner string
	ownerEntry := none
	for _, e := range u.Entries {
		if e.Off > pos {
			a.padding(id, us, pos, e.Off-pos, owner, ownerEntry, data)
		}
		es := child(us, dwarfread.SpanEntry, e.Name, e.Off, e.Len, u.Index)
		es.Entry, es.Owner = e.Index, e.Name
		if deep || id == dwarfcore.DebugStr || id == dwarfcore.DebugLineStr {
			a.entry(id, es, data[e.Off:e.Off+e.Len], e.Off)
		}
		pos = e.Off + e.Len
		owner, ownerEntry = e.Name, e.Index
	}
	if end := u.Off + u.Slot; end > pos {
		a.trailer(id, child(us, dwarfread.SpanTrailer, "unit trailer", pos, end-pos, u.Index), data, pos, end)
	}
}

// padding annotates the filler between entries.
func (a *annotator) padding(id dwarfcore.SectionID, us *dwarfread.Span, off, n uint64, owner string, ownerEntry int, data []byte) {
	p := span(dwarfread.SpanPadding, "padding", off, n)
	p.Unit, p.Entry = us.Unit, ownerEntry
	if owner != "" {
		p.Owner = "slack of " + owner
	} else {
		p.Owner = "hole at the start of the unit"
	}
	us.Children = append(us.Children, p)
	switch id {
	case dwarfcore.DebugInfo:
		a.padDIEs(p, data[:off+n], off)
	case dwarfcore.DebugLine:
		a.opRun(p, data, off, off+n)
	default:
		leaf(p, dwarfread.SpanStale, "gap", off, n, "")
	}
}

// padDIEs annotates the padding DIEs (DW_TAG_ZIG_padding, no attribute
// or one block readers skip) in data[pos:].
func (a *annotator) padDIEs(p *dwarfread.Span, data []byte, pos uint64) {
	end := uint64(len(data))
	for pos < end {
		code, cn := leb128.ReadUnsigned(data, pos)
		var ab *dwarfread.Abbrev
		var name string
		if cn > 0 {
			ab, name = a.abbrev(code)
		}
		if ab == nil || ab.Children || dwarfread.TagName(ab.Tag) != tagZIGPaddingName || len(ab.Specs) > 1 {
			leaf(p, dwarfread.SpanStale, "stale bytes", pos, end-pos, "")
			return
		}
		tag := dwarfread.TagName(ab.Tag)
		if len(ab.Specs) == 0 {
			leaf(p, dwarfread.SpanAttr, "abbrev code", pos, uint64(cn), fmt.Sprintf("%s (%s, %d byte)", name, tag, cn)).Field = dwarfread.FieldAbbrevCode
			pos += uint64(cn)
			continue
		}
		sp := ab.Specs[0]
		bl, bn := leb128.ReadUnsigned(data, pos+uint64(cn))
		if sp.Form != dwarfread.FormBlock || bn == 0 || pos+uint64(cn)+uint64(bn)+bl > end {
			leaf(p, dwarfread.SpanStale, "stale bytes", pos, end-pos, "")
			return
		}
		leaf(p, dwarfread.SpanAttr, "abbrev code", pos, uint64(cn), fmt.Sprintf("%s (%s)", name, tag)).Field = dwarfread.FieldAbbrevCode
		attr := dwarfread.AttrName(sp.Attr)
		l := leaf(p, dwarfread.SpanAttr, attr+" block length", pos+uint64(cn), uint64(bn), strconv.FormatUint(bl, 10))
		if bn > leb128.UnsignedLen(bl) {
			l.Value += fmt.Sprintf(" (ULEB stretched to %d bytes)", bn)
		}
		blk := data[pos+uint64(cn)+uint64(bn) : pos+uint64(cn)+uint64(bn)+bl]
		l.Attr = &dwarfread.AttrInfo{Attr: attr, Form: dwarfread.FormName(sp.Form), Raw: bl,
			Text: dwarfread.AttrText(sp.Attr, dwarfread.Value{Form: sp.Form, Raw: bl, Block: blk}, nil)}
		l.Field = dwarfread.FieldAttrValue
		pos += uint64(cn) + uint64(bn)
		if bl > 0 {
			leaf(p, dwarfread.SpanStale, "padding block (skipped by readers)", pos, bl, "")
			pos += bl
		}
	}
}

// opRun annotates DW_LNS_const_add_pc padding: one run of the opcode,
// and stale bytes after it.
func (a *annotator) opRun(p *dwarfread.Span, data []byte, off, end uint64) {
	if pos := a.constAddPCRun(p, data, off, end, "(no rows)"); pos < end {
		leaf(p, dwarfread.SpanStale, "stale bytes", pos, end-pos, "")
	}
}

// constAddPCRun annotates the run of DW_LNS_const_add_pc at pos, if
// there is one, as one leaf; it returns where the run ends.
func (a *annotator) constAddPCRun(p *dwarfread.Span, data []byte, pos, end uint64, note string) uint64 {
	j := pos
	for j < end && data[j] == dwarfread.LNSConstAddPC {
		j++
	}
	if j > pos {
		s := leaf(p, dwarfread.SpanOp, dwarfread.LNSName(dwarfread.LNSConstAddPC), pos, j-pos, fmt.Sprintf("×%d %s", j-pos, note))
		s.Line = a.lineInfo(pos, int(j-pos))
	}
	return j
}

func (a *annotator) trailer(id dwarfcore.SectionID, t *dwarfread.Span, data []byte, pos, end uint64) {
	switch id {
	case dwarfcore.DebugInfo:
		n := min(end-pos, 2)
		leaf(t, dwarfread.SpanNull, "null DIE (end of module, end of compile unit children)", pos, n, "")
		if end > pos+n {
			leaf(t, dwarfread.SpanTrailer, "null fill", pos+n, end-pos-n, "")
		}
	case dwarfcore.DebugAranges:
		n := min(end-pos, 2*a.addrSize())
		leaf(t, dwarfread.SpanField, "terminating address/length pair", pos, n, "0, 0")
		if end > pos+n {
			leaf(t, dwarfread.SpanTrailer, "zero fill", pos+n, end-pos-n, "")
		}
	case dwarfcore.DebugLine:
		q := pos
		if end-q >= 2 && data[q] == dwarfread.LNSSetFile {
			s := leaf(t, dwarfread.SpanOp, dwarfread.LNSName(dwarfread.LNSSetFile), q, 2, "0 (keeps the end row's file index valid)")
			s.Line = a.lineInfo(q, 1)
			q += 2
		}
		q = a.constAddPCRun(t, data, q, end, "trailer fill (no rows)")
		// DW_LNE_end_sequence: the introducer, the length 1, the opcode
		if end-q == 3 && data[q] == lnsExtendedOpcode && data[q+1] == 1 && data[q+2] == dwarfread.LNEEndSequence {
			s := leaf(t, dwarfread.SpanOp, dwarfread.LNEName(dwarfread.LNEEndSequence), q, 3, "end of the unit's last sequence")
			s.Line = a.lineInfo(q, 1)
			if s.Line != nil && len(s.Line.Rows) > 0 {
				s.Value += ": " + rowText(s.Line.Rows)
			}
			q += 3
		}
		if q < end {
			leaf(t, dwarfread.SpanStale, "stale bytes", q, end-q, "")
		}
	case dwarfcore.DebugRnglists:
		leaf(t, dwarfread.SpanField, "DW_RLE_end_of_list", pos, 1, "end of range list 0")
		if end > pos+1 {
			leaf(t, dwarfread.SpanTrailer, "DW_RLE_end_of_list fill", pos+1, end-pos-1, "")
		}
	default:
		leaf(t, dwarfread.SpanTrailer, "fill", pos, end-pos, "")
	}
}

// fieldCursor annotates consecutive fields of a header or an entry.
type fieldCursor struct {
	a    *annotator
	p    *dwarfread.Span
	id   dwarfcore.SectionID
	data []byte
	pos  uint64
}

func hex(v uint64) string { return fmt.Sprintf("0x%x", v) }

func (c *fieldCursor) fixed(name string, n uint64, describe func(v uint64) string) uint64 {
	var v uint64
	if c.pos+n <= uint64(len(c.data)) && n <= 8 {
		v = getUint(c.a.order, c.data[c.pos:c.pos+n])
	}
	val := strconv.FormatUint(v, 10)
	if describe != nil {
		val = describe(v)
	}
	s := leaf(c.p, dwarfread.SpanField, name, c.pos, n, val)
	s.Field = dwarfread.FieldKindOf(name)
	if r := c.a.relocIn(c.id, c.pos, c.pos+1); r != none {
		s.Reloc = r
		s.Value += " " + c.a.relocText(r)
	}
	c.pos += n
	return v
}

// uleb annotates a ULEB128 field; name names it by its value.
func (c *fieldCursor) uleb(name func(v uint64) string) uint64 {
	v, n := leb128.ReadUnsigned(c.data, c.pos)
	s := leaf(c.p, dwarfread.SpanField, name(v), c.pos, uint64(n), strconv.FormatUint(v, 10))
	s.Field = dwarfread.FieldKindOf(s.Name)
	c.pos += uint64(n)
	return v
}

func (c *fieldCursor) ulebNamed(name string) uint64 {
	return c.uleb(func(uint64) string { return name })
}

func (c *fieldCursor) unitLength() {
	if c.a.opts.Format == dwarfcore.DWARF64 {
		c.fixed("unit_length escape (DWARF64)", 4, hex)
		c.fixed("unit_length", 8, nil)
		return
	}
	c.fixed("unit_length", 4, nil)
}

func (c *fieldCursor) offset(name string) uint64 {
	return c.fixed(name, c.a.offsetSize(), hex)
}

// listHeader annotates the fields every DWARF 5 unit header of
// .debug_line, .debug_loclists and .debug_rnglists starts with.
func (c *fieldCursor) listHeader() {
	c.unitLength()
	c.fixed("version", 2, nil)
	c.fixed("address_size", 1, nil)
	c.fixed("segment_selector_size", 1, nil)
}

func (a *annotator) header(id dwarfcore.SectionID, u *dwarfcore.UnitLayout, h *dwarfread.Span, data []byte) {
	c := &fieldCursor{a: a, p: h, id: id, data: data, pos: u.Off}
	end := u.Off + u.HeaderLen
	switch id {
	case dwarfcore.DebugAranges:
		c.unitLength()
		c.fixed("version", 2, nil)
		c.offset("debug_info_offset")
		c.fixed("address_size", 1, nil)
		c.fixed("segment_selector_size", 1, nil)
		if c.pos < end {
			leaf(h, dwarfread.SpanField, "padding to a multiple of twice the address size", c.pos, end-c.pos, "")
		}
	case dwarfcore.DebugInfo:
		c.unitLength()
		c.fixed("version", 2, nil)
		c.fixed("unit_type", 1, func(v uint64) string { return fmt.Sprintf("%d (%s)", v, dwarfread.UnitTypeName(uint8(v))) })
		c.fixed("address_size", 1, nil)
		c.offset("debug_abbrev_offset")
		depth := 0
		a.dies(h, data[:end], c.pos, &depth, "unit header")
	case dwarfcore.DebugLine:
		a.lineHeaderFields(c, end)
	case dwarfcore.DebugLoclists, dwarfcore.DebugRnglists:
		c.listHeader()
		n := c.fixed("offset_entry_count", 4, nil)
		for i := uint64(0); i < n && c.pos < end; i++ {
			c.offset(fmt.Sprintf("offsets[%d]", i))
		}
	}
	if c.pos < end && id != dwarfcore.DebugInfo && id != dwarfcore.DebugAranges {
		leaf(h, dwarfread.SpanStale, "unexpected header bytes", c.pos, end-c.pos, "")
	}
}

// lineHeaderFields annotates a DWARF 5 line program header up to end,
// its directory and file tables as their entry formats describe them.
func (a *annotator) lineHeaderFields(c *fieldCursor, end uint64) {
	c.listHeader()
	c.offset("header_length")
	c.fixed("minimum_instruction_length", 1, nil)
	c.fixed("maximum_operations_per_instruction", 1, nil)
	c.fixed("default_is_stmt", 1, nil)
	c.fixed("line_base", 1, func(v uint64) string { return strconv.Itoa(int(int8(v))) })
	c.fixed("line_range", 1, nil)
	base := c.fixed("opcode_base", 1, nil)
	for i := uint64(1); i < base && c.pos < end; i++ {
		c.fixed(fmt.Sprintf("standard_opcode_lengths[%d]", i), 1, nil)
	}
	for _, table := range []struct{ format, count, entry string }{
		{"directory_entry_format", "directories_count", "directories"},
		{"file_name_entry_format", "file_names_count", "file_names"},
	} {
		type entryFormat struct{ content, form uint64 }
		var formats []entryFormat
		nf := c.fixed(table.format+"_count", 1, nil)
		for i := uint64(0); i < nf && c.pos < end; i++ {
			content := c.uleb(func(v uint64) string { return table.format + ": " + dwarfread.LNCTName(v) })
			form := c.uleb(func(v uint64) string { return table.format + ": " + dwarfread.FormName(v) })
			formats = append(formats, entryFormat{content, form})
		}
		n := c.ulebNamed(table.count)
		for i := uint64(0); i < n && c.pos < end; i++ {
			for _, f := range formats {
				name := fmt.Sprintf("%s[%d] %s", table.entry, i, strings.TrimPrefix(dwarfread.LNCTName(f.content), "DW_LNCT_"))
				if !a.lineEntryField(c, name, f.form) {
					return // a form the map does not decode: the rest is "unexpected header bytes"
				}
			}
		}
	}
}

// lineEntryField annotates one field of a directory or file entry in
// form; it reports whether it knows the form.
func (a *annotator) lineEntryField(c *fieldCursor, name string, form uint64) bool {
	switch form {
	case dwarfread.FormLineStrp, dwarfread.FormStrp:
		sec := dwarfcore.DebugLineStr
		if form == dwarfread.FormStrp {
			sec = dwarfcore.DebugStr
		}
		off := c.offset(name)
		l := c.p.Children[len(c.p.Children)-1]
		l.Value = strconv.Quote(a.cstring(sec, off)) + " " + l.Value
	case dwarfread.FormUdata:
		c.ulebNamed(name)
	case dwarfread.FormData1, dwarfread.FormData2, dwarfread.FormData4, dwarfread.FormData8:
		c.fixed(name, map[uint64]uint64{dwarfread.FormData1: 1, dwarfread.FormData2: 2, dwarfread.FormData4: 4, dwarfread.FormData8: 8}[form], nil)
	default:
		return false
	}
	return true
}

func (a *annotator) cstring(id dwarfcore.SectionID, off uint64) string {
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

func (a *annotator) entry(id dwarfcore.SectionID, es *dwarfread.Span, b []byte, start uint64) {
	data := a.o.Sections[id]
	end := start + uint64(len(b))
	switch id {
	case dwarfcore.DebugAbbrev:
		a.abbrevTable(es, data, start, end)
	case dwarfcore.DebugStr, dwarfcore.DebugLineStr:
		es.Kind = dwarfread.SpanString
		es.Name = "string"
		es.Value = strconv.Quote(string(b[:len(b)-1]))
	case dwarfcore.DebugInfo:
		depth := 0
		a.dies(es, data[:end], start, &depth, es.Owner)
	case dwarfcore.DebugLine:
		a.lineOps(es, data[:end], start)
	case dwarfcore.DebugAranges:
		c := &fieldCursor{a: a, p: es, id: id, data: data, pos: start}
		c.fixed("address", a.addrSize(), hex)
		c.fixed("length", a.addrSize(), nil)
	case dwarfcore.DebugRnglists:
		c := &fieldCursor{a: a, p: es, id: id, data: data, pos: start}
		c.fixed("DW_RLE_start_end", 1, nil)
		c.fixed("start address", a.addrSize(), hex)
		c.fixed("end address", a.addrSize(), hex)
	default:
		leaf(es, dwarfread.SpanStale, "bytes", start, end-start, "")
	}
}

func (a *annotator) abbrevTable(es *dwarfread.Span, data []byte, pos, end uint64) {
	for pos < end {
		code, n := leb128.ReadUnsigned(data[:end], pos)
		if n == 0 {
			break
		}
		if code == 0 {
			leaf(es, dwarfread.SpanNull, "end of abbreviations", pos, uint64(n), "0").Field = dwarfread.FieldAbbrevsEnd
			pos += uint64(n)
			continue
		}
		name := "?"
		if code < uint64(len(a.lay.AbbrevNames)) && a.lay.AbbrevNames[code] != "" {
			name = a.lay.AbbrevNames[code]
		}
		ab := span(dwarfread.SpanAbbrev, name, pos, 0)
		ab.Unit, ab.Entry = es.Unit, es.Entry
		es.Children = append(es.Children, ab)
		start := pos
		leaf(ab, dwarfread.SpanField, "abbreviation code", pos, uint64(n), strconv.FormatUint(code, 10)).Field = dwarfread.FieldAbbrevCode
		pos += uint64(n)
		tag, tn := leb128.ReadUnsigned(data[:end], pos)
		leaf(ab, dwarfread.SpanField, "tag", pos, uint64(tn), dwarfread.TagName(tag)).Field = dwarfread.FieldTag
		pos += uint64(tn)
		ch := "DW_CHILDREN_no"
		if pos < end && data[pos] != 0 {
			ch = "DW_CHILDREN_yes"
		}
		leaf(ab, dwarfread.SpanField, "children", pos, 1, ch).Field = dwarfread.FieldChildren
		pos++
		for pos < end {
			at, an := leb128.ReadUnsigned(data[:end], pos)
			form, fn := leb128.ReadUnsigned(data[:end], pos+uint64(an))
			if an == 0 || fn == 0 {
				pos = end
				break
			}
			if at == 0 && form == 0 {
				leaf(ab, dwarfread.SpanField, "end of attributes", pos, uint64(an+fn), "0, 0").Field = dwarfread.FieldAttrsEnd
				pos += uint64(an + fn)
				break
			}
			l := leaf(ab, dwarfread.SpanField, "attribute", pos, uint64(an+fn), dwarfread.AttrName(at)+" "+dwarfread.FormName(form))
			l.Attr = &dwarfread.AttrInfo{Attr: dwarfread.AttrName(at), Form: dwarfread.FormName(form)}
			l.Field = dwarfread.FieldAttrSpec
			pos += uint64(an + fn)
		}
		ab.Len = pos - start
	}
	if pos < end {
		leaf(es, dwarfread.SpanStale, "bytes", pos, end-pos, "")
	}
}

// dies decodes consecutive DIEs in data[pos:] with the abbreviation
// table of .debug_abbrev.
func (a *annotator) dies(parent *dwarfread.Span, data []byte, pos uint64, depth *int, owner string) {
	end := uint64(len(data))
	for pos < end {
		code, n := leb128.ReadUnsigned(data, pos)
		if n == 0 {
			break
		}
		if code == 0 {
			leaf(parent, dwarfread.SpanNull, "null DIE", pos, uint64(n), "end of children")
			if *depth > 0 {
				*depth--
			}
			pos += uint64(n)
			continue
		}
		ab, name := a.abbrev(code)
		if ab == nil {
			leaf(parent, dwarfread.SpanStale, "unknown abbreviation code", pos, end-pos, strconv.FormatUint(code, 10))
			return
		}
		tag := dwarfread.TagName(ab.Tag)
		die := span(dwarfread.SpanDIE, name, pos, 0)
		die.Unit, die.Entry, die.Owner = parent.Unit, parent.Entry, owner
		die.DIE = &dwarfread.DIEInfo{Offset: pos, Tag: tag, Code: code, Abbrev: name, Depth: *depth, Children: ab.Children}
		parent.Children = append(parent.Children, die)
		start := pos
		leaf(die, dwarfread.SpanAttr, "abbrev code", pos, uint64(n), fmt.Sprintf("%d (%s, %s)", code, name, tag)).Field = dwarfread.FieldAbbrevCode
		pos += uint64(n)
		for _, sp := range ab.Specs {
			l, v := a.formValue(data, pos, sp.Form)
			if l == 0 && sp.Form != dwarfread.FormFlagPresent || pos+l > end {
				leaf(die, dwarfread.SpanStale, "truncated DIE", pos, end-pos, "")
				die.Len = end - start
				return
			}
			switch sp.Attr {
			case attrStmtList:
				a.stmtList[parent.Unit] = v.Raw
			case attrRnglistsBase:
				a.rnglistsBase[parent.Unit] = v.Raw
			}
			if sp.Form == dwarfread.FormRnglistx {
				v.Addr, v.Resolved = a.rnglist(parent.Unit, v.Raw)
			}
			attr := dwarfread.AttrName(sp.Attr)
			info := &dwarfread.AttrInfo{Attr: attr, Form: dwarfread.FormName(sp.Form), Raw: v.Raw,
				Text: dwarfread.AttrText(sp.Attr, v, a.attrContext(parent.Unit))}
			if c, ok := dwarfread.ConstName(sp.Attr, v.Raw); ok {
				info.Const = c
			}
			val := info.Text
			if sp.Form == dwarfread.FormExprloc {
				lenLen := l - uint64(len(v.Block))
				info.ExprOff = pos + lenLen
				info.Expr, _ = dwarfread.DecodeExpr(v.Block, a.exprContext())
			}
			if sp.Form == dwarfread.FormRefAddr {
				if owner, ok := a.entryAt(v.Raw); ok {
					val += " " + owner
				}
			}
			s := leaf(die, dwarfread.SpanAttr, attr, pos, l, val)
			s.Attr = info
			s.Field = dwarfread.FieldAttrValue
			// a relocation at the value, or inside an expression
			if r := a.relocIn(dwarfcore.DebugInfo, pos, pos+l); r != none {
				s.Reloc = r
				s.Value += " " + a.relocText(r)
			}
			if l == 0 {
				// flag_present occupies no bytes: not a leaf
				die.DIE.Implicit = append(die.DIE.Implicit, *info)
				die.Children = die.Children[:len(die.Children)-1]
				die.Children[0].Value += ", " + attr + " present"
			}
			pos += l
		}
		die.Len = pos - start
		if ab.Children {
			*depth++
		}
	}
}

// formValue returns the size of an attribute value in one of the forms
// the emitter writes, and the value; the size is 0 when the value does
// not fit in data.
func (a *annotator) formValue(data []byte, pos uint64, form uint64) (uint64, dwarfread.Value) {
	end := uint64(len(data))
	v := dwarfread.Value{Form: form}
	fixed := func(n uint64) uint64 {
		if pos+n > end {
			return 0
		}
		v.Raw = getUint(a.order, data[pos:pos+n])
		return n
	}
	str := func(id dwarfcore.SectionID) uint64 {
		n := fixed(a.offsetSize())
		if n > 0 && v.Raw < uint64(len(a.o.Sections[id])) {
			v.Str, v.Resolved = a.cstring(id, v.Raw), true
		}
		return n
	}
	switch form {
	case dwarfread.FormAddr:
		return fixed(a.addrSize()), v
	case dwarfread.FormData1, dwarfread.FormFlag:
		return fixed(1), v
	case dwarfread.FormData4:
		return fixed(4), v
	case dwarfread.FormUdata, dwarfread.FormRnglistx:
		x, n := leb128.ReadUnsigned(data, pos)
		v.Raw = x
		return uint64(n), v
	case dwarfread.FormSdata:
		x, n := leb128.ReadSigned(data, pos)
		v.Raw = uint64(x)
		return uint64(n), v
	case dwarfread.FormStrp:
		return str(dwarfcore.DebugStr), v
	case dwarfread.FormLineStrp:
		return str(dwarfcore.DebugLineStr), v
	case dwarfread.FormRefAddr, dwarfread.FormSecOffset:
		return fixed(a.offsetSize()), v
	case dwarfread.FormFlagPresent:
		v.Raw = 1
		return 0, v
	case dwarfread.FormBlock, dwarfread.FormExprloc:
		l, n := leb128.ReadUnsigned(data, pos)
		if n == 0 || pos+uint64(n)+l > end {
			return 0, v
		}
		v.Raw = l
		v.Block = data[pos+uint64(n) : pos+uint64(n)+l]
		return uint64(n) + l, v
	}
	return 0, v
}

// lineOps decodes a line-number program into one leaf per opcode, with
// the parameters of its unit's header.
func (a *annotator) lineOps(es *dwarfread.Span, data []byte, pos uint64) {
	end := uint64(len(data))
	var h *dwarfread.LineHeader
	if uoff, ok := a.lineUnitAt(pos); ok {
		h = a.lineHeader(uoff)
	}
	if h == nil || h.LineRange == 0 {
		leaf(es, dwarfread.SpanStale, "line program without a readable header", pos, end-pos, "")
		return
	}
	base, rng, opcodeBase := int64(h.LineBase), uint64(h.LineRange), h.OpcodeBase
	for pos < end {
		op := data[pos]
		start := pos
		pos++
		var name, val string
		reloc := none
		switch {
		case op >= opcodeBase:
			adj := uint64(op - opcodeBase)
			name = "special opcode"
			val = fmt.Sprintf("address += %d, line += %d, row", adj/rng, base+int64(adj%rng))
		case op == lnsExtendedOpcode:
			l, n := leb128.ReadUnsigned(data, pos)
			if n == 0 || pos+uint64(n)+l > end || l == 0 {
				leaf(es, dwarfread.SpanStale, "bad extended opcode", start, end-start, "")
				return
			}
			pos += uint64(n)
			sub := data[pos]
			operand := data[pos+1 : pos+l]
			name = dwarfread.LNEName(uint64(sub))
			switch {
			case sub == dwarfread.LNESetAddress:
				val = hex(getUint(a.order, operand))
			case name == lneZIGSetDeclName:
				val = fmt.Sprintf("<0x%x>", getUint(a.order, operand))
				if owner, ok := a.entryAt(getUint(a.order, operand)); ok {
					val += " " + owner
				}
			}
			reloc = a.relocIn(dwarfcore.DebugLine, pos+1, pos+2)
			pos += l
		case op == dwarfread.LNSAdvancePC, op == dwarfread.LNSSetFile, op == dwarfread.LNSSetColumn, op == dwarfread.LNSSetISA:
			v, n := leb128.ReadUnsigned(data, pos)
			pos += uint64(n)
			name, val = dwarfread.LNSName(op), strconv.FormatUint(v, 10)
		case op == dwarfread.LNSAdvanceLine:
			v, n := leb128.ReadSigned(data, pos)
			pos += uint64(n)
			name, val = dwarfread.LNSName(op), strconv.FormatInt(v, 10)
		case op == dwarfread.LNSFixedAdvancePC:
			pos += 2
			name = dwarfread.LNSName(op)
		default:
			name = dwarfread.LNSName(op)
		}
		if pos > end {
			pos = end
		}
		s := leaf(es, dwarfread.SpanOp, name, start, pos-start, val)
		if s.Line = a.lineInfo(start, 1); s.Line != nil {
			if op >= opcodeBase {
				s.Value = s.Line.Effect
			}
			if len(s.Line.Rows) > 0 {
				s.Value += "; row " + rowText(s.Line.Rows)
			}
		}
		if reloc != none {
			s.Reloc = reloc
			s.Value += " " + a.relocText(reloc)
		}
	}
}

// rowText prints line rows as llvm-dwarfdump --debug-line lists them:
// address, line, column, file, flags.
func rowText(rows []dwarfread.LineRow) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = fmt.Sprintf("0x%016x %d:%d file %d %s", r.Address, r.Line, r.Column, r.File, r.Flags())
	}
	return strings.Join(parts, "; ")
}
