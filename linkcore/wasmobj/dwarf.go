package wasmobj

import (
	"debug/dwarf"
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// DWARF reads the debug information of a WebAssembly module from its
// .debug_* custom sections, as they are in the file (relocations not
// applied: an object holds provisional addresses, a linked module final
// ones).
func DWARF(module []byte) (*dwarf.Data, error) {
	if len(module) < 8 || string(module[:4]) != "\x00asm" {
		return nil, fmt.Errorf("wasmobj: not a WebAssembly module")
	}
	secs := map[string][]byte{}
	b := module[8:]
	for len(b) > 0 {
		id := b[0]
		size, n := leb128.ReadUnsigned(b, 1)
		if n == 0 || uint64(len(b)-1-n) < size {
			return nil, fmt.Errorf("wasmobj: truncated section")
		}
		payload := b[1+n : 1+n+int(size)]
		b = b[1+n+int(size):]
		if id != secCustom {
			continue
		}
		name, ok := readString(payload)
		if !ok {
			return nil, fmt.Errorf("wasmobj: custom section without a name")
		}
		if strings.HasPrefix(name, ".debug_") {
			nl, k := leb128.ReadUnsigned(payload, 0)
			secs[name[len(".debug_"):]] = payload[k+int(nl):]
		}
	}
	d, err := dwarf.New(secs["abbrev"], secs["aranges"], nil, secs["info"], secs["line"], nil, nil, secs["str"])
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"line_str", "rnglists", "loclists", "str_offsets", "addr"} {
		if data, ok := secs[name]; ok {
			if err := d.AddSection(".debug_"+name, data); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}
