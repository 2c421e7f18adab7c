package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// LayoutReport is what `dwarfscope layout -json` prints: one JSON object.
//
//	{
//	  "steps": [            // one per version, in order
//	    {"file": "v1.zig",
//	     "error": "...",    // the front end's errors; the image is unchanged
//	     "step": {          // linkcore.Step, absent on error
//	       "index": 0,
//	       "debug": {       // dwarfcore.UpdateLog
//	         "writes": [{"section": 2, "off": 0, "len": 30, "kind": "entry", "unit": 0, "entry": 5}],
//	         "moves":  [{"section": 2, "unit": 0, "entry": 5, "from": 40, "to": 120, "len": 45}],
//	         "trims":  [{"section": 2, "n": 64}],
//	         "edits":  [{"section": 2, "sectionName": ".debug_info", "unit": 0, "entry": 5,
//	                     "name": "declaration v1.S", "action": "moved",   // added | in place | moved |
//	                     "oldOff": 40, "oldLen": 30, "newOff": 120, "newLen": 45, "bytes": 47}], // padded | freed | line | header
//	         "stats":  {"entriesWritten": 3, "entriesUnchanged": 40, "entriesEmptied": 0, "entriesMoved": 1,
//	                    "unitsMoved": 0, "writes": 9, "bytesWritten": 120, "sizes": [..8..], "sectionBytes": [..8..]},
//	         "diff":   {"added": 0, "changed": 1, "unchanged": 30, "lineOnly": 2, "removed": 0,
//	                    "typesEncoded": 1, "typesUnchanged": 20}},
//	       "sections": [{"name": ".debug_info", "off": 1024, "size": 700, "slot": 933, "bytes": 47,
//	                     "state": "in place"}],               // new | moved | in place | unchanged | removed
//	       "moves": [{"name": ".debug_str", "oldOff": 0, "oldSlot": 0, "newOff": 0, "newSlot": 0, "size": 0}],
//	       "bytesWritten": 131, "imageSize": 9000, "relocsChanged": 3}}],
//	  "layout": {"sections": [      // dwarfcore.Layout of the final state
//	    {"id": 2, "name": ".debug_info", "size": 700, "units": [
//	      {"index": 0, "label": "module root", "off": 0, "len": 690, "slot": 700, "headerLen": 40, "trailerLen": 2,
//	       "entries": [{"index": 0, "name": "file v1", "off": 40, "len": 20, "slot": 26, "padding": 6, "relocs": 2}]}]}]},
//	  "file": [{"Index": 1, "Name": ".text", "Type": 1, "Flags": 6, "Offset": 64, "Size": 10, "Slot": 13,
//	            "Align": 16, "Link": 0, "Info": 0}],            // linkcore.SectionInfo, the image's file map
//	  "relocations": [{"Kind": 0, "Section": 2, "Offset": 50, "Size": 4, "TargetSection": 2,
//	                   "TargetOffset": 90, "Symbol": "", "Addend": 0, "TLS": false}], // dwarfcore.Reloc
//	  "check": {"equal": true, "diff": ""}                      // only with -check
//	}
type LayoutReport struct {
	Steps       []LayoutStep           `json:"steps"`
	Layout      *dwarfcore.Layout      `json:"layout,omitempty"`
	File        []linkcore.SectionInfo `json:"file,omitempty"`
	Relocations []dwarfcore.Reloc      `json:"relocations,omitempty"`
	Check       *LayoutCheck           `json:"check,omitempty"`
}

// LayoutStep is one version applied as an edit.
type LayoutStep struct {
	File  string         `json:"file"`
	Error string         `json:"error,omitempty"`
	Step  *linkcore.Step `json:"step,omitempty"`
}

// LayoutCheck compares the final incremental image with a fresh build.
type LayoutCheck struct {
	Equal bool   `json:"equal"`
	Diff  string `json:"diff"`
}

func layout(args []string, stdout, stderr io.Writer) int {
	fs, bf := newBuildFlags("layout", stderr)
	out := fs.String("o", "", "write the final incremental image to `OUT` (never one of the versions)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	check := fs.Bool("check", false, "also build the last version from scratch and report any difference")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: dwarfscope layout [options] V1.zig [V2.zig ...] [-o OUT] [-json] [-check]\n\nOptions:\n")
		fs.PrintDefaults()
	}
	// Flags may come before, between or after the files.
	var files []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return parseFailed(err)
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) == 0 {
		fs.Usage()
		return 2
	}
	o, ok := bf.options(stderr)
	if !ok {
		return 2
	}
	if *out != "" {
		if err := checkOutput(*out, files); err != nil {
			fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
			return 2
		}
	}
	in, err := linkcore.NewIncremental(o)
	if err != nil {
		fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
		return 2
	}
	// Every version is compiled under the first file's name, as edits of
	// one file.
	name := filepath.Base(files[0])
	rep := &LayoutReport{}
	var failed []string // the versions that did not compile
	var lastSrc []byte
	lastOK := false // the last version compiled
	for _, f := range files {
		src, err := readSource(f, bf.lim.MaxSource)
		if err != nil {
			fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
			return 2
		}
		lastSrc = src
		step, err := in.Update(name, src)
		ls := LayoutStep{File: f, Step: step}
		lastOK = err == nil
		if err != nil {
			// The version is compiled under the first file's name;
			// its errors are reported under its own.
			var list lang.ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					e.File = f
				}
			}
			ls.Error = err.Error()
			failed = append(failed, f)
		}
		rep.Steps = append(rep.Steps, ls)
	}
	if in.Last() != nil {
		rep.Layout = in.Dwarf().Layout()
		rep.File = in.Sections()
		rep.Relocations = in.Last().Debug.Relocs
	}
	status := 0
	if len(failed) > 0 {
		status = 1
	}
	switch {
	case !*check:
	case lastOK:
		rep.Check = checkFresh(name, lastSrc, in)
		if !rep.Check.Equal {
			status = 1
		}
	default:
		rep.Check = &LayoutCheck{Diff: fmt.Sprintf("not checked: the last version %s did not compile", files[len(files)-1])}
	}
	if *out != "" && in.Last() != nil {
		if err := writeOutput(*out, in.Image(), 0o644); err != nil {
			fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
			return 2
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "dwarfscope: %v\n", err)
			return 2
		}
	} else {
		printLayout(stdout, rep)
	}
	for _, s := range rep.Steps {
		if s.Error != "" {
			fmt.Fprintf(stderr, "%s:\n%s\n", s.File, s.Error)
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(stderr, "dwarfscope: %d of %d versions did not compile: %s\n", len(failed), len(files), strings.Join(failed, ", "))
	}
	return status
}

// checkFresh builds src from scratch and compares the canonical DWARF of
// both images.
func checkFresh(name string, src []byte, in *linkcore.Incremental) *LayoutCheck {
	d, err := in.CheckFresh(name, src)
	if err != nil {
		return &LayoutCheck{Diff: err.Error()}
	}
	return &LayoutCheck{Equal: d == "", Diff: d}
}

// printLayout prints the report as text: each step's edit log, then the
// final layout, the file map and the relocations.
func printLayout(w io.Writer, rep *LayoutReport) {
	for i, s := range rep.Steps {
		fmt.Fprintf(w, "== step %d: %s\n", i, s.File)
		if s.Error != "" {
			fmt.Fprintf(w, "   errors in the source; the image is unchanged\n")
			continue
		}
		st := s.Step
		d := st.Debug.Diff
		fmt.Fprintf(w, "   declarations: %d added, %d changed, %d line only, %d unchanged, %d removed; types: %d encoded, %d kept\n",
			d.Added, d.Changed, d.LineOnly, d.Unchanged, d.Removed, d.TypesEncoded, d.TypesUnchanged)
		fmt.Fprintf(w, "   wrote %d of %d file bytes; %d relocations re-resolved\n", st.BytesWritten, st.ImageSize, st.RelocsChanged)
		for _, e := range st.Debug.Edits {
			where := fmt.Sprintf("%#x+%d", e.NewOff, e.NewLen)
			switch e.Action {
			case dwarfcore.EditMoved:
				where = fmt.Sprintf("%#x+%d -> %#x+%d", e.OldOff, e.OldLen, e.NewOff, e.NewLen)
			case dwarfcore.EditInPlace:
				where = fmt.Sprintf("%#x: %d -> %d bytes", e.NewOff, e.OldLen, e.NewLen)
			case dwarfcore.EditFreed:
				where = fmt.Sprintf("%#x+%d", e.OldOff, e.OldLen)
			case dwarfcore.EditPadded, dwarfcore.EditLine, dwarfcore.EditHeader:
				where = ""
			}
			fmt.Fprintf(w, "   %-16s %-40s %-9s %-28s %d bytes written\n", e.SectionName, e.Name, e.Action, where, e.Bytes)
		}
		for _, sec := range st.Sections {
			if sec.State != "unchanged" {
				fmt.Fprintf(w, "   file: %-22s %-9s at %#x size %d slot %d, %d bytes written\n", sec.Name, sec.State, sec.Off, sec.Size, sec.Slot, sec.Bytes)
			}
		}
		for _, m := range st.Moves {
			fmt.Fprintf(w, "   file: %s moved %#x (slot %d) -> %#x (slot %d)\n", m.Name, m.OldOff, m.OldSlot, m.NewOff, m.NewSlot)
		}
	}
	if rep.Layout == nil {
		return
	}
	fmt.Fprintf(w, "== layout\n")
	for _, s := range rep.Layout.Sections {
		fmt.Fprintf(w, "%s: %d bytes\n", s.Name, s.Size)
		for _, u := range s.Units {
			fmt.Fprintf(w, "  unit %d %q at %#x len %d slack %d (header %d, trailer %d)\n",
				u.Index, u.Label, u.Off, u.Len, u.Slot-u.Len, u.HeaderLen, u.TrailerLen)
			for _, e := range u.Entries {
				fmt.Fprintf(w, "    %#08x len %-6d padding %-5d relocs %-3d %s\n", e.Off, e.Len, e.Padding, e.Relocs, e.Name)
			}
		}
	}
	fmt.Fprintf(w, "== file\n")
	for _, s := range rep.File {
		if s.Index == 0 {
			continue
		}
		fmt.Fprintf(w, "  [%2d] %-22s off %#08x size %-8d slot %-8d\n", s.Index, s.Name, s.Offset, s.Size, s.Slot)
	}
	fmt.Fprintf(w, "== relocations\n")
	for _, r := range rep.Relocations {
		fmt.Fprintf(w, "  %s+%#x %-13s %s\n", r.Section.Name(), r.Offset, r.Kind, strings.TrimSpace(r.Target()))
	}
	if rep.Check != nil {
		if strings.HasPrefix(rep.Check.Diff, "not checked") {
			fmt.Fprintf(w, "== check: %s\n", rep.Check.Diff)
		} else if rep.Check.Equal {
			fmt.Fprintf(w, "== check: the incremental image equals a fresh build\n")
		} else {
			fmt.Fprintf(w, "== check: the incremental image differs from a fresh build:\n%s\n", rep.Check.Diff)
		}
	}
}
