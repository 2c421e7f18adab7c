package export

import (
	"bytes"
	"debug/macho"
	"testing"
)

// TestContainers exports the same source in each container the build
// options name: the bytes are an ELF object, a Mach-O object (x86_64 and
// arm64) and a WebAssembly module.
func TestContainers(t *testing.T) {
	src := []byte("var counter: u32 = 7;\nfn f(x: u32) u32 {\n    return x + counter;\n}\n")
	tests := []struct {
		opts  map[string]string
		check func(b []byte) bool
	}{
		{map[string]string{"container": "elf"}, func(b []byte) bool { return bytes.HasPrefix(b, []byte("\x7fELF")) }},
		{map[string]string{"container": "macho"}, func(b []byte) bool {
			f, err := macho.NewFile(bytes.NewReader(b))
			return err == nil && f.Cpu == macho.CpuAmd64 && f.Type == macho.TypeObj
		}},
		{map[string]string{"container": "macho", "target": "aarch64"}, func(b []byte) bool {
			f, err := macho.NewFile(bytes.NewReader(b))
			return err == nil && f.Cpu == macho.CpuArm64
		}},
		{map[string]string{"container": "wasm"}, func(b []byte) bool { return bytes.HasPrefix(b, []byte("\x00asm\x01\x00\x00\x00")) }},
	}
	for _, tt := range tests {
		res, f := Build(&Request{Name: "c.zig", Options: tt.opts, Source: src}, DefaultLimits)
		if f != nil {
			t.Fatalf("%v: %s", tt.opts, f.Msg)
		}
		if !tt.check(res.ELF) || res.FileName != "c.o" {
			t.Errorf("%v: %s, %d bytes starting %q", tt.opts, res.FileName, len(res.ELF), res.ELF[:min(8, len(res.ELF))])
		}
	}
	if _, f := Build(&Request{Name: "c.zig", Options: map[string]string{"container": "pe"}, Source: src}, DefaultLimits); f == nil || f.Status != 400 {
		t.Errorf("container=pe: %+v, want a 400", f)
	}
}
