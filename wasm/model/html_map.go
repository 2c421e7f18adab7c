package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// Map geometry, in CSS pixels: the SVG is drawn at the width of its panel
// (App.MapWidth) and never scaled, so its labels have the font size the
// style sheet gives them at every window size and zoom.
const (
	barX0     = 150.0 // the section labels' column
	barRight  = 10.0  // the margin right of the bars
	barH      = 24.0
	rowH      = 52.0
	rowTop    = 26.0 // room above a bar for arcs
	zoomBytes = 1536
	// overviewH is the height of the overview strip drawn while the map
	// is zoomed in.
	overviewH = 22.0
	// MinMapWidth is the narrowest map drawn; a narrower panel scrolls.
	MinMapWidth = 360.0
	// DefaultMapWidth is the map's width before the page reports its
	// panel's.
	DefaultMapWidth = 1000.0
	// MaxMapZoom bounds the map's zoom (a bar then shows 1/MaxMapZoom of
	// its section).
	MaxMapZoom = 4096.0
)

// Map scales (App.MapScale).
const (
	// ScalePerSection draws each section's bar across the whole width.
	ScalePerSection = "per-section"
	// ScaleCommon draws every bar at one scale: bytes per pixel are the
	// same for all sections, so a small section draws short.
	ScaleCommon = "common"
)

type barGeom struct {
	sec       dwarfcore.SectionID
	y         float64
	off, span uint64  // the bar shows [off, off+span)
	x0, x1    float64 // its pixel extent
}

func (g barGeom) x(off uint64) float64 {
	if g.span == 0 {
		return g.x0
	}
	if off < g.off {
		off = g.off
	}
	if off > g.off+g.span {
		off = g.off + g.span
	}
	return g.x0 + (g.x1-g.x0)*float64(off-g.off)/float64(g.span)
}

func (g barGeom) has(off uint64) bool { return off >= g.off && off <= g.off+g.span }

// mapLayout is the map's geometry for one build and selection.
type mapLayout struct {
	width  float64
	bars   []barGeom
	zoom   *barGeom
	symY   float64
	height float64
	// overview is the visible window of the zoomed map, as fractions of
	// the whole (0, 1 when not zoomed).
	overview [2]float64
}

func (a *App) mapWidth() float64 {
	w := a.MapWidth
	if w == 0 {
		w = DefaultMapWidth
	}
	return max(w, MinMapWidth)
}

// mapWindow is the part of a section of n bytes the map shows: all of it,
// or with the map zoomed in, MapZoom-th of the longest section starting at
// MapPan of it (common scale), or of each section (per-section scale).
func (a *App) mapWindow(n, longest uint64) (off, span uint64) {
	z := max(a.MapZoom, 1)
	if z == 1 {
		return 0, n
	}
	whole := n
	if a.MapScale == ScaleCommon {
		whole = longest
	}
	span = max(uint64(float64(whole)/z), 1)
	off = uint64(a.MapPan * float64(whole))
	return off, span
}

func (a *App) mapLayout(b *Build) mapLayout {
	l := mapLayout{width: a.mapWidth(), overview: [2]float64{0, 1}}
	x1 := l.width - barRight
	var longest uint64
	for i := dwarfcore.SectionID(0); i < dwarfcore.NumSections; i++ {
		longest = max(longest, uint64(len(b.Out.Sections[i])))
	}
	y := rowTop
	if z := max(a.MapZoom, 1); z > 1 {
		l.overview = [2]float64{a.MapPan, min(a.MapPan+1/z, 1)}
		y += overviewH
	}
	for i := dwarfcore.SectionID(0); i < dwarfcore.NumSections; i++ {
		n := uint64(len(b.Out.Sections[i]))
		if n == 0 || b.Ann == nil {
			continue
		}
		g := barGeom{sec: i, y: y, x0: barX0, x1: x1}
		g.off, g.span = a.mapWindow(n, longest)
		if a.MapScale == ScaleCommon && max(a.MapZoom, 1) == 1 {
			// One scale: the bar is as long as its section.
			g.x1 = barX0 + (x1-barX0)*float64(n)/float64(longest)
		}
		l.bars = append(l.bars, g)
		y += rowH
	}
	if a.Sel.valid && max(a.MapZoom, 1) == 1 {
		n := uint64(len(b.Out.Sections[a.Sel.Sec]))
		if n > 2*zoomBytes {
			start := uint64(0)
			if a.Sel.Item.Off > zoomBytes/3 {
				start = a.Sel.Item.Off - zoomBytes/3
			}
			if start+zoomBytes > n {
				start = n - zoomBytes
			}
			l.zoom = &barGeom{sec: a.Sel.Sec, y: y + 14, off: start, span: zoomBytes, x0: barX0, x1: x1}
			y += rowH + 14
		}
	}
	l.symY = y + 4
	l.height = l.symY + 36
	return l
}

// mapPart is one independently redrawn piece of the map: a section bar,
// the zoom bar, the arrows, the flashes.
type mapPart struct {
	id, key string
	build   func() el.HTML
}

// mapParts returns the map's frame key (its geometry: when it changes the
// whole map is redrawn) and its parts, each with the key of the data it
// shows.
func (a *App) mapParts(b *Build) (frame string, l mapLayout, parts []mapPart) {
	l = a.mapLayout(b)
	var fk strings.Builder
	fmt.Fprintf(&fk, "%g|%g|%s|%g|%g", l.height, l.width, a.MapScale, a.MapZoom, a.MapPan)
	for _, g := range l.bars {
		fmt.Fprintf(&fk, "|%d", g.sec)
	}
	if l.zoom != nil {
		fk.WriteString("|zoom")
	}
	selIn := func(sec dwarfcore.SectionID) string {
		if a.Sel.valid && a.Sel.Sec == sec {
			return a.selKey()
		}
		return "-"
	}
	flash := map[dwarfcore.SectionID][]Range{}
	if b.Log != nil && !b.Log.Fresh {
		for _, r := range b.Log.Flash {
			flash[r.Sec] = append(flash[r.Sec], r)
		}
	}
	// geom is what every part's drawing depends on besides its data.
	geom := fmt.Sprintf("%g|%s|%g|%g", l.width, a.MapScale, a.MapZoom, a.MapPan)
	for _, g := range l.bars {
		g := g
		parts = append(parts, mapPart{id: fmt.Sprintf("mb-%d", g.sec),
			key:   fmt.Sprintf("%d|%d|%g|%s|%s|%g", b.Rev[g.sec], b.NamesRev, g.y, selIn(g.sec), geom, g.x1),
			build: func() el.HTML { return a.barHTML(b, g, false) }})
	}
	if z := l.zoom; z != nil {
		parts = append(parts, mapPart{id: "mb-zoom",
			key:   fmt.Sprintf("%d|%d|%g|%d|%s|%s", b.Rev[z.sec], b.NamesRev, z.y, z.off, selIn(z.sec), geom),
			build: func() el.HTML { return a.zoomHTML(b, l) }})
	} else {
		parts = append(parts, mapPart{id: "mb-zoom", key: "none", build: func() el.HTML { return el.HTML{} }})
	}
	parts = append(parts, mapPart{id: "m-arrows",
		key:   fmt.Sprintf("%x|%s|%s|%s|%v|%s", b.Rev, a.selKey(), a.hoverItemKey(), a.arrowKinds(), l.zoom != nil, geom),
		build: func() el.HTML { return a.arrowsHTML(b, l) }})
	parts = append(parts, mapPart{id: "m-flash", key: fmt.Sprintf("%p|%s", b, geom),
		build: func() el.HTML {
			var w el.Builder
			w.SVG()
			for _, g := range l.bars {
				drawFlash(&w, g, flash[g.sec])
			}
			return w.HTML()
		}})
	parts = append(parts, mapPart{id: "m-legend", key: a.arrowKinds(), build: a.legendHTML})
	return fk.String(), l, parts
}

// MapHTML is the section map: one bar per non-empty debug section drawn to
// scale, a zoomed bar around the selection when its section is large, the
// relocation arrows of the selected or hovered entry (and of the kinds
// switched on in the legend), and the legend.
func (a *App) MapHTML() string {
	b := a.S.Good
	if b == nil {
		return el.New("div").Class("empty").Text("No layout yet: the map shows each debug section, to scale, once the source compiles.").HTML().String()
	}
	_, l, parts := a.mapParts(b)
	return a.mapFrame(l, parts)
}

// svgNS is the namespace of the map's svg element.
const svgNS = "http://www.w3.org/2000/svg"

// openMapSVG opens the map's svg element, width by height pixels, with
// class cls.
func openMapSVG(w *el.Builder, cls string, width, height float64) {
	w.Open("svg")
	if cls != "" {
		w.Class(cls)
	}
	w.AttrFloat("width", width, -1).AttrFloat("height", height, -1).
		AttrStart("viewBox").Text("0 0 ").Float(width, -1).Text(" ").Float(height, -1).AttrEnd().
		Attr("xmlns", svgNS)
}

// mapDefs writes the map's arrow heads (one per relocation kind) and the
// hatching of stale bytes.
func mapDefs(w *el.Builder) {
	w.Open("defs")
	for _, k := range relocKinds {
		w.Open("marker").AttrStart("id").Text("ah-").Text(k.String()).AttrStart("class").Text("ah k-").Text(k.String()).AttrEnd().
			Attr("viewBox", "0 0 8 8").Attr("refX", "7").Attr("refY", "4").Attr("markerWidth", "6").Attr("markerHeight", "6").Attr("orient", "auto-start-reverse")
		w.Open("path").Attr("d", "M0,0 L8,4 L0,8 z").Close()
		w.Close()
	}
	hatch(w, "hatch", "hatch-bg", "hatch-line")
	w.Close()
}

// hatch writes a hatching pattern with the given id and the classes of
// its background and its lines.
func hatch(w *el.Builder, id, bg, line string) {
	w.Open("pattern").Attr("id", id).Attr("width", "6").Attr("height", "6").Attr("patternUnits", "userSpaceOnUse").Attr("patternTransform", "rotate(45)")
	w.Open("rect").Attr("width", "6").Attr("height", "6").Class(bg).Close()
	w.Open("line").Attr("x1", "0").Attr("y1", "0").Attr("x2", "0").Attr("y2", "6").Class(line).Close()
	w.Close()
}

// overviewSVG writes the overview strip of the zoomed map: the whole
// width, and the window shown.
func (a *App) overviewSVG(w *el.Builder, l mapLayout) {
	if max(a.MapZoom, 1) <= 1 {
		return
	}
	bw := l.width - barRight - barX0
	w.Open("g").Class("overview")
	w.Open("text").Class("sec-label").Attr("x", "0").AttrFloat("y", rowTop-8, -1).Text("overview").Close()
	w.Open("rect").Class("ov-bg").AttrFloat("x", barX0, -1).Attr("y", "4").AttrFloat("width", bw, -1).Attr("height", "12").Close()
	w.Open("rect").Class("ov-win").AttrFloat("x", barX0+bw*l.overview[0], 1).Attr("y", "2").
		AttrFloat("width", max(bw*(l.overview[1]-l.overview[0]), 2), 1).Attr("height", "16").Close()
	w.Close()
}

// mapFrame assembles the whole map from its parts (each from its cache).
func (a *App) mapFrame(l mapLayout, parts []mapPart) string {
	var w el.Builder
	w.Open("div").Class("map-tools").Add(a.mapControlsHTML())
	w.Open("div").Attr("id", "m-legend").Add(a.viewHTML("m-legend", a.arrowKinds(), a.legendHTML)).Close()
	w.Close()
	w.Open("div").Class("map-scroll").Attr("id", "map-scroll").Attr("tabindex", "0").Attr("aria-label", "section map: wheel or +/− to zoom, drag or arrow keys to pan")
	openMapSVG(&w, "map-svg", l.width, l.height)
	mapDefs(&w)
	a.overviewSVG(&w, l)
	for _, p := range parts {
		if p.id == "m-legend" {
			continue
		}
		w.Open("g").Attr("id", p.id).Add(a.viewHTML(p.id, p.key, p.build)).Close()
	}
	return w.String()
}

// mapControlsHTML is the map's scale switch and zoom buttons.
func (a *App) mapControlsHTML() el.HTML {
	var w el.Builder
	w.Open("div").Class("map-controls")
	w.Open("span").Class("dim").Attr("id", "map-scale-label").Text("scale:").Close()
	w.Open("span").Class("seg-switch").Attr("role", "radiogroup").Attr("aria-labelledby", "map-scale-label")
	for _, o := range [][2]string{{ScalePerSection, "each section its own"}, {ScaleCommon, "one for all sections"}} {
		on := a.MapScale == o[0] || a.MapScale == "" && o[0] == ScalePerSection
		cls := "sw-btn"
		if on {
			cls = "sw-btn on"
		}
		w.Open("button").Class(cls).Attr("role", "radio").AttrBool("aria-checked", on).
			Attr("data-mapscale", o[0]).Text(o[1]).Close()
	}
	w.Close()
	zoom := func(what, text, title string) {
		w.Open("button").Class("btn tiny").Attr("data-mapzoom", what).Attr("title", title).Attr("aria-label", title).Text(text).Close()
	}
	w.Open("span").Class("dim").Text("zoom:").Close()
	zoom("out", "−", "zoom out (−)")
	w.Open("span").Class("zoom-level").Text(fmt.Sprintf("%.4g×", max(a.MapZoom, 1))).Close()
	zoom("in", "+", "zoom in (+)")
	zoom("reset", "whole", "show whole sections (0)")
	return w.HTML()
}

// SetMapWidth sets the width in CSS pixels the map is drawn at (its
// panel's); it reports whether it changed.
func (a *App) SetMapWidth(w float64) bool {
	w = float64(int(w))
	if w == a.MapWidth {
		return false
	}
	a.MapWidth = w
	return true
}

// SetMapScale switches between ScalePerSection and ScaleCommon.
func (a *App) SetMapScale(scale string) {
	if scale == ScaleCommon || scale == ScalePerSection {
		a.MapScale = scale
	}
}

// ZoomMap multiplies the map's zoom by factor, keeping the byte at
// fraction at (0..1 of the bars' width) where it is.
func (a *App) ZoomMap(factor, at float64) {
	z := max(a.MapZoom, 1)
	nz := min(max(z*factor, 1), MaxMapZoom)
	at = min(max(at, 0), 1)
	focus := a.MapPan + at/z
	a.MapZoom = nz
	a.MapPan = focus - at/nz
	a.clampPan()
}

// PanMap moves the zoomed map by d of the visible window (negative: left).
func (a *App) PanMap(d float64) {
	a.MapPan += d / max(a.MapZoom, 1)
	a.clampPan()
}

// ResetMapZoom shows whole sections again.
func (a *App) ResetMapZoom() { a.MapZoom, a.MapPan = 1, 0 }

func (a *App) clampPan() {
	z := max(a.MapZoom, 1)
	a.MapPan = min(max(a.MapPan, 0), 1-1/z)
}

// MapBarFraction converts an x position in the map's pixels into a
// fraction of the bars' width (for the page's wheel zoom).
func (a *App) MapBarFraction(x float64) float64 {
	return (x - barX0) / (a.mapWidth() - barRight - barX0)
}

// mapPatches returns the map's DOM updates: the whole map when its frame
// changed, else only the parts whose key changed since the last call.
func (a *App) mapPatches() []Patch {
	b := a.S.Good
	if b == nil {
		a.sentKey["map"] = ""
		return a.patch("map", a.MapHTML())
	}
	frame, l, parts := a.mapParts(b)
	if a.sentKey["map"] != frame {
		a.sentKey["map"] = frame
		for _, p := range parts {
			a.sentKey[p.id] = p.key
		}
		delete(a.sentHTML, "map")
		a.Renders["map"]++
		return []Patch{{"map", a.mapFrame(l, parts)}}
	}
	var out []Patch
	for _, p := range parts {
		if a.sentKey[p.id] != p.key {
			a.sentKey[p.id] = p.key
			out = append(out, Patch{p.id, a.viewHTML(p.id, p.key, p.build).String()})
		}
	}
	if len(out) > 0 {
		a.Renders["map"]++
	}
	return out
}

var relocKinds = []dwarfcore.RelocKind{dwarfcore.CrossEntry, dwarfcore.CrossUnit, dwarfcore.CrossSection, dwarfcore.External}

// ToggleArrows switches the arrows of every relocation of one kind (a
// sample of them in big programs) on or off.
func (a *App) ToggleArrows(kind string) {
	if a.ShowArrows == nil {
		a.ShowArrows = map[string]bool{}
	}
	a.ShowArrows[kind] = !a.ShowArrows[kind]
}

func (a *App) arrowKinds() string {
	var sb strings.Builder
	for _, k := range relocKinds {
		if a.ShowArrows[k.String()] {
			sb.WriteString(k.String())
			sb.WriteByte(' ')
		}
	}
	return sb.String()
}

func (a *App) legendHTML() el.HTML {
	var w el.Builder
	w.Open("div").Class("legend")
	for _, k := range legendKinds {
		w.Open("span").Open("i").AttrStart("class").Text("sw k-").Text(k[0]).AttrEnd().Close().Text(k[1]).Close()
	}
	w.Close()
	w.Open("div").Class("legend arrows-legend").Open("span").Class("dim").Text("arrows:").Close()
	for _, k := range relocKinds {
		on := a.ShowArrows[k.String()]
		w.Open("button").AttrStart("class").Text("arrow-toggle")
		if on {
			w.Text(" on")
		}
		w.AttrEnd().Attr("data-arrows", k.String()).AttrBool("aria-pressed", on).
			AttrStart("title").Text("show every ").Text(k.String()).Text(" relocation (a sample of them in big programs); the selected or hovered entry's are always drawn").AttrEnd()
		w.Open("i").AttrStart("class").Text("ln k-").Text(k.String()).AttrEnd().Close().Text(k.String())
		w.Close()
	}
	return w.HTML()
}

func (a *App) zoomHTML(b *Build, l mapLayout) el.HTML {
	var w el.Builder
	w.SVG()
	z := *l.zoom
	a.writeBar(&w, b, z, true)
	for _, g := range l.bars {
		if g.sec == z.sec {
			zoomGuide(&w, g, z)
		}
	}
	return w.HTML()
}

// zoomGuide draws the lines from the part of bar of that zoom bar z
// shows to z.
func zoomGuide(w *el.Builder, of, z barGeom) {
	w.Open("path").Class("zoom-guide").AttrStart("d").
		Text("M").Float(of.x(z.off), 1).Text(" ").Float(of.y+barH, 1).Text(" L").Float(z.x0, -1).Text(" ").Float(z.y, 1).
		Text(" M").Float(of.x(z.off+z.span), 1).Text(" ").Float(of.y+barH, 1).Text(" L").Float(z.x1, -1).Text(" ").Float(z.y, 1).
		AttrEnd().Close()
}

func drawFlash(w *el.Builder, g barGeom, flash []Range) {
	for _, r := range flash {
		if r.Len == 0 || !g.has(r.Off) {
			continue
		}
		bw := g.x(r.Off+r.Len) - g.x(r.Off)
		if bw < 1.5 {
			bw = 1.5
		}
		w.Open("rect").Class("flash").AttrFloat("x", g.x(r.Off), 2).AttrFloat("y", g.y, 1).AttrFloat("width", bw, 2).AttrFloat("height", barH, -1).Close()
	}
}

// openBar opens a bar's group (class cls, data-bar name) and writes its
// label.
func openBar(w *el.Builder, g barGeom, cls, name, label string) {
	w.Open("g").Class(cls).Attr("data-bar", name)
	w.Open("text").Class("sec-label").Attr("x", "0").AttrFloat("y", g.y+barH/2-1, 1).Text(label).Close()
}

// barSize writes the size line under a bar's label: the byte range a
// zoomed bar shows, else size.
func barSize(w *el.Builder, g barGeom, zoomed bool, size string) {
	w.Open("text").Class("sec-size").Attr("x", "0").AttrFloat("y", g.y+barH/2+12, 1)
	if zoomed {
		w.Text("0x").Hex(g.off).Text("–0x").Hex(g.off + g.span)
	} else {
		w.Text(size)
	}
	w.Close()
}

// barBg draws a bar's background.
func barBg(w *el.Builder, g barGeom) {
	w.Open("rect").Class("bar-bg").AttrFloat("x", g.x0, -1).AttrFloat("y", g.y, 1).AttrFloat("width", g.x1-g.x0, -1).AttrFloat("height", barH, -1).Close()
}

// unitEdge draws the boundary of a unit starting at off.
func unitEdge(w *el.Builder, g barGeom, off uint64) {
	w.Open("line").Class("unit-edge").AttrFloat("x1", g.x(off), 2).AttrFloat("x2", g.x(off), 2).AttrFloat("y1", g.y-5, 1).AttrFloat("y2", g.y+barH+5, 1).Close()
}

// selOutline outlines the selected item on bar g.
func selOutline(w *el.Builder, g barGeom, it *dwarfread.Span) {
	if g.has(it.Off) {
		w.Open("rect").Class("sel-outline").AttrFloat("x", g.x(it.Off)-1, 2).AttrFloat("y", g.y-2, 1).
			AttrFloat("width", g.x(it.Off+it.Len)-g.x(it.Off)+2, 2).AttrFloat("height", barH+4, -1).Close()
	}
}

func (a *App) barHTML(b *Build, g barGeom, zoomed bool) el.HTML {
	var w el.Builder
	w.SVG()
	a.writeBar(&w, b, g, zoomed)
	return w.HTML()
}

// writeBar draws the bar g of a section of build b (zoomed: the zoom bar).
func (a *App) writeBar(w *el.Builder, b *Build, g barGeom, zoomed bool) {
	x := b.idx(g.sec)
	cls, label := "bar", g.sec.Name()
	if zoomed {
		cls, label = "bar zoom", "zoom "+g.sec.Name()
	}
	openBar(w, g, cls, g.sec.Name(), label)
	barSize(w, g, zoomed, strconv.FormatUint(g.span, 10)+" bytes")
	barBg(w, g)
	var sel *dwarfread.Span
	if a.Sel.valid && a.Sel.Sec == g.sec {
		sel = a.Sel.Item
	}
	drawItems(w, g, int(g.sec), x.items, sel, false)
	// Unit boundaries.
	for _, u := range x.units {
		if g.has(u.Off) {
			unitEdge(w, g, u.Off)
			w.Open("text").Class("unit-label").AttrFloat("x", g.x(u.Off)+2, 1).AttrFloat("y", g.y+barH+13, 1).Text(unitLabel(u, b.Out.Options)).Close()
		}
	}
	// Selected leaf, on top.
	if a.Sel.valid && a.Sel.Sec == g.sec && a.Sel.Item != nil {
		selOutline(w, g, a.Sel.Item)
	}
	w.Close()
}

// drawItems draws the items (in offset order) that bar g shows, as
// rectangles carrying data-sec="sec" and their offset, merging runs
// narrower than a pixel of the same kind (of any kind but undecoded
// bytes with mergeAny); sel is drawn selected.
func drawItems(w *el.Builder, g barGeom, sec int, items []*dwarfread.Span, sel *dwarfread.Span, mergeAny bool) {
	// Items, merging runs narrower than a pixel of the same kind.
	type run struct {
		x0, x1 float64
		kind   dwarfread.SpanKind
		first  *dwarfread.Span
		n      int
	}
	var cur run
	emit := func(r *run) {
		if r.first == nil {
			return
		}
		rw := r.x1 - r.x0
		if rw < 0.6 {
			rw = 0.6
		}
		s := r.first
		w.Open("rect").AttrStart("class").Text("seg k-").Text(string(s.Kind))
		if r.n == 1 && s == sel {
			w.Text(" sel")
		}
		w.AttrEnd().AttrFloat("x", r.x0, 2).AttrFloat("y", g.y, 1).AttrFloat("width", rw, 2).AttrFloat("height", barH, -1).
			AttrInt("data-sec", int64(sec)).AttrUint("data-off", s.Off).AttrUint("data-len", s.Len)
		if s.Kind == dwarfread.SpanEntry {
			w.Attr("data-entry", s.Name)
		}
		w.Open("title")
		if r.n > 1 {
			w.Int(int64(r.n)).Text(" ").Text(string(s.Kind)).Text("s from 0x").Hex(s.Off)
		} else {
			w.Text(s.Name).Text(" · 0x").Hex(s.Off).Text(", ").Text(dwarfread.Units(s.Len, "byte"))
		}
		w.Close().Close()
		if r.n == 1 && rw > 34 && (s.Kind == dwarfread.SpanEntry || s.Kind == dwarfread.SpanDIE || s.Kind == dwarfread.SpanHeader || s.Kind == dwarfread.SpanAbbrev || s.Kind == dwarfread.SpanString || s.Kind == dwarfread.SpanTrailer || s.Kind == dwarfread.SpanPadding) {
			name := shortName(s)
			maxc := int((rw - 6) / 7.3) // 12px monospace
			if maxc >= 3 {
				w.Open("text").Class("seg-label").AttrFloat("x", r.x0+3, 1).AttrFloat("y", g.y+barH/2+4, 1)
				if len(name) > maxc {
					w.Text(name[:maxc-1]).Text("…")
				} else {
					w.Text(name)
				}
				w.Close()
			}
		}
	}
	for _, it := range items {
		if it.Len == 0 || it.Off+it.Len <= g.off || it.Off >= g.off+g.span {
			continue
		}
		x0, x1 := g.x(it.Off), g.x(it.Off+it.Len)
		if cur.first != nil && (cur.kind == it.Kind || mergeAny && cur.kind != dwarfread.SpanUndecoded && it.Kind != dwarfread.SpanUndecoded) && x1-cur.x0 < 1.2 && it.Kind != dwarfread.SpanHeader {
			cur.x1 = x1
			cur.n++
			continue
		}
		emit(&cur)
		cur = run{x0: x0, x1: x1, kind: it.Kind, first: it, n: 1}
	}
	emit(&cur)
}

// unitLabel names a unit with its header size, the number that changes
// between DWARF32 and DWARF64.
func unitLabel(u *dwarfread.Span, o dwarfcore.Options) string {
	for _, c := range u.Children {
		if c.Kind == dwarfread.SpanHeader {
			return fmt.Sprintf("%s · header %d B", u.Name, c.Len)
		}
	}
	return u.Name
}

// arrowsHTML draws the relocation arrows: those from and to the selected
// entry (bold), from and to the hovered one, and a sample of every kind
// switched on in the legend; and the symbols row external ones point at.
func (a *App) arrowsHTML(b *Build, l mapLayout) el.HTML {
	var w el.Builder
	w.SVG()
	zoom, symY := l.zoom, l.symY
	find := func(sec dwarfcore.SectionID, off uint64) (barGeom, bool) {
		if zoom != nil && zoom.sec == sec && zoom.has(off) {
			return *zoom, true
		}
		for _, g := range l.bars {
			if g.sec == sec {
				return g, true
			}
		}
		return barGeom{}, false
	}
	syms := map[string]float64{}
	var symNames []string
	for _, r := range b.Out.Relocs {
		if r.Kind == dwarfcore.External {
			if _, ok := syms[r.Symbol]; !ok {
				syms[r.Symbol] = 0
				symNames = append(symNames, r.Symbol)
			}
		}
	}
	if len(symNames) > 0 {
		w.Open("text").Class("sec-label").Attr("x", "0").AttrFloat("y", symY+14, 1).Text("symbols").Close()
		step := (l.width - barRight - barX0) / float64(len(symNames))
		for i, n := range symNames {
			x := barX0 + step*(float64(i)+0.5)
			syms[n] = x
			w.Open("circle").Class("sym").AttrFloat("cx", x, 1).AttrFloat("cy", symY+10, 1).Attr("r", "3.5").
				Open("title").Text(n).Close().Close()
			if step > 60 {
				w.Open("text").Class("sym-label").AttrFloat("x", x, 1).AttrFloat("y", symY+28, 1).Text(n).Close()
			}
		}
	}
	type item struct {
		sec      dwarfcore.SectionID
		off, end uint64
	}
	var sel, hov item
	if a.Sel.valid {
		sel = item{a.Sel.Sec, a.Sel.Item.Off, a.Sel.Item.Off + a.Sel.Item.Len}
	}
	if a.HoverItem != nil && (!a.Sel.valid || a.HoverItem != a.Sel.Item) {
		hov = item{a.HoverSec, a.HoverItem.Off, a.HoverItem.Off + a.HoverItem.Len}
	}
	touches := func(it item, r dwarfcore.Reloc) bool {
		if it.end == 0 {
			return false
		}
		if r.Section == it.sec && r.Offset >= it.off && r.Offset < it.end {
			return true
		}
		return r.Kind != dwarfcore.External && r.TargetSection == it.sec && r.TargetOffset >= it.off && r.TargetOffset < it.end
	}
	perKind := map[dwarfcore.RelocKind]int{}
	const sampleN = 24
	stride := len(b.Out.Relocs)/800 + 1
	for i, r := range b.Out.Relocs {
		var hot string
		switch {
		case touches(sel, r):
			hot = " hot"
		case touches(hov, r):
			hot = " hov"
		case a.ShowArrows[r.Kind.String()] && perKind[r.Kind] < sampleN && i%stride == 0:
			perKind[r.Kind]++
		default:
			continue
		}
		src, ok := find(r.Section, r.Offset)
		if !ok {
			continue
		}
		x1, y1 := src.x(r.Offset), src.y
		// The path's points: M, then C (three points) or Q (two).
		var pts [8]float64
		curve := "C"
		switch r.Kind {
		case dwarfcore.External:
			tx := syms[r.Symbol]
			pts = [8]float64{x1, y1 + barH, x1, symY - 10, tx, y1 + barH + 20, tx, symY + 5}
		default:
			dst, ok := find(r.TargetSection, r.TargetOffset)
			if !ok {
				continue
			}
			x2, y2 := dst.x(r.TargetOffset), dst.y
			if dst.y == src.y {
				h := 8 + math.Abs(x2-x1)/5
				if h > rowTop-4 {
					h = rowTop - 4
				}
				curve = "Q"
				pts = [8]float64{x1, y1, (x1 + x2) / 2, y1 - h*1.6, x2, y2}
			} else if y2 > y1 {
				pts = [8]float64{x1, y1 + barH, x1, y1 + barH + 30, x2, y2 - 30, x2, y2}
			} else {
				pts = [8]float64{x1, y1, x1, y1 - 30, x2, y2 + barH + 30, x2, y2 + barH}
			}
		}
		k := r.Kind.String()
		w.Open("path").AttrStart("class").Text("arrow k-").Text(k).Text(hot).
			AttrStart("d").Text("M").Float(pts[0], 1).Text(" ").Float(pts[1], 1).Text(" ").Text(curve)
		n := 8
		if curve == "Q" {
			n = 6
		}
		for j := 2; j < n; j++ {
			if j > 2 {
				w.Text(" ")
			}
			w.Float(pts[j], 1)
		}
		w.AttrStart("marker-end").Text("url(#ah-").Text(k).Text(")").AttrEnd().AttrInt("data-reloc", int64(i)).Close()
	}
	return w.HTML()
}

// legendKinds are the legend's span kinds and their names (the edit log
// names freed bytes with the same words: freedNames).
var legendKinds = [][2]string{
	{string(dwarfread.SpanHeader), "unit header"},
	{string(dwarfread.SpanEntry), "entry"},
	{string(dwarfread.SpanPadding), "padding (slack of an entry)"},
	{string(dwarfread.SpanTrailer), "unit trailer"},
	{string(dwarfread.SpanSlack), "slack / free"},
	{string(dwarfread.SpanStale), "stale bytes"},
	{string(dwarfread.SpanAbbrev), "abbreviation"},
	{string(dwarfread.SpanString), "string"},
}

func shortName(s *dwarfread.Span) string {
	n := s.Name
	n = strings.TrimPrefix(n, "declaration ")
	if s.Kind == dwarfread.SpanString {
		n = s.Value
	}
	return n
}
