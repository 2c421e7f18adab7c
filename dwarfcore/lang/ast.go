package lang

// The syntax tree the parser builds and the checker consumes. Types are
// expressions, as in Zig, so one node type serves both.

// nodeKind says what sort of expression a node is.
type nodeKind uint8

const (
	nIdent     nodeKind = iota // text
	nInt                       // text: the literal
	nFloat                     // text: the literal
	nString                    // text: the bytes
	nChar                      // text: code point in decimal
	nEnumLit                   // .text
	nErrorVal                  // error.text
	nInit                      // T{...} or .{...}: x is T (nil for .{}), list positional, inits named
	nVoidVal                   // {}
	nUnary                     // op x (text: the operator)
	nBinary                    // x op y (text: the operator)
	nAddrOf                    // &x
	nCall                      // x(list)
	nField                     // x.text
	nIndex                     // x[y]
	nPtrType                   // *T, [*]T, []T: x elem, y align, z sentinel
	nArrayType                 // [y]x or [y:z]x; y nil for [_]
	nOptType                   // ?x
	nErrUnion                  // x!y
	nErrSet                    // error{names}
	nContainer                 // struct/enum/union/opaque
	nFnType                    // fn (list) x
	nBuiltin                   // @text(list): unsupported, reported by the checker
)

// node is one expression. Fields that few kinds of node use live in
// ext, which keeps the common node small (64 bytes).
type node struct {
	kind nodeKind
	// pointer types
	ptr                          PtrSize
	isConst, volatile, allowzero bool
	cc                           CallConv // function types
	pos                          Pos
	text                         string
	x                            *node
	y                            *node
	ext                          *nodeExt
}

// nodeExt holds the rarely used parts of a node.
type nodeExt struct {
	// z is a sentinel (pointer and array types).
	z *node
	// list holds call arguments, positional initializer elements and
	// function type parameters.
	list []*node
	// inits are the named fields of .{ .a = x }.
	inits []*fieldInit
	// names and namePos are an error set's names.
	names   []string
	namePos []Pos
	cont    *containerNode
}

// inits returns the named fields of an initializer.
func (n *node) inits() []*fieldInit {
	if n.ext == nil {
		return nil
	}
	return n.ext.inits
}

// elems returns a call's arguments, an initializer's positional
// elements or a function type's parameter types.
func (n *node) elems() []*node {
	if n.ext == nil {
		return nil
	}
	return n.ext.list
}

// sentinel returns a pointer or array type's sentinel expression.
func (n *node) sentinel() *node {
	if n.ext == nil {
		return nil
	}
	return n.ext.z
}

// cont returns a container expression's body.
func (n *node) cont() *containerNode {
	if n.ext == nil {
		return nil
	}
	return n.ext.cont
}

// fieldInit is `.name = value` in an initializer.
type fieldInit struct {
	name  string
	pos   Pos
	value *node
}

// containerNode is a struct, enum, union or opaque body.
type containerNode struct {
	kind    Kind
	layout  Layout
	pos     Pos
	tag     *node // enum(T) or union(E)
	tagEnum bool  // union(enum)
	tagInt  *node // union(enum(T)): the generated enum's integer type
	fields  []*fieldNode
	decls   []*declNode
}

// fieldNode is one container field.
type fieldNode struct {
	name     string
	pos      Pos
	typ      *node // nil for enum fields and void union fields
	align    *node
	value    *node // default value (structs) or explicit value (enums)
	comptime bool
	tuple    bool
}

// declNode is one `const`, `var` or `fn` declaration.
type declNode struct {
	pos                              Pos // the keyword
	name                             string
	namePos                          Pos
	pub, export, extern, threadlocal bool
	isVar                            bool
	isFn                             bool
	typ                              *node
	align                            *node
	init                             *node
	// functions
	params []*paramNode
	ret    *node
	cc     CallConv
	ccPos  Pos
	body   *blockNode
}

// paramNode is one function parameter.
type paramNode struct {
	name     string
	pos      Pos
	typ      *node
	comptime bool
}

// blockNode is `{ stmts }`.
type blockNode struct {
	pos, end Pos
	stmts    []*stmtNode
}

// stmtKind says what sort of statement a stmtNode is.
type stmtKind uint8

const (
	sVar     stmtKind = iota // const/var local: decl
	sAssign                  // lhs = rhs (op: "=" or a compound operator)
	sDiscard                 // _ = rhs
	sExpr                    // rhs;
	sReturn                  // return [rhs];
	sBlock                   // { ... }
)

// stmtNode is one statement.
type stmtNode struct {
	kind     stmtKind
	pos      Pos
	op       string
	decl     *declNode
	lhs, rhs *node
	block    *blockNode
}
