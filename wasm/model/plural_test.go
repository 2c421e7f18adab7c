package model

import (
	"regexp"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
)

// oneUnits finds a count of one with a plural unit ("1 bytes", "1 entry
// writes"), not a part of a larger number, an offset or a range ("0x1",
// "11", "1→2 bytes").
var oneUnits = regexp.MustCompile(`(^|[^0-9A-Za-z_.→+-])1 (bytes|bits|entries|sections|[a-z]+ writes)\b`)

// TestOneIsSingular selects every byte of the first 48 of each section of
// every sample, edits the program and shows every tab, and requires that
// no view counts one byte (or one write) in the plural.
func TestOneIsSingular(t *testing.T) {
	for _, s := range Samples {
		a := NewApp()
		if err := a.LoadSample(s.File); err != nil {
			t.Fatalf("%s: %v", s.File, err)
		}
		check := func(where, html string) {
			if m := oneUnits.FindStringIndex(html); m != nil {
				t.Errorf("%s, %s: %q", s.File, where, html[max(m[0]-80, 0):min(m[1]+20, len(html))])
			}
		}
		for sec := dwarfcore.SectionID(0); sec < dwarfcore.NumSections; sec++ {
			for off := uint64(0); off < 48; off++ {
				a.Select(sec, off)
				for _, p := range a.Patches() {
					check(p.ID, p.HTML)
				}
			}
		}
		// An edit (a declaration added), then every tab.
		src, _ := SampleSource(s.File)
		a.Edit(src + "\nvar plural_test_v: u8 = 1;\n")
		check("status", a.Status())
		// A one-byte value change: one byte written to the image.
		a.Edit(src + "\nvar plural_test_v: u8 = 2;\n")
		check("status", a.Status())
		for _, tab := range Tabs {
			a.Tab = tab
			check(tab, a.TabHTML())
		}
	}
}
