package dwarfread

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
)

// Value is one attribute value read in its form.
type Value struct {
	Form dw.Form
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
var locationAttrs = map[dw.Attr]bool{
	dw.AttrLocation: true, dw.AttrStringLength: true, dw.AttrReturnAddr: true, dw.AttrDataMemberLocation: true,
	dw.AttrFrameBase: true, dw.AttrStaticLink: true, dw.AttrUseLocation: true, dw.AttrVtableElemLocation: true,
	dw.AttrAllocated: true, dw.AttrAssociated: true, dw.AttrDataLocation: true, dw.AttrBitStride: true,
	dw.AttrByteStride: true, dw.AttrLowerBound: true, dw.AttrUpperBound: true, dw.AttrCount: true,
	dw.AttrCallValue: true, dw.AttrCallTarget: true, dw.AttrCallTargetClobbered: true,
	dw.AttrCallDataLocation: true, dw.AttrCallDataValue: true,
	dw.AttrGNUCallSiteValue: true, dw.AttrGNUCallSiteTarget: true,
}

// Quote quotes a string as llvm-dwarfdump does (raw_ostream's
// write_escaped).
func Quote(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\' && s[i] != '"'
	}
	if plain {
		return `"` + s + `"`
	}
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
func AttrText(attr dw.Attr, v Value, c *AttrContext) string {
	hex := func(width int) string { return hexWidth(v.Raw, width) }
	known := KnownAttr(attr)
	switch v.Form {
	case dw.FormExprloc:
		return exprText(v.Block, c)
	case dw.FormBlock, dw.FormBlock1, dw.FormBlock2, dw.FormBlock4:
		if known && locationAttrs[attr] {
			return exprText(v.Block, c)
		}
		if len(v.Block) == 0 {
			return ""
		}
		// the length as wide as its form's field, as llvm-dwarfdump
		// prints it: <0x0a> for block1, <0x000a> for block2
		width := map[dw.Form]int{dw.FormBlock1: 2, dw.FormBlock2: 4, dw.FormBlock4: 8}[v.Form]
		var b strings.Builder
		fmt.Fprintf(&b, "<0x%0*x>", width, len(v.Block))
		for _, x := range v.Block {
			fmt.Fprintf(&b, " %02x", x)
		}
		b.WriteByte(' ')
		return b.String()
	case dw.FormString, dw.FormStrp, dw.FormLineStrp, dw.FormStrx, dw.FormStrx1, dw.FormStrx2, dw.FormStrx3, dw.FormStrx4,
		dw.FormGNUStrIndex, dw.FormStrpSup, dw.FormGNUStrpAlt:
		if !v.Resolved {
			return fmt.Sprintf("<invalid string 0x%x>", v.Raw)
		}
		return Quote(v.Str)
	case dw.FormFlagPresent:
		return "true"
	}
	if known && (attr == dw.AttrDeclFile || attr == dw.AttrCallFile) && c != nil && c.Line != nil && isConstForm(v.Form) {
		if p, ok := c.Line.FilePath(v.Raw, c.CompDir); ok {
			return Quote(p)
		}
	}
	if (v.Form == dw.FormData4 || v.Form == dw.FormData8) && known && locationAttrs[attr] && c != nil && c.Version > 0 && c.Version < 4 {
		if v.Form == dw.FormData4 {
			return fmt.Sprintf("0x%08x:", v.Raw)
		}
		return fmt.Sprintf("0x%016x:", v.Raw)
	}
	if known && isConstForm(v.Form) {
		if name, ok := ConstName(attr, v.Raw); ok {
			return name
		}
		switch attr {
		case dw.AttrDeclColumn, dw.AttrDeclLine, dw.AttrCallColumn, dw.AttrCallLine:
			return strconv.FormatUint(v.Raw, 10)
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
	case dw.FormAddr:
		return hex(addrWidth)
	case dw.FormData1, dw.FormFlag, dw.FormRef1:
		if v.Form == dw.FormRef1 {
			return hexWidth(v.Raw+unitOff(c), 8)
		}
		return hex(2)
	case dw.FormData2:
		return hex(4)
	case dw.FormData4:
		return hex(8)
	case dw.FormData8, dw.FormRefSig8:
		return hex(16)
	case dw.FormData16:
		var b strings.Builder
		for _, x := range v.Block {
			fmt.Fprintf(&b, "%02x", x)
		}
		return b.String()
	case dw.FormUdata:
		return strconv.FormatUint(v.Raw, 10)
	case dw.FormSdata, dw.FormImplicitConst:
		return strconv.FormatInt(int64(v.Raw), 10)
	case dw.FormRef2, dw.FormRef4, dw.FormRef8, dw.FormRefUdata:
		return hexWidth(v.Raw+unitOff(c), 8)
	case dw.FormRefAddr, dw.FormGNURefAlt:
		return hex(16)
	case dw.FormSecOffset:
		if known && locationAttrs[attr] {
			return hex(offWidth) + ":" // a location list follows
		}
		return hex(offWidth)
	case dw.FormAddrx, dw.FormAddrx1, dw.FormAddrx2, dw.FormAddrx3, dw.FormAddrx4, dw.FormGNUAddrIndex:
		if v.Resolved {
			return hexWidth(v.Addr, addrWidth)
		}
		return fmt.Sprintf("indexed (%08x) address = <unresolved>", v.Raw)
	case dw.FormRnglistx:
		if v.Resolved {
			return fmt.Sprintf("indexed (0x%x) rangelist = 0x%08x", v.Raw, v.Addr)
		}
		return fmt.Sprintf("indexed (0x%x) rangelist", v.Raw)
	case dw.FormLoclistx:
		if v.Resolved {
			return fmt.Sprintf("indexed (0x%x) loclist = 0x%08x:", v.Raw, v.Addr)
		}
		return fmt.Sprintf("indexed (0x%x) loclist", v.Raw)
	}
	return hex(0)
}

// hexWidth is fmt.Sprintf("0x%0*x", width, v) without fmt.
func hexWidth(v uint64, width int) string {
	var buf [2 + 64]byte
	b := strconv.AppendUint(buf[:2], v, 16)
	if pad := width - (len(b) - 2); pad > 0 {
		b = append(b, make([]byte, pad)...)
		copy(b[2+pad:], b[2:len(b)-pad])
		for i := range pad {
			b[2+i] = '0'
		}
	}
	b[0], b[1] = '0', 'x'
	return string(b)
}

func unitOff(c *AttrContext) uint64 {
	if c == nil {
		return 0
	}
	return c.UnitOff
}

func isConstForm(f dw.Form) bool {
	switch f {
	case dw.FormData1, dw.FormData2, dw.FormData4, dw.FormData8, dw.FormUdata, dw.FormSdata, dw.FormImplicitConst:
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
