package corpus

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
	"github.com/dwarfscope/dwarfscope/internal/verify"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

var (
	corpusN     = flag.Int("corpus.n", 200, "programs per variant in TestCorpusVerifies")
	corpusShown = flag.Int("corpus.shown", 40, "findings printed in full before summarising")
)

// variant is one way of building the corpus.
type variant struct {
	name   string
	arch   *target.Arch
	format dwarfcore.Format
	lines  dwarfcore.LineMode
}

var variants = []variant{
	{"x86_64-dwarf32", target.X86_64, dwarfcore.DWARF32, dwarfcore.LinesIncremental},
	{"x86_64-dwarf64", target.X86_64, dwarfcore.DWARF64, dwarfcore.LinesIncremental},
	{"x86_64-dwarf32-plainlines", target.X86_64, dwarfcore.DWARF32, dwarfcore.LinesPlain},
	{"x86-dwarf32", target.X86, dwarfcore.DWARF32, dwarfcore.LinesIncremental},
	{"aarch64-dwarf32", target.AArch64, dwarfcore.DWARF32, dwarfcore.LinesIncremental},
	{"riscv64-dwarf32", target.RISCV64, dwarfcore.DWARF32, dwarfcore.LinesIncremental},
	{"s390x-dwarf64", target.S390X, dwarfcore.DWARF64, dwarfcore.LinesIncremental},
}

// TestCorpusVerifies builds every corpus program and sample as an object
// for each variant and runs every verify check on the result.
func TestCorpusVerifies(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: corpus verification skipped")
	}
	tools := append(verify.AllTools(), verify.LinkerTools...)
	verify.Require(t, tools...)
	srcs := WithSamples(*corpusN)
	dir := t.TempDir()
	var files []string
	variantOf := map[string]string{}
	buildFailures := map[string]int{}
	start := time.Now()
	for _, v := range variants {
		vdir := filepath.Join(dir, v.name)
		if err := os.MkdirAll(vdir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, s := range srcs {
			res, err := linkcore.Build(s.Name, s.Src, linkcore.Options{Kind: linkcore.KindObject,
				Debug: dwarfcore.Options{Format: v.format, Arch: v.arch, Lines: v.lines, CompDir: "/corpus", Producer: "dwarfscope corpus"}})
			if err != nil {
				buildFailures[v.name]++
				if buildFailures[v.name] <= 5 {
					t.Errorf("%s: %s: build failed: %v", v.name, s.Name, firstLines(err.Error(), 6))
				}
				continue
			}
			obj := filepath.Join(vdir, strings.TrimSuffix(s.Name, ".zig")+".o")
			if err := os.WriteFile(obj, res.ELF, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, obj)
			variantOf[obj] = v.name
		}
	}
	for v, n := range buildFailures {
		t.Errorf("%s: %d of %d programs failed to build", v, n, len(srcs))
	}
	built := time.Since(start)
	start = time.Now()
	findings := verify.All(context.Background(), files, verify.Options{})
	t.Logf("built %d objects in %v; verified them in %v", len(files), built.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))

	counts := map[string]int{} // variant/check/severity -> findings
	shown := 0
	for _, f := range findings {
		key := fmt.Sprintf("%-26s %-15s %s", variantOf[f.File], f.Check, f.Severity)
		counts[key]++
		if f.Severity == verify.Note {
			continue
		}
		if shown < *corpusShown {
			t.Errorf("%s", f)
			shown++
		}
	}
	var keys []string
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("findings: %s: %d", k, counts[k])
	}
	if bad := len(verify.Filter(findings, verify.Warning)); bad > shown {
		t.Errorf("%d more errors and warnings not shown (-corpus.shown)", bad-shown)
	}
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "\n")
}
