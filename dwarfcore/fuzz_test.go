package dwarfcore

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/dwarfcore/target"
)

// byteSource hands out fuzz bytes as choices.
type byteSource struct {
	b []byte
	i int
}

func (s *byteSource) next() int {
	if s.i >= len(s.b) {
		return 0
	}
	s.i++
	return int(s.b[s.i-1])
}

func (s *byteSource) n(k int) int { return s.next() % k }

// randomType builds a type from the byte source (depth-limited).
func randomType(ts *lang.Types, s *byteSource, depth int) *lang.Type {
	k := s.n(14)
	if depth > 3 {
		k %= 4
	}
	switch k {
	case 0:
		return ts.Int(s.n(2) == 1, uint32(s.next()%130))
	case 1:
		return ts.Float([]uint32{16, 32, 64, 80, 128}[s.n(5)])
	case 2:
		return []*lang.Type{ts.Bool, ts.Void, ts.Usize, ts.Anyerror, ts.Noreturn}[s.n(5)]
	case 3:
		return ts.ErrorSet([]string{"A", "B", "C", "D"}[:s.n(5)])
	case 4, 5:
		return ts.Pointer(lang.PointerSpec{Size: lang.PtrSize(s.n(3)), Elem: randomType(ts, s, depth+1),
			Const: s.n(2) == 1, Volatile: s.n(2) == 1, AllowZero: s.n(2) == 1})
	case 6:
		var sent *big.Int
		if s.n(2) == 1 {
			sent = big.NewInt(0)
		}
		return ts.Array(uint64(s.n(9)), randomType(ts, s, depth+1), sent)
	case 7:
		return ts.Optional(randomType(ts, s, depth+1))
	case 8:
		return ts.ErrorUnion(ts.ErrorSet([]string{"A", "E"}), randomType(ts, s, depth+1))
	case 9:
		n := s.n(4)
		var el []*lang.Type
		for range n {
			el = append(el, randomType(ts, s, depth+1))
		}
		return ts.Tuple(el)
	case 10:
		n := s.n(3)
		var ps []*lang.Type
		for range n {
			ps = append(ps, randomType(ts, s, depth+1))
		}
		return ts.Fn(ps, randomType(ts, s, depth+1), lang.CallConv(s.n(2)))
	case 11:
		t := ts.NewContainer(lang.KindStruct, fmt.Sprintf("anon%d", len(ts.All)))
		t.Layout = lang.Layout(s.n(3))
		for i := range s.n(4) {
			ft := randomType(ts, s, depth+1)
			if t.Layout == lang.LayoutPacked {
				ft = ts.Int(false, uint32(s.n(9)))
			}
			t.Fields = append(t.Fields, &lang.Field{Name: fmt.Sprint("f", i), Type: ft, Comptime: s.n(8) == 0})
		}
		ts.Resolve(t)
		return t
	case 12:
		t := ts.NewContainer(lang.KindEnum, fmt.Sprintf("enum%d", len(ts.All)))
		if s.n(2) == 1 {
			t.Tag = ts.Int(true, 8)
		}
		for i := range s.n(4) {
			t.Fields = append(t.Fields, &lang.Field{Name: fmt.Sprint("e", i), Value: big.NewInt(int64(i - 1 + int(boolBit(t.Tag == nil))))})
		}
		ts.Resolve(t)
		return t
	default:
		t := ts.NewContainer(lang.KindUnion, fmt.Sprintf("union%d", len(ts.All)))
		n := s.n(3) + 1
		var tag *lang.Type
		if s.n(2) == 1 {
			tag = ts.NewContainer(lang.KindEnum, t.Name+".Tag")
		}
		for i := range n {
			t.Fields = append(t.Fields, &lang.Field{Name: fmt.Sprint("u", i), Type: randomType(ts, s, depth+1), Value: big.NewInt(int64(i))})
			if tag != nil {
				tag.Fields = append(tag.Fields, &lang.Field{Name: fmt.Sprint("u", i), Value: big.NewInt(int64(i))})
			}
		}
		if tag != nil {
			ts.Resolve(tag)
			t.Tag = tag
		}
		ts.Resolve(t)
		return t
	}
}

// randomProgram builds a program of globals, constants, container
// declarations and functions from the byte source.
func randomProgram(arch *target.Arch, s *byteSource) *progBuilder {
	b := newProg(arch, "fuzz.zig", "fuzz")
	n := s.n(24) + 1
	for i := range n {
		name := fmt.Sprint("d", i)
		line := s.next() + 1
		switch s.n(6) {
		case 0:
			g := b.global(name, randomType(b.ts, s, 0), line)
			g.ThreadLocal = s.n(4) == 0
			g.Export = s.n(4) == 0
			g.Pub = s.n(2) == 0
		case 1:
			b.constant(name, randomType(b.ts, s, 0), line)
		case 2:
			var fields []*lang.Field
			for j := range s.n(5) {
				fields = append(fields, field(fmt.Sprint("f", j), randomType(b.ts, s, 1)))
			}
			b.structDecl(name, lang.LayoutAuto, line, fields...)
		case 3:
			b.enumDecl(name, nil, line, "a", "b", "c")
		case 4:
			b.add(&lang.Decl{Kind: lang.DeclAlias, Name: name, Value: randomType(b.ts, s, 0), Line: line, Col: 1})
		default:
			var params, locals []*lang.Local
			for j := range s.n(4) {
				params = append(params, &lang.Local{Name: fmt.Sprint("p", j), Type: randomType(b.ts, s, 1)})
			}
			for j := range s.n(4) {
				locals = append(locals, &lang.Local{Name: fmt.Sprint("l", j), Type: randomType(b.ts, s, 1)})
			}
			b.fn(name, randomType(b.ts, s, 1), line, params, locals)
		}
	}
	return b
}

func FuzzEmit(f *testing.F) {
	f.Add([]byte{0})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Add([]byte("a fairly long seed that picks many kinds of declarations and types"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &byteSource{b: data}
		opts := Options{Arch: target.All[s.n(len(target.All))], Format: []Format{DWARF32, DWARF64}[s.n(2)], Lines: LineMode(s.n(2)), Annotate: true}
		d, err := New(opts)
		if err != nil {
			t.Fatal(err)
		}
		// Two versions of a program: the second update exercises moves,
		// padding and emptied entries.
		for round := 0; round < 2; round++ {
			out := updateOutput(t, d, randomProgram(opts.Arch, s))
			checkCoverage(t, out)
			if round == 1 {
				checkReadable(t, out)
			}
		}
	})
}
