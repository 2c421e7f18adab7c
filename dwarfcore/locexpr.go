package dwarfcore

import "github.com/dwarfscope/dwarfscope/dwarfcore/dw"

// Location expressions the emitter writes itself: a global's address
// (DW_OP_addr, DW_OP_form_tls_address). Those of parameters and locals
// come from code generation (FuncCode.Vars) and are written by funcDIE.

// exprAddr writes the DW_FORM_exprloc of a global: DW_OP_addr sym, and
// for a thread-local DW_OP_addr (DTPOFF) DW_OP_form_tls_address.
func (w *entryWriter) exprAddr(sym string, tls bool) {
	if w.d.opts.StaticTLS {
		tls = false // the main thread's copy (Options.StaticTLS)
	}
	n := 1 + w.d.addrSize()
	if tls {
		n++
	}
	w.info.ULEB(n)
	w.info.U8(byte(dw.OpAddr))
	w.addrSym(sym, 0, tls)
	if tls {
		w.info.U8(byte(dw.OpFormTLSAddress))
	}
}
