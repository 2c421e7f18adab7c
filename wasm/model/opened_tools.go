package model

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// The Layout, Verify, Compare and Export tabs of an opened file: the
// renderers the editor's build uses (LayoutsHTML, FindingsHTML,
// comparisonHTML, FileMapJSON, StandaloneSVG), fed with the opened
// file's data and linked to its own map (data-sec is an index in
// Opened.Data.Sections). Each needs every unit's DIEs (Opened.Full), which
// is expensive for a big file: each is computed when its tab is first
// shown, once per opened file (the comparison again when the editor's
// build changes).

// openedTools is what those tabs computed for one opened file.
type openedTools struct {
	layouts     []dwarfread.TypeLayout
	layoutsDone bool
	findings    []dwarfread.Finding
	verified    bool
	toolErr     string // a reader bug met while computing them
	cmpKey      string
	cmp         *Comparison
	cmpErr      error
}

// Layouts returns the type layout of every structure, union and class of
// the file (computed on first use: every unit is read).
func (o *Opened) Layouts() []dwarfread.TypeLayout {
	if !o.tools.layoutsDone {
		o.tools.layoutsDone = true
		o.guard(func() { o.tools.layouts = o.Full().Layouts() })
	}
	return o.tools.layouts
}

// Findings returns dwarfread's verifier findings on the file (run on
// first use).
func (o *Opened) Findings() []dwarfread.Finding {
	if !o.tools.verified {
		o.tools.verified = true
		o.guard(func() { o.tools.findings = o.Full().Verify() })
	}
	return o.tools.findings
}

// guard runs f, a reader bug recorded in toolErr rather than taking the
// page down.
func (o *Opened) guard(f func()) {
	defer func() {
		if r := recover(); r != nil {
			o.tools.toolErr = fmt.Sprintf("internal error in the reader: %v", r)
		}
	}()
	f()
}

// dieLink links a row to the DIE at .debug_info offset off of the opened
// file (nil when it has no .debug_info).
func (o *Opened) dieLink(off uint64) map[string]string {
	i := o.sectionIndexByName(".debug_info")
	if i < 0 {
		return nil
	}
	return map[string]string{"data-sec": strconv.Itoa(i), "data-off": strconv.FormatUint(off, 10)}
}

// sectionLink links a finding to byte off of the opened file's debug
// section called section.
func (o *Opened) sectionLink(section string, off uint64) map[string]string {
	i := o.sectionIndexByName(section)
	if i < 0 {
		return nil
	}
	return map[string]string{"data-sec": strconv.Itoa(i), "data-off": strconv.FormatUint(off, 10)}
}

// selectedDIE is the .debug_info offset of the selected DIE (^0 when
// the selection is not a DIE of .debug_info).
func (o *Opened) selectedDIE() uint64 {
	it := o.sel.item
	if it == nil || it.Kind != dwarfread.SpanDIE || o.Data.Sections[o.sel.sec].Name != ".debug_info" {
		return ^uint64(0)
	}
	return it.Off
}

// openedLayoutHTML is the Layout tab of the opened file.
func (a *App) openedLayoutHTML() string {
	o := a.Opened
	ls := o.Layouts()
	head := el.New("b").Attr("title", "every structure, union and class of "+o.Name+"'s .debug_info, as dwarfscope inspect -layout prints them: offsets, sizes, bit fields, holes, trailing padding").
		Text("Type layout of " + o.Name + ", pahole's manner").HTML()
	if o.tools.toolErr != "" {
		return toolsError(head, o.tools.toolErr)
	}
	return LayoutsHTML(head, ls, o.dieLink, o.selectedDIE(), 300).String()
}

// cheapLayoutBytes bounds the debug sections of a file whose layouts the
// inspector computes itself (reading every unit) when a DIE is
// selected; a bigger file's inspector shows a layout once the Layout tab
// computed them.
const cheapLayoutBytes = 256 << 10

// layoutTags are the tags of the DIEs whose selection shows a layout.
var layoutTags = map[string]bool{
	dw.TagStructureType.String(): true, dw.TagUnionType.String(): true, dw.TagClassType.String(): true, dw.TagMember.String(): true,
}

// openedInspectorLayout is the layout of the selected structure, union
// or class (or of the one holding the selected member), for the
// inspector; "" when the selection is no such DIE or the layouts are not
// computed yet (the Layout tab computes them, the inspector too for a
// small file).
func (o *Opened) openedInspectorLayout(parents []*dwarfread.Span) el.HTML {
	if o.selectedDIE() == ^uint64(0) {
		return el.HTML{}
	}
	if !o.tools.layoutsDone {
		if o.DebugBytes > cheapLayoutBytes || !layoutTags[o.sel.item.DIE.Tag] {
			return el.HTML{}
		}
		o.Layouts()
	}
	at := map[uint64]bool{o.sel.item.Off: true}
	if n := len(parents); n > 0 {
		at[parents[n-1].Off] = true
	}
	var w el.Builder
	for _, l := range o.tools.layouts {
		if at[l.DIE] {
			inspLayout(&w, l, o.dieLink, o.selectedDIE())
		}
	}
	return w.HTML()
}

// openedVerifyHTML is the Verify tab of the opened file.
func (a *App) openedVerifyHTML() string {
	o := a.Opened
	fs := o.Findings()
	var w, what el.Builder
	what.Text("the checks of ").Open("code").Text("dwarfscope verify ").Text(o.Name).Close().Text(" (those of ").Open("code").Text("llvm-dwarfdump --verify").Close().
		Text(" the reader can make); a click on a finding selects its byte")
	verifyHead(&w, what.HTML())
	verifyResult(&w, fs, o.sectionLink, o.tools.toolErr)
	return w.String()
}

// openedCompareKey names the editor's build the opened file is compared
// with.
func (a *App) openedCompareKey() string {
	b := a.S.Good
	if b == nil {
		return "none"
	}
	return fmt.Sprintf("%p|%d|%s", b, b.FileRev, a.S.Opts.Query(a.S.Name))
}

// CompareOpened compares the opened file (left: its rows select in its
// map) with the editor's current build (right), once per opened file
// and build of the editor.
func (a *App) CompareOpened() (*Comparison, error) {
	o := a.Opened
	key := a.openedCompareKey()
	if o.tools.cmpKey == key {
		return o.tools.cmp, o.tools.cmpErr
	}
	o.tools.cmpKey = key
	o.tools.cmp, o.tools.cmpErr = nil, nil
	if a.S.Good == nil {
		o.tools.cmpErr = fmt.Errorf("the editor has nothing built: go back to the editor and write source that compiles")
		return nil, o.tools.cmpErr
	}
	right, err := readImage(a.S)
	if err != nil {
		o.tools.cmpErr = err
		return nil, err
	}
	o.guard(func() {
		mine := a.S.Opts
		c := CompareData(o.Full(), right, o.Name, fmt.Sprintf("the editor's build of %s (%s profile, DWARF%s, %s)", a.S.Name, mine.Profile, mine.Format, mine.Target), false)
		c.leftLink = o.dieLink
		o.tools.cmp = c
	})
	if o.tools.cmp == nil {
		o.tools.cmpErr = fmt.Errorf("%s", o.tools.toolErr)
	}
	return o.tools.cmp, o.tools.cmpErr
}

// openedCompareHTML is the Compare tab of the opened file.
func (a *App) openedCompareHTML() string {
	o := a.Opened
	var w el.Builder
	w.Open("div").Class("cmp").Open("div").Class("cmp-modes").Text("Compare ").Text(o.Name).Text(" with the editor's build ").
		Open("span").Class("dim small").Text("(go back to the editor to change its source or options)").Close().Close()
	c, err := a.CompareOpened()
	if err != nil {
		w.Open("div").Class("empty").Text(err.Error())
		return w.String()
	}
	sel := int64(-1)
	if off := o.selectedDIE(); off != ^uint64(0) {
		sel = int64(off)
	}
	w.Add(comparisonHTML(c, sel))
	return w.String()
}

// openedExportHTML is the Export tab of the opened file: its map as SVG
// and PNG, its annotated map as JSON.
func (a *App) openedExportHTML() string {
	var w el.Builder
	w.Open("div").Class("export-card")
	mapExportButtons(&w)
	w.Open("div").Class("dim small").Text("The section map of ").Text(a.Opened.Name).
		Text(" as you see it, every section decoded first (selection and zoom kept), for slides: SVG with its styles inlined, PNG at 2×. The annotated map as JSON for scripts, exactly as ").
		Open("code").Text("dwarfscope inspect -json").Close().Text(" prints it (docs/map-json.md): every byte of every debug section, every unit decoded.")
	return w.String()
}

// decodeAll builds every debug section's map and maps every unit (what
// clicking each bar and unit would do), for an export of the whole map.
func (o *Opened) decodeAll() {
	for i := range o.Data.Sections {
		x := o.index(i)
		for _, u := range slices.Clone(x.units) {
			o.expandUnit(x, u)
		}
	}
}

// openedExport makes the opened file's export of kind "svg" or "json".
func (a *App) openedExport(kind string) (MapExport, error) {
	o := a.Opened
	base := o.Name
	switch kind {
	case "svg":
		if len(o.Data.Sections) == 0 {
			return MapExport{}, fmt.Errorf("%s has no debug sections to map", o.Name)
		}
		o.decodeAll()
		width := a.mapWidth()
		body, height := a.openedMapBody(width)
		return MapExport{base + ".map.svg", "image/svg+xml", standaloneSVG("dwarfscope section map of "+o.Name, width, height, body, openedLegendKinds)}, nil
	case "json":
		var b []byte
		var err error
		o.guard(func() { b, err = FileMapJSON(o.Name, o.Full()) })
		if b == nil && err == nil {
			err = fmt.Errorf("%s", o.tools.toolErr)
		}
		if err != nil {
			return MapExport{}, err
		}
		return MapExport{base + ".map.json", "application/json", string(b)}, nil
	}
	return MapExport{}, fmt.Errorf("no export %q", kind)
}
