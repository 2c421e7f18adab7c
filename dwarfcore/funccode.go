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
	// Loc is where it lives (e.g. rbp-24); the emitter encodes it as a
	// DW_FORM_exprloc location expression (locexpr.go).
	Loc Location
}

// FuncCode is what code generation reports about one function.
type FuncCode struct {
	Decl *lang.Decl
	// Size is the number of bytes of machine code.
	Size uint64
	// Rows are the line-table rows in PC order.
	Rows []LineRow
	// FrameBase is the register the function's frame is addressed from
	// (e.g. rbp), LocNone for none.
	FrameBase Location
	// Vars give every parameter and local a location; a Local missing
	// here gets no DW_AT_location.
	Vars []VarLoc
}
