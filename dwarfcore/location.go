package dwarfcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// LocationKind says where a value lives while its function runs.
type LocationKind uint8

// The location kinds code generation hands the emitter. A global's
// address (DW_OP_addr) and a thread-local's (DW_OP_form_tls_address) are
// not among them: the emitter writes those itself from the declaration's
// symbol, with their relocation records.
const (
	// LocNone is no location: the entry gets none (the zero Location).
	LocNone LocationKind = iota
	// LocReg is a value held in register Reg (DW_OP_regN, DW_OP_regx).
	LocReg
	// LocMem is a value in memory at register Reg plus Offset
	// (DW_OP_bregN, DW_OP_bregx).
	LocMem
	// LocWasmLocal is WebAssembly local number Index of the function
	// (DW_OP_WASM_location 0, Index).
	LocWasmLocal
)

var locationKindNames = [...]string{
	LocNone:      "none",
	LocReg:       "register",
	LocMem:       "register+offset",
	LocWasmLocal: "wasm local",
}

// String names the kind.
func (k LocationKind) String() string {
	if int(k) < len(locationKindNames) {
		return locationKindNames[k]
	}
	return fmt.Sprintf("LocationKind(%d)", k)
}

// Location is where a value lives: what code generation tells the
// emitter, which encodes it as a DWARF location expression
// (Location.AppendExpr). Registers are DWARF register numbers
// (target.Reg, from the target's psABI).
type Location struct {
	Kind LocationKind
	// Reg is the register of LocReg and the base register of LocMem.
	Reg target.Reg
	// Offset is LocMem's offset from Reg.
	Offset int64
	// Index is LocWasmLocal's local index.
	Index uint32
}

// InReg is the location of a value held in register r.
func InReg(r target.Reg) Location { return Location{Kind: LocReg, Reg: r} }

// AtRegOffset is the location of a value in memory at register r plus
// off (a frame slot: r is the frame or stack pointer).
func AtRegOffset(r target.Reg, off int64) Location {
	return Location{Kind: LocMem, Reg: r, Offset: off}
}

// InWasmLocal is the location of a value in WebAssembly local i.
func InWasmLocal(i uint32) Location { return Location{Kind: LocWasmLocal, Index: i} }

// DW_OP_WASM_location (0xed, an LLVM extension in the vendor range) and
// its first operand for a local (1 is a global, 2 the operand stack).
const (
	opWasmLocation = 0xed
	wasmLocalKind  = 0
)

// AppendExpr appends l's DWARF location expression to b (nothing for
// LocNone): the one place location expressions are encoded.
func (l Location) AppendExpr(b []byte) []byte {
	switch l.Kind {
	case LocReg:
		if l.Reg < 32 {
			return append(b, opReg0+byte(l.Reg))
		}
		return leb128.AppendUnsigned(append(b, opRegx), uint64(l.Reg))
	case LocMem:
		if l.Reg < 32 {
			return leb128.AppendSigned(append(b, opBreg0+byte(l.Reg)), l.Offset)
		}
		b = leb128.AppendUnsigned(append(b, opBregx), uint64(l.Reg))
		return leb128.AppendSigned(b, l.Offset)
	case LocWasmLocal:
		return leb128.AppendUnsigned(append(b, opWasmLocation, wasmLocalKind), uint64(l.Index))
	}
	return b
}

// exprloc writes l as a DW_FORM_exprloc: the expression's length, then
// the expression.
func (w *wip) exprloc(l Location) {
	var buf [16]byte
	expr := l.AppendExpr(buf[:0])
	w.uleb(uint64(len(expr)))
	w.info = append(w.info, expr...)
}
