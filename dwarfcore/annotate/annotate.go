// Package annotate is the byte map of the debug sections dwarfcore
// emits: for every section a tree of spans (dwarfread.Span) whose leaves
// say what each byte is — unit headers field by field, entries DIE by DIE
// and attribute by attribute, line programs opcode by opcode with the
// rows they append, padding, trailers, slack — and which relocation
// record applies where.
//
// A map is built only from the emitter's public output: the section
// bytes and relocation records of a dwarfcore.Output, the
// dwarfcore.Layout of its units and entries, and the Options it was
// emitted with. The abbreviation table and the line program headers are
// read from the bytes and every value is named with package dwarfread,
// so nothing here depends on how the emitter works inside.
package annotate

import (
	"encoding/binary"
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// Map is the annotated map of the debug sections: for every section a
// tree of spans whose leaves say what each byte is.
type Map struct {
	Sections [dwarfcore.NumSections]*dwarfread.Span `json:"sections"`
}

// Annotation is the annotated map of one Output, decoded on demand: a
// section when it is first asked for, an entry's contents (DIEs,
// attributes, opcodes, fields) when first expanded. The explorer page
// shows a few entries of a big program after every edit; decoding every
// byte of every section for it would cost more than the edit itself.
// An Annotation is not safe for concurrent use.
type Annotation struct {
	a     *annotator
	roots [dwarfcore.NumSections]*dwarfread.Span
}

// New returns the on-demand annotated map of out, whose units and
// entries lay where lay says: out.Layout (Options.Annotate), or the
// emitter's Layout() taken when out was its latest Output. Both stay
// valid after the emitter's next Update. Every section of lay must have
// the size of out's.
func New(out *dwarfcore.Output, lay *dwarfcore.Layout) (*Annotation, error) {
	if lay == nil {
		return nil, fmt.Errorf("annotate: no layout (set dwarfcore.Options.Annotate, or pass the emitter's Layout())")
	}
	if len(lay.Sections) != int(dwarfcore.NumSections) {
		return nil, fmt.Errorf("annotate: the layout has %d sections, want %d", len(lay.Sections), dwarfcore.NumSections)
	}
	for id := range dwarfcore.NumSections {
		if s := lay.Sections[id]; s.ID != id || s.Size != uint64(len(out.Sections[id])) {
			return nil, fmt.Errorf("annotate: %s has %d bytes, the layout's %d: not the layout of this output", id.Name(), len(out.Sections[id]), s.Size)
		}
	}
	return &Annotation{a: newAnnotator(out, lay)}, nil
}

// Relocated returns an Annotation of the same layout that decodes
// sections instead of the Output's bytes: the debug sections as a reader
// sees them once relocations are applied (as a linker wrote them into an
// executable, or as dwarfread.ApplyRelocations applies them to an
// object's). Every section must have the Output's size; a nil one keeps
// the Output's bytes. The emitter's knowledge (whose entry, whose
// padding) stays; the values decoded (addresses in DW_OP_addr,
// DW_AT_low_pc, DW_LNE_set_address) become the ones a debugger reads.
func (an *Annotation) Relocated(sections [dwarfcore.NumSections][]byte) (*Annotation, error) {
	o := *an.a.o
	for id := range dwarfcore.NumSections {
		if sections[id] == nil {
			continue
		}
		if len(sections[id]) != len(o.Sections[id]) {
			return nil, fmt.Errorf("annotate: relocated %s has %d bytes, the output %d", id.Name(), len(sections[id]), len(o.Sections[id]))
		}
		o.Sections[id] = sections[id]
	}
	return &Annotation{a: newAnnotator(&o, an.a.lay)}, nil
}

// Section returns the map of section id: its root span with the units,
// unit headers, padding, trailers, slack and strings decoded, and one
// span per entry whose Children are decoded by Expand. The same root is
// returned every time.
func (an *Annotation) Section(id dwarfcore.SectionID) *dwarfread.Span {
	if id >= dwarfcore.NumSections {
		return nil
	}
	if an.roots[id] == nil {
		an.roots[id] = an.a.section(id, false)
	}
	return an.roots[id]
}

// Expand decodes the contents of s, an entry span of section id's map
// (Section), into s.Children, unless that was done already. Other spans
// are left as they are.
func (an *Annotation) Expand(id dwarfcore.SectionID, s *dwarfread.Span) {
	if s == nil || s.Kind != dwarfread.SpanEntry || len(s.Children) > 0 || s.Len == 0 || id >= dwarfcore.NumSections {
		return
	}
	data := an.a.o.Sections[id]
	if s.Off+s.Len > uint64(len(data)) || s.Off+s.Len < s.Off {
		return
	}
	an.a.entry(id, s, data[s.Off:s.Off+s.Len], s.Off)
}

// LineTable is one unit of .debug_line replayed by the line-number state
// machine from the section's bytes: its header, every opcode with what it
// did, and the rows, each linked to the opcode that appended it. Err says
// where the replay stopped if the bytes are malformed.
type LineTable struct {
	Off   uint64
	Table *dwarfread.LineTable
	Err   error
}

// LineTables replays every unit of .debug_line, in section order. The
// rows are the ones the bytes produce (what a debugger and
// llvm-dwarfdump --debug-line see), not the ones code generation
// reported.
func (an *Annotation) LineTables() []LineTable {
	var out []LineTable
	for _, u := range an.a.lay.Sections[dwarfcore.DebugLine].Units {
		if u.Slot == 0 {
			continue
		}
		lr := an.a.lineReplay(u.Off)
		out = append(out, LineTable{Off: u.Off, Table: lr.table, Err: lr.err})
	}
	return out
}

// Map returns the whole map, every entry expanded.
func (an *Annotation) Map() *Map {
	m := &Map{}
	for id := range dwarfcore.NumSections {
		root := an.Section(id)
		for _, u := range root.Children {
			for _, e := range u.Children {
				an.Expand(id, e)
			}
		}
		m.Sections[id] = root
	}
	return m
}

// EmptyReason says why section id of an Output has no bytes; the map's
// root span of an empty section carries it as its Value.
func EmptyReason(id dwarfcore.SectionID) string {
	switch id {
	case dwarfcore.DebugLoclists:
		return "empty: every variable's location is one expression valid over its whole scope (DW_FORM_exprloc in .debug_info), so no location lists are written; an empty list table nobody references would make readelf and objdump report an error, so the ELF file has no .debug_loclists section"
	case dwarfcore.DebugRnglists:
		return "empty: the program has no code, so no unit has address ranges"
	case dwarfcore.DebugAranges:
		return "empty: the program has no code or data addresses to index"
	case dwarfcore.DebugStr, dwarfcore.DebugLineStr:
		return "empty: no strings are referenced"
	}
	return "empty: the program has nothing to describe in this section"
}

// getUint reads the 1-, 2-, 4- or 8-byte value b in order (0 for other
// sizes).
func getUint(order binary.ByteOrder, b []byte) uint64 {
	switch len(b) {
	case 1:
		return uint64(b[0])
	case 2:
		return uint64(order.Uint16(b))
	case 4:
		return uint64(order.Uint32(b))
	case 8:
		return order.Uint64(b)
	}
	return 0
}
