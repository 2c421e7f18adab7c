package dwarfcore

import (
	"debug/dwarf"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// TestUnitStrp reads output emitted with Options.UnitStrp (alone and with
// AddrBase, as Mach-O has them) the way ld64.lld does, with debug/dwarf
// given no .debug_line_str: the compile unit's producer, directory and
// name decode from .debug_str, through DW_FORM_strp (without UnitStrp the
// unit entry cannot be read so); the line program header keeps its names
// in .debug_line_str (DW_FORM_line_strp) either way.
func TestUnitStrp(t *testing.T) {
	for _, addrBase := range []bool{false, true} {
		for _, unitStrp := range []bool{false, true} {
			opts := Options{Format: DWARF32, Arch: target.X86_64, Lines: LinesPlain, CompDir: "/src", Producer: "dwarfscope test",
				AddrBase: addrBase, UnitStrp: unitStrp}
			b := sampleProgram(opts.Arch)
			out, err := Emit(b.p, b.code(), opts)
			if err != nil {
				t.Fatal(err)
			}
			s := out.Sections
			d, err := dwarf.New(s[DebugAbbrev], nil, nil, s[DebugInfo], s[DebugLine], nil, nil, s[DebugStr])
			if err != nil {
				t.Fatalf("dwarf.New: %v", err)
			}
			if err := d.AddSection(".debug_rnglists", s[DebugRnglists]); err != nil {
				t.Fatal(err)
			}
			cu, err := d.Reader().Next()
			if !unitStrp {
				// DW_FORM_line_strp: unreadable without .debug_line_str.
				if err == nil || !strings.Contains(err.Error(), "line_str") {
					t.Errorf("AddrBase %v: without UnitStrp the unit entry reads without .debug_line_str: %v %v", addrBase, cu, err)
				}
				continue
			}
			if err != nil || cu == nil || cu.Tag != dwarf.TagCompileUnit {
				t.Fatalf("AddrBase %v: compile unit: %v %v", addrBase, cu, err)
			}
			for _, want := range []struct {
				attr dwarf.Attr
				val  string
			}{{dwarf.AttrProducer, "dwarfscope test"}, {dwarf.AttrCompDir, "/src"}, {dwarf.AttrName, "sample.zig"}} {
				if v, _ := cu.Val(want.attr).(string); v != want.val {
					t.Errorf("AddrBase %v: %v = %q, want %q", addrBase, want.attr, v, want.val)
				}
			}
			if got := cu.Val(dwarf.AttrAddrBase) != nil; got != addrBase {
				t.Errorf("AddrBase %v: DW_AT_addr_base present = %v", addrBase, got)
			}
			// The line program header's names stay in .debug_line_str.
			if len(s[DebugLineStr]) == 0 || !containsForm(s[DebugLine], dw.FormLineStrp) {
				t.Errorf("AddrBase %v, UnitStrp %v: the line program header does not use .debug_line_str", addrBase, unitStrp)
			}
		}
	}
}

// containsForm reports whether a .debug_line section's first header
// describes an entry format with form f (DWARF 5 §6.2.4.1, 32-bit): the
// directory entry format follows the standard opcode lengths.
func containsForm(line []byte, f dw.Form) bool {
	const opcodeBaseAt = 4 + 2 + 1 + 1 + 4 + 1 + 1 + 1 + 1 + 1 // unit_length .. line_range
	if len(line) <= opcodeBaseAt {
		return false
	}
	at := opcodeBaseAt + 1 + int(line[opcodeBaseAt]) - 1 // past opcode_base and standard_opcode_lengths
	if at+3 > len(line) {
		return false
	}
	// directory_entry_format_count, then (content type, form) pairs of
	// one-byte ULEBs.
	n := int(line[at])
	for i := range n {
		if at+2+2*i < len(line) && dw.Form(line[at+2+2*i]) == f {
			return true
		}
	}
	return false
}
