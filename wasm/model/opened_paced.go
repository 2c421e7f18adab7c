package model

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// Runner runs long work so that the page stays responsive meanwhile (the
// page has one thread): work runs apart from the event that asked for it
// and calls pause often, which every few milliseconds lets the browser
// paint and take input (and redraws the page now and then, to show
// progress); then finish runs as an event does (the page's event lock
// held) and the page is redrawn. Other events may run at each pause.
// App.Run is nil where there is no page (tests, the command line): then
// the work is done at once.
type Runner func(work func(pause func()), finish func())

// unitMapping is a unit of .debug_info or .debug_types being mapped by
// App.Run: its placeholder p in section sec's index x.
type unitMapping struct {
	o       *Opened
	sec, ui int
	x       *openedIndex
	p       *dwarfread.Span
	// pct is how far it got, in percent (a multiple of 10).
	pct int
}

// selectPaced is selectAt for the user's click: a click on a unit not
// mapped yet selects its placeholder, which says how far the mapping got,
// and maps it with run; the map replaces the placeholder when done (and
// its first DIE is selected if the placeholder still is). A second click
// on a unit being mapped only selects it. With run nil it is selectAt.
func (a *App) selectPaced(i int, off uint64) bool {
	o, run := a.Opened, a.Run
	x := o.index(i)
	if run == nil || x == nil {
		return o.selectAt(i, off)
	}
	p := x.itemAt(off)
	ui, lazy := x.lazy[p]
	if !lazy {
		return o.selectAt(i, off)
	}
	o.sel = openedSel{sec: i, off: off, item: p, leaf: x.leafAt(off)}
	o.HexSec, o.HexStart = i, -1
	o.rev++
	if a.mapping[p] != nil {
		return true
	}
	if a.mapping == nil {
		a.mapping = map[*dwarfread.Span]*unitMapping{}
	}
	job := &unitMapping{o: o, sec: i, ui: ui, x: x, p: p}
	a.mapping[p] = job
	name := p.Name
	p.Name = job.label()
	var m *dwarfread.Span
	var sub *openedIndex // m's items and leaves, indexed with the work
	var failed any
	t0 := time.Now()
	run(func(pause func()) {
		defer func() { failed = recover() }()
		m = o.Data.UnitMapPaced(ui, func(done, total uint64) {
			// in steps of 10%: each step redraws the map, which may
			// hold big units mapped before
			if pct := int(done*10/max(total, 1)) * 10; pct != job.pct {
				job.pct = pct
				p.Name = job.label()
				o.rev++
			}
			pause()
		})
		if m != nil {
			sub = newOpenedIndex(m)
		}
	}, func() {
		delete(a.mapping, p)
		o.MapTime[i] += time.Since(t0)
		o.rev++
		if _, still := x.lazy[p]; !still {
			return // mapped meanwhile (a search for a DIE maps every unit)
		}
		switch {
		case failed != nil:
			p.Name = fmt.Sprintf("unit: internal error in the reader: %v", failed)
			delete(x.lazy, p)
			return
		case m == nil:
			p.Name = "unit (cannot be mapped)"
			delete(x.lazy, p)
			return
		}
		p.Name = name
		delete(x.lazy, p)
		for k, c := range x.root.Children {
			if c == p {
				x.root.Children[k] = m
			}
		}
		x.splice(p, sub)
		if a.Opened != o || o.sel.item != p {
			return
		}
		o.selectAt(i, m.Off)
		for _, c := range m.Children {
			if c.Kind == dwarfread.SpanDIE {
				o.selectAt(i, c.Off)
				break
			}
		}
	})
	return true
}

// label is what the placeholder of a unit being mapped says.
func (j *unitMapping) label() string {
	return fmt.Sprintf("mapping unit %d… %d%%", j.ui, j.pct)
}

// drawMapping labels, on the bar g of the opened file's section i, the
// placeholders of the units being mapped with how far they got.
func (a *App) drawMapping(w *el.Builder, g barGeom, i int) {
	for p, j := range a.mapping {
		if j.o != a.Opened || j.sec != i {
			continue
		}
		x0, x1 := g.x(p.Off), g.x(p.Off+p.Len)
		w.Open("rect").Class("seg k-mapping").AttrFloat("x", x0, 2).AttrFloat("y", g.y, 1).AttrFloat("width", max(x1-x0, 0.6), 2).AttrFloat("height", barH, -1).
			AttrInt("data-sec", int64(i)).AttrUint("data-off", p.Off).Open("title").Text(j.label()).Close().Close()
		w.Open("text").Class("lazy-label mapping-label").AttrFloat("x", x0+3, 1).AttrFloat("y", g.y+barH/2+4, 1).Text(j.label()).Close()
	}
}

// splice puts sub, the index of the map of the unit whose placeholder is
// p, in place of p in x's lists: what x.walk would list, without walking
// the section's other units again (a big section's walk would be a long
// task of its own).
func (x *openedIndex) splice(p *dwarfread.Span, sub *openedIndex) {
	put := func(list []*dwarfread.Span, with []*dwarfread.Span) []*dwarfread.Span {
		i := sort.Search(len(list), func(i int) bool { return list[i].Off >= p.Off })
		if i == len(list) || list[i] != p {
			return nil
		}
		return slices.Concat(list[:i], with, list[i+1:])
	}
	items, units, leaves := put(x.items, sub.items), put(x.units, sub.units), put(x.leaves, sub.leaves)
	if items == nil || units == nil || leaves == nil {
		x.walk() // p is not where an index puts it: list everything again
		return
	}
	x.items, x.units, x.leaves = items, units, leaves
}
