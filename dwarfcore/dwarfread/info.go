package dwarfread

import (
	"encoding/binary"
	"fmt"
	"sort"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
)

// AttrSpec is one (attribute, form) pair of an abbreviation declaration;
// Implicit is the value of a DW_FORM_implicit_const.
type AttrSpec struct {
	Attr     dw.Attr
	Form     dw.Form
	Implicit int64
}

// Abbrev is one abbreviation declaration.
type Abbrev struct {
	Off      uint64
	Code     uint64
	Tag      dw.Tag
	Children bool
	Specs    []AttrSpec
}

// Attr is one attribute of a DIE as read from .debug_info.
type Attr struct {
	Attr dw.Attr
	Form dw.Form
	// Off and Len are the value's bytes in the section (Len 0 for
	// flag_present and implicit_const, whose values take no bytes).
	Off, Len uint64
	Value    Value
}

// DIE is one debugging information entry, or a null entry (Code 0).
type DIE struct {
	Off, Len uint64
	Code     uint64
	Tag      dw.Tag
	Children bool
	Depth    int
	// CodeLen is the length of the abbreviation code.
	CodeLen uint64
	Attrs   []Attr
}

// Val returns the value of attribute at, if the DIE has it.
func (d *DIE) Val(at dw.Attr) (Value, bool) {
	for _, a := range d.Attrs {
		if a.Attr == at {
			return a.Value, true
		}
	}
	return Value{}, false
}

// Unit is one unit of .debug_info (or .debug_types).
type Unit struct {
	// Section is the name of the unit's section, SectionIndex its ELF
	// index (gcc puts each type unit in a .debug_types section of its
	// own, so the name alone does not say which).
	Section      string
	SectionIndex int
	// Off is the unit's offset; HeaderEnd the offset of its first DIE;
	// End the offset after it (unit_length says where).
	Off, HeaderEnd, End uint64
	Format64            bool
	Version             uint16
	Type                dw.UnitType
	AddrSize            uint8
	AbbrevOff           uint64
	Signature           uint64
	TypeOffset          uint64
	DIEs                []DIE
	// Bases from the unit's root DIE (DWARF 5); Has* say whether given.
	StrOffsetsBase, AddrBase, RnglistsBase, LoclistsBase uint64
	HasStrOffsetsBase, HasAddrBase, HasRnglistsBase      bool
	HasLoclistsBase                                      bool
	// Line is the unit's line table header (DW_AT_stmt_list), CompDir
	// its DW_AT_comp_dir.
	Line    *LineHeader
	CompDir string
	// Err says where decoding the unit's DIEs stopped, if it did.
	Err error
}

func (u *Unit) offSize() int { return offSize(u.Format64) }

// DebugSection is one debug section of the file, decompressed and with
// its relocations applied.
type DebugSection struct {
	Index int
	Name  string
	// Data is the contents decompressed and relocated; Raw before the
	// relocations were applied (the same slice when there are none).
	Data, Raw []byte
	// Compression is "" or the ELF compression type ("COMPRESS_ZLIB").
	Compression string
	// RawSize is the section's size in the file.
	RawSize uint64
	// Problems are what could not be applied or decoded, each naming
	// its offset.
	Problems []string
}

// Data is the debug information of an ELF file.
type Data struct {
	File     *File
	Order    binary.ByteOrder
	Sections []*DebugSection
	// Relocs are the relocation records against debug sections, in
	// section and offset order; map spans index into it.
	Relocs []RelocInfo
	Units  []*Unit
	// Problems are file-level problems, each naming its offset.
	Problems []string
	// pending[i] says that Units[i]'s DIEs are not read yet (ReadLazy).
	pending []bool
}

// Section returns the debug section named name, or nil.
func (d *Data) Section(name string) *DebugSection {
	for _, s := range d.Sections {
		if s.Name == name {
			return s
		}
	}
	return nil
}

func (d *Data) bytes(name string) []byte {
	if s := d.Section(name); s != nil {
		return s.Data
	}
	return nil
}

// Read reads the debug information of an ELF file: every .debug_*
// section decompressed and relocated, every unit of .debug_info and
// .debug_types with its DIEs. Malformed data stops the unit it is in
// (Unit.Err names the offset); Read fails only when the file itself
// cannot be read.
func Read(data []byte) (*Data, error) { return read(data, false) }

// read is Read; lazy leaves every unit's DIEs to LoadDIEs (see
// ReadLazy).
func read(data []byte, lazy bool) (*Data, error) {
	f, err := Open(data)
	if err != nil {
		return nil, err
	}
	d := &Data{File: f, Order: f.Order}
	for i := range f.Sections {
		s := &f.Sections[i]
		if !strings.HasPrefix(s.Name, ".debug_") || s.Type == 8 /* SHT_NOBITS */ {
			continue
		}
		ds := &DebugSection{Index: i, Name: s.Name, RawSize: s.Size}
		if s.Chdr != nil {
			ds.Compression = strings.TrimPrefix(fmt.Sprint(s.Chdr.Fields[0].Value), "")
		}
		b, err := f.Contents(i)
		if err != nil {
			ds.Problems = append(ds.Problems, err.Error())
			b = nil
		}
		ds.Raw = b
		if b != nil {
			var errs []error
			b, errs = f.ApplyRelocations(i, b)
			for _, e := range errs {
				ds.Problems = append(ds.Problems, e.Error())
			}
		}
		ds.Data = b
		d.Sections = append(d.Sections, ds)
		d.Relocs = append(d.Relocs, f.RelocsAgainst(i)...)
	}
	sort.SliceStable(d.Relocs, func(a, b int) bool {
		if d.Relocs[a].Target != d.Relocs[b].Target {
			return d.Relocs[a].Target < d.Relocs[b].Target
		}
		return d.Relocs[a].Offset < d.Relocs[b].Offset
	})
	for _, name := range []string{".debug_info", ".debug_types"} {
		for _, s := range d.Sections {
			if s.Name != name {
				continue
			}
			b := s.Data
			off := uint64(0)
			for off < uint64(len(b)) {
				u, err := d.readUnitHeader(name, b, off)
				if err != nil {
					d.Problems = append(d.Problems, err.Error())
					break
				}
				u.SectionIndex = s.Index
				if lazy {
					d.pending = append(d.pending, true)
				} else {
					d.readDIEs(u, b)
				}
				d.Units = append(d.Units, u)
				off = u.End
			}
		}
	}
	return d, nil
}

// readUnitHeader reads the header of the unit at off.
func (d *Data) readUnitHeader(sec string, b []byte, off uint64) (*Unit, error) {
	r := &reader{b: b, off: off, order: d.Order}
	u := &Unit{Section: sec, Off: off}
	var err error
	if u.End, u.Format64, err = r.initialLength(); err != nil {
		return nil, fmt.Errorf("%s offset 0x%x: %v", sec, off, err)
	}
	r.b = b[:u.End]
	u.Version = uint16(r.fixed(2))
	if u.Version < 2 || u.Version > 5 {
		return nil, fmt.Errorf("%s offset 0x%x: unsupported DWARF version %d", sec, r.off-2, u.Version)
	}
	if u.Version >= 5 {
		u.Type = dw.UnitType(r.u8())
		u.AddrSize = r.u8()
		u.AbbrevOff = r.fixed(u.offSize())
		switch u.Type {
		case dw.UTSkeleton, dw.UTSplitCompile:
			u.Signature = r.fixed(8)
		case dw.UTType, dw.UTSplitType:
			u.Signature = r.fixed(8)
			u.TypeOffset = r.fixed(u.offSize())
		}
	} else {
		u.Type = dw.UTCompile
		u.AbbrevOff = r.fixed(u.offSize())
		u.AddrSize = r.u8()
		if sec == ".debug_types" {
			u.Type = dw.UTType
			u.Signature = r.fixed(8)
			u.TypeOffset = r.fixed(u.offSize())
		}
	}
	if r.err != nil {
		return nil, fmt.Errorf("%s offset 0x%x: unit header ends early", sec, off)
	}
	if u.AddrSize != 2 && u.AddrSize != 4 && u.AddrSize != 8 {
		return nil, fmt.Errorf("%s offset 0x%x: address_size %d", sec, off, u.AddrSize)
	}
	u.HeaderEnd = r.off
	return u, nil
}

// Abbrevs reads the abbreviation table at off in .debug_abbrev.
func (d *Data) Abbrevs(off uint64) (map[uint64]*Abbrev, error) {
	b := d.bytes(".debug_abbrev")
	if off >= uint64(len(b)) {
		return nil, fmt.Errorf(".debug_abbrev offset 0x%x: no abbreviation table there (section has 0x%x bytes)", off, len(b))
	}
	r := &reader{b: b, off: off, order: d.Order}
	out := map[uint64]*Abbrev{}
	for {
		start := r.off
		code := r.uleb()
		if r.err != nil {
			return out, fmt.Errorf(".debug_abbrev offset 0x%x: table ends without a 0 code", start)
		}
		if code == 0 {
			return out, nil
		}
		a := &Abbrev{Off: start, Code: code}
		tag := r.uleb()
		a.Children = r.u8() != 0
		var ok bool
		if a.Tag, ok = code16[dw.Tag](tag); !ok {
			return out, fmt.Errorf(".debug_abbrev offset 0x%x: abbreviation %d: tag 0x%x is past DW_TAG_hi_user", start, code, tag)
		}
		for {
			at, form := r.uleb(), r.uleb()
			var ic int64
			if form == uint64(dw.FormImplicitConst) {
				ic = r.sleb()
			}
			if r.err != nil {
				return out, fmt.Errorf(".debug_abbrev offset 0x%x: abbreviation %d ends early", start, code)
			}
			if at == 0 && form == 0 {
				break
			}
			attr, aok := code16[dw.Attr](at)
			f, fok := code16[dw.Form](form)
			if !aok || !fok {
				return out, fmt.Errorf(".debug_abbrev offset 0x%x: abbreviation %d: attribute 0x%x in form 0x%x: a code past 0xffff", start, code, at, form)
			}
			a.Specs = append(a.Specs, AttrSpec{Attr: attr, Form: f, Implicit: ic})
		}
		if _, dup := out[code]; !dup {
			out[code] = a
		}
	}
}

// maxDepth bounds DIE nesting so forged data cannot grow it unbounded.
const maxDepth = 1 << 12

// readDIEs reads the DIEs of u and resolves their values.
func (d *Data) readDIEs(u *Unit, b []byte) { d.readDIEsPaced(u, b, nil) }

// pacedDIEs is how many DIEs a paced reader or mapper handles between
// two calls of its pace function.
const pacedDIEs = 64

// readDIEsPaced is readDIEs calling pace (when not nil) every pacedDIEs
// DIEs with the offset it reached.
func (d *Data) readDIEsPaced(u *Unit, b []byte, pace func(off uint64)) {
	abbrevs, err := d.Abbrevs(u.AbbrevOff)
	if err != nil && len(abbrevs) == 0 {
		u.Err = err
		return
	}
	r := &reader{b: b[:u.End], off: u.HeaderEnd, order: d.Order}
	// Compilers' DIEs average 10 to 20 bytes: room for that many saves
	// growing (and copying) the list a dozen times.
	u.DIEs = make([]DIE, 0, (u.End-u.HeaderEnd)/16+1)
	depth := 0
	for r.off < u.End {
		if pace != nil && len(u.DIEs)%pacedDIEs == 0 {
			pace(r.off)
		}
		die := DIE{Off: r.off, Depth: depth}
		die.Code = r.uleb()
		die.CodeLen = r.off - die.Off
		if r.err != nil {
			u.Err = fmt.Errorf("%s offset 0x%x: abbreviation code runs past the unit", u.Section, die.Off)
			return
		}
		if die.Code == 0 {
			die.Len = die.CodeLen
			u.DIEs = append(u.DIEs, die)
			if depth > 0 {
				depth--
			}
			continue
		}
		ab, ok := abbrevs[die.Code]
		if !ok {
			u.Err = fmt.Errorf("%s offset 0x%x: abbreviation code %d is not in the table at .debug_abbrev 0x%x", u.Section, die.Off, die.Code, u.AbbrevOff)
			return
		}
		die.Tag, die.Children = ab.Tag, ab.Children
		die.Attrs = make([]Attr, 0, len(ab.Specs))
		for _, sp := range ab.Specs {
			a, err := d.readValue(r, u, sp)
			if err != nil {
				u.Err = err
				return
			}
			die.Attrs = append(die.Attrs, a)
		}
		die.Len = r.off - die.Off
		u.DIEs = append(u.DIEs, die)
		if die.Children {
			if depth++; depth > maxDepth {
				u.Err = fmt.Errorf("%s offset 0x%x: DIEs nest deeper than %d", u.Section, die.Off, maxDepth)
				return
			}
		}
	}
	if len(u.DIEs) > 0 {
		d.resolveUnit(u)
	}
}

// readValue reads one attribute value.
func (d *Data) readValue(r *reader, u *Unit, sp AttrSpec) (Attr, error) {
	a := Attr{Attr: sp.Attr, Form: sp.Form, Off: r.off}
	form := sp.Form
	for form == dw.FormIndirect {
		f := r.uleb()
		var ok bool
		if form, ok = code16[dw.Form](f); !ok {
			return a, fmt.Errorf("%s offset 0x%x: unknown form 0x%x (%s) for %s", u.Section, a.Off, f, FormName(f), sp.Attr)
		}
	}
	v := Value{Form: form}
	switch form {
	case dw.FormAddr:
		v.Raw = r.fixed(int(u.AddrSize))
	case dw.FormData1, dw.FormRef1, dw.FormFlag, dw.FormStrx1, dw.FormAddrx1:
		v.Raw = r.fixed(1)
	case dw.FormData2, dw.FormRef2, dw.FormStrx2, dw.FormAddrx2:
		v.Raw = r.fixed(2)
	case dw.FormStrx3, dw.FormAddrx3:
		v.Raw = r.fixed(3)
	case dw.FormData4, dw.FormRef4, dw.FormStrx4, dw.FormAddrx4, dw.FormRefSup4:
		v.Raw = r.fixed(4)
	case dw.FormData8, dw.FormRef8, dw.FormRefSig8, dw.FormRefSup8:
		v.Raw = r.fixed(8)
	case dw.FormData16:
		v.Block = r.bytes(16)
	case dw.FormSdata:
		v.Raw = uint64(r.sleb())
	case dw.FormUdata, dw.FormRefUdata, dw.FormStrx, dw.FormAddrx, dw.FormLoclistx, dw.FormRnglistx, dw.FormGNUAddrIndex, dw.FormGNUStrIndex:
		v.Raw = r.uleb()
	case dw.FormString:
		v.Str = r.cstring()
		v.Resolved = r.err == nil
	case dw.FormStrp, dw.FormLineStrp, dw.FormSecOffset, dw.FormStrpSup, dw.FormGNURefAlt, dw.FormGNUStrpAlt:
		v.Raw = r.fixed(u.offSize())
	case dw.FormRefAddr:
		if u.Version == 2 {
			v.Raw = r.fixed(int(u.AddrSize))
		} else {
			v.Raw = r.fixed(u.offSize())
		}
	case dw.FormBlock1:
		v.Raw = r.fixed(1)
		v.Block = r.bytes(v.Raw)
	case dw.FormBlock2:
		v.Raw = r.fixed(2)
		v.Block = r.bytes(v.Raw)
	case dw.FormBlock4:
		v.Raw = r.fixed(4)
		v.Block = r.bytes(v.Raw)
	case dw.FormBlock, dw.FormExprloc:
		v.Raw = r.uleb()
		v.Block = r.bytes(v.Raw)
	case dw.FormFlagPresent:
		v.Raw = 1
	case dw.FormImplicitConst:
		v.Raw = uint64(sp.Implicit)
	default:
		return a, fmt.Errorf("%s offset 0x%x: unknown form 0x%x (%s) for %s", u.Section, a.Off, uint16(form), form, sp.Attr)
	}
	if r.err != nil {
		return a, fmt.Errorf("%s offset 0x%x: %s value in %s runs past the unit end (0x%x)", u.Section, a.Off, sp.Attr, form, u.End)
	}
	a.Form = sp.Form
	if sp.Form == dw.FormIndirect {
		v.Form = form
	}
	a.Value = v
	a.Len = r.off - a.Off
	return a, nil
}

// resolveUnit reads the unit's bases from its root DIE, then resolves
// string, address and list indexes and string offsets.
func (d *Data) resolveUnit(u *Unit) {
	root := &u.DIEs[0]
	if v, ok := root.Val(dw.AttrStrOffsetsBase); ok {
		u.StrOffsetsBase, u.HasStrOffsetsBase = v.Raw, true
	}
	if v, ok := root.Val(dw.AttrAddrBase); ok {
		u.AddrBase, u.HasAddrBase = v.Raw, true
	} else if v, ok := root.Val(dw.AttrGNUAddrBase); ok {
		u.AddrBase, u.HasAddrBase = v.Raw, true
	}
	if v, ok := root.Val(dw.AttrRnglistsBase); ok {
		u.RnglistsBase, u.HasRnglistsBase = v.Raw, true
	}
	if v, ok := root.Val(dw.AttrLoclistsBase); ok {
		u.LoclistsBase, u.HasLoclistsBase = v.Raw, true
	}
	hdr := uint64(8)
	if u.Format64 {
		hdr = 16
	}
	if !u.HasStrOffsetsBase && u.Version >= 5 {
		u.StrOffsetsBase = hdr
	}
	if !u.HasAddrBase && u.Version >= 5 {
		u.AddrBase = hdr
	}
	listHdr := hdr + 4
	if !u.HasRnglistsBase {
		u.RnglistsBase = listHdr
	}
	if !u.HasLoclistsBase {
		u.LoclistsBase = listHdr
	}
	for i := range root.Attrs {
		d.resolve(u, &root.Attrs[i].Value)
	}
	if v, ok := root.Val(dw.AttrCompDir); ok && v.Resolved {
		u.CompDir = v.Str
	}
	if v, ok := root.Val(dw.AttrStmtList); ok {
		if h, err := ParseLineHeader(d.bytes(".debug_line"), v.Raw, d.Order,
			LineSections{Str: d.bytes(".debug_str"), LineStr: d.bytes(".debug_line_str")}); err == nil {
			u.Line = h
		}
	}
	for i := 1; i < len(u.DIEs); i++ {
		for j := range u.DIEs[i].Attrs {
			d.resolve(u, &u.DIEs[i].Attrs[j].Value)
		}
	}
}

// resolve fills in what a value's offset or index refers to.
func (d *Data) resolve(u *Unit, v *Value) {
	off := uint64(u.offSize())
	str := func(sec string, at uint64) {
		b := d.bytes(sec)
		if at < uint64(len(b)) {
			rr := &reader{b: b, off: at}
			s := rr.cstring()
			v.Str, v.Resolved = s, rr.err == nil
		}
	}
	index := func(sec string, base, i, size uint64) (uint64, bool) {
		b := d.bytes(sec)
		if size == 0 || i > uint64(len(b))/size {
			return 0, false
		}
		at := base + i*size
		if at+size > uint64(len(b)) || at+size < at {
			return 0, false
		}
		return getUint(d.Order, b[at:at+size]), true
	}
	switch v.Form {
	case dw.FormStrp:
		str(".debug_str", v.Raw)
	case dw.FormLineStrp:
		str(".debug_line_str", v.Raw)
	case dw.FormStrx, dw.FormStrx1, dw.FormStrx2, dw.FormStrx3, dw.FormStrx4, dw.FormGNUStrIndex:
		if at, ok := index(".debug_str_offsets", u.StrOffsetsBase, v.Raw, off); ok {
			str(".debug_str", at)
		}
	case dw.FormAddrx, dw.FormAddrx1, dw.FormAddrx2, dw.FormAddrx3, dw.FormAddrx4, dw.FormGNUAddrIndex:
		v.Addr, v.Resolved = index(".debug_addr", u.AddrBase, v.Raw, uint64(u.AddrSize))
	case dw.FormRnglistx:
		if o, ok := index(".debug_rnglists", u.RnglistsBase, v.Raw, off); ok {
			v.Addr, v.Resolved = u.RnglistsBase+o, true
		}
	case dw.FormLoclistx:
		if o, ok := index(".debug_loclists", u.LoclistsBase, v.Raw, off); ok {
			v.Addr, v.Resolved = u.LoclistsBase+o, true
		}
	}
}

// Context returns what formatting u's values needs.
func (d *Data) Context(u *Unit) *AttrContext {
	return &AttrContext{
		ExprContext: ExprContext{Order: d.Order, AddrSize: int(u.AddrSize), OffsetSize: u.offSize(), Machine: uint16(d.File.Machine)},
		UnitOff:     u.Off, Line: u.Line, CompDir: u.CompDir, Version: u.Version,
	}
}

// LineTables replays every unit of .debug_line in section order. A unit
// that cannot be read ends the walk with an error naming its offset.
func (d *Data) LineTables() ([]*LineTable, error) {
	b := d.bytes(".debug_line")
	strs := LineSections{Str: d.bytes(".debug_str"), LineStr: d.bytes(".debug_line_str")}
	var out []*LineTable
	for off := uint64(0); off < uint64(len(b)); {
		t, err := DecodeLineTable(b, off, d.Order, strs)
		if t != nil {
			out = append(out, t)
		}
		if err != nil {
			return out, err
		}
		off = t.Header.End
	}
	return out, nil
}

// StringAt is one NUL-terminated string of a string section.
type StringAt struct {
	Off uint64
	Str string
}

// Strings splits a string section (.debug_str, .debug_line_str) into its
// strings. Bytes after the last NUL are reported with their offset.
func (d *Data) Strings(name string) ([]StringAt, error) {
	b := d.bytes(name)
	var out []StringAt
	r := &reader{b: b}
	for r.off < uint64(len(b)) {
		off := r.off
		s := r.cstring()
		if r.err != nil {
			return out, fmt.Errorf("%s offset 0x%x: string without a terminating NUL", name, off)
		}
		out = append(out, StringAt{Off: off, Str: s})
	}
	return out, nil
}
