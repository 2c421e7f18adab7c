package dwarfread

import (
	"fmt"
	"strings"
)

// Value is one attribute value read in its form.
type Value struct {
	Form uint64
	// Raw is the number a constant, flag, address, reference, offset or
	// index form holds (sdata and implicit_const as two's complement;
	// for strx/addrx/rnglistx/loclistx the index; for the block forms
	// the length).
	Raw uint64
	// Str is the string of a string form, resolved (Resolved false when
	// the offset or index points nowhere).
	Str      string
	Resolved bool
	// Block holds the bytes of a block, exprloc or data16 form.
	Block []byte
	// Addr is the address an addrx form resolves to, or the section
	// offset a rnglistx or loclistx index resolves to (Resolved).
	Addr uint64
}

// AttrContext is what formatting a value needs to know about its unit.
type AttrContext struct {
	ExprContext
	// UnitOff is the unit's offset in .debug_info, for unit-relative
	// references (ref1 … ref_udata).
	UnitOff uint64
	// Line is the unit's line table header, for DW_AT_decl_file and
	// DW_AT_call_file (nil: print the number); CompDir the unit's
	// DW_AT_comp_dir, which relative paths are joined to.
	Line    *LineHeader
	CompDir string
	// Version is the unit's DWARF version: before 4, a data4 or data8
	// location is an offset into .debug_loc.
	Version uint16
}

// locationAttrs may hold a location expression in a block form (DWARF 2
// and 3 put them there; llvm-dwarfdump decodes them).
var locationAttrs = map[uint64]bool{
	0x02: true, 0x19: true, 0x2a: true, 0x38: true, 0x40: true, 0x48: true, 0x4a: true,
	0x4d: true, 0x4e: true, 0x4f: true, 0x50: true, 0x2e: true, 0x51: true, 0x22: true,
	0x2f: true, 0x37: true, 0x7e: true, 0x83: true, 0x84: true, 0x85: true, 0x86: true,
	0x2111: true, 0x2113: true,
}

// Quote quotes a string as llvm-dwarfdump does (raw_ostream's
// write_escaped).
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '"':
			b.WriteString(`\"`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, `\%03o`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// AttrText formats an attribute value the way llvm-dwarfdump prints it
// between the parentheses after the attribute's name: enumerated
// constants by name (DW_ATE_signed), location expressions operation by
// operation ("DW_OP_addr 0x402010, DW_OP_form_tls_address"), file
// indexes as paths, numbers in the width of their form. It leaves out
// what llvm-dwarfdump appends from elsewhere: a referenced type's name
// and the contents of range and location lists.
func AttrText(attr uint64, v Value, c *AttrContext) string {
	hex := func(width int) string { return fmt.Sprintf("0x%0*x", width, v.Raw) }
	known := KnownAttr(attr)
	switch v.Form {
	case FormExprloc:
		return exprText(v.Block, c)
	case FormBlock, FormBlock1, FormBlock2, FormBlock4:
		if known && locationAttrs[attr] {
			return exprText(v.Block, c)
		}
		if len(v.Block) == 0 {
			return ""
		}
		var b strings.Builder
		fmt.Fprintf(&b, "<0x%x>", len(v.Block))
		for _, x := range v.Block {
			fmt.Fprintf(&b, " %02x", x)
		}
		b.WriteByte(' ')
		return b.String()
	case FormString, FormStrp, FormLineStrp, FormStrx, FormStrx1, FormStrx2, FormStrx3, FormStrx4,
		FormGNUStrIndex, FormStrpSup, FormGNUStrpAlt:
		if !v.Resolved {
			return fmt.Sprintf("<invalid string 0x%x>", v.Raw)
		}
		return Quote(v.Str)
	case FormFlagPresent:
		return "true"
	}
	if known && (attr == 0x3a || attr == 0x58) && c != nil && c.Line != nil && isConstForm(v.Form) {
		if p, ok := c.Line.FilePath(v.Raw, c.CompDir); ok {
			return Quote(p)
		}
	}
	if known && locationAttrs[attr] && (v.Form == FormData4 || v.Form == FormData8) && c != nil && c.Version > 0 && c.Version < 4 {
		if v.Form == FormData4 {
			return fmt.Sprintf("0x%08x:", v.Raw)
		}
		return fmt.Sprintf("0x%016x:", v.Raw)
	}
	if known && isConstForm(v.Form) {
		if name, ok := ConstName(attr, v.Raw); ok {
			return name
		}
		switch attr {
		case 0x39, 0x3b, 0x57, 0x59: // decl_column, decl_line, call_column, call_line
			return fmt.Sprint(v.Raw)
		}
	}
	offWidth := 8
	if c != nil && c.OffsetSize == 8 {
		offWidth = 16
	}
	addrWidth := 16
	if c != nil && c.AddrSize > 0 {
		addrWidth = 2 * c.AddrSize
	}
	switch v.Form {
	case FormAddr:
		return hex(addrWidth)
	case FormData1, FormFlag, FormRef1:
		if v.Form == FormRef1 {
			return fmt.Sprintf("0x%08x", v.Raw+unitOff(c))
		}
		return hex(2)
	case FormData2:
		return hex(4)
	case FormData4:
		return hex(8)
	case FormData8, FormRefSig8:
		return hex(16)
	case FormData16:
		var b strings.Builder
		for _, x := range v.Block {
			fmt.Fprintf(&b, "%02x", x)
		}
		return b.String()
	case FormUdata:
		return fmt.Sprint(v.Raw)
	case FormSdata, FormImplicitConst:
		return fmt.Sprint(int64(v.Raw))
	case FormRef2, FormRef4, FormRef8, FormRefUdata:
		return fmt.Sprintf("0x%08x", v.Raw+unitOff(c))
	case FormRefAddr, FormGNURefAlt:
		return hex(16)
	case FormSecOffset:
		if known && locationAttrs[attr] {
			return hex(offWidth) + ":" // a location list follows
		}
		return hex(offWidth)
	case FormAddrx, FormAddrx1, FormAddrx2, FormAddrx3, FormAddrx4, FormGNUAddrIndex:
		if v.Resolved {
			return fmt.Sprintf("0x%0*x", addrWidth, v.Addr)
		}
		return fmt.Sprintf("indexed (%08x) address = <unresolved>", v.Raw)
	case FormRnglistx:
		if v.Resolved {
			return fmt.Sprintf("indexed (0x%x) rangelist = 0x%08x", v.Raw, v.Addr)
		}
		return fmt.Sprintf("indexed (0x%x) rangelist", v.Raw)
	case FormLoclistx:
		if v.Resolved {
			return fmt.Sprintf("indexed (0x%x) loclist = 0x%08x:", v.Raw, v.Addr)
		}
		return fmt.Sprintf("indexed (0x%x) loclist", v.Raw)
	}
	return hex(0)
}

func unitOff(c *AttrContext) uint64 {
	if c == nil {
		return 0
	}
	return c.UnitOff
}

func isConstForm(f uint64) bool {
	switch f {
	case FormData1, FormData2, FormData4, FormData8, FormUdata, FormSdata, FormImplicitConst:
		return true
	}
	return false
}

func exprText(b []byte, c *AttrContext) string {
	if len(b) == 0 {
		return "<empty>"
	}
	var ctx ExprContext
	if c != nil {
		ctx = c.ExprContext
	}
	ops, err := DecodeExpr(b, ctx)
	s := ExprText(ops)
	if err != nil {
		if s != "" {
			s += ", "
		}
		s += "<decoding error>"
	}
	return s
}
