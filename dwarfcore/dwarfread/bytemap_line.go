package dwarfread

// The byte map of .debug_line: each unit's header field by field, then its
// program opcode by opcode (see bytemap.go for the map itself).

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
)

// FieldKindOf is a header field's FieldKind: its label without an index
// ("standard_opcode_lengths[3]" → "standard_opcode_lengths",
// "file_names[0] path" → "file_names path").
func FieldKindOf(name string) FieldKind {
	if i := strings.IndexByte(name, '['); i >= 0 {
		if j := strings.IndexByte(name[i:], ']'); j >= 0 {
			name = name[:i] + name[i+j+1:]
		}
	}
	return FieldKind(name)
}

func fieldKind(name string) FieldKind { return FieldKindOf(name) }

// line maps .debug_line: each unit's header field by field, then every
// opcode as the state machine replayed it.
func (m *mapper) line(root *Span) uint64 {
	strs := LineSections{Str: m.d.bytes(".debug_str"), LineStr: m.d.bytes(".debug_line_str")}
	off := uint64(0)
	for n := 0; off < uint64(len(m.data)); n++ {
		h, err := ParseLineHeader(m.data, off, m.d.Order, strs)
		if h == nil {
			m.undecoded(root, off, uint64(len(m.data)), err.Error())
			return uint64(len(m.data))
		}
		u := newSpan(SpanUnit, fmt.Sprintf("line table at 0x%x", off), off, h.End-off)
		u.Unit = n
		root.Children = append(root.Children, u)
		hs := newSpan(SpanHeader, "unit header", off, h.ProgramOff-off)
		hs.Unit = n
		u.Children = append(u.Children, hs)
		m.lineHeader(hs, h)
		pos := h.ProgramOff
		// the opcodes one by one as the state machine replays them,
		// each written (when streaming) before the next is decoded
		_, err = decodeLineTable(m.data, off, m.d.Order, strs, func(t *LineTable, i int, op *LineOp) {
			effect := lineEffect(h, op)
			val := op.Operand
			if op.Opcode >= h.OpcodeBase {
				val = effect
			}
			l := m.leaf(u, SpanOp, op.Name, op.Off, op.Len, val)
			l.Entry = i
			info := &LineOpInfo{Opcode: op.Opcode, Extended: op.Extended, Count: 1, Effect: effect}
			for _, r := range op.Rows {
				info.Rows = append(info.Rows, t.Rows[r])
				info.RowIndex = append(info.RowIndex, r)
			}
			l.Line = info
			pos = op.Off + op.Len
			m.flush()
		})
		why := "after the last opcode"
		if err != nil {
			why = err.Error()
		}
		m.undecoded(u, pos, h.End, why)
		off = h.End
	}
	return off
}

// lineHeader maps a line table header's fields.
func (m *mapper) lineHeader(hs *Span, h *LineHeader) {
	c := m.cursor(hs, h.Off, h.ProgramOff)
	c.unitLength()
	c.fixed("version", 2, nil)
	if h.Version >= 5 {
		c.fixed("address_size", 1, nil)
		c.fixed("segment_selector_size", 1, nil)
	}
	c.fixed("header_length", offSize(h.Format64), nil)
	c.fixed("minimum_instruction_length", 1, nil)
	if h.Version >= 4 {
		c.fixed("maximum_operations_per_instruction", 1, nil)
	}
	c.fixed("default_is_stmt", 1, nil)
	c.fixed("line_base", 1, func(v uint64) string { return strconv.Itoa(int(int8(v))) })
	c.fixed("line_range", 1, nil)
	c.fixed("opcode_base", 1, nil)
	for i := 1; i < int(h.OpcodeBase); i++ {
		c.fixed(fmt.Sprintf("standard_opcode_lengths[%s]", dw.LineOp(i)), 1, nil)
	}
	if h.Version >= 5 {
		strs := LineSections{Str: m.d.bytes(".debug_str"), LineStr: m.d.bytes(".debug_line_str")}
		for _, list := range []string{"directories", "file_names"} {
			fmtName := "directory_entry_format"
			if list == "file_names" {
				fmtName = "file_name_entry_format"
			}
			n := c.fixed(fmtName+"_count", 1, nil)
			var format []entryFormat
			for i := range n {
				p := c.r.off
				f, ok := readEntryFormat(&c.r)
				if !ok {
					c.failed = true
					break
				}
				c.field(SpanField, fmt.Sprintf("%s[%d]", fmtName, i), p, f.content.String()+" "+f.form.String())
				format = append(format, f)
			}
			count := c.uleb(list + "_count")
			for i := uint64(0); i < count && !c.failed; i++ {
				for _, f := range format {
					p := c.r.off
					v, s, ok := lineFormValue(&c.r, f.form, m.d.Order, offSize(h.Format64), strs)
					val := strconv.FormatUint(v, 10)
					if f.form == dw.FormString || f.form == dw.FormLineStrp || f.form == dw.FormStrp {
						val = Quote(s)
					}
					if !ok {
						c.failed = true
						break
					}
					c.field(SpanField, fmt.Sprintf("%s[%d] %s", list, i, f.content), p, val)
				}
			}
		}
	} else {
		end, _ := stringList(&c.r, func(i int, p uint64, s string) {
			c.field(SpanField, fmt.Sprintf("include_directories[%d]", i+1), p, Quote(s))
		})
		c.field(SpanField, "end of include_directories", end, "0")
		end, _ = stringList(&c.r, func(i int, p uint64, s string) {
			c.field(SpanField, fmt.Sprintf("file_names[%d] name", i+1), p, Quote(s))
			c.uleb(fmt.Sprintf("file_names[%d] dir_index", i+1))
			c.uleb(fmt.Sprintf("file_names[%d] mod_time", i+1))
			c.uleb(fmt.Sprintf("file_names[%d] length", i+1))
		})
		c.field(SpanField, "end of file_names", end, "0")
	}
	pos := c.r.off
	if c.failed {
		pos = lastEnd(hs, h.Off)
	}
	m.undecoded(hs, pos, h.ProgramOff, "header bytes before the program that no field describes")
}
