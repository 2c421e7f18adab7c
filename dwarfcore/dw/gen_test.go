package dw

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGenerated checks that constants_gen.go is what gen.go makes of
// constants.txt, so the table cannot be edited by hand.
func TestGenerated(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"gen.go", "constants.txt"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "run", "gen.go")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen.go: %v\n%s", err, out)
	}
	want, err := os.ReadFile(filepath.Join(dir, "constants_gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("constants_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("constants_gen.go is out of date with constants.txt: run go generate ./dwarfcore/dw")
	}
}
