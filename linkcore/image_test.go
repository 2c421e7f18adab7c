package linkcore

import (
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/canon"
	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/internal/verify"
)

// nonDebugDiff compares the sections of two ELF images that are not
// debug information (code, data, symbols, their relocations) by name.
func nonDebugDiff(want, got []byte) string {
	fw, err := elf.NewFile(bytes.NewReader(want))
	if err != nil {
		return err.Error()
	}
	fg, err := elf.NewFile(bytes.NewReader(got))
	if err != nil {
		return err.Error()
	}
	if len(fw.Sections) != len(fg.Sections) {
		return fmt.Sprintf("%d sections, want %d", len(fg.Sections), len(fw.Sections))
	}
	for i, sw := range fw.Sections {
		sg := fg.Sections[i]
		if sw.Name != sg.Name || sw.Type != sg.Type || sw.Link != sg.Link || sw.Info != sg.Info || sw.Flags != sg.Flags {
			return fmt.Sprintf("section %d: %s, want %s", i, sg.Name, sw.Name)
		}
		if strings.Contains(sw.Name, ".debug_") || sw.Type == elf.SHT_NOBITS {
			continue
		}
		if sw.Size != sg.Size {
			return fmt.Sprintf("section %s: %d bytes, want %d", sw.Name, sg.Size, sw.Size)
		}
		a, _ := sw.Data()
		b, _ := sg.Data()
		if !bytes.Equal(a, b) {
			i := 0
			for i < len(a) && a[i] == b[i] {
				i++
			}
			return fmt.Sprintf("section %s (at %#x in the file) differs from byte %#x on: %#x, want %#x", sw.Name, sg.Offset, i, b[i], a[i])
		}
	}
	return ""
}

// editCount is the number of edits of TestIncrementalEqualsFresh:
// DWARFSCOPE_EDITS overrides it (the long run uses 100000).
func editCount(t *testing.T) int {
	n := 10000
	if testing.Short() {
		n = 1000
	}
	return tooltest.EnvInt(t, "DWARFSCOPE_EDITS", n)
}

var diffVariants = []struct {
	name string
	opts Options
}{
	{"x86_64-32-plain", Options{Debug: dwarfcore.Options{Lines: dwarfcore.LinesPlain}}},
	{"x86_64-64-incremental", Options{Debug: dwarfcore.Options{Format: dwarfcore.DWARF64, Lines: dwarfcore.LinesIncremental}}},
	{"aarch64-32-plain", Options{Debug: dwarfcore.Options{Arch: target.AArch64, Lines: dwarfcore.LinesPlain}}},
	{"x86-32-incremental", Options{Debug: dwarfcore.Options{Arch: target.X86, Lines: dwarfcore.LinesIncremental}}},
	{"s390x-64-plain", Options{Debug: dwarfcore.Options{Arch: target.S390X, Format: dwarfcore.DWARF64, Lines: dwarfcore.LinesPlain}}},
}

// TestIncrementalEqualsFresh applies random edit sequences to one
// incremental build per sequence and, after every edit, checks that the
// in-place image decodes (Go debug/elf + debug/dwarf) to the same
// canonical entries and line rows as a fresh build of the same source,
// with identical non-debug sections; every 250th image of each sequence
// also goes through llvm-dwarfdump --verify, readelf and objdump, batched
// at the end.
func TestIncrementalEqualsFresh(t *testing.T) {
	total := editCount(t)
	const perSeq = 250
	dir := t.TempDir()
	var files []string
	var edits, errorsSeen, mismatches, bothFailed int
	var diff dwarfcore.Diff
	var paths IncrementalStats
	first := 0 // DWARFSCOPE_FIRST_SEQ=N starts at sequence N (to replay a failure)
	if s := os.Getenv("DWARFSCOPE_FIRST_SEQ"); s != "" {
		first, _ = strconv.Atoi(s)
	}
	for seq := first; edits < total; seq++ {
		v := diffVariants[seq%len(diffVariants)]
		p := newEditProgram(uint64(seq+1), 8+seq%20)
		in, err := NewIncremental(v.opts)
		if err != nil {
			t.Fatal(err)
		}

		for i := 0; i < perSeq && edits < total; i++ {
			what := "initial"
			if i > 0 {
				what = p.edit()
			}
			edits++
			src := p.source()
			step, err := in.Update("edit.zig", src)
			if err == nil {
				diff.Added += step.Debug.Diff.Added
				diff.Changed += step.Debug.Diff.Changed
				diff.Unchanged += step.Debug.Diff.Unchanged
				diff.LineOnly += step.Debug.Diff.LineOnly
				diff.Removed += step.Debug.Diff.Removed
			}
			fresh, ferr := Build("edit.zig", src, v.opts)
			var el lang.ErrorList
			if err != nil || ferr != nil {
				if err != nil && ferr != nil && !errors.As(err, &el) && err.Error() == ferr.Error() {
					// a build error (not in the source) both ways: the
					// incremental build agrees with the fresh one
					bothFailed++
					if bothFailed == 1 {
						t.Logf("incremental and fresh builds both fail: %v", err)
					}
					continue
				}
				if !errors.As(err, &el) || !errors.As(ferr, &el) {
					t.Fatalf("%s seq %d edit %d (%s): incremental %v, fresh %v\n%s", v.name, seq, i, what, err, ferr, src)
				}
				errorsSeen++
				if os.Getenv("DWARFSCOPE_SHOW_ERRORS") != "" && !strings.Contains(err.Error(), "broken") {
					t.Logf("%s: %v", what, err)
				}
				continue
			}
			want, err := CanonicalDWARF(fresh.ELF, v.opts.Debug.Lines)
			if err != nil {
				t.Fatalf("fresh: %v", err)
			}
			got, err := CanonicalDWARF(in.Image(), v.opts.Debug.Lines)
			if err != nil {
				t.Fatalf("%s seq %d edit %d (%s): image unreadable: %v", v.name, seq, i, what, err)
			}
			if d := canon.CanonicalDiff(want, got); d != "" {
				mismatches++
				if mismatches <= 3 {
					t.Errorf("%s seq %d edit %d (%s): incremental differs from fresh:\n%s", v.name, seq, i, what, d)
				}
				continue
			}
			if d := nonDebugDiff(fresh.ELF, in.Image()); d != "" {
				mismatches++
				if mismatches <= 3 {
					t.Errorf("%s seq %d edit %d (%s): %s", v.name, seq, i, what, d)
				}
				continue
			}
			if i%250 == 249 || i == 40 {
				files = append(files, tooltest.WriteFile(t, dir, fmt.Sprintf("s%d-e%d-%s.o", seq, i, v.name), in.Image()))
			}
		}
		st := in.Stats()
		paths.Updates += st.Updates
		paths.Quick += st.Quick
		paths.Front.Rechecked += st.Front.Rechecked
		paths.Front.Whole += st.Front.Whole
	}
	t.Logf("%d edits (%d with source errors, %d failing to build both ways), %d mismatches, %d images verified by tools; declarations %+v",
		edits, errorsSeen, bothFailed, mismatches, len(files), diff)
	t.Logf("%d updates: %d re-checked only changed declarations, %d parsed the whole file, %d took the quick path",
		paths.Updates, paths.Front.Rechecked, paths.Front.Whole, paths.Quick)
	if paths.Front.Rechecked < paths.Updates/4 || paths.Quick < paths.Updates/8 {
		t.Errorf("the edits hardly exercised the incremental check or the quick path")
	}
	if diff.Unchanged == 0 || diff.LineOnly == 0 || diff.Changed == 0 || diff.Removed == 0 {
		t.Errorf("the edits never exercised some kind of change: %+v", diff)
	}
	if mismatches > 0 {
		t.Fatalf("%d of %d edits differ from a fresh build", mismatches, edits)
	}
	if errorsSeen == 0 || errorsSeen > edits/2 {
		t.Errorf("%d of %d edits had source errors: the generator is off", errorsSeen, edits)
	}
	verify.Require(t, "llvm-dwarfdump", "readelf", "objdump")
	fs := verify.All(context.Background(), files, verify.Options{Checks: []string{"llvm-dwarfdump", "readelf", "objdump", "go-dwarf"}})
	for _, f := range verify.Filter(fs, verify.Warning) {
		t.Error(f)
	}
}
