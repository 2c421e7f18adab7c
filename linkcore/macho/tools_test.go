package macho_test

import (
	"debug/macho"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/internal/samples"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/linkcore"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
	machoobj "github.com/dwarfscope/dwarfscope/linkcore/macho"
)

// corpusSize is how many generated programs the tests build per target:
// DWARFSCOPE_MACHO_CORPUS, or a few in a normal run.
func corpusSize(t *testing.T) int {
	return tooltest.EnvInt(t, "DWARFSCOPE_MACHO_CORPUS", 8)
}

// arches are the targets Mach-O objects are written for, with the
// -arch name of Apple's tools.
var arches = []struct {
	arch  *target.Arch
	apple string
}{
	{target.X86_64, "x86_64"},
	{target.AArch64, "arm64"},
}

// build builds src as a Mach-O object through linkcore.Build (32-bit
// DWARF).
func build(t *testing.T, name string, src []byte, arch *target.Arch, profile dwarfcore.Profile) *linkcore.Result {
	t.Helper()
	return buildFormat(t, name, src, arch, profile, dwarfcore.DWARF32)
}

func buildFormat(t *testing.T, name string, src []byte, arch *target.Arch, profile dwarfcore.Profile, format dwarfcore.Format) *linkcore.Result {
	t.Helper()
	// Plain line programs, as the command line and the export API default
	// to: stock readers do not know the seed's DW_LNE_ZIG_set_decl.
	res, err := linkcore.Build(name, src, linkcore.Options{Container: machoobj.Container,
		Debug: dwarfcore.Options{Arch: arch, Profile: profile, Lines: dwarfcore.LinesPlain, Format: format}})
	if err != nil {
		t.Fatalf("%s (%s): %v", name, arch.Name, err)
	}
	return res
}

// writeObjects builds every source for arch into dir (in 64-bit DWARF
// too with dwarf64) and returns the paths.
func writeObjects(t *testing.T, dir string, arch *target.Arch, srcs []samples.Program, dwarf64 bool) []string {
	var paths []string
	for _, s := range srcs {
		base := strings.TrimSuffix(s.Name, ".zig")
		if dwarf64 {
			res := buildFormat(t, s.Name, s.Src, arch, dwarfcore.ProfileZig, dwarfcore.DWARF64)
			paths = append(paths, tooltest.WriteFile(t, dir, base+"-dwarf64.o", res.ELF))
		}
		res := build(t, s.Name, s.Src, arch, dwarfcore.ProfileZig)
		paths = append(paths, tooltest.WriteFile(t, dir, base+".o", res.ELF))
	}
	return paths
}

// TestLLVMReadsObjects builds the samples and the corpus for x86_64 and
// arm64, in 32- and 64-bit DWARF, and has LLVM's tools read every one: llvm-dwarfdump --verify finds
// no error, llvm-objdump --macho --all-headers, llvm-otool -l and
// llvm-readobj read every header without complaint.
func TestLLVMReadsObjects(t *testing.T) {
	srcs := corpus.WithSamples(corpusSize(t))
	for _, a := range arches {
		t.Run(a.arch.Name, func(t *testing.T) {
			paths := writeObjects(t, t.TempDir(), a.arch, srcs, true)
			tooltest.VerifyDWARF(t, paths...)
			for _, p := range paths {
				out, err := tooltest.Run(t, "llvm-objdump-22", "--macho", "--all-headers", p)
				if err != nil || strings.Contains(out, "error") || strings.Contains(out, "warning") {
					t.Errorf("llvm-objdump-22 --macho --all-headers %s: %v\n%s", p, err, out)
				}
				for _, want := range []string{"MH_MAGIC_64", "OBJECT", "LC_SEGMENT_64", "LC_BUILD_VERSION", "LC_SYMTAB", "LC_DYSYMTAB",
					"sectname __text", "sectname __debug_info", "sectname __debug_abbrev", "sectname __debug_line", "segname __DWARF"} {
					if !strings.Contains(out, want) {
						t.Errorf("llvm-objdump-22 --macho --all-headers %s: no %q\n%s", p, want, out)
					}
				}
				out, err = tooltest.Run(t, "llvm-otool-22", "-l", p)
				if err != nil || strings.Contains(out, "error") || !strings.Contains(out, "platform 1") {
					t.Errorf("llvm-otool-22 -l %s: %v\n%s", p, err, out)
				}
				out, err = tooltest.Run(t, "llvm-readobj-22", "--file-headers", "--sections", "--relocations", "--symbols", "--macho-version-min", p)
				if err != nil || strings.Contains(out, "error") || strings.Contains(out, "warning") {
					t.Errorf("llvm-readobj-22 %s: %v\n%s", p, err, out)
				}
				if want := "Arch: " + map[string]string{"x86_64": "x86_64", "arm64": "aarch64"}[a.apple]; !strings.Contains(out, want) {
					t.Errorf("llvm-readobj-22 %s: no %s\n%s", p, want, out)
				}
			}
		})
	}
}

// ldArgs are the arguments of ld64.lld for an image of arch. lld writes
// the debug map (stabs: N_SO, N_OSO, N_FUN, N_STSYM) into the image, from
// each object's unit name and directory.
func ldArgs(apple, out string) []string {
	return []string{"-arch", apple, "-platform_version", "macos", "11.0", "11.0", "-o", out}
}

// TestLD64Links links every object with ld64.lld: the corpus programs
// into executables whose entry point is their exported gen_entry, the
// samples (which export nothing) into dylibs; every symbol of the object
// is in the image, and the image's stabs, as dsymutil reads them, name
// the object and map each of its symbols from its address there to its
// address in the image.
func TestLD64Links(t *testing.T) {
	srcs := corpus.WithSamples(corpusSize(t))
	for _, a := range arches {
		t.Run(a.arch.Name, func(t *testing.T) {
			dir := t.TempDir()
			paths := writeObjects(t, dir, a.arch, srcs, false)
			for _, p := range paths {
				out := strings.TrimSuffix(p, ".o")
				args := ldArgs(a.apple, out)
				if strings.HasPrefix(filepath.Base(p), "gen_") {
					args = append(args, "-e", "_gen_entry")
				} else {
					args = append(args, "-dylib")
				}
				if msg, err := tooltest.Run(t, "ld64.lld-22", append(args, p)...); err != nil || msg != "" {
					t.Errorf("ld64.lld-22 %s: %v\n%s", p, err, msg)
					continue
				}
				objSyms, err := symbolAddrs(p)
				if err != nil {
					t.Fatal(err)
				}
				imgSyms, err := symbolAddrs(out)
				if err != nil {
					t.Fatalf("%s: %v", out, err)
				}
				for name := range objSyms {
					if _, ok := imgSyms[name]; !ok {
						t.Errorf("%s: symbol %s is not in the linked image", out, name)
					}
				}
				checkStabs(t, out, p, objSyms, imgSyms)
			}
		})
	}
}

// debugMapSymbol is one symbol line of dsymutil's debug map.
var debugMapSymbol = regexp.MustCompile(`^\s*- \{ sym: (\S+), objAddr: 0x([0-9A-Fa-f]+), binAddr: 0x([0-9A-Fa-f]+), size: `)

// checkStabs has dsymutil-22 read the debug map (the stabs) of image img
// and checks it names only the object obj, with every symbol of the
// object at its address there (objSyms) and in the image (imgSyms).
func checkStabs(t *testing.T, img, obj string, objSyms, imgSyms map[string]uint64) {
	t.Helper()
	out, err := tooltest.Run(t, "dsymutil-22", "--dump-debug-map", img)
	if err != nil {
		t.Errorf("dsymutil-22 --dump-debug-map %s: %v\n%s", img, err, out)
		return
	}
	var objects []string
	seen := map[string]bool{}
	for _, line := range strings.Split(out, "\n") {
		if f, ok := strings.CutPrefix(strings.TrimSpace(line), "- filename:"); ok {
			objects = append(objects, strings.Trim(strings.TrimSpace(f), "'"))
			continue
		}
		m := debugMapSymbol.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := strings.TrimPrefix(strings.Trim(m[1], "'"), "_") // dsymutil prints the raw name
		objAddr, _ := strconv.ParseUint(m[2], 16, 64)
		binAddr, _ := strconv.ParseUint(m[3], 16, 64)
		seen[name] = true
		if oa, ok := objSyms[name]; !ok || oa != objAddr || imgSyms[name] != binAddr {
			t.Errorf("%s: stab %s maps %#x to %#x; the object has it at %#x (%v), the image at %#x", img, name, objAddr, binAddr, oa, ok, imgSyms[name])
		}
	}
	if len(objects) != 1 || objects[0] != obj {
		t.Errorf("%s: the stabs name the objects %q, want [%s]\n%s", img, objects, obj, out)
	}
	for name := range objSyms {
		if !seen[name] {
			t.Errorf("%s: no stab for %s\n%s", img, name, out)
		}
	}
}

// TestLLDBShowsGlobals builds each sample as Mach-O with the options'
// defaults (buildopts, as `dwarfscope build -container macho` does: the
// portable profile) and runs each `target variable` command of the
// sample's lldb script in lldb-22 without a process: on the object, on
// the object with the dSYM companion our writer makes of it, and on the
// image ld64.lld links from it with the dSYM dsymutil makes, the object
// removed (so that lldb reads the dSYM, not the object through the
// stabs). Every variable shows the value the sample's .expected file
// holds (the stock lldb's type names differ from the Zig-aware one's),
// thread-locals included (their initial values), and the commands name
// every global of the program.
func TestLLDBShowsGlobals(t *testing.T) {
	for _, a := range arches {
		for _, p := range samples.Programs() {
			base := strings.TrimSuffix(p.Name, ".zig")
			cmds, want := targetVariables(t, base)
			if len(cmds) == 0 {
				continue
			}
			t.Run(a.arch.Name+"/"+p.Name, func(t *testing.T) {
				opts, err := buildopts.Parse(map[string]string{"container": "macho", "target": a.arch.Name})
				if err != nil {
					t.Fatal(err)
				}
				res, err := linkcore.Build(p.Name, p.Src, opts)
				if err != nil {
					t.Fatal(err)
				}
				if res.Debug == nil || opts.Debug.Profile != dwarfcore.ProfilePortable {
					t.Fatalf("Mach-O objects default to profile %d, want the portable one", opts.Debug.Profile)
				}
				shown := map[string]bool{}
				for _, c := range cmds {
					for _, f := range strings.Fields(c)[2:] {
						shown[f] = true
					}
				}
				for _, s := range res.Object.Symbols {
					if name := strings.TrimPrefix(s.Name, base+"."); s.Section >= 0 && s.Kind != elfobj.SymFunc && !shown[name] {
						t.Errorf("global %s is in no target variable command of %s.lldb", name, base)
					}
				}
				dir := t.TempDir()
				obj := tooltest.WriteFile(t, dir, base+".o", res.ELF)
				checkLLDBValues(t, "the object", want, lldbTargetVariables(t, cmds, obj))
				// The dSYM companion our writer makes of the same object
				// (the same layout, so the same addresses), paired with it.
				companion, err := machoobj.WriteObject(res.Object, machoobj.WriteOptions{DSYM: true, Slack: opts.Slack})
				if err != nil {
					t.Fatal(err)
				}
				ours := tooltest.WriteFile(t, dir, base+".dwarf", companion.Bytes)
				checkLLDBValues(t, "the object with our dSYM", want, lldbTargetVariables(t, cmds, obj, "--symfile", ours))

				img := filepath.Join(dir, base+".dylib")
				if out, err := tooltest.Run(t, "ld64.lld-22", append(ldArgs(a.apple, img), "-dylib", obj)...); err != nil {
					t.Fatalf("ld64.lld-22: %v\n%s", err, out)
				}
				if out, err := tooltest.Run(t, "dsymutil-22", "--linker=parallel", img, "-o", img+".dSYM"); err != nil || strings.TrimSpace(out) != "" {
					t.Fatalf("dsymutil-22: %v\n%s", err, out)
				}
				if err := os.Remove(obj); err != nil {
					t.Fatal(err)
				}
				dwarfFile := filepath.Join(img+".dSYM", "Contents", "Resources", "DWARF", filepath.Base(img))
				checkLLDBValues(t, "the image with its dSYM", want, lldbTargetVariables(t, cmds, img, "--symfile", dwarfFile))
			})
		}
	}
}

// lldbValue is one line lldb prints for a variable: "(type) name = value".
var lldbValue = regexp.MustCompile(`^\(([^)]*)\) (\S+) = (.*)$`)

// targetVariables returns the `target variable` commands of sample
// base's lldb script and the value its .expected file gives each
// variable they name.
func targetVariables(t *testing.T, base string) (cmds []string, want map[string]string) {
	t.Helper()
	script, err := samples.FS.ReadFile(base + ".lldb")
	if err != nil {
		t.Fatal(err)
	}
	expected, err := samples.FS.ReadFile(base + ".expected")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(script), "\n") {
		if strings.HasPrefix(line, "target variable ") {
			cmds = append(cmds, line)
		}
	}
	want = map[string]string{}
	in := false
	for _, line := range strings.Split(string(expected), "\n") {
		if strings.HasPrefix(line, "(lldb) ") {
			in = strings.HasPrefix(line, "(lldb) target variable ")
			continue
		}
		if m := lldbValue.FindStringSubmatch(line); in && m != nil {
			want[m[2]] = m[3]
		}
	}
	return cmds, want
}

// lldbTargetVariables runs the commands in lldb-22 on the target file
// (with lldb's target create arguments), without a process, and returns
// the value it shows each variable.
func lldbTargetVariables(t *testing.T, cmds []string, file string, createArgs ...string) map[string]string {
	t.Helper()
	args := []string{"-b", "-o", strings.Join(append([]string{"target create", file}, createArgs...), " ")}
	for _, c := range cmds {
		args = append(args, "-o", c)
	}
	out, err := tooltest.Run(t, "lldb-22", args...)
	if err != nil {
		t.Fatalf("lldb-22: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if m := lldbValue.FindStringSubmatch(line); m != nil {
			got[m[2]] = m[3]
		}
	}
	if len(got) == 0 {
		t.Errorf("lldb-22 on %s shows no variable:\n%s", file, out)
	}
	return got
}

// checkLLDBValues compares the values lldb showed with the expected ones.
func checkLLDBValues(t *testing.T, what string, want, got map[string]string) {
	t.Helper()
	for name, w := range want {
		if g, ok := got[name]; !ok || g != w {
			t.Errorf("%s: lldb-22 shows %s = %q, want %q", what, name, g, w)
		}
	}
}

// symbolAddrs reads the defined symbols of a Mach-O file and their
// addresses, by the object's names (without MangledName's '_').
func symbolAddrs(path string) (map[string]uint64, error) {
	f, err := macho.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	syms := map[string]uint64{}
	if f.Symtab == nil {
		return syms, nil
	}
	for _, s := range f.Symtab.Syms {
		if s.Type&0x0e == 0x0e && s.Type&0xe0 == 0 { // N_SECT, not a stab
			syms[goSymbolName(s.Name)] = s.Value
		}
	}
	return syms, nil
}

// goSymbolName undoes MangledName on a name as debug/macho returns it:
// debug/macho itself drops the leading '_' of names that contain a '.'.
func goSymbolName(name string) string {
	if strings.Contains(name, ".") {
		return name
	}
	return strings.TrimPrefix(name, "_")
}
