package wasmobj_test

import (
	"bytes"
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
// with the same data section bytes, and that every module validates and
// verifies. The value-only edits (the versions marked quick) of a
// program the front end re-checks in part take the quick path.
func TestIncrementalEqualsFresh(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	// The corpus, and a program without strings or errors, whose value
	// edits the front end re-checks alone (lang.Program.Changes): only
	// there must they take the quick path.
	cases := append(corpus.Corpus(4, 100), corpus.Case{Name: "simple.zig", Src: []byte(program)})
	for _, c := range cases {
		simple := c.Name == "simple.zig"
		in, err := linkcore.NewWasmIncremental(options)
		if err != nil {
			t.Fatal(err)
		}
		base := string(c.Src)
		fn := "fn added(x: u32) u32 {\n    return x * 3 + added_value;\n}\n"
		versions := []struct {
			src   string
			quick bool
		}{
			{base, false},
			{base + "var added_value: u32 = 1;\n" + fn, false},
			{base + "var added_value: u32 = 1;\nvar edited: i16 = -2;\n" + fn, false},
			{base + "var added_value: u32 = 1;\nvar edited: i16 = 300;\n" + fn, true},
			{base + "var added_value: u32 = 1;\nvar edited: i16 = 300;\nconst wide_value: u128 = 3;\n" + fn, false},
			{base + "var added_value: u32 = 1;\nvar edited: i16 = 300;\nconst wide_value: u128 = 0xffff_0000_ffff_0000_1234;\n" + fn, true},
			{base + "var added_value: u32 = 9;\nfn added(x: u32) u32 {\n    const y: u32 = x / 2;\n    return y * 3 + added_value;\n}\n", false},
			{base + "const Grown = struct { a: u8 = 1, b: u16 = 2, c: u32 = 3, d: u64 = 4 };\nvar grown: Grown = .{};\n", false},
			{base, false},
		}
		for i, ver := range versions {
			v := ver.src
			step, err := in.Update(c.Name, []byte(v))
			if err != nil {
				t.Fatalf("%s version %d: %v", c.Name, i, err)
			}
			if simple && ver.quick && !step.Quick {
				t.Errorf("%s version %d: a value-only edit did not take the quick path", c.Name, i)
			}
			fresh, err := linkcore.Build(c.Name, []byte(v), options)
			if err != nil {
				t.Fatalf("%s version %d fresh: %v", c.Name, i, err)
			}
			if d := canon.CanonicalDiff(canonical(t, fresh.ELF), canonical(t, in.Image())); d != "" {
				t.Fatalf("%s version %d: incremental differs from fresh:\n%s", c.Name, i, d)
			}
			if got, want := section(in.Image(), in.File().Sections, "data"), section(fresh.ELF, wasmSections(fresh), "data"); !bytes.Equal(got, want) {
				t.Errorf("%s version %d: the data section differs from a fresh build's", c.Name, i)
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

// wasmSections is the module map of a build's result.
func wasmSections(res *linkcore.Result) []wasmobj.Section {
	var ss []wasmobj.Section
	for _, s := range res.Sections {
		ss = append(ss, wasmobj.Section{Name: s.Name, Offset: s.Offset, Size: s.Size})
	}
	return ss
}

// section returns the contents of the named section of a module.
func section(module []byte, ss []wasmobj.Section, name string) []byte {
	for _, s := range ss {
		if s.Name == name {
			return module[s.Offset : s.Offset+s.Size]
		}
	}
	return nil
}
