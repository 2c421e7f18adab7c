package dwarfread

// The annotated byte map: spans saying what every byte of a section is.
// Package dwarfcore's map of its own output and this package's map of any
// ELF file share these types (dwarfcore names them by alias).

// SpanKind says what a Span of the annotated map is.
type SpanKind string

// The kinds of span. Leaves (spans without children) cover every byte of
// every section exactly once; the other kinds group them.
const (
	// SpanSection is the root of one section.
	SpanSection SpanKind = "section"
	// SpanUnit is one unit: header, entries, padding, trailer.
	SpanUnit SpanKind = "unit"
	// SpanHeader groups a unit header's fields.
	SpanHeader SpanKind = "header"
	// SpanField is a leaf: one field of a header or of an aranges or
	// rnglists entry.
	SpanField SpanKind = "field"
	// SpanEntry is one entry: the contents a declaration or type owns.
	SpanEntry SpanKind = "entry"
	// SpanDIE is one debugging information entry; its children are its
	// abbreviation code and attributes (child DIEs follow it as
	// siblings, with a greater Depth).
	SpanDIE SpanKind = "die"
	// SpanAttr is a leaf: a DIE's abbreviation code or one attribute.
	SpanAttr SpanKind = "attr"
	// SpanNull is a leaf: a null DIE ending a list of children.
	SpanNull SpanKind = "null"
	// SpanPadding groups or is the filler after an entry (Owner says
	// whose slack it is): DW_TAG_ZIG_padding DIEs, DW_LNS_const_add_pc.
	SpanPadding SpanKind = "padding"
	// SpanTrailer groups or is a unit trailer and its fill.
	SpanTrailer SpanKind = "trailer"
	// SpanSlack is a leaf: bytes no unit owns.
	SpanSlack SpanKind = "slack"
	// SpanAbbrev is one abbreviation declaration.
	SpanAbbrev SpanKind = "abbrev"
	// SpanString is a leaf: one NUL-terminated string.
	SpanString SpanKind = "string"
	// SpanOp is a leaf: one line-number program opcode with its operands.
	SpanOp SpanKind = "op"
	// SpanStale is a leaf: bytes left behind in padding (never read).
	SpanStale SpanKind = "stale"
	// SpanUndecoded is a leaf: bytes a reader of a file it did not
	// write cannot decode (a form or opcode it does not know, data past
	// a malformed length). They are marked, never guessed.
	SpanUndecoded SpanKind = "undecoded"
)

// Span is a byte range of a section and what it is. Off and Len are in
// bytes from the start of the section.
type Span struct {
	Kind SpanKind `json:"kind"`
	// Name is a short label: a header field's DWARF name ("unit_length",
	// "header_length"), an attribute's name, an opcode's name, the owner
	// of an entry ("declaration basic.main").
	Name string `json:"name"`
	Off  uint64 `json:"off"`
	Len  uint64 `json:"len"`
	// Value is the decoded value, when there is one.
	Value string `json:"value,omitempty"`
	// Unit and Entry are the unit and entry index the span belongs to
	// (-1 when none).
	Unit  int `json:"unit"`
	Entry int `json:"entry"`
	// Owner says whose slack a padding span is, or which entry a DIE
	// belongs to.
	Owner string `json:"owner,omitempty"`
	// DIE describes a SpanDIE; Attr an attribute leaf.
	DIE  *DIEInfo  `json:"die,omitempty"`
	Attr *AttrInfo `json:"attr,omitempty"`
	// Reloc is the index of the relocation at this span in the list of
	// whoever made the map (dwarfcore's Output.Relocs, dwarfread's
	// File.Relocs), or -1.
	Reloc int `json:"reloc"`
	// Field says which field of its structure a SpanField, SpanAttr or
	// SpanNull leaf is, so views can pick fields without matching Name
	// (a label for people that may change): FieldAbbrevCode, FieldTag,
	// … for abbreviation declarations and DIEs, and for header fields
	// their DWARF name without index ("standard_opcode_lengths",
	// "file_names path").
	Field FieldKind `json:"field,omitempty"`
	// Line describes a SpanOp of .debug_line: what the opcode did when
	// the line-number state machine replayed the unit, and the rows it
	// appended.
	Line     *LineOpInfo `json:"line,omitempty"`
	Children []*Span     `json:"children,omitempty"`
}

// FieldKind names a field of a structure the map decodes.
type FieldKind string

// Fields of abbreviation declarations and DIEs. Header fields use their
// DWARF names as FieldKind ("unit_length", "header_length").
const (
	// FieldAbbrevCode is an abbreviation declaration's code, or a DIE's
	// abbreviation code.
	FieldAbbrevCode FieldKind = "abbrev_code"
	// FieldTag is an abbreviation declaration's tag.
	FieldTag FieldKind = "tag"
	// FieldChildren is an abbreviation declaration's children flag.
	FieldChildren FieldKind = "children"
	// FieldAttrSpec is one (attribute, form) pair of an abbreviation
	// declaration; its Attr says which.
	FieldAttrSpec FieldKind = "attr_spec"
	// FieldAttrsEnd is the (0, 0) pair ending an abbreviation's
	// attribute specifications.
	FieldAttrsEnd FieldKind = "attrs_end"
	// FieldAbbrevsEnd is the 0 code ending a unit's abbreviations.
	FieldAbbrevsEnd FieldKind = "abbrevs_end"
	// FieldAttrValue is a DIE's attribute value; its Attr says which.
	FieldAttrValue FieldKind = "attr_value"
)

// LineOpInfo is what one line-number opcode did when the state machine
// of DWARF 5 §6.2.2 replayed its unit from the section's bytes.
type LineOpInfo struct {
	// Opcode is the opcode byte; Extended the sub-opcode of an extended
	// opcode (Opcode 0).
	Opcode   byte   `json:"opcode"`
	Extended uint64 `json:"extended,omitempty"`
	// Count is how many identical opcodes the span covers (runs of
	// DW_LNS_const_add_pc filler are one span); 1 otherwise.
	Count int `json:"count"`
	// Effect says what it did to the registers, the special-opcode
	// arithmetic (opcode_base, line_base, line_range) spelled out.
	Effect string `json:"effect"`
	// Rows are the rows it appended to the line table, exactly as
	// llvm-dwarfdump --debug-line lists them; RowIndex their indices in
	// the unit's Annotation.LineTables table.
	Rows     []LineRow `json:"rows,omitempty"`
	RowIndex []int     `json:"rowIndex,omitempty"`
}

// DIEInfo describes a debugging information entry.
type DIEInfo struct {
	// Offset is the DIE's offset in .debug_info.
	Offset uint64 `json:"offset"`
	Tag    string `json:"tag"`
	Code   uint64 `json:"code"`
	// Abbrev is the seed's name of the abbreviation ("decl_var").
	Abbrev   string `json:"abbrev"`
	Depth    int    `json:"depth"`
	Children bool   `json:"children"`
	// Implicit are the attributes whose value takes no bytes
	// (DW_FORM_flag_present), so no leaf shows them.
	Implicit []AttrInfo `json:"implicit,omitempty"`
}

// AttrInfo describes an attribute leaf.
type AttrInfo struct {
	Attr string `json:"attr"`
	Form string `json:"form"`
	// Text is the value exactly as llvm-dwarfdump prints it between the
	// parentheses (AttrText): constants by name, expressions
	// operation by operation, file indexes as paths. Empty for an
	// abbreviation's attribute specification.
	Text string `json:"text,omitempty"`
	// Raw is the number the form holds (for blocks and expressions the
	// length); Const the name of an enumerated constant
	// ("DW_ATE_signed") when the attribute takes one.
	Raw   uint64 `json:"raw"`
	Const string `json:"const,omitempty"`
	// Expr are the operations of a location expression; ExprOff is the
	// section offset of its first operation (an operation's bytes are
	// at ExprOff+Off, Len bytes).
	Expr    []ExprOp `json:"expr,omitempty"`
	ExprOff uint64   `json:"exprOff,omitempty"`
}

// Leaves returns the leaf spans of s in order.
func (s *Span) Leaves() []*Span {
	return s.Find(func(s *Span) bool { return len(s.Children) == 0 })
}

// Find returns the spans of s's tree (s included) that match, in order,
// without looking inside a span that matches.
func (s *Span) Find(match func(*Span) bool) []*Span {
	var out []*Span
	var walk func(*Span)
	walk = func(s *Span) {
		if match(s) {
			out = append(out, s)
			return
		}
		for _, c := range s.Children {
			walk(c)
		}
	}
	walk(s)
	return out
}
