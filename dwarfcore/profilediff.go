package dwarfcore

import (
	"slices"
	"strings"
)

// ProfileDifference says in a line why the portable profile writes an
// entry differently from the seed's (zig) profile, given the tags of the
// entry's DIEs under each ("DW_TAG_variant_part", …). The page shows it
// beside the two trees.
func ProfileDifference(zigTags, portableTags []string) string {
	if slices.Equal(zigTags, portableTags) {
		return "Both profiles write the same entries here; only attribute values (if any) differ."
	}
	added := func(tag string) bool { return slices.Contains(portableTags, tag) && !slices.Contains(zigTags, tag) }
	var why []string
	if slices.Contains(zigTags, "DW_TAG_variant_part") && !slices.Contains(portableTags, "DW_TAG_variant_part") {
		why = append(why, "Stock lldb reads DW_TAG_variant_part only for Rust (and gdb misreads its size and discriminant); portable describes the same bytes as a structure with overlapping members and a flag or tag member.")
	}
	zeroBitInt := slices.Equal(zigTags, []string{"DW_TAG_base_type"}) && added("DW_TAG_enumeration_type")
	if zeroBitInt {
		why = append(why, "A zero-bit integer keeps its base type of size 0 (for structure members), followed by a typedef of an enumeration of its name over the 8-bit integer, which its variables refer to with the value 0 computed: lldb cannot size the base type, and the 8-bit integer alone shows as a character.")
	}
	if !zeroBitInt && (added("DW_TAG_typedef") || added("DW_TAG_enumeration_type")) {
		why = append(why, "An optional whose null is a zero payload is written as C compilers would write it (a typedef of the pointer, or an enumeration with null = 0): gdb's parser cannot take the member name \"?\".")
	}
	if added("DW_TAG_constant") {
		why = append(why, "Portable adds a DW_TAG_constant of the plain name, so gdb finds the global by its plain name as well as by the qualified one.")
	}
	if len(why) == 0 {
		why = append(why, "Portable uses constructs stock gdb and lldb display; the bytes it describes are the same as under the seed's encoding.")
	}
	return strings.Join(why, " ")
}
