package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLayoutCommand(t *testing.T) {
	dir := t.TempDir()
	v1 := "const S = struct {\n    a: u32,\n};\nvar v: S = undefined;\nexport fn gen_entry() void {\n    _ = &v;\n}\n"
	v2 := strings.Replace(v1, "a: u32,", "a: u32,\n    b: u64,\n    c: u64,\n    d: u64,\n    e: u64,", 1)
	f1, f2 := filepath.Join(dir, "v1.zig"), filepath.Join(dir, "v2.zig")
	os.WriteFile(f1, []byte(v1), 0o644)
	os.WriteFile(f2, []byte(v2), 0o644)
	out := filepath.Join(dir, "out.o")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"layout", f1, f2, "-o", out, "-json", "-check"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var rep LayoutReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Steps) != 2 || rep.Check == nil || !rep.Check.Equal || rep.Layout == nil {
		t.Fatalf("report %+v", rep)
	}
	var moved bool
	for _, e := range rep.Steps[1].Step.Debug.Edits {
		if e.Name == "declaration v1.S" && e.Action == "moved" {
			moved = true
		}
	}
	if !moved {
		t.Errorf("S did not move: %+v", rep.Steps[1].Step.Debug.Edits)
	}
	// The first step builds from nothing: every edit it lists is an
	// addition or a header, never one of the second step's moves.
	for _, e := range rep.Steps[0].Step.Debug.Edits {
		if e.Action != "added" && e.Action != "header" {
			t.Errorf("step 0 lists %s %s", e.Action, e.Name)
		}
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(b, []byte("\x7fELF")) {
		t.Errorf("-o: %v", err)
	}
	stdout.Reset()
	if code := run([]string{"layout", f1, f2}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "== layout") {
		t.Fatalf("text output (exit %d): %s", code, stdout.String())
	}
}
