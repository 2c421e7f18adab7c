package model

import "testing"

// TestEncodingsReferenceIntoAnotherEntry checks that a reference to a DIE
// inside another entry is named by that DIE and its entry: the portable
// profile's u0 variable refers to the typedef written inside the u0
// type's entry, which is not a DIE of the variable's entry.
func TestEncodingsReferenceIntoAnotherEntry(t *testing.T) {
	a := NewApp()
	o := DefaultOptions()
	o.Profile = "portable"
	if err := a.Load("z.zig", "var z: u0 = 0;\npub fn main() void {}\n", o); err != nil {
		t.Fatal(err)
	}
	if !a.SelectEntry("declaration z.z") {
		t.Fatal("no entry for z")
	}
	_, portable, err := a.Encodings()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, l := range portable.Lines {
		if l.Attr != "DW_AT_type" {
			continue
		}
		n++
		if want := `→ DW_TAG_typedef "u0" in type u0`; l.Value != want {
			t.Errorf("%s's DW_AT_type shows %q, want %q", portable.Lines[0].Tag, l.Value, want)
		}
	}
	if n == 0 {
		t.Fatalf("no DW_AT_type line: %v", portable.tags())
	}
}
