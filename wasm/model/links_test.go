package model

import (
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
)

// TestDeclLine checks that every declaration's entry links to the line
// the source declares it on (DW_AT_decl_line's value as the form holds
// it), both ways.
func TestDeclLine(t *testing.T) {
	a := NewApp()
	if err := a.LoadSample(DefaultSample); err != nil {
		t.Fatal(err)
	}
	b := a.S.Good
	checked := 0
	for _, d := range b.Program.Decls {
		if d.Parent != nil && d.Parent.Decl != nil {
			continue
		}
		it := b.entryAtLine(d.Line)
		if it == nil {
			continue // a declaration without an entry of its own
		}
		if got := b.declLine(dwarfcore.DebugInfo, it); got != d.Line {
			t.Errorf("%s declared on line %d: its entry says line %d", d.FQN, d.Line, got)
		}
		checked++
	}
	if checked < 3 {
		t.Errorf("only %d declarations checked", checked)
	}
}
