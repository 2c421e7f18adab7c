package wasmobj_test

import (
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/linkcore"
	"github.com/dwarfscope/dwarfscope/linkcore/wasmobj"
)

// TestErrors checks what the WebAssembly container refuses or compiles
// as a trapping body.
func TestErrors(t *testing.T) {
	t.Run("dwarf64", func(t *testing.T) {
		_, err := linkcore.Build("t.zig", []byte("var x: u32 = 1;\nfn f() void {}\n"),
			linkcore.Options{Container: wasmobj.Container, Debug: dwarfcore.Options{Format: dwarfcore.DWARF64}})
		if err == nil || !strings.Contains(err.Error(), "8-byte relocation") {
			t.Fatalf("error %v, want the 8-byte relocation refused", err)
		}
	})
	t.Run("outside the subset", func(t *testing.T) {
		res, err := linkcore.Build("t.zig", []byte("const S = struct { a: u32 };\nfn f(s: S) u32 {\n    return s.a;\n}\nfn g(x: u32) u32 {\n    return x;\n}\n"),
			linkcore.Options{Container: wasmobj.Container})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Code.Unsupported) != 1 || !strings.Contains(res.Code.Unsupported[0], "outside the WebAssembly code generator's subset") {
			t.Errorf("Unsupported = %q, want f's parameter", res.Code.Unsupported)
		}
	})
	t.Run("source", func(t *testing.T) {
		_, err := linkcore.Build("t.zig", []byte("fn f() u32 { return ; }"), linkcore.Options{Container: wasmobj.Container})
		if err == nil || !strings.Contains(err.Error(), "t.zig:1:") {
			t.Fatalf("error %v, want the front end's", err)
		}
	})
}
