package model

import (
	"slices"
	"strings"
	"testing"
)

// TestEncodingsOptional builds an optional ?u32 global under both
// profiles from either profile of the page and checks the trees differ as
// the profiles say: zig writes a DW_TAG_variant_part, portable does not,
// and the lines that differ are marked on both sides.
func TestEncodingsOptional(t *testing.T) {
	for _, profile := range []string{"zig", "portable"} {
		t.Run(profile, func(t *testing.T) {
			a, zig, portable := loadEncodings(t, profile, "opt.zig", "var maybe: ?u32 = 123;\npub fn main() void {}\n", "declaration opt.maybe")
			if zig.Profile != "zig" || portable.Profile != "portable" {
				t.Fatalf("profiles %q, %q", zig.Profile, portable.Profile)
			}
			if !slices.Contains(zig.tags(), "DW_TAG_variant_part") {
				t.Errorf("zig tags %v: no DW_TAG_variant_part", zig.tags())
			}
			if slices.Contains(portable.tags(), "DW_TAG_variant_part") {
				t.Errorf("portable tags %v: has DW_TAG_variant_part", portable.tags())
			}
			for _, tr := range []EncTree{zig, portable} {
				if tr.Lines[0].Tag != "DW_TAG_variable" || !slices.ContainsFunc(tr.Lines, func(l EncLine) bool { return l.Attr == "" && l.Tag == "DW_TAG_structure_type" }) {
					t.Errorf("%s: want the variable and its ?u32 structure, got tags %v", tr.Profile, tr.tags())
				}
				// The variable's own DIE is the same under both.
				for _, l := range tr.Lines[1:] {
					if l.Attr == "" {
						break
					}
					if l.Differs {
						t.Errorf("%s: %s %s marked as differing", tr.Profile, l.Attr, l.Value)
					}
				}
			}
			for _, l := range zig.Lines {
				if l.Tag == "DW_TAG_variant_part" && l.Attr == "" && !l.Differs {
					t.Error("zig's DW_TAG_variant_part is not marked as differing")
				}
				// A reference inside the entry is named by its target.
				if l.Attr == "DW_AT_discr" && l.Value != `→ DW_TAG_member "has_value"` {
					t.Errorf("DW_AT_discr shows %q", l.Value)
				}
			}
			h := a.encodingsHTML()
			for _, want := range []string{`data-profile="zig"`, `data-profile="portable"`, "enc-diff", "DW_TAG_variant_part", "only for Rust"} {
				if !strings.Contains(h, want) {
					t.Errorf("HTML lacks %q", want)
				}
			}
		})
	}
}
