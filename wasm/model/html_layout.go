package model

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// The Layout and Verify tabs read the page's file image back with the
// general reader (dwarfread), as `dwarfscope inspect -layout` and
// `dwarfscope verify` read any ELF file: one implementation of the type
// layout and of the checks for the command line, our output and files
// the page opens. The renderers below take what dwarfread returns, not
// the session, so that an opened file's data goes through them too.

// ownRead is the page image read back by dwarfread, for one revision
// of its debug sections (Build.Rev): the image is read again only when
// a debug section's bytes changed (not when an edit changed only code or
// data), and only when a view asks.
type ownRead struct {
	rev      string
	d        *dwarfread.Data
	err      error
	layouts  []dwarfread.TypeLayout
	findings []dwarfread.Finding
	verified bool
}

// readOwn returns the page image as dwarfread reads it (an error for a
// container dwarfread does not read).
func (a *App) readOwn(b *Build) *ownRead {
	rev := fmt.Sprintf("%x|%s", b.Rev, b.Container)
	if a.own != nil && a.own.rev == rev {
		return a.own
	}
	r := &ownRead{rev: rev}
	img := a.S.Image()
	switch {
	case b.Container != "" && b.Container != "elf":
		r.err = fmt.Errorf("this build is a %s file; dwarfread reads ELF files: switch the container to elf to see it", b.Container)
	case img == nil:
		r.err = fmt.Errorf("no image yet")
	default:
		// A copy: the next update patches the image in place.
		r.d, r.err = dwarfread.Read(append([]byte(nil), img...))
	}
	if r.d != nil {
		r.layouts = r.d.Layouts()
	}
	a.own = r
	return r
}

// verifyOwn runs the verifier on the page image once per revision.
func (a *App) verifyOwn(b *Build) *ownRead {
	r := a.readOwn(b)
	if r.d != nil && !r.verified {
		r.findings = r.d.Verify()
		r.verified = true
	}
	return r
}

// DIELink says how a renderer links a row to a DIE: the element
// attributes that select the DIE at a .debug_info offset in the page
// (data-sec and data-off for our output).
type DIELink func(dieOff uint64) map[string]string

// ownDIELink links to .debug_info of our output.
func ownDIELink(off uint64) map[string]string {
	return map[string]string{"data-sec": strconv.Itoa(int(dwarfcore.DebugInfo)), "data-off": strconv.FormatUint(off, 10)}
}

// linked writes the attributes that select the DIE at off through link
// (in name order), on the element just opened.
func linked(w *el.Builder, link DIELink, off uint64) {
	if link == nil {
		return
	}
	m := link(off)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w.Attr(k, m[k])
	}
}

// LayoutHTML renders one type layout in pahole's manner: a row per
// member (type, name with bit width, offset with bit offset, size), a
// row per hole, and the summary pahole prints. Every row carries the
// facts as data attributes (data-moff, data-msize, data-mbit, data-hole,
// data-bithole; data-size, data-padding on the table) and selects its
// member DIE through link. selDIE is the DIE whose row is marked
// selected (^0: none).
func LayoutHTML(l dwarfread.TypeLayout, link DIELink, selDIE uint64) el.HTML {
	var w el.Builder
	w.Open("table").Class("pahole").Attr("data-type", l.Kind+" "+l.Name).
		AttrUint("data-size", l.Size).AttrUint("data-padding", l.Padding).AttrUint("data-bitpadding", l.BitPadding)
	w.Open("thead").Open("tr").Open("th").Text("type").Close().Open("th").Text("member").Close().
		Open("th").Class("num").Attr("title", "byte offset (:bit offset of a bit field in its storage unit)").Text("offset").Close().
		Open("th").Class("num").Attr("title", "size in bytes (of a bit field's storage unit)").Text("size").Close().Close().Close()
	w.Open("tbody").Open("tr").Class(selClass("ph-head", l.DIE == selDIE))
	linked(&w, link, l.DIE)
	w.Open("td").Attr("colspan", "4").Open("span").Class("tag").Text(l.Kind).Text(" ").Text(l.Name).Close().Text(" {").
		Open("span").Class("dim").Text(" /* DIE 0x").Hex(l.DIE).Text(" */").Close().Close().Close()
	// row writes a row of class cls across the four columns saying text.
	row := func(cls, attr string, v uint64, text string) {
		w.Open("tr").Class(cls)
		if attr != "" {
			w.AttrUint(attr, v)
		}
		w.Open("td").Attr("colspan", "4").Text(text).Close().Close()
	}
	for _, m := range l.Members {
		w.Open("tr").Class(selClass("ph-member", m.DIE == selDIE))
		linked(&w, link, m.DIE)
		w.Attr("data-member", m.Name).AttrUint("data-moff", m.Offset).AttrUint("data-msize", m.Size).
			AttrStart("title").Text("member DIE at .debug_info 0x").Hex(m.DIE).Text(" (click: select it)").AttrEnd()
		if m.BitSize > 0 {
			w.AttrStart("data-mbit").Uint(m.BitOffset).Text(":").Uint(m.BitSize).AttrEnd()
		}
		cell(&w, "ph-type", m.Type)
		w.Open("td").Text(m.Name)
		if m.BitSize > 0 {
			w.Text(":").Uint(m.BitSize)
		}
		w.Text(";").Close()
		w.Open("td").Class("num off").Uint(m.Offset)
		if m.BitSize > 0 {
			w.Text(":").Uint(m.BitOffset)
		}
		w.Close().Open("td").Class("num").Uint(m.Size).Close().Close()
		if m.BitHoleAfter > 0 {
			row("ph-hole", "data-bithole", m.BitHoleAfter, dwarfread.BitHoleComment(m.BitHoleAfter))
		}
		if m.HoleAfter > 0 {
			row("ph-hole", "data-hole", m.HoleAfter, dwarfread.HoleComment(m.HoleAfter))
		}
	}
	if l.Kind == "union" {
		// pahole closes a union with no comment; the page still says its size.
		row("ph-sum", "", 0, fmt.Sprintf("/* size: %d, members: %d */", l.Size, len(l.Members)))
	}
	for _, c := range l.Summary() {
		cls := "ph-sum"
		if c.Padding {
			cls = "ph-sum ph-pad"
		}
		row(cls, "", 0, c.Text)
	}
	row("ph-sum", "", 0, "};")
	return w.HTML()
}

func selClass(c string, sel bool) string {
	if sel {
		return c + " sel"
	}
	return c
}

// LayoutsHTML renders every layout (at most limit; 0: all), with a
// summary line first that starts with head.
func LayoutsHTML(head el.HTML, ls []dwarfread.TypeLayout, link DIELink, selDIE uint64, limit int) el.HTML {
	var holey, padded int
	for _, l := range ls {
		for _, m := range l.Members {
			if m.HoleAfter > 0 || m.BitHoleAfter > 0 {
				holey++
				break
			}
		}
		if l.Padding > 0 {
			padded++
		}
	}
	var w el.Builder
	w.Open("div").Class("tools-head").Add(head)
	if len(ls) == 0 {
		w.Close()
		w.Open("div").Class("empty").Text("No structure, union or class with a size in .debug_info.").Close()
		return w.HTML()
	}
	w.Text(" ").Open("span").Class("dim small").Int(int64(len(ls))).Text(" structures, unions and classes · ").Int(int64(holey)).
		Text(" with holes · ").Int(int64(padded)).Text(" with trailing padding · click a row to select its DIE").Close().Close()
	w.Open("div").Class("ph-list")
	for i, l := range ls {
		if limit > 0 && i == limit {
			w.Open("div").Class("dim").Text("… ").Int(int64(len(ls) - i)).Text(" more (dwarfscope inspect -layout prints them all)").Close()
			break
		}
		w.Add(LayoutHTML(l, link, selDIE))
	}
	return w.HTML()
}

// toolsError is a tool tab's head and the error that stopped it.
func toolsError(head el.HTML, err string) string {
	var w el.Builder
	w.Open("div").Class("tools-head").Add(head).Close()
	w.Open("div").Class("empty").Text(err).Close()
	return w.String()
}

// inspLayout writes the layout l beside the inspector's DIE tree.
func inspLayout(w *el.Builder, l dwarfread.TypeLayout, link DIELink, selDIE uint64) {
	w.Open("div").Class("insp-layout").Open("div").Class("sub").Text("layout ").
		Open("span").Class("dim").Text("(pahole's manner; the Layout tab lists every type)").Close().Close()
	w.Add(LayoutHTML(l, link, selDIE)).Close()
}

// selectedDIE is the offset of the .debug_info DIE holding the selected
// byte (^0 when the selection is elsewhere).
func (a *App) selectedDIE(d *dwarfread.Data) uint64 {
	if !a.Sel.valid || a.Sel.Sec != dwarfcore.DebugInfo || d == nil {
		return ^uint64(0)
	}
	return dieAt(d, a.Sel.Off)
}

// dieAt is the offset of the DIE of .debug_info holding byte off (^0:
// none, a unit header or a null entry).
func dieAt(d *dwarfread.Data, off uint64) uint64 {
	for _, u := range d.Units {
		if u.Section != ".debug_info" || off < u.Off || off >= u.End {
			continue
		}
		best := ^uint64(0)
		for _, die := range u.DIEs {
			if die.Off > off {
				break
			}
			best = die.Off
			if die.Code == 0 {
				best = ^uint64(0)
			}
		}
		return best
	}
	return ^uint64(0)
}

// layoutTabHTML is the Layout tab: every structure, union and class of
// the page image in pahole's manner.
func (a *App) layoutTabHTML(b *Build) string {
	r := a.readOwn(b)
	head := el.New("b").Attr("title", "every structure, union and class of the page image's .debug_info, read back by dwarfread as dwarfscope inspect -layout reads any ELF file: offsets, sizes, bit fields, holes, trailing padding").
		Text("Type layout, pahole's manner").HTML()
	if r.err != nil {
		return toolsError(head, r.err.Error())
	}
	return LayoutsHTML(head, r.layouts, ownDIELink, a.selectedDIE(r.d), 300).String()
}

// inspectorLayoutHTML is the layout of the structure, union or class
// whose DIE the inspector shows (nothing when it shows none): the
// inspector draws it beside the DIE tree.
func (a *App) inspectorLayoutHTML(b *Build, dies []*dwarfread.Span) el.HTML {
	if a.Sel.Sec != dwarfcore.DebugInfo || len(dies) == 0 {
		return el.HTML{}
	}
	r := a.readOwn(b)
	if r.d == nil {
		return el.HTML{}
	}
	at := map[uint64]bool{}
	for _, d := range dies {
		if d.Kind == dwarfread.SpanDIE {
			at[d.Off] = true
		}
	}
	var w el.Builder
	for _, l := range r.layouts {
		if at[l.DIE] {
			inspLayout(&w, l, ownDIELink, a.selectedDIE(r.d))
		}
	}
	return w.HTML()
}
