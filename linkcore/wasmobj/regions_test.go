package wasmobj_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/samples"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/linkcore"
	"github.com/dwarfscope/dwarfscope/linkcore/wasmobj"
)

// objdumpSection is one line of wasm-objdump -h:
//
//	Custom start=0x000002e1 end=0x0000035c (size=0x0000007b) ".debug_info"
//	  Code start=0x000000f8 end=0x00000167 (size=0x0000006f) count: 3
var objdumpSection = regexp.MustCompile(`(?m)^\s*(\w+) start=0x([0-9a-f]+) end=0x([0-9a-f]+) \(size=0x([0-9a-f]+)\)(?: "([^"]*)")?`)

// TestRegions checks the module layout Regions returns, after every edit
// of an incremental build, against wasm-objdump -h on the same bytes:
// every section by name with its start and size, in order; the regions
// cover the module exactly; a section after one that grew is marked moved.
func TestRegions(t *testing.T) {
	src, ok := samples.Source("storage.zig")
	if !ok {
		t.Fatal("no sample storage.zig")
	}
	in, err := linkcore.NewWasmIncremental(options)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	versions := []string{
		src,
		src + "var added_value: u32 = 1;\nfn added(x: u32) u32 {\n    return x * 3 + added_value;\n}\n",
		src + "var added_value: u32 = 1;\nfn added(x: u32) u32 {\n    return x * 3 + added_value;\n}\nconst Grown = struct { a: u8 = 1, b: u16 = 2, c: u32 = 3, d: u64 = 4 };\nvar grown: Grown = .{};\n",
	}
	moved := 0
	for i, v := range versions {
		if _, err := in.Update("storage.zig", []byte(v)); err != nil {
			t.Fatalf("version %d: %v", i, err)
		}
		rs, err := in.Regions()
		if err != nil {
			t.Fatal(err)
		}
		end := uint64(0)
		for _, r := range rs {
			if r.Start() != end {
				t.Fatalf("version %d: %s starts at %#x, want %#x", i, r.Name, r.Start(), end)
			}
			end = r.Offset + r.Size
			if r.Moved {
				moved++
				if i == 0 || r.OldOffset == r.Offset {
					t.Errorf("version %d: %s moved from %#x to %#x", i, r.Name, r.OldOffset, r.Offset)
				}
			}
		}
		if end != uint64(len(in.Image())) {
			t.Fatalf("version %d: regions end at %#x, module at %#x", i, end, len(in.Image()))
		}
		path := tooltest.WriteFile(t, dir, fmt.Sprintf("storage-%d.o", i), in.Image())
		out, err := tooltest.Run(t, "wasm-objdump", "-h", path)
		if err != nil {
			t.Fatalf("wasm-objdump -h: %v\n%s", err, out)
		}
		lines := objdumpSection.FindAllStringSubmatch(out, -1)
		if len(lines) != len(rs)-1 || rs[0].Kind != wasmobj.RegionHeader {
			t.Fatalf("version %d: %d regions (header first), wasm-objdump shows %d sections:\n%s", i, len(rs), len(lines), out)
		}
		for j, m := range lines {
			r := rs[j+1]
			start, _ := strconv.ParseUint(m[2], 16, 64)
			size, _ := strconv.ParseUint(m[4], 16, 64)
			name, kind := m[5], wasmobj.RegionCustom
			if m[1] != "Custom" {
				name, kind = m[1], wasmobj.RegionSection
			}
			if !strings.EqualFold(r.Name, name) || r.Kind != kind || r.Offset != start || r.Size != size {
				t.Errorf("version %d: region %d is %s %q at %#x, %d bytes; wasm-objdump: %s %q at %#x, %d bytes",
					i, j+1, r.Kind, r.Name, r.Offset, r.Size, kind, name, start, size)
			}
		}
	}
	if moved == 0 {
		t.Errorf("no section moved: the edits do not grow the module")
	}
}
