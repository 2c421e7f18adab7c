package tooltest

import (
	"os"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// ReadDWARF reads the ELF file at path with the general reader
// (dwarfread.Read: every unit and DIE, relocations applied), failing the
// test on an error.
func ReadDWARF(t testing.TB, path string) *dwarfread.Data {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dwarfread.Read(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}
