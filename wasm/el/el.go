// Package el builds the page's HTML (and the section map's SVG) from
// typed elements: text and attribute values are escaped when they are
// written, so no value can become markup. Markup comes only from this
// package: an element's output is an HTML value, which can be nested in
// another element as is, and HTML values are made only by elements and
// Builders.
//
// Two ways to build the same markup:
//
//   - Element is a tree, for small views:
//     el.New("div").Class("err").Attr("data-line", "3").Text(msg).HTML()
//
//   - Builder writes elements in document order straight into one buffer,
//     for the views rebuilt per keystroke (hex rows, map bars, tables):
//     numbers are written without intermediate strings, and a whole view
//     costs one growing buffer, returned as its string without a copy.
//
//     var b el.Builder
//     b.Open("tr").Attr("data-sec", sec).AttrUint("data-off", off)
//     b.Open("td").Class("off").Text("0x").Hex(off).Close()
//     b.Close()
//     return b.HTML()
//
// Inside an svg element (or in a Builder made for SVG content with SVG),
// elements without content are written self-closed (<rect …/>), as the
// HTML parser reads them in SVG; elsewhere an element always gets its end
// tag, except the void elements (br, input, …), which have none.
package el

import (
	"strconv"
	"strings"
)

// Node is what an element holds: text, elements, or HTML from elements.
type Node interface {
	writeTo(b *Builder)
}

// Text is a text node; it is escaped when written.
type Text string

func (t Text) writeTo(b *Builder) { b.Text(string(t)) }

// HTML is markup written by this package (an element's or a Builder's
// HTML method).
type HTML struct{ s string }

// String returns the markup.
func (h HTML) String() string { return h.s }

func (h HTML) writeTo(b *Builder) { b.Add(h) }

// Join concatenates markup.
func Join(parts ...HTML) HTML {
	var sb strings.Builder
	for _, p := range parts {
		sb.WriteString(p.s)
	}
	return HTML{sb.String()}
}

type attr struct{ name, value string }

// Element is one HTML element, built as a tree and written by HTML.
type Element struct {
	tag   string
	attrs []attr
	kids  []Node
}

// New starts an element; tag is a constant of the caller ("div").
func New(tag string) *Element { return &Element{tag: tag} }

// validName reports whether s may be an attribute or tag name as written
// by this package: letters, digits and '-'.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Attr sets an attribute; an invalid name is dropped.
func (e *Element) Attr(name, value string) *Element {
	if validName(name) {
		e.attrs = append(e.attrs, attr{name, value})
	}
	return e
}

// AttrInt sets an attribute to a decimal number.
func (e *Element) AttrInt(name string, v int64) *Element {
	return e.Attr(name, strconv.FormatInt(v, 10))
}

// Class sets the class attribute.
func (e *Element) Class(c string) *Element { return e.Attr("class", c) }

// Text appends a text node.
func (e *Element) Text(s string) *Element {
	e.kids = append(e.kids, Text(s))
	return e
}

// Add appends nodes.
func (e *Element) Add(nodes ...Node) *Element {
	e.kids = append(e.kids, nodes...)
	return e
}

// HTML writes the element.
func (e *Element) HTML() HTML {
	var b Builder
	e.writeTo(&b)
	return b.HTML()
}

func (e *Element) writeTo(b *Builder) {
	b.Open(e.tag)
	for _, a := range e.attrs {
		b.Attr(a.name, a.value)
	}
	for _, k := range e.kids {
		k.writeTo(b)
	}
	b.Close()
}

// Builder writes elements in document order into one buffer. Open starts
// an element, its attributes follow (Attr, Class, AttrInt, …, or a value
// written in pieces between AttrStart and AttrEnd), then its content
// (Text and the number writers, Open of a child, Add of built markup),
// and Close ends it. Attributes given after an element's content has
// started are dropped, as are attributes with an invalid name; an
// element with an invalid tag name is written with nothing inside it:
// neither can turn a value into markup. The zero Builder is ready to use.
type Builder struct {
	sb strings.Builder
	// open are the tags of the open elements, innermost last, and
	// stack the first ones' storage.
	open  []string
	stack [16]string
	// inTag: the innermost element's start tag is not finished ('>'
	// not written); inAttr: an attribute value is open (AttrStart).
	inTag, inAttr bool
	// svg counts the open svg elements, plus one for an SVG builder:
	// above zero, empty elements are self-closed.
	svg int
	// skip counts the open elements inside one with an invalid tag:
	// above zero, nothing is written.
	skip int
}

// SVG makes b write SVG content (a part of a drawing patched into an svg
// element): elements without content are written self-closed. Call it
// before writing.
func (b *Builder) SVG() *Builder {
	b.svg++
	return b
}

// Grow makes room for n more bytes (the expected size of the view).
func (b *Builder) Grow(n int) { b.sb.Grow(n) }

// Len is the number of bytes written.
func (b *Builder) Len() int { return b.sb.Len() }

// Open starts an element with tag (a constant of the caller, "div").
func (b *Builder) Open(tag string) *Builder {
	if b.skip > 0 || !validName(tag) {
		b.skip++
		return b
	}
	b.endStartTag()
	if b.open == nil {
		b.open = b.stack[:0]
	}
	b.open = append(b.open, tag)
	if tag == "svg" {
		b.svg++
	}
	b.sb.WriteByte('<')
	b.sb.WriteString(tag)
	b.inTag = true
	return b
}

// endStartTag finishes the innermost start tag before its content.
func (b *Builder) endStartTag() {
	b.AttrEnd()
	if b.inTag {
		b.sb.WriteByte('>')
		b.inTag = false
	}
}

// attrName starts attribute name's value, reporting whether it may be
// written (right after Open, with a valid name).
func (b *Builder) attrName(name string) bool {
	b.AttrEnd()
	if b.skip > 0 || !b.inTag || !validName(name) {
		return false
	}
	b.sb.WriteByte(' ')
	b.sb.WriteString(name)
	b.sb.WriteString(`="`)
	return true
}

// Attr writes an attribute of the element just opened.
func (b *Builder) Attr(name, value string) *Builder {
	if b.attrName(name) {
		b.escape(value)
		b.sb.WriteByte('"')
	}
	return b
}

// Class writes the class attribute.
func (b *Builder) Class(c string) *Builder { return b.Attr("class", c) }

// AttrInt writes an attribute whose value is v in decimal.
func (b *Builder) AttrInt(name string, v int64) *Builder {
	if b.attrName(name) {
		b.writeInt(v)
		b.sb.WriteByte('"')
	}
	return b
}

// AttrUint writes an attribute whose value is v in decimal.
func (b *Builder) AttrUint(name string, v uint64) *Builder {
	if b.attrName(name) {
		b.writeUint(v)
		b.sb.WriteByte('"')
	}
	return b
}

// AttrFloat writes an attribute whose value is v as Float writes it.
func (b *Builder) AttrFloat(name string, v float64, prec int) *Builder {
	if b.attrName(name) {
		b.writeFloat(v, prec)
		b.sb.WriteByte('"')
	}
	return b
}

// AttrBool writes an attribute whose value is "true" or "false" (as
// aria-pressed and aria-checked take).
func (b *Builder) AttrBool(name string, v bool) *Builder {
	return b.Attr(name, strconv.FormatBool(v))
}

// AttrStart starts an attribute whose value the next Text and number
// writers build in pieces, until AttrEnd (or the next attribute or
// content): b.AttrStart("d").Text("M").Float(x, 1).AttrEnd().
func (b *Builder) AttrStart(name string) *Builder {
	if b.attrName(name) {
		b.inAttr = true
	}
	return b
}

// AttrEnd ends the value AttrStart started; otherwise it does nothing.
func (b *Builder) AttrEnd() *Builder {
	if b.inAttr {
		b.sb.WriteByte('"')
		b.inAttr = false
	}
	return b
}

// content reports whether text may be written now, finishing the start
// tag unless an attribute value is open.
func (b *Builder) content() bool {
	if b.skip > 0 {
		return false
	}
	if !b.inAttr {
		b.endStartTag()
	}
	return true
}

// Text writes s escaped: as content of the innermost element, or into the
// attribute value AttrStart opened.
func (b *Builder) Text(s string) *Builder {
	if b.content() {
		b.escape(s)
	}
	return b
}

// Int writes v in decimal (as content or into an open attribute value).
func (b *Builder) Int(v int64) *Builder {
	if b.content() {
		b.writeInt(v)
	}
	return b
}

func (b *Builder) writeInt(v int64) {
	var d [24]byte
	b.sb.Write(strconv.AppendInt(d[:0], v, 10))
}

// Uint writes v in decimal.
func (b *Builder) Uint(v uint64) *Builder {
	if b.content() {
		b.writeUint(v)
	}
	return b
}

func (b *Builder) writeUint(v uint64) {
	var d [24]byte
	b.sb.Write(strconv.AppendUint(d[:0], v, 10))
}

// Hex writes v in lower-case hexadecimal, without a prefix (fmt's %x).
func (b *Builder) Hex(v uint64) *Builder { return b.HexPad(v, 0) }

// HexPad writes v in lower-case hexadecimal with at least width digits,
// zero-padded (fmt's %0*x).
func (b *Builder) HexPad(v uint64, width int) *Builder {
	if b.content() {
		var d [24]byte
		h := strconv.AppendUint(d[:0], v, 16)
		for i := len(h); i < width; i++ {
			b.sb.WriteByte('0')
		}
		b.sb.Write(h)
	}
	return b
}

// Float writes v with prec digits after the point (fmt's %.*f), or, for
// prec < 0, in the shortest form that reads back as v (fmt's %g).
func (b *Builder) Float(v float64, prec int) *Builder {
	if b.content() {
		b.writeFloat(v, prec)
	}
	return b
}

func (b *Builder) writeFloat(v float64, prec int) {
	var d [32]byte
	if prec < 0 {
		b.sb.Write(strconv.AppendFloat(d[:0], v, 'g', -1, 64))
	} else {
		b.sb.Write(strconv.AppendFloat(d[:0], v, 'f', prec, 64))
	}
}

// Add writes markup built by this package as content.
func (b *Builder) Add(h HTML) *Builder {
	if b.skip == 0 && h.s != "" {
		b.endStartTag()
		b.sb.WriteString(h.s)
	}
	return b
}

// Elem writes the element tree e as content.
func (b *Builder) Elem(e *Element) *Builder {
	e.writeTo(b)
	return b
}

// Close ends the innermost open element; without one it does nothing.
func (b *Builder) Close() *Builder {
	if b.skip > 0 {
		b.skip--
		return b
	}
	if len(b.open) == 0 {
		return b
	}
	b.AttrEnd()
	tag := b.open[len(b.open)-1]
	b.open = b.open[:len(b.open)-1]
	empty := b.inTag
	b.inTag = false
	switch {
	case b.svg > 0 && empty:
		b.sb.WriteString("/>")
	case empty:
		b.sb.WriteByte('>')
		if void(tag) {
			break
		}
		fallthrough
	default:
		b.sb.WriteString("</")
		b.sb.WriteString(tag)
		b.sb.WriteByte('>')
	}
	if tag == "svg" {
		b.svg--
	}
	return b
}

// void reports whether tag is an HTML element without end tag.
func void(tag string) bool {
	switch tag {
	case "br", "hr", "img", "input", "meta", "link", "col", "wbr":
		return true
	}
	return false
}

// HTML closes every open element and returns the markup written.
func (b *Builder) HTML() HTML {
	for len(b.open) > 0 || b.skip > 0 {
		b.Close()
	}
	return HTML{b.sb.String()}
}

// String is b.HTML().String().
func (b *Builder) String() string { return b.HTML().s }

// escape writes s with <, >, &, ' and " escaped (as html.EscapeString),
// copying unescaped runs whole.
func (b *Builder) escape(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		case '&':
			r = "&amp;"
		case '"':
			r = "&#34;"
		case '\'':
			r = "&#39;"
		default:
			continue
		}
		b.sb.WriteString(s[last:i])
		b.sb.WriteString(r)
		last = i + 1
	}
	b.sb.WriteString(s[last:])
}
