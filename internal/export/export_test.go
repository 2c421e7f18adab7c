package export

import (
	"bytes"
	"testing"

	"github.com/dwarfscope/dwarfscope/linkcore"
)

func TestBuild(t *testing.T) {
	src := []byte("var x: u32 = 7;\n")
	tests := []struct {
		name    string
		req     Request
		lim     Limits
		status  int
		option  string
		outName string
	}{
		{"default name", Request{Source: src}, Limits{}, 0, "", "main.o"},
		{"named", Request{Name: "a.zig", Source: src}, Limits{}, 0, "", "a.o"},
		{"bad name", Request{Name: "a/b.zig", Source: src}, Limits{}, 400, "name", ""},
		{"only suffix", Request{Name: ".zig", Source: src}, Limits{}, 400, "name", ""},
		{"bad option", Request{Options: map[string]string{"lines": "x"}, Source: src}, Limits{}, 400, "lines", ""},
		{"source error", Request{Source: []byte("var x: u8 = 256;\n")}, Limits{}, 400, "", ""},
		{"type size", Request{Source: []byte("var x: [100]u8 = undefined;\n")}, Limits{MaxTypeSize: 64}, 400, "", ""},
		{"data size", Request{Source: []byte("var x: [60]u8 = undefined;\nvar y: [60]u8 = undefined;\n")}, Limits{MaxData: 100}, 400, "", ""},
		{"output size", Request{Source: src}, Limits{MaxOutput: 100}, 413, "", ""},
		{"decls", Request{Source: []byte("var a: u8 = 0;\nvar b: u8 = 0;\nvar c: u8 = 0;\n")}, Limits{MaxDecls: 2}, 400, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, f := Build(&tt.req, tt.lim)
			if tt.status == 0 {
				if f != nil {
					t.Fatal(f)
				}
				want, err := linkcore.Build(res.FileName[:len(res.FileName)-2]+".zig", tt.req.Source, linkcore.Options{})
				if err != nil || !bytes.Equal(res.ELF, want.ELF) || res.FileName != tt.outName {
					t.Errorf("%s: %d bytes, want %d (%v)", res.FileName, len(res.ELF), len(want.ELF), err)
				}
				return
			}
			if f == nil || f.Status != tt.status || f.Option != tt.option || f.Msg == "" {
				t.Fatalf("got %+v", f)
			}
			if tt.status == 400 && tt.option == "" && (len(f.Errors) == 0 || f.Errors[0].Line < 1) {
				t.Errorf("no positioned error: %+v", f)
			}
		})
	}
}
