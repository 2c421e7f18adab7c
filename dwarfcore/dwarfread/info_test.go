package dwarfread

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/leb128"
)

// TestAbbrevCodesPastTheirType checks that a tag, attribute or form code
// wider than its DWARF type is an error naming it, never truncated into a
// known code (0x10034 would otherwise read as DW_TAG_variable).
func TestAbbrevCodesPastTheirType(t *testing.T) {
	uleb := func(vs ...uint64) []byte {
		var b []byte
		for _, v := range vs {
			b = leb128.AppendUnsigned(b, v)
		}
		return b
	}
	tests := []struct {
		name  string
		table []byte
		want  string // "" for no error
	}{
		{"known codes", append(uleb(1, 0x34), append([]byte{0}, uleb(0x03, 0x08, 0, 0, 0)...)...), ""},
		{"tag", append(uleb(1, 0x10034), append([]byte{0}, uleb(0, 0, 0)...)...), "tag 0x10034"},
		{"attribute", append(uleb(1, 0x34), append([]byte{0}, uleb(0x10003, 0x08, 0, 0, 0)...)...), "attribute 0x10003"},
		{"form", append(uleb(1, 0x34), append([]byte{0}, uleb(0x03, 0x10008, 0, 0, 0)...)...), "form 0x10008"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Data{Order: binary.LittleEndian, Sections: []*DebugSection{{Name: ".debug_abbrev", Data: tt.table}}}
			abbrevs, err := d.Abbrevs(0)
			if tt.want == "" {
				if err != nil || len(abbrevs) != 1 || abbrevs[1].Tag.String() != "DW_TAG_variable" {
					t.Fatalf("Abbrevs = %v, %v", abbrevs, err)
				}
				if sp := abbrevs[1].Specs; len(sp) != 1 || sp[0].Attr.String() != "DW_AT_name" || sp[0].Form.String() != "DW_FORM_string" {
					t.Fatalf("specs %+v", sp)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Abbrevs error = %v, want one naming %q", err, tt.want)
			}
			if len(abbrevs) != 0 {
				t.Errorf("Abbrevs kept %d declarations of a bad table", len(abbrevs))
			}
		})
	}
}
