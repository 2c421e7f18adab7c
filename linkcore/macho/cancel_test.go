package macho_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/ctxtest"
	"github.com/dwarfscope/dwarfscope/internal/samples"
	"github.com/dwarfscope/dwarfscope/linkcore"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
	machoobj "github.com/dwarfscope/dwarfscope/linkcore/macho"
)

// bigObject is an object with a 4 MiB __data section among others, and
// a relocation in each of two sections.
func bigObject() *elfobj.Object {
	data := bytes.Repeat([]byte{0xaa}, 4<<20)
	return &elfobj.Object{Arch: target.X86_64, FileName: "big.zig",
		Sections: []*elfobj.Section{
			{Name: ".text", Kind: elfobj.SectText, Data: []byte{0xc3}, Align: 16},
			{Name: ".data", Kind: elfobj.SectData, Data: data, Align: 8,
				Relocs: []elfobj.Reloc{{Offset: 0, Size: 8, Kind: elfobj.RelocAbs, Symbol: "big.v"}}},
			{Name: ".rodata", Kind: elfobj.SectROData, Data: make([]byte, 64), Align: 8},
			{Name: ".debug_info", Kind: elfobj.SectDebug, Data: make([]byte, 128), Align: 1,
				Relocs: []elfobj.Reloc{{Offset: 8, Size: 8, Kind: elfobj.RelocAbs, Symbol: "big.v"}}},
		},
		Symbols: []*elfobj.Symbol{
			{Name: "big.v", Kind: elfobj.SymObject, Section: 1, Size: uint64(len(data))},
			{Name: "main", Kind: elfobj.SymFunc, Global: true, Section: 0, Size: 1},
		},
	}
}

// TestWriteObjectContextStops cancels the Mach-O writer of an object with
// a 4 MiB data section from inside, at each of its looks at the context
// in turn, for the object and for the dSYM companion: it stops at that
// very look (before the section, relocations or symbol table it was
// about to write) with an error that wraps context.Canceled and says
// where it stopped, and returns no file. Uncancelled, it writes the file.
func TestWriteObjectContextStops(t *testing.T) {
	for _, dsym := range []bool{false, true} {
		name := map[bool]string{false: "object", true: "dSYM"}[dsym]
		t.Run(name, func(t *testing.T) {
			write := func(ctx context.Context) (*machoobj.File, error) {
				return machoobj.WriteObject(bigObject(), machoobj.WriteOptions{Slack: true, DSYM: dsym, Context: ctx})
			}
			run := ctxtest.EveryLook(t, "Mach-O writer stopped before", write)
			if run.Err != nil || !dsym && len(run.Result.Bytes) < 4<<20 {
				t.Fatalf("uncancelled: %v", run.Err)
			}
			if looks := run.Looks(); looks < 9 { // starting, the symbol table, twice per section
				t.Fatalf("the writer looked at its context %d times, want twice per section at least", looks)
			}
		})
	}
}

// TestBuildContextStopsMachOWriter builds storage.zig as Mach-O through
// linkcore.BuildContext, cancelled at each of the build's looks at its
// context in turn: every cancelled build fails with an error that wraps
// context.Canceled, and the Mach-O writer is the stage that stopped as
// many times as it looks at the context when it writes the object alone.
func TestBuildContextStopsMachOWriter(t *testing.T) {
	src, ok := samples.Source("storage.zig")
	if !ok {
		t.Fatal("no sample storage.zig")
	}
	opts := linkcore.Options{Container: machoobj.Container, Debug: dwarfcore.Options{Arch: target.X86_64}}
	whole := ctxtest.CancelAt(context.Background(), 0)
	res, err := linkcore.BuildContext(whole, "storage.zig", []byte(src), opts)
	if err != nil {
		t.Fatalf("uncancelled: %v", err)
	}
	writer := ctxtest.CancelAt(context.Background(), 0)
	if _, err := machoobj.WriteObject(res.Object, machoobj.WriteOptions{Context: writer}); err != nil {
		t.Fatal(err)
	}
	stoppedInWriter := 0
	for at := 1; at <= whole.Looks(); at++ {
		ctx := ctxtest.CancelAt(context.Background(), at)
		res, err := linkcore.BuildContext(ctx, "storage.zig", []byte(src), opts)
		if !errors.Is(err, context.Canceled) || res != nil {
			t.Fatalf("cancelled at look %d of %d: result %v, err %v", at, whole.Looks(), res != nil, err)
		}
		if strings.Contains(err.Error(), "Mach-O writer stopped before") {
			stoppedInWriter++
		}
	}
	if stoppedInWriter != writer.Looks() {
		t.Errorf("the Mach-O writer stopped %d builds, want one per look of its own (%d)", stoppedInWriter, writer.Looks())
	}
}
