package dwarfread

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
)

// Report is the annotated map of a file's debug information as one JSON
// object: what `dwarfscope inspect -json FILE` prints and what the page
// exports for a file opened in it (docs/map-json.md). WriteReportJSON
// writes it.
//
//	{
//	  "file": "prog.o",
//	  "elf": {"kind": "Elf64_Ehdr", "fields": [{"name": "e_type", "off": 16, "len": 2, "raw": 1, "value": "ET_REL"}, ...]},
//	  "sectionHeaders": [{"kind": "Elf64_Shdr", "name": ".debug_info", "off": ..., "fields": [...]}],
//	  "sections": [{"name": ".debug_info", "size": 700, "fileSize": 700, "compression": "",
//	                "problems": ["..."],
//	                "map": {"kind": "section", ...}}],   // Span, the schema of
//	                                                      // dwarfcore's map: one span of kind
//	                                                      // "die" per DIE, every byte once
//	  "relocs": [{"target": 12, "offset": 8, "typeName": "R_X86_64_32", "symName": ".debug_abbrev",
//	              "addend": 0, "record": {...}}],         // Span.Reloc indexes this list
//	  "problems": ["..."]
//	}
type Report struct {
	File           string      `json:"file"`
	ELF            Record      `json:"elf"`
	SectionHeaders []Record    `json:"sectionHeaders"`
	Relocs         []RelocInfo `json:"relocs"`
	Problems       []string    `json:"problems,omitempty"`
	// Sections comes last: WriteReportJSON writes it one section at a
	// time.
	Sections []ReportSection `json:"sections"`
}

// ReportSection is one debug section of a Report.
type ReportSection struct {
	Name        string   `json:"name"`
	Size        int      `json:"size"`
	FileSize    uint64   `json:"fileSize"`
	Compression string   `json:"compression,omitempty"`
	Problems    []string `json:"problems,omitempty"`
	Map         *Span    `json:"map"`
}

// WriteReportJSON writes the Report of d, whose file is named file, and a
// newline: the bytes json.Marshal of the whole Report gives, but each
// section's map streamed while it is built (WriteSectionMapJSON), so a
// big file's maps are never in memory at once.
func (d *Data) WriteReportJSON(w io.Writer, file string) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	head := Report{File: file, ELF: d.File.Header, Relocs: d.Relocs, Problems: d.Problems}
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
		sec := ReportSection{Name: s.Name, Size: len(s.Data), FileSize: s.RawSize,
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
