package dwarfread

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/dwarfdump"
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
// and executables, a 32-bit object and executable by gcc -m32 (Debian
// gcc-multilib), and testdata/goprog by the Go toolchain.
func corpus(t *testing.T) []corpusFile {
	t.Helper()
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
	out, err := dwarfdump.Run(args...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readFile(t *testing.T, path string) *Data {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
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
			dd := dwarfdump.DIE{Off: die.Off, Tag: TagName(die.Tag)}
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
				dd.Attrs = append(dd.Attrs, dwarfdump.Attr(AttrName(a.Attr), FormName(a.Form), AttrText(a.Attr, v, c)))
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
