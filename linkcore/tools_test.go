package linkcore

import (
	"context"
	"slices"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/verify"
)

// checkVerified runs internal/verify's checks over the file at path and
// fails on every finding worse than a Note (a Note is a limitation of the
// tool, such as a DTP-relative relocation binutils cannot apply).
func checkVerified(t *testing.T, path string, checks ...func(context.Context, []string) []verify.Finding) {
	t.Helper()
	for _, check := range checks {
		for _, f := range verify.Filter(check(context.Background(), []string{path}), verify.Warning) {
			t.Errorf("%s", f)
		}
	}
}

// checkDisassembly disassembles the file at path (verify.Disassemble) and
// checks every function of funcs is there and decodes.
func checkDisassembly(t *testing.T, path string, funcs []string) {
	t.Helper()
	got, findings := verify.Disassemble(context.Background(), path)
	for _, f := range findings {
		t.Errorf("%s", f)
	}
	for _, f := range funcs {
		if !slices.Contains(got, f) {
			t.Errorf("objdump -d: no function %s (have %v)", f, got)
		}
	}
}
