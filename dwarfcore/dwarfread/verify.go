package dwarfread

import (
	"fmt"
	"sort"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
)

// Finding is one problem Verify found.
type Finding struct {
	Section string `json:"section"`
	Off     uint64 `json:"off"`
	// Check names the check that failed ("unit header chain",
	// "abbreviation code", "reference", "address range", "string
	// offset", "line table file index", "line table sequence", "type").
	Check   string `json:"check"`
	Message string `json:"message"`
}

func (f Finding) String() string {
	return fmt.Sprintf("%s offset 0x%x: %s: %s", f.Section, f.Off, f.Check, f.Message)
}

// typeTags are the tags a DW_AT_type may refer to.
var typeTags = map[dw.Tag]bool{
	dw.TagArrayType: true, dw.TagClassType: true, dw.TagEnumerationType: true,
	dw.TagPointerType: true, dw.TagReferenceType: true, dw.TagStringType: true,
	dw.TagStructureType: true, dw.TagSubroutineType: true, dw.TagTypedef: true, dw.TagUnionType: true,
	dw.TagUnspecifiedParameters: false, dw.TagPtrToMemberType: true, dw.TagSetType: true,
	dw.TagSubrangeType: true, dw.TagBaseType: true, dw.TagConstType: true, dw.TagFileType: true,
	dw.TagPackedType: true, dw.TagThrownType: true, dw.TagVolatileType: true,
	dw.TagRestrictType: true, dw.TagInterfaceType: true, dw.TagUnspecifiedType: true,
	dw.TagRvalueReferenceType: true, dw.TagTemplateAlias: true, dw.TagCoarrayType: true,
	dw.TagDynamicType: true, dw.TagAtomicType: true, dw.TagImmutableType: true, dw.TagTypeUnit: true,
	dw.TagTemplateTypeParameter: true, dw.TagTemplateValueParameter: true, dw.TagModule: false,
}

// Verify runs the checks llvm-dwarfdump --verify runs that this reader
// can make: the chain of unit headers, abbreviation codes and forms,
// references inside their unit or section and at a DIE, address ranges
// (high_pc not below low_pc), offsets into string and other sections,
// line tables' file indexes and sequences, location expressions that do
// not decode, and that DW_AT_type names a type. Findings are in section
// and offset order.
func (d *Data) Verify() []Finding {
	var out []Finding
	add := func(sec string, off uint64, check, format string, args ...any) {
		out = append(out, Finding{Section: sec, Off: off, Check: check, Message: fmt.Sprintf(format, args...)})
	}
	for _, p := range d.Problems {
		add(".debug_info", 0, "unit header chain", "%s", p)
	}
	for _, s := range d.Sections {
		for _, p := range s.Problems {
			add(s.Name, 0, "section", "%s", p)
		}
	}
	// DIEs by section index and offset
	starts := map[[2]uint64]*DIE{}
	info := -1
	for _, u := range d.Units {
		if u.Section == ".debug_info" {
			info = u.SectionIndex
		}
		for i := range u.DIEs {
			if u.DIEs[i].Code != 0 {
				starts[[2]uint64{uint64(u.SectionIndex), u.DIEs[i].Off}] = &u.DIEs[i]
			}
		}
	}
	secLen := func(name string) uint64 { return uint64(len(d.bytes(name))) }
	for _, u := range d.Units {
		if u.Err != nil {
			add(u.Section, u.Off, "abbreviation code", "%v", u.Err)
		}
		for i := range u.DIEs {
			die := &u.DIEs[i]
			checkType := func(a Attr, t *DIE) {
				if a.Attr == dw.AttrType && !typeTags[t.Tag] {
					add(u.Section, a.Off, "type", "DW_AT_type of DIE 0x%x refers to a %s, not a type", die.Off, t.Tag)
				}
			}
			var low, high Value
			var hasLow, hasHigh bool
			for _, a := range die.Attrs {
				v := a.Value
				switch v.Form {
				case dw.FormRef1, dw.FormRef2, dw.FormRef4, dw.FormRef8, dw.FormRefUdata:
					target := u.Off + v.Raw
					t := starts[[2]uint64{uint64(u.SectionIndex), target}]
					if target < u.HeaderEnd || target >= u.End {
						add(u.Section, a.Off, "reference", "%s of DIE 0x%x refers to 0x%x, outside its unit [0x%x, 0x%x)", a.Attr, die.Off, target, u.Off, u.End)
					} else if t == nil {
						add(u.Section, a.Off, "reference", "%s of DIE 0x%x refers to 0x%x, which is not a DIE", a.Attr, die.Off, target)
					} else {
						checkType(a, t)
					}
				case dw.FormRefAddr:
					t := starts[[2]uint64{uint64(info), v.Raw}]
					if t == nil {
						add(u.Section, a.Off, "reference", "%s of DIE 0x%x refers to .debug_info 0x%x, which is not a DIE", a.Attr, die.Off, v.Raw)
					} else {
						checkType(a, t)
					}
				case dw.FormStrp, dw.FormLineStrp, dw.FormStrx, dw.FormStrx1, dw.FormStrx2, dw.FormStrx3, dw.FormStrx4:
					if !v.Resolved {
						add(u.Section, a.Off, "string offset", "%s of DIE 0x%x (%s 0x%x) points at no string", a.Attr, die.Off, v.Form, v.Raw)
					}
				case dw.FormSecOffset:
					var sec string
					switch a.Attr {
					case dw.AttrStmtList:
						sec = ".debug_line"
					case dw.AttrRanges:
						sec = map[bool]string{true: ".debug_rnglists", false: ".debug_ranges"}[u.Version >= 5]
					case dw.AttrLocation:
						sec = map[bool]string{true: ".debug_loclists", false: ".debug_loc"}[u.Version >= 5]
					}
					if sec != "" && v.Raw >= secLen(sec) {
						add(u.Section, a.Off, "section offset", "%s of DIE 0x%x is 0x%x, past the end of %s (0x%x bytes)", a.Attr, die.Off, v.Raw, sec, secLen(sec))
					}
				}
				if v.Form == dw.FormExprloc || v.Block != nil && locationAttrs[a.Attr] && v.Form != dw.FormData16 {
					if _, err := DecodeExpr(v.Block, d.Context(u).ExprContext); err != nil {
						add(u.Section, a.Off, "location expression", "%s of DIE 0x%x: %v", a.Attr, die.Off, err)
					}
				}
				switch a.Attr {
				case dw.AttrLowPC:
					low, hasLow = v, true
				case dw.AttrHighPC:
					high, hasHigh = v, true
				case dw.AttrDeclFile, dw.AttrCallFile:
					if u.Line != nil && isConstForm(v.Form) {
						if _, ok := u.Line.FilePath(v.Raw, u.CompDir); !ok && !(u.Line.Version < 5 && v.Raw == 0) {
							add(u.Section, a.Off, "line table file index", "%s of DIE 0x%x is %d; the line table has %d files", a.Attr, die.Off, v.Raw, len(u.Line.Files))
						}
					}
				}
			}
			if hasLow && hasHigh && (high.Form == dw.FormAddr || high.Form >= dw.FormAddrx && isAddrx(high.Form)) {
				lo, hi := addrOf(low), addrOf(high)
				if hi < lo {
					add(u.Section, die.Off, "address range", "DIE 0x%x has DW_AT_high_pc 0x%x below DW_AT_low_pc 0x%x", die.Off, hi, lo)
				}
			}
		}
	}
	out = append(out, d.verifyStrOffsets()...)
	tables, err := d.LineTables()
	if err != nil {
		add(".debug_line", 0, "line table", "%v", err)
	}
	for _, t := range tables {
		files := uint64(len(t.Header.Files))
		open := false
		var last uint64
		for i, r := range t.Rows {
			op := t.Ops[r.Op]
			if t.Header.Version >= 5 && r.File >= files || t.Header.Version < 5 && (r.File == 0 || r.File > files) {
				add(".debug_line", op.Off, "line table file index", "row %d of the table at 0x%x names file %d; the table has %d", i, t.Header.Off, r.File, files)
			}
			if open && r.Address < last {
				add(".debug_line", op.Off, "line table sequence", "row %d of the table at 0x%x goes back from address 0x%x to 0x%x", i, t.Header.Off, last, r.Address)
			}
			open, last = !r.EndSequence, r.Address
		}
		if open {
			add(".debug_line", t.Header.Off, "line table sequence", "the table at 0x%x ends a sequence without DW_LNE_end_sequence", t.Header.Off)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Section != out[j].Section {
			return out[i].Section < out[j].Section
		}
		return out[i].Off < out[j].Off
	})
	return out
}

func isAddrx(f dw.Form) bool {
	switch f {
	case dw.FormAddrx, dw.FormAddrx1, dw.FormAddrx2, dw.FormAddrx3, dw.FormAddrx4:
		return true
	}
	return false
}

// addrOf is the address an address-class value holds.
func addrOf(v Value) uint64 {
	if isAddrx(v.Form) {
		return v.Addr
	}
	return v.Raw
}

// verifyStrOffsets checks every entry of every .debug_str_offsets
// contribution points at the start of a string in .debug_str.
func (d *Data) verifyStrOffsets() []Finding {
	var out []Finding
	b, str := d.bytes(".debug_str_offsets"), d.bytes(".debug_str")
	for off := uint64(0); off < uint64(len(b)); {
		r := &reader{b: b, off: off, order: d.Order}
		end, is64, err := r.initialLength()
		if err != nil {
			out = append(out, Finding{".debug_str_offsets", off, "string offset", "contribution " + err.Error()})
			return out
		}
		size := offSize(is64)
		r.fixed(2) // version
		r.fixed(2) // padding
		for i := 0; r.off+uint64(size) <= end; i++ {
			at := r.off
			v := r.fixed(size)
			switch {
			case v >= uint64(len(str)):
				out = append(out, Finding{".debug_str_offsets", at, "string offset", fmt.Sprintf("index %d: offset 0x%x is past the end of .debug_str (0x%x bytes)", i, v, len(str))})
			case v > 0 && str[v-1] != 0:
				out = append(out, Finding{".debug_str_offsets", at, "string offset", fmt.Sprintf("index %d: offset 0x%x is inside a string, not at its start", i, v)})
			}
		}
		off = end
	}
	return out
}
