package tooltest

import (
	"debug/dwarf"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/canon"
)

// Canonical is canon.Canonical of d with line rows, the form in which the
// container tests compare an incremental image with a fresh build; an
// error fails the test.
func Canonical(t testing.TB, d *dwarf.Data) []string {
	t.Helper()
	c, err := canon.Canonical(d, true)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Entries is canon.Entries of d: every entry Go's debug/dwarf reads,
// null entries left out; an entry it cannot decode fails the test.
func Entries(t testing.TB, d *dwarf.Data) []*dwarf.Entry {
	t.Helper()
	es, err := canon.Entries(d)
	if err != nil {
		t.Fatalf("debug/dwarf: %v", err)
	}
	return es
}
