package linkcore

import (
	"bytes"
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// checkDataSize returns a lang.ErrorList naming the declaration at which the
// program's global data first exceeds max bytes (max 0: no bound).
func checkDataSize(prog *lang.Program, max uint64) error {
	if max == 0 {
		return nil
	}
	var total uint64
	for _, d := range prog.Decls {
		if (d.Kind != lang.DeclVar && d.Kind != lang.DeclConst) || d.Type == nil || d.Extern {
			continue
		}
		total += d.Type.Size
		if total > max {
			return sourceError(prog, d.Line, d.Col,
				fmt.Sprintf("global data too large: %d bytes up to '%s' (limit %d bytes)", total, d.Name, max))
		}
	}
	for _, a := range prog.Anons {
		if a.Type != nil {
			total += a.Type.Size
		}
	}
	if total > max {
		return sourceError(prog, 1, 1,
			fmt.Sprintf("global data too large: %d bytes with anonymous data (limit %d bytes)", total, max))
	}
	return nil
}

// sourceError is a one-error list at line:col of prog's source.
func sourceError(prog *lang.Program, line, col int, msg string) lang.ErrorList {
	e := &lang.Error{File: prog.Path, Line: line, Col: col, Msg: msg}
	e.SetSource(splitLine(prog.Source, line))
	return lang.ErrorList{e}
}

// splitLine returns line n (1-based) of src without its newline.
func splitLine(src []byte, n int) string {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return string(src)
}
