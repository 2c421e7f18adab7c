package lang

import "math/big"

// slabBlock is how many values a slab allocates at once.
const slabBlock = 128

// slab hands out zeroed values of T from blocks, which costs one
// allocation per block instead of one per value. Front-end objects all
// live as long as the compilation, so a block is never partly garbage
// for long.
type slab[T any] struct{ free []T }

// alloc returns a pointer to a new zero T.
func (s *slab[T]) alloc() *T {
	if len(s.free) == 0 {
		s.free = make([]T, slabBlock)
	}
	r := &s.free[0]
	s.free = s.free[1:]
	return r
}

// irSlabs are the checker's block allocators for declarations and the
// typed IR of function bodies.
type irSlabs struct {
	decls     slab[Decl]
	declInfos slab[declInfo]
	scopes    slab[scope]
	contInfos slab[contInfo]
	fields    slab[Field]
	funcs     slab[Func]
	locals    slab[Local]
	blocks    slab[Block]
	varStmts  slab[VarStmt]
	assigns   slab[AssignStmt]
	returns   slab[ReturnStmt]
	consts    slab[Const]
	localRefs slab[LocalRef]
	binaries  slab[Binary]
	unaries   slab[Unary]
	calls     slab[Call]
	converts  slab[Convert]
	fnCtxs    slab[fnCtx]
	bigs      slab[smallBig]
	values    slab[Value]
}

// astSlabs are the parser's block allocators for syntax nodes.
type astSlabs struct {
	nodes  slab[node]
	decls  slab[declNode]
	fields slab[fieldNode]
	stmts  slab[stmtNode]
	params slab[paramNode]
	blocks slab[blockNode]
	inits  slab[fieldInit]
	conts  slab[containerNode]
	exts   slab[nodeExt]
}

// put returns a pointer to a copy of v allocated from s.
func put[T any](s *slab[T], v T) *T {
	r := s.alloc()
	*r = v
	return r
}

// smallBig is a big.Int together with the storage of a one-word
// magnitude (see checker.bigUint).
type smallBig struct {
	i big.Int
	w [1]big.Word
}
