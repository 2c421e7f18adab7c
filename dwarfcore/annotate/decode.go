package annotate

import (
	"debug/elf"
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// none is a span's Unit, Entry or Reloc when it has none.
const none = -1

// fits says whether n bytes at pos end at or before end (without
// overflowing: n comes from the data and may be any number).
func fits(pos, n, end uint64) bool { return pos <= end && n <= end-pos }

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

func newAnnotator(o *dwarfcore.Output, lay *dwarfcore.Layout) *annotator {
	return &annotator{o: o, lay: lay, opts: o.Options, order: o.Options.Arch.ByteOrder(),
		stmtList: map[int]uint64{}, rnglistsBase: map[int]uint64{},
		headers: map[uint64]*dwarfread.LineHeader{}, lines: map[uint64]*lineReplay{}}
}

func (a *annotator) addrSize() uint64   { return uint64(a.opts.Arch.PtrSize) }
func (a *annotator) offsetSize() uint64 { return uint64(a.opts.Format.OffsetSize()) }

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
		if end-q >= 2 && dw.LineOp(data[q]) == dw.LNSSetFile {
			s := leaf(t, dwarfread.SpanOp, dw.LineOp(dw.LNSSetFile).String(), q, 2, "0 (keeps the end row's file index valid)")
			s.Line = a.lineInfo(q, 1)
			q += 2
		}
		q = a.constAddPCRun(t, data, q, end, "trailer fill (no rows)")
		// DW_LNE_end_sequence: the introducer, the length 1, the opcode
		if end-q == 3 && dw.LineOp(data[q]) == dw.LNSExtendedOp && data[q+1] == 1 && dw.LineExtOp(data[q+2]) == dw.LNEEndSequence {
			s := leaf(t, dwarfread.SpanOp, dw.LineExtOp(dw.LNEEndSequence).String(), q, 3, "end of the unit's last sequence")
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
		leaf(t, dwarfread.SpanField, dw.RLEEndOfList.String(), pos, 1, "end of range list 0")
		if end > pos+1 {
			leaf(t, dwarfread.SpanTrailer, dw.RLEEndOfList.String()+" fill", pos+1, end-pos-1, "")
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

func dec(v uint64) string { return strconv.FormatUint(v, 10) }

func (c *fieldCursor) fixed(name string, n uint64, describe func(v uint64) string) uint64 {
	var v uint64
	if c.pos+n <= uint64(len(c.data)) && n <= 8 {
		v = getUint(c.a.order, c.data[c.pos:c.pos+n])
	}
	val := dec(v)
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
	s := leaf(c.p, dwarfread.SpanField, name(v), c.pos, uint64(n), dec(v))
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
		c.fixed("unit_type", 1, func(v uint64) string { return fmt.Sprintf("%d (%s)", v, dw.UnitType(uint8(v)).String()) })
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
		c.fixed(dw.RLEStartEnd.String(), 1, nil)
		c.fixed("start address", a.addrSize(), hex)
		c.fixed("end address", a.addrSize(), hex)
	default:
		leaf(es, dwarfread.SpanStale, "bytes", start, end-start, "")
	}
}
