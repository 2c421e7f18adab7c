package archtest

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// packages classifies every package of the module. A new package has no
// row until someone adds one here, and the test fails until then: a new
// package forces a decision about where it sits. Rows for packages that
// do not exist yet are fine.
//
// Pattern "dir/..." is dir and everything below it; the longest pattern
// that matches a package wins.
var packages = []Class{
	// Support: leaf helpers any stage may import.
	{"internal/align", Support, false},
	{"internal/leb128", Support, false},
	{"internal/samples", Support, false},
	{"internal/ctxtest", Support, false},

	// The flow: target → front end → emitter → code generators →
	// container writers → pipeline.
	{"dwarfcore/target", Target, true},
	{"dwarfcore/lang", FrontEnd, true},
	{"dwarfcore", Emitter, true},
	{"dwarfcore/dw", Emitter, true},
	{"dwarfcore/lldbfmt", Emitter, true},
	{"dwarfcore/internal/...", Emitter, false},
	{"linkcore/codegen", CodeGen, false},
	{"linkcore/amd64", CodeGen, false},
	{"linkcore/wasm32", CodeGen, false},
	{"linkcore/elfobj", Container, false},
	{"linkcore/macho", Container, true},
	{"linkcore/wasmobj", Container, true},
	{"linkcore", Pipeline, true},

	// Readers of the emitter's output (and later of files we did not write).
	{"dwarfcore/dwarfread", Reader, true},
	{"dwarfcore/annotate", Reader, true},
	{"dwarfcore/canon", Reader, true},
	{"dwarfcore/explain", Reader, true},
	{"dwarfcore/compare", Reader, true},

	// Application code: renders and transports; public APIs only (rule 3).
	{"cmd/...", App, false},
	{"wasm/...", App, false},
	{"web/...", App, false},
	{"static", App, false},
	{"internal/server", App, false},
	{"internal/export", App, false},
	{"internal/buildopts", App, false},
	{"internal/page", App, false},
	{"internal/sandbox", App, false},

	// Tooling: test harnesses, generators, measurements.
	{"internal/archtest", Tooling, false},
	{"internal/bench/...", Tooling, false},
	{"internal/browsertest", Tooling, false},
	{"internal/corpus/...", Tooling, false},
	{"internal/debuggers", Tooling, false},
	{"internal/dwarfdump", Tooling, false},
	{"internal/pahole", Tooling, false},
	{"internal/tooltest", Tooling, false},
	{"internal/verify", Tooling, false},
	{"internal/zigdiff/...", Tooling, false},
	{"scripts/...", Tooling, false},
}

// mayImport is the flow: the stages a package of each stage may import.
// Rule 1 is every import not allowed here.
var mayImport = map[Stage][]Stage{
	Support:   {Support},
	Target:    {Support, Target},
	FrontEnd:  {Support, Target, FrontEnd},
	Emitter:   {Support, Target, FrontEnd, Emitter},
	CodeGen:   {Support, Target, FrontEnd, Emitter, CodeGen},
	Container: {Support, Target, Emitter, Container},
	Pipeline:  {Support, Target, FrontEnd, Emitter, CodeGen, Container, Pipeline, Reader}, // Reader: CheckFresh compares through canon
	Reader:    {Support, Target, Emitter, Reader},
	App:       {Support, Target, FrontEnd, Emitter, Container, Pipeline, Reader, App},
	Tooling:   {Support, Target, FrontEnd, Emitter, CodeGen, Container, Pipeline, Reader, App, Tooling},
}

// pending are known breaks of the rules, each with the work that removes
// it; one is reported once it no longer breaks anything, so that its row
// is deleted then. There are none.
var pending = []Exception{}

// configs are the build configurations the packages are listed under:
// wasm/ builds only for js/wasm, cmd/dwarfscope-wasi for wasip1.
var configs = []Config{
	{},
	{GOOS: "js", GOARCH: "wasm"},
	{GOOS: "wasip1", GOARCH: "wasm"},
}

func policy() *Policy {
	return &Policy{Table: packages, MayImport: mayImport, Pending: pending, File: "internal/archtest/arch_test.go"}
}

// TestModule checks the module's real import graph.
func TestModule(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root, module, err := ModuleRoot(wd)
	if err != nil {
		t.Fatal(err)
	}
	// go test caches a passing result keyed on the files the test
	// process opened; go list runs in another process, so read every
	// folder here too, and an added file or package reruns the test.
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && path != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	pkgs, err := ModulePackages(root, module, configs)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 20 {
		t.Fatalf("go list found %d packages in %s; expected the whole module", len(pkgs), root)
	}
	for _, need := range []string{"dwarfcore", "linkcore", "wasm", "cmd/dwarfscope-wasi", "internal/archtest"} {
		if !hasPackage(pkgs, need) {
			t.Errorf("package %s not listed under any configuration", need)
		}
	}
	for _, p := range pkgs {
		if p.ListError != "" {
			t.Errorf("go list: package %s: %s", p.Path, p.ListError)
		}
	}
	for _, f := range policy().Check(pkgs) {
		t.Error(f)
	}
	if unused := policy().Unused(pkgs); len(unused) > 0 {
		t.Logf("table rows with no package yet: %s", strings.Join(unused, ", "))
	}
}

func hasPackage(pkgs []Package, p string) bool {
	for _, q := range pkgs {
		if q.Path == p {
			return true
		}
	}
	return false
}

// graph builds packages from "from: to to ..." lines; each import stands
// in file from/x.go.
func graph(lines ...string) []Package {
	var pkgs []Package
	for _, l := range lines {
		from, tos, _ := strings.Cut(l, ":")
		p := Package{Path: from, Imports: map[string][]string{}}
		for _, to := range strings.Fields(tos) {
			p.Imports[to] = []string{from + "/x.go"}
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// TestCheck runs the checker with the real table on synthetic import
// graphs: each rule is reported when broken, with the file, the import
// and the rule's number, and not when kept.
func TestCheck(t *testing.T) {
	type want struct {
		rule     int
		from, to string
	}
	// The graph every case adds to: the target layout, which keeps all rules.
	layout := []string{
		"internal/leb128:",
		"internal/samples:",
		"dwarfcore/target:",
		"dwarfcore/lang: dwarfcore/target",
		"dwarfcore/dw:",
		"dwarfcore/internal/bytewriter: internal/leb128",
		"dwarfcore: dwarfcore/lang dwarfcore/target dwarfcore/dw dwarfcore/internal/bytewriter",
		"linkcore/codegen: dwarfcore dwarfcore/lang dwarfcore/target",
		"linkcore/amd64: linkcore/codegen dwarfcore dwarfcore/lang internal/leb128",
		"linkcore/elfobj: dwarfcore dwarfcore/target",
		"linkcore/macho: dwarfcore dwarfcore/target",
		"linkcore: dwarfcore dwarfcore/lang linkcore/amd64 linkcore/elfobj linkcore/macho dwarfcore/canon",
		"dwarfcore/canon: dwarfcore/dwarfread",
		"dwarfcore/dwarfread: dwarfcore/dw",
		"dwarfcore/annotate: dwarfcore dwarfcore/dwarfread dwarfcore/dw",
		"internal/buildopts: linkcore linkcore/macho dwarfcore",
		"cmd/dwarfscope: linkcore dwarfcore dwarfcore/dwarfread dwarfcore/lang internal/buildopts",
		"wasm/model: dwarfcore/annotate internal/samples linkcore wasm/el",
		"wasm/el:",
		"internal/verify: dwarfcore/dwarfread linkcore/amd64",
	}
	tests := []struct {
		name    string
		extra   []string
		pending []Exception
		want    []want
	}{
		{name: "target layout"},
		{name: "rule 0: unclassified package", extra: []string{"internal/newthing: dwarfcore"},
			want: []want{{0, "internal/newthing", ""}}},
		{name: "rule 0: import of an unclassified package", extra: []string{"internal/newthing:", "cmd/other: internal/newthing"},
			want: []want{{0, "internal/newthing", ""}}},
		{name: "rule 1: front end imports the emitter", extra: []string{"dwarfcore/lang: dwarfcore/target dwarfcore"},
			want: []want{{1, "dwarfcore/lang", "dwarfcore"}}},
		{name: "rule 1: target imports the DWARF vocabulary", extra: []string{"dwarfcore/target: dwarfcore/dw"},
			want: []want{{1, "dwarfcore/target", "dwarfcore/dw"}}},
		{name: "rule 1: emitter imports the pipeline, a reader, a container writer",
			extra: []string{"dwarfcore: dwarfcore/lang linkcore dwarfcore/annotate linkcore/elfobj"},
			want:  []want{{1, "dwarfcore", "dwarfcore/annotate"}, {1, "dwarfcore", "linkcore"}, {1, "dwarfcore", "linkcore/elfobj"}}},
		{name: "rule 1: code generator imports a container writer and the pipeline",
			extra: []string{"linkcore/amd64: linkcore/codegen linkcore/elfobj linkcore"},
			want:  []want{{1, "linkcore/amd64", "linkcore"}, {1, "linkcore/amd64", "linkcore/elfobj"}}},
		{name: "rule 1: container writer imports the front end, a code generator, the pipeline",
			extra: []string{"linkcore/macho: dwarfcore dwarfcore/lang linkcore/amd64 linkcore"},
			want:  []want{{1, "linkcore/macho", "dwarfcore/lang"}, {1, "linkcore/macho", "linkcore"}, {1, "linkcore/macho", "linkcore/amd64"}}},
		{name: "rule 1: product code imports tooling", extra: []string{"linkcore: dwarfcore internal/verify"},
			want: []want{{1, "linkcore", "internal/verify"}}},
		{name: "rule 2: a reader imports the byte writer", extra: []string{"dwarfcore/annotate: dwarfcore dwarfcore/internal/bytewriter"},
			want: []want{{2, "dwarfcore/annotate", "dwarfcore/internal/bytewriter"}}},
		{name: "rule 2: tooling imports the byte writer", extra: []string{"internal/verify: dwarfcore/internal/bytewriter"},
			want: []want{{2, "internal/verify", "dwarfcore/internal/bytewriter"}}},
		{name: "rule 2: a code generator imports the byte writer", extra: []string{"linkcore/amd64: dwarfcore/internal/bytewriter"},
			want: []want{{2, "linkcore/amd64", "dwarfcore/internal/bytewriter"}}},
		{name: "rule 3: a command imports the ELF writer", extra: []string{"cmd/dwarfscope: linkcore linkcore/elfobj"},
			want: []want{{3, "cmd/dwarfscope", "linkcore/elfobj"}}},
		{name: "rule 3 and 1: the page imports a code generator", extra: []string{"wasm/model: linkcore/amd64"},
			want: []want{{1, "wasm/model", "linkcore/amd64"}, {3, "wasm/model", "linkcore/amd64"}}},
		{name: "rule 3 and 2: the server imports the byte writer", extra: []string{"internal/server: dwarfcore/internal/bytewriter"},
			want: []want{{2, "internal/server", "dwarfcore/internal/bytewriter"}, {3, "internal/server", "dwarfcore/internal/bytewriter"}}},
		{name: "pending exception taken out", extra: []string{"linkcore/macho: linkcore"},
			pending: []Exception{{"linkcore/macho", "linkcore", 1, "test"}}},
		{name: "pending exception that no longer matches", pending: []Exception{{"linkcore/macho", "linkcore", 1, "test"}},
			want: []want{{1, "linkcore/macho", "linkcore"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// extra lines replace the layout's line for the same package
			byPath := map[string]string{}
			var order []string
			for _, l := range append(append([]string{}, layout...), tt.extra...) {
				from, _, _ := strings.Cut(l, ":")
				if _, ok := byPath[from]; !ok {
					order = append(order, from)
				}
				byPath[from] = l
			}
			var lines []string
			for _, from := range order {
				lines = append(lines, byPath[from])
			}
			pol := &Policy{Table: packages, MayImport: mayImport, Pending: tt.pending, File: "arch_test.go"}
			got := pol.Check(graph(lines...))
			var gotKeys []want
			for _, f := range got {
				gotKeys = append(gotKeys, want{f.Rule, f.From, f.To})
				if !strings.Contains(f.Msg, "rule "+strconv.Itoa(f.Rule)) {
					t.Errorf("message does not name rule %d: %s", f.Rule, f.Msg)
				}
				if f.To != "" && !strings.HasPrefix(f.Msg, "pending") &&
					(!strings.Contains(f.Msg, f.From+"/x.go") || !strings.Contains(f.Msg, f.To)) {
					t.Errorf("message does not name the file %s/x.go and the import %s: %s", f.From, f.To, f.Msg)
				}
			}
			if !slices.Equal(gotKeys, tt.want) {
				t.Errorf("findings %v, want %v", gotKeys, tt.want)
				for _, f := range got {
					t.Log(f)
				}
			}
		})
	}
}

// TestTable checks the table itself: every stage has a mayImport row that
// includes itself and Support, and no pattern is listed twice.
func TestTable(t *testing.T) {
	for s := Support; s <= Tooling; s++ {
		may, ok := mayImport[s]
		if !ok {
			t.Errorf("stage %s has no mayImport row", s)
			continue
		}
		if !slices.Contains(may, s) || !slices.Contains(may, Support) {
			t.Errorf("stage %s may not import itself or support: %v", s, may)
		}
	}
	seen := map[string]bool{}
	for _, c := range packages {
		if seen[c.Pattern] {
			t.Errorf("pattern %s listed twice", c.Pattern)
		}
		seen[c.Pattern] = true
	}
}
