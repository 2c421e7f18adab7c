package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

// InspectReport is what `dwarfscope inspect -json FILE` prints: one JSON
// object.
//
//	{
//	  "file": "prog.o",
//	  "elf": {"kind": "Elf64_Ehdr", "fields": [{"name": "e_type", "off": 16, "len": 2, "raw": 1, "value": "ET_REL"}, ...]},
//	  "sectionHeaders": [{"kind": "Elf64_Shdr", "name": ".debug_info", "off": ..., "fields": [...]}],
//	  "sections": [{"name": ".debug_info", "size": 700, "fileSize": 700, "compression": "",
//	                "problems": ["..."],
//	                "map": {"kind": "section", ...}}],   // dwarfread.Span, the schema of
//	                                                      // dwarfcore's map: one span of kind
//	                                                      // "die" per DIE, every byte once
//	  "relocs": [{"target": 12, "offset": 8, "typeName": "R_X86_64_32", "symName": ".debug_abbrev",
//	              "addend": 0, "record": {...}}],         // Span.Reloc indexes this list
//	  "problems": ["..."]
//	}
type InspectReport struct {
	File           string                `json:"file"`
	ELF            dwarfread.Record      `json:"elf"`
	SectionHeaders []dwarfread.Record    `json:"sectionHeaders"`
	Relocs         []dwarfread.RelocInfo `json:"relocs"`
	Problems       []string              `json:"problems,omitempty"`
	// Sections comes last: inspect writes it one section at a time.
	Sections []InspectSection `json:"sections"`
}

// InspectSection is one debug section of an inspected file.
type InspectSection struct {
	Name        string          `json:"name"`
	Size        int             `json:"size"`
	FileSize    uint64          `json:"fileSize"`
	Compression string          `json:"compression,omitempty"`
	Problems    []string        `json:"problems,omitempty"`
	Map         *dwarfread.Span `json:"map"`
}

func inspect(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the annotated map as JSON (see InspectReport)")
	layout := fs.Bool("layout", false, "print the layout of every structure, union and class in pahole's manner (with -json: as JSON)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dwarfscope inspect [-json] [-layout] FILE\n\nRead any ELF file (32/64-bit, either byte order, object, executable or\nshared object) and print its DWARF 2-5 debug information: the ELF header,\nthe debug sections (decompressed, relocations applied), every unit and DIE\nas llvm-dwarfdump names them, the relocation records against debug\nsections, and what could not be decoded.\n\nOptions:\n")
		fs.PrintDefaults()
	}
	path, d, code, ok := readELFArg(fs, args, stderr)
	if !ok {
		return code
	}
	if *layout {
		layouts := d.Layouts()
		if *asJSON {
			if err := json.NewEncoder(stdout).Encode(layouts); err != nil {
				fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
				return 2
			}
			return 0
		}
		for _, l := range layouts {
			dwarfread.PrintLayout(stdout, l)
		}
		return 0
	}
	if *asJSON {
		if err := writeInspectJSON(stdout, path, d); err != nil {
			fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
			return 2
		}
		return 0
	}
	printInspect(stdout, path, d)
	return 0
}

// printInspect prints the text form of inspect.
func printInspect(w io.Writer, path string, d *dwarfread.Data) {
	f := d.File
	class := "ELF32"
	if f.Is64 {
		class = "ELF64"
	}
	fmt.Fprintf(w, "%s: %s %s %s %s\n", path, class, f.Order, f.Type, f.Machine)
	fmt.Fprintln(w, "\ndebug sections:")
	for _, s := range d.Sections {
		comp := ""
		if s.Compression != "" {
			comp = fmt.Sprintf(" (%s, %d bytes in the file)", s.Compression, s.RawSize)
		}
		fmt.Fprintf(w, "  %-20s %8d bytes%s\n", s.Name, len(s.Data), comp)
		for _, p := range s.Problems {
			fmt.Fprintf(w, "    problem: %s\n", p)
		}
	}
	for _, u := range d.Units {
		fmt.Fprintf(w, "\n%s 0x%08x: %s, version %d, address_size %d, abbrev 0x%x, next unit at 0x%08x\n",
			u.Section, u.Off, u.Type, u.Version, u.AddrSize, u.AbbrevOff, u.End)
		ctx := d.Context(u)
		for _, die := range u.DIEs {
			indent := strings.Repeat("  ", die.Depth)
			if die.Code == 0 {
				fmt.Fprintf(w, "0x%08x: %sNULL\n", die.Off, indent)
				continue
			}
			fmt.Fprintf(w, "0x%08x: %s%s\n", die.Off, indent, die.Tag.String())
			for _, a := range die.Attrs {
				fmt.Fprintf(w, "            %s  %s [%s] (%s)\n", indent, a.Attr.String(), a.Form.String(),
					dwarfread.AttrText(a.Attr, a.Value, ctx))
			}
		}
		if u.Err != nil {
			fmt.Fprintf(w, "  stopped: %v\n", u.Err)
		}
	}
	if len(d.Relocs) > 0 {
		fmt.Fprintln(w, "\nrelocations against debug sections:")
		fmt.Fprintf(w, "  %-16s %-12s %-24s %-28s %s\n", "section", "offset", "type", "symbol", "addend")
		for _, r := range d.Relocs {
			add := "(in place)"
			if r.HasAddend {
				add = fmt.Sprintf("%+d", r.Addend)
			}
			fmt.Fprintf(w, "  %-16s 0x%-10x %-24s %-28s %s\n", f.Sections[r.Target].Name, r.Offset, r.TypeName, r.SymName, add)
		}
	}
	for _, p := range d.Problems {
		fmt.Fprintf(w, "problem: %s\n", p)
	}
}

// writeInspectJSON writes the InspectReport of d one section map at a
// time, each streamed while it is built (dwarfread.WriteSectionMapJSON),
// so a big file's maps are never in memory at once.
func writeInspectJSON(w io.Writer, path string, d *dwarfread.Data) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	head := InspectReport{File: path, ELF: d.File.Header, Relocs: d.Relocs, Problems: d.Problems}
	for _, s := range d.File.Sections {
		head.SectionHeaders = append(head.SectionHeaders, s.Header)
	}
	b, err := json.Marshal(head)
	if err != nil {
		return err
	}
	// everything but the sections, then the sections one by one
	b = bytes.TrimSuffix(b, []byte("}"))
	b = bytes.Replace(b, []byte(`"sections":null`), []byte(`"sections":[`), 1)
	bw.Write(b)
	for i, s := range d.Sections {
		if i > 0 {
			bw.WriteByte(',')
		}
		sec := InspectSection{Name: s.Name, Size: len(s.Data), FileSize: s.RawSize,
			Compression: s.Compression, Problems: s.Problems}
		b, err := json.Marshal(sec)
		if err != nil {
			return err
		}
		// "map":null} → "map": the span tree, streamed as it is built
		b = bytes.TrimSuffix(b, []byte("null}"))
		bw.Write(b)
		if err := d.WriteSectionMapJSON(bw, s); err != nil {
			return err
		}
		bw.WriteByte('}')
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}
