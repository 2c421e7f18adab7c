package annotate

// The .debug_line side of the map: the line program headers, opcodes,
// padding and trailers, each opcode with what replaying it did.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// lineReplay is one line table as the state machine replayed it, with
// its opcodes by section offset.
type lineReplay struct {
	table *dwarfread.LineTable
	err   error
	byOff map[uint64]int
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
	for j < end && dw.LineOp(data[j]) == dw.LNSConstAddPC {
		j++
	}
	if j > pos {
		s := leaf(p, dwarfread.SpanOp, dw.LineOp(dw.LNSConstAddPC).String(), pos, j-pos, fmt.Sprintf("×%d %s", j-pos, note))
		s.Line = a.lineInfo(pos, int(j-pos))
	}
	return j
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
			content := c.uleb(func(v uint64) string { return table.format + ": " + dw.LineContent(v).String() })
			form := c.uleb(func(v uint64) string { return table.format + ": " + dwarfread.FormName(v) })
			formats = append(formats, entryFormat{content, form})
		}
		n := c.ulebNamed(table.count)
		for i := uint64(0); i < n && c.pos < end; i++ {
			for _, f := range formats {
				name := fmt.Sprintf("%s[%d] %s", table.entry, i, strings.TrimPrefix(dw.LineContent(f.content).String(), "DW_LNCT_"))
				if !a.lineEntryField(c, name, f.form) {
					return // a form the map does not decode: the rest is "unexpected header bytes"
				}
			}
		}
	}
}

// lineEntryField annotates one field of a directory or file entry in
// form; it reports whether it knows the form.
func (a *annotator) lineEntryField(c *fieldCursor, name string, code uint64) bool {
	if code > 0xffff {
		return false // not a form at all
	}
	form := dw.Form(code)
	switch form {
	case dw.FormLineStrp, dw.FormStrp:
		sec := dwarfcore.DebugLineStr
		if form == dw.FormStrp {
			sec = dwarfcore.DebugStr
		}
		off := c.offset(name)
		l := c.p.Children[len(c.p.Children)-1]
		l.Value = strconv.Quote(a.cstring(sec, off)) + " " + l.Value
	case dw.FormUdata:
		c.ulebNamed(name)
	case dw.FormData1:
		c.fixed(name, 1, nil)
	case dw.FormData2:
		c.fixed(name, 2, nil)
	case dw.FormData4:
		c.fixed(name, 4, nil)
	case dw.FormData8:
		c.fixed(name, 8, nil)
	default:
		return false
	}
	return true
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
		case dw.LineOp(op) == dw.LNSExtendedOp:
			l, n := leb128.ReadUnsigned(data, pos)
			if n == 0 || !fits(pos+uint64(n), l, end) || l == 0 {
				leaf(es, dwarfread.SpanStale, "bad extended opcode", start, end-start, "")
				return
			}
			pos += uint64(n)
			sub := dw.LineExtOp(data[pos])
			operand := data[pos+1 : pos+l]
			name = sub.String()
			switch {
			case sub == dw.LNESetAddress:
				val = hex(getUint(a.order, operand))
			case sub == dw.LNEZIGSetDecl:
				val = fmt.Sprintf("<0x%x>", getUint(a.order, operand))
				if owner, ok := a.entryAt(getUint(a.order, operand)); ok {
					val += " " + owner
				}
			}
			reloc = a.relocIn(dwarfcore.DebugLine, pos+1, pos+2)
			pos += l
		case dw.LineOp(op) == dw.LNSAdvancePC, dw.LineOp(op) == dw.LNSSetFile, dw.LineOp(op) == dw.LNSSetColumn, dw.LineOp(op) == dw.LNSSetISA:
			v, n := leb128.ReadUnsigned(data, pos)
			pos += uint64(n)
			name, val = dw.LineOp(op).String(), dec(v)
		case dw.LineOp(op) == dw.LNSAdvanceLine:
			v, n := leb128.ReadSigned(data, pos)
			pos += uint64(n)
			name, val = dw.LineOp(op).String(), strconv.FormatInt(v, 10)
		case dw.LineOp(op) == dw.LNSFixedAdvancePC:
			pos += 2
			name = dw.LineOp(op).String()
		default:
			name = dw.LineOp(op).String()
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
