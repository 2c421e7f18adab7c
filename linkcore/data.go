package linkcore

import (
	"bytes"
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// dataSection accumulates the contents of one data section.
type dataSection struct {
	sec *Section
}

// place appends size bytes (data, or zeros for NOBITS sections) at the
// next offset aligned to align and returns that offset.
func (ds *dataSection) place(data []byte, size, align uint64) uint64 {
	s := ds.sec
	s.Align = max(s.Align, align, 1)
	off := alignForward(s.size(), align)
	if s.nobits() {
		s.Size = off + size
		return off
	}
	for uint64(len(s.Data)) < off {
		s.Data = append(s.Data, 0)
	}
	s.Data = append(s.Data, data...)
	return off
}

// encodeValue returns the target bytes of v and the addresses in them.
func encodeValue(ts *lang.Types, v *lang.Value) ([]byte, []lang.DataReloc, error) {
	data, relocs := ts.Encode(v)
	return data, relocs, nil
}

// dataRelocSymbol names the symbol a data relocation points at.
func dataRelocSymbol(r lang.DataReloc) (string, error) {
	switch {
	case r.Target != nil:
		return r.Target.Symbol(), nil
	case r.TargetAnon != nil:
		return r.TargetAnon.Name, nil
	}
	return "", fmt.Errorf("linkcore: data relocation at %#x has no target", r.Off)
}

// isZero reports whether every byte of b is zero.
func isZero(b []byte) bool {
	return len(bytes.Trim(b, "\x00")) == 0
}

// dataSymbolKind is the symbol type of a variable or constant.
func dataSymbolKind(d *lang.Decl) SymbolKind {
	if d.ThreadLocal {
		return SymTLS
	}
	return SymObject
}
