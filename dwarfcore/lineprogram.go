package dwarfcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// Line programs: each function's sequence of .debug_line rows, the
// entry of its declaration in the line unit (the header and trailer are
// in unit_line.go).

// lineOp appends a standard opcode.
func (w *entryWriter) lineOp(op dw.LineOp) { w.line.U8(byte(op)) }

// lineExtOp appends the start of an extended opcode whose operands take
// n bytes: DW_LNS_extended_op, the length of opcode and operands, the
// opcode (DWARF 5 §6.2.5.3).
func (w *entryWriter) lineExtOp(op dw.LineExtOp, n int) {
	w.lineOp(dw.LNSExtendedOp)
	w.line.ULEB(uint64(1 + n))
	w.line.U8(byte(op))
}

// lineProgram writes a function's line-number program (DWARF 5 §6.2.5):
// a start (DW_LNE_ZIG_set_decl in incremental mode, DW_LNE_set_address
// and DW_LNS_set_file in plain mode), the row of the opening brace, then
// the rows code generation reported; in plain mode the sequence ends at
// the function's end with DW_LNE_end_sequence.
func (w *entryWriter) lineProgram(decl *lang.Decl, fn *FuncCode) error {
	d := w.d
	lbraceLine, lbraceCol := decl.Line, decl.Col
	if f := decl.Func; f != nil && f.Body != nil {
		lbraceLine, lbraceCol = f.Body.Line, f.Body.Col
	}
	var line int64
	if d.opts.Lines == LinesIncremental {
		w.lineExtOp(dw.LNEZIGSetDecl, w.line.OffsetSize)
		if w.dry {
			w.line.Zeros(w.line.OffsetSize)
		} else {
			w.line.OffsetReloc(relocRec{kind: CrossSection, targetSec: DebugInfo, targetUnit: w.unit, targetEntry: w.entry})
		}
		// the line register is relative to the declaration's line
		line = int64(decl.Line)
	} else {
		w.lineExtOp(dw.LNESetAddress, w.line.AddrSize)
		if w.dry {
			w.line.CString(decl.Symbol())
			w.line.Zeros(w.line.AddrSize)
		} else {
			w.line.AddressReloc(relocRec{kind: External, sym: d.symbol(decl.Symbol())})
		}
		w.lineOp(dw.LNSSetFile)
		w.line.ULEB(d.fileIndex(w.unit, d.prog.Path))
		line = 1
	}
	col := lbraceCol
	w.lineOp(dw.LNSSetColumn)
	w.line.ULEB(uint64(col))
	w.advancePCAndLine(int64(lbraceLine)-line, 0)
	line = int64(lbraceLine)
	var pc uint64
	stmt := true // default_is_stmt
	for i, r := range fn.Rows {
		if r.PC < pc {
			return fmt.Errorf("dwarfcore: %s: line row %d at pc %d is before pc %d", decl.FQN, i, r.PC, pc)
		}
		if r.Col != col {
			col = r.Col
			w.lineOp(dw.LNSSetColumn)
			w.line.ULEB(uint64(max(col, 0)))
		}
		if r.Stmt != stmt {
			stmt = r.Stmt
			w.lineOp(dw.LNSNegateStmt)
		}
		if r.PrologueEnd {
			w.lineOp(dw.LNSSetPrologueEnd)
		}
		if r.EpilogueBegin {
			w.lineOp(dw.LNSSetEpilogueBegin)
		}
		w.advancePCAndLine(int64(r.Line)-line, r.PC-pc)
		line, pc = int64(r.Line), r.PC
	}
	if d.opts.Lines == LinesPlain {
		if fn.Size > pc {
			w.lineOp(dw.LNSAdvancePC)
			w.line.ULEB(fn.Size - pc)
		}
		w.lineExtOp(dw.LNEEndSequence, 0)
	}
	return nil
}

// advancePCAndLine adds a row deltaLine lines and deltaPC bytes after
// the previous one, with a special opcode where one fits (DWARF 5
// §6.2.5.1), else DW_LNS_advance_line / DW_LNS_const_add_pc /
// DW_LNS_advance_pc first, as the seed does.
func (w *entryWriter) advancePCAndLine(deltaLine int64, deltaPC uint64) {
	base := int64(w.d.opts.Arch.LineBase)
	rng := uint64(w.d.opts.Arch.LineRange)
	remLine := deltaLine
	if deltaLine < base || deltaLine-base >= int64(rng) {
		w.lineOp(dw.LNSAdvanceLine)
		w.line.SLEB(deltaLine)
		remLine = 0
	}
	maxOp := (255 - uint64(dw.LineOpcodeBase)) / rng
	remOp := deltaPC
	switch {
	case deltaPC >= 2*maxOp:
		w.lineOp(dw.LNSAdvancePC)
		w.line.ULEB(deltaPC)
		remOp = 0
	case deltaPC >= maxOp:
		w.lineOp(dw.LNSConstAddPC)
		remOp = deltaPC - maxOp
	}
	if remLine == 0 && remOp == 0 {
		w.lineOp(dw.LNSCopy)
		return
	}
	w.line.U8(byte(uint64(remLine-base) + rng*remOp + uint64(dw.LineOpcodeBase)))
}
