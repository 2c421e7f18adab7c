package macho_test

import (
	"debug/macho"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/canon"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/samples"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	machoobj "github.com/dwarfscope/dwarfscope/linkcore/macho"
)

// canonicalMachO is canon.Canonical of a Mach-O file's DWARF.
func canonicalMachO(t *testing.T, path string) []string {
	t.Helper()
	f, err := macho.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := f.DWARF()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return tooltest.Canonical(t, d)
}

// Addresses differ between an object and its dSYM (dsymutil moves every
// address to the linked image's); the comparison leaves them out:
// address attributes, DW_OP_addr operands and line rows. dsymutil also
// rewrites how units find their lists (DW_FORM_rnglistx with
// DW_AT_rnglists_base becomes a plain section offset, strings go through
// DW_AT_str_offsets_base): the unit bases and the class of DW_AT_ranges
// are left out too.
var (
	addrAttr  = regexp.MustCompile(`\b(Lowpc|Highpc)=\d+ `)
	opAddr    = regexp.MustCompile(`\bLocation=\[3( \d+){8}\]`)
	unitBases = regexp.MustCompile(`\b(StrOffsetsBase|RnglistsBase|AddrBase|LoclistsBase)=\S+ `)
	ranges    = regexp.MustCompile(`\bRanges=<\w+>`)
)

func withoutAddresses(c []string) []string {
	var out []string
	for _, s := range c {
		if strings.HasPrefix(s, "line ") {
			continue
		}
		s = addrAttr.ReplaceAllString(s, "$1=<address> ")
		s = opAddr.ReplaceAllString(s, "Location=[DW_OP_addr <address>]")
		s = unitBases.ReplaceAllString(s, "")
		s = ranges.ReplaceAllString(s, "Ranges=<ranges>")
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// TestDSYM links each sample's object with ld64.lld, has dsymutil-22 make
// a dSYM from the linked image (through the debug map lld wrote into it
// as stabs), and checks the dSYM verifies and
// holds the same DIE tree as the object, canonically, addresses aside.
func TestDSYM(t *testing.T) {
	for _, a := range arches {
		for _, p := range samples.Programs() {
			t.Run(a.arch.Name+"/"+p.Name, func(t *testing.T) { checkDSYM(t, a.arch, a.apple, p.Name, p.Src) })
		}
	}
}

func checkDSYM(t *testing.T, arch *target.Arch, apple, name string, src []byte) {
	dir := t.TempDir()
	res := build(t, name, src, arch, dwarfcore.ProfileZig)
	obj := tooltest.WriteFile(t, dir, strings.TrimSuffix(name, ".zig")+".o", res.ELF)
	img := strings.TrimSuffix(obj, ".o") + ".dylib"
	if out, err := tooltest.Run(t, "ld64.lld-22", append(ldArgs(apple, img), "-dylib", obj)...); err != nil {
		t.Fatalf("ld64.lld-22: %v\n%s", err, out)
	}
	dsym := img + ".dSYM"
	if out, err := tooltest.Run(t, "dsymutil-22", "--linker=parallel", img, "-o", dsym); err != nil || strings.TrimSpace(out) != "" {
		t.Fatalf("dsymutil-22: %v\n%s", err, out)
	}
	dwarfFile := filepath.Join(dsym, "Contents", "Resources", "DWARF", filepath.Base(img))
	out, _ := tooltest.Run(t, "llvm-dwarfdump-22", "--verify", dwarfFile)
	if strings.Contains(out, "error:") || !strings.Contains(out, "No errors.") {
		t.Errorf("llvm-dwarfdump-22 --verify on the dSYM:\n%s", out)
	}
	want := withoutAddresses(canonicalMachO(t, obj))
	got := withoutAddresses(canonicalMachO(t, dwarfFile))
	// Thread-locals are kept too: their DW_OP_addr is relocated
	// (macho.Container.DebugOptions: StaticTLS).
	if d := canon.CanonicalDiff(want, got); d != "" {
		t.Errorf("the dSYM's DIE tree differs from the object's:\n%s", d)
	}
}

// TestDSYMCompanion writes each sample's dSYM companion (MH_DSYM, our
// writer) for both targets: LLVM's tools read every header, the DWARF
// verifies, and its DIE tree is the object's, canonically.
func TestDSYMCompanion(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, a := range arches {
		for _, p := range samples.Programs() {
			res := build(t, p.Name, p.Src, a.arch, dwarfcore.ProfileZig)
			f, err := machoobj.WriteObject(res.Object, machoobj.WriteOptions{DSYM: true, Slack: true})
			if err != nil {
				t.Fatalf("%s: %v", p.Name, err)
			}
			path := tooltest.WriteFile(t, dir, a.arch.Name+"-"+strings.TrimSuffix(p.Name, ".zig")+".dwarf", f.Bytes)
			paths = append(paths, path)
			out, err := tooltest.Run(t, "llvm-objdump-22", "--macho", "--all-headers", path)
			if err != nil || strings.Contains(out, "error") || !strings.Contains(out, "DSYM") ||
				!strings.Contains(out, "segname __LINKEDIT") || !strings.Contains(out, "sectname __debug_info") {
				t.Errorf("llvm-objdump-22 --macho --all-headers %s: %v\n%s", path, err, out)
			}
			if d := canon.CanonicalDiff(withoutAddresses(canonicalBytes(t, res.ELF)), withoutAddresses(canonicalBytes(t, f.Bytes))); d != "" {
				t.Errorf("%s: the dSYM's entries differ from the object's:\n%s", path, d)
			}
			checkAddresses(t, f.Bytes)
		}
	}
	tooltest.VerifyDWARF(t, paths...)
}
