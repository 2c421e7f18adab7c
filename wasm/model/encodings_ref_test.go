package model

import "testing"

// TestEncodingsReferenceIntoAnotherEntry checks that a reference to a DIE
// inside another entry is named by that DIE and its entry: the portable
// profile's u0 variable refers to the typedef written inside the u0
// type's entry, which is not a DIE of the variable's entry.
func TestEncodingsReferenceIntoAnotherEntry(t *testing.T) {
	_, _, portable := loadEncodings(t, "portable", "z.zig", "var z: u0 = 0;\npub fn main() void {}\n", "declaration z.z")
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

// loadEncodings loads src as file under profile, selects entry and
// returns the page and the entry's Encodings under both profiles.
func loadEncodings(t *testing.T, profile, file, src, entry string) (a *App, zig, portable EncTree) {
	t.Helper()
	a = NewApp()
	o := DefaultOptions()
	o.Profile = profile
	if err := a.Load(file, src, o); err != nil {
		t.Fatal(err)
	}
	if !a.SelectEntry(entry) {
		t.Fatalf("no entry %q", entry)
	}
	zig, portable, err := a.Encodings()
	if err != nil {
		t.Fatal(err)
	}
	return a, zig, portable
}
