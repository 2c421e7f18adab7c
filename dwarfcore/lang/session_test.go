package lang

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/internal/corpus"
)

// dumpProgram writes everything a consumer can see of prog, with types
// described by their contents and declarations, locals and anonymous
// data by name, so two programs compare by what they say, not by pointer
// identity or the order of Types.All.
func dumpProgram(prog *Program) string {
	var b strings.Builder
	fmt.Fprintf(&b, "path %s module %s root %s errors %v\n", prog.Path, prog.Module, prog.Root.Name, prog.Errors)
	for _, d := range prog.Root.Scope {
		fmt.Fprintf(&b, "scope %s\n", d.FQN)
	}
	for _, a := range prog.Anons {
		fmt.Fprintf(&b, "anon %s ", a.Name)
		dumpValue(&b, reflect.ValueOf(a.Value), 0)
		b.WriteByte('\n')
	}
	for _, d := range prog.Decls {
		fmt.Fprintf(&b, "decl ")
		dumpValue(&b, reflect.ValueOf(*d), 0)
		if d.Value != nil && d.Value.Decl == d {
			b.WriteString("\n  type ")
			dumpType(&b, d.Value, 0)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func dumpType(b *strings.Builder, t *Type, depth int) {
	if t == nil {
		b.WriteString("nil")
		return
	}
	fmt.Fprintf(b, "%s{k%d s%d a%d", t.Name, t.Kind, t.Size, t.Align)
	if depth > 0 {
		b.WriteString("}")
		return
	}
	v := reflect.ValueOf(*t)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if f.Name == "ID" || f.Name == "Scope" || !f.IsExported() {
			continue
		}
		fmt.Fprintf(b, " %s:", f.Name)
		dumpValue(b, v.Field(i), depth+1)
	}
	b.WriteString("}")
}

func dumpValue(b *strings.Builder, v reflect.Value, depth int) {
	if depth > 40 {
		b.WriteString("...")
		return
	}
	switch x := v.Interface().(type) {
	case *Type:
		dumpType(b, x, depth)
		return
	case *Decl:
		if x == nil {
			b.WriteString("nil")
		} else {
			b.WriteString("decl:" + x.FQN)
		}
		return
	case *Anon:
		if x == nil {
			b.WriteString("nil")
		} else {
			b.WriteString("anon:" + x.Name)
		}
		return
	case *Local:
		if x == nil {
			b.WriteString("nil")
		} else {
			fmt.Fprintf(b, "local:%s#%d@%d:%d", x.Name, x.Index, x.Line, x.Col)
		}
		return
	case *Block:
		if x != nil && depth > 0 && v.Type() == reflect.TypeOf(x) {
			// a Local's Scope: named by position only
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		if v.Type().String() == "*big.Int" || v.Type().String() == "*big.Float" {
			fmt.Fprint(b, v.Interface())
			return
		}
		dumpValue(b, v.Elem(), depth+1)
	case reflect.Struct:
		b.WriteString(v.Type().Name() + "{")
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Name == "Version" || f.Name == "Parent" || f.Name == "Scope" {
				continue
			}
			fmt.Fprintf(b, "%s:", f.Name)
			dumpValue(b, v.Field(i), depth+1)
			b.WriteByte(' ')
		}
		b.WriteString("}")
	case reflect.Slice:
		b.WriteString("[")
		for i := range v.Len() {
			dumpValue(b, v.Index(i), depth+1)
			b.WriteByte(',')
		}
		b.WriteString("]")
	default:
		fmt.Fprint(b, v.Interface())
	}
}

// randomEdit applies one random text edit to src: values, blank lines,
// added, removed, duplicated and renamed declarations, swapped lines,
// broken syntax.
func randomEdit(r *rand.Rand, src string, n int) string {
	lines := strings.Split(src, "\n")
	at := r.IntN(len(lines))
	switch r.IntN(9) {
	case 0, 1: // change a number on a line, often an added declaration
		for k := at; k < len(lines) && r.IntN(3) != 0; k++ {
			if strings.HasPrefix(lines[k], "const zq") || strings.HasPrefix(lines[k], "pub const zr") {
				at = k
				break
			}
		}
		l := lines[at]
		for i := 0; i < len(l); i++ {
			if l[i] >= '0' && l[i] <= '9' && (i == 0 || !isWordByte(l[i-1])) {
				j := i
				for j < len(l) && isWordByte(l[j]) {
					j++
				}
				lines[at] = l[:i] + strconv.Itoa(r.IntN(300)) + l[j:]
				break
			}
		}
	case 2: // blank line
		lines = append(lines[:at], append([]string{""}, lines[at:]...)...)
	case 3: // remove a line
		lines = append(lines[:at], lines[at+1:]...)
	case 4, 5: // add a declaration
		var d string
		switch r.IntN(4) {
		case 0:
			d = fmt.Sprintf("const zq%d: u32 = %d;", n, r.IntN(100))
		case 1:
			d = fmt.Sprintf("var zv%d: i16 = -%d;", r.IntN(4), r.IntN(100))
		case 2:
			d = fmt.Sprintf("const zq%d = zq%d + 1;", n, r.IntN(n+1))
		default:
			d = fmt.Sprintf("pub const zr%d: [2]u8 = .{ %d, 2 };", n, r.IntN(300))
		}
		// mostly at the top level: before the next top-level line
		for k := at; k < len(lines) && r.IntN(8) != 0; k++ {
			if l := lines[k]; l != "" && isWordStart(l[0]) {
				at = k
				break
			}
		}
		lines = append(lines[:at], append([]string{d}, lines[at:]...)...)
	case 6: // duplicate a line
		lines = append(lines[:at], append([]string{lines[at]}, lines[at:]...)...)
	case 7: // swap two lines
		if at+1 < len(lines) {
			lines[at], lines[at+1] = lines[at+1], lines[at]
		}
	case 8: // rename: a changed character in a word
		l := lines[at]
		if i := strings.IndexAny(l, "cvSf"); i >= 0 {
			lines[at] = l[:i] + "x" + l[i+1:]
		}
	}
	return strings.Join(lines, "\n")
}

// TestSessionEqualsCompile applies random edit sequences to generated
// programs through a Session and checks every result against a fresh
// Compile: the same declarations, types, values, IR and errors.
func TestSessionEqualsCompile(t *testing.T) {
	edits := 800
	if testing.Short() {
		edits = 300
	}
	if s := os.Getenv("DWARFSCOPE_LANG_EDITS"); s != "" {
		edits, _ = strconv.Atoi(s)
	}
	r := rand.New(rand.NewPCG(3, 5))
	var sess *Session
	var src, good string
	incr, nerr := 0, 0
	whys := map[int]int{}
	for i := range edits {
		if i%100 == 0 {
			src = string(corpus.Sized(60+r.IntN(60), uint64(i)))
			sess = NewSession(Config{})
			good = src
		}
		src = randomEdit(r, src, i)
		if i%100 != 0 && r.IntN(4) == 0 {
			// and another one, so that errors are also fixed
			src = randomEdit(r, src, i)
		}
		before := sess.Stats.Incremental
		got, gerr := sess.Update("sized.zig", []byte(src))
		if sess.Stats.Incremental > before {
			incr++
		}
		want, werr := Compile("sized.zig", []byte(src), nil)
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Fatalf("edit %d: errors differ:\nsession: %v\ncompile: %v", i, gerr, werr)
		}
		if werr != nil {
			nerr++
			if r.IntN(4) != 0 {
				src = good // fix the error
			}
			continue
		}
		good = src
		whys[sess.why]++
		if g, w := dumpProgram(got), dumpProgram(want); g != w {
			gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
			for k := range min(len(gl), len(wl)) {
				if gl[k] != wl[k] {
					t.Fatalf("edit %d (incremental %v): programs differ at line %d:\nsession: %s\ncompile: %s", i, sess.Stats.Incremental > before, k, gl[k], wl[k])
				}
			}
			t.Fatalf("edit %d: programs differ in length %d vs %d", i, len(gl), len(wl))
		}
	}
	t.Logf("%d edits, %d served incrementally, %d with errors; fallback reasons %v", edits, incr, nerr, whys)
	if incr == 0 {
		t.Errorf("no edit took the incremental path")
	}
}
