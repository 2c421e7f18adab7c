package dwarfcore

import "github.com/dwarfscope/dwarfscope/dwarfcore/dw"

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
