package dwarfcore

import (
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// Location expressions: a global's address (DW_OP_addr,
// DW_OP_form_tls_address), which the emitter writes itself from the
// declaration's symbol, and the Location of a parameter or local, which
// code generation hands over (FuncCode.Vars) and Location.AppendExpr
// encodes: the one place location expressions are written.

// exprAddr writes the DW_FORM_exprloc of a global: DW_OP_addr sym, and
// for a thread-local DW_OP_addr (DTPOFF) DW_OP_form_tls_address.
func (w *entryWriter) exprAddr(sym string, tls bool) {
	w.exprAddrPieces(sym, tls, wholeValue)
}

// exprAddrPieces is exprAddr for a value located in pieces: for each
// piece, the address of the piece (sym + its offset) and its operations.
func (w *entryWriter) exprAddrPieces(sym string, tls bool, pieces []valuePiece) {
	if w.d.opts.StaticTLS {
		tls = false // the main thread's copy (Options.StaticTLS)
	}
	var n uint64
	for _, p := range pieces {
		n += 1 + w.d.addrSize() + uint64(len(p.ops))
		if tls {
			n++
		}
	}
	w.info.ULEB(n)
	for _, p := range pieces {
		w.info.U8(byte(dw.OpAddr))
		w.addrSym(sym, int64(p.off), tls)
		if tls {
			w.info.U8(byte(dw.OpFormTLSAddress))
		}
		w.info.Append(p.ops)
	}
}

// LocationKind says where a value lives while its function runs.
type LocationKind uint8

// The location kinds code generation hands the emitter. A global's
// address and a thread-local's are not among them: the emitter writes
// those itself (exprAddr), with their relocation records.
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
	// LocWasmLocalPieces is a value in Count consecutive WebAssembly
	// locals from Index, 8 bytes each, least significant first (an
	// integer wider than 64 bits in i64 limbs): DW_OP_WASM_location 0,
	// Index+k, DW_OP_piece 8 for each.
	LocWasmLocalPieces
)

var locationKindNames = [...]string{
	LocNone:            "none",
	LocReg:             "register",
	LocMem:             "register+offset",
	LocWasmLocal:       "wasm local",
	LocWasmLocalPieces: "wasm locals",
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
	// Index is LocWasmLocal's local index (LocWasmLocalPieces' first).
	Index uint32
	// Count is the number of LocWasmLocalPieces' locals.
	Count uint32
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

// InWasmLocals is the location of a value in n consecutive WebAssembly
// i64 locals from first, least significant first.
func InWasmLocals(first, n uint32) Location {
	return Location{Kind: LocWasmLocalPieces, Index: first, Count: n}
}

// wasmLocalKind is DW_OP_WASM_location's first operand for a local (1 is
// a global, 2 the operand stack).
const wasmLocalKind = 0

// AppendExpr appends l's DWARF location expression to b (nothing for
// LocNone).
func (l Location) AppendExpr(b []byte) []byte {
	switch l.Kind {
	case LocReg:
		if op, ok := dw.Reg(uint64(l.Reg)); ok {
			return append(b, byte(op))
		}
		return leb128.AppendUnsigned(append(b, byte(dw.OpRegx)), uint64(l.Reg))
	case LocMem:
		if op, ok := dw.Breg(uint64(l.Reg)); ok {
			return leb128.AppendSigned(append(b, byte(op)), l.Offset)
		}
		b = leb128.AppendUnsigned(append(b, byte(dw.OpBregx)), uint64(l.Reg))
		return leb128.AppendSigned(b, l.Offset)
	case LocWasmLocal:
		return leb128.AppendUnsigned(append(b, byte(dw.OpWASMLocation), wasmLocalKind), uint64(l.Index))
	case LocWasmLocalPieces:
		for k := range l.Count {
			b = leb128.AppendUnsigned(append(b, byte(dw.OpWASMLocation), wasmLocalKind), uint64(l.Index+k))
			b = append(b, byte(dw.OpPiece), 8)
		}
	}
	return b
}
