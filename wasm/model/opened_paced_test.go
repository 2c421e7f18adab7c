package model

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/internal/verify"
)

// queuedRun is a Runner that keeps each job for the test to run, pause
// by pause, where the page would run it between events.
type queuedRun struct {
	jobs []func(pause func())
	done []func()
}

func (q *queuedRun) run(work func(pause func()), finish func()) {
	q.jobs, q.done = append(q.jobs, work), append(q.done, finish)
}

// TestOpenUnitPaced opens an executable whose second unit has a few
// thousand DIEs and clicks it with App.Run set: the click selects the
// unit's placeholder, which says it is being mapped, and starts one job;
// a second click starts none; the job pauses many times, events in a
// pause see the progress in the map; when it finishes the unit's map is
// UnitMap's, patched in, with its first DIE selected.
func TestOpenUnitPaced(t *testing.T) {
	verify.Require(t, "gcc")
	dir := t.TempDir()
	var big strings.Builder
	for i := range 300 {
		fmt.Fprintf(&big, "struct s%d { int a; long b; char c[%d]; struct s%d *next; };\nstruct s%d g%d;\n", i, i%5+1, i, i, i)
	}
	for name, src := range map[string]string{"main.c": "int main(void) { return 0; }\n", "big.c": big.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exe := filepath.Join(dir, "big")
	if out, err := exec.Command("gcc", "-g", "-O0", filepath.Join(dir, "main.c"), filepath.Join(dir, "big.c"), "-o", exe).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	q := &queuedRun{}
	a := NewApp()
	a.Run = q.run
	if err := a.OpenFile("big", data); err != nil {
		t.Fatal(err)
	}
	o := a.Opened
	i := o.sectionIndexByName(".debug_info")
	x := o.maps[i]
	last := x.units[len(x.units)-1]
	ui := x.lazy[last]
	if _, lazy := x.lazy[last]; !lazy {
		t.Fatal("the last unit was mapped at open")
	}
	a.Select(dwarfcore.SectionID(i), last.Off+1)
	a.Select(dwarfcore.SectionID(i), last.Off+2)
	if len(q.jobs) != 1 {
		t.Fatalf("two clicks on a unit started %d mappings, want 1", len(q.jobs))
	}
	if _, it, _ := o.Selected(); it != last {
		t.Errorf("the click selected %+v, not the unit's placeholder", it)
	}
	if m := patchHTML(a.Patches(), "map"); !strings.Contains(m, "mapping unit") || !strings.Contains(m, "k-mapping") {
		t.Error("the map does not show that the unit is being mapped")
	}
	pauses, shown := 0, false
	q.jobs[0](func() {
		pauses++
		if pauses == 20 {
			// an event in a pause: the map shows the progress
			shown = strings.Contains(patchHTML(a.Patches(), "map"), fmt.Sprintf("mapping unit %d… ", ui)) && !strings.Contains(last.Name, "… 0%")
		}
	})
	if pauses < 20 || !shown {
		t.Errorf("the mapping paused %d times; progress shown in a pause: %v", pauses, shown)
	}
	if _, lazy := x.lazy[last]; !lazy {
		t.Error("the map was patched in before the job finished (outside an event)")
	}
	q.done[0]()
	if _, lazy := x.lazy[last]; lazy || len(a.mapping) != 0 {
		t.Fatal("the unit is still a placeholder after its mapping finished")
	}
	spliced := [][]*dwarfread.Span{slices.Clone(x.items), slices.Clone(x.units), slices.Clone(x.leaves)} // walk reuses the arrays
	x.walk()
	for k, l := range [][]*dwarfread.Span{x.items, x.units, x.leaves} {
		if !slices.Equal(l, spliced[k]) {
			t.Errorf("list %d of the index (items, units, leaves) spliced differs from a walk of the section", k)
		}
	}
	want, _ := json.Marshal(o.Data.UnitMap(ui))
	var got []byte
	for _, c := range x.root.Children {
		if c.Kind == dwarfread.SpanUnit && c.Unit == ui {
			got, _ = json.Marshal(c)
		}
	}
	if string(got) != string(want) {
		t.Error("the unit's map patched in differs from UnitMap's")
	}
	if _, it, _ := o.Selected(); it == nil || it.Unit != ui || it.Kind != dwarfread.SpanDIE {
		t.Errorf("after the mapping the selection is %+v, not the unit's first DIE", it)
	}
	if strings.Contains(patchHTML(a.Patches(), "map"), "mapping unit") {
		t.Error("the map still says the unit is being mapped")
	}
}
