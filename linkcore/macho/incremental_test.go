package macho_test

import (
	"bytes"
	"debug/dwarf"
	"debug/macho"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/canon"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/linkcore"
	machoobj "github.com/dwarfscope/dwarfscope/linkcore/macho"
)

// canonicalBytes is canon.Canonical of a Mach-O image's DWARF.
func canonicalBytes(t *testing.T, image []byte) []string {
	t.Helper()
	f, err := macho.NewFile(bytes.NewReader(image))
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.DWARF()
	if err != nil {
		t.Fatal(err)
	}
	return tooltest.Canonical(t, d)
}

// sectionData returns the contents of a Mach-O image's section name.
func sectionData(t *testing.T, image []byte, name string) []byte {
	t.Helper()
	f, err := macho.NewFile(bytes.NewReader(image))
	if err != nil {
		t.Fatal(err)
	}
	s := f.Section(name)
	if s == nil {
		t.Fatalf("no section %s", name)
	}
	data, err := s.Data()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkAddresses checks that every function's DW_AT_low_pc and every
// variable's DW_OP_addr in a Mach-O object is the address of its symbol
// (by linkage name) in the object's symbol table.
func checkAddresses(t *testing.T, image []byte) {
	t.Helper()
	f, err := macho.NewFile(bytes.NewReader(image))
	if err != nil {
		t.Fatal(err)
	}
	syms := map[string]uint64{}
	for _, s := range f.Symtab.Syms {
		syms[goSymbolName(s.Name)] = s.Value
	}
	d, err := f.DWARF()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, e := range tooltest.Entries(t, d) {
		name, _ := e.Val(dwarf.AttrLinkageName).(string)
		if name == "" {
			continue
		}
		var addr uint64
		switch e.Tag {
		case dwarf.TagSubprogram:
			pc, ok := e.Val(dwarf.AttrLowpc).(uint64)
			if !ok {
				continue
			}
			addr = pc
		case dwarf.TagVariable:
			loc, ok := e.Val(dwarf.AttrLocation).([]byte)
			if !ok || len(loc) != 9 || loc[0] != 0x03 { // DW_OP_addr alone: not a thread-local
				continue
			}
			addr = binary.LittleEndian.Uint64(loc[1:])
		default:
			continue
		}
		want, ok := syms[name]
		if !ok {
			t.Errorf("%s %s has no symbol", e.Tag, name)
			continue
		}
		if addr != want {
			t.Errorf("%s %s: address %#x in DWARF, symbol at %#x", e.Tag, name, addr, want)
		}
		checked++
	}
	if checked == 0 {
		t.Errorf("no address checked")
	}
}

// editVersions returns versions of a program that exercise an incremental
// build: every line moved, a value changed, declarations added (a struct big enough to make
// .debug_info and others outgrow their slots), a declaration renamed, the
// additions removed again.
func editVersions(src []byte) [][]byte {
	base := string(src)
	var big strings.Builder
	big.WriteString("const Grown = struct {\n")
	for i := range 60 {
		fmt.Fprintf(&big, "    field_%d: u%d = %d,\n", i, 8+i%24, i)
	}
	big.WriteString("};\nvar grown: Grown = .{};\n")
	vs := []string{
		base,
		"\n" + base, // every declaration one line down: new line rows, in place
		base + "var added_value: u64 = 1;\n",
		base + "var added_value: u64 = 0x123456789;\n",
		base + "var added_value: u64 = 0x123456789;\nconst added_const: u32 = 77;\n",
		base + "var added_value: u64 = 0x123456789;\nconst added_const: u32 = 77;\n" + big.String(),
		base + "var renamed_value: u64 = 0x123456789;\n" + big.String(),
		base + "var renamed_value: i16 = -5;\n" + big.String(),
		base,
	}
	out := make([][]byte, len(vs))
	for i, v := range vs {
		out[i] = []byte(v)
	}
	return out
}

// TestIncrementalEqualsFresh builds sequences of edits incrementally and
// checks, after every update, that the object and its dSYM companion
// decode to the same DWARF entries as a fresh Mach-O build of the same
// source (addresses checked against each file's own symbols); every image
// (sections moved and all) verifies with llvm-dwarfdump and is read by
// llvm-objdump.
func TestIncrementalEqualsFresh(t *testing.T) {
	dir := t.TempDir()
	var images []string
	moves, dsymMoves, quick := 0, 0, 0
	for _, a := range arches {
		for _, c := range corpus.Corpus(corpusSize(t)/2+1, 100) {
			t.Run(a.arch.Name+"/"+c.Name, func(t *testing.T) {
				opts := linkcore.Options{Debug: dwarfcore.Options{Arch: a.arch, Lines: dwarfcore.LinesPlain}}
				in, err := linkcore.NewMachOIncremental(opts)
				if err != nil {
					t.Fatal(err)
				}
				for i, v := range editVersions(c.Src) {
					step, err := in.Update(c.Name, v)
					if err != nil {
						t.Fatalf("version %d: %v", i, err)
					}
					moves += len(step.Moves)
					fresh, err := linkcore.Build(c.Name, v, linkcore.Options{Container: machoobj.Container, Debug: opts.Debug})
					if err != nil {
						t.Fatalf("version %d fresh: %v", i, err)
					}
					// Addresses depend on where the sections are (they move);
					// they are compared with the image's own symbols.
					if d := canon.CanonicalDiff(withoutAddresses(canonicalBytes(t, fresh.ELF)),
						withoutAddresses(canonicalBytes(t, in.Image()))); d != "" {
						t.Fatalf("version %d: incremental differs from fresh:\n%s", i, d)
					}
					checkAddresses(t, in.Image())
					// The same options: the abbreviation tables are equal.
					if a, b := sectionData(t, fresh.ELF, "__debug_abbrev"), sectionData(t, in.Image(), "__debug_abbrev"); !bytes.Equal(a, b) {
						t.Fatalf("version %d: incremental abbreviation table differs from fresh:\n% x\n% x", i, b, a)
					}
					// The dSYM companion: the same entries as a fresh
					// dSYM of the same object.
					freshDSYM, err := machoobj.WriteObject(fresh.Object, machoobj.WriteOptions{DSYM: true})
					if err != nil {
						t.Fatal(err)
					}
					if d := canon.CanonicalDiff(withoutAddresses(canonicalBytes(t, freshDSYM.Bytes)),
						withoutAddresses(canonicalBytes(t, in.DSYM().Bytes))); d != "" {
						t.Fatalf("version %d: incremental dSYM differs from fresh:\n%s", i, d)
					}
					checkAddresses(t, in.DSYM().Bytes)
					dsymMoves += len(step.DSYMMoves)
					// The dSYM describes the object's address space: its
					// sections are where the object's are.
					addr := map[string]uint64{}
					for _, s := range in.File().Sections {
						addr[s.Source] = s.Addr
					}
					for _, s := range in.DSYM().Sections {
						if a, ok := addr[s.Source]; !ok || a != s.Addr {
							t.Errorf("version %d: dSYM section %s,%s at %#x, the object's at %#x (%v)", i, s.Seg, s.Name, s.Addr, a, ok)
						}
					}
					// Both files are, byte for byte, what the writer lays
					// out over them (nothing moves): the quick path's
					// in-place writes included.
					for _, f := range []struct {
						name string
						file *machoobj.File
						dsym bool
					}{{"object", in.File(), false}, {"dSYM", in.DSYM(), true}} {
						again, err := machoobj.WriteObject(in.Last().Object, machoobj.WriteOptions{Prev: f.file, DSYM: f.dsym})
						if err != nil {
							t.Fatal(err)
						}
						if len(again.Moves) > 0 || !bytes.Equal(again.Bytes, f.file.Bytes) {
							t.Fatalf("version %d: the %s differs from the writer's over it (%d moves, %d bytes differ)", i, f.name,
								len(again.Moves), linkcore.ChangedBytes(f.file.Bytes, again.Bytes))
						}
					}
					base := fmt.Sprintf("%s-%s-%d", a.arch.Name, strings.TrimSuffix(c.Name, ".zig"), i)
					images = append(images, tooltest.WriteFile(t, dir, base+".dwarf", in.DSYM().Bytes),
						tooltest.WriteFile(t, dir, base+".o", in.Image()))
				}
				quick += in.QuickUpdates()
			})
		}
	}
	if quick == 0 {
		t.Errorf("no update took the quick path: the value edits do not exercise it")
	}
	if moves == 0 || dsymMoves == 0 {
		t.Errorf("no piece of any image (%d) or dSYM (%d) moved: the edits do not exercise growth", moves, dsymMoves)
	}
	tooltest.VerifyDWARF(t, images...)
	out, err := tooltest.Run(t, "llvm-objdump-22", append([]string{"--macho", "--all-headers", "-r"}, images...)...)
	if err != nil || strings.Contains(out, "error") || strings.Contains(out, "warning") {
		t.Errorf("llvm-objdump-22: %v\n%s", err, tooltest.Complaints(out))
	}
}
