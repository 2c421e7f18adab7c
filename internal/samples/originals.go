//go:build !(js && wasm)

package samples

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// SharedDir is where the reference design's originals stand, relative to
// the module root: the shared folder beside the project's checkout.
const SharedDir = "../shared/samples"

// Originals returns the programs of the reference design's samples as
// they stand in SharedDir (the module root found from the working
// directory, as in a test), sorted by name, or none when that folder is
// absent, as in a plain clone. Tests compile them next to the project's
// copies (Programs) to notice when the two differ in what they exercise.
func Originals() ([]Program, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(root, SharedDir, "*.zig"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []Program
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, Program{Name: filepath.Base(f), Src: src})
	}
	return out, nil
}

// moduleRoot returns the nearest folder at or above the working
// directory that holds a go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("samples: no go.mod at or above the working directory")
		}
		dir = parent
	}
}
