package macho_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/linkcore"
	machoobj "github.com/dwarfscope/dwarfscope/linkcore/macho"
)

// TestErrors checks what the Mach-O container refuses, and that errors
// in the source come back from the front end unchanged.
func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		opts linkcore.Options
		want string
	}{
		{"target", "var x: u32 = 1;", linkcore.Options{Debug: dwarfcore.Options{Arch: target.RISCV64}}, "x86_64 and aarch64, not riscv64"},
		{"kind", "pub fn main() void {}", linkcore.Options{Kind: linkcore.KindExecutable}, "holds objects only"},
		{"source", "var x: u32 = ;", linkcore.Options{}, "t.zig:1:14: error:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Container = machoobj.Container
			_, err := linkcore.Build("t.zig", []byte(tt.src), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			var el lang.ErrorList
			if tt.name == "source" && !errors.As(err, &el) {
				t.Errorf("source error is %T, not lang.ErrorList", err)
			}
		})
	}
}
