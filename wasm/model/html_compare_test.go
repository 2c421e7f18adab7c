package model

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/compare"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

// findEntry returns the comparison's entry whose path ends in suffix.
func findEntry(t *testing.T, c *Comparison, suffix string) compare.EntryDiff {
	t.Helper()
	for _, u := range c.Result.Units {
		for _, e := range u.Entries {
			if strings.HasSuffix(e.Path, suffix) {
				return e
			}
		}
	}
	t.Fatalf("no entry %s", suffix)
	return compare.EntryDiff{}
}

// TestCompareTab compares the optional sample's build in each mode: with
// DWARF64 only encodings differ, with the portable profile the
// DW_TAG_variant_part is only on the left, with x86 the address size
// changes, and with the previous version an added variable is only on
// the right. A left row's offset selects its entry in the page's map; a
// Mach-O build says the comparison reads ELF.
func TestCompareTab(t *testing.T) {
	a := NewApp()
	if err := a.LoadSample("optional.zig"); err != nil {
		t.Fatal(err)
	}
	a.Tab = "compare"
	if _, err := a.Compare(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		mode  string
		check func(t *testing.T, c *Comparison)
	}{
		{"format", func(t *testing.T, c *Comparison) {
			if c.Result.Status != compare.StatusEncoding || c.Right != "DWARF64" {
				t.Errorf("%s: %s", c.Right, c.Result.Summary())
			}
		}},
		{"profile", func(t *testing.T, c *Comparison) {
			if e := findEntry(t, c, `DW_TAG_structure_type "?u32"/DW_TAG_variant_part`); e.Status != compare.StatusOnlyLeft {
				t.Errorf("variant part: %s", e.Status)
			}
		}},
		{"target", func(t *testing.T, c *Comparison) {
			if h := c.Result.Units[0].Header[3]; h.Left != "8" || h.Right != "4" || c.Right != "target x86" {
				t.Errorf("%s: address_size %+v", c.Right, h)
			}
		}},
		{"target:s390x", func(t *testing.T, c *Comparison) {
			// Big-endian, the same address size: the same meaning.
			if h := c.Result.Units[0].Header[3]; h.Left != "8" || h.Right != "8" || c.Right != "target s390x" {
				t.Errorf("%s: address_size %+v", c.Right, h)
			}
			if e := findEntry(t, c, `DW_TAG_variable "maybe"`); e.Status != compare.StatusEqual {
				t.Errorf("maybe on s390x: %s %+v", e.Status, e.Attrs)
			}
		}},
	} {
		if err := a.SetCompareMode(c.mode); err != nil {
			t.Fatal(err)
		}
		cmp, err := a.Compare()
		if err != nil {
			t.Fatalf("%s: %v", c.mode, err)
		}
		c.check(t, cmp)
		h := a.TabHTML()
		pressed := c.mode
		if pressed == "target" {
			pressed = "target:x86"
		}
		if !strings.Contains(h, `data-compare="`+pressed+`" aria-pressed="true"`) || !strings.Contains(h, "cmp-row cmp-entry") {
			t.Errorf("%s: the tab's HTML lacks its mode or rows", c.mode)
		}
	}

	// The previous version: none until an edit.
	if err := a.SetCompareMode("previous"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Compare(); err == nil || !strings.Contains(err.Error(), "no previous version") {
		t.Fatalf("previous before an edit: %v", err)
	}
	a.Edit(a.S.Source + "\nvar added: u16 = 3;\n")
	if len(a.S.Errors) > 0 {
		t.Fatal(a.S.Errors)
	}
	// The right file is the version before the edit: the page's build
	// has the variable, the previous version does not.
	cmp, err := a.Compare()
	if err != nil {
		t.Fatal(err)
	}
	e := findEntry(t, cmp, `DW_TAG_variable "added"`)
	if e.Status != compare.StatusOnlyLeft || e.Left == nil {
		t.Fatalf("added: %+v", e)
	}
	if h := a.TabHTML(); !strings.Contains(h, "st-only-left") || !strings.Contains(h, `data-off="`) {
		t.Error("the tab does not highlight the added variable's row")
	}
	// Its row's offset selects it in the map.
	a.Select(dwarfcore.DebugInfo, e.Left.Range.Off)
	if !a.Sel.valid || !strings.Contains(a.Sel.Item.Name, "added") {
		t.Fatalf("selecting 0x%x selects %+v", e.Left.Range.Off, a.Sel.Item)
	}
	if h := a.TabHTML(); !strings.Contains(h, "cmp-row cmp-entry st-only-left sel") {
		t.Error("the selected entry's row is not marked")
	}

	if err := a.SetOption("container", "macho"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Compare(); err == nil || !strings.Contains(err.Error(), "ELF") {
		t.Errorf("Mach-O: %v", err)
	}
	for _, m := range []string{"nonsense", "target:vax"} {
		if err := a.SetCompareMode(m); err == nil {
			t.Errorf("mode %q is accepted", m)
		}
	}
}

// BenchmarkCompareTab measures what the Compare tab costs after an edit
// of a generated program: the other build (DWARF64, a session of its
// own), reading both images and comparing them, then the tab's HTML.
//
//	go test ./wasm/model -run '^$' -bench CompareTab -benchtime 5x
func BenchmarkCompareTab(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("decls=%d", n), func(b *testing.B) {
			a := NewApp()
			if err := a.Load("sized.zig", string(corpus.Sized(n, 1)), DefaultOptions()); err != nil {
				b.Fatal(err)
			}
			a.Tab = "compare"
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				a.cmp.key = "" // as after an edit
				a.views = map[string]*viewCache{}
				if c, err := a.Compare(); err != nil || c.Result.Status != compare.StatusEncoding {
					b.Fatal(err)
				}
				a.TabHTML()
			}
		})
	}
}
