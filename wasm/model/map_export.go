package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/linkcore"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// mapSVGStyle is the section map's style sheet with every colour
// written out (no CSS variables, no page fonts): what the page's
// explorer.css gives the map's classes, so that an exported SVG renders
// alone, in a browser, in Inkscape or rsvg, and as the PNG export's
// source.
const mapSVGStyle = `
svg { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; }
.sec-label { fill: #c9d1d9; font-size: 13px; } .sec-size { fill: #8d97a6; font-size: 12px; }
.bar-bg { fill: #0d1117; stroke: #2a313c; }
.seg { stroke: #0d1117; stroke-width: .6; }
.seg.k-header { fill: #5b8def; } .seg.k-entry { fill: #3fb68b; } .seg.k-padding { fill: #d9a441; }
.seg.k-trailer { fill: #b083f0; } .seg.k-slack { fill: url(#hatch); } .seg.k-stale { fill: #a0524d; }
.seg.k-abbrev { fill: #6f7cf0; } .seg.k-string { fill: #39c5cf; } .seg.k-op { fill: #8bd46e; }
.seg.k-die, .seg.k-field { fill: #3fb68b; } .seg.k-undecoded { fill: #ff7b72; } .seg.k-unit { fill: #5b8def; }
.seg.sel { fill: #e6edf3; } .seg.k-null { fill: #b083f0; } .seg.k-op, .seg.k-field { stroke-width: .4; }
.seg.k-lazy { fill: #1a212b; stroke: #2a313c; stroke-dasharray: 4 3; } .lazy-label { fill: #8d97a6; font-size: 12px; }
.undec-bg { fill: #4a1d1a; } .undec-line { stroke: #ff7b72; stroke-width: 2; }
.hatch-bg { fill: #2a313c; } .hatch-line { stroke: #4a5260; stroke-width: 2; }
.seg-label { fill: #0b0e12; font-size: 12px; font-weight: 600; }
.sel-outline { fill: none; stroke: #ffffff; stroke-width: 1.6; }
.unit-edge { stroke: #e6edf3; stroke-width: 1.2; }
.unit-label { fill: #8d97a6; font-size: 12px; }
.zoom-guide { stroke: #4a5260; stroke-dasharray: 3 3; fill: none; }
.ov-bg { fill: #0d1117; stroke: #2a313c; } .ov-win { fill: rgba(108,182,255,.25); stroke: #6cb6ff; }
.arrow { fill: none; stroke-width: 1.1; opacity: .5; }
.arrow.hot { opacity: 1; stroke-width: 1.8; }
.arrow.hov { opacity: .9; stroke-width: 1.4; stroke-dasharray: 4 2; }
.arrow.k-cross-entry { stroke: #3fb68b; } .ah.k-cross-entry { fill: #3fb68b; }
.arrow.k-cross-unit { stroke: #f0883e; } .ah.k-cross-unit { fill: #f0883e; }
.arrow.k-cross-section { stroke: #6cb6ff; } .ah.k-cross-section { fill: #6cb6ff; }
.arrow.k-external { stroke: #f778ba; } .ah.k-external { fill: #f778ba; }
.sym { fill: #f778ba; } .sym-label { fill: #8d97a6; font-size: 12px; text-anchor: middle; }
.lg-text { fill: #c9d1d9; font-size: 12px; } .lg-title { fill: #8d97a6; font-size: 12px; }
`

// mapExportBg is the exported map's background (the page's panel colour).
const mapExportBg = "#161b22"

// StandaloneSVG wraps the inner markup of a map drawn with the map's
// classes (section bars, arrows) into an SVG document that renders
// alone: XML declaration, namespace, size, the map's style sheet with
// its colours written out, a background, the arrowheads and the hatch
// pattern, a title and the legend of span kinds under the map.
func StandaloneSVG(title string, width, height float64, inner el.HTML) string {
	return standaloneSVG(title, width, height, inner, legendKinds)
}

// openedLegendKinds are the span kinds of an opened file's map, for its
// exported SVG's legend.
var openedLegendKinds = [][2]string{
	{string(dwarfread.SpanHeader), "header"},
	{string(dwarfread.SpanDIE), "DIE"},
	{string(dwarfread.SpanNull), "null entry"},
	{string(dwarfread.SpanAbbrev), "abbreviation"},
	{string(dwarfread.SpanString), "string"},
	{string(dwarfread.SpanOp), "opcode"},
	{string(dwarfread.SpanUndecoded), "undecoded"},
}

// standaloneSVG is StandaloneSVG with the legend's kinds (class suffix,
// label) given.
func standaloneSVG(title string, width, height float64, inner el.HTML, kinds [][2]string) string {
	const margin, rowH = 12.0, 20.0
	// The legend: one swatch per span kind, in as many rows as the width
	// needs.
	type swatch struct{ x, y float64 }
	var at []swatch
	x, y := barX0, height+6
	for _, k := range kinds {
		w := 15 + 7.3*float64(len(k[1])) + 16
		if x > barX0 && x+w > width {
			x, y = barX0, y+rowH
		}
		at = append(at, swatch{x, y})
		x += w
	}
	h := y + rowH
	var w el.Builder
	openMapSVG(&w, "", width+2*margin, h+2*margin)
	w.Open("title").Text(title).Close().Open("style").Text(mapSVGStyle).Close()
	mapDefs(&w)
	w.Open("rect").Attr("x", "0").Attr("y", "0").AttrFloat("width", width+2*margin, -1).AttrFloat("height", h+2*margin, -1).Attr("fill", mapExportBg).Close()
	w.Open("g").AttrStart("transform").Text("translate(").Float(margin, -1).Text(" ").Float(margin, -1).Text(")").AttrEnd()
	w.Add(inner)
	w.Open("g").Class("legend").Open("text").Class("lg-title").Attr("x", "0").AttrFloat("y", height+15.5, -1).Text("legend").Close()
	for i, k := range kinds {
		w.Open("rect").AttrStart("class").Text("seg k-").Text(k[0]).AttrEnd().AttrFloat("x", at[i].x, -1).AttrFloat("y", at[i].y, -1).Attr("width", "11").Attr("height", "11").Close()
		w.Open("text").Class("lg-text").AttrFloat("x", at[i].x+15, -1).AttrFloat("y", at[i].y+9.5, -1).Text(k[1]).Close()
	}
	return xmlDecl + w.String()
}

// xmlDecl starts an SVG document.
const xmlDecl = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// MapSVG returns the section map as the page draws it now (its width,
// scale, zoom, selection and arrows) as a standalone SVG document ("" before
// the first build).
func (a *App) MapSVG() string {
	b := a.S.Good
	if b == nil {
		return ""
	}
	_, l, parts := a.mapParts(b)
	var w el.Builder
	w.SVG()
	a.overviewSVG(&w, l)
	for _, p := range parts {
		if p.id == "m-legend" || p.id == "m-flash" {
			continue // HTML, and an animation
		}
		w.Open("g").Attr("id", p.id).Add(a.viewHTML(p.id, p.key, p.build)).Close()
	}
	title := fmt.Sprintf("dwarfscope section map of %s (%s)", a.S.Name, strings.ReplaceAll(a.S.Opts.Query(a.S.Name), "&", " "))
	return StandaloneSVG(title, l.width, l.height, w.HTML())
}

// MapReport is the page's annotated map as JSON (the Export tab's "map
// as JSON"): the final-state fields of `dwarfscope layout -json`'s
// LayoutReport for the page's build (layout, file, relocations), and
// every debug section's annotated map in the schema of `dwarfscope
// inspect -json`'s sections (dwarfread.Span trees: every byte exactly
// once in the leaves). docs/map-json.md describes every field.
type MapReport struct {
	// Source is the source file's name; Options the build options by
	// their command-line names.
	Source  string            `json:"source"`
	Options map[string]string `json:"options"`
	// Container is "elf", "macho" or "wasm".
	Container string `json:"container"`
	// Updates is the number of edits applied to the page's incremental
	// build since it started (1: a fresh build).
	Updates     int                    `json:"updates"`
	Layout      *dwarfcore.Layout      `json:"layout"`
	File        []linkcore.SectionInfo `json:"file,omitempty"`
	Relocations []dwarfcore.Reloc      `json:"relocations"`
	Sections    []MapSection           `json:"sections"`
}

// MapSection is one debug section's annotated map (dwarfread.ReportSection,
// inspect -json's, without the fields of files read from disk).
type MapSection struct {
	Name string          `json:"name"`
	Size int             `json:"size"`
	Map  *dwarfread.Span `json:"map"`
}

// MapReport returns the page's build as a MapReport (nil before the
// first build). Every entry of the annotated map is decoded.
func (a *App) MapReport() *MapReport {
	b := a.S.Good
	if b == nil || a.S.inc == nil {
		return nil
	}
	rep := &MapReport{Source: a.S.Name, Options: a.S.Opts.Values(), Container: b.Container, Updates: a.S.Updates,
		Layout: a.S.inc.Dwarf().Layout(), Relocations: b.Out.Relocs}
	if b.Regions == nil && b.File != nil {
		rep.File = b.File.Sections
	}
	m := b.Ann.Map()
	for id := dwarfcore.SectionID(0); id < dwarfcore.NumSections; id++ {
		rep.Sections = append(rep.Sections, MapSection{Name: id.Name(), Size: len(b.Out.Sections[id]), Map: m.Sections[id]})
	}
	return rep
}

// MapJSON is MapReport as JSON.
func (a *App) MapJSON() ([]byte, error) {
	rep := a.MapReport()
	if rep == nil {
		return nil, fmt.Errorf("nothing built yet")
	}
	return json.Marshal(rep)
}

// MapExport is one file the map exports make: its name, MIME type and
// text.
type MapExport struct {
	Name, Type, Text string
}

// ExportMap makes the export of kind "svg" or "json" (the PNG is the SVG
// drawn by the browser), of the opened file while one is open.
func (a *App) ExportMap(kind string) (MapExport, error) {
	if a.Opened != nil {
		return a.openedExport(kind)
	}
	base := strings.TrimSuffix(a.S.Name, ".zig")
	switch kind {
	case "svg":
		s := a.MapSVG()
		if s == "" {
			return MapExport{}, fmt.Errorf("nothing built yet")
		}
		return MapExport{base + ".map.svg", "image/svg+xml", s}, nil
	case "json":
		b, err := a.MapJSON()
		if err != nil {
			return MapExport{}, err
		}
		return MapExport{base + ".map.json", "application/json", string(b)}, nil
	}
	return MapExport{}, fmt.Errorf("no export %q", kind)
}

// mapExportHTML is the Export tab's card of the map exports.
func mapExportHTML() el.HTML {
	var w el.Builder
	w.Open("div").Class("export-card")
	mapExportButtons(&w)
	w.Open("div").Class("dim small").Text("The section map as you see it (zoom, selection, arrows) for slides: SVG with its styles inlined, PNG at 2×. The annotated map as JSON for scripts: the layout, file map and relocations of ").
		Open("code").Text("dwarfscope layout -json").Close().Text(" and every section's span tree in the schema of ").
		Open("code").Text("dwarfscope inspect -json").Close().Text(" (docs/map-json.md).")
	return w.HTML()
}

// mapExportButtons writes the buttons exporting the map as SVG, PNG and
// JSON.
func mapExportButtons(w *el.Builder) {
	w.Open("div").Class("btn-row")
	w.Open("button").Class("btn").Attr("id", "export-svg").Attr("data-mapexport", "svg").Attr("title", "the section map as drawn now, a standalone SVG").Text("Map as SVG").Close()
	w.Open("button").Class("btn").Attr("id", "export-png").Attr("data-mapexport", "png").Attr("title", "the same SVG drawn at twice its size").Text("PNG").Close()
	w.Open("button").Class("btn").Attr("id", "export-json").Attr("data-mapexport", "json").Attr("title", "the annotated map: every byte of every debug section").Text("JSON").Close()
	w.Close()
}

// FileMapJSON is the annotated map of a file read by dwarfread (a file
// opened in the page) as JSON, byte for byte what `dwarfscope inspect
// -json` prints for it (dwarfread.Report, docs/map-json.md): the ELF
// header and section headers field by field, the relocation records
// against debug sections, and every debug section's map. name is the
// file's name.
func FileMapJSON(name string, d *dwarfread.Data) ([]byte, error) {
	var b bytes.Buffer
	if err := d.WriteReportJSON(&b, name); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
