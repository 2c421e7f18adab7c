package dwarfcore

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/leb128"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// tinyProgram is t.zig:
//
//	var x: u32 = 0;     // line 1
//	fn f() void {}      // line 2, body `{` at column 20
func tinyProgram(arch *target.Arch) *progBuilder {
	b := newProg(arch, "t.zig", "t")
	b.global("x", b.ts.Int(false, 32), 1)
	b.fn("f", b.ts.Void, 2, nil, nil)
	return b
}

func tinyCode(b *progBuilder) []FuncCode {
	var f *lang.Decl
	for _, d := range b.p.Decls {
		if d.Name == "f" {
			f = d
		}
	}
	return []FuncCode{{Decl: f, Size: 16, Rows: []LineRow{{PC: 4, Line: 2, Col: 21, Stmt: true, PrologueEnd: true}}}}
}

// golden is an expected byte string built from commented pieces.
type golden []struct {
	b    []byte
	what string
}

func (g golden) bytes() []byte {
	var out []byte
	for _, p := range g {
		out = append(out, p.b...)
	}
	return out
}

// readGolden reads the expected pieces of a golden file (see
// testdata/tiny.golden for the format) by check name.
func readGolden(t *testing.T, path string) map[string]golden {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]golden{}
	name := ""
	for i, l := range strings.Split(string(text), "\n") {
		switch {
		case l == "" || strings.HasPrefix(l, "#"):
			continue
		case strings.HasPrefix(l, "== "):
			name = strings.TrimPrefix(l, "== ")
			continue
		}
		hexBytes, what, ok := strings.Cut(l, "  ")
		b, err := parseHexPiece(hexBytes)
		if !ok || err != nil || name == "" {
			t.Fatalf("%s:%d: want \"HEX BYTES  what they are\" after a \"== NAME\" line (%v)", path, i+1, err)
		}
		out[name] = append(out[name], golden{{b, strings.TrimSpace(what)}}...)
	}
	return out
}

// parseHexPiece parses hex bytes separated by spaces; "00*16" is sixteen
// zero bytes.
func parseHexPiece(s string) ([]byte, error) {
	var b []byte
	for _, f := range strings.Fields(s) {
		if n, ok := strings.CutPrefix(f, "00*"); ok {
			k, err := strconv.Atoi(n)
			if err != nil {
				return nil, err
			}
			b = append(b, zeros(k)...)
			continue
		}
		v, err := strconv.ParseUint(f, 16, 8)
		if err != nil {
			return nil, err
		}
		b = append(b, byte(v))
	}
	return b, nil
}

func bs(b ...byte) []byte { return b }

func zeros(n int) []byte { return make([]byte, n) }

func checkGolden(t *testing.T, name string, got []byte, want golden) {
	t.Helper()
	w := want.bytes()
	if bytes.Equal(got, w) {
		return
	}
	off := 0
	for _, p := range want {
		end := off + len(p.b)
		if end > len(got) || !bytes.Equal(got[off:end], p.b) {
			lim := min(end, len(got))
			t.Fatalf("%s: at 0x%x (%s): got % x, want % x", name, off, p.what, got[off:lim], p.b)
		}
		off = end
	}
	t.Fatalf("%s: got %d bytes, want %d", name, len(got), len(w))
}

// TestGoldenTiny pins every byte of the aranges, info, line and rnglists
// sections of tinyProgram for x86_64, DWARF32, plain line programs, piece
// by piece with what each piece is (testdata/tiny.golden).
func TestGoldenTiny(t *testing.T) {
	b := tinyProgram(target.X86_64)
	out, err := Emit(b.p, tinyCode(b), Options{Arch: target.X86_64, Lines: LinesPlain, CompDir: "/d", Annotate: true})
	if err != nil {
		t.Fatal(err)
	}
	want := readGolden(t, "testdata/tiny.golden")
	line := out.Sections[DebugLine]
	// The line header is 0x41 bytes: the file table lists t.zig as entry 0
	// and again as entry 1 (the DWARF 5 file register starts at 1), each
	// with path, directory index and LLVM source. After the program comes
	// the trailer: DW_LNS_set_file, DW_LNS_const_add_pc fill, and the last
	// 3 bytes.
	checks := []struct {
		name string
		got  []byte
	}{
		{".debug_aranges", out.Sections[DebugAranges]},
		{".debug_info", out.Sections[DebugInfo]},
		{".debug_line program", line[0x41:0x5c]},
		{".debug_line trailer end", line[len(line)-3:]},
		{".debug_rnglists", out.Sections[DebugRnglists]},
	}
	for _, c := range checks {
		if want[c.name] == nil {
			t.Fatalf("testdata/tiny.golden has no %s", c.name)
		}
		checkGolden(t, c.name, c.got, want[c.name])
	}
	fill := line[0x5c : len(line)-3]
	for i, c := range fill {
		if c != byte(dw.LNSConstAddPC) {
			t.Fatalf(".debug_line fill at 0x%x: 0x%x, want DW_LNS_const_add_pc", 0x5c+i, c)
		}
	}
	if len(fill) == 0 {
		t.Errorf(".debug_line: no trailer fill")
	}

	kinds := map[RelocKind]int{}
	for _, r := range out.Relocs {
		kinds[r.Kind]++
	}
	for _, k := range []RelocKind{CrossEntry, CrossUnit, CrossSection, External} {
		if kinds[k] == 0 {
			t.Errorf("no %s relocation", k)
		}
	}
}

// TestInfoPadEncoding pins the padding DIEs (§7.5.3 codes 1 and 2,
// DW_FORM_block §7.5.6) for hole sizes around the ULEB boundaries.
func TestInfoPadEncoding(t *testing.T) {
	tests := []struct {
		n    uint64
		want []byte
	}{
		{1, bs(0x01)},                       // pad_1: the code alone
		{2, bs(0x02, 0x00)},                 // pad_n, empty block
		{129, bs(0x02, 0x7f)},               // 1 + 1 + 127
		{130, bs(0x02, 0xff, 0x00)},         // no exact length: 127 in a 2-byte ULEB, 1 + 2 + 127
		{131, bs(0x02, 0x80, 0x01)},         // 1 + 2 + 128
		{16386, bs(0x02, 0xff, 0x7f)},       // 1 + 2 + 16383
		{16387, bs(0x02, 0xff, 0xff, 0x00)}, // stretched again: 1 + 3 + 16383
		{16388, bs(0x02, 0x80, 0x80, 0x01)}, // 1 + 3 + 16384
	}
	for _, tt := range tests {
		var w bytewriter.Writer
		writeInfoPad(&w, tt.n)
		got := w.Bytes()
		if !bytes.Equal(got, tt.want) {
			t.Errorf("pad(%d) = % x, want % x", tt.n, got, tt.want)
		}
		if tt.n > 1 {
			l, ln := leb128.ReadUnsigned(got, 1)
			if 1+uint64(ln)+l != tt.n {
				t.Errorf("pad(%d) covers %d bytes", tt.n, 1+uint64(ln)+l)
			}
		}
	}
}
