package dwarfcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/internal/leb128"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

func (w *wip) lineByte(b byte)   { w.line = append(w.line, b) }
func (w *wip) lineULEB(v uint64) { w.line = leb128.AppendUnsigned(w.line, v) }
func (w *wip) lineSLEB(v int64)  { w.line = leb128.AppendSigned(w.line, v) }
func (w *wip) lineZeros(n uint64) {
	for range n {
		w.line = append(w.line, 0)
	}
}

// lineProgram writes a function's line-number program (DWARF 5 §6.2.5):
// a start (DW_LNE_ZIG_set_decl in incremental mode, DW_LNE_set_address
// and DW_LNS_set_file in plain mode), the row of the opening brace, then
// the rows code generation reported; in plain mode the sequence ends at
// the function's end with DW_LNE_end_sequence.
func (w *wip) lineProgram(decl *lang.Decl, fn *FuncCode) error {
	d := w.d
	lbraceLine, lbraceCol := decl.Line, decl.Col
	if f := decl.Func; f != nil && f.Body != nil {
		lbraceLine, lbraceCol = f.Body.Line, f.Body.Col
	}
	var line int64
	w.lineByte(byte(dw.LNSExtendedOp))
	if d.opts.Lines == LinesIncremental {
		w.lineULEB(1 + d.offsetSize())
		w.lineByte(byte(dw.LNEZIGSetDecl))
		if !w.dry {
			w.lineRelocs = append(w.lineRelocs, relocRec{kind: CrossSection, sourceOff: uint64(len(w.line)),
				targetSec: DebugInfo, targetUnit: w.unit, targetEntry: w.entry})
		}
		w.lineZeros(d.offsetSize())
		// the line register is relative to the declaration's line
		line = int64(decl.Line)
	} else {
		w.lineULEB(1 + d.addrSize())
		w.lineByte(byte(dw.LNESetAddress))
		if w.dry {
			w.line = append(append(w.line, decl.Symbol()...), 0)
		} else {
			w.lineRelocs = append(w.lineRelocs, relocRec{kind: External, sourceOff: uint64(len(w.line)),
				sym: d.symbol(decl.Symbol())})
		}
		w.lineZeros(d.addrSize())
		w.lineByte(byte(dw.LNSSetFile))
		w.lineULEB(d.fileIndex(w.unit, d.prog.Path))
		line = 1
	}
	col := lbraceCol
	w.lineByte(byte(dw.LNSSetColumn))
	w.lineULEB(uint64(col))
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
			w.lineByte(byte(dw.LNSSetColumn))
			w.lineULEB(uint64(max(col, 0)))
		}
		if r.Stmt != stmt {
			stmt = r.Stmt
			w.lineByte(byte(dw.LNSNegateStmt))
		}
		if r.PrologueEnd {
			w.lineByte(byte(dw.LNSSetPrologueEnd))
		}
		if r.EpilogueBegin {
			w.lineByte(byte(dw.LNSSetEpilogueBegin))
		}
		w.advancePCAndLine(int64(r.Line)-line, r.PC-pc)
		line, pc = int64(r.Line), r.PC
	}
	if d.opts.Lines == LinesPlain {
		if fn.Size > pc {
			w.lineByte(byte(dw.LNSAdvancePC))
			w.lineULEB(fn.Size - pc)
		}
		w.lineByte(byte(dw.LNSExtendedOp))
		w.lineULEB(1)
		w.lineByte(byte(dw.LNEEndSequence))
	}
	return nil
}

// advancePCAndLine adds a row deltaLine lines and deltaPC bytes after
// the previous one, with a special opcode where one fits (DWARF 5
// §6.2.5.1), else DW_LNS_advance_line / DW_LNS_const_add_pc /
// DW_LNS_advance_pc first, as the seed does.
func (w *wip) advancePCAndLine(deltaLine int64, deltaPC uint64) {
	base := int64(w.d.opts.Arch.LineBase)
	rng := uint64(w.d.opts.Arch.LineRange)
	remLine := deltaLine
	if deltaLine < base || deltaLine-base >= int64(rng) {
		w.lineByte(byte(dw.LNSAdvanceLine))
		w.lineSLEB(deltaLine)
		remLine = 0
	}
	maxOp := (255 - uint64(dw.LineOpcodeBase)) / rng
	remOp := deltaPC
	switch {
	case deltaPC >= 2*maxOp:
		w.lineByte(byte(dw.LNSAdvancePC))
		w.lineULEB(deltaPC)
		remOp = 0
	case deltaPC >= maxOp:
		w.lineByte(byte(dw.LNSConstAddPC))
		remOp = deltaPC - maxOp
	}
	if remLine == 0 && remOp == 0 {
		w.lineByte(byte(dw.LNSCopy))
		return
	}
	w.lineByte(byte(uint64(remLine-base) + rng*remOp + uint64(dw.LineOpcodeBase)))
}
