package dwarfread

import "testing"

// TestRelocKind: in a gcc object, a relocation against a debug section's
// symbol is cross-section (another debug section) and one against .text
// is external; every record gets one of the kinds.
func TestRelocKind(t *testing.T) {
	d, err := Read(corpusBytes(t, "gcc-g-O0.o"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, r := range d.Relocs {
		kind := d.File.RelocKind(r)
		seen[kind]++
		switch r.SymName {
		case ".debug_abbrev", ".debug_str", ".debug_line", ".debug_line_str":
			if kind != RelocCrossSection {
				t.Errorf("%s+0x%x → %s: %s, want %s", d.File.Sections[r.Target].Name, r.Offset, r.SymName, kind, RelocCrossSection)
			}
		case ".text":
			if kind != RelocExternal {
				t.Errorf("%s+0x%x → .text: %s, want %s", d.File.Sections[r.Target].Name, r.Offset, kind, RelocExternal)
			}
		}
	}
	if seen[RelocCrossSection] == 0 || seen[RelocExternal] == 0 || len(seen) > 3 {
		t.Errorf("kinds %v", seen)
	}
}
