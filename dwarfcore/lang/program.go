package lang

import (
	"math/big"
)

// Program is one checked source file: the input of the DWARF emitter.
type Program struct {
	// Path is the file name as given ("basic.zig"); Source its text.
	Path   string
	Source []byte
	// Module is the module the file belongs to ("root").
	Module string
	// Root is the file's own struct type (named after the file, "basic"),
	// whose Scope holds the top-level declarations.
	Root *Type
	// Decls lists every declaration in source order, nested ones right
	// after their parent container's declaration.
	Decls []*Decl
	// Types holds every type the program uses, in creation order.
	Types *Types
	// Anons are unnamed read-only data the program needs, such as the
	// bytes of string literals, in order of first use.
	Anons []*Anon
	// Errors lists every error name the program mentions, in order of
	// first use; the integer value of error Errors[i] is i+1 (0 means
	// "no error").
	Errors []string
	// Changes says how the program differs from the previous one of the
	// same Session when only some declarations were checked again; nil
	// for a program checked whole (Compile, or a Session's whole check).
	// The Session clears it at its next Compile.
	Changes *Changes
}

// Changes is how a Session's program differs from the one before it
// (Prev). The two share their Types table (types are never changed once
// made, except that the Root's Scope follows the top-level declarations;
// new ones are appended) and every Decl not in Added or Removed:
// such a Decl has the same contents in both, except that the Decls in
// Moved have new lines (Decl.Line, and the lines of their fields, locals
// and statements). A changed declaration is one Decl in Removed and a new
// one in Added. References from unchanged declarations to a changed one
// (data addresses, calls) may still name the Removed Decl, which has the
// same name, kind and type as the Added one.
type Changes struct {
	Prev           *Program
	Added, Removed []*Decl
	Moved          []*Decl
	// SameOrder is true when the declarations' names are in the same
	// order as in Prev (every Added Decl took the place of a Removed one
	// of the same name).
	SameOrder bool
}

// DeclKind says what a declaration declares.
type DeclKind uint8

// The kinds of declaration.
const (
	// DeclVar is a global variable, `var` or `threadlocal var`.
	DeclVar DeclKind = iota
	// DeclConst is a global constant with a runtime type; it lives in
	// read-only data.
	DeclConst
	// DeclFunc is a function with a body.
	DeclFunc
	// DeclType declares a container type: `const S = struct {...}`.
	// Decl.Value is the type, and the type's Decl points back here.
	DeclType
	// DeclAlias names a type declared elsewhere or a non-container type:
	// `const T = u32;`. Decl.Value is the type.
	DeclAlias
)

// Decl is one declaration.
type Decl struct {
	Kind DeclKind
	// Name is the declared name; FQN the fully qualified one
	// ("basic.Basic.init").
	Name, FQN string
	// Parent is the container type the declaration is a member of (the
	// file's Root for top-level declarations).
	Parent *Type
	// Line and Col are the 1-based position of the declaration's keyword
	// (`const`, `var`, `fn`), where Zig puts a declaration's location.
	Line, Col int

	Pub, Export, Extern, ThreadLocal bool

	// Type is the type of a variable or constant, or the function type.
	Type *Type
	// Value is the declared type of a DeclType or DeclAlias.
	Value *Type
	// Align is an explicit align(N), 0 when absent.
	Align uint64
	// Init is the initial value of a variable or constant.
	Init *Value
	// Func holds a function's parameters and body.
	Func *Func
}

// Symbol returns the linker symbol name of a variable, constant or
// function: its fully qualified name, or its plain name when exported.
func (d *Decl) Symbol() string {
	if d.Export || d.Extern {
		return d.Name
	}
	return d.FQN
}

// DataAlign returns the alignment of a variable's or constant's storage.
func (d *Decl) DataAlign() uint64 {
	if d.Align != 0 {
		return d.Align
	}
	return d.Type.Align
}

// Anon is an unnamed piece of read-only data, such as a string literal's
// bytes. Its symbol name is Name ("__anon_3").
type Anon struct {
	Name  string
	Type  *Type
	Value *Value
}

// ValueKind says what a Value holds.
type ValueKind uint8

// The kinds of compile-time value.
const (
	ValUndef     ValueKind = iota // undefined: bytes 0xaa
	ValInt                        // Int; also enums (the tag value) and error codes
	ValFloat                      // Float
	ValBool                       // Bool
	ValVoid                       // {} and zero-bit values
	ValNull                       // null of an optional
	ValSome                       // a present optional payload: Elems[0]
	ValAggregate                  // struct/tuple fields by Field index, array elements
	ValUnion                      // Field (index), Elems[0] the payload
	ValErrorCode                  // an error union holding error Int
	ValPayload                    // an error union holding Elems[0]
	ValAddr                       // address of Target (+ Offset bytes)
	ValSlice                      // slice: address of Target (+Offset), Len elements
)

// Value is a compile-time known value of Type.
type Value struct {
	Kind  ValueKind
	Type  *Type
	Int   *big.Int
	Float *big.Float
	Bool  bool
	Elems []*Value
	Field int
	// Target is the declaration (or Anon, via TargetAnon) an address or
	// slice points at.
	Target     *Decl
	TargetAnon *Anon
	Offset     uint64
	Len        uint64
}

// DataReloc is an address inside encoded data: Size bytes at Off hold the
// address of Target (or TargetAnon) plus Addend.
type DataReloc struct {
	Off        uint64
	Size       int
	Target     *Decl
	TargetAnon *Anon
	Addend     int64
}

// Func is a function's parameters and body.
type Func struct {
	Params []*Local
	Ret    *Type
	CC     CallConv
	// Body is the function's block; Body.Line/Col is its `{`,
	// Body.EndLine/EndCol its `}`.
	Body *Block
	// Locals lists every parameter and local in order of declaration.
	Locals []*Local
}

// Local is a parameter or a local constant or variable.
type Local struct {
	Name  string
	Type  *Type
	Param bool
	// Index is the position among the function's Locals.
	Index int
	Const bool
	// Comptime is set when the value is known at compile time (Value).
	Comptime bool
	Value    *Value
	// Line and Col are the 1-based position of the name.
	Line, Col int
	// Scope is the block the local is declared in.
	Scope *Block

	// uses counts the names that refer to the local while its function
	// is checked; discardAt is where `_ = x;` discarded it. Zig rejects
	// a local neither used nor discarded, and a discard of a used one.
	uses      int32
	discardAt Pos
}

// Pos is a 1-based source position.
type Pos struct{ Line, Col int }

// Stmt is a statement of a function body.
type Stmt interface {
	StmtPos() Pos
	irNode
}

// Expr is a typed expression.
type Expr interface {
	ExprType() *Type
	ExprPos() Pos
	irNode
}

// irNode is what statements and expressions have in common: a position
// (Pos's shiftLine), and the statements and expressions inside them.
// Being unexported, it also keeps the set of statements and expressions
// to this package's types.
type irNode interface {
	shiftLine(delta int)
	// appendInner appends the statements and expressions the node holds
	// directly, absent ones as nil.
	appendInner(list []irNode) []irNode
}

// appendIR appends the statements or expressions of nodes to list.
func appendIR[N irNode](list []irNode, nodes []N) []irNode {
	for _, n := range nodes {
		list = append(list, n)
	}
	return list
}

// Block is `{ ... }`.
type Block struct {
	Pos
	Stmts []Stmt
	// EndLine and EndCol are the position of the closing brace.
	EndLine, EndCol int
}

// VarStmt declares a local: `const x: T = init;` or `var x = init;`.
type VarStmt struct {
	Pos
	Local *Local
	Init  Expr
}

// AssignStmt is `target = value;`.
type AssignStmt struct {
	Pos
	Target Expr // LocalRef, GlobalRef, FieldExpr or IndexExpr
	Value  Expr
}

// DiscardStmt is `_ = value;`.
type DiscardStmt struct {
	Pos
	Value Expr
}

// ExprStmt is an expression evaluated for its effect (a call).
type ExprStmt struct {
	Pos
	X Expr
}

// ReturnStmt is `return;` or `return value;`.
type ReturnStmt struct {
	Pos
	Value Expr // nil for a bare return
}

// StmtPos implements Stmt.
func (p Pos) StmtPos() Pos { return p }

// ExprPos returns the expression's position.
func (p Pos) ExprPos() Pos { return p }

// shiftLine moves the position by delta lines.
func (p *Pos) shiftLine(delta int) { p.Line += delta }

func (s *Block) appendInner(list []irNode) []irNode       { return appendIR(list, s.Stmts) }
func (s *VarStmt) appendInner(list []irNode) []irNode     { return append(list, s.Init) }
func (s *AssignStmt) appendInner(list []irNode) []irNode  { return append(list, s.Target, s.Value) }
func (s *DiscardStmt) appendInner(list []irNode) []irNode { return append(list, s.Value) }
func (s *ExprStmt) appendInner(list []irNode) []irNode    { return append(list, s.X) }
func (s *ReturnStmt) appendInner(list []irNode) []irNode  { return append(list, s.Value) }

// Const is a compile-time known value.
type Const struct {
	Pos
	Value *Value
}

// LocalRef reads a parameter or local.
type LocalRef struct {
	Pos
	Local *Local
}

// GlobalRef reads a global variable or constant (also thread-locals).
type GlobalRef struct {
	Pos
	Decl *Decl
}

// AddrOf is `&x` of a local or global.
type AddrOf struct {
	Pos
	Type *Type
	X    Expr
}

// BinaryOp is a binary integer operator.
type BinaryOp uint8

// The binary operators. Wrap variants are +% -% *%.
const (
	OpAdd BinaryOp = iota
	OpSub
	OpMul
	OpDiv
	OpMod
	OpShl
	OpShr
	OpAnd
	OpOr
	OpXor
	OpAddWrap
	OpSubWrap
	OpMulWrap
)

// Binary is `x op y` over integers of Type.
type Binary struct {
	Pos
	Type *Type
	Op   BinaryOp
	X, Y Expr
}

// UnaryOp is a unary operator.
type UnaryOp uint8

// The unary operators.
const (
	OpNeg     UnaryOp = iota // -x
	OpNegWrap                // -%x
	OpNot                    // ~x
	OpBoolNot                // !x
)

// Unary is `op x`.
type Unary struct {
	Pos
	Type *Type
	Op   UnaryOp
	X    Expr
}

// Call calls a function declaration.
type Call struct {
	Pos
	Fn   *Decl
	Args []Expr
}

// Aggregate builds a struct, tuple or array value from element
// expressions (by field index for structs, in order for arrays).
type Aggregate struct {
	Pos
	Type  *Type
	Elems []Expr
}

// FieldExpr reads field Field of struct X (also tuple fields x[0]).
type FieldExpr struct {
	Pos
	Type  *Type
	X     Expr
	Field int
}

// IndexExpr reads element Index of array X.
type IndexExpr struct {
	Pos
	Type  *Type
	X     Expr
	Index Expr
}

// Convert changes X to Type without changing its value: integer
// widening, payload to optional, value to error union, array pointer
// to slice, and similar coercions.
type Convert struct {
	Pos
	Type *Type
	X    Expr
}

// ExprType returns the expression's type.
func (e *Const) ExprType() *Type { return e.Value.Type }

// ExprType returns the expression's type.
func (e *LocalRef) ExprType() *Type { return e.Local.Type }

// ExprType returns the expression's type.
func (e *GlobalRef) ExprType() *Type { return e.Decl.Type }

// ExprType returns the expression's type.
func (e *AddrOf) ExprType() *Type { return e.Type }

// ExprType returns the expression's type.
func (e *Binary) ExprType() *Type { return e.Type }

// ExprType returns the expression's type.
func (e *Unary) ExprType() *Type { return e.Type }

// ExprType returns the expression's type.
func (e *Call) ExprType() *Type { return e.Fn.Func.Ret }

// ExprType returns the expression's type.
func (e *Aggregate) ExprType() *Type { return e.Type }

// ExprType returns the expression's type.
func (e *FieldExpr) ExprType() *Type { return e.Type }

// ExprType returns the expression's type.
func (e *IndexExpr) ExprType() *Type { return e.Type }

// ExprType returns the expression's type.
func (e *Convert) ExprType() *Type { return e.Type }

func (e *Const) appendInner(list []irNode) []irNode     { return list }
func (e *LocalRef) appendInner(list []irNode) []irNode  { return list }
func (e *GlobalRef) appendInner(list []irNode) []irNode { return list }
func (e *AddrOf) appendInner(list []irNode) []irNode    { return append(list, e.X) }
func (e *Binary) appendInner(list []irNode) []irNode    { return append(list, e.X, e.Y) }
func (e *Unary) appendInner(list []irNode) []irNode     { return append(list, e.X) }
func (e *Call) appendInner(list []irNode) []irNode      { return appendIR(list, e.Args) }
func (e *Aggregate) appendInner(list []irNode) []irNode { return appendIR(list, e.Elems) }
func (e *FieldExpr) appendInner(list []irNode) []irNode { return append(list, e.X) }
func (e *IndexExpr) appendInner(list []irNode) []irNode { return append(list, e.X, e.Index) }
func (e *Convert) appendInner(list []irNode) []irNode   { return append(list, e.X) }
