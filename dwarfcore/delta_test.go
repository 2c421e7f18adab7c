package dwarfcore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/corpus"

	"github.com/dwarfscope/dwarfscope/dwarfcore/canon"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// deltaBase is the program the delta tests edit. pairs and later are
// mentioned by no other declaration, so the front end can re-check their
// removal, addition or change alone; counter is the last declaration, so
// only it moves when a line is inserted before it.
const deltaBase = `const c0: u64 = 1;
var table: [3]u16 = .{ 1, 2, 3 };
var pairs: [2][2]u8 = .{ .{ 1, 2 }, .{ 3, 4 } };
fn add(x: u32, y: u32) u32 {
    const s: u32 = (x + y);
    return s;
}
export fn entry() void {
    _ = add(1, 2);
    _ = .{ &c0, &table, &counter };
}
var counter: u32 = 0;
`

// deltaSession feeds successive sources through a lang.Session into one
// Dwarf, and checks each output against a whole-program emission of the
// same program.
type deltaSession struct {
	t    *testing.T
	opts Options
	s    *lang.Session
	d    *Dwarf
	out  *Output
	// lay is the Layout taken at the last update, layJSON its encoding
	// then.
	lay     *Layout
	layJSON []byte
}

func newDeltaSession(t *testing.T, opts Options) *deltaSession {
	t.Helper()
	d, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return &deltaSession{t: t, opts: opts, s: lang.NewSession(lang.Config{Arch: opts.Arch}), d: d}
}

// checkLayout checks that Layout, which takes unchanged sections over
// from the last one, says what a Layout taken without that says, and
// that the Layout taken at the last update did not change since.
func (ds *deltaSession) checkLayout() {
	t := ds.t
	t.Helper()
	if ds.lay != nil {
		if now, _ := json.Marshal(ds.lay); !bytes.Equal(now, ds.layJSON) {
			t.Fatalf("the last update's Layout changed")
		}
	}
	got := ds.d.Layout()
	ds.d.lastLayout = [NumSections]sectionLayoutCache{}
	if want := ds.d.Layout(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Layout differs from one taken afresh")
	}
	ds.lay = got
	ds.layJSON, _ = json.Marshal(got)
}

// update compiles src, updates the Dwarf and returns the update's log.
func (ds *deltaSession) update(src string) *UpdateLog {
	t := ds.t
	t.Helper()
	prog, err := ds.s.Compile("delta.zig", []byte(src))
	if err != nil {
		t.Fatalf("compile: %v\n%s", err, src)
	}
	code := synthCode(prog)
	if err := ds.d.Update(prog, code); err != nil {
		t.Fatal(err)
	}
	log := ds.d.LastUpdate()
	out, err := ds.d.Output()
	if err != nil {
		t.Fatal(err)
	}
	// The output's records and bytes are what resolving every record
	// again gives.
	full, err := ds.d.resolveRelocs()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(full, out.Relocs) {
		t.Fatalf("relocation records differ from a full resolution")
	}
	for id := range NumSections {
		if !bytes.Equal(ds.d.sections[id].contents(), out.Sections[id]) {
			t.Fatalf("%s differs from a full resolution", id.Name())
		}
	}
	ds.out = out
	ds.checkLayout()
	fresh, err := Emit(prog, code, ds.opts)
	if err != nil {
		t.Fatal(err)
	}
	want, err := canon.Canonical(readDWARF(t, fresh), ds.opts.Lines != LinesIncremental)
	if err != nil {
		t.Fatal(err)
	}
	got, err := canon.Canonical(readDWARF(t, out), ds.opts.Lines != LinesIncremental)
	if err != nil {
		t.Fatal(err)
	}
	if d := canon.CanonicalDiff(want, got); d != "" {
		t.Fatalf("%s: update differs from a whole emission:\n%s", optName(ds.opts), d)
	}
	checkReadable(t, out)
	return log
}

// liveTypes returns the names of the type entries with contents.
func (ds *deltaSession) liveTypes() []string {
	var names []string
	for _, u := range ds.d.sections[DebugInfo].units {
		for _, e := range u.entries {
			if e.what.kind == whatType && e.len > 0 {
				names = append(names, e.what.name)
			}
		}
	}
	slices.Sort(names)
	return names
}

func TestDeltaUpdate(t *testing.T) {
	tests := []struct {
		name string
		src  string
		// check looks at the delta update's log and the live type
		// entries before and after it.
		check func(t *testing.T, log *UpdateLog, before, after []string)
	}{
		{
			name: "a changed value writes nothing",
			src:  strings.Replace(deltaBase, "c0: u64 = 1", "c0: u64 = 2", 1),
			check: func(t *testing.T, log *UpdateLog, before, after []string) {
				if log.Stats.Writes != 0 || log.Diff.Unchanged == 0 || log.Diff.Changed != 0 {
					t.Errorf("stats %+v, diff %+v", log.Stats, log.Diff)
				}
			},
		},
		{
			name: "removing the last user of types frees their entries",
			src:  strings.Replace(deltaBase, "var pairs: [2][2]u8 = .{ .{ 1, 2 }, .{ 3, 4 } };\n", "", 1),
			check: func(t *testing.T, log *UpdateLog, before, after []string) {
				for _, gone := range []string{"[2][2]u8", "[2]u8", "u8"} {
					if !slices.Contains(before, gone) || slices.Contains(after, gone) {
						t.Errorf("type %s: live before %v, after %v", gone, before, after)
					}
				}
				if !slices.Contains(after, "u16") || !slices.Contains(after, "usize") {
					t.Errorf("types still used were freed: %v", after)
				}
				if log.Diff.Removed != 4 || log.Stats.EntriesEmptied != 4 {
					t.Errorf("removed %d, emptied %d; want the declaration and 3 types", log.Diff.Removed, log.Stats.EntriesEmptied)
				}
			},
		},
		{
			name: "a moved declaration writes 4 bytes of .debug_info",
			src:  strings.Replace(deltaBase, "var counter", "\nvar counter", 1),
			check: func(t *testing.T, log *UpdateLog, before, after []string) {
				if log.Diff.LineOnly != 1 || log.Stats.SectionBytes[DebugInfo] != 4 ||
					len(log.Writes) != 1 || log.Writes[0].Kind != WriteLine || log.Writes[0].Len != 4 {
					t.Errorf("diff %+v, writes %+v", log.Diff, log.Writes)
				}
			},
		},
		{
			name: "an added declaration re-uses the type entries",
			src:  deltaBase + "var more: [3]u16 = .{ 7, 8, 9 };\n",
			check: func(t *testing.T, log *UpdateLog, before, after []string) {
				if log.Diff.Added != 1 || log.Diff.TypesEncoded != 0 || !slices.Equal(before, after) {
					t.Errorf("diff %+v; types before %v, after %v", log.Diff, before, after)
				}
			},
		},
		{
			name: "a replaced declaration swaps the type entries",
			src:  strings.Replace(deltaBase, "var pairs: [2][2]u8 = .{ .{ 1, 2 }, .{ 3, 4 } };", "var quads: [4]i8 = .{ 1, 2, 3, 4 };", 1),
			check: func(t *testing.T, log *UpdateLog, before, after []string) {
				if slices.Contains(after, "[2][2]u8") || slices.Contains(after, "u8") ||
					!slices.Contains(after, "[4]i8") || !slices.Contains(after, "i8") {
					t.Errorf("types before %v, after %v", before, after)
				}
				if log.Diff.Added != 1 || log.Diff.TypesEncoded != 2 || log.Diff.Removed != 4 {
					t.Errorf("diff %+v", log.Diff)
				}
			},
		},
		{
			name: "a changed function body",
			src:  strings.Replace(deltaBase, "const s: u32 = (x + y);", "const s: u32 = (x * y);\n    const t: u16 = 3;\n    _ = t;", 1),
			check: func(t *testing.T, log *UpdateLog, before, after []string) {
				// add changed; entry and counter moved (entry's plain line
				// program holds absolute lines: it changed too)
				if log.Diff.Changed < 1 || log.Diff.Changed+log.Diff.LineOnly != 3 {
					t.Errorf("diff %+v", log.Diff)
				}
			},
		},
	}
	for _, opts := range allOptions() {
		for _, tt := range tests {
			t.Run(optName(opts)+"/"+tt.name, func(t *testing.T) {
				ds := newDeltaSession(t, opts)
				if log := ds.update(deltaBase); log.Stats.Delta {
					t.Fatal("the first update took the delta path")
				}
				before := ds.liveTypes()
				log := ds.update(tt.src)
				if !log.Stats.Delta {
					t.Fatal("the edit did not take the delta path")
				}
				tt.check(t, log, before, ds.liveTypes())
				// and back
				if log := ds.update(deltaBase); !log.Stats.Delta {
					t.Fatal("the edit back did not take the delta path")
				}
				if got := ds.liveTypes(); !slices.Equal(got, before) {
					t.Errorf("types after the edit back %v, want %v", got, before)
				}
			})
		}
	}
}

// TestDeltaSequence applies the edits one after another, each on top of
// the last, comparing every update with a whole emission (as
// deltaSession does), then a whole update: it must find every entry up
// to date.
func TestDeltaSequence(t *testing.T) {
	edits := []func(string) string{
		func(s string) string { return s + "var more: [3]u16 = .{ 7, 8, 9 };\n" },
		func(s string) string {
			return strings.Replace(s, "var pairs: [2][2]u8 = .{ .{ 1, 2 }, .{ 3, 4 } };", "var pairs: [2][2]i8 = .{ .{ 1, 2 }, .{ 3, 4 } };\nvar p2: [2]u8 = .{ 1, 2 };", 1)
		},
		func(s string) string { return strings.Replace(s, "var counter", "\n\nvar counter", 1) },
		func(s string) string { return strings.Replace(s, "var more: [3]u16 = .{ 7, 8, 9 };\n", "", 1) },
		func(s string) string { return "\n" + s },
		func(s string) string { return strings.Replace(s, "(x + y)", "(y + x + 1)", 1) },
		func(s string) string { return s + "fn extra(p: *const [2][2]i8) u8 {\n    _ = p;\n    return 1;\n}\n" },
		func(s string) string {
			return strings.Replace(s, "var pairs: [2][2]i8 = .{ .{ 1, 2 }, .{ 3, 4 } };\n", "", 1)
		},
	}
	for _, opts := range allOptions() {
		t.Run(optName(opts), func(t *testing.T) {
			ds := newDeltaSession(t, opts)
			src := deltaBase
			ds.update(src)
			deltas := 0
			for _, edit := range edits {
				src = edit(src)
				if ds.update(src).Stats.Delta {
					deltas++
				}
			}
			t.Logf("%d of %d edits took the delta path", deltas, len(edits))
			if deltas < len(edits)-1 {
				t.Errorf("%d of %d edits took the delta path", deltas, len(edits))
			}
			// A whole update of the same program finds nothing to do.
			prog, err := lang.Compile("delta.zig", []byte(src), opts.Arch)
			if err != nil {
				t.Fatal(err)
			}
			if err := ds.d.Update(prog, synthCode(prog)); err != nil {
				t.Fatal(err)
			}
			if st := ds.d.LastUpdate().Stats; st.Delta || st.EntriesWritten != 0 || st.EntriesEmptied != 0 {
				t.Errorf("a whole update after the deltas: %+v", st)
			}
		})
	}
}

// TestDeltaFallsBack: a program that is not the one the last update saw
// takes the whole path.
func TestDeltaFallsBack(t *testing.T) {
	opts := Options{Arch: target.X86_64}
	ds := newDeltaSession(t, opts)
	ds.update(deltaBase)
	edited := strings.Replace(deltaBase, "c0: u64 = 1", "c0: u64 = 2", 1)
	prog, err := ds.s.Compile("delta.zig", []byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	if prog.Changes == nil {
		t.Fatal("the session checked the whole file")
	}
	// Another Dwarf has not seen Changes.Prev.
	d, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Update(prog, synthCode(prog)); err != nil {
		t.Fatal(err)
	}
	if d.LastUpdate().Stats.Delta {
		t.Error("a fresh Dwarf took the delta path")
	}
}

// TestOutputShares: outputs share the sections nothing wrote and the
// relocation list when it is the same, and never change once returned.
func TestOutputShares(t *testing.T) {
	opts := Options{Arch: target.X86_64, Lines: LinesPlain}
	ds := newDeltaSession(t, opts)
	ds.update(deltaBase)
	first := ds.out
	var saved [NumSections][]byte
	for id := range NumSections {
		saved[id] = bytes.Clone(first.Sections[id])
	}
	ds.update(strings.Replace(deltaBase, "c0: u64 = 1", "c0: u64 = 2", 1))
	second := ds.out
	if &second.Relocs[0] != &first.Relocs[0] {
		t.Error("an update that wrote nothing made a new relocation list")
	}
	for id := range NumSections {
		if len(first.Sections[id]) > 0 && &second.Sections[id][0] != &first.Sections[id][0] {
			t.Errorf("%s copied again though nothing wrote it", id.Name())
		}
	}
	log := ds.update(strings.Replace(deltaBase, "var counter", "\nvar counter", 1))
	third := ds.out
	if log.Stats.SectionBytes[DebugInfo] == 0 || &third.Sections[DebugInfo][0] == &first.Sections[DebugInfo][0] {
		t.Error(".debug_info written in place of an earlier output")
	}
	if len(third.Sections[DebugAbbrev]) == 0 || &third.Sections[DebugAbbrev][0] != &first.Sections[DebugAbbrev][0] {
		t.Error(".debug_abbrev not shared")
	}
	third.Relocate(func(r Reloc) uint64 { return 0x4000 + uint64(r.Addend) })
	for id := range NumSections {
		if !bytes.Equal(first.Sections[id], saved[id]) {
			t.Errorf("%s of the first output changed", id.Name())
		}
	}
}

// TestDeltaRandomEdits applies random edits (constant values, blank
// lines, added and removed declarations, functions added) to a generated
// program through a Session, checking every update as deltaSession does:
// against a whole emission and a full resolution of the records.
func TestDeltaRandomEdits(t *testing.T) {
	for vi, opts := range []Options{
		{Arch: target.X86_64, Lines: LinesPlain},
		{Arch: target.X86_64, Format: DWARF64, Lines: LinesIncremental},
		{Arch: target.AArch64, Lines: LinesPlain},
	} {
		t.Run(optName(opts), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(vi+1), 7))
			ds := newDeltaSession(t, opts)
			src := string(corpus.Sized(60, uint64(vi+1)))
			ds.update(src)
			deltas, updates := 0, 0
			for i := range 80 {
				next := randomEdit(rng, src, i)
				if _, err := lang.Compile("delta.zig", []byte(next), opts.Arch); err != nil {
					continue // an edit that breaks the program
				}
				src = next
				updates++
				if ds.update(src).Stats.Delta {
					deltas++
				}
				if i%4 == 0 {
					// a key typed into the first line's comment
					nl := strings.IndexByte(src, '\n')
					src = src[:nl] + "x" + src[nl:]
					ds.update(src)
				}
			}
			t.Logf("%d updates, %d delta", updates, deltas)
			if deltas < updates/3 {
				t.Errorf("only %d of %d updates took the delta path", deltas, updates)
			}
		})
	}
}

// randomEdit returns src with one random edit between or of its
// top-level declarations.
func randomEdit(rng *rand.Rand, src string, i int) string {
	lines := strings.SplitAfter(src, "\n")
	var tops, consts, added []int
	for k, l := range lines {
		switch {
		case strings.HasPrefix(l, "const zz") || strings.HasPrefix(l, "var zz") || strings.HasPrefix(l, "fn zz"):
			added = append(added, k)
			tops = append(tops, k)
		case strings.HasPrefix(l, "const c"):
			consts = append(consts, k)
			tops = append(tops, k)
		case strings.HasPrefix(l, "const ") || strings.HasPrefix(l, "var ") || strings.HasPrefix(l, "fn ") || strings.HasPrefix(l, "export fn "):
			tops = append(tops, k)
		}
	}
	pick := func(s []int) int { return s[rng.IntN(len(s))] }
	insert := func(at int, text string) string {
		return strings.Join(lines[:at], "") + text + strings.Join(lines[at:], "")
	}
	switch k := rng.IntN(6); {
	case k == 0 && len(consts) > 0:
		at := pick(consts)
		l := lines[at]
		eq, semi := strings.Index(l, " = "), strings.LastIndex(l, ";")
		lines[at] = l[:eq+3] + fmt.Sprint(rng.IntN(1000)) + l[semi:]
		return strings.Join(lines, "")
	case k == 1:
		return insert(pick(tops), "\n")
	case k == 2:
		return insert(pick(tops), fmt.Sprintf("const zz%d: [%d]u16 = .{ %s};\n", i, 2, "1, 2 "))
	case k == 3:
		return insert(pick(tops), fmt.Sprintf("var zz%d: u%d = %d;\n", i, 8+rng.IntN(3)*8, rng.IntN(100)))
	case k == 4:
		return insert(pick(tops), fmt.Sprintf("fn zz%d(x: u32) u32 {\n    const y: u32 = (x + %d);\n    return y;\n}\n", i, rng.IntN(9)))
	case len(added) > 0:
		at := pick(added)
		end := at + 1
		if strings.HasPrefix(lines[at], "fn ") {
			for end < len(lines) && lines[end-1] != "}\n" {
				end++
			}
		}
		return strings.Join(lines[:at], "") + strings.Join(lines[end:], "")
	case len(tops) > 0:
		// a blank line removed before a declaration, if there is one
		at := pick(tops)
		if at > 0 && lines[at-1] == "\n" {
			return strings.Join(lines[:at-1], "") + strings.Join(lines[at:], "")
		}
	}
	return src
}
