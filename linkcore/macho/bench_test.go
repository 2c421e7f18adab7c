package macho_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/linkcore"
	machoobj "github.com/dwarfscope/dwarfscope/linkcore/macho"
	"github.com/dwarfscope/dwarfscope/linkcore/wasmobj"
)

// valueEdit changes the value of the first top-level constant after the
// middle of src (as linkcore's benchmarks do), or returns "".
func valueEdit(src string) string {
	mid := len(src) / 2
	mid += strings.Index(src[mid:], "\n") + 1
	at := strings.Index(src[mid:], "\nconst c")
	if at < 0 {
		return ""
	}
	at += mid + 1
	eq := at + strings.Index(src[at:], " = ") + 3
	semi := at + strings.Index(src[at:], ";")
	return src[:eq] + "1" + src[semi:]
}

// BenchmarkContainers measures, per container (ELF beside Mach-O and
// WebAssembly), a
// fresh object build and a one-value edit of an incremental build, for
// corpus.Sized programs of 1,000 and 10,000 declarations. The edit
// alternates between the two versions, so every iteration is a real
// change.
func BenchmarkContainers(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		src := string(corpus.Sized(n, 1))
		edited := valueEdit(src)
		if edited == "" {
			b.Fatalf("no constant to edit in corpus.Sized(%d, 1)", n)
		}
		type incremental interface {
			update(src string) error
		}
		containers := []struct {
			name  string
			c     linkcore.Container
			start func() (incremental, error)
		}{
			{"elf", nil, func() (incremental, error) {
				in, err := linkcore.NewIncremental(linkcore.Options{})
				return elfIncremental{in}, err
			}},
			{"macho", machoobj.Container, func() (incremental, error) {
				in, err := linkcore.NewMachOIncremental(linkcore.Options{})
				return machoIncremental{in}, err
			}},
			{"wasm", wasmobj.Container, func() (incremental, error) {
				in, err := linkcore.NewWasmIncremental(linkcore.Options{})
				return wasmIncremental{in}, err
			}},
		}
		for _, c := range containers {
			b.Run(fmt.Sprintf("decls=%d/%s/fresh", n, c.name), func(b *testing.B) {
				for b.Loop() {
					if _, err := linkcore.Build("sized.zig", []byte(src), linkcore.Options{Container: c.c}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("decls=%d/%s/value-edit", n, c.name), func(b *testing.B) {
				in, err := c.start()
				if err != nil {
					b.Fatal(err)
				}
				if err := in.update(src); err != nil {
					b.Fatal(err)
				}
				versions := []string{edited, src}
				i := 0
				for b.Loop() {
					if err := in.update(versions[i%2]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	}
}

type elfIncremental struct{ in *linkcore.Incremental }

func (e elfIncremental) update(src string) error {
	_, err := e.in.Update("sized.zig", []byte(src))
	return err
}

type wasmIncremental struct{ in *linkcore.WasmIncremental }

func (w wasmIncremental) update(src string) error {
	_, err := w.in.Update("sized.zig", []byte(src))
	return err
}

type machoIncremental struct{ in *linkcore.MachOIncremental }

func (m machoIncremental) update(src string) error {
	_, err := m.in.Update("sized.zig", []byte(src))
	return err
}
