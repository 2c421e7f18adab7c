package linkcore

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/linkcore/codegen"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
)

func TestCodeGen(t *testing.T) {
	tests := []struct {
		arch        *target.Arch
		body        []byte
		prologueEnd uint64
		align       uint64
		frameBase   []byte
	}{
		{target.X86_64, []byte{0x55, 0x48, 0x89, 0xe5, 0x5d, 0xc3}, 4, 16, []byte{0x50 /* DW_OP_reg0 */ + 6}},
		{target.X86, []byte{0x55, 0x89, 0xe5, 0x5d, 0xc3}, 3, 16, []byte{0x50 /* DW_OP_reg0 */ + 5}},
		{target.AArch64, []byte{0xc0, 0x03, 0x5f, 0xd6}, 0, 4, []byte{0x50 /* DW_OP_reg0 */ + 31}},
		{target.RISCV64, []byte{0x67, 0x80, 0x00, 0x00}, 0, 4, []byte{0x50 /* DW_OP_reg0 */ + 2}},
		{target.S390X, []byte{0x07, 0xfe}, 0, 4, []byte{0x50 /* DW_OP_reg0 */ + 15}},
	}
	for _, tt := range tests {
		t.Run(tt.arch.Name, func(t *testing.T) {
			prog := handProgram(tt.arch)
			c, err := CodeGen(prog, tt.arch)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Funcs) != 2 || len(c.Debug) != 2 || c.Align != tt.align {
				t.Fatalf("%d functions, %d debug, align %d", len(c.Funcs), len(c.Debug), c.Align)
			}
			for i, f := range c.Funcs {
				if f.Offset%tt.align != 0 || !bytes.Equal(c.Text[f.Offset:f.Offset+f.Size], tt.body) {
					t.Errorf("%s at %#x: % x, want % x", f.Symbol, f.Offset, c.Text[f.Offset:f.Offset+f.Size], tt.body)
				}
				fc := c.Debug[i]
				if fc.Decl != f.Decl || fc.Size != f.Size || !bytes.Equal(fc.FrameBase.AppendExpr(nil), tt.frameBase) {
					t.Errorf("%s: debug %+v", f.Symbol, fc)
				}
				body := f.Decl.Func.Body
				rows := fc.Rows
				if len(rows) != 2 ||
					rows[0].PC != 0 || rows[0].Line != body.Line || rows[0].Col != body.Col || !rows[0].Stmt ||
					rows[1].PC != tt.prologueEnd || rows[1].Line != body.EndLine || !rows[1].EpilogueBegin {
					t.Errorf("%s: rows %+v", f.Symbol, rows)
				}
				// prologue_end marks the first row at or after the prologue.
				firstAfter := 0
				if tt.prologueEnd > 0 {
					firstAfter = 1
				}
				for j, r := range rows {
					if r.PrologueEnd != (j == firstAfter) {
						t.Errorf("%s: row %d prologue_end %v", f.Symbol, j, r.PrologueEnd)
					}
				}
			}
		})
	}
}

func BenchmarkWriteObject(b *testing.B) {
	obj, _, err := handObject(target.X86_64)
	if err != nil {
		b.Fatal(err)
	}
	// A larger object: many functions and symbols.
	text := obj.Sections[0]
	for i := range 2000 {
		off := uint64(len(text.Data))
		text.Data = append(text.Data, codegen.X86_64Prologue...)
		text.Data = append(text.Data, codegen.X86_64Epilogue...)
		obj.Symbols = append(obj.Symbols, &elfobj.Symbol{Name: "bench.f" + strconv.Itoa(i), Kind: elfobj.SymFunc, Section: 0,
			Value: off, Size: uint64(len(codegen.X86_64Prologue) + len(codegen.X86_64Epilogue))})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := elfobj.WriteObject(obj, elfobj.WriteOptions{Slack: true})
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(f.Bytes)))
	}
}
