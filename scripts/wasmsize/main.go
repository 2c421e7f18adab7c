// Command wasmsize attributes the bytes of a Go WebAssembly module to Go
// packages, and says why a package is linked. scripts/wasm-size.sh runs it
// on the explorer's module; by hand:
//
//	GOOS=js GOARCH=wasm go build -trimpath -o /tmp/app.wasm ./wasm
//	go run ./scripts/wasmsize /tmp/app.wasm
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags=-dumpdep -o /dev/null ./wasm 2>/tmp/deps.txt
//	go run ./scripts/wasmsize -deps /tmp/deps.txt -why regexp
//
// The module must keep its name section (no -ldflags=-s): code is
// attributed by function name. Each package's gzip figure compresses its
// function bodies alone (gzip level 9, as internal/page serves), so the
// figures add up to a little more than the module's gzip size. The data
// section is reported by the parts a Go module has: pclntab (function
// names, pc-value tables, per-function records) and the rest (type
// descriptors, strings, variables), which the linker does not label.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

func main() {
	top := flag.Int("top", 40, "packages to list")
	funcs := flag.Bool("funcs", false, "list functions instead of packages")
	deps := flag.String("deps", "", "linker -dumpdep output (for -why)")
	why := flag.String("why", "", "print how the linker reaches this package (needs -deps)")
	served := flag.Bool("served", false, "print only the module's size and its gzip size as internal/page serves it")
	flag.Parse()
	if *why != "" {
		if err := explain(*deps, *why); err != nil {
			fmt.Fprintln(os.Stderr, "wasmsize:", err)
			os.Exit(1)
		}
		return
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: wasmsize [-top N] [-funcs] module.wasm | wasmsize -deps dumpdep.txt -why PKG")
		os.Exit(2)
	}
	data, err := os.ReadFile(flag.Arg(0))
	if err == nil && *served {
		fmt.Printf("%d bytes, %d bytes gzip\n", len(data), gzipSize(data))
		return
	}
	if err == nil {
		err = report(data, *top, *funcs)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
}

// module is the part of a wasm module the report reads.
type module struct {
	sections []section
	imports  int               // imported functions (they come first in the index space)
	bodies   [][]byte          // code section, one body per defined function
	names    map[uint32]string // name section: function index -> name
	memory   []byte            // linear memory image built from the data segments
	memStart int               // lowest address a data segment writes
	segments [][2]int          // each data segment's start and end address
}

type section struct {
	name string
	size int
}

// reader decodes LEB128 values from a byte slice.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) byte() byte {
	if r.err != nil || r.off >= len(r.b) {
		r.fail()
		return 0
	}
	c := r.b[r.off]
	r.off++
	return c
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errors.New("truncated module")
	}
}

func (r *reader) uleb() uint64 {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		c := r.byte()
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v
		}
	}
	r.fail()
	return 0
}

func (r *reader) sleb() int64 {
	var v int64
	var shift uint
	for {
		c := r.byte()
		v |= int64(c&0x7f) << shift
		shift += 7
		if c&0x80 == 0 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v
		}
		if shift >= 64 {
			r.fail()
			return 0
		}
	}
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || n < 0 || r.off+n > len(r.b) {
		r.fail()
		return nil
	}
	p := r.b[r.off : r.off+n]
	r.off += n
	return p
}

func (r *reader) name() string { return string(r.bytes(int(r.uleb()))) }

var sectionNames = map[byte]string{1: "type", 2: "import", 3: "function", 4: "table", 5: "memory",
	6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount"}

func parse(b []byte) (*module, error) {
	if len(b) < 8 || !bytes.Equal(b[:4], []byte("\x00asm")) {
		return nil, errors.New("not a wasm module")
	}
	m := &module{names: map[uint32]string{}, memStart: -1}
	r := &reader{b: b, off: 8}
	for r.off < len(b) && r.err == nil {
		id := r.byte()
		body := &reader{b: r.bytes(int(r.uleb()))}
		name := sectionNames[id]
		switch id {
		case 0:
			name = "custom " + body.name()
			if name == "custom name" {
				m.readNames(body)
			}
		case 2:
			for n := body.uleb(); n > 0 && body.err == nil; n-- {
				body.name()
				body.name()
				if kind := body.byte(); kind != 0 {
					return nil, fmt.Errorf("import kind %d not handled", kind)
				}
				body.uleb()
				m.imports++
			}
		case 10:
			for n := body.uleb(); n > 0 && body.err == nil; n-- {
				m.bodies = append(m.bodies, body.bytes(int(body.uleb())))
			}
		case 11:
			m.readData(body)
		}
		if body.err != nil {
			return nil, fmt.Errorf("section %s: %v", name, body.err)
		}
		m.sections = append(m.sections, section{name, len(body.b)})
	}
	return m, r.err
}

func (m *module) readNames(r *reader) {
	for r.off < len(r.b) && r.err == nil {
		kind := r.byte()
		sub := &reader{b: r.bytes(int(r.uleb()))}
		if kind != 1 { // function names
			continue
		}
		for n := sub.uleb(); n > 0 && sub.err == nil; n-- {
			idx := uint32(sub.uleb())
			m.names[idx] = sub.name()
		}
		r.err = sub.err
	}
}

// readData lays the active data segments out in a memory image (Go
// writes "flags 0, i32.const offset, end" segments only).
func (m *module) readData(r *reader) {
	for n := r.uleb(); n > 0 && r.err == nil; n-- {
		if flags := r.uleb(); flags != 0 {
			r.err = fmt.Errorf("data segment flags %d not handled", flags)
			return
		}
		if op := r.byte(); op != 0x41 {
			r.err = fmt.Errorf("data segment offset opcode %#x not handled", op)
			return
		}
		off := int(r.sleb())
		r.byte() // end
		seg := r.bytes(int(r.uleb()))
		if off < 0 || off > 1<<30 {
			r.err = fmt.Errorf("data segment offset %d out of range", off)
			return
		}
		if end := off + len(seg); end > len(m.memory) {
			m.memory = append(m.memory, make([]byte, end-len(m.memory))...)
		}
		copy(m.memory[off:], seg)
		if m.memStart < 0 || off < m.memStart {
			m.memStart = off
		}
		m.segments = append(m.segments, [2]int{off, off + len(seg)})
	}
}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// packageOf returns the Go package of a name-section name. The linker
// writes names with every character outside [A-Za-z0-9_.] replaced by
// '_', so "github.com/a/b.F" reads "github.com_a_b.F"; the package is
// what precedes the first '.' after the host name, if any.
func packageOf(name string) string {
	skip := 0
	if h := hostName.FindString(name); h != "" {
		skip = len(h)
	}
	if dot := strings.IndexByte(name[skip:], '.'); dot >= 0 {
		return name[:skip+dot]
	}
	return name
}

// hostName matches the first element of a non-standard import path as
// the name section spells it ("github.com_", "golang.org_", "gopkg.in_").
var hostName = regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|org|net|io|in|dev)_`)

type group struct {
	key   string
	raw   int
	funcs int
	body  []byte
}

func report(b []byte, top int, byFunc bool) error {
	m, err := parse(b)
	if err != nil {
		return err
	}
	if len(m.names) == 0 {
		return errors.New("the module has no name section; build it without -ldflags=-s")
	}
	fmt.Printf("module: %d bytes, gzip %d\n\nsections:\n", len(b), gzipSize(b))
	for _, s := range m.sections {
		fmt.Printf("  %-22s %9d\n", s.name, s.size)
	}
	groups := map[string]*group{}
	var code []byte
	for i, body := range m.bodies {
		name := m.names[uint32(m.imports+i)]
		key := name
		if !byFunc {
			key = packageOf(name)
		}
		g := groups[key]
		if g == nil {
			g = &group{key: key}
			groups[key] = g
		}
		g.raw += len(body)
		g.funcs++
		g.body = append(g.body, body...)
		code = append(code, body...)
	}
	list := make([]*group, 0, len(groups))
	for _, g := range groups {
		list = append(list, g)
	}
	sort.Slice(list, func(i, j int) bool {
		return list[i].raw > list[j].raw || list[i].raw == list[j].raw && list[i].key < list[j].key
	})
	fmt.Printf("\ncode: %d functions, %d bytes, gzip %d\n", len(m.bodies), len(code), gzipSize(code))
	fmt.Printf("  %9s %8s %6s  %s\n", "raw", "gzip", "funcs", map[bool]string{false: "package", true: "function"}[byFunc])
	for i, g := range list {
		if i == top {
			break
		}
		fmt.Printf("  %9d %8d %6d  %s\n", g.raw, gzipSize(g.body), g.funcs, g.key)
	}
	return reportData(m)
}

// reportData splits the memory image at runtime.pclntab (found by its
// header: magic 0xfffffff1, pc quantum 1, pointer size 8).
func reportData(m *module) error {
	if m.memStart < 0 {
		return nil
	}
	mem := m.memory
	// stored counts the bytes of [from, to) that data segments hold (the
	// linker leaves runs of zeroes out of the module).
	stored := func(from, to int) int {
		n := 0
		for _, sg := range m.segments {
			if a, b := max(sg[0], from), min(sg[1], to); a < b {
				n += b - a
			}
		}
		return n
	}
	fmt.Printf("\ndata: %d bytes in %d segments (image %#x-%#x), gzip %d\n", stored(0, len(mem)), len(m.segments),
		m.memStart, len(mem), gzipSize(mem[m.memStart:]))
	fmt.Printf("  %-44s %9s\n", "(bytes the module holds; gzip of the image)", "raw")
	at := bytes.Index(mem, []byte{0xf1, 0xff, 0xff, 0xff, 0, 0, 1, 8})
	if at < 0 || at+8+8*8 > len(mem) {
		fmt.Println("  (no pclntab header found)")
		return nil
	}
	h := mem[at:]
	field := func(k int) uint64 { return binary.LittleEndian.Uint64(h[8+8*k:]) }
	nfunc := field(0)
	names, cu, files, pc, fn := field(3), field(4), field(5), field(6), field(7)
	if !(names <= cu && cu <= files && files <= pc && pc <= fn && fn <= uint64(len(h))) {
		return fmt.Errorf("pclntab header at %#x does not parse", at)
	}
	fmt.Printf("  %-44s %9d gzip %8d\n", "before pclntab: types, strings, rodata", stored(m.memStart, at), gzipSize(mem[m.memStart:at]))
	for _, p := range []struct {
		name     string
		from, to uint64
	}{{"pclntab function names", names, cu}, {"pclntab compilation units", cu, files},
		{"pclntab file names", files, pc}, {"pclntab pc-value tables", pc, fn}} {
		fmt.Printf("  %-44s %9d gzip %8d\n", p.name, stored(at+int(p.from), at+int(p.to)), gzipSize(h[p.from:p.to]))
	}
	rest := h[fn:]
	fmt.Printf("  %-44s %9d gzip %8d  (%d functions)\n",
		"pclntab function records, then data", stored(at+int(fn), len(mem)), gzipSize(rest), nfunc)
	return nil
}

// explain prints, for each symbol of pkg that code outside pkg refers to,
// one chain of references from the program's roots (the linker's "_")
// that keeps it. -dumpdep lists the edges of the reachability walk.
func explain(depsFile, pkg string) error {
	if depsFile == "" {
		return errors.New("-why needs -deps (the output of -ldflags=-dumpdep)")
	}
	f, err := os.Open(depsFile)
	if err != nil {
		return err
	}
	defer f.Close()
	edges := map[string][]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		from, to, ok := strings.Cut(sc.Text(), " -> ")
		if ok {
			edges[from] = append(edges[from], to)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	parent := map[string]string{"_": ""}
	queue := []string{"_"}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, t := range edges[s] {
			if _, seen := parent[t]; !seen {
				parent[t] = s
				queue = append(queue, t)
			}
		}
	}
	var entries []string
	for s, p := range parent {
		if symbolPackage(s) == pkg && p != "" && symbolPackage(p) != pkg && !auxiliary.MatchString(s) {
			entries = append(entries, s)
		}
	}
	sort.Strings(entries)
	fmt.Printf("%d symbols of %s are reached from outside it:\n", len(entries), pkg)
	for _, s := range entries {
		var chain []string
		for x := s; x != "" && len(chain) < 12; x = parent[x] {
			chain = append(chain, x)
		}
		fmt.Println("  " + strings.Join(chain, " <- "))
	}
	return nil
}

// auxiliary matches the function-data symbols (-dumpdep lists edges to
// them from unrelated functions; they do not keep their package).
var auxiliary = regexp.MustCompile(`\.(arginfo\d*|argliveinfo|opendefer|stkobj|wrapinfo)$|\.\.stmp_\d+$|^gclocals·`)

var symbolPrefix = regexp.MustCompile(`^(type:\*?|go:itab\.\*?|go:info\.|gclocals·)`)
var symbolPkg = regexp.MustCompile(`^((?:[\w.~-]+/)*[\w~-]+)\.`)

// symbolPackage returns the package of a linker symbol name such as
// "regexp.MustCompile", "type:*math/big.Int" or "go:itab.*os.File,io.Writer".
func symbolPackage(s string) string {
	s = symbolPrefix.ReplaceAllString(strings.TrimSuffix(s, " <UsedInIface>"), "")
	if m := symbolPkg.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return s
}
