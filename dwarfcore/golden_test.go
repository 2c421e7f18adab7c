package dwarfcore

import (
	"bytes"
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
// sections of tinyProgram for x86_64, DWARF32, plain line programs.
func TestGoldenTiny(t *testing.T) {
	b := tinyProgram(target.X86_64)
	out, err := Emit(b.p, tinyCode(b), Options{Arch: target.X86_64, Lines: LinesPlain, CompDir: "/d", Annotate: true})
	if err != nil {
		t.Fatal(err)
	}
	addr0 := zeros(8) // External relocation: addend only (symbol value 0)

	checkGolden(t, ".debug_aranges", out.Sections[DebugAranges], golden{
		{bs(0x2c, 0, 0, 0), "§6.1.2 unit_length 44"},
		{bs(2, 0), "§6.1.2 version 2"},
		{bs(0, 0, 0, 0), "§6.1.2 debug_info_offset: cross-section reloc → info unit 0"},
		{bs(8), "§6.1.2 address_size"},
		{bs(0), "§6.1.2 segment_selector_size"},
		{zeros(4), "header padded to 2*address_size (the seed's alignForward)"},
		{addr0, "entry of t.f: address (external reloc t.f+0)"},
		{bs(16, 0, 0, 0, 0, 0, 0, 0), "entry of t.f: length 16"},
		{zeros(16), "trailer: terminating (0, 0) pair, no fill"},
	})

	checkGolden(t, ".debug_info", out.Sections[DebugInfo], golden{
		{bs(0xae, 0, 0, 0), "§7.5.1.1 unit_length 174 (to the section end)"},
		{bs(5, 0), "§7.5.1.1 version 5"},
		{bs(0x01), "§7.5.1.1 unit_type DW_UT_compile"},
		{bs(8), "§7.5.1.1 address_size"},
		{bs(0, 0, 0, 0), "§7.5.1.1 debug_abbrev_offset: cross-section reloc → abbrev entry 0"},
		{bs(12), "§7.5.3 abbrev code 12 compile_unit"},
		{bs(0x27), "DW_AT_language DW_FORM_data1: DW_LANG_Zig"},
		{bs(0x00, 0, 0, 0), "DW_AT_producer DW_FORM_line_strp → \"dwarfscope\""},
		{bs(0x0b, 0, 0, 0), "DW_AT_comp_dir DW_FORM_line_strp → \"/d\""},
		{bs(0x0e, 0, 0, 0), "DW_AT_name DW_FORM_line_strp → \"t.zig\""},
		{bs(0x0c, 0, 0, 0), "DW_AT_base_types DW_FORM_ref_addr: cross-unit reloc → main unit's compile_unit DIE"},
		{bs(0, 0, 0, 0), "DW_AT_stmt_list DW_FORM_sec_offset: cross-section reloc → line unit 0"},
		{bs(0x0c, 0, 0, 0), "DW_AT_rnglists_base DW_FORM_sec_offset → rnglists unit 0 + 12"},
		{bs(0), "DW_AT_ranges DW_FORM_rnglistx 0"},
		{bs(13), "abbrev code 13 module"},
		{bs(0x17, 0, 0, 0), "DW_AT_name DW_FORM_strp → \"root\""},
		{bs(0), "DW_AT_ranges DW_FORM_rnglistx 0"},
		// entry 0: the file's root struct (namespace_file)
		{bs(14), "abbrev code 14 namespace_file"},
		{bs(0), "DW_AT_decl_file DW_FORM_udata 0"},
		{bs(0, 0, 0, 0), "DW_AT_name DW_FORM_strp → \"t\""},
		{bs(2, 0), "slack 2 bytes (6 → 8): pad_n with an empty DW_FORM_block"},
		// entry 1: var x
		{bs(9), "abbrev code 9 decl_var"},
		{bs(0x2d, 0, 0, 0), "DW_AT_ZIG_parent DW_FORM_ref_addr: cross-entry reloc → root struct"},
		{bs(1, 0, 0, 0), "DW_AT_decl_line DW_FORM_data4 1"},
		{bs(1), "DW_AT_decl_column DW_FORM_udata 1"},
		{bs(3), "DW_AT_accessibility DW_FORM_data1 DW_ACCESS_private"},
		{bs(2, 0, 0, 0), "DW_AT_name DW_FORM_strp → \"x\""},
		{bs(4, 0, 0, 0), "DW_AT_linkage_name DW_FORM_strp → \"t.x\""},
		{bs(0x63, 0, 0, 0), "DW_AT_type DW_FORM_ref_addr: cross-entry reloc → u32"},
		{bs(9, 0x03), "DW_AT_location DW_FORM_exprloc length 9: DW_OP_addr (§7.7.1)"},
		{addr0, "DW_OP_addr operand: external reloc t.x+0"},
		{bs(4), "DW_AT_alignment DW_FORM_udata 4"},
		{bs(0), "DW_AT_external DW_FORM_flag false"},
		{bs(2, 9), "slack 11 bytes (35 → 46): pad_n, block length 9"},
		{zeros(9), "pad_n block contents (never read)"},
		// entry 2: u32
		{bs(28), "abbrev code 28 numeric_type"},
		{bs(8, 0, 0, 0), "DW_AT_name → \"u32\""},
		{bs(7), "DW_AT_encoding DW_ATE_unsigned (§7.8)"},
		{bs(32), "DW_AT_bit_size 32"},
		{bs(4), "DW_AT_byte_size 4"},
		{bs(4), "DW_AT_alignment 4"},
		{bs(2, 1, 0), "slack 3 bytes (9 → 12): pad_n, block length 1"},
		// entry 3: fn f, no locals: decl_func_empty switched in place
		{bs(11), "abbrev code 11 decl_func_empty"},
		{bs(0x2d, 0, 0, 0), "DW_AT_ZIG_parent → root struct"},
		{bs(2, 0, 0, 0), "DW_AT_decl_line 2"},
		{bs(1), "DW_AT_decl_column 1"},
		{bs(3), "DW_AT_accessibility private"},
		{bs(0x0c, 0, 0, 0), "DW_AT_name → \"f\""},
		{bs(0x0e, 0, 0, 0), "DW_AT_linkage_name → \"t.f\""},
		{bs(0xa7, 0, 0, 0), "DW_AT_type → void"},
		{addr0, "DW_AT_low_pc DW_FORM_addr: external reloc t.f+0"},
		{bs(16, 0, 0, 0, 0, 0, 0, 0), "DW_AT_high_pc DW_FORM_addr: external reloc t.f+16 (addend in place)"},
		{bs(1), "DW_AT_alignment 1 (x86_64 default function alignment)"},
		{bs(0), "DW_AT_external false"},
		{bs(0), "DW_AT_noreturn false"},
		{bs(2, 12), "slack 14 bytes (42 → 56): pad_n, block length 12"},
		{zeros(12), "pad_n block contents"},
		// entry 4: void, an empty structure (gdb shows the seed's
		// unspecified_type as <incomplete type>; portable.go)
		{bs(55), "abbrev code 55 empty_struct_type"},
		{bs(0x12, 0, 0, 0), "DW_AT_name → \"void\""},
		{bs(0), "DW_AT_byte_size 0"},
		{bs(1), "DW_AT_alignment 1"},
		{bs(0, 0), "trailer: null DIEs ending the module's and the compile unit's children"},
		{bs(0, 0), "trailer fill: null to the end of the unit's slot"},
	})

	line := out.Sections[DebugLine]
	// The header is 0x41 bytes: the file table lists t.zig as entry 0 and
	// again as entry 1 (the DWARF 5 file register starts at 1), each with
	// path, directory index and LLVM source.
	checkGolden(t, ".debug_line program", line[0x41:0x5c], golden{
		{bs(0, 9, 2), "§6.2.5.3 DW_LNE_set_address, length 9"},
		{addr0, "address: external reloc t.f+0"},
		{bs(4, 0), "DW_LNS_set_file 0"},
		{bs(5, 20), "DW_LNS_set_column 20 (the `{`)"},
		{bs(0x13), "special opcode: line += 1 (to 2), address += 0 (§6.2.5.1: (1-(-5)) + 14*0 + 13)"},
		{bs(5, 21), "DW_LNS_set_column 21"},
		{bs(0x0a), "DW_LNS_set_prologue_end"},
		{bs(0x4a), "special opcode: address += 4, line += 0: (0+5) + 14*4 + 13 = 74"},
		{bs(2, 12), "DW_LNS_advance_pc 12 to the function's end (16)"},
		{bs(0, 1, 1), "DW_LNE_end_sequence"},
		{bs(4, 0), "trailer: DW_LNS_set_file 0"},
	})
	fill := line[0x5c : len(line)-3]
	for i, c := range fill {
		if c != byte(dw.LNSConstAddPC) {
			t.Fatalf(".debug_line fill at 0x%x: 0x%x, want DW_LNS_const_add_pc", 0x5c+i, c)
		}
	}
	if len(fill) == 0 {
		t.Errorf(".debug_line: no trailer fill")
	}
	checkGolden(t, ".debug_line trailer end", line[len(line)-3:], golden{
		{bs(0, 1, 1), "trailer: DW_LNE_end_sequence closing the fill's sequence at the unit's end"},
	})

	checkGolden(t, ".debug_rnglists", out.Sections[DebugRnglists], golden{
		{bs(0x1e, 0, 0, 0), "§7.28 unit_length 30"},
		{bs(5, 0), "version 5"},
		{bs(8), "address_size"},
		{bs(0), "segment_selector_size"},
		{bs(1, 0, 0, 0), "offset_entry_count 1"},
		{bs(4, 0, 0, 0), "offsets[0]: list 0 starts right after the offsets"},
		{bs(0x06), "DW_RLE_start_end (entry of t.f)"},
		{addr0, "start: external reloc t.f+0"},
		{bs(16, 0, 0, 0, 0, 0, 0, 0), "end: external reloc t.f+16"},
		{bs(0), "trailer: DW_RLE_end_of_list"},
	})

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
