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

// EstimateOutput returns a lower bound of the size in bytes of the ELF
// file Build writes for prog, computed from what the program declares
// before anything is encoded: the bytes of constants, anonymous data and
// initialised variables, and for every declaration its symbol (a symbol
// table entry and its name in .strtab) and its fully qualified name in
// .debug_str, and every type's name in .debug_str. Build compares it with
// Options.MaxOutput so that a program whose names multiply (a long
// container name times many declarations) is refused before its gigabytes
// are built.
func EstimateOutput(prog *lang.Program) uint64 {
	const symEntry = 16 // an Elf32_Sym; an Elf64_Sym is 24
	var total uint64
	for _, d := range prog.Decls {
		switch d.Kind {
		case lang.DeclVar, lang.DeclConst:
			if d.Type != nil && !d.Extern && (d.Kind == lang.DeclConst || d.Init != nil) {
				total += d.Type.Size
			}
		case lang.DeclFunc:
		default:
			continue
		}
		total += symEntry + uint64(len(d.Symbol())+1) + uint64(len(d.FQN)+1)
	}
	for _, a := range prog.Anons {
		if a.Type != nil {
			total += a.Type.Size
		}
	}
	if prog.Types != nil {
		for _, t := range prog.Types.All {
			total += uint64(len(t.Name))
		}
	}
	return total
}

// OutputTooLargeError is an output over Options.MaxOutput, found from the
// estimate before building (Estimated), from the estimate and the machine
// code generated so far (Code), or from the written file.
type OutputTooLargeError struct {
	Size, Limit uint64
	Estimated   bool
	Code        bool
}

func (e *OutputTooLargeError) Error() string {
	switch {
	case e.Code:
		return fmt.Sprintf("output of at least %d bytes (the estimate before building plus the machine code generated so far) is larger than the limit of %d bytes", e.Size, e.Limit)
	case e.Estimated:
		return fmt.Sprintf("output of at least %d bytes (estimated before building) is larger than the limit of %d bytes", e.Size, e.Limit)
	}
	return fmt.Sprintf("output of %d bytes is larger than the limit of %d bytes", e.Size, e.Limit)
}
