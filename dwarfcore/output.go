package dwarfcore

import (
	"context"
	"fmt"

	"github.com/dwarfscope/dwarfscope/dwarfcore/internal/bytewriter"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
)

// The emitter's public output: the laid-out sections and their
// relocation records (Output, Reloc), for one Update (Dwarf.Output) or a
// one-shot build (Emit).

// Output lays out the current state: resolves every relocation record
// into the section bytes and returns copies of the sections, the records
// and the annotated map. Outputs never change once returned, so a later
// Output may share with an earlier one the sections nothing wrote since,
// and the list of records when it is the same.
func (d *Dwarf) Output() (*Output, error) { return d.output(true) }

// output is Output; without copy the sections are the emitter's own
// buffers, for a Dwarf that is discarded afterwards (Emit).
func (d *Dwarf) output(copySections bool) (*Output, error) {
	var relocs []Reloc
	var err error
	if copySections {
		relocs, err = d.outputRelocs()
	} else {
		relocs, err = d.resolveRelocs()
	}
	if err != nil {
		return nil, err
	}
	o := &Output{Relocs: relocs, Options: d.opts, layout: d.layout}
	if o.LLDBFormatters, err = d.lldbFormatters(); err != nil {
		return nil, err
	}
	for id := range NumSections {
		c := d.sections[id].contents()
		switch prev := d.out.sections[id]; {
		case !copySections:
			if len(c) > 0 {
				o.Sections[id] = c[:len(c):len(c)]
			}
		case d.out.haveSections && !d.log.touched[id] && len(prev) == len(c):
			o.Sections[id] = prev
		default:
			o.Sections[id] = append([]byte(nil), c...)
		}
		o.Align[id] = d.sections[id].align
	}
	if copySections {
		d.out.sections, d.out.haveSections = o.Sections, true
		d.log.touched = [NumSections]bool{}
	}
	if d.opts.Annotate {
		o.Layout = d.Layout()
	}
	return o, nil
}

// Emit is a fresh build: New(opts), Update(prog, code), Output().
func Emit(prog *lang.Program, code []FuncCode, opts Options) (*Output, error) {
	return EmitContext(context.Background(), prog, code, opts)
}

// EmitContext is Emit stopped once ctx is done (Dwarf.UpdateContext).
func EmitContext(ctx context.Context, prog *lang.Program, code []FuncCode, opts Options) (*Output, error) {
	d, err := New(opts)
	if err != nil {
		return nil, err
	}
	d.SetKeepLog(false)
	d.SetCaching(false)
	if err := d.UpdateContext(ctx, prog, code); err != nil {
		return nil, err
	}
	return d.output(false)
}

// Output is the laid-out debug information.
type Output struct {
	// Sections holds the bytes of each debug section. Cross-entry,
	// cross-unit and cross-section relocations hold their resolved value;
	// External ones hold the addend alone (symbol value 0).
	Sections [NumSections][]byte
	// Align is each section's required alignment (sh_addralign).
	Align [NumSections]int
	// Relocs lists every relocation record with absolute section offsets,
	// sorted by section and offset.
	Relocs []Reloc
	// Layout is where every unit and entry of Sections is (what package
	// annotate needs to say what every byte is); nil unless
	// Options.Annotate was set.
	Layout *Layout
	// Options are the options the output was emitted with.
	Options Options
	// LLDBFormatters is the contents of a .lldbformatters section
	// (package lldbfmt) that the program's executable and object carry
	// beside the debug sections, or nil: under the portable profile, the
	// summaries that make lldb-22 show narrow signed integers of base
	// types named _BitInt(N) right (baseTypeName).
	LLDBFormatters []byte

	layout bytewriter.Layout
}

// Relocate rewrites the bytes of every External relocation with
// value(r): the final address (or, for TLS records, the DTPOFF) of the
// symbol plus the addend. Cross-section records already hold their final
// value. The sections it writes are copied first (outputs of one Dwarf
// may share sections).
func (o *Output) Relocate(value func(r Reloc) uint64) {
	var copied [NumSections]bool
	for _, r := range o.Relocs {
		if r.Kind != External {
			continue
		}
		if !copied[r.Section] {
			o.Sections[r.Section] = append([]byte(nil), o.Sections[r.Section]...)
			copied[r.Section] = true
		}
		b := o.Sections[r.Section]
		o.layout.PutUint(b[r.Offset:r.Offset+uint64(r.Size)], value(r))
	}
}

// RelocKind classifies a relocation record as the seed does.
type RelocKind uint8

// The relocation kinds.
const (
	// CrossEntry: a reference from one entry to another of the same unit.
	CrossEntry RelocKind = iota
	// CrossUnit: to an entry or header of another unit of the section.
	CrossUnit
	// CrossSection: an offset into another section (DW_FORM_strp,
	// DW_AT_stmt_list, ...).
	CrossSection
	// External: the address of a symbol (DW_AT_low_pc, DW_OP_addr, ...).
	External
)

// String names the kind.
func (k RelocKind) String() string {
	switch k {
	case CrossEntry:
		return "cross-entry"
	case CrossUnit:
		return "cross-unit"
	case CrossSection:
		return "cross-section"
	case External:
		return "external"
	}
	return fmt.Sprintf("RelocKind(%d)", k)
}

// Reloc is one resolved relocation: Size bytes at Offset in Section hold
// either TargetOffset, an offset into TargetSection (the cross kinds), or
// the address of Symbol plus Addend (External).
type Reloc struct {
	Kind    RelocKind
	Section SectionID
	Offset  uint64
	Size    int

	TargetSection SectionID
	TargetOffset  uint64

	// Symbol is the linker symbol of an External reloc; TLS says the value
	// is the symbol's offset in the thread-local block (DTPOFF).
	Symbol string
	Addend int64
	TLS    bool
}

// Target names what r points at: "section+0xoffset" for the cross kinds,
// "symbol+addend" for an External one, with " (DTPOFF)" when the value is
// the symbol's offset in the thread-local block.
func (r Reloc) Target() string {
	if r.Kind != External {
		return fmt.Sprintf("%s+0x%x", r.TargetSection.Name(), r.TargetOffset)
	}
	s := fmt.Sprintf("%s%+d", r.Symbol, r.Addend)
	if r.TLS {
		s += " (DTPOFF)"
	}
	return s
}
