package verify

import (
	"context"
	"debug/dwarf"
	"debug/elf"
	"errors"
	"fmt"
	"io"
)

// GoDWARF reads each file with Go's debug/elf and debug/dwarf: every
// entry of every unit; every reference attribute must point at the start
// of an entry; every DW_AT_type must decode with Data.Type; every
// compilation unit's line table must read to its end, and its ranges
// (and those of each subprogram) must decode.
func GoDWARF(ctx context.Context, files []string) []Finding {
	var fs []Finding
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		for _, msg := range goDWARFFile(f) {
			fs = append(fs, Finding{Check: "go-dwarf", File: f, Severity: Error, Msg: msg})
		}
	}
	return fs
}

// goDWARFFile returns the problems in one file (at most maxPerFile).
func goDWARFFile(path string) (problems []string) {
	report := func(format string, args ...any) bool {
		if len(problems) < maxPerFile {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
		return len(problems) < maxPerFile
	}
	defer func() {
		if r := recover(); r != nil {
			report("panic in debug/dwarf: %v", r)
		}
	}()
	ef, err := elf.Open(path)
	if err != nil {
		report("debug/elf: %v", err)
		return
	}
	defer ef.Close()
	d, err := ef.DWARF()
	if err != nil {
		report("debug/elf DWARF: %v", err)
		return
	}
	r := d.Reader()
	seek := d.Reader()
	entries := 0
	for {
		e, err := r.Next()
		if err != nil {
			report("reading entries: %v", err)
			return
		}
		if e == nil {
			break
		}
		entries++
		for _, fld := range e.Field {
			switch fld.Class {
			case dwarf.ClassReference:
				off, ok := fld.Val.(dwarf.Offset)
				if !ok {
					if !report("entry %#x: %v has value %T, not an offset", e.Offset, fld.Attr, fld.Val) {
						return
					}
					continue
				}
				seek.Seek(off)
				t, err := seek.Next()
				switch {
				case err != nil:
					report("entry %#x: %v -> %#x: %v", e.Offset, fld.Attr, off, err)
				case t == nil || t.Offset != off:
					report("entry %#x: %v -> %#x is not the start of an entry", e.Offset, fld.Attr, off)
				}
				if fld.Attr == dwarf.AttrType {
					if _, err := d.Type(off); err != nil {
						report("entry %#x: DW_AT_type -> %#x: %v", e.Offset, off, err)
					}
				}
			case dwarf.ClassReferenceAlt:
				report("entry %#x: %v refers to a supplementary file (DW_FORM_GNU_ref_alt)", e.Offset, fld.Attr)
			}
		}
		switch e.Tag {
		case dwarf.TagCompileUnit, dwarf.TagPartialUnit:
			readLines(d, e, report)
			if _, err := d.Ranges(e); err != nil {
				report("unit %#x: ranges: %v", e.Offset, err)
			}
		case dwarf.TagSubprogram:
			if _, err := d.Ranges(e); err != nil {
				report("subprogram %#x: ranges: %v", e.Offset, err)
			}
		}
		if len(problems) >= maxPerFile {
			return
		}
	}
	if entries == 0 {
		report("no entries in .debug_info")
	}
	return
}

func readLines(d *dwarf.Data, cu *dwarf.Entry, report func(string, ...any) bool) {
	lr, err := d.LineReader(cu)
	if err != nil {
		report("unit %#x: line table: %v", cu.Offset, err)
		return
	}
	if lr == nil {
		if cu.Val(dwarf.AttrStmtList) != nil {
			report("unit %#x: DW_AT_stmt_list but no line table", cu.Offset)
		}
		return
	}
	var le dwarf.LineEntry
	for {
		err := lr.Next(&le)
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			report("unit %#x: line table: %v", cu.Offset, err)
			return
		}
	}
}
