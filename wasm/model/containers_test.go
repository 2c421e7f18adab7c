package model

import (
	"slices"
	"strings"
	"testing"
)

// TestContainerFileMap switches the page's container and checks that the
// file tab draws the container's layout by name (Mach-O load commands and
// segments' sections, WebAssembly sections and custom sections), that
// the DWARF views still follow the build, and that an edit that grows
// the debug information moves pieces in the map.
func TestContainerFileMap(t *testing.T) {
	for _, c := range []struct {
		container string
		want      []string
		moved     string // what the file tab says of a piece that moved
	}{
		{"macho", []string{"mach_header_64", "LC_SEGMENT_64", "LC_BUILD_VERSION", "LC_SYMTAB", "LC_DYSYMTAB", "__TEXT,__text", "__DWARF,__debug_info", "__DWARF,__debug_abbrev", "symbol table", "string table"}, "moved from 0x"},
		{"wasm", []string{"module header", `"type"`, `"import"`, `"function"`, `"code"`, `".debug_info"`, `".debug_line"`, `"linking"`, `"reloc..debug_info"`}, "shifted from 0x"},
	} {
		t.Run(c.container, func(t *testing.T) {
			a := NewApp()
			if err := a.LoadSample(DefaultSample); err != nil {
				t.Fatal(err)
			}
			if err := a.SetOption("container", c.container); err != nil {
				t.Fatal(err)
			}
			b := a.S.Good
			if a.S.Fatal != nil || b == nil || b.Container != c.container || len(b.Regions) == 0 {
				t.Fatalf("no %s build: fatal %v, errors %v", c.container, a.S.Fatal, a.S.Errors)
			}
			if len(a.S.Image()) == 0 || uint64(len(a.S.Image())) != b.Step.ImageSize {
				t.Errorf("image of %d bytes, step says %d", len(a.S.Image()), b.Step.ImageSize)
			}
			a.Tab = "elf"
			html := a.TabHTML()
			for _, w := range c.want {
				if !strings.Contains(html, w) {
					t.Errorf("the file tab does not show %s", w)
				}
			}
			if !strings.Contains(a.MapHTML(), "debug_info") {
				t.Errorf("the section map does not show .debug_info")
			}
			// Grow the debug information: pieces move.
			var big strings.Builder
			big.WriteString(a.S.Source + "\nconst Grown = struct {\n")
			for i := range 40 {
				big.WriteString("    field_" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ": u32 = 1,\n")
			}
			big.WriteString("};\nvar grown: Grown = .{};\n")
			a.Edit(big.String())
			if a.S.Errors != nil || a.S.Fatal != nil {
				t.Fatalf("edit: %v %v", a.S.Errors, a.S.Fatal)
			}
			moved := 0
			for _, r := range a.S.Good.Regions {
				if r.Moved {
					moved++
				}
			}
			// Mach-O pieces move out of their slots (the edit log says
			// so); wasm sections only shift.
			wantMoves := moved
			if c.container == "wasm" {
				wantMoves = 0
			}
			if moved == 0 || len(a.S.Good.Step.Moves) != wantMoves {
				t.Errorf("after growing: %d regions moved, the step lists %d moves", moved, len(a.S.Good.Step.Moves))
			}
			for _, m := range a.S.Good.Step.Moves {
				if !slices.ContainsFunc(a.S.Good.Regions, func(r FileRegion) bool { return r.Name == m.Name && r.Moved }) {
					t.Errorf("the step's move of %q names no moved region", m.Name)
				}
			}
			html = a.TabHTML()
			if !strings.Contains(html, c.moved) {
				t.Errorf("the file tab does not show the moves")
			}
			// Mach-O pieces move to free space and leave their slot free:
			// the old place is drawn.
			if c.container == "macho" && !strings.Contains(html, "fm-ghost") {
				t.Errorf("the file tab does not draw the old place of a moved piece")
			}
		})
	}
}

func TestStateContainer(t *testing.T) {
	s := State{Name: "x.zig", Source: "const a: u32 = 1;\n", Opts: DefaultOptions()}
	s.Opts.Container = "wasm"
	got, err := ParseState(s.Text())
	if err != nil || got != s {
		t.Fatalf("got %+v, %v", got, err)
	}
	// A state saved before the container option: the default container.
	old, err := ParseState("ds1\nx.zig\n64\nx86_64\nplain\nzig\nconst a: u32 = 1;\n")
	if err != nil || old.Opts.Container != "elf" || old.Opts.Format != "64" || old.Source != "const a: u32 = 1;\n" {
		t.Fatalf("ds1 state: %+v, %v", old, err)
	}
}
