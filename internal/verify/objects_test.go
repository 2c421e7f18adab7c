package verify

import (
	"bytes"
	"context"
	"encoding/binary"
	"slices"
	"testing"
)

// TestObjectChecks: ReadelfHeaders and Disassemble accept gcc's object and
// find a damaged one.
func TestObjectChecks(t *testing.T) {
	Require(t, "readelf", "objdump")
	good := goodObject(t)
	dir := t.TempDir()
	ctx := context.Background()

	path := writeFile(t, dir, "good.o", good)
	if fs := Filter(ReadelfHeaders(ctx, []string{path}), Warning); len(fs) > 0 {
		t.Errorf("readelf -a on gcc's object: %v", fs)
	}
	funcs, fs := Disassemble(ctx, path)
	if len(fs) > 0 || !slices.Contains(funcs, "f") {
		t.Errorf("objdump -d on gcc's object: functions %v, findings %v", funcs, fs)
	}

	// A symbol table entry whose name is past the end of .strtab.
	_, symtab := sectionHeaderOffset(t, good, ".symtab")
	bad := bytes.Clone(good)
	binary.LittleEndian.PutUint32(bad[symtab.Offset+24:], 0x7fffffff) // entry 1's st_name
	path = writeFile(t, dir, "badsym.o", bad)
	if fs := Filter(ReadelfHeaders(ctx, []string{path}), Warning); len(fs) == 0 {
		t.Errorf("readelf -a found nothing wrong with a symbol name past .strtab")
	}

	// .text full of bytes that are no x86-64 instruction.
	_, text := sectionHeaderOffset(t, good, ".text")
	bad = bytes.Clone(good)
	for i := range text.Size {
		bad[text.Offset+i] = 0x06 // push es: invalid in 64-bit mode
	}
	path = writeFile(t, dir, "badtext.o", bad)
	if _, fs := Disassemble(ctx, path); len(fs) == 0 {
		t.Errorf("objdump -d found nothing wrong with undecodable .text")
	}
}
