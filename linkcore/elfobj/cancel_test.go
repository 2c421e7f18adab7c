package elfobj

import (
	"bytes"
	"context"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/ctxtest"
)

// bigObject is an object with a 4 MiB .data section among others, and
// a relocation in each of two sections.
func bigObject() *Object {
	data := bytes.Repeat([]byte{0xaa}, 4<<20)
	return &Object{Arch: target.X86_64, FileName: "big.zig",
		Sections: []*Section{
			{Name: ".text", Kind: SectText, Data: []byte{0xc3}, Align: 16},
			{Name: ".data", Kind: SectData, Data: data, Align: 8,
				Relocs: []Reloc{{Offset: 0, Size: 8, Kind: RelocAbs, Symbol: "big.v"}}},
			{Name: ".rodata", Kind: SectROData, Data: make([]byte, 64), Align: 8},
			{Name: ".debug_info", Kind: SectDebug, Data: make([]byte, 128), Align: 1,
				Relocs: []Reloc{{Offset: 8, Size: 8, Kind: RelocAbs, Symbol: "big.v"}}},
		},
		Symbols: []*Symbol{
			{Name: "big.v", Kind: SymObject, Section: 1, Size: uint64(len(data))},
			{Name: "main", Kind: SymFunc, Global: true, Section: 0, Size: 1},
		},
	}
}

// TestWriteObjectContextStops cancels the writer of an object with a
// 4 MiB data section from inside, at each of its looks at the context
// in turn: it stops at that very look (before the section or relocations
// it was about to write) with an error that wraps context.Canceled and
// says where it stopped, and returns no file. The same holds for the
// executable linker. Uncancelled, both write their file.
func TestWriteObjectContextStops(t *testing.T) {
	writers := []struct {
		name  string
		write func(ctx context.Context) (*File, error)
	}{
		{"object", func(ctx context.Context) (*File, error) {
			return WriteObject(bigObject(), WriteOptions{Slack: true, Context: ctx})
		}},
		{"executable", func(ctx context.Context) (*File, error) {
			return LinkExecutable(bigObject(), ExeOptions{Main: "main", Context: ctx})
		}},
	}
	for _, w := range writers {
		t.Run(w.name, func(t *testing.T) {
			run := ctxtest.EveryLook(t, "ELF writer stopped before", w.write)
			if run.Err != nil || len(run.Result.Bytes) < 4<<20 {
				t.Fatalf("uncancelled: %v", run.Err)
			}
			if looks := run.Looks(); looks < 5 {
				t.Fatalf("the writer looked at its context %d times, want once per section at least", looks)
			}
		})
	}
}
