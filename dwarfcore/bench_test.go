package dwarfcore

import (
	"fmt"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// benchProgram has n declarations: globals of varied types, structs and
// functions with locals.
func benchProgram(n int) *progBuilder {
	b := newProg(target.X86_64, "bench.zig", "bench")
	ts := b.ts
	types := []*lang.Type{ts.Int(false, 32), ts.Int(true, 64), ts.Bool, ts.Float(64),
		ts.Optional(ts.Int(false, 32)), ts.Pointer(lang.PointerSpec{Size: lang.PtrSlice, Elem: ts.Int(false, 8), Const: true})}
	for i := 0; i < n; i++ {
		name := fmt.Sprint("d", i)
		switch i % 4 {
		case 0, 1:
			b.global(name, types[i%len(types)], i+1)
		case 2:
			_, t := b.structDecl(name, lang.LayoutAuto, i+1,
				field("a", types[i%len(types)]), field("b", ts.Array(uint64(i%7+1), ts.Int(false, 16), nil)))
			types = append(types[:6], t)
		default:
			b.fn(name, ts.Void, i+1, []*lang.Local{{Name: "x", Type: types[0]}}, []*lang.Local{{Name: "y", Type: types[1]}})
		}
	}
	return b
}

func BenchmarkEmit(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		p := benchProgram(n)
		code := p.code()
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			var size int
			for b.Loop() {
				d, err := New(Options{Lines: LinesPlain})
				if err != nil {
					b.Fatal(err)
				}
				d.SetKeepLog(false)
				if err := d.Update(p.p, code); err != nil {
					b.Fatal(err)
				}
				relocs, err := d.resolveRelocs()
				if err != nil || len(relocs) == 0 {
					b.Fatal(err)
				}
				size = 0
				for id := range NumSections {
					size += int(d.sections[id].size())
				}
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
}

// BenchmarkEmitWithMap includes Output: copies and the annotated map.
func BenchmarkEmitWithMap(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		p := benchProgram(n)
		code := p.code()
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Emit(p.p, code, Options{Lines: LinesPlain}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUpdateUnchanged re-emits an unchanged 10,000-declaration
// program into an existing state.
func BenchmarkUpdateUnchanged(b *testing.B) {
	p := benchProgram(10000)
	code := p.code()
	d, err := New(Options{Lines: LinesPlain})
	if err != nil {
		b.Fatal(err)
	}
	if err := d.Update(p.p, code); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := d.Update(p.p, code); err != nil {
			b.Fatal(err)
		}
	}
}
