package dwarfread

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/dwarfdump"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
)

// corpusFile is one ELF file of the test corpus.
type corpusFile struct {
	name, path string
}

var (
	corpusDir   string
	corpusOnce  sync.Once
	corpusFiles []corpusFile
	corpusErr   error
)

// corpus builds the corpus once per test binary: testdata/prog.c by gcc
// and clang with -g, -gdwarf-4 and -gdwarf-5 at -O0 and -O2, as objects
// and executables, by gcc with -gdwarf-2 and -gdwarf-3, a 32-bit object and executable by gcc -m32 (Debian
// gcc-multilib), testdata/goprog by the Go toolchain, and
// testdata/prog.zig by Zig 0.11 (tooltest.Zig011; DWARF 4 with Zig's
// own choices) as Debug and ReleaseSafe objects for x86-64, x86 and
// AArch64 and as x86-64 and x86 executables.
func corpus(t testing.TB) []corpusFile {
	t.Helper()
	zig := tooltest.Zig011(t)
	corpusOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dwarfread-corpus")
		if err != nil {
			corpusErr = err
			return
		}
		corpusDir = dir
		src, _ := filepath.Abs("testdata/prog.c")
		run := func(name string, args ...string) {
			if corpusErr != nil {
				return
			}
			cmd := exec.Command(args[0], args[1:]...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				corpusErr = &buildError{name: name, out: string(out), err: err}
				return
			}
			corpusFiles = append(corpusFiles, corpusFile{name: name, path: filepath.Join(dir, name)})
		}
		for _, cc := range []string{"gcc", "clang"} {
			for _, g := range []string{"-g", "-gdwarf-4", "-gdwarf-5"} {
				for _, o := range []string{"-O0", "-O2"} {
					n := cc + g + o
					run(n+".o", cc, g, o, "-c", src, "-o", n+".o")
					run(n, cc, g, o, src, "-o", n)
				}
			}
		}
		// DWARF 2 and 3
		run("gcc-gdwarf-2-O0.o", "gcc", "-gdwarf-2", "-gstrict-dwarf", "-O0", "-c", src, "-o", "gcc-gdwarf-2-O0.o")
		run("gcc-gdwarf-3-O2", "gcc", "-gdwarf-3", "-O2", src, "-o", "gcc-gdwarf-3-O2")
		// type units: .debug_types (DWARF 4) and DW_UT_type (DWARF 5),
		// referred to by DW_FORM_ref_sig8
		run("gcc-gdwarf-4-types.o", "gcc", "-gdwarf-4", "-fdebug-types-section", "-O0", "-c", src, "-o", "gcc-gdwarf-4-types.o")
		run("clang-gdwarf-5-types.o", "clang", "-gdwarf-5", "-fdebug-types-section", "-O0", "-c", src, "-o", "clang-gdwarf-5-types.o")
		// SHF_COMPRESSED sections: zstd (objcopy) and zlib (gcc -gz)
		run("gcc-g-O2-zstd.o", "objcopy", "--compress-debug-sections=zstd", "gcc-g-O2.o", "gcc-g-O2-zstd.o")
		run("clang-gdwarf-5-O0-zlib", "clang", "-gdwarf-5", "-O0", "-gz=zlib", src, "-o", "clang-gdwarf-5-O0-zlib")
		run("gcc-m32-g-O2.o", "gcc", "-m32", "-g", "-O2", "-c", src, "-o", "gcc-m32-g-O2.o")
		run("gcc-m32-gdwarf-4-O0", "gcc", "-m32", "-gdwarf-4", "-O0", src, "-o", "gcc-m32-gdwarf-4-O0")
		goSrc, _ := filepath.Abs("testdata/goprog")
		gocmd := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
		if _, err := os.Stat(gocmd); err != nil {
			gocmd = "go"
		}
		run("goprog", gocmd, "build", "-o", filepath.Join(dir, "goprog"), goSrc+"/main.go")
		zigSrc, _ := filepath.Abs("testdata/prog.zig")
		zigCache := filepath.Join(dir, "zig-cache")
		for _, target := range []string{"x86_64", "x86", "aarch64"} {
			for _, mode := range []string{"Debug", "ReleaseSafe"} {
				n := "zig-" + target + "-" + mode
				run(n+".o", zig, "build-obj", "-target", target+"-linux", "-O", mode,
					"--cache-dir", zigCache, "--global-cache-dir", zigCache, zigSrc, "-femit-bin="+n+".o")
			}
		}
		// the Debug executable links compiler_rt (its memcpy), whose
		// units come from Zig too, all of it: with the functions it
		// collects LLD would leave their DIEs at address 0, overlapping
		// (llvm-dwarfdump --verify's complaint); the ReleaseSafe ones
		// need no compiler_rt
		run("zig-x86_64-Debug", zig, "build-exe", "--no-gc-sections", "-target", "x86_64-linux", "-O", "Debug",
			"--cache-dir", zigCache, "--global-cache-dir", zigCache, zigSrc, "-femit-bin=zig-x86_64-Debug")
		for _, target := range []string{"x86_64", "x86"} {
			n := "zig-" + target + "-ReleaseSafe"
			run(n, zig, "build-exe", "-fno-compiler-rt", "-target", target+"-linux", "-O", "ReleaseSafe",
				"--cache-dir", zigCache, "--global-cache-dir", zigCache, zigSrc, "-femit-bin="+n)
		}
	})
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	return corpusFiles
}

type buildError struct {
	name, out string
	err       error
}

func (e *buildError) Error() string {
	return "building " + e.name + ": " + e.err.Error() + "\n" + e.out
}

func dump(t *testing.T, args ...string) string {
	t.Helper()
	return dwarfdump.MustRun(t, args...)
}

// corpusBytes returns the contents of the corpus file named name.
func corpusBytes(t testing.TB, name string) []byte {
	t.Helper()
	for _, f := range corpus(t) {
		if f.name == name {
			return mustReadFile(t, f.path)
		}
	}
	t.Fatalf("no corpus file %s", name)
	return nil
}

func mustReadFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// openFile returns the contents of the file at path and its ELF
// container.
func openFile(t testing.TB, path string) ([]byte, *File) {
	t.Helper()
	b := mustReadFile(t, path)
	f, err := Open(b)
	if err != nil {
		t.Fatal(err)
	}
	return b, f
}

// readFile reads the debug information of the file at path.
func readFile(t testing.TB, path string) *Data {
	t.Helper()
	d, err := Read(mustReadFile(t, path))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// ourRows lists the rows of the reader's line tables as dwarfdump.Rows
// lists llvm's.
func ourRows(tables []*LineTable) []string {
	var out []string
	for _, lt := range tables {
		for _, r := range lt.Rows {
			out = append(out, dwarfdump.Row(r.Address, r.Line, r.Column, r.File, r.ISA, r.Discriminator, r.OpIndex, r.Flags()))
		}
	}
	return out
}

// ourDIEs lists the reader's DIEs as dwarfdump.DIEs lists llvm's.
func ourDIEs(d *Data) []dwarfdump.DIE {
	var out []dwarfdump.DIE
	raw := d.Section(".debug_info").Raw
	for _, u := range d.Units {
		if u.Section != ".debug_info" {
			continue
		}
		c := d.Context(u)
		for _, die := range u.DIEs {
			if die.Code == 0 {
				continue
			}
			dd := dwarfdump.DIE{Off: die.Off, Tag: die.Tag.String()}
			for _, a := range die.Attrs {
				v := a.Value
				if v.Block != nil && a.Len >= uint64(len(v.Block)) {
					// llvm-dwarfdump decodes expressions from the
					// section's bytes without applying relocations
					// to them (its DWARFExpression reads the raw
					// block); the map shows them relocated
					end := a.Off + a.Len
					v.Block = raw[end-uint64(len(v.Block)) : end]
				}
				dd.Attrs = append(dd.Attrs, dwarfdump.Attr(a.Attr.String(), a.Form.String(), AttrText(a.Attr, v, c)))
			}
			out = append(out, dd)
		}
	}
	return out
}

// llvmNames keeps llvm-dwarfdump's names of constants this package names
// differently.
func llvmNames(kind string, v uint64) string {
	if kind == "DW_AT" {
		return AttrName(v)
	}
	return TagName(v)
}

func TestCorpusDIEsMatchDwarfdump(t *testing.T) {
	for _, f := range corpus(t) {
		t.Run(f.name, func(t *testing.T) {
			d := readFile(t, f.path)
			for _, u := range d.Units {
				if u.Err != nil {
					t.Errorf("unit at 0x%x: %v", u.Off, u.Err)
				}
			}
			want := dwarfdump.DIEs(dump(t, "--debug-info", "--show-form", f.path), llvmNames)
			if len(want) == 0 {
				t.Fatal("llvm-dwarfdump-22 shows no DIEs")
			}
			for _, diff := range dwarfdump.DiffDIEs(want, ourDIEs(d), 5) {
				t.Error(diff)
			}
		})
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if corpusDir != "" {
		os.RemoveAll(corpusDir)
	}
	os.Exit(code)
}

func TestCorpusLineRowsMatchDwarfdump(t *testing.T) {
	for _, f := range corpus(t) {
		t.Run(f.name, func(t *testing.T) {
			d := readFile(t, f.path)
			tables, err := d.LineTables()
			if err != nil {
				t.Fatal(err)
			}
			for _, lt := range tables {
				for i, r := range lt.Rows {
					if op := lt.Ops[r.Op]; !slices.Contains(op.Rows, i) {
						t.Errorf("row %d links to opcode %d, which does not list it", i, r.Op)
					}
				}
			}
			got := ourRows(tables)
			want := dwarfdump.Rows(dump(t, "--debug-line", f.path))
			if len(want) == 0 {
				t.Fatal("llvm-dwarfdump-22 shows no rows")
			}
			if w, g := strings.Join(want, "\n"), strings.Join(got, "\n"); w != g {
				t.Errorf("rows differ (%d vs %d):\n%s", len(want), len(got), firstDiff(want, got))
			}
		})
	}
}

func TestCorpusStringsMatchDwarfdump(t *testing.T) {
	for _, f := range corpus(t) {
		t.Run(f.name, func(t *testing.T) {
			d := readFile(t, f.path)
			for _, sec := range []string{".debug_str", ".debug_line_str"} {
				strs, err := d.Strings(sec)
				if err != nil {
					t.Fatal(err)
				}
				var got, want []string
				for _, s := range strs {
					got = append(got, fmt.Sprintf("0x%08x: %s", s.Off, Quote(s.Str)))
				}
				for _, s := range dwarfdump.Strings(dump(t, "--debug-"+strings.ReplaceAll(sec[len(".debug_"):], "_", "-"), f.path)) {
					want = append(want, fmt.Sprintf("0x%08x: %s", s.Off, s.Quoted))
				}
				if strings.Join(want, "\n") != strings.Join(got, "\n") {
					t.Errorf("%s differs (%d vs %d strings):\n%s", sec, len(want), len(got), firstDiff(want, got))
				}
			}
		})
	}
}

// firstDiff shows where two listings first differ.
func firstDiff(want, got []string) string { return firstDiffOf("llvm-dwarfdump-22", want, got) }

// firstDiffOf shows where two listings first differ, naming the tool
// that printed want.
func firstDiffOf(tool string, want, got []string) string {
	for i := range max(len(want), len(got)) {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n%s: %s\nours: %s", i, tool, w, g)
		}
	}
	return ""
}

// checkCoverage holds a map to covering every byte of its section
// exactly once, leaves in order, and returns the undecoded bytes by
// reason.
func checkCoverage(t *testing.T, root *Span) map[string]uint64 {
	t.Helper()
	undecoded := map[string]uint64{}
	pos := uint64(0)
	for _, l := range root.Leaves() {
		if l == root {
			continue
		}
		if l.Len == 0 {
			t.Errorf("%s: empty leaf %s %q at 0x%x", root.Name, l.Kind, l.Name, l.Off)
		}
		if l.Off != pos {
			t.Errorf("%s: leaf %s %q at 0x%x, want 0x%x (gap or overlap)", root.Name, l.Kind, l.Name, l.Off, pos)
			return undecoded
		}
		if l.Kind == SpanUndecoded {
			undecoded[l.Value] += l.Len
		}
		pos = l.Off + l.Len
	}
	if pos != root.Len {
		t.Errorf("%s: leaves cover 0x%x of 0x%x bytes", root.Name, pos, root.Len)
	}
	return undecoded
}

func TestCorpusByteMapCoversEveryByteOnce(t *testing.T) {
	for _, f := range corpus(t) {
		t.Run(f.name, func(t *testing.T) {
			d := readFile(t, f.path)
			roots := d.Map()
			if len(roots) != len(d.Sections) {
				t.Fatalf("%d roots for %d debug sections", len(roots), len(d.Sections))
			}
			var dies []dwarfdump.DIE
			for i, root := range roots {
				if n := len(d.Sections[i].Data); root.Len != uint64(n) {
					t.Errorf("%s: root covers %d bytes, the section has %d", root.Name, root.Len, n)
				}
				for why, n := range checkCoverage(t, root) {
					t.Logf("%s: %d bytes undecoded: %s", root.Name, n, why)
				}
				if root.Name != ".debug_info" {
					continue
				}
				for _, u := range root.Children {
					for _, s := range u.Children {
						if s.Kind != SpanDIE {
							continue
						}
						dd := dwarfdump.DIE{Off: s.DIE.Offset, Tag: s.DIE.Tag}
						for _, a := range s.Children {
							if a.Attr != nil {
								dd.Attrs = append(dd.Attrs, a.Attr.Attr)
							}
						}
						for _, a := range s.DIE.Implicit {
							dd.Attrs = append(dd.Attrs, a.Attr)
						}
						dies = append(dies, dd)
					}
				}
			}
			// the map has one span of kind die per DIE, with every
			// attribute
			var want []dwarfdump.DIE
			for _, dd := range ourDIEs(d) {
				for i, a := range dd.Attrs {
					dd.Attrs[i] = strings.SplitN(a, " ", 2)[0]
				}
				want = append(want, dd)
			}
			for _, diff := range dwarfdump.DiffDIEs(want, dies, 5) {
				t.Error(diff)
			}
		})
	}
}

// TestCorpusPubNamesMatchDwarfdump holds the map's entries of
// .debug_pubnames and .debug_pubtypes (Zig 0.11 writes both) to
// llvm-dwarfdump-22's listing of them, offset and name.
func TestCorpusPubNamesMatchDwarfdump(t *testing.T) {
	checked := 0
	for _, f := range corpus(t) {
		d := readFile(t, f.path)
		for _, s := range d.Sections {
			if s.Name != ".debug_pubnames" && s.Name != ".debug_pubtypes" {
				continue
			}
			checked++
			t.Run(f.name+s.Name, func(t *testing.T) {
				var got, want []string
				for _, e := range d.SectionMap(s).Find(func(s *Span) bool { return s.Kind == SpanEntry }) {
					if e.Name == "name" && len(e.Children) == 2 {
						off, err := strconv.ParseUint(e.Children[0].Value, 0, 64)
						if err != nil {
							t.Fatal(err)
						}
						got = append(got, fmt.Sprintf("0x%08x %s", off, e.Children[1].Value))
					}
				}
				out := dump(t, "--debug-"+s.Name[len(".debug_"):], f.path)
				for _, line := range strings.Split(out, "\n") {
					if strings.HasPrefix(line, "0x") && strings.Contains(line, ` "`) {
						want = append(want, line)
					}
				}
				if len(want) == 0 {
					t.Fatalf("llvm-dwarfdump-22 lists no names:\n%s", out)
				}
				if strings.Join(want, "\n") != strings.Join(got, "\n") {
					t.Errorf("%s differs (%d vs %d names):\n%s", s.Name, len(want), len(got), firstDiff(want, got))
				}
			})
		}
	}
	if checked == 0 {
		t.Fatal("no corpus file has .debug_pubnames or .debug_pubtypes")
	}
}
