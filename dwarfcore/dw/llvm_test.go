package dw

import (
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/dwarfdump"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// llvmLacks are the vendor values llvm-dwarfdump-22 does not name (it
// prints DW_AT_unknown_2ccd); every other name must be llvm's.
var llvmLacks = map[string]bool{
	TagZIGPadding.String(): true, AttrZIGParent.String(): true, AttrZIGPadding.String(): true,
	AttrZIGIsAllowzero.String(): true, AttrZIGSentinel.String(): true,
	AttrGOPackageName.String(): true, AttrGODictIndex.String(): true, AttrGOClosureOffset.String(): true,
}

// llvmCannotDecode are the operations llvm-dwarfdump-22's expression
// decoder does not know (four of DWARF 5's typed operations and GNU
// extensions gcc writes): it prints "<decoding error>" and the bytes.
var llvmCannotDecode = map[Op]bool{
	OpConstType: true, OpDerefType: true, OpXderefType: true,
	OpReinterpret: true, OpGNUUninit: true, OpGNUParameterRef: true, OpGNUConvert: true, OpGNUReinterpret: true,
}

// dumpSections adds sections to an empty ELF object (as, objcopy) and
// returns what llvm-dwarfdump-22 prints of it with args.
func dumpSections(t *testing.T, sections map[string][]byte, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	run := func(name string, args ...string) {
		if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%s (Debian binutils; scripts/test.sh installs it)", name, strings.Join(args, " "), err, out)
		}
	}
	empty := filepath.Join(dir, "empty.o")
	run("as", "-o", empty, "/dev/null")
	var add []string
	for name, b := range sections {
		path := filepath.Join(dir, strings.TrimPrefix(name, "."))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		add = append(add, "--add-section", name+"="+path)
	}
	obj := filepath.Join(dir, "dwarf.o")
	run("objcopy", append(add, empty, obj)...)
	return dwarfdump.MustRun(t, append(args, obj)...)
}

func uleb(vs ...uint64) []byte {
	var b []byte
	for _, v := range vs {
		b = leb128.AppendUnsigned(b, v)
	}
	return b
}

// checkName compares our name of value v with llvm-dwarfdump-22's.
func checkName(t *testing.T, names Namer, v uint64, llvm string) {
	t.Helper()
	ours, known := names.Lookup(v)
	llvmUnknown := strings.HasSuffix(llvm, "_unknown_"+strconv.FormatUint(v, 16))
	switch {
	case known && ours == llvm:
	case known && llvmLacks[ours] && llvmUnknown:
	case !known && llvm == names.Name(v):
	default:
		t.Errorf("0x%x: llvm-dwarfdump-22 says %s, we say %s", v, llvm, names.Name(v))
	}
}

// TestNamesMatchLLVM writes one abbreviation per tag value 1..0xffff and
// one attribute specification per attribute value 1..0xffff and form
// value 1..0x1fff, and checks that llvm-dwarfdump-22 --debug-abbrev names
// every one as the tables do (llvmLacks aside), unknown values included.
func TestNamesMatchLLVM(t *testing.T) {
	const maxForm = 0x2000
	var abbrev []byte
	abbrev = append(abbrev, uleb(1, uint64(TagVariable), uint64(ChildrenNo))...)
	for a := uint64(1); a <= 0xffff; a++ {
		abbrev = append(abbrev, uleb(a, uint64(FormUdata))...)
	}
	for f := uint64(1); f < maxForm; f++ {
		abbrev = append(abbrev, uleb(uint64(AttrName), f)...)
		if Form(f) == FormImplicitConst {
			abbrev = append(abbrev, 0) // its SLEB128 value
		}
	}
	abbrev = append(abbrev, 0, 0)
	for tag := uint64(1); tag <= 0xffff; tag++ {
		abbrev = append(abbrev, uleb(tag+1, tag, uint64(ChildrenNo), 0, 0)...)
	}
	abbrev = append(abbrev, 0)
	out := dumpSections(t, map[string][]byte{".debug_abbrev": abbrev}, "--debug-abbrev")

	decl := regexp.MustCompile(`^\[(\d+)\] (\S+)\s`)
	spec := regexp.MustCompile(`^\t(\S+)\t(\S+)`)
	var tags, attrs, forms int
	for _, line := range strings.Split(out, "\n") {
		if m := decl.FindStringSubmatch(line); m != nil {
			code, _ := strconv.ParseUint(m[1], 10, 64)
			if code > 1 {
				checkName(t, TagNames, code-1, m[2])
				tags++
			}
			continue
		}
		m := spec.FindStringSubmatch(line)
		switch {
		case m == nil:
		case attrs < 0xffff:
			attrs++
			checkName(t, AttrNames, uint64(attrs), m[1])
		default:
			forms++
			checkName(t, FormNames, uint64(forms), m[2])
		}
	}
	if tags != 0xffff || attrs != 0xffff || forms != maxForm-1 {
		t.Fatalf("llvm-dwarfdump-22 listed %d tags, %d attributes, %d forms", tags, attrs, forms)
	}
}

// TestValuesMatchLLVM writes one compile unit per enumerated attribute
// whose root DIE holds that attribute once per value, and checks that
// llvm-dwarfdump-22 --debug-info names every value as Attr.Values does.
func TestValuesMatchLLVM(t *testing.T) {
	attrs := []struct {
		attr Attr
		max  uint64 // values 0..max, data1 or data2
	}{
		{AttrLanguage, 0xffff}, {AttrEncoding, 0xff}, {AttrAccessibility, 0xff}, {AttrVisibility, 0xff},
		{AttrVirtuality, 0xff}, {AttrIdentifierCase, 0xff}, {AttrCallingConvention, 0xff},
		{AttrInline, 0xff}, {AttrOrdering, 0xff}, {AttrDecimalSign, 0xff}, {AttrEndianity, 0xff},
		{AttrDefaulted, 0xff},
	}
	var abbrev, info []byte
	for i, a := range attrs {
		form := FormData1
		if a.max > 0xff {
			form = FormData2
		}
		code := uint64(i + 1)
		abbrev = append(abbrev, uleb(code, uint64(TagCompileUnit), uint64(ChildrenNo))...)
		var die []byte
		die = append(die, uleb(code)...)
		for v := uint64(0); v <= a.max; v++ {
			abbrev = append(abbrev, uleb(uint64(a.attr), uint64(form))...)
			if form == FormData1 {
				die = append(die, byte(v))
			} else {
				die = binary.LittleEndian.AppendUint16(die, uint16(v))
			}
		}
		abbrev = append(abbrev, 0, 0)
		// DWARF 5 unit header: unit_length, version, unit_type,
		// address_size, debug_abbrev_offset
		hdr := binary.LittleEndian.AppendUint32(nil, uint32(2+1+1+4+len(die)))
		hdr = binary.LittleEndian.AppendUint16(hdr, 5)
		hdr = append(hdr, byte(UTCompile), 8)
		hdr = binary.LittleEndian.AppendUint32(hdr, 0)
		info = append(append(info, hdr...), die...)
	}
	abbrev = append(abbrev, 0)
	out := dumpSections(t, map[string][]byte{".debug_abbrev": abbrev, ".debug_info": info}, "--debug-info")

	value := regexp.MustCompile(`^\s+(DW_AT_\w+)\s+\((.*)\)$`)
	counts := map[Attr]uint64{}
	byName := map[string]Attr{}
	for _, a := range attrs {
		byName[a.attr.String()] = a.attr
	}
	for _, line := range strings.Split(out, "\n") {
		m := value.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		a, ok := byName[m[1]]
		if !ok {
			t.Fatalf("unexpected attribute in %q", line)
		}
		v := counts[a]
		counts[a]++
		ours, known := a.Values().Lookup(v)
		llvmKnows := strings.HasPrefix(m[2], "DW_")
		if known != llvmKnows || known && ours != m[2] {
			t.Errorf("%v 0x%x: llvm-dwarfdump-22 says %s, we say %q (known %v)", a, v, m[2], ours, known)
		}
	}
	for _, a := range attrs {
		if counts[a.attr] != a.max+1 {
			t.Errorf("%v: llvm-dwarfdump-22 printed %d values, want %d", a.attr, counts[a.attr], a.max+1)
		}
	}
}

// TestOpsMatchLLVM writes every operation the table names, with operands
// of the encodings Operands gives and a DW_OP_nop after them, as one
// DW_AT_location each, and checks that llvm-dwarfdump-22 names the
// operation as the table does and reads exactly its operands (it reaches
// the DW_OP_nop).
func TestOpsMatchLLVM(t *testing.T) {
	operand := map[Operand][]byte{
		OperandU1: {1}, OperandS1: {0xff}, OperandU2: {1, 0}, OperandS2: {0xfe, 0xff},
		OperandU4: {1, 0, 0, 0}, OperandS4: {0xfe, 0xff, 0xff, 0xff},
		OperandU8: {1, 0, 0, 0, 0, 0, 0, 0}, OperandS8: {0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		OperandULEB: {0x80, 0x00}, OperandSLEB: {0x7e}, OperandAddr: {1, 0, 0, 0, 0, 0, 0, 0},
		OperandRef: {1, 0, 0, 0}, OperandBlock: {2, 0xaa, 0xbb}, OperandBlock1: {1, 0xaa}, OperandExpr: {1, byte(OpLit1)},
		OperandWASMArg: {0x05},
	}
	// The unit's root DIE has two children: a base type at unit offset
	// baseType, which the typed operations (DW_OP_const_type ...) refer
	// to (with a size, where they take one, of 1 as the type's), and a
	// variable with one DW_AT_location per operation.
	const baseType = 12 + 1 // after the unit header and the root's code
	typed := map[Op]bool{OpConstType: true, OpDerefType: true, OpXderefType: true, OpRegvalType: true, OpConvert: true}
	abbrev := uleb(1, uint64(TagCompileUnit), uint64(ChildrenYes), 0, 0)
	abbrev = append(abbrev, uleb(2, uint64(TagBaseType), uint64(ChildrenNo),
		uint64(AttrByteSize), uint64(FormData1), uint64(AttrEncoding), uint64(FormData1), 0, 0)...)
	abbrev = append(abbrev, uleb(3, uint64(TagVariable), uint64(ChildrenNo))...)
	die := []byte{1, 2, 1, byte(ATESigned), 3} // a 1-byte signed base type
	var ops []Op
	for v := 0; v < 256; v++ {
		op := Op(v)
		if _, ok := OpNames.Lookup(uint64(v)); !ok {
			continue
		}
		expr := []byte{byte(op)}
		for _, k := range op.Operands() {
			switch {
			case k == OperandULEB && typed[op]:
				expr = append(expr, baseType)
				continue
			}
			expr = append(expr, operand[k]...)
		}
		expr = append(expr, byte(OpNop))
		abbrev = append(abbrev, uleb(uint64(AttrLocation), uint64(FormExprloc))...)
		die = append(append(die, uleb(uint64(len(expr)))...), expr...)
		ops = append(ops, op)
	}
	abbrev = append(abbrev, 0, 0, 0)
	die = append(die, 0) // end of the root's children
	info := binary.LittleEndian.AppendUint32(nil, uint32(2+1+1+4+len(die)))
	info = binary.LittleEndian.AppendUint16(info, 5)
	info = append(info, byte(UTCompile), 8)
	info = binary.LittleEndian.AppendUint32(info, 0)
	info = append(info, die...)
	out := dumpSections(t, map[string][]byte{".debug_abbrev": abbrev, ".debug_info": info}, "--debug-info")

	value := regexp.MustCompile(`^\s+DW_AT_location\s+\((.*)\)$`)
	i := 0
	for _, line := range strings.Split(out, "\n") {
		m := value.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if i >= len(ops) {
			t.Fatalf("more locations than operations: %q", line)
		}
		op := ops[i]
		i++
		name, _, _ := strings.Cut(m[1], " ")
		name, _, _ = strings.Cut(name, ",")
		name, _, _ = strings.Cut(name, "(")
		if llvmCannotDecode[op] {
			if !strings.HasPrefix(m[1], fmt.Sprintf("<decoding error> %02x", uint8(op))) {
				t.Errorf("0x%02x %v: llvm-dwarfdump-22 now reads (%s); take it off llvmCannotDecode", uint8(op), op, m[1])
			}
			continue
		}
		if name != op.String() || !strings.HasSuffix(m[1], ", DW_OP_nop") {
			t.Errorf("0x%02x %v %v: llvm-dwarfdump-22 reads (%s)", uint8(op), op, op.Operands(), m[1])
		}
	}
	if i != len(ops) {
		t.Errorf("llvm-dwarfdump-22 printed %d of %d locations", i, len(ops))
	}
}
