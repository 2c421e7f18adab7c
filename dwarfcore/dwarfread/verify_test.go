package dwarfread

import (
	"encoding/binary"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
)

// llvmVerify runs llvm-dwarfdump-22 --verify and reports whether it
// found the file clean.
func llvmVerify(t *testing.T, path string) (bool, string) {
	t.Helper()
	out, err := exec.Command("llvm-dwarfdump-22", "--verify", path).CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return err == nil, string(out)
}

// TestVerifyCleanCorpus: llvm-dwarfdump-22 --verify finds every corpus
// file clean, and so does Verify.
func TestVerifyCleanCorpus(t *testing.T) {
	for _, f := range corpus(t) {
		t.Run(f.name, func(t *testing.T) {
			clean, out := llvmVerify(t, f.path)
			findings := readFile(t, f.path).Verify()
			if !clean && llvmLacksGNUConvert(out) {
				// gcc -O2 writes DW_OP_GNU_convert (0xf7), which
				// llvm-dwarfdump cannot decode; its operand names a
				// base type DIE of the unit, as it must
				t.Logf("llvm-dwarfdump-22 cannot decode DW_OP_GNU_convert; the file is otherwise clean")
				clean = true
			}
			if clean != (len(findings) == 0) {
				t.Errorf("llvm-dwarfdump-22 --verify clean: %t; Verify: %v\n%s", clean, findings, out)
			}
		})
	}
}

// TestVerifyCorruptions damages a gcc executable in named ways; both
// llvm-dwarfdump-22 --verify and Verify must report each, Verify with the
// offset of the damage.
func TestVerifyCorruptions(t *testing.T) {
	var path string
	for _, f := range corpus(t) {
		if f.name == "gcc-gdwarf-5-O0" {
			path = f.path
		}
	}
	orig := mustReadFile(t, path)
	d := readFile(t, path)
	info := d.File.Sections[d.Section(".debug_info").Index]
	u := d.Units[0]
	// attr finds the first attribute at with form, from DIE index 1 on.
	attr := func(at dw.Attr, form dw.Form) Attr {
		for _, die := range u.DIEs[1:] {
			for _, a := range die.Attrs {
				if a.Attr == at && a.Form == form {
					return a
				}
			}
		}
		t.Fatalf("no %s in %s", at, form)
		return Attr{}
	}
	put32 := func(b []byte, off uint64, v uint32) { binary.LittleEndian.PutUint32(b[info.Offset+off:], v) }
	cases := []struct {
		name    string
		damage  func(b []byte)
		atLeast uint64 // the finding's offset is at or after this
	}{
		{"abbreviation code not in the table", func(b []byte) { b[info.Offset+u.DIEs[1].Off] = 0x7e }, u.Off},
		{"DW_AT_type reference outside its unit", func(b []byte) { put32(b, attr(dw.AttrType, dw.FormRef4).Off, 0x00ffffff) }, attr(dw.AttrType, dw.FormRef4).Off},
		{"DW_FORM_strp past .debug_str", func(b []byte) { put32(b, attr(dw.AttrName, dw.FormStrp).Off, 0xfffffff0) }, attr(dw.AttrName, dw.FormStrp).Off},
		{"unit_length past the section end", func(b []byte) { put32(b, 0, 0x7ffffff0) }, 0},
		{"DW_AT_decl_file index out of range", func(b []byte) { b[info.Offset+attr(dw.AttrDeclFile, dw.FormData1).Off] = 0xfe }, attr(dw.AttrDeclFile, dw.FormData1).Off},
		{"DW_AT_stmt_list past .debug_line", func(b []byte) {
			put32(b, u.DIEs[0].Attrs[func() int {
				for i, a := range u.DIEs[0].Attrs {
					if a.Attr == dw.AttrStmtList {
						return i
					}
				}
				return 0
			}()].Off, 0x00fffff0)
		}, 0},
	}
	for _, c := range cases {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			b := append([]byte(nil), orig...)
			c.damage(b)
			p := t.TempDir() + "/damaged"
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			clean, out := llvmVerify(t, p)
			// llvm-dwarfdump reports an unknown abbreviation code as a
			// warning and still exits 0
			if clean && !strings.Contains(out, "contains invalid abbreviation") {
				t.Errorf("llvm-dwarfdump-22 --verify finds the damage clean:\n%s", out)
			}
			dd, err := Read(b)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			findings := dd.Verify()
			if len(findings) == 0 {
				t.Fatal("Verify finds nothing")
			}
			found := false
			for _, f := range findings {
				if f.Off >= c.atLeast {
					found = true
				}
			}
			if !found {
				t.Errorf("no finding at or after 0x%x: %v", c.atLeast, findings)
			}
			t.Logf("%s", findings[0])
		})
	}
}

// llvmLacksGNUConvert reports whether llvm-dwarfdump --verify's only
// errors are expressions it could not decode at a DW_OP_GNU_convert.
func llvmLacksGNUConvert(out string) bool {
	errs := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "error: ") && !strings.HasPrefix(line, "error: Aggregated") {
			if line != "error: DIE contains invalid DWARF expression:" && !strings.HasPrefix(line, "error: Invalid DWARF expressions occurred") {
				return false
			}
			errs++
		}
		if strings.Contains(line, "<decoding error>") && !strings.Contains(line, "<decoding error> f7") {
			return false
		}
	}
	return errs > 0
}
