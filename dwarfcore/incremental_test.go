package dwarfcore

import (
	"bytes"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

func filled(n int, c byte) []byte { return bytes.Repeat([]byte{c}, n) }

// infoSection returns a padded .debug_info-like section with one unit
// (header 10, trailer 2) and entries written with the given lengths.
func infoSection(lens ...int) (*section, *updateLog) {
	log := &updateLog{keep: true}
	s := newSection(DebugInfo, true, log)
	s.addUnit(10, 2, "u")
	for i, n := range lens {
		e := s.addEntry(0, entryWhat{kind: whatType, name: string(rune('A' + i))})
		s.replaceEntry(0, e, filled(n, byte(0xA0+i)), nil)
	}
	return s, log
}

func entryBytes(s *section, e int) []byte {
	u := s.units[0]
	start := s.entryStart(0, e)
	return s.contents()[start : start+u.entries[e].len]
}

func TestEntryGrowsWithinSlack(t *testing.T) {
	s, _ := infoSection(30, 30, 30)
	u := s.units[0]
	if u.entries[1].off != 40 || u.entries[2].off != 80 {
		t.Fatalf("offsets %d %d, want 40 80 (30 + 30/3)", u.entries[1].off, u.entries[2].off)
	}
	s.replaceEntry(0, 1, filled(35, 0xB1), nil)
	if u.entries[1].off != 40 || u.first != 0 || u.entries[0].next != 1 {
		t.Fatalf("entry moved: off %d", u.entries[1].off)
	}
	// 5 bytes of slack left: pad_n with a 3-byte block
	pad := s.contents()[10+40+35:][:2]
	if !bytes.Equal(pad, bs(0x02, 0x03)) {
		t.Errorf("padding after B = % x, want 02 03", pad)
	}
	if !bytes.Equal(entryBytes(s, 1), filled(35, 0xB1)) {
		t.Error("B's bytes not written in place")
	}
}

func TestEntryGrowsPastSlack(t *testing.T) {
	s, log := infoSection(30, 30, 30)
	u := s.units[0]
	s.replaceEntry(0, 1, filled(45, 0xB2), nil)
	// B moves to the end of the unit: after C's slot (80 + 40)
	if got := u.entries[1].off; got != 120 {
		t.Fatalf("B at %d, want 120", got)
	}
	if u.last != 1 || u.entries[0].next != 2 || u.entries[2].next != 1 {
		t.Fatal("B not relinked at the end")
	}
	// A pads its slack plus B's old slot: [30, 80) = 50 bytes = pad_n, block 48
	pad := s.contents()[10+30:][:2]
	if !bytes.Equal(pad, bs(0x02, 48)) {
		t.Errorf("A's padding = % x, want 02 30", pad)
	}
	if u.len != 10+120+60+2 {
		t.Errorf("unit length %d, want header 10 + 120 + ideal(45)=60 + trailer 2", u.len)
	}
	if !bytes.Equal(entryBytes(s, 1), filled(45, 0xB2)) {
		t.Error("B's bytes not at its new place")
	}
	if log.Stats.EntriesMoved != 1 || len(log.Moves) != 1 || log.Moves[0].From != 50 || log.Moves[0].To != 130 {
		t.Errorf("moves %+v", log.Moves)
	}
}

// TestStretchedPad forces a 130-byte hole: no ULEB length makes pad_n
// exactly 130 bytes, so the seed's stretched length is written.
func TestStretchedPad(t *testing.T) {
	s, _ := infoSection(6, 96, 10)
	u := s.units[0]
	if u.entries[1].off != 8 || u.entries[2].off != 8+128 {
		t.Fatalf("offsets %d %d", u.entries[1].off, u.entries[2].off)
	}
	s.replaceEntry(0, 1, filled(200, 0xB3), nil)
	pad := s.contents()[10+6:][:3]
	if !bytes.Equal(pad, bs(0x02, 0xff, 0x00)) {
		t.Errorf("130-byte hole padded with % x, want 02 ff 00", pad)
	}
}

// TestUnitMovesToEnd grows an entry of the first of two units past the
// unit's slot: the unit moves behind the second, and the section's start
// is trimmed so the second unit is at offset 0.
func TestUnitMovesToEnd(t *testing.T) {
	log := &updateLog{keep: true}
	s := newSection(DebugInfo, true, log)
	s.addUnit(10, 2, "u0")
	e0 := s.addEntry(0, entryWhat{})
	s.replaceEntry(0, e0, filled(30, 0xC0), nil)
	s.addUnit(10, 2, "u1")
	e1 := s.addEntry(1, entryWhat{})
	s.replaceEntry(1, e1, filled(30, 0xC1), nil)
	u0, u1 := s.units[0], s.units[1]
	if u1.off != padToIdeal(u0.len) {
		t.Fatalf("u1 at %d", u1.off)
	}
	oldU1 := u1.off
	s.replaceEntry(0, e0, filled(100, 0xC2), nil)
	if s.first != 1 || s.last != 0 {
		t.Fatal("u0 not moved behind u1")
	}
	if u1.off != 0 || log.Trims == nil || log.Trims[0].N != oldU1 {
		t.Errorf("u1 at %d after trim, trims %+v", u1.off, log.Trims)
	}
	if u0.off != padToIdeal(u1.len) {
		t.Errorf("u0 at %d, want %d", u0.off, padToIdeal(u1.len))
	}
	if !bytes.Equal(entryBytes(s, 0), filled(100, 0xC2)) {
		t.Error("entry bytes lost in the move")
	}
	if log.Stats.UnitsMoved != 1 {
		t.Errorf("units moved %d", log.Stats.UnitsMoved)
	}
}

// updateOutput updates d to b's program and returns the output.
func updateOutput(t testing.TB, d *Dwarf, b *progBuilder) *Output {
	t.Helper()
	if err := d.Update(b.p, b.code()); err != nil {
		t.Fatal(err)
	}
	out, err := d.Output()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func emitTwice(t *testing.T, opts Options, first, second *progBuilder) (*Dwarf, *Output) {
	t.Helper()
	d, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	updateOutput(t, d, first)
	out := updateOutput(t, d, second)
	checkReadable(t, out)
	checkCoverage(t, out)
	return d, out
}

func TestUpdateUnchangedWritesNothing(t *testing.T) {
	for _, opts := range allOptions() {
		d, _ := emitTwice(t, opts, sampleProgram(opts.Arch), sampleProgram(opts.Arch))
		st := d.LastUpdate().Stats
		if st.Writes != 0 || st.EntriesWritten != 0 || st.EntriesUnchanged == 0 {
			t.Errorf("%s: second identical update: %+v", optName(opts), st)
		}
	}
}

func TestUpdateLineOnly(t *testing.T) {
	opts := Options{Arch: target.X86_64, Lines: LinesPlain, Annotate: true}
	a, b := sampleProgram(opts.Arch), sampleProgram(opts.Arch)
	for _, d := range b.p.Decls {
		if d.Name == "counter" {
			d.Line = 99
		}
	}
	d, out := emitTwice(t, opts, a, b)
	log := d.LastUpdate()
	if len(log.Writes) != 1 || log.Writes[0].Kind != WriteLine || log.Writes[0].Len != 4 {
		t.Fatalf("writes %+v", log.Writes)
	}
	w := log.Writes[0]
	if got := out.Sections[DebugInfo][w.Off]; got != 99 {
		t.Errorf("decl_line byte %d", got)
	}
}

func TestUpdateGrowAndDelete(t *testing.T) {
	for _, opts := range allOptions() {
		a := sampleProgram(opts.Arch)
		b := sampleProgram(opts.Arch)
		// Point gains fields: its entry outgrows its slot and moves.
		for _, d := range b.p.Decls {
			if d.Name == "Point" {
				t := d.Value
				for _, n := range []string{"w", "v", "q", "r", "s"} {
					t.Fields = append(t.Fields, &lang.Field{Name: n, Type: b.ts.Int(false, 64)})
				}
				t.Resolved = false
				b.ts.Resolve(t)
			}
		}
		// counter and add disappear.
		var keep []*lang.Decl
		for _, d := range b.p.Decls {
			if d.Name != "counter" && d.Name != "add" {
				keep = append(keep, d)
			}
		}
		b.p.Decls = keep
		d, out := emitTwice(t, opts, a, b)
		st := d.LastUpdate().Stats
		if st.EntriesMoved == 0 || st.EntriesEmptied < 2 {
			t.Errorf("%s: %+v", optName(opts), st)
		}
		names := checkReadable(t, out)
		if names["counter"] != nil || names["add"] != nil {
			t.Errorf("%s: deleted declarations still readable", optName(opts))
		}
		if names["Point"] == nil || names["main"] == nil {
			t.Errorf("%s: kept declarations missing", optName(opts))
		}
		// And back: the deleted declarations return in their old entries.
		out = updateOutput(t, d, a)
		checkCoverage(t, out)
		if n := checkReadable(t, out); n["counter"] == nil || n["add"] == nil {
			t.Errorf("%s: restored declarations missing", optName(opts))
		}
	}
}
