package dwarfread

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// readelfRel matches a relocation line of readelf -rW: offset, info,
// type.
var readelfRel = regexp.MustCompile(`^([0-9a-f]{8,16})\s+([0-9a-f]{8,16})\s+(R_\S+)`)

// TestCorpusRelocationsMatchReadelf holds every relocation record of the
// corpus (offset, type name per target) to what readelf -rW prints, and
// checks the file regions cover every byte once with the ELF header
// first (never free).
func TestCorpusRelocationsMatchReadelf(t *testing.T) {
	if _, err := exec.LookPath("readelf"); err != nil {
		t.Fatal("readelf is not installed (Debian binutils)")
	}
	for _, f := range corpus(t) {
		t.Run(f.name, func(t *testing.T) {
			b, err := os.ReadFile(f.path)
			if err != nil {
				t.Fatal(err)
			}
			file, err := Open(b)
			if err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("readelf", "-rW", f.path).Output()
			if err != nil {
				t.Fatal(err)
			}
			var want, got []string
			for _, line := range strings.Split(string(out), "\n") {
				if m := readelfRel.FindStringSubmatch(line); m != nil {
					want = append(want, strings.TrimLeft(m[1], "0")+" "+m[3])
				}
			}
			for _, s := range file.Sections {
				for _, r := range s.Relocs {
					got = append(got, strings.TrimLeft(fmt.Sprintf("%x", r.Offset), "0")+" "+r.TypeName)
				}
			}
			if strings.Join(want, "\n") != strings.Join(got, "\n") {
				t.Errorf("relocations differ (%d readelf, %d ours):\n%s", len(want), len(got), firstDiffOf("readelf -rW", want, got))
			}
			regions := file.Regions()
			if len(regions) == 0 || regions[0].Kind != RegionHeader || regions[0].Len != file.Header.Len {
				t.Fatalf("first region %+v, want the %d-byte ELF header", regions[0], file.Header.Len)
			}
			pos := uint64(0)
			for _, r := range regions {
				if r.Off != pos || r.Len == 0 {
					t.Fatalf("region %+v at 0x%x, want 0x%x", r, r.Off, pos)
				}
				pos += r.Len
			}
			if pos != uint64(len(b)) {
				t.Errorf("regions cover %d of %d bytes", pos, len(b))
			}
		})
	}
}
