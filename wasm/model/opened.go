package model

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// Opened is an ELF file the user opened in the page (read in the
// browser: nothing is uploaded), shown in the views in place of the
// editor's build until the user goes back to it. The editor's source,
// options and saved state are not touched.
//
// Views that work on any ELF file (the type layout, the verifier, a
// comparison with the editor's build) take the decoded file from Full
// (Data with every unit's DIEs read): Full().Layouts(),
// dwarfread.Verify(Full()); and a section's map from Section, which builds
// it once, when first asked for.
type Opened struct {
	// Name is the file's name as the browser gave it; Size its length.
	Name string
	Size int
	// Data is the file's debug information as dwarfread.ReadLazy reads
	// it: sections decompressed and relocated, unit headers; a unit's
	// DIEs are read when the unit is first mapped (Full reads them all).
	Data *dwarfread.Data
	// ReadTime is how long dwarfread.ReadLazy took; DebugBytes is the
	// size of the debug sections decompressed.
	ReadTime   time.Duration
	DebugBytes int

	// maps are the sections' indexes, built on first use (lazily: a big
	// file's first map waits only for the section it shows).
	maps []*openedIndex
	// MapTime is how long building each section's map took (0: not yet).
	MapTime []time.Duration
	// sel is the selection, hover the byte under the mouse.
	sel           openedSel
	hover         *dwarfread.Span
	hoverSec      int
	HexSec        int // an index in Data.Sections; -1: the whole file
	HexStart      int64
	rev           int // counts changes of the selection and of built maps
	hoverRev      int
	firstSelected bool
	// tools are the Layout, Verify and Compare tabs' results, computed
	// when their tab is first shown (opened_tools.go).
	tools openedTools
}

// openedSel is the selected item (a DIE, a header, an abbreviation, a
// string, an opcode, undecoded bytes) of section Sec and the leaf at Off.
type openedSel struct {
	sec        int
	off        uint64
	item, leaf *dwarfread.Span
}

// openedIndex finds the spans of one section's map by offset.
type openedIndex struct {
	root *dwarfread.Span
	// items are the selectable spans in offset order: everything below
	// the section's units that is not a unit (DIEs, null DIEs, headers,
	// abbreviations, strings, opcodes, undecoded bytes).
	items []*dwarfread.Span
	units []*dwarfread.Span
	// leaves are every leaf in offset order.
	leaves []*dwarfread.Span
	// lazy are the units of .debug_info or .debug_types not mapped yet:
	// a unit span without children standing for the whole unit (an item
	// and a leaf until expand maps it), and its index in Data.Units.
	lazy map[*dwarfread.Span]int
	data *dwarfread.Data
}

// newUnitsIndex indexes .debug_info or .debug_types section s unit by
// unit: each unit is a placeholder until expand maps it (a big file's
// first map waits for one unit, not for the whole section).
func newUnitsIndex(d *dwarfread.Data, s *dwarfread.DebugSection) *openedIndex {
	root := &dwarfread.Span{Kind: dwarfread.SpanSection, Name: s.Name, Len: uint64(len(s.Data)), Unit: -1, Entry: -1, Reloc: -1}
	x := &openedIndex{root: root, lazy: map[*dwarfread.Span]int{}, data: d}
	var end uint64
	for ui, u := range d.Units {
		if u.SectionIndex != s.Index {
			continue
		}
		p := &dwarfread.Span{Kind: dwarfread.SpanUnit, Name: fmt.Sprintf("%s unit at 0x%x (not decoded yet: click it)", u.Type, u.Off),
			Off: u.Off, Len: u.End - u.Off, Unit: ui, Entry: -1, Reloc: -1}
		root.Children = append(root.Children, p)
		x.lazy[p] = ui
		end = u.End
	}
	if end < uint64(len(s.Data)) {
		root.Children = append(root.Children, &dwarfread.Span{Kind: dwarfread.SpanUndecoded, Name: "undecoded",
			Off: end, Len: uint64(len(s.Data)) - end, Value: "past the last unit this reader could read", Unit: -1, Entry: -1, Reloc: -1})
	}
	x.walk()
	return x
}

// expand maps the lazy unit placeholder p; false when p is not one.
func (x *openedIndex) expand(p *dwarfread.Span) bool {
	ui, ok := x.lazy[p]
	if !ok {
		return false
	}
	delete(x.lazy, p)
	m := x.data.UnitMap(ui)
	if m == nil {
		p.Name = "unit (cannot be mapped)"
		return false
	}
	for i, c := range x.root.Children {
		if c == p {
			x.root.Children[i] = m
		}
	}
	x.walk()
	return true
}

func newOpenedIndex(root *dwarfread.Span) *openedIndex {
	x := &openedIndex{root: root}
	x.walk()
	return x
}

// walk lists the items, units and leaves of the map.
func (x *openedIndex) walk() {
	x.items, x.units, x.leaves = x.items[:0], x.units[:0], x.leaves[:0]
	var walk func(s *dwarfread.Span)
	walk = func(s *dwarfread.Span) {
		if _, lazy := x.lazy[s]; lazy {
			x.units = append(x.units, s)
			x.items = append(x.items, s)
			x.leaves = append(x.leaves, s)
			return
		}
		if s.Kind == dwarfread.SpanSection || s.Kind == dwarfread.SpanUnit {
			if s.Kind == dwarfread.SpanUnit {
				x.units = append(x.units, s)
			}
			for _, c := range s.Children {
				walk(c)
			}
			return
		}
		x.items = append(x.items, s)
		if len(s.Children) == 0 {
			x.leaves = append(x.leaves, s)
			return
		}
		x.leaves = append(x.leaves, s.Leaves()...)
	}
	walk(x.root)
}

func (x *openedIndex) itemAt(off uint64) *dwarfread.Span { return spanAt(x.items, off) }
func (x *openedIndex) leafAt(off uint64) *dwarfread.Span { return spanAt(x.leaves, off) }

// leavesIn returns the leaves overlapping [off, end).
func (x *openedIndex) leavesIn(off, end uint64) []*dwarfread.Span {
	i := sort.Search(len(x.leaves), func(i int) bool { return x.leaves[i].Off+x.leaves[i].Len > off })
	j := i
	for j < len(x.leaves) && x.leaves[j].Off < end {
		j++
	}
	return x.leaves[i:j]
}

// OpenFile reads data (an ELF file called name) with dwarfread and shows
// it in the views. A file that cannot be read leaves the views as they
// were and returns the reader's error, which names the offset.
func (a *App) OpenFile(name string, data []byte) error {
	t0 := time.Now()
	d, err := readOpened(data)
	if err != nil {
		a.OpenErr = fmt.Sprintf("%s: cannot open: %v", name, err)
		return err
	}
	o := &Opened{Name: name, Size: len(data), Data: d, ReadTime: time.Since(t0), HexStart: -1,
		maps: make([]*openedIndex, len(d.Sections)), MapTime: make([]time.Duration, len(d.Sections))}
	for _, s := range d.Sections {
		o.DebugBytes += len(s.Data)
	}
	a.Opened, a.OpenErr = o, ""
	// The first map is the one of .debug_info (else of the first debug
	// section): only that section is decoded into a map now.
	first := 0
	for i, s := range d.Sections {
		if s.Name == ".debug_info" {
			first = i
			break
		}
	}
	o.HexSec = -1
	if len(d.Sections) > 0 {
		o.HexSec = first
		o.selectAt(first, 0)
		// The first DIE (the compile unit) rather than its unit's header.
		for _, it := range o.maps[first].items {
			if it.Kind == dwarfread.SpanDIE {
				o.selectAt(first, it.Off)
				break
			}
		}
	}
	if editorTabs[a.Tab] && !openedTabs[a.Tab] {
		a.Tab = "relocs" // the edit log, encodings and export are the editor's
	}
	a.ResetPatches()
	return nil
}

// readOpened is dwarfread.ReadLazy (the units' DIEs are read when a
// unit is first shown), with a reader bug turned into an error
// rather than taking the page down (the fuzz tests keep it from
// happening; a file from the wild may still find one).
func readOpened(data []byte) (d *dwarfread.Data, err error) {
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, fmt.Errorf("internal error in the reader: %v", r)
		}
	}()
	return dwarfread.ReadLazy(data)
}

// BenchRead reads the file again with dwarfread.Read, every unit and
// DIE, and returns how long it took (a benchmark of the reader where it
// runs; the views keep Data).
func (o *Opened) BenchRead() time.Duration {
	t0 := time.Now()
	dwarfread.Read(o.Data.File.Data)
	return time.Since(t0)
}

// Full returns Data with every unit's DIEs read (the first map reads only
// the units it shows): what Layouts, Verify and a comparison need.
func (o *Opened) Full() *dwarfread.Data {
	o.Data.LoadAll()
	return o.Data
}

// CloseFile goes back to the editor's own build.
func (a *App) CloseFile() {
	a.Opened, a.OpenErr = nil, ""
	a.ResetPatches()
}

// Section returns the map of debug section i (an index in
// Data.Sections), building it on first use; nil when there is none.
func (o *Opened) Section(i int) *dwarfread.Span {
	if x := o.index(i); x != nil {
		return x.root
	}
	return nil
}

func (o *Opened) index(i int) *openedIndex {
	if i < 0 || i >= len(o.maps) {
		return nil
	}
	if o.maps[i] == nil {
		t0 := time.Now()
		if s := o.Data.Sections[i]; (s.Name == ".debug_info" || s.Name == ".debug_types") && s.Data != nil {
			o.maps[i] = newUnitsIndex(o.Data, s)
		} else {
			if s.Name == ".debug_ranges" || s.Name == ".debug_loc" {
				o.Full() // their lists are found from every unit's DIEs
			}
			o.maps[i] = newOpenedIndex(o.safeMap(s))
		}
		o.MapTime[i] = time.Since(t0)
		o.rev++
	}
	return o.maps[i]
}

// safeMap is Data.SectionMap, a reader bug marking the whole section
// undecoded (with the reason) instead of taking the page down.
func (o *Opened) safeMap(s *dwarfread.DebugSection) (root *dwarfread.Span) {
	defer func() {
		if r := recover(); r != nil {
			root = &dwarfread.Span{Kind: dwarfread.SpanSection, Name: s.Name, Len: uint64(len(s.Data)), Unit: -1, Entry: -1, Reloc: -1}
			root.Children = []*dwarfread.Span{{Kind: dwarfread.SpanUndecoded, Name: "undecoded", Len: root.Len,
				Value: fmt.Sprintf("internal error in the reader: %v", r), Unit: -1, Entry: -1, Reloc: -1}}
		}
	}()
	return o.Data.SectionMap(s)
}

// expandUnit maps the lazy unit p of x (timed with the section's map),
// a reader bug leaving it a placeholder rather than taking the page down.
func (o *Opened) expandUnit(x *openedIndex, p *dwarfread.Span) (ok bool) {
	if _, lazy := x.lazy[p]; !lazy {
		return false
	}
	defer func() {
		if r := recover(); r != nil {
			p.Name = fmt.Sprintf("unit: internal error in the reader: %v", r)
			ok = false
		}
	}()
	t0 := time.Now()
	ok = x.expand(p)
	for i := range o.maps {
		if o.maps[i] == x {
			o.MapTime[i] += time.Since(t0)
		}
	}
	o.rev++
	return ok
}

// Built reports whether section i's map was built.
func (o *Opened) Built(i int) bool { return i >= 0 && i < len(o.maps) && o.maps[i] != nil }

// selectAt selects the item at off of section i (building its map).
func (o *Opened) selectAt(i int, off uint64) bool {
	x := o.index(i)
	if x == nil {
		return false
	}
	it := x.itemAt(off)
	if it != nil && o.expandUnit(x, it) {
		// A click on a unit not mapped yet selects its first DIE.
		unit, start := it.Unit, it.Off
		it = x.itemAt(off)
		for j := sort.Search(len(x.items), func(j int) bool { return x.items[j].Off >= start }); j < len(x.items) && x.items[j].Unit == unit; j++ {
			if x.items[j].Kind == dwarfread.SpanDIE {
				it, off = x.items[j], x.items[j].Off
				break
			}
		}
	}
	if it == nil {
		if len(x.items) == 0 {
			return false
		}
		it = x.items[0]
		off = it.Off
	}
	o.sel = openedSel{sec: i, off: off, item: it, leaf: x.leafAt(off)}
	o.HexSec, o.HexStart = i, -1
	o.rev++
	return true
}

// Selected returns the selected item and leaf and their section's index
// (nil when nothing is selected).
func (o *Opened) Selected() (sec int, item, leaf *dwarfread.Span) {
	return o.sel.sec, o.sel.item, o.sel.leaf
}

// SelectDIE selects the first DIE whose tag or DW_AT_name value contains
// text (for tests and the page's URL), in .debug_info.
func (o *Opened) SelectDIE(text string) bool {
	for i, s := range o.Data.Sections {
		if s.Name != ".debug_info" {
			continue
		}
		x := o.index(i)
		for _, u := range slices.Clone(x.units) {
			o.expandUnit(x, u)
		}
		for _, it := range x.items {
			if it.Kind == dwarfread.SpanDIE && dieMatches(it, text) {
				return o.selectAt(i, it.Off)
			}
		}
	}
	return false
}

func dieMatches(d *dwarfread.Span, text string) bool {
	return dieName(d) == " "+strconv.Quote(text)
}

// setHover records the leaf under the mouse; false when nothing changed.
func (o *Opened) setHover(i int, off uint64) bool {
	if !o.Built(i) {
		return false
	}
	l := o.maps[i].leafAt(off)
	if l == o.hover {
		return false
	}
	o.hover, o.hoverSec = l, i
	o.hoverRev++
	return true
}

// openedTabs are the lower panel's tabs openedTabHTML draws for an
// opened file; editorTabs those the editor's build has. A tab in Tabs
// that is in neither shows in both modes and draws each itself (a case
// in openedTabHTML for the file).
var (
	openedTabs = map[string]bool{"relocs": true, "abbrev": true, "lines": true, "strings": true, "elf": true,
		"layout": true, "verify": true, "compare": true, "export": true}
	editorTabs = map[string]bool{"relocs": true, "abbrev": true, "lines": true, "strings": true, "encodings": true, "elf": true, "log": true, "export": true}
)

// ShownTabs lists the lower panel's tabs for what the page shows: an
// opened file has no edit log or encodings of its own.
func (a *App) ShownTabs() []string {
	if a.Opened == nil {
		return Tabs
	}
	var out []string
	for _, t := range Tabs {
		if openedTabs[t] || !editorTabs[t] {
			out = append(out, t)
		}
	}
	return out
}

// SetOpenedHexSec switches the hex view of the opened file to debug
// section i (-1: the whole file).
func (o *Opened) SetHexSec(i int) {
	o.HexSec, o.HexStart = i, -1
	o.rev++
}

// MoveHex scrolls the hex view by d bytes.
func (o *Opened) MoveHex(d int64) {
	start := o.HexStart
	if start < 0 {
		start = 0
		if o.sel.item != nil && o.sel.sec == o.HexSec && o.sel.item.Off >= 64 {
			start = int64(o.sel.item.Off/16)*16 - 64
		}
	}
	o.HexStart = max(start+d, 0)
	o.rev++
}

// Title names the file and its kind ("point.o · ELF64 LSB ET_REL
// EM_X86_64").
func (o *Opened) Title() string {
	f := o.Data.File
	class := "ELF32"
	if f.Is64 {
		class = "ELF64"
	}
	order := "LSB"
	if f.Order.String() == "BigEndian" {
		order = "MSB"
	}
	return fmt.Sprintf("%s · %s %s %s %s", o.Name, class, order, f.Type, f.Machine)
}

// Summary is Title with the sizes and counts.
func (o *Opened) Summary() string {
	return fmt.Sprintf("%s · %d bytes, %s (%d bytes decoded), %s, %s against them",
		o.Title(), o.Size, count(len(o.Data.Sections), "debug section"), o.DebugBytes, count(len(o.Data.Units), "unit"), count(len(o.Data.Relocs), "relocation"))
}

// count is "1 unit", "2 units".
func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
