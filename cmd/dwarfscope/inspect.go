package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
)

func inspect(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the annotated map as JSON (see dwarfread.Report)")
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
		if err := d.WriteReportJSON(stdout, path); err != nil {
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
