package macho_test

import (
	"bytes"
	"debug/macho"
	"encoding/binary"
	"fmt"
	"slices"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/internal/samples"
	"github.com/dwarfscope/dwarfscope/linkcore"
	machoobj "github.com/dwarfscope/dwarfscope/linkcore/macho"
)

// TestRegions checks the file layout Regions returns, after every edit of
// an incremental build of an object and its dSYM, against the bytes as
// debug/macho reads them: every load command by name at its offset, every
// section's contents and relocation entries, the symbol and string
// tables; the regions cover the file exactly; and the edits move pieces
// (Moved, with the old place).
func TestRegions(t *testing.T) {
	src, ok := samples.Source("storage.zig")
	if !ok {
		t.Fatal("no sample storage.zig")
	}
	for _, a := range arches {
		t.Run(a.arch.Name, func(t *testing.T) {
			in, err := linkcore.NewMachOIncremental(linkcore.Options{Debug: dwarfcore.Options{Arch: a.arch}})
			if err != nil {
				t.Fatal(err)
			}
			moved := 0
			for i, v := range editVersions([]byte(src)) {
				if _, err := in.Update("storage.zig", v); err != nil {
					t.Fatalf("version %d: %v", i, err)
				}
				for _, f := range []*machoobj.File{in.File(), in.DSYM()} {
					rs := f.Regions()
					checkRegions(t, fmt.Sprintf("version %d", i), f.Bytes, rs)
					// With slack, the load commands are followed by room
					// for more.
					last := slices.IndexFunc(rs, func(r machoobj.Region) bool { return r.Name == "LC_SYMTAB" })
					if n := rs[last+1:]; !slices.ContainsFunc(n[:min(2, len(n))], func(r machoobj.Region) bool { return r.Kind == machoobj.RegionCommandRoom }) {
						t.Errorf("version %d: no load command room after the load commands", i)
					}
					for _, r := range rs {
						if r.Moved {
							moved++
							if r.OldOffset == r.Offset && r.OldSlot >= r.Slot {
								t.Errorf("version %d: %s moved but kept its slot at %#x", i, r.Name, r.Offset)
							}
						}
					}
				}
			}
			if moved == 0 {
				t.Errorf("no region moved: the edits do not exercise growth")
			}
		})
	}
}

// checkRegions compares rs with what debug/macho reads from image.
func checkRegions(t *testing.T, what string, image []byte, rs []machoobj.Region) {
	t.Helper()
	// The regions follow each other and cover the file.
	end := uint64(0)
	for _, r := range rs {
		if r.Offset != end {
			t.Fatalf("%s: region %s at %#x, want %#x (gap or overlap)", what, r.Name, r.Offset, end)
		}
		if r.Slot < r.Size {
			t.Errorf("%s: region %s: slot %d below size %d", what, r.Name, r.Slot, r.Size)
		}
		end = r.Offset + r.Slot
	}
	if end != uint64(len(image)) {
		t.Fatalf("%s: regions end at %#x, file at %#x", what, end, len(image))
	}
	type place struct {
		kind      machoobj.RegionKind
		off, size uint64
	}
	got := map[string]place{}
	for _, r := range rs {
		if r.Kind != machoobj.RegionFree && r.Kind != machoobj.RegionCommandRoom {
			got[r.Name] = place{r.Kind, r.Offset, r.Size}
		}
	}
	want := map[string]place{"mach_header_64": {machoobj.RegionHeader, 0, 32}}
	f, err := macho.NewFile(bytes.NewReader(image))
	if err != nil {
		t.Fatal(err)
	}
	off := uint64(32)
	for _, l := range f.Loads {
		raw := l.Raw()
		var name string
		switch l := l.(type) {
		case *macho.Segment:
			name = "LC_SEGMENT_64 " + l.Name
		case *macho.Symtab:
			// debug/macho leaves Symtab.SymtabCmd empty: the command's
			// fields are read from its bytes.
			name = "LC_SYMTAB"
			var c macho.SymtabCmd
			if err := binary.Read(bytes.NewReader(raw), binary.LittleEndian, &c); err != nil {
				t.Fatal(err)
			}
			want["symbol table"] = place{machoobj.RegionSymbols, uint64(c.Symoff), uint64(c.Nsyms) * 16}
			want["string table"] = place{machoobj.RegionStrings, uint64(c.Stroff), uint64(c.Strsize)}
		case *macho.Dysymtab:
			name = "LC_DYSYMTAB"
		default:
			switch cmd := binary.LittleEndian.Uint32(raw); cmd {
			case 0x32:
				name = "LC_BUILD_VERSION"
			default:
				t.Fatalf("%s: unexpected load command %#x", what, cmd)
			}
		}
		want[name] = place{machoobj.RegionLoadCommand, off, uint64(len(raw))}
		off += uint64(len(raw))
	}
	for _, s := range f.Sections {
		name := s.Seg + "," + s.Name
		if s.Offset != 0 && s.Size > 0 {
			want[name] = place{machoobj.RegionSection, uint64(s.Offset), s.Size}
		}
		if s.Nreloc > 0 {
			want["relocations of "+name] = place{machoobj.RegionRelocs, uint64(s.Reloff), uint64(s.Nreloc) * 8}
		}
	}
	for name, w := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: no region %s (%s at %#x, %d bytes)", what, name, w.kind, w.off, w.size)
		} else if g != w {
			t.Errorf("%s: region %s is %s at %#x, %d bytes; the file has %s at %#x, %d bytes", what, name, g.kind, g.off, g.size, w.kind, w.off, w.size)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: region %s is not in the file", what, name)
		}
	}
}
