// Package el builds the page's HTML from typed elements: text and
// attribute values are escaped when the element is written, so no value
// can become markup. An element's output is an HTML value, which can be
// nested in another element as is: HTML values come only from elements,
// so they are markup this package wrote.
//
//	el.New("div").Class("err").Attr("data-line", "3").Text(msg).HTML()
package el

import (
	"html"
	"strconv"
	"strings"
)

// Node is what an element holds: text, elements, or HTML from elements.
type Node interface {
	writeTo(sb *strings.Builder)
}

// Text is a text node; it is escaped when written.
type Text string

func (t Text) writeTo(sb *strings.Builder) { sb.WriteString(html.EscapeString(string(t))) }

// HTML is markup written by this package (an element's HTML method).
type HTML struct{ s string }

// String returns the markup.
func (h HTML) String() string { return h.s }

func (h HTML) writeTo(sb *strings.Builder) { sb.WriteString(h.s) }

// Join concatenates markup.
func Join(parts ...HTML) HTML {
	var sb strings.Builder
	for _, p := range parts {
		sb.WriteString(p.s)
	}
	return HTML{sb.String()}
}

type attr struct{ name, value string }

// Element is one HTML element.
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
	var sb strings.Builder
	e.writeTo(&sb)
	return HTML{sb.String()}
}

func (e *Element) writeTo(sb *strings.Builder) {
	if !validName(e.tag) {
		return
	}
	sb.WriteByte('<')
	sb.WriteString(e.tag)
	for _, a := range e.attrs {
		sb.WriteByte(' ')
		sb.WriteString(a.name)
		sb.WriteString(`="`)
		sb.WriteString(html.EscapeString(a.value))
		sb.WriteByte('"')
	}
	sb.WriteByte('>')
	for _, k := range e.kids {
		k.writeTo(sb)
	}
	switch e.tag {
	case "br", "hr", "img", "input", "meta", "link", "col", "wbr":
		return
	}
	sb.WriteString("</")
	sb.WriteString(e.tag)
	sb.WriteByte('>')
}
