// Package explain holds short explanations of what a learner meets in the
// debug sections dwarfcore writes: unit header fields, tags, attributes,
// forms, line-number opcodes, range-list entries and the seed's own
// extensions, each with the section of the DWARF 5 standard that defines it.
//
// The explorer page shows them on hover and in its side panel; nothing else
// in the page knows what a DWARF name means.
package explain

import (
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// Entry is one explanation.
type Entry struct {
	// Name is the name it explains ("DW_AT_name", "unit_length").
	Name string
	// Text is one or two plain sentences.
	Text string
	// Section is the DWARF 5 section number ("7.5.1.1"); empty for the
	// seed's extensions that no standard defines.
	Section string
}

// Ref returns "DWARF 5 §N" or, for an extension, "Zig extension".
func (e Entry) Ref() string {
	if e.Section == "" {
		return "Zig extension (no standard section)"
	}
	return "DWARF 5 §" + e.Section
}

// Lookup returns the explanation of a name: a DW_ constant, a header field
// ("unit_length", "offsets[3]") or a structural word the map uses ("unit
// header", "padding", "slack").
func Lookup(name string) (Entry, bool) {
	if e, ok := table[name]; ok {
		return e, true
	}
	// "offsets[3]" → "offsets"; "DW_LNS_const_add_pc ×55" never happens,
	// but a trailing " (…)" or "[…]" qualifier may.
	if i := strings.Index(name, ": "); i > 0 {
		if e, ok := table[name[:i]]; ok {
			return e, true
		}
	}
	if i := strings.IndexAny(name, "[( "); i > 0 {
		if e, ok := table[name[:i]]; ok {
			return e, true
		}
	}
	return Entry{}, false
}

// ForSpan returns the explanations that apply to one span of the annotated
// map, most specific first: its attribute and form, its DIE's tag, its own
// name, and for a field whose value is a DW_ constant (an abbreviation's
// tag, an opcode) that constant.
func ForSpan(s *dwarfread.Span) []Entry {
	var out []Entry
	seen := map[string]bool{}
	add := func(name string) {
		if name == "" || seen[name] {
			return
		}
		seen[name] = true
		if e, ok := Lookup(name); ok {
			out = append(out, e)
		}
	}
	if s.Attr != nil {
		add(s.Attr.Attr)
		add(s.Attr.Form)
	}
	if s.DIE != nil {
		add(s.DIE.Tag)
	}
	add(s.Name)
	if strings.HasPrefix(s.Value, "DW_") {
		add(firstWord(s.Value))
	}
	add(string(s.Kind))
	return out
}

// Names lists every name the table explains (for tests and the page's
// glossary).
func Names() []string {
	names := make([]string, 0, len(table))
	for n := range table {
		names = append(names, n)
	}
	return names
}

func firstWord(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}
