package dwarfread

import (
	"bytes"
	"encoding/json"
	"testing"
)

// checkStreamed holds the JSON WriteSectionMapJSON streams for s to the
// JSON of the map SectionMap built (root).
func checkStreamed(t *testing.T, d *Data, s *DebugSection, root *Span) {
	t.Helper()
	want, err := json.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := d.WriteSectionMapJSON(&got, s); err != nil {
		t.Fatalf("%s: %v", s.Name, err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		i := 0
		for i < min(got.Len(), len(want)) && got.Bytes()[i] == want[i] {
			i++
		}
		from := max(i-80, 0)
		t.Errorf("%s: the streamed map differs from the built one at byte %d of %d:\nbuilt:    %s\nstreamed: %s",
			s.Name, i, len(want), want[from:min(i+80, len(want))], got.Bytes()[from:min(i+80, got.Len())])
	}
}

// TestCorpusStreamedMapEqualsMap: for every section of every corpus
// file, the streamed map is byte for byte the JSON of the built one.
func TestCorpusStreamedMapEqualsMap(t *testing.T) {
	for _, f := range corpus(t) {
		t.Run(f.name, func(t *testing.T) {
			d := readFile(t, f.path)
			for _, s := range d.Sections {
				checkStreamed(t, d, s, d.SectionMap(s))
			}
		})
	}
}
