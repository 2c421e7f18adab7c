// Package dw is the typed DWARF vocabulary: tags, attributes, forms,
// expression operations, line-number opcodes and content types, base type
// encodings, languages, unit types, range and location list entry kinds,
// and the enumerated attribute values (DWARF 5 chapter 7).
//
// Every kind of constant has its own Go type, so an attribute cannot be
// passed where a form is expected, nor a tag where an attribute is, without
// the compiler noticing. Each type's String returns the DWARF spelling
// ("DW_TAG_variable") from the one table that names its values, generated
// with the constants from constants.txt (go generate); a value without a
// name is spelled as llvm-dwarfdump spells it ("DW_TAG_unknown_fdb2").
//
// debug/dwarf's Tag and Attr are not reused: their String methods print Go
// names ("TagVariable", "AttrName") where dwarfscope shows DWARF's and
// llvm-dwarfdump's, they do not know the Zig compiler's vendor values
// (DW_TAG_ZIG_padding, DW_AT_ZIG_*, DW_LNE_ZIG_set_decl), and debug/dwarf
// has no exported types for forms, operations, line opcodes, encodings or
// languages at all. The widths follow the encodings' ranges in DWARF 5
// (tags up to DW_TAG_hi_user 0xffff, one-byte operations and opcodes ...).
package dw

//go:generate go run gen.go

import "fmt"

// Constant is any of the package's constant types.
type Constant interface {
	~uint8 | ~uint16
}

// Names names the values of one constant type.
type Names[T Constant] struct {
	prefix string // "DW_TAG"
	names  map[T]string
}

// named is one value and its name, as constants_gen.go lists them.
type named[T Constant] struct {
	v    T
	name string
}

func newNames[T Constant](prefix string, list []named[T]) *Names[T] {
	n := &Names[T]{prefix: prefix, names: make(map[T]string, len(list))}
	for _, x := range list {
		n.names[x.v] = x.name
	}
	return n
}

func (n *Names[T]) name(v T) string {
	if s, ok := n.names[v]; ok {
		return s
	}
	return n.unknown(uint64(v))
}

func (n *Names[T]) unknown(v uint64) string { return fmt.Sprintf("%s_unknown_%x", n.prefix, v) }

// Lookup returns the DWARF name of v, read from a file as a number of any
// width; ok is false when v has no name (or does not fit the type).
func (n *Names[T]) Lookup(v uint64) (name string, ok bool) {
	if uint64(T(v)) != v {
		return "", false
	}
	name, ok = n.names[T(v)]
	return name, ok
}

// Name returns the DWARF name of v, or llvm-dwarfdump's spelling of an
// unknown value ("DW_TAG_unknown_fdb1").
func (n *Names[T]) Name(v uint64) string {
	if s, ok := n.Lookup(v); ok {
		return s
	}
	return n.unknown(v)
}

// Namer is what the tables of all constant types share.
type Namer interface {
	Lookup(v uint64) (string, bool)
	Name(v uint64) string
}

// Operand says how one operand of an expression operation is encoded
// (DWARF 5 §2.5.1, the operand columns of §7.7.1 Table 7.9).
type Operand uint8

// The operand encodings.
const (
	OperandU1     Operand = iota + 1 // 1-byte unsigned constant
	OperandS1                        // 1-byte signed constant
	OperandU2                        // 2-byte unsigned constant
	OperandS2                        // 2-byte signed constant
	OperandU4                        // 4-byte unsigned constant
	OperandS4                        // 4-byte signed constant
	OperandU8                        // 8-byte unsigned constant
	OperandS8                        // 8-byte signed constant
	OperandULEB                      // ULEB128
	OperandSLEB                      // SLEB128
	OperandAddr                      // a target address (the unit's address size)
	OperandRef                       // a section offset (the unit's offset size)
	OperandBlock                     // ULEB128 length, then that many bytes (DW_OP_implicit_value)
	OperandBlock1                    // 1-byte length, then that many bytes (DW_OP_const_type)
	OperandExpr                      // ULEB128 length, then a nested expression (DW_OP_entry_value)
	// OperandWASMArg is DW_OP_WASM_location's index: a ULEB128, or a
	// 4-byte unsigned when the kind before it is 3 (a fixed global).
	OperandWASMArg
)

// Operands returns the encodings of op's operands, in order (none for an
// operation without operands or an unknown one).
func (op Op) Operands() []Operand { return opOperands[op] }

// NumRegOps is how many registers DW_OP_reg<n> and DW_OP_breg<n> cover,
// and how many values DW_OP_lit<n>: n < 32 (DWARF 5 §2.5.1.1, §2.5.1.2,
// §2.6.1.1.3). Larger ones take DW_OP_regx, DW_OP_bregx, DW_OP_constu.
const NumRegOps = 32

// Reg returns DW_OP_reg<n>; ok is false when n needs DW_OP_regx.
func Reg(n uint64) (op Op, ok bool) { return numbered(OpReg0, n) }

// Breg returns DW_OP_breg<n>; ok is false when n needs DW_OP_bregx.
func Breg(n uint64) (op Op, ok bool) { return numbered(OpBreg0, n) }

// Lit returns DW_OP_lit<n>; ok is false when n needs DW_OP_constu.
func Lit(n uint64) (op Op, ok bool) { return numbered(OpLit0, n) }

func numbered(op0 Op, n uint64) (Op, bool) {
	if n >= NumRegOps {
		return 0, false
	}
	return op0 + Op(n), true
}

// Register returns the register number of DW_OP_reg<n> or DW_OP_breg<n>
// and ok, or ok false for any other operation.
func (op Op) Register() (n uint64, ok bool) {
	switch {
	case op >= OpReg0 && op <= OpReg31:
		return uint64(op - OpReg0), true
	case op >= OpBreg0 && op <= OpBreg31:
		return uint64(op - OpBreg0), true
	}
	return 0, false
}

// LNSExtendedOp is the opcode 0 that introduces an extended opcode
// (LineExtOp) in a line-number program (DWARF 5 §6.2.5.3).
const LNSExtendedOp LineOp = 0x00

// LineOpcodeBase is the opcode_base of a line-number program header whose
// standard opcodes are exactly DWARF 5's (§6.2.4 item 10): opcodes from
// here up are special opcodes.
const LineOpcodeBase = LNSSetISA + 1

// StandardOpcodeLengths are the operand counts of DWARF 5's standard
// opcodes 1..12, as a line-number program header lists them (§6.2.4 item
// 11, §6.2.5.2).
var StandardOpcodeLengths = [LineOpcodeBase - 1]uint8{0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1}

// enumAttrs maps an attribute whose value is an enumerated constant to the
// table that names its values (DWARF 5 §7.8 to §7.20).
var enumAttrs = map[Attr]Namer{
	AttrEncoding: EncodingNames, AttrLanguage: LangNames, AttrAccessibility: AccessNames,
	AttrVisibility: VisibilityNames, AttrVirtuality: VirtualityNames, AttrIdentifierCase: IdentifierCaseNames,
	AttrCallingConvention: CallConvNames, AttrInline: InlineNames, AttrOrdering: OrderingNames,
	AttrDecimalSign: DecimalSignNames, AttrEndianity: EndianityNames, AttrDefaulted: DefaultedNames,
}

// Values returns the table that names a's values when a takes an
// enumerated constant (DW_AT_encoding → the DW_ATE names), else nil.
func (a Attr) Values() Namer { return enumAttrs[a] }
