package model

import (
	"fmt"
	"html"
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
	build   func() string
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
			build: func() string { return a.barHTML(b, g, false) }})
	}
	if z := l.zoom; z != nil {
		parts = append(parts, mapPart{id: "mb-zoom",
			key:   fmt.Sprintf("%d|%d|%g|%d|%s|%s", b.Rev[z.sec], b.NamesRev, z.y, z.off, selIn(z.sec), geom),
			build: func() string { return a.zoomHTML(b, l) }})
	} else {
		parts = append(parts, mapPart{id: "mb-zoom", key: "none", build: func() string { return "" }})
	}
	parts = append(parts, mapPart{id: "m-arrows",
		key:   fmt.Sprintf("%x|%s|%s|%s|%v|%s", b.Rev, a.selKey(), a.hoverItemKey(), a.arrowKinds(), l.zoom != nil, geom),
		build: func() string { return a.arrowsHTML(b, l) }})
	parts = append(parts, mapPart{id: "m-flash", key: fmt.Sprintf("%p|%s", b, geom),
		build: func() string {
			var sb strings.Builder
			for _, g := range l.bars {
				drawFlash(&sb, g, flash[g.sec])
			}
			return sb.String()
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
		return `<div class="empty">No layout yet: the map shows each debug section, to scale, once the source compiles.</div>`
	}
	_, l, parts := a.mapParts(b)
	return a.mapFrame(l, parts)
}

// mapFrame assembles the whole map from its parts (each from its cache).
func (a *App) mapFrame(l mapLayout, parts []mapPart) string {
	var sb strings.Builder
	sb.WriteString(`<div class="map-tools">`)
	sb.WriteString(a.mapControlsHTML())
	sb.WriteString(`<div id="m-legend">`)
	sb.WriteString(a.view("m-legend", a.arrowKinds(), a.legendHTML))
	sb.WriteString(`</div></div><div class="map-scroll" id="map-scroll" tabindex="0" aria-label="section map: wheel or +/− to zoom, drag or arrow keys to pan">`)
	fmt.Fprintf(&sb, `<svg class="map-svg" width="%g" height="%g" viewBox="0 0 %g %g" xmlns="http://www.w3.org/2000/svg">`, l.width, l.height, l.width, l.height)
	sb.WriteString(`<defs>`)
	for _, k := range relocKinds {
		fmt.Fprintf(&sb, `<marker id="ah-%s" class="ah k-%s" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z"/></marker>`, k, k)
	}
	sb.WriteString(`<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>`)
	if z := max(a.MapZoom, 1); z > 1 {
		w := l.width - barRight - barX0
		fmt.Fprintf(&sb, `<g class="overview"><text class="sec-label" x="0" y="%g">overview</text><rect class="ov-bg" x="%g" y="4" width="%g" height="12"/><rect class="ov-win" x="%.1f" y="2" width="%.1f" height="16"/></g>`,
			rowTop-8, barX0, w, barX0+w*l.overview[0], max(w*(l.overview[1]-l.overview[0]), 2))
	}
	for _, p := range parts {
		if p.id == "m-legend" {
			continue
		}
		fmt.Fprintf(&sb, `<g id="%s">%s</g>`, p.id, a.view(p.id, p.key, p.build))
	}
	sb.WriteString(`</svg></div>`)
	return sb.String()
}

// mapControlsHTML is the map's scale switch and zoom buttons.
func (a *App) mapControlsHTML() string {
	sw := el.New("span").Class("seg-switch").Attr("role", "radiogroup").Attr("aria-labelledby", "map-scale-label")
	for _, o := range [][2]string{{ScalePerSection, "each section its own"}, {ScaleCommon, "one for all sections"}} {
		on := a.MapScale == o[0] || a.MapScale == "" && o[0] == ScalePerSection
		cls := "sw-btn"
		if on {
			cls = "sw-btn on"
		}
		sw.Add(el.New("button").Class(cls).Attr("role", "radio").Attr("aria-checked", fmt.Sprint(on)).
			Attr("data-mapscale", o[0]).Text(o[1]))
	}
	zoom := func(what, text, title string) *el.Element {
		return el.New("button").Class("btn tiny").Attr("data-mapzoom", what).Attr("title", title).Attr("aria-label", title).Text(text)
	}
	return el.New("div").Class("map-controls").Add(
		el.New("span").Class("dim").Attr("id", "map-scale-label").Text("scale:"), sw,
		el.New("span").Class("dim").Text("zoom:"),
		zoom("out", "−", "zoom out (−)"),
		el.New("span").Class("zoom-level").Text(fmt.Sprintf("%.4g×", max(a.MapZoom, 1))),
		zoom("in", "+", "zoom in (+)"),
		zoom("reset", "whole", "show whole sections (0)"),
	).HTML().String()
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
			out = append(out, Patch{p.id, a.view(p.id, p.key, p.build)})
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

func (a *App) legendHTML() string {
	kinds := el.New("div").Class("legend")
	for _, k := range legendKinds {
		kinds.Add(el.New("span").Add(el.New("i").Class("sw k-"+string(k[0])), el.Text(k[1])))
	}
	arrows := el.New("div").Class("legend arrows-legend").Add(el.New("span").Class("dim").Text("arrows:"))
	for _, k := range relocKinds {
		cls := "arrow-toggle"
		if a.ShowArrows[k.String()] {
			cls += " on"
		}
		arrows.Add(el.New("button").Class(cls).Attr("data-arrows", k.String()).
			Attr("aria-pressed", fmt.Sprint(a.ShowArrows[k.String()])).
			Attr("title", "show every "+k.String()+" relocation (a sample of them in big programs); the selected or hovered entry's are always drawn").
			Add(el.New("i").Class("ln k-"+k.String()), el.Text(k.String())))
	}
	return el.Join(kinds.HTML(), arrows.HTML()).String()
}

func (a *App) zoomHTML(b *Build, l mapLayout) string {
	var sb strings.Builder
	z := *l.zoom
	sb.WriteString(a.barHTML(b, z, true))
	for _, g := range l.bars {
		if g.sec == z.sec {
			fmt.Fprintf(&sb, `<path class="zoom-guide" d="M%.1f %.1f L%g %.1f M%.1f %.1f L%g %.1f"/>`,
				g.x(z.off), g.y+barH, z.x0, z.y, g.x(z.off+z.span), g.y+barH, z.x1, z.y)
		}
	}
	return sb.String()
}

func drawFlash(sb *strings.Builder, g barGeom, flash []Range) {
	for _, r := range flash {
		if r.Len == 0 || !g.has(r.Off) {
			continue
		}
		w := g.x(r.Off+r.Len) - g.x(r.Off)
		if w < 1.5 {
			w = 1.5
		}
		fmt.Fprintf(sb, `<rect class="flash" x="%.2f" y="%.1f" width="%.2f" height="%g"/>`, g.x(r.Off), g.y, w, barH)
	}
}

func (a *App) barHTML(b *Build, g barGeom, zoomed bool) string {
	var sb0 strings.Builder
	sb := &sb0
	x := b.idx(g.sec)
	cls := "bar"
	if zoomed {
		cls = "bar zoom"
	}
	label := g.sec.Name()
	if zoomed {
		label = "zoom " + g.sec.Name()
	}
	fmt.Fprintf(sb, `<g class="%s" data-bar="%s">`, cls, g.sec.Name())
	fmt.Fprintf(sb, `<text class="sec-label" x="0" y="%.1f">%s</text>`, g.y+barH/2-1, label)
	if zoomed {
		fmt.Fprintf(sb, `<text class="sec-size" x="0" y="%.1f">0x%x–0x%x</text>`, g.y+barH/2+12, g.off, g.off+g.span)
	} else {
		fmt.Fprintf(sb, `<text class="sec-size" x="0" y="%.1f">%d bytes</text>`, g.y+barH/2+12, g.span)
	}
	fmt.Fprintf(sb, `<rect class="bar-bg" x="%g" y="%.1f" width="%g" height="%g"/>`, g.x0, g.y, g.x1-g.x0, barH)
	var sel *dwarfread.Span
	if a.Sel.valid && a.Sel.Sec == g.sec {
		sel = a.Sel.Item
	}
	drawItems(sb, g, int(g.sec), x.items, sel, false)
	// Unit boundaries.
	for _, u := range x.units {
		if g.has(u.Off) {
			fmt.Fprintf(sb, `<line class="unit-edge" x1="%.2f" x2="%.2f" y1="%.1f" y2="%.1f"/>`, g.x(u.Off), g.x(u.Off), g.y-5, g.y+barH+5)
			fmt.Fprintf(sb, `<text class="unit-label" x="%.1f" y="%.1f">%s</text>`, g.x(u.Off)+2, g.y+barH+13, html.EscapeString(unitLabel(u, b.Out.Options)))
		}
	}
	// Selected leaf, on top.
	if a.Sel.valid && a.Sel.Sec == g.sec && a.Sel.Item != nil && g.has(a.Sel.Item.Off) {
		it := a.Sel.Item
		fmt.Fprintf(sb, `<rect class="sel-outline" x="%.2f" y="%.1f" width="%.2f" height="%g"/>`, g.x(it.Off)-1, g.y-2, g.x(it.Off+it.Len)-g.x(it.Off)+2, barH+4)
	}
	sb.WriteString(`</g>`)
	return sb.String()
}

// drawItems draws the items (in offset order) that bar g shows, as
// rectangles carrying data-sec="sec" and their offset, merging runs
// narrower than a pixel of the same kind (of any kind but undecoded
// bytes with mergeAny); sel is drawn selected.
func drawItems(sb *strings.Builder, g barGeom, sec int, items []*dwarfread.Span, sel *dwarfread.Span, mergeAny bool) {
	// Items, merging runs narrower than a pixel of the same kind.
	type run struct {
		x0, x1 float64
		kind   dwarfread.SpanKind
		first  *dwarfread.Span
		n      int
	}
	var cur *run
	emit := func(r *run) {
		if r == nil {
			return
		}
		w := r.x1 - r.x0
		if w < 0.6 {
			w = 0.6
		}
		s := r.first
		selCls := ""
		if r.n == 1 && s == sel {
			selCls = " sel"
		}
		title := fmt.Sprintf("%s · 0x%x, %d bytes", s.Name, s.Off, s.Len)
		if r.n > 1 {
			title = fmt.Sprintf("%d %ss from 0x%x", r.n, s.Kind, s.Off)
		}
		ent := ""
		if s.Kind == dwarfread.SpanEntry {
			ent = fmt.Sprintf(` data-entry="%s"`, html.EscapeString(s.Name))
		}
		fmt.Fprintf(sb, `<rect class="seg k-%s%s" x="%.2f" y="%.1f" width="%.2f" height="%g" data-sec="%d" data-off="%d" data-len="%d"%s><title>%s</title></rect>`,
			s.Kind, selCls, r.x0, g.y, w, barH, sec, s.Off, s.Len, ent, html.EscapeString(title))
		if r.n == 1 && w > 34 && (s.Kind == dwarfread.SpanEntry || s.Kind == dwarfread.SpanDIE || s.Kind == dwarfread.SpanHeader || s.Kind == dwarfread.SpanAbbrev || s.Kind == dwarfread.SpanString || s.Kind == dwarfread.SpanTrailer || s.Kind == dwarfread.SpanPadding) {
			name := shortName(s)
			maxc := int((w - 6) / 7.3) // 12px monospace
			if maxc >= 3 {
				if len(name) > maxc {
					name = name[:maxc-1] + "…"
				}
				fmt.Fprintf(sb, `<text class="seg-label" x="%.1f" y="%.1f">%s</text>`, r.x0+3, g.y+barH/2+4, html.EscapeString(name))
			}
		}
	}
	for _, it := range items {
		if it.Len == 0 || it.Off+it.Len <= g.off || it.Off >= g.off+g.span {
			continue
		}
		x0, x1 := g.x(it.Off), g.x(it.Off+it.Len)
		if cur != nil && (cur.kind == it.Kind || mergeAny && cur.kind != dwarfread.SpanUndecoded && it.Kind != dwarfread.SpanUndecoded) && x1-cur.x0 < 1.2 && it.Kind != dwarfread.SpanHeader {
			cur.x1 = x1
			cur.n++
			continue
		}
		emit(cur)
		cur = &run{x0: x0, x1: x1, kind: it.Kind, first: it, n: 1}
	}
	emit(cur)
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
func (a *App) arrowsHTML(b *Build, l mapLayout) string {
	var sb strings.Builder
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
		fmt.Fprintf(&sb, `<text class="sec-label" x="0" y="%.1f">symbols</text>`, symY+14)
		step := (l.width - barRight - barX0) / float64(len(symNames))
		for i, n := range symNames {
			x := barX0 + step*(float64(i)+0.5)
			syms[n] = x
			fmt.Fprintf(&sb, `<circle class="sym" cx="%.1f" cy="%.1f" r="3.5"><title>%s</title></circle>`, x, symY+10, html.EscapeString(n))
			if step > 60 {
				fmt.Fprintf(&sb, `<text class="sym-label" x="%.1f" y="%.1f">%s</text>`, x, symY+28, html.EscapeString(n))
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
		cls := "arrow k-" + r.Kind.String()
		switch {
		case touches(sel, r):
			cls += " hot"
		case touches(hov, r):
			cls += " hov"
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
		var d string
		switch r.Kind {
		case dwarfcore.External:
			tx := syms[r.Symbol]
			d = fmt.Sprintf("M%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1f", x1, y1+barH, x1, symY-10, tx, y1+barH+20, tx, symY+5)
		default:
			dst, ok := find(r.TargetSection, r.TargetOffset)
			if !ok {
				continue
			}
			x2, y2 := dst.x(r.TargetOffset), dst.y
			if dst.y == src.y {
				h := 8 + abs(x2-x1)/5
				if h > rowTop-4 {
					h = rowTop - 4
				}
				d = fmt.Sprintf("M%.1f %.1f Q%.1f %.1f %.1f %.1f", x1, y1, (x1+x2)/2, y1-h*1.6, x2, y2)
			} else if y2 > y1 {
				d = fmt.Sprintf("M%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1f", x1, y1+barH, x1, y1+barH+30, x2, y2-30, x2, y2)
			} else {
				d = fmt.Sprintf("M%.1f %.1f C%.1f %.1f %.1f %.1f %.1f %.1f", x1, y1, x1, y1-30, x2, y2+barH+30, x2, y2+barH)
			}
		}
		fmt.Fprintf(&sb, `<path class="%s" d="%s" marker-end="url(#ah-%s)" data-reloc="%d"/>`, cls, d, r.Kind, i)
	}
	return sb.String()
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
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
