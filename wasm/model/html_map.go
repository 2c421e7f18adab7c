package model

import (
	"fmt"
	"html"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
)

// Map geometry (SVG user units; the SVG scales to the panel's width).
const (
	mapW      = 1000.0
	barX0     = 150.0
	barX1     = 990.0
	barH      = 24.0
	rowH      = 58.0
	rowTop    = 30.0 // room above a bar for arcs
	zoomBytes = 1536
)

type barGeom struct {
	sec       dwarfcore.SectionID
	y         float64
	off, span uint64 // the bar shows [off, off+span)
}

func (g barGeom) x(off uint64) float64 {
	if g.span == 0 {
		return barX0
	}
	if off < g.off {
		off = g.off
	}
	if off > g.off+g.span {
		off = g.off + g.span
	}
	return barX0 + (barX1-barX0)*float64(off-g.off)/float64(g.span)
}

func (g barGeom) has(off uint64) bool { return off >= g.off && off <= g.off+g.span }

// MapHTML is the section map: one bar per non-empty debug section drawn to
// scale, a zoomed bar around the selection when its section is large, the
// relocation arrows, and the legend.
func (a *App) MapHTML() string {
	b := a.S.Good
	if b == nil {
		return `<div class="empty">No layout yet.</div>`
	}
	key := fmt.Sprintf("%d|%s|%x", a.Generation, a.selKey(), b.Hash)
	return a.view("map", key, func() string { return a.mapHTML(b) })
}

func (a *App) mapHTML(b *Build) string {
	var sb strings.Builder
	var bars []barGeom
	y := rowTop
	for i := dwarfcore.SectionID(0); i < dwarfcore.NumSections; i++ {
		if len(b.Out.Sections[i]) == 0 || b.index[i] == nil {
			continue
		}
		bars = append(bars, barGeom{sec: i, y: y, span: uint64(len(b.Out.Sections[i]))})
		y += rowH
	}
	var zoom *barGeom
	if a.Sel.valid {
		n := uint64(len(b.Out.Sections[a.Sel.Sec]))
		if n > 2*zoomBytes {
			start := uint64(0)
			if a.Sel.Item.Off > zoomBytes/3 {
				start = a.Sel.Item.Off - zoomBytes/3
			}
			if start+zoomBytes > n {
				start = n - zoomBytes
			}
			zoom = &barGeom{sec: a.Sel.Sec, y: y + 14, off: start, span: zoomBytes}
			y += rowH + 14
		}
	}
	symY := y + 8
	height := symY + 40
	fmt.Fprintf(&sb, `<svg class="map-svg" viewBox="0 0 %g %g" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`, mapW, height)
	sb.WriteString(`<defs>`)
	for _, k := range []string{"cross-entry", "cross-unit", "cross-section", "external"} {
		fmt.Fprintf(&sb, `<marker id="ah-%s" class="ah k-%s" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z"/></marker>`, k, k)
	}
	sb.WriteString(`<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="hatch-bg"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>`)
	flash := map[dwarfcore.SectionID][]Range{}
	if b.Log != nil && !b.Log.Fresh {
		for _, r := range b.Log.Flash {
			flash[r.Sec] = append(flash[r.Sec], r)
		}
	}
	for _, g := range bars {
		a.drawBar(&sb, b, g, flash[g.sec], false)
	}
	if zoom != nil {
		a.drawBar(&sb, b, *zoom, flash[zoom.sec], true)
		// Lines from the zoom window to its place on the section bar.
		for _, g := range bars {
			if g.sec == zoom.sec {
				fmt.Fprintf(&sb, `<path class="zoom-guide" d="M%.1f %.1f L%g %.1f M%.1f %.1f L%g %.1f"/>`,
					g.x(zoom.off), g.y+barH, barX0, zoom.y, g.x(zoom.off+zoom.span), g.y+barH, barX1, zoom.y)
			}
		}
	}
	a.drawArrows(&sb, b, bars, zoom, symY)
	sb.WriteString(`</svg>`)
	sb.WriteString(legendHTML)
	return sb.String()
}

const legendHTML = `<div class="legend">` +
	`<span><i class="sw k-header"></i>unit header</span>` +
	`<span><i class="sw k-entry"></i>entry</span>` +
	`<span><i class="sw k-padding"></i>padding (slack of an entry)</span>` +
	`<span><i class="sw k-trailer"></i>unit trailer</span>` +
	`<span><i class="sw k-slack"></i>slack / free</span>` +
	`<span><i class="sw k-stale"></i>stale bytes</span>` +
	`<span><i class="sw k-abbrev"></i>abbreviation</span>` +
	`<span><i class="sw k-string"></i>string</span>` +
	`<span class="lg-sep"></span>` +
	`<span><i class="ln k-cross-entry"></i>cross-entry</span>` +
	`<span><i class="ln k-cross-unit"></i>cross-unit</span>` +
	`<span><i class="ln k-cross-section"></i>cross-section</span>` +
	`<span><i class="ln k-external"></i>external</span>` +
	`</div>`

func shortName(s *dwarfcore.Span) string {
	n := s.Name
	n = strings.TrimPrefix(n, "declaration ")
	if s.Kind == dwarfcore.SpanString {
		n = s.Value
	}
	return n
}

func (a *App) drawBar(sb *strings.Builder, b *Build, g barGeom, flash []Range, zoomed bool) {
	x := b.index[g.sec]
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
	fmt.Fprintf(sb, `<rect class="bar-bg" x="%g" y="%.1f" width="%g" height="%g"/>`, barX0, g.y, barX1-barX0, barH)
	// Items, merging runs narrower than a pixel of the same kind.
	type run struct {
		x0, x1 float64
		kind   dwarfcore.SpanKind
		first  *dwarfcore.Span
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
		if a.Sel.valid && a.Sel.Sec == g.sec && r.n == 1 && s == a.Sel.Item {
			selCls = " sel"
		}
		title := fmt.Sprintf("%s · 0x%x, %d bytes", s.Name, s.Off, s.Len)
		if r.n > 1 {
			title = fmt.Sprintf("%d %ss from 0x%x", r.n, s.Kind, s.Off)
		}
		ent := ""
		if s.Kind == dwarfcore.SpanEntry {
			ent = fmt.Sprintf(` data-entry="%s"`, html.EscapeString(s.Name))
		}
		fmt.Fprintf(sb, `<rect class="seg k-%s%s" x="%.2f" y="%.1f" width="%.2f" height="%g" data-sec="%d" data-off="%d" data-len="%d"%s><title>%s</title></rect>`,
			s.Kind, selCls, r.x0, g.y, w, barH, g.sec, s.Off, s.Len, ent, html.EscapeString(title))
		if r.n == 1 && w > 34 && (s.Kind == dwarfcore.SpanEntry || s.Kind == dwarfcore.SpanHeader || s.Kind == dwarfcore.SpanAbbrev || s.Kind == dwarfcore.SpanString || s.Kind == dwarfcore.SpanTrailer || s.Kind == dwarfcore.SpanPadding) {
			name := shortName(s)
			maxc := int((w - 6) / 6.2)
			if maxc >= 3 {
				if len(name) > maxc {
					name = name[:maxc-1] + "…"
				}
				fmt.Fprintf(sb, `<text class="seg-label" x="%.1f" y="%.1f">%s</text>`, r.x0+3, g.y+barH/2+4, html.EscapeString(name))
			}
		}
	}
	for _, it := range x.items {
		if it.Len == 0 || it.Off+it.Len <= g.off || it.Off >= g.off+g.span {
			continue
		}
		x0, x1 := g.x(it.Off), g.x(it.Off+it.Len)
		if cur != nil && cur.kind == it.Kind && x1-cur.x0 < 1.2 && it.Kind != dwarfcore.SpanHeader {
			cur.x1 = x1
			cur.n++
			continue
		}
		emit(cur)
		cur = &run{x0: x0, x1: x1, kind: it.Kind, first: it, n: 1}
	}
	emit(cur)
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
	sb.WriteString(`</g>`)
}

// unitLabel names a unit with its header size, the number that changes
// between DWARF32 and DWARF64.
func unitLabel(u *dwarfcore.Span, o dwarfcore.Options) string {
	for _, c := range u.Children {
		if c.Kind == dwarfcore.SpanHeader {
			return fmt.Sprintf("%s · header %d B", u.Name, c.Len)
		}
	}
	return u.Name
}

func (a *App) drawArrows(sb *strings.Builder, b *Build, bars []barGeom, zoom *barGeom, symY float64) {
	find := func(sec dwarfcore.SectionID, off uint64) (barGeom, bool) {
		if zoom != nil && zoom.sec == sec && zoom.has(off) {
			return *zoom, true
		}
		for _, g := range bars {
			if g.sec == sec {
				return g, true
			}
		}
		return barGeom{}, false
	}
	// Symbols row for external relocations.
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
		fmt.Fprintf(sb, `<text class="sec-label" x="0" y="%.1f">symbols</text>`, symY+14)
		step := (barX1 - barX0) / float64(len(symNames))
		for i, n := range symNames {
			x := barX0 + step*(float64(i)+0.5)
			syms[n] = x
			fmt.Fprintf(sb, `<circle class="sym" cx="%.1f" cy="%.1f" r="3.5"><title>%s</title></circle>`, x, symY+10, html.EscapeString(n))
			if step > 60 {
				fmt.Fprintf(sb, `<text class="sym-label" x="%.1f" y="%.1f">%s</text>`, x, symY+28, html.EscapeString(n))
			}
		}
	}
	// Which relocations: those of the selected entry, plus a sample of
	// each kind so every kind is always visible.
	perKind := map[dwarfcore.RelocKind]int{}
	const sampleN = 14
	inSel := func(r dwarfcore.Reloc) bool {
		return a.Sel.valid && r.Section == a.Sel.Sec && r.Offset >= a.Sel.Item.Off && r.Offset < a.Sel.Item.Off+a.Sel.Item.Len
	}
	stride := len(b.Out.Relocs)/600 + 1
	for i, r := range b.Out.Relocs {
		sel := inSel(r)
		if !sel {
			if perKind[r.Kind] >= sampleN || i%stride != 0 {
				continue
			}
			perKind[r.Kind]++
		}
		src, ok := find(r.Section, r.Offset)
		if !ok {
			continue
		}
		x1, y1 := src.x(r.Offset), src.y
		cls := "arrow k-" + r.Kind.String()
		if sel {
			cls += " hot"
		}
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
		fmt.Fprintf(sb, `<path class="%s" d="%s" marker-end="url(#ah-%s)" data-reloc="%d"/>`, cls, d, r.Kind, i)
	}
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
