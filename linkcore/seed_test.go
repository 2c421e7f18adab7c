package linkcore

import (
	"fmt"
	"github.com/dwarfscope/dwarfscope/internal/leb128"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/linkcore/elfobj"
)

// The seed's behaviours, pinned by name on real source edits of one
// incremental build, each checked against a fresh build.

func incrementalSteps(t *testing.T, opts Options, versions ...string) (*Incremental, []*Step) {
	t.Helper()
	in, err := NewIncremental(opts)
	if err != nil {
		t.Fatal(err)
	}
	var steps []*Step
	for i, v := range versions {
		st, err := in.Update("seed.zig", []byte(v))
		if err != nil {
			t.Fatalf("version %d: %v", i, err)
		}
		steps = append(steps, st)
	}
	d, err := in.CheckFresh("seed.zig", []byte(versions[len(versions)-1]))
	if err != nil {
		t.Fatal(err)
	}
	if d != "" {
		t.Fatalf("incremental differs from fresh:\n%s", d)
	}
	return in, steps
}

// infoEdit returns the .debug_info edit of the named declaration.
func infoEdit(st *Step, decl string) *dwarfcore.Edit {
	for i := range st.Debug.Edits {
		e := &st.Debug.Edits[i]
		if e.Section == dwarfcore.DebugInfo && e.Name == "declaration "+decl {
			return e
		}
	}
	return nil
}

func structSrc(fields int, after string) string {
	var b strings.Builder
	b.WriteString("const S = struct {\n")
	for i := range fields {
		fmt.Fprintf(&b, "    f%d: u32,\n", i)
	}
	b.WriteString("};\n")
	b.WriteString(after)
	b.WriteString("var v: S = undefined;\nexport fn gen_entry() void {\n    _ = &v;\n}\n")
	return b.String()
}

const afterS = "const T = struct {\n    a: u64,\n};\nvar w: T = undefined;\n"

func TestSeedEntryGrownWithinSlackStaysPut(t *testing.T) {
	// 6 fields: the entry's slot is len + len/3, room for one more field
	_, steps := incrementalSteps(t, Options{}, structSrc(6, afterS), structSrc(7, afterS))
	e := infoEdit(steps[1], "seed.S")
	if e == nil || e.Action != dwarfcore.EditInPlace || e.OldOff != e.NewOff || e.NewLen <= e.OldLen {
		t.Fatalf("edit of S: %+v", e)
	}
}

func TestSeedEntryGrownPastSlackMovesAndPads(t *testing.T) {
	in, steps := incrementalSteps(t, Options{}, structSrc(2, afterS), structSrc(12, afterS))
	e := infoEdit(steps[1], "seed.S")
	if e == nil || e.Action != dwarfcore.EditMoved || e.NewOff <= e.OldOff {
		t.Fatalf("edit of S: %+v", e)
	}
	// S is now the last entry of the unit.
	u := in.Dwarf().Layout().Sections[dwarfcore.DebugInfo].Units[0]
	last := u.Entries[len(u.Entries)-1]
	if last.Name != "declaration seed.S" || last.Off != e.NewOff {
		t.Fatalf("last entry %+v, want S at %#x", last, e.NewOff)
	}
	// Its predecessor pads the hole with exactly one padding DIE that
	// ends where its successor starts.
	info := in.Last().Debug.Sections[dwarfcore.DebugInfo]
	for i, x := range u.Entries {
		if x.Off+x.Len > e.OldOff || i+1 >= len(u.Entries) || u.Entries[i+1].Off <= e.OldOff {
			continue
		}
		// x is the predecessor: its padding covers the old slot
		next := u.Entries[i+1].Off
		if x.Padding != next-(x.Off+x.Len) {
			t.Fatalf("predecessor %s: padding %d, want %d", x.Name, x.Padding, next-(x.Off+x.Len))
		}
		pad := info[x.Off+x.Len:]
		code, n := leb128.ReadUnsigned(pad, 0)
		if code != 2 { // abbrev pad_n (DW_TAG_ZIG_padding with a block)
			t.Fatalf("padding starts with abbreviation %d", code)
		}
		blk, m := leb128.ReadUnsigned(pad, uint64(n))
		if uint64(n+m)+blk != x.Padding {
			t.Fatalf("padding DIE covers %d bytes, want %d", uint64(n+m)+blk, x.Padding)
		}
		var padded bool
		for _, pe := range steps[1].Debug.Edits {
			if pe.Section == dwarfcore.DebugInfo && pe.Entry == x.Index && pe.Action == dwarfcore.EditPadded {
				padded = true
			}
		}
		if !padded {
			t.Errorf("edit log has no padded edit for %s", x.Name)
		}
		return
	}
	t.Fatal("no predecessor covers S's old slot")
}

func TestSeedUnitMovesToEndOfSection(t *testing.T) {
	// .debug_line has one unit per module and .debug_aranges too; the
	// unit moves at the dwarfcore level are pinned by
	// dwarfcore.TestUnitMovesToEnd. Here: a unit that outgrows its slot
	// at the end of the section grows the section instead (no successor).
	in, steps := incrementalSteps(t, Options{}, structSrc(2, afterS), structSrc(40, afterS))
	if steps[1].Debug.Stats.Sizes[dwarfcore.DebugInfo] <= steps[0].Debug.Stats.Sizes[dwarfcore.DebugInfo] {
		t.Fatalf("section did not grow")
	}
	_ = in
}

func TestSeedSectionMovesInFile(t *testing.T) {
	big := structSrc(2, afterS)
	var b strings.Builder
	b.WriteString(big)
	for i := range 60 {
		fmt.Fprintf(&b, "var g%d: u32 = %d;\n", i, i)
	}
	in, steps := incrementalSteps(t, Options{}, big, b.String())
	var moved *SectionMove
	for i := range steps[1].Moves {
		if steps[1].Moves[i].Name == ".debug_info" {
			moved = &steps[1].Moves[i]
		}
	}
	if moved == nil {
		t.Fatalf("no move of .debug_info in %+v", steps[1].Moves)
	}
	var now SectionInfo
	for _, s := range in.Sections() {
		if s.Name == ".debug_info" {
			now = s
		}
	}
	if now.Offset != moved.NewOff || moved.NewOff == moved.OldOff || now.Slot != elfobj.PadToIdeal(now.Size) {
		t.Fatalf("section header says %+v, move %+v", now, moved)
	}
	// The new slot overlaps no other section's slot.
	for _, s := range in.Sections() {
		if s.Name != ".debug_info" && s.Slot > 0 && s.Offset < now.Offset+now.Slot && now.Offset < s.Offset+s.Slot {
			t.Errorf("%s [%#x,+%d) overlaps .debug_info [%#x,+%d)", s.Name, s.Offset, s.Slot, now.Offset, now.Slot)
		}
	}
}

func TestSeedLineOnlyChangeWritesFourBytes(t *testing.T) {
	// incremental line programs are relative to the declaration's line,
	// so moving a declaration rewrites its DW_AT_decl_line alone
	opts := Options{Debug: dwarfcore.Options{Lines: dwarfcore.LinesIncremental}}
	_, steps := incrementalSteps(t, opts, structSrc(3, afterS), "\n"+structSrc(3, afterS))
	st := steps[1]
	infoBytes := st.Debug.Stats.SectionBytes[dwarfcore.DebugInfo]
	lines := st.Debug.Diff.LineOnly
	if lines == 0 || infoBytes != uint64(4*lines) || st.Debug.Diff.Changed != 0 {
		t.Fatalf("%d line-only declarations, %d bytes of .debug_info written: %+v", lines, infoBytes, st.Debug.Diff)
	}
	// one declaration moved alone: exactly 4 bytes
	moved := strings.Replace(structSrc(3, afterS), "export fn", "\nexport fn", 1)
	_, steps = incrementalSteps(t, opts, structSrc(3, afterS), moved)
	if b := steps[1].Debug.Stats.SectionBytes[dwarfcore.DebugInfo]; b != 4 {
		t.Fatalf("moving one declaration wrote %d bytes of .debug_info, want 4", b)
	}
}

func TestSeedFuncLosingChildrenBecomesEmptyInPlace(t *testing.T) {
	with := "fn f(x: u32) u32 {\n    return x;\n}\nexport fn gen_entry() void {\n    _ = f(1);\n}\n"
	without := "fn f() u32 {\n    return 1;\n}\nexport fn gen_entry() void {\n    _ = f();\n}\n"
	in, steps := incrementalSteps(t, Options{}, with, without)
	e := infoEdit(steps[1], "seed.f")
	if e == nil || e.Action != dwarfcore.EditInPlace || e.NewOff != e.OldOff {
		t.Fatalf("edit of f: %+v", e)
	}
	info := in.Last().Debug.Sections[dwarfcore.DebugInfo]
	// decl_func_empty is abbreviation 11 (decl_func 10), the same ULEB length
	if code, _ := leb128.ReadUnsigned(info, e.NewOff); code != 11 {
		t.Fatalf("f's abbreviation is %d, want decl_func_empty (11)", code)
	}
}
