package dwarfcore

import "github.com/dwarfscope/dwarfscope/dwarfcore/lang"

// What code generation reports about each function: its size, its
// line-table rows and where its parameters and locals live.

// LineRow is one row a function's code contributes to the line table.
type LineRow struct {
	// PC is the offset from the function's first byte.
	PC uint64
	// Line and Col are 1-based source positions.
	Line, Col     int
	Stmt          bool
	PrologueEnd   bool
	EpilogueBegin bool
}

// VarLoc is where a parameter or local lives while the function runs.
type VarLoc struct {
	Local *lang.Local
	// Expr is the DWARF location expression (e.g. DW_OP_fbreg -24). The
	// emitter writes it as DW_FORM_exprloc.
	Expr []byte
}

// FuncCode is what code generation reports about one function.
type FuncCode struct {
	Decl *lang.Decl
	// Size is the number of bytes of machine code.
	Size uint64
	// Rows are the line-table rows in PC order.
	Rows []LineRow
	// FrameBase is DW_AT_frame_base (e.g. DW_OP_reg6 for rbp), nil for
	// none.
	FrameBase []byte
	// Vars give every parameter and local a location; a Local missing
	// here gets no DW_AT_location.
	Vars []VarLoc
}
