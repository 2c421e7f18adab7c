package wasmobj_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/canon"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/linkcore"
	"github.com/dwarfscope/dwarfscope/linkcore/wasmobj"
)

func canonical(t *testing.T, module []byte) []string {
	t.Helper()
	d, err := wasmobj.DWARF(module)
	if err != nil {
		t.Fatal(err)
	}
	return tooltest.Canonical(t, d)
}

// TestIncrementalEqualsFresh builds sequences of edits incrementally and
// checks that after every update the module decodes to the same DWARF
// (addresses and line rows included) as a fresh build of the same source,
// and that every module validates and verifies.
func TestIncrementalEqualsFresh(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, c := range corpus.Corpus(4, 100) {
		in, err := linkcore.NewWasmIncremental(options)
		if err != nil {
			t.Fatal(err)
		}
		base := string(c.Src)
		versions := []string{
			base,
			base + "var added_value: u32 = 1;\nfn added(x: u32) u32 {\n    return x * 3 + added_value;\n}\n",
			base + "var added_value: u32 = 9;\nfn added(x: u32) u32 {\n    const y: u32 = x / 2;\n    return y * 3 + added_value;\n}\n",
			base + "const Grown = struct { a: u8 = 1, b: u16 = 2, c: u32 = 3, d: u64 = 4 };\nvar grown: Grown = .{};\n",
			base,
		}
		for i, v := range versions {
			if _, err := in.Update(c.Name, []byte(v)); err != nil {
				t.Fatalf("%s version %d: %v", c.Name, i, err)
			}
			fresh, err := linkcore.Build(c.Name, []byte(v), options)
			if err != nil {
				t.Fatalf("%s version %d fresh: %v", c.Name, i, err)
			}
			if d := canon.CanonicalDiff(canonical(t, fresh.ELF), canonical(t, in.Image())); d != "" {
				t.Fatalf("%s version %d: incremental differs from fresh:\n%s", c.Name, i, d)
			}
			paths = append(paths, tooltest.WriteFile(t, dir, fmt.Sprintf("%s-%d.o", strings.TrimSuffix(c.Name, ".zig"), i), in.Image()))
		}
	}
	for _, p := range paths {
		if out, err := tooltest.Run(t, "wasm-validate", p); err != nil {
			t.Errorf("wasm-validate %s: %v\n%s", p, err, out)
		}
	}
	tooltest.VerifyDWARF(t, paths...)
}
