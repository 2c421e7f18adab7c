package dwarfcore

import (
	"strings"
	"testing"
)

// TestProfileDifference checks that each kind of entry the profiles write
// differently gets its own reason, and only that one.
func TestProfileDifference(t *testing.T) {
	tests := []struct {
		name           string
		zig, portable  []string
		want, dontWant string
	}{
		{"same", []string{"DW_TAG_base_type"}, []string{"DW_TAG_base_type"}, "the same entries", "zero-bit"},
		{"u0", []string{"DW_TAG_base_type"},
			[]string{"DW_TAG_base_type", "DW_TAG_typedef", "DW_TAG_enumeration_type", "DW_TAG_base_type"},
			"zero-bit integer", "optional"},
		{"optional pointer", []string{"DW_TAG_variable", "DW_TAG_structure_type", "DW_TAG_variant_part"},
			[]string{"DW_TAG_variable", "DW_TAG_typedef", "DW_TAG_pointer_type"}, "optional whose null", "zero-bit"},
		{"optional error set", []string{"DW_TAG_variable", "DW_TAG_structure_type"},
			[]string{"DW_TAG_variable", "DW_TAG_enumeration_type", "DW_TAG_enumerator"}, "optional whose null", "zero-bit"},
	}
	for _, tt := range tests {
		got := ProfileDifference(tt.zig, tt.portable)
		if !strings.Contains(got, tt.want) || strings.Contains(got, tt.dontWant) {
			t.Errorf("%s: %q; want %q in it and not %q", tt.name, got, tt.want, tt.dontWant)
		}
	}
}
