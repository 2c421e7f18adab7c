package model

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// editor16 is the page's editor as static/explorer.js sees it: its text
// in UTF-16 code units, and the text the Go side last got (sent) with
// that text's version.
type editor16 struct {
	text, sent []uint16
	version    int
}

func units(s string) []uint16 { return utf16.Encode([]rune(s)) }

// str is what the Go side gets for a JavaScript string (TextEncoder: a
// lone surrogate becomes U+FFFD, as utf16.Decode makes it).
func str(u []uint16) string { return string(utf16.Decode(u)) }

func isHigh(c uint16) bool { return c >= 0xD800 && c < 0xDC00 }
func isLow(c uint16) bool  { return c >= 0xDC00 && c < 0xE000 }

// changedRange16 is explorer.js's changedRange: the longest common prefix
// and then suffix of old and text in code units, never splitting a
// surrogate pair of either.
func changedRange16(old, text []uint16) (p, q int) {
	m := min(len(old), len(text))
	for p < m && old[p] == text[p] {
		p++
	}
	for q < m-p && old[len(old)-1-q] == text[len(text)-1-q] {
		q++
	}
	if p > 0 && (isHigh(text[p-1]) || isHigh(old[p-1])) {
		p--
	}
	if q > 0 && (isLow(text[len(text)-q]) || isLow(old[len(old)-q])) {
		q--
	}
	return p, q
}

// at returns the code-unit offset of needle in the editor's text (after
// its end with after), failing the test when it is not there.
func (e *editor16) at(t *testing.T, needle string, after bool) int {
	t.Helper()
	u, n := e.text, units(needle)
	for i := 0; i+len(n) <= len(u); i++ {
		if slices.Equal(u[i:i+len(n)], n) {
			if after {
				return i + len(n)
			}
			return i
		}
	}
	t.Fatalf("%q is not in the editor", needle)
	return 0
}

// replace replaces code units lo..hi of the editor's text with ins.
func (e *editor16) replace(lo, hi int, ins []uint16) {
	out := append([]uint16{}, e.text[:lo]...)
	out = append(out, ins...)
	e.text = append(out, e.text[hi:]...)
}

// sameState fails the test when the two apps differ in anything a page
// shows of the source's build.
func sameState(t *testing.T, step string, got, want *App) {
	t.Helper()
	if got.S.Source != want.S.Source {
		t.Fatalf("%s: source\n%q\nwant\n%q", step, got.S.Source, want.S.Source)
	}
	if got.S.Version != want.S.Version || got.Generation != want.Generation || got.S.Updates != want.S.Updates {
		t.Errorf("%s: version %d generation %d updates %d, want %d %d %d", step, got.S.Version, got.Generation, got.S.Updates,
			want.S.Version, want.Generation, want.S.Updates)
	}
	if g, w := fmt.Sprint(got.S.Errors), fmt.Sprint(want.S.Errors); g != w {
		t.Errorf("%s: errors %s, want %s", step, g, w)
	}
	if !bytes.Equal(got.S.Image(), want.S.Image()) {
		t.Errorf("%s: the images differ", step)
	}
	if g, w := fmt.Sprint(got.Patches()), fmt.Sprint(want.Patches()); g != w {
		t.Errorf("%s: the views differ", step)
	}
}

// TestEditRange checks that range edits, as the page's editor sends them,
// leave the App in the state whole-text edits of the same texts give:
// insertions, deletions and replacements at the start, the end and the
// middle, with multi-byte UTF-8, characters above U+FFFF (two UTF-16
// units), a lone surrogate, and CRLF line ends.
func TestEditRange(t *testing.T) {
	src := "// Dwarf: é ü ∑ 😀 in a comment\r\n" + "const greeting = \"héllo 🌍\";\r\n" + "const Point = struct {\n    x: i32 = 0,\n    y: i32 = 0,\n};\n" +
		"var origin: Point = .{ .x = 0, .y = 0 };\n" + "pub fn main() void {}\n"
	rangeApp, wholeApp := NewApp(), NewApp()
	for _, a := range []*App{rangeApp, wholeApp} {
		if err := a.Load("main.zig", src, DefaultOptions()); err != nil {
			t.Fatal(err)
		}
		a.Patches()
	}
	if len(rangeApp.S.Errors) > 0 {
		t.Fatalf("the test's source has errors: %v", rangeApp.S.Errors)
	}
	ed := &editor16{text: units(src), sent: units(src), version: rangeApp.S.Version}
	// A textarea gives CRLF back as LF: the first edit's range covers them.
	ed.text = units(strings.ReplaceAll(src, "\r\n", "\n"))
	type edit struct {
		name string
		// lo and hi are the replaced code units, from needles (hi "":
		// an insertion at lo).
		lo, hi           string
		loAfter, hiAfter bool
		ins              string
	}
	edits := []edit{
		{name: "insert at the start", lo: "// Dwarf", ins: "//x\n"},
		{name: "insert at the end", lo: "pub fn main() void {}\n", loAfter: true, ins: "const tail: u8 = 1;\n"},
		{name: "insert in the middle", lo: ".x = 0", loAfter: true, ins: "1"},
		{name: "delete in the middle", lo: ".x = 01", hi: ".x = 01", loAfter: false, hiAfter: true, ins: ".x = 0"},
		{name: "replace a name", lo: "greeting", hi: "greeting", hiAfter: true, ins: "grüße"},
		{name: "emoji typed into a comment", lo: "in a comment", ins: "🎉"},
		{name: "emoji before an emoji", lo: "😀", ins: "😁"},
		{name: "emoji after an emoji", lo: "😀", loAfter: true, ins: "😂"},
		{name: "emoji replaced by one with the same high surrogate", lo: "😀", hi: "😀", hiAfter: true, ins: "😃"},
		{name: "emoji deleted", lo: "😃", hi: "😃", hiAfter: true, ins: ""},
		{name: "emoji into a string", lo: "🌍", loAfter: true, ins: "🌎"},
		{name: "multi-byte replaced by ASCII", lo: "é ü", hi: "é ü", hiAfter: true, ins: "e u"},
		{name: "CRLF typed", lo: "const Point", ins: "const crlf: u8 = 2;\r\n"},
		{name: "a lone high surrogate", lo: "in a comment", ins: "\xed"}, // replaced below
		{name: "its low surrogate after it", lo: "in a comment", ins: "\xee"},
		{name: "delete at the start", lo: "//x\n", hi: "//x\n", hiAfter: true, ins: ""},
		{name: "delete at the end", lo: "const tail: u8 = 1;\n", hi: "const tail: u8 = 1;\n", hiAfter: true, ins: ""},
		{name: "delete all", lo: "", hi: "", ins: ""},
		{name: "insert into an empty source", lo: "", ins: src},
	}
	for _, e := range edits {
		var lo, hi int
		switch {
		case e.name == "delete all":
			lo, hi = 0, len(ed.text)
		case e.lo == "":
			lo, hi = 0, 0
		default:
			lo = ed.at(t, e.lo, e.loAfter)
			hi = lo
			if e.hi != "" {
				hi = ed.at(t, e.hi, e.hiAfter)
			}
		}
		ins := units(e.ins)
		switch e.ins {
		case "\xed":
			ins = []uint16{0xD83D}
		case "\xee":
			ins = []uint16{0xDE80}
			lo = ed.at(t, "in a comment", false) // after the lone 0xD83D
			hi = lo
		}
		ed.replace(lo, hi, ins)
		p, q := changedRange16(ed.sent, ed.text)
		v, ok := rangeApp.EditRange(ed.version, p, q, str(ed.text[p:len(ed.text)-q]))
		if !ok {
			t.Fatalf("%s: range %d, %d refused", e.name, p, q)
		}
		wholeApp.Edit(str(ed.text))
		ed.sent, ed.version = append([]uint16{}, ed.text...), v
		sameState(t, e.name, rangeApp, wholeApp)
		if e.ins == "\xee" && !strings.Contains(rangeApp.S.Source, "🚀in a comment") {
			t.Errorf("the two lone surrogates did not become one character: %q", rangeApp.S.Source)
		}
	}
}

// TestEditRangeRandom applies random edits of random UTF-16 text (ASCII,
// two- and three-byte UTF-8, surrogate pairs, lone surrogates, CR and LF)
// as ranges and as whole texts and compares the two apps after each.
func TestEditRangeRandom(t *testing.T) {
	src, _ := SampleSource(DefaultSample)
	rangeApp, wholeApp := NewApp(), NewApp()
	for _, a := range []*App{rangeApp, wholeApp} {
		if err := a.Load("main.zig", src, DefaultOptions()); err != nil {
			t.Fatal(err)
		}
		a.Patches()
	}
	ed := &editor16{text: units(src), sent: units(src), version: rangeApp.S.Version}
	pieces := [][]uint16{units("a"), units(" "), units("\n"), units("\r\n"), units("é"), units("∑"), units("😀"), units("😁"),
		{0xD83D}, {0xDE00}, units("const x: u8 = 1;\n"), units("// ü\n")}
	r := rand.New(rand.NewPCG(13, 1))
	for i := 0; i < 150; i++ {
		// Between one and three edits before each send (the page
		// coalesces a burst of keys into one edit).
		for k := r.IntN(3); k >= 0; k-- {
			lo := r.IntN(len(ed.text) + 1)
			hi := lo
			if r.IntN(3) == 0 {
				hi = min(len(ed.text), lo+r.IntN(6))
			}
			var ins []uint16
			for n := r.IntN(3); n > 0; n-- {
				ins = append(ins, pieces[r.IntN(len(pieces))]...)
			}
			ed.replace(lo, hi, ins)
		}
		p, q := changedRange16(ed.sent, ed.text)
		v, ok := rangeApp.EditRange(ed.version, p, q, str(ed.text[p:len(ed.text)-q]))
		if !ok {
			t.Fatalf("edit %d: range %d, %d refused", i, p, q)
		}
		wholeApp.Edit(str(ed.text))
		ed.sent, ed.version = append([]uint16{}, ed.text...), v
		sameState(t, fmt.Sprintf("edit %d", i), rangeApp, wholeApp)
	}
}

// TestEditRangeRefused checks that a range for a version other than the
// source's (after a sample, an option, a whole-text edit) or one that
// does not fit the source changes nothing.
func TestEditRangeRefused(t *testing.T) {
	a := NewApp()
	if err := a.LoadSample(DefaultSample); err != nil {
		t.Fatal(err)
	}
	src := "// 😀 é\n" + a.S.Source
	a.Edit(src)
	v := a.S.Version
	n16 := len(units(src))
	stale := func(name string, change func()) {
		t.Helper()
		old := a.S.Version
		change()
		if a.S.Version == old {
			t.Fatalf("%s: the version did not change", name)
		}
		before, gen := a.S.Source, a.Generation
		if _, ok := a.EditRange(old, 0, 0, "x"); ok {
			t.Errorf("%s: a range for the version before was applied", name)
		}
		if a.S.Source != before || a.Generation != gen {
			t.Errorf("%s: a refused range changed the source", name)
		}
	}
	for _, c := range []struct {
		name     string
		pre, suf int
	}{
		{"longer than the source", n16, 1},
		{"negative prefix", -1, 0},
		{"negative suffix", 0, -1},
		{"prefix inside the emoji", 4, 0},
		{"suffix inside the emoji", 0, n16 - 4},
	} {
		if _, ok := a.EditRange(v, c.pre, c.suf, "x"); ok {
			t.Errorf("%s: range %d, %d applied", c.name, c.pre, c.suf)
		}
		if a.S.Source != src || a.S.Version != v {
			t.Fatalf("%s: a refused range changed the source", c.name)
		}
	}
	if _, ok := a.EditRange(v, 3, n16-5, "🎉"); !ok {
		t.Fatal("a range around the emoji was refused")
	}
	if want := "// 🎉 é\n"; !strings.HasPrefix(a.S.Source, want) {
		t.Errorf("source starts %q, want %q", a.S.Source[:12], want)
	}
	stale("a whole-text edit", func() { a.Edit(a.S.Source + "\n") })
	stale("a sample", func() { a.LoadSample("optional.zig") })
	stale("an option", func() { a.SetOption("container", "elf") })
}

// BenchmarkEditRangeOffsets measures finding a range's bytes in a
// 2,000-declaration source (175 KB) with one character above U+FFFF at
// its start, which makes EditRange walk the source.
func BenchmarkEditRangeOffsets(b *testing.B) {
	src := "// 😀\n" + strings.Repeat("const a: u32 = 1; // some text for the line\n", 4000)
	n16 := len(units(src))
	for b.Loop() {
		if _, ok := offsetAfter16(src, n16/2); !ok {
			b.Fatal("offset")
		}
		if _, ok := offsetBefore16(src, n16/2-3); !ok {
			b.Fatal("offset")
		}
	}
}
