package annotate

// The .debug_info and .debug_abbrev side of the map: the abbreviation
// table, DIEs decoded with it (attribute values named by dwarfread,
// references by the entry they point into), and padding DIEs.

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

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
	return ab, ab.Tag.String()
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
		if ab == nil || ab.Children || ab.Tag != dw.TagZIGPadding || len(ab.Specs) > 1 {
			leaf(p, dwarfread.SpanStale, "stale bytes", pos, end-pos, "")
			return
		}
		tag := ab.Tag.String()
		if len(ab.Specs) == 0 {
			leaf(p, dwarfread.SpanAttr, "abbrev code", pos, uint64(cn), fmt.Sprintf("%s (%s, %d byte)", name, tag, cn)).Field = dwarfread.FieldAbbrevCode
			pos += uint64(cn)
			continue
		}
		sp := ab.Specs[0]
		bl, bn := leb128.ReadUnsigned(data, pos+uint64(cn))
		if sp.Form != dw.FormBlock || bn == 0 || !fits(pos+uint64(cn)+uint64(bn), bl, end) {
			leaf(p, dwarfread.SpanStale, "stale bytes", pos, end-pos, "")
			return
		}
		leaf(p, dwarfread.SpanAttr, "abbrev code", pos, uint64(cn), fmt.Sprintf("%s (%s)", name, tag)).Field = dwarfread.FieldAbbrevCode
		attr := sp.Attr.String()
		l := leaf(p, dwarfread.SpanAttr, attr+" block length", pos+uint64(cn), uint64(bn), dec(bl))
		if bn > leb128.UnsignedLen(bl) {
			l.Value += fmt.Sprintf(" (ULEB stretched to %d bytes)", bn)
		}
		blk := data[pos+uint64(cn)+uint64(bn) : pos+uint64(cn)+uint64(bn)+bl]
		l.Attr = &dwarfread.AttrInfo{Attr: attr, Form: sp.Form.String(), Raw: bl,
			Text: dwarfread.AttrText(sp.Attr, dwarfread.Value{Form: sp.Form, Raw: bl, Block: blk}, nil)}
		l.Field = dwarfread.FieldAttrValue
		pos += uint64(cn) + uint64(bn)
		if bl > 0 {
			leaf(p, dwarfread.SpanStale, "padding block (skipped by readers)", pos, bl, "")
			pos += bl
		}
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
		leaf(ab, dwarfread.SpanField, "abbreviation code", pos, uint64(n), dec(code)).Field = dwarfread.FieldAbbrevCode
		pos += uint64(n)
		tag, tn := leb128.ReadUnsigned(data[:end], pos)
		leaf(ab, dwarfread.SpanField, "tag", pos, uint64(tn), dwarfread.TagName(tag)).Field = dwarfread.FieldTag
		pos += uint64(tn)
		ch := dw.ChildrenNo
		if pos < end && data[pos] != 0 {
			ch = dw.ChildrenYes
		}
		leaf(ab, dwarfread.SpanField, "children", pos, 1, ch.String()).Field = dwarfread.FieldChildren
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
			leaf(parent, dwarfread.SpanStale, "unknown abbreviation code", pos, end-pos, dec(code))
			return
		}
		tag := ab.Tag.String()
		die := span(dwarfread.SpanDIE, name, pos, 0)
		die.Unit, die.Entry, die.Owner = parent.Unit, parent.Entry, owner
		die.DIE = &dwarfread.DIEInfo{Offset: pos, Tag: tag, Code: code, Abbrev: name, Depth: *depth, Children: ab.Children}
		parent.Children = append(parent.Children, die)
		start := pos
		leaf(die, dwarfread.SpanAttr, "abbrev code", pos, uint64(n), fmt.Sprintf("%d (%s, %s)", code, name, tag)).Field = dwarfread.FieldAbbrevCode
		pos += uint64(n)
		for _, sp := range ab.Specs {
			l, v := a.formValue(data, pos, sp.Form)
			if l == 0 && sp.Form != dw.FormFlagPresent || !fits(pos, l, end) {
				leaf(die, dwarfread.SpanStale, "truncated DIE", pos, end-pos, "")
				die.Len = end - start
				return
			}
			switch sp.Attr {
			case dw.AttrStmtList:
				a.stmtList[parent.Unit] = v.Raw
			case dw.AttrRnglistsBase:
				a.rnglistsBase[parent.Unit] = v.Raw
			}
			if sp.Form == dw.FormRnglistx {
				v.Addr, v.Resolved = a.rnglist(parent.Unit, v.Raw)
			}
			attr := sp.Attr.String()
			info := &dwarfread.AttrInfo{Attr: attr, Form: sp.Form.String(), Raw: v.Raw,
				Text: dwarfread.AttrText(sp.Attr, v, a.attrContext(parent.Unit))}
			if c, ok := dwarfread.ConstName(sp.Attr, v.Raw); ok {
				info.Const = c
			}
			val := info.Text
			if sp.Form == dw.FormExprloc {
				lenLen := l - uint64(len(v.Block))
				info.ExprOff = pos + lenLen
				info.Expr, _ = dwarfread.DecodeExpr(v.Block, a.exprContext())
			}
			if sp.Form == dw.FormRefAddr {
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
func (a *annotator) formValue(data []byte, pos uint64, form dw.Form) (uint64, dwarfread.Value) {
	end := uint64(len(data))
	v := dwarfread.Value{Form: form}
	fixed := func(n uint64) uint64 {
		if !fits(pos, n, end) {
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
		return str(dwarfcore.DebugStr), v
	case dw.FormLineStrp:
		return str(dwarfcore.DebugLineStr), v
	case dw.FormRefAddr, dw.FormSecOffset:
		return fixed(a.offsetSize()), v
	case dw.FormFlagPresent:
		v.Raw = 1
		return 0, v
	case dw.FormBlock, dw.FormExprloc:
		l, n := leb128.ReadUnsigned(data, pos)
		if n == 0 || !fits(pos+uint64(n), l, end) {
			return 0, v
		}
		v.Raw = l
		v.Block = data[pos+uint64(n) : pos+uint64(n)+l]
		return uint64(n) + l, v
	}
	return 0, v
}
