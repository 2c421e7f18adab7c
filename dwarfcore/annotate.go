package dwarfcore

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/internal/leb128"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// The types of the annotated map live in package dwarfread, which reads
// any ELF file into the same schema; these aliases keep their dwarfcore
// names.
type (
	// SpanKind says what a Span of the annotated map is.
	SpanKind = dwarfread.SpanKind
	// Span is a byte range of a section and what it is.
	Span = dwarfread.Span
	// FieldKind names a field of a structure the map decodes.
	FieldKind = dwarfread.FieldKind
	// LineOpInfo is what one line-number opcode did when replayed.
	LineOpInfo = dwarfread.LineOpInfo
	// DIEInfo describes a debugging information entry.
	DIEInfo = dwarfread.DIEInfo
	// AttrInfo describes an attribute leaf.
	AttrInfo = dwarfread.AttrInfo
)

// The kinds of span (see dwarfread).
const (
	SpanSection   = dwarfread.SpanSection
	SpanUnit      = dwarfread.SpanUnit
	SpanHeader    = dwarfread.SpanHeader
	SpanField     = dwarfread.SpanField
	SpanEntry     = dwarfread.SpanEntry
	SpanDIE       = dwarfread.SpanDIE
	SpanAttr      = dwarfread.SpanAttr
	SpanNull      = dwarfread.SpanNull
	SpanPadding   = dwarfread.SpanPadding
	SpanTrailer   = dwarfread.SpanTrailer
	SpanSlack     = dwarfread.SpanSlack
	SpanAbbrev    = dwarfread.SpanAbbrev
	SpanString    = dwarfread.SpanString
	SpanOp        = dwarfread.SpanOp
	SpanStale     = dwarfread.SpanStale
	SpanUndecoded = dwarfread.SpanUndecoded
)

// The fields of abbreviation declarations and DIEs (see dwarfread).
const (
	FieldAbbrevCode = dwarfread.FieldAbbrevCode
	FieldTag        = dwarfread.FieldTag
	FieldChildren   = dwarfread.FieldChildren
	FieldAttrSpec   = dwarfread.FieldAttrSpec
	FieldAttrsEnd   = dwarfread.FieldAttrsEnd
	FieldAbbrevsEnd = dwarfread.FieldAbbrevsEnd
	FieldAttrValue  = dwarfread.FieldAttrValue
)

// Map is the annotated map of the debug sections: for every section a
// tree of spans whose leaves say what each byte is.
type Map struct {
	Sections [NumSections]*Span `json:"sections"`
}

// annotator decodes the laid-out sections back into spans. It reads the
// emitter's layout from a snapshot taken with the Output (layout), never
// from the emitter itself, so an Annotation can decode a section after
// the emitter moved on to the next update.
type annotator struct {
	o      *Output
	opts   Options
	order  binary.ByteOrder
	layout [NumSections]annLayout
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

// annLayout is one section's units and entries, in offset order, as the
// emitter laid them out for an Output.
type annLayout struct {
	units []annUnit
	// entries are every unit's entries with bytes, in offset order; a
	// unit's are entries[lo:hi].
	entries []annEntry
}

type annUnit struct {
	slot                int // the unit's place in the section's unit list
	index               int
	off, headerLen, end uint64
	label               string
	lo, hi              int
}

type annEntry struct {
	index      int
	start, len uint64
	what       entryWhat
}

// newAnnotator snapshots d's layout for o, d's latest output.
func (d *Dwarf) newAnnotator(o *Output) *annotator {
	a := &annotator{o: o, opts: d.opts, order: d.order, stmtList: map[int]uint64{}, rnglistsBase: map[int]uint64{}, headers: map[uint64]*dwarfread.LineHeader{}, lines: map[uint64]*lineReplay{}}
	for id := range NumSections {
		s := d.sections[id]
		nu, ne := 0, 0
		for _, u := range s.units {
			nu++
			ne += len(u.entries)
		}
		l := annLayout{units: make([]annUnit, 0, nu), entries: make([]annEntry, 0, ne)}
		for ui := s.first; ui != none; ui = s.units[ui].next {
			u := s.units[ui]
			au := annUnit{slot: ui, index: u.index, off: u.off, headerLen: u.headerLen, end: s.unitEnd(u), label: u.label, lo: len(l.entries)}
			for ei := u.first; ei != none; ei = u.entries[ei].next {
				e := &u.entries[ei]
				if e.len > 0 {
					l.entries = append(l.entries, annEntry{index: ei, start: u.off + u.headerLen + e.off, len: e.len, what: e.what})
				}
			}
			au.hi = len(l.entries)
			l.units = append(l.units, au)
		}
		a.layout[id] = l
	}
	return a
}

func (a *annotator) addrSize() uint64 { return uint64(a.opts.Arch.PtrSize) }

// elfMachines are the ELF e_machine numbers of the targets, for register
// names in location expressions.
var elfMachines = map[string]uint16{"x86_64": dwarfread.MachineX86_64, "x86": dwarfread.MachineX86,
	"aarch64": dwarfread.MachineAArch64, "riscv64": 243, "s390x": 22}

func (a *annotator) exprContext() dwarfread.ExprContext {
	return dwarfread.ExprContext{Order: a.order, AddrSize: a.opts.Arch.PtrSize,
		OffsetSize: a.opts.Format.OffsetSize(), Machine: elfMachines[a.opts.Arch.Name]}
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

// lineHeader parses the header of the line table at off once (file
// names for DW_AT_decl_file; the program is replayed only when a line
// entry is expanded).
func (a *annotator) lineHeader(off uint64) *dwarfread.LineHeader {
	if lr, ok := a.lines[off]; ok && lr.table != nil {
		return &lr.table.Header
	}
	if h, ok := a.headers[off]; ok {
		return h
	}
	h, _ := dwarfread.ParseLineHeader(a.o.Sections[DebugLine], off, a.order,
		dwarfread.LineSections{Str: a.o.Sections[DebugStr], LineStr: a.o.Sections[DebugLineStr]})
	a.headers[off] = h
	return h
}

// rnglist returns the .debug_rnglists offset of range list index i of
// .debug_info unit (by index): DW_AT_rnglists_base plus the i-th entry of
// the offsets array there.
func (a *annotator) rnglist(unit int, i uint64) (uint64, bool) {
	base, ok := a.rnglistsBase[unit]
	sec := a.o.Sections[DebugRnglists]
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
	t, err := dwarfread.DecodeLineTable(a.o.Sections[DebugLine], off, a.order,
		dwarfread.LineSections{Str: a.o.Sections[DebugStr], LineStr: a.o.Sections[DebugLineStr]})
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
	for _, u := range a.layout[DebugLine].units {
		if u.off <= off && off < u.end {
			return u.off, true
		}
	}
	return 0, false
}

// lineInfo returns what the opcodes at off (count identical ones) did
// when their unit was replayed, or nil.
func (a *annotator) lineInfo(off uint64, count int) *LineOpInfo {
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
	info := &LineOpInfo{Opcode: op.Opcode, Extended: op.Extended, Count: count, Effect: lr.table.Effect(i)}
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
func (a *annotator) offsetSize() uint64 { return uint64(a.opts.Format.OffsetSize()) }

// relocIn returns the index in Output.Relocs of the relocation of
// section id at the lowest offset in [lo, hi) (the last record there), or
// none. Output.Relocs is sorted by section and offset.
func (a *annotator) relocIn(id SectionID, lo, hi uint64) int {
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
	es := a.layout[DebugInfo].entries
	i, j := 0, len(es)
	for i < j {
		h := int(uint(i+j) >> 1)
		if es[h].start < off {
			i = h + 1
		} else {
			j = h
		}
	}
	if i < len(es) && es[i].start == off {
		return es[i].what.String(), true
	}
	return "", false
}

func (d *Dwarf) annotate(o *Output) *Map {
	a := d.newAnnotator(o)
	m := &Map{}
	for id := range NumSections {
		m.Sections[id] = a.section(id, true)
	}
	return m
}

// Annotation is the annotated map of one Output, decoded on demand: a
// section when it is first asked for, an entry's contents (DIEs,
// attributes, opcodes, fields) when first expanded. The explorer page
// shows a few entries of a big program after every edit; decoding every
// byte of every section for it would cost more than the edit itself.
// An Annotation is not safe for concurrent use.
type Annotation struct {
	a     *annotator
	roots [NumSections]*Span
}

// Annotation returns the on-demand annotated map of o, which must be d's
// latest Output: it records the layout of the units and entries o was
// laid out from, so it stays valid (with o) after d's next Update.
func (d *Dwarf) Annotation(o *Output) (*Annotation, error) {
	for id := range NumSections {
		if uint64(len(o.Sections[id])) != d.sections[id].size() {
			return nil, fmt.Errorf("dwarfcore: annotation: %s has %d bytes, the emitter's %d: not its latest output", id.Name(), len(o.Sections[id]), d.sections[id].size())
		}
	}
	return &Annotation{a: d.newAnnotator(o)}, nil
}

// Relocated returns an Annotation of the same layout that decodes
// sections instead of the Output's bytes: the debug sections as a reader
// sees them once relocations are applied (as a linker wrote them into an
// executable, or as dwarfread.ApplyRelocations applies them to an
// object's). Every section must have the Output's size; a nil one keeps
// the Output's bytes. The emitter's knowledge (whose entry, whose
// padding) stays; the values decoded (addresses in DW_OP_addr,
// DW_AT_low_pc, DW_LNE_set_address) become the ones a debugger reads.
func (an *Annotation) Relocated(sections [NumSections][]byte) (*Annotation, error) {
	o := *an.a.o
	for id := range NumSections {
		if sections[id] == nil {
			continue
		}
		if len(sections[id]) != len(o.Sections[id]) {
			return nil, fmt.Errorf("dwarfcore: relocated %s has %d bytes, the output %d", id.Name(), len(sections[id]), len(o.Sections[id]))
		}
		o.Sections[id] = sections[id]
	}
	a := *an.a
	a.o = &o
	a.stmtList, a.rnglistsBase, a.lines = map[int]uint64{}, map[int]uint64{}, map[uint64]*lineReplay{}
	a.headers = map[uint64]*dwarfread.LineHeader{}
	return &Annotation{a: &a}, nil
}

// Section returns the map of section id: its root span with the units,
// unit headers, padding, trailers, slack and strings decoded, and one
// span per entry whose Children are decoded by Expand. The same root is
// returned every time.
func (an *Annotation) Section(id SectionID) *Span {
	if id >= NumSections {
		return nil
	}
	if an.roots[id] == nil {
		an.roots[id] = an.a.section(id, false)
	}
	return an.roots[id]
}

// Expand decodes the contents of s, an entry span of section id's map
// (Section), into s.Children, unless that was done already. Other spans
// are left as they are.
func (an *Annotation) Expand(id SectionID, s *Span) {
	if s == nil || s.Kind != SpanEntry || len(s.Children) > 0 || s.Len == 0 || id >= NumSections {
		return
	}
	data := an.a.o.Sections[id]
	if s.Off+s.Len > uint64(len(data)) || s.Off+s.Len < s.Off {
		return
	}
	an.a.entry(id, s, data[s.Off:s.Off+s.Len], s.Off)
}

// LineTable is one unit of .debug_line replayed by the line-number state
// machine from the section's bytes: its header, every opcode with what it
// did, and the rows, each linked to the opcode that appended it. Err says
// where the replay stopped if the bytes are malformed.
type LineTable struct {
	Off   uint64
	Table *dwarfread.LineTable
	Err   error
}

// LineTables replays every unit of .debug_line, in section order. The
// rows are the ones the bytes produce (what a debugger and
// llvm-dwarfdump --debug-line see), not the ones code generation
// reported.
func (an *Annotation) LineTables() []LineTable {
	var out []LineTable
	for _, u := range an.a.layout[DebugLine].units {
		if u.end == u.off {
			continue
		}
		lr := an.a.lineReplay(u.off)
		out = append(out, LineTable{Off: u.off, Table: lr.table, Err: lr.err})
	}
	return out
}

// Map returns the whole map, every entry expanded (what
// Options.Annotate puts into Output.Map).
func (an *Annotation) Map() *Map {
	m := &Map{}
	for id := range NumSections {
		root := an.Section(id)
		for _, u := range root.Children {
			for _, e := range u.Children {
				an.Expand(id, e)
			}
		}
		m.Sections[id] = root
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

// EmptyReason says why section id of an Output has no bytes; the map's
// root span of an empty section carries it as its Value.
func EmptyReason(id SectionID) string {
	switch id {
	case DebugLoclists:
		return "empty: every variable's location is one expression valid over its whole scope (DW_FORM_exprloc in .debug_info), so no location lists are written; an empty list table nobody references would make readelf and objdump report an error, so the ELF file has no .debug_loclists section"
	case DebugRnglists:
		return "empty: the program has no code, so no unit has address ranges"
	case DebugAranges:
		return "empty: the program has no code or data addresses to index"
	case DebugStr, DebugLineStr:
		return "empty: no strings are referenced"
	}
	return "empty: the program has nothing to describe in this section"
}

// section decodes section id; deep decodes the entries' contents too
// (else Annotation.Expand does, on demand).
func (a *annotator) section(id SectionID, deep bool) *Span {
	l := &a.layout[id]
	data := a.o.Sections[id]
	root := a.span(SpanSection, id.Name(), 0, uint64(len(data)))
	if len(data) == 0 {
		root.Value = EmptyReason(id)
		return root
	}
	root.Children = make([]*Span, 0, len(l.units))
	pos := uint64(0)
	for i := range l.units {
		u := &l.units[i]
		if u.off > pos {
			a.leaf(root, SpanSlack, "unused", pos, u.off-pos, "")
		}
		if u.end == u.off {
			continue // an empty unit has no bytes to show
		}
		us := a.span(SpanUnit, u.label, u.off, u.end-u.off)
		us.Unit = u.slot
		root.Children = append(root.Children, us)
		a.unit(id, l.entries[u.lo:u.hi], u, us, data, deep)
		pos = u.end
	}
	if pos < uint64(len(data)) {
		a.leaf(root, SpanSlack, "unused", pos, uint64(len(data))-pos, "")
	}
	return root
}

func (a *annotator) unit(id SectionID, entries []annEntry, u *annUnit, us *Span, data []byte, deep bool) {
	us.Children = make([]*Span, 0, 2+len(entries)+len(entries)/4)
	if u.headerLen > 0 {
		h := a.span(SpanHeader, "unit header", u.off, u.headerLen)
		h.Unit = u.index
		us.Children = append(us.Children, h)
		a.header(id, u, h, data)
	}
	pos := u.off + u.headerLen
	var owner string
	ownerEntry := none
	for i := range entries {
		e := &entries[i]
		start := e.start
		if start > pos {
			a.padding(id, us, pos, start-pos, owner, ownerEntry, data)
		}
		what := e.what.String()
		es := a.span(SpanEntry, what, start, e.len)
		es.Unit, es.Entry, es.Owner = u.index, e.index, what
		us.Children = append(us.Children, es)
		if deep || id == DebugStr || id == DebugLineStr {
			a.entry(id, es, data[start:start+e.len], start)
		}
		pos = start + e.len
		owner, ownerEntry = what, e.index
	}
	end := u.end
	if end > pos {
		t := a.span(SpanTrailer, "unit trailer", pos, end-pos)
		t.Unit = u.index
		us.Children = append(us.Children, t)
		a.trailer(id, t, data, pos, end)
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
			code, cn := leb128.ReadUnsigned(data[:end], pos)
			switch {
			case cn > 0 && code == uint64(abbrevPad1):
				a.leaf(p, SpanAttr, "abbrev code", pos, uint64(cn), "pad_1 (DW_TAG_ZIG_padding, 1 byte)").Field = FieldAbbrevCode
				pos += uint64(cn)
			case cn > 0 && code == uint64(abbrevPadN):
				bl, bn := leb128.ReadUnsigned(data[:end], pos+uint64(cn))
				if bn == 0 || pos+uint64(cn)+uint64(bn)+bl > end {
					a.leaf(p, SpanStale, "stale bytes", pos, end-pos, "")
					return
				}
				a.leaf(p, SpanAttr, "abbrev code", pos, uint64(cn), "pad_n (DW_TAG_ZIG_padding)").Field = FieldAbbrevCode
				l := a.leaf(p, SpanAttr, "DW_AT_ZIG_padding block length", pos+uint64(cn), uint64(bn), strconv.FormatUint(bl, 10))
				if bn > leb128.UnsignedLen(bl) {
					l.Value += fmt.Sprintf(" (ULEB stretched to %d bytes)", bn)
				}
				blk := data[pos+uint64(cn)+uint64(bn) : pos+uint64(cn)+uint64(bn)+bl]
				l.Attr = &AttrInfo{Attr: dw.AttrZIGPadding.String(), Form: dw.FormBlock.String(), Raw: bl,
					Text: dwarfread.AttrText(dw.AttrZIGPadding, dwarfread.Value{Form: dw.FormBlock, Raw: bl, Block: blk}, nil)}
				l.Field = FieldAttrValue
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
		for j < end && dw.LineOp(data[j]) == dw.LNSConstAddPC {
			j++
		}
		if j > pos {
			s := a.leaf(p, SpanOp, "DW_LNS_const_add_pc", pos, j-pos, fmt.Sprintf("×%d (no rows)", j-pos))
			s.Line = a.lineInfo(pos, int(j-pos))
			pos = j
			continue
		}
		a.leaf(p, SpanStale, "stale bytes", pos, end-pos, "")
		return
	}
}

func (a *annotator) trailer(id SectionID, t *Span, data []byte, pos, end uint64) {
	switch id {
	case DebugInfo:
		n := min(end-pos, 2)
		a.leaf(t, SpanNull, "null DIE (end of module, end of compile unit children)", pos, n, "")
		if end > pos+n {
			a.leaf(t, SpanTrailer, "null fill", pos+n, end-pos-n, "")
		}
	case DebugAranges:
		n := min(end-pos, 2*a.addrSize())
		a.leaf(t, SpanField, "terminating address/length pair", pos, n, "0, 0")
		if end > pos+n {
			a.leaf(t, SpanTrailer, "zero fill", pos+n, end-pos-n, "")
		}
	case DebugLine:
		q := pos
		if end-q >= 2 && dw.LineOp(data[q]) == dw.LNSSetFile {
			s := a.leaf(t, SpanOp, "DW_LNS_set_file", q, 2, "0 (keeps the end row's file index valid)")
			s.Line = a.lineInfo(q, 1)
			q += 2
		}
		fill := q
		for fill < end && dw.LineOp(data[fill]) == dw.LNSConstAddPC {
			fill++
		}
		if fill > q {
			s := a.leaf(t, SpanOp, "DW_LNS_const_add_pc", q, fill-q, fmt.Sprintf("×%d trailer fill (no rows)", fill-q))
			s.Line = a.lineInfo(q, int(fill-q))
			q = fill
		}
		if end-q == 3 && dw.LineOp(data[q]) == dw.LNSExtendedOp && data[q+1] == 1 && dw.LineExtOp(data[q+2]) == dw.LNEEndSequence {
			s := a.leaf(t, SpanOp, "DW_LNE_end_sequence", q, 3, "end of the unit's last sequence")
			s.Line = a.lineInfo(q, 1)
			if s.Line != nil && len(s.Line.Rows) > 0 {
				s.Value += ": " + rowText(s.Line.Rows)
			}
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
		v = getUint(c.a.order, c.data[c.pos:c.pos+n])
	}
	val := strconv.FormatUint(v, 10)
	if describe != nil {
		val = describe(v)
	}
	s := c.a.leaf(c.p, SpanField, name, c.pos, n, val)
	s.Field = fieldKind(name)
	if r := c.a.relocIn(c.id, c.pos, c.pos+1); r != none {
		s.Reloc = r
		s.Value += " " + c.a.relocText(r)
	}
	c.pos += n
	return v
}

func (c *fieldCursor) uleb(name string) uint64 {
	v, n := leb128.ReadUnsigned(c.data, c.pos)
	c.a.leaf(c.p, SpanField, name, c.pos, uint64(n), strconv.FormatUint(v, 10)).Field = fieldKind(name)
	c.pos += uint64(n)
	return v
}

// fieldKind is a header field's FieldKind (dwarfread.FieldKindOf).
func fieldKind(name string) FieldKind { return dwarfread.FieldKindOf(name) }

func (c *fieldCursor) unitLength() {
	if c.a.opts.Format == DWARF64 {
		c.fixed("unit_length escape (DWARF64)", 4, func(v uint64) string { return fmt.Sprintf("0x%x", v) })
		c.fixed("unit_length", 8, nil)
		return
	}
	c.fixed("unit_length", 4, nil)
}

func (c *fieldCursor) offset(name string) uint64 {
	return c.fixed(name, c.a.offsetSize(), func(v uint64) string { return fmt.Sprintf("0x%x", v) })
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

func (a *annotator) header(id SectionID, u *annUnit, h *Span, data []byte) {
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
		for i := 1; i < int(dw.LineOpcodeBase) && c.pos < end; i++ {
			c.fixed(fmt.Sprintf("standard_opcode_lengths[%d]", i), 1, nil)
		}
		c.fixed("directory_entry_format_count", 1, nil)
		c.uleb("directory_entry_format: DW_LNCT_path")
		c.uleb("directory_entry_format: " + lineStrForm(&a.opts).String())
		dirs := c.uleb("directories_count")
		for i := uint64(0); i < dirs && c.pos < end; i++ {
			a.lineStrField(c, fmt.Sprintf("directories[%d] path", i))
		}
		c.fixed("file_name_entry_format_count", 1, nil)
		c.uleb("file_name_entry_format: DW_LNCT_path")
		c.uleb("file_name_entry_format: " + lineStrForm(&a.opts).String())
		c.uleb("file_name_entry_format: DW_LNCT_directory_index")
		c.uleb("file_name_entry_format: DW_FORM_udata")
		c.uleb("file_name_entry_format: DW_LNCT_LLVM_source")
		c.uleb("file_name_entry_format: " + lineStrForm(&a.opts).String())
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
	sec := DebugLineStr
	if a.opts.CoreSections {
		sec = DebugStr
	}
	leaf.Value = strconv.Quote(a.cstring(sec, off)) + " " + leaf.Value
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
		c.fixed("address", a.addrSize(), hex)
		c.fixed("length", a.addrSize(), nil)
	case DebugRnglists:
		c := &fieldCursor{a: a, p: es, id: id, data: data, pos: start}
		c.fixed("DW_RLE_start_end", 1, nil)
		hex := func(v uint64) string { return fmt.Sprintf("0x%x", v) }
		c.fixed("start address", a.addrSize(), hex)
		c.fixed("end address", a.addrSize(), hex)
	default:
		a.leaf(es, SpanStale, "bytes", start, end-start, "")
	}
}

func (a *annotator) abbrevTable(es *Span, data []byte, pos, end uint64) {
	for pos < end {
		code, n := leb128.ReadUnsigned(data[:end], pos)
		if n == 0 {
			break
		}
		if code == 0 {
			a.leaf(es, SpanNull, "end of abbreviations", pos, uint64(n), "0").Field = FieldAbbrevsEnd
			pos += uint64(n)
			continue
		}
		name := "?"
		if code < uint64(numAbbrevCodes) {
			name = abbrevFor(&a.opts, abbrevCode(code)).name
		}
		ab := a.span(SpanAbbrev, name, pos, 0)
		ab.Unit, ab.Entry = es.Unit, es.Entry
		es.Children = append(es.Children, ab)
		start := pos
		a.leaf(ab, SpanField, "abbreviation code", pos, uint64(n), strconv.FormatUint(code, 10)).Field = FieldAbbrevCode
		pos += uint64(n)
		tag, tn := leb128.ReadUnsigned(data[:end], pos)
		a.leaf(ab, SpanField, "tag", pos, uint64(tn), dw.TagNames.Name(tag)).Field = FieldTag
		pos += uint64(tn)
		ch := "DW_CHILDREN_no"
		if pos < end && dw.Children(data[pos]) == dw.ChildrenYes {
			ch = "DW_CHILDREN_yes"
		}
		a.leaf(ab, SpanField, "children", pos, 1, ch).Field = FieldChildren
		pos++
		for pos < end {
			at, an := leb128.ReadUnsigned(data[:end], pos)
			form, fn := leb128.ReadUnsigned(data[:end], pos+uint64(an))
			if an == 0 || fn == 0 {
				pos = end
				break
			}
			if at == 0 && form == 0 {
				a.leaf(ab, SpanField, "end of attributes", pos, uint64(an+fn), "0, 0").Field = FieldAttrsEnd
				pos += uint64(an + fn)
				break
			}
			l := a.leaf(ab, SpanField, "attribute", pos, uint64(an+fn), dw.AttrNames.Name(at)+" "+dw.FormNames.Name(form))
			l.Attr = &AttrInfo{Attr: dw.AttrNames.Name(at), Form: dw.FormNames.Name(form)}
			l.Field = FieldAttrSpec
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
		code, n := leb128.ReadUnsigned(data, pos)
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
		ab := abbrevFor(&a.opts, abbrevCode(code))
		die := a.span(SpanDIE, ab.name, pos, 0)
		die.Unit, die.Entry, die.Owner = parent.Unit, parent.Entry, owner
		die.DIE = &DIEInfo{Offset: pos, Tag: ab.tag.String(), Code: code, Abbrev: ab.name, Depth: *depth, Children: ab.children}
		parent.Children = append(parent.Children, die)
		start := pos
		a.leaf(die, SpanAttr, "abbrev code", pos, uint64(n), fmt.Sprintf("%d (%s, %s)", code, ab.name, ab.tag.String())).Field = FieldAbbrevCode
		pos += uint64(n)
		for _, at := range ab.attrs {
			l, v := a.formValue(data, pos, at.form)
			if l == 0 && at.form != dw.FormFlagPresent || pos+l > end {
				a.leaf(die, SpanStale, "truncated DIE", pos, end-pos, "")
				die.Len = end - start
				return
			}
			switch at.at {
			case dw.AttrStmtList:
				a.stmtList[parent.Unit] = v.Raw
			case dw.AttrRnglistsBase:
				a.rnglistsBase[parent.Unit] = v.Raw
			}
			if at.form == dw.FormRnglistx {
				v.Addr, v.Resolved = a.rnglist(parent.Unit, v.Raw)
			}
			info := &AttrInfo{Attr: at.at.String(), Form: at.form.String(), Raw: v.Raw,
				Text: dwarfread.AttrText(at.at, v, a.attrContext(parent.Unit))}
			if c, ok := dwarfread.ConstName(at.at, v.Raw); ok {
				info.Const = c
			}
			val := info.Text
			if at.form == dw.FormExprloc {
				lenLen := l - uint64(len(v.Block))
				info.ExprOff = pos + lenLen
				info.Expr, _ = dwarfread.DecodeExpr(v.Block, a.exprContext())
			}
			if at.form == dw.FormRefAddr {
				if owner, ok := a.entryAt(v.Raw); ok {
					val += " " + owner
				}
			}
			s := a.leaf(die, SpanAttr, at.at.String(), pos, l, val)
			s.Attr = info
			s.Field = FieldAttrValue
			// a relocation at the value, or inside an expression
			if r := a.relocIn(DebugInfo, pos, pos+l); r != none {
				s.Reloc = r
				s.Value += " " + a.relocText(r)
			}
			if l == 0 {
				// flag_present occupies no bytes: not a leaf
				die.DIE.Implicit = append(die.DIE.Implicit, *info)
				die.Children = die.Children[:len(die.Children)-1]
				die.Children[0].Value += ", " + at.at.String() + " present"
			}
			pos += l
		}
		die.Len = pos - start
		if ab.children {
			*depth++
		}
	}
}

// formValue returns the size of an attribute value in one of the forms
// the emitter writes, and the value; the size is 0 when the value does
// not fit in data.
func (a *annotator) formValue(data []byte, pos uint64, form dw.Form) (uint64, dwarfread.Value) {
	end := uint64(len(data))
	v := dwarfread.Value{Form: form}
	fixed := func(n uint64) uint64 {
		if pos+n > end {
			return 0
		}
		v.Raw = getUint(a.order, data[pos:pos+n])
		return n
	}
	str := func(id SectionID) uint64 {
		n := fixed(a.offsetSize())
		if n > 0 && v.Raw < uint64(len(a.o.Sections[id])) {
			v.Str, v.Resolved = a.cstring(id, v.Raw), true
		}
		return n
	}
	switch form {
	case dw.FormAddr:
		return fixed(a.addrSize()), v
	case dw.FormData1, dw.FormFlag:
		return fixed(1), v
	case dw.FormData4:
		return fixed(4), v
	case dw.FormUdata, dw.FormRnglistx:
		x, n := leb128.ReadUnsigned(data, pos)
		v.Raw = x
		return uint64(n), v
	case dw.FormSdata:
		x, n := leb128.ReadSigned(data, pos)
		v.Raw = uint64(x)
		return uint64(n), v
	case dw.FormStrp:
		return str(DebugStr), v
	case dw.FormLineStrp:
		return str(DebugLineStr), v
	case dw.FormRefAddr, dw.FormSecOffset:
		return fixed(a.offsetSize()), v
	case dw.FormFlagPresent:
		v.Raw = 1
		return 0, v
	case dw.FormBlock, dw.FormExprloc:
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

// lineOps decodes a line-number program into one leaf per opcode.
func (a *annotator) lineOps(es *Span, data []byte, pos uint64) {
	end := uint64(len(data))
	base := int64(a.opts.Arch.LineBase)
	rng := uint64(a.opts.Arch.LineRange)
	for pos < end {
		op := dw.LineOp(data[pos])
		start := pos
		pos++
		var name, val string
		reloc := none
		switch {
		case op >= dw.LineOpcodeBase:
			adj := uint64(op - dw.LineOpcodeBase)
			name = "special opcode"
			val = fmt.Sprintf("address += %d, line += %d, row", adj/rng, base+int64(adj%rng))
		case op == dw.LNSExtendedOp:
			l, n := leb128.ReadUnsigned(data, pos)
			if n == 0 || pos+uint64(n)+l > end || l == 0 {
				a.leaf(es, SpanStale, "bad extended opcode", start, end-start, "")
				return
			}
			pos += uint64(n)
			sub := dw.LineExtOp(data[pos])
			operand := data[pos+1 : pos+l]
			switch sub {
			case dw.LNEEndSequence:
				name = sub.String()
			case dw.LNESetAddress:
				name = sub.String()
				val = fmt.Sprintf("0x%x", getUint(a.order, operand))
			case dw.LNEZIGSetDecl:
				name = sub.String()
				val = fmt.Sprintf("<0x%x>", getUint(a.order, operand))
				if owner, ok := a.entryAt(getUint(a.order, operand)); ok {
					val += " " + owner
				}
			default:
				name = fmt.Sprintf("DW_LNE(0x%x)", uint8(sub))
			}
			reloc = a.relocIn(DebugLine, pos+1, pos+2)
			pos += l
		case op == dw.LNSAdvancePC, op == dw.LNSSetFile, op == dw.LNSSetColumn, op == dw.LNSSetISA:
			v, n := leb128.ReadUnsigned(data, pos)
			pos += uint64(n)
			name = op.String()
			val = strconv.FormatUint(v, 10)
		case op == dw.LNSAdvanceLine:
			v, n := leb128.ReadSigned(data, pos)
			pos += uint64(n)
			name, val = op.String(), strconv.FormatInt(v, 10)
		case op == dw.LNSFixedAdvancePC:
			pos += 2
			name = op.String()
		default:
			name = op.String()
		}
		if pos > end {
			pos = end
		}
		s := a.leaf(es, SpanOp, name, start, pos-start, val)
		if s.Line = a.lineInfo(start, 1); s.Line != nil {
			if op >= dw.LineOpcodeBase {
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
