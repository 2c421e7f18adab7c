package macho

import (
	"cmp"
	"slices"
)

// RegionKind says what a region of a Mach-O file holds.
type RegionKind string

// The kinds of regions.
const (
	RegionHeader      RegionKind = "header"       // mach_header_64
	RegionLoadCommand RegionKind = "load command" // one load command (a segment's with its section headers)
	RegionSection     RegionKind = "section"      // a section's contents
	RegionRelocs      RegionKind = "relocations"  // a section's relocation entries
	RegionSymbols     RegionKind = "symbol table" // the nlist_64 entries
	RegionStrings     RegionKind = "string table"
	RegionCommandRoom RegionKind = "load command room" // the slack of the load commands' slot, after the last one
	RegionFree        RegionKind = "free"              // room no piece uses: old slots, alignment gaps
)

// Region is one region of the file: what lies at [Offset, Offset+Size),
// and the slot reserved for it, [Offset, Offset+Slot) (Slot-Size bytes of
// slack).
type Region struct {
	Name string
	Kind RegionKind
	// Segment is a section's segment name (__TEXT, __DWARF, ...).
	Segment            string
	Offset, Size, Slot uint64
	// Moved says the piece left its slot in the last layout
	// (WriteOptions.Prev); OldOffset and OldSlot were its place before.
	Moved              bool
	OldOffset, OldSlot uint64
}

// Regions returns the file's layout: the header, each load command by
// name, each section's contents and relocation entries, the symbol and
// string tables, the room left for more load commands and the free space
// between them, in file order. Together
// they cover the file exactly.
func (f *File) Regions() []Region {
	moves := map[string]Move{}
	for _, m := range f.Moves {
		moves[m.Name] = m
	}
	var rs []Region
	add := func(key string, r Region) {
		if r.Slot < r.Size {
			r.Slot = r.Size
		}
		if m, ok := moves[key]; ok {
			r.Moved, r.OldOffset, r.OldSlot = true, m.OldOff, m.OldSlot
		}
		rs = append(rs, r)
	}
	add("", Region{Name: "mach_header_64", Kind: RegionHeader, Size: headerSize})
	for _, c := range f.Commands {
		add("", Region{Name: c.Name, Kind: RegionLoadCommand, Offset: c.Offset, Size: c.Size})
	}
	for _, s := range f.Sections {
		name := s.Seg + "," + s.Name
		if s.Slot > 0 {
			add("section "+name, Region{Name: name, Kind: RegionSection, Segment: s.Seg, Offset: s.Offset, Size: s.Size, Slot: s.Slot})
		}
		if s.NReloc > 0 {
			key := "relocations " + name
			add(key, Region{Name: "relocations of " + name, Kind: RegionRelocs, Segment: s.Seg, Offset: s.RelOff,
				Size: s.NReloc * relocSize, Slot: f.places[key].slot})
		}
	}
	add(keySymtab, Region{Name: "symbol table", Kind: RegionSymbols, Offset: f.SymOff, Size: f.NSyms * nlistSize, Slot: f.places[keySymtab].slot})
	add(keyStrtab, Region{Name: "string table", Kind: RegionStrings, Offset: f.StrOff, Size: f.StrSize, Slot: f.places[keyStrtab].slot})
	slices.SortStableFunc(rs, func(a, b Region) int { return cmp.Compare(a.Offset, b.Offset) })

	// Free space: the gaps between slots. The gap after the load commands
	// inside their slot is the room left for more load commands.
	cmdsEnd := f.places[keyCommands].slot
	out := make([]Region, 0, 2*len(rs))
	end := uint64(0)
	gap := func(off, to uint64) {
		if off < cmdsEnd && to > off {
			room := min(to, cmdsEnd)
			out = append(out, Region{Name: "load command room", Kind: RegionCommandRoom, Offset: off, Size: room - off, Slot: room - off})
			off = room
		}
		if to > off {
			out = append(out, Region{Name: "free", Kind: RegionFree, Offset: off, Size: to - off, Slot: to - off})
		}
	}
	for _, r := range rs {
		gap(end, r.Offset)
		out = append(out, r)
		end = max(end, r.Offset+r.Slot)
	}
	gap(end, uint64(len(f.Bytes)))
	return out
}
