// Package archtest holds dwarfscope's architecture test: the import rules
// that keep the flow source → front end → emitter → container writer in
// one direction, keep dwarfcore's encoding internals inside dwarfcore, and
// keep the page, the server and the commands on the public APIs.
//
// The table that classifies every package of the module (its stage, and
// whether it is a public API) and the stages each stage may import are in
// arch_test.go; this file holds the rule checker they drive and the reader
// of the module's real import graph (go list plus the import lines of
// each file, so that a finding names the file to edit).
//
// The rules, each reported with its number:
//
//  0. every package of the module has a row in the table;
//  1. a package imports only packages of the stages its stage may import
//     (the flow: no import runs against it);
//  2. only dwarfcore and dwarfcore/internal/... import
//     dwarfcore/internal/... (the encoding internals);
//  3. application code (wasm/, web/, cmd/, internal/server and the
//     plumbing they share) imports only public APIs, other application
//     packages and support packages.
//
// Only the non-test imports of a package count: a test may build
// end to end through the pipeline.
package archtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Stage is a package's place in the flow, or beside it.
type Stage int

// The stages. The flow runs Target → FrontEnd → Emitter → CodeGen →
// Container → Pipeline; Reader reads what the emitter wrote; App renders
// and transports; Support and Tooling stand beside the flow.
const (
	Support   Stage = iota + 1 // leaf helpers any stage may import
	Target                     // machine descriptions: address size, DWARF register numbers
	FrontEnd                   // the Zig subset's parser and checker
	Emitter                    // the DWARF 5 emitter, its vocabulary and its byte writer
	CodeGen                    // code generators
	Container                  // container writers (ELF, Mach-O, wasm)
	Pipeline                   // Build, Incremental: front end → code generation → emitter → container
	Reader                     // reads DWARF back: general reader, byte map, canonical form, explanations
	App                        // the page, the server, the commands and the plumbing they share
	Tooling                    // test harnesses, generators and measuring tools
)

var stageNames = [...]string{
	Support:   "support",
	Target:    "target",
	FrontEnd:  "front end",
	Emitter:   "emitter",
	CodeGen:   "code generator",
	Container: "container writer",
	Pipeline:  "pipeline",
	Reader:    "reader",
	App:       "application",
	Tooling:   "tooling",
}

func (s Stage) String() string {
	if s > 0 && int(s) < len(stageNames) {
		return stageNames[s]
	}
	return "Stage(" + strconv.Itoa(int(s)) + ")"
}

// Class is one row of the package table.
type Class struct {
	// Pattern is a module-relative import path ("linkcore/macho"), or a
	// folder and everything below it ("cmd/..."). The longest pattern
	// that matches a package classifies it. A pattern that matches no
	// package is fine: the package comes with a later change.
	Pattern string
	Stage   Stage
	// Public marks the packages application code may import.
	Public bool
}

// Exception is a known break of a rule that a change in progress removes.
// An exception that no longer matches a finding is itself reported, so
// that the list shrinks as the changes land.
type Exception struct {
	From, To string // module-relative import paths
	Rule     int
	Why      string // who removes it
}

// Policy is what the checker enforces.
type Policy struct {
	Table     []Class
	MayImport map[Stage][]Stage
	Pending   []Exception
	// File names the table's file in messages.
	File string
}

// Package is one package of the module as the checker sees it.
type Package struct {
	Path    string              // module-relative import path
	Imports map[string][]string // module-relative import path → files (module-relative) that import it
	// ListError is what go list said was wrong with the package (such
	// as an import of another folder's internal package), or "".
	ListError string
}

// Finding is one broken rule.
type Finding struct {
	Rule     int
	From, To string
	Msg      string
}

func (f Finding) String() string { return f.Msg }

// internalPrefix is the root of dwarfcore's encoding internals.
const internalPrefix = "dwarfcore/internal"

// classify returns the row of the longest pattern that matches p.
func (pol *Policy) classify(p string) (Class, bool) {
	var best Class
	found := false
	for _, c := range pol.Table {
		if !matches(c.Pattern, p) {
			continue
		}
		if !found || len(c.Pattern) > len(best.Pattern) {
			best, found = c, true
		}
	}
	return best, found
}

func matches(pattern, p string) bool {
	if dir, ok := strings.CutSuffix(pattern, "/..."); ok {
		return p == dir || strings.HasPrefix(p, dir+"/")
	}
	return pattern == p
}

func isInternal(p string) bool {
	return p == internalPrefix || strings.HasPrefix(p, internalPrefix+"/")
}

// Check applies the rules to pkgs and returns what breaks them, pending
// exceptions taken out, plus a finding for each pending exception that
// no longer matches anything.
func (pol *Policy) Check(pkgs []Package) []Finding {
	var out []Finding
	used := make([]bool, len(pol.Pending))
	add := func(f Finding) {
		for i, e := range pol.Pending {
			if e.From == f.From && e.To == f.To && e.Rule == f.Rule {
				used[i] = true
				return
			}
		}
		out = append(out, f)
	}
	sorted := slices.Clone(pkgs)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	for _, p := range sorted {
		from, ok := pol.classify(p.Path)
		if !ok {
			add(Finding{Rule: 0, From: p.Path, Msg: fmt.Sprintf(
				"rule 0 (every package classified): package %s has no row in the package table; add one to %s saying its stage (and whether it is a public API)",
				p.Path, pol.File)})
			continue
		}
		imports := make([]string, 0, len(p.Imports))
		for imp := range p.Imports {
			imports = append(imports, imp)
		}
		sort.Strings(imports)
		for _, imp := range imports {
			where := strings.Join(p.Imports[imp], ", ")
			to, ok := pol.classify(imp)
			if !ok {
				continue // reported as rule 0 with the package itself
			}
			if !slices.Contains(pol.MayImport[from.Stage], to.Stage) {
				add(Finding{Rule: 1, From: p.Path, To: imp, Msg: fmt.Sprintf(
					"rule 1 (flow): %s: the import of %s runs against the flow: %s (stage %s) imports %s (stage %s), and stage %s may import only %s. Remove the import (move what it needs to an earlier stage), or, if a package's stage is wrong, fix its row in %s",
					where, imp, p.Path, from.Stage, imp, to.Stage, from.Stage, stageList(pol.MayImport[from.Stage]), pol.File)})
			}
			if isInternal(imp) && p.Path != "dwarfcore" && !isInternal(p.Path) {
				add(Finding{Rule: 2, From: p.Path, To: imp, Msg: fmt.Sprintf(
					"rule 2 (encoding internals): %s: the import of %s reaches into dwarfcore's encoding internals, which only dwarfcore and dwarfcore/internal/... may import; use dwarfcore's public output (bytes, relocation records, layout) or the dw vocabulary instead",
					where, imp)})
			}
			if from.Stage == App && !to.Public && to.Stage != App && to.Stage != Support {
				add(Finding{Rule: 3, From: p.Path, To: imp, Msg: fmt.Sprintf(
					"rule 3 (public APIs): %s: the import of %s reaches past the public APIs: %s is application code and %s (stage %s) is not a public API; import only %s, or mark %s public in %s if it is meant to be one",
					where, imp, p.Path, imp, to.Stage, pol.publicList(), imp, pol.File)})
			}
		}
	}
	for i, e := range pol.Pending {
		if !used[i] {
			out = append(out, Finding{Rule: e.Rule, From: e.From, To: e.To, Msg: fmt.Sprintf(
				"pending exception %s → %s (rule %d, %s) no longer breaks anything: delete it from the pending list in %s",
				e.From, e.To, e.Rule, e.Why, pol.File)})
		}
	}
	return out
}

func stageList(ss []Stage) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.String()
	}
	return strings.Join(names, ", ")
}

func (pol *Policy) publicList() string {
	var pub []string
	for _, c := range pol.Table {
		if c.Public {
			pub = append(pub, c.Pattern)
		}
	}
	return strings.Join(pub, ", ") + " (and application and support packages)"
}

// Unused returns the table's patterns that match none of pkgs: rows for
// packages a later change brings.
func (pol *Policy) Unused(pkgs []Package) []string {
	var out []string
	for _, c := range pol.Table {
		used := false
		for _, p := range pkgs {
			if matches(c.Pattern, p.Path) {
				used = true
				break
			}
		}
		if !used {
			out = append(out, c.Pattern)
		}
	}
	return out
}

// Config is one build configuration the module's packages are listed
// under: some packages build only for js/wasm or wasip1.
type Config struct {
	GOOS, GOARCH string // empty: the host's
}

// listed is the part of `go list -json` the reader uses.
type listed struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	CgoFiles   []string
	Error      *struct{ Err string }
}

// ModulePackages lists the packages of the module rooted at root under
// each configuration (`go list -e -json ./...`) and reads the import
// lines of their Go files (test files left out). A package that builds
// under several configurations gets the union of its imports. Imports
// from outside the module are left out; paths are module-relative.
func ModulePackages(root, module string, configs []Config) ([]Package, error) {
	byPath := map[string]*Package{}
	for _, cfg := range configs {
		cmd := exec.Command("go", "list", "-e", "-json=ImportPath,Dir,GoFiles,CgoFiles,Error", "./...")
		cmd.Dir = root
		cmd.Env = os.Environ()
		if cfg.GOOS != "" {
			cmd.Env = append(cmd.Env, "GOOS="+cfg.GOOS, "GOARCH="+cfg.GOARCH)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("go list (%s/%s): %v: %s", cfg.GOOS, cfg.GOARCH, err, stderr.String())
		}
		dec := json.NewDecoder(bytes.NewReader(out))
		for dec.More() {
			var l listed
			if err := dec.Decode(&l); err != nil {
				return nil, fmt.Errorf("go list (%s/%s): %v", cfg.GOOS, cfg.GOARCH, err)
			}
			rel, ok := relative(module, l.ImportPath)
			if !ok {
				continue
			}
			p := byPath[rel]
			if p == nil {
				p = &Package{Path: rel, Imports: map[string][]string{}}
				byPath[rel] = p
			}
			if l.Error != nil && p.ListError == "" {
				p.ListError = l.Error.Err
			}
			if err := readImports(p, root, module, l.Dir, append(l.GoFiles, l.CgoFiles...)); err != nil {
				return nil, err
			}
		}
	}
	var pkgs []Package
	for _, p := range byPath {
		pkgs = append(pkgs, *p)
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].Path < pkgs[j].Path })
	return pkgs, nil
}

// relative returns the module-relative path of an import path ("." for
// the module's root package).
func relative(module, importPath string) (string, bool) {
	if importPath == module {
		return ".", true
	}
	rest, ok := strings.CutPrefix(importPath, module+"/")
	return rest, ok
}

// readImports adds the module imports of files (names in dir) to p.
func readImports(p *Package, root, module, dir string, files []string) error {
	fset := token.NewFileSet()
	for _, name := range files {
		file := filepath.Join(dir, name)
		f, err := parser.ParseFile(fset, file, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		relFile, err := filepath.Rel(root, file)
		if err != nil {
			return err
		}
		relFile = filepath.ToSlash(relFile)
		for _, spec := range f.Imports {
			ip, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return fmt.Errorf("%s: %v", fset.Position(spec.Pos()), err)
			}
			rel, ok := relative(module, ip)
			if !ok {
				continue
			}
			if !slices.Contains(p.Imports[rel], relFile) {
				p.Imports[rel] = append(p.Imports[rel], relFile)
				sort.Strings(p.Imports[rel])
			}
		}
	}
	return nil
}

// ModuleRoot returns the directory of the go.mod that governs dir and
// the module's path.
func ModuleRoot(dir string) (root, module string, err error) {
	cmd := exec.Command("go", "list", "-m", "-json=Path,Dir")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("go list -m: %v", err)
	}
	var m struct{ Path, Dir string }
	if err := json.Unmarshal(out, &m); err != nil {
		return "", "", err
	}
	return m.Dir, m.Path, nil
}
