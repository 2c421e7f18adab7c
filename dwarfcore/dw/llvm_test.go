package dw

import (
	"encoding/binary"
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
