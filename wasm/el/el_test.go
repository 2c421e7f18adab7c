package el

import (
	"fmt"
	"html"
	"math"
	"testing"
)

func TestEscapesByConstruction(t *testing.T) {
	tests := []struct {
		name string
		got  HTML
		want string
	}{
		{"text", New("div").Class("err").Text(`<script>alert("x")</script> & co`).HTML(),
			`<div class="err">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co</div>`},
		{"attribute value", New("span").Attr("title", `a" onmouseover="evil`).HTML(),
			`<span title="a&#34; onmouseover=&#34;evil"></span>`},
		{"apostrophe", New("span").Attr("title", `it's`).Text(`'`).HTML(),
			`<span title="it&#39;s">&#39;</span>`},
		{"attribute name dropped", New("span").Attr(`x onclick`, "1").Attr("data-line", "3").HTML(),
			`<span data-line="3"></span>`},
		{"bad tag writes nothing", New("div><script").Text("x").HTML(), ``},
		{"bad tag inside", New("p").Add(New("b c").Add(New("i").Text("x")), Text("y")).HTML(), `<p>y</p>`},
		{"nested", New("p").Add(New("b").Text("<1>"), Text(" & "), New("i").Text("2").HTML()).HTML(),
			`<p><b>&lt;1&gt;</b> &amp; <i>2</i></p>`},
		{"int attribute", New("div").AttrInt("data-off", -12).HTML(), `<div data-off="-12"></div>`},
		{"void", New("br").HTML(), `<br>`},
		{"join", Join(New("a").HTML(), New("b").HTML()), `<a></a><b></b>`},
		{"svg self-closes empty elements", New("svg").Add(New("rect").Attr("x", "1"), New("text").Text("a<b")).HTML(),
			`<svg><rect x="1"/><text>a&lt;b</text></svg>`},
	}
	for _, tc := range tests {
		if tc.got.String() != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, tc.got, tc.want)
		}
	}
}

// TestBuilder writes markup with a Builder and compares it with the
// expected text: escaping of text and attribute values (also values
// written in pieces), numbers as fmt writes them, attributes given too
// late or with bad names dropped, invalid tags writing nothing, void
// and SVG elements.
func TestBuilder(t *testing.T) {
	const evil = `<a href="x">'&'</a>`
	const evilEsc = `&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;`
	tests := []struct {
		name  string
		build func(b *Builder)
		want  string
	}{
		{"text escaped", func(b *Builder) { b.Open("p").Text(evil).Close() }, `<p>` + evilEsc + `</p>`},
		{"attribute escaped", func(b *Builder) { b.Open("p").Attr("title", evil).Class(evil).Close() },
			`<p title="` + evilEsc + `" class="` + evilEsc + `"></p>`},
		{"attribute in pieces escaped", func(b *Builder) {
			b.Open("p").AttrStart("title").Text(`"`).Uint(7).Text(`<`).AttrEnd().Text("x").Close()
		}, `<p title="&#34;7&lt;">x</p>`},
		{"attribute in pieces ended by content", func(b *Builder) {
			b.Open("p").AttrStart("title").Text("a").Open("i").Close().Close()
		}, `<p title="a"><i></i></p>`},
		{"attribute in pieces ended by the next", func(b *Builder) {
			b.Open("p").AttrStart("a").Int(-1).Attr("b", "2").Close()
		}, `<p a="-1" b="2"></p>`},
		{"attribute after content dropped", func(b *Builder) { b.Open("p").Text("x").Attr("id", "y").AttrStart("z").Close() }, `<p>x</p>`},
		{"attribute outside an element dropped", func(b *Builder) { b.Attr("id", "y").Text("t") }, `t`},
		{"bad attribute name dropped", func(b *Builder) { b.Open("p").Attr(`on"x`, "1").AttrInt("a b", 1).AttrStart("").Text("t").Close() }, `<p>t</p>`},
		{"bad tag writes nothing", func(b *Builder) {
			b.Open("div").Open("x y").Attr("a", "1").Text("hidden").Open("b").Text("hidden").Close().Close().Text("shown").Close()
		}, `<div>shown</div>`},
		{"numbers", func(b *Builder) {
			b.Open("p").AttrInt("i", math.MinInt64).AttrUint("u", math.MaxUint64).AttrFloat("f", 2.25, 1).AttrFloat("g", 1e21, -1).AttrFloat("h", 0.1, -1)
			b.Text("0x").Hex(0xbeef).Text(" ").HexPad(0xa, 8).Text(" ").HexPad(0x123, 2).Text(" ").Float(-1.0/3, 2)
			b.Close()
		}, `<p i="-9223372036854775808" u="18446744073709551615" f="2.2" g="1e+21" h="0.1">0xbeef 0000000a 123 -0.33</p>`},
		{"bool", func(b *Builder) { b.Open("b").AttrBool("aria-pressed", true).AttrBool("aria-checked", false).Close() },
			`<b aria-pressed="true" aria-checked="false"></b>`},
		{"void", func(b *Builder) { b.Open("p").Open("br").Close().Open("input").Attr("a", "1").Close().Close() }, `<p><br><input a="1"></p>`},
		{"empty html element keeps its end tag", func(b *Builder) { b.Open("div").Close() }, `<div></div>`},
		{"svg element", func(b *Builder) {
			b.Open("svg").Open("g").Open("rect").AttrFloat("x", 1.5, -1).Close().Open("text").Text("<>").Close().Close().Close().Open("i").Close()
		}, `<svg><g><rect x="1.5"/><text>&lt;&gt;</text></g></svg><i></i>`},
		{"svg content builder", func(b *Builder) { b.SVG().Open("path").Attr("d", "M0 0").Close().Open("g").Close() }, `<path d="M0 0"/><g/>`},
		{"add built markup", func(b *Builder) {
			b.Open("div").Class("x").Add(New("b").Text("<").HTML()).Elem(New("i").Text("&")).Close()
		}, `<div class="x"><b>&lt;</b><i>&amp;</i></div>`},
		{"HTML closes open elements", func(b *Builder) { b.Open("div").Open("span").AttrStart("title").Text("t") }, `<div><span title="t"></span></div>`},
		{"close without open", func(b *Builder) { b.Close().Text("a").Close() }, `a`},
		{"deep nesting", func(b *Builder) {
			for range 40 {
				b.Open("i")
			}
		}, func() string {
			s := ""
			for range 40 {
				s = "<i>" + s + "</i>"
			}
			return s
		}()},
	}
	for _, tc := range tests {
		var b Builder
		tc.build(&b)
		if got := b.HTML().String(); got != tc.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestEscapeMatchesStdlib holds the builder's escaping to
// html.EscapeString's on strings with every special character, at the
// start, the end and in runs.
func TestEscapeMatchesStdlib(t *testing.T) {
	for _, s := range []string{"", "plain", `<`, `>>`, `&amp;`, `"'"'`, `a<b>c&d"e'f`, "ü<ß>€", "\x00<\xff"} {
		var b Builder
		b.Text(s)
		if got, want := b.String(), html.EscapeString(s); got != want {
			t.Errorf("Text(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestNumbersMatchFmt holds the number writers to the fmt verbs the views
// used before them.
func TestNumbersMatchFmt(t *testing.T) {
	for _, f := range []float64{0, 1, -1, 0.05, 0.15, 1.25, 2.675, 150, 1000, 1e6, 123456789.125, 1e-7, 12.3456} {
		for _, prec := range []int{-1, 1, 2} {
			var b Builder
			b.Float(f, prec)
			want := fmt.Sprintf("%g", f)
			if prec >= 0 {
				want = fmt.Sprintf("%.*f", prec, f)
			}
			if got := b.String(); got != want {
				t.Errorf("Float(%v, %d) = %s, want %s", f, prec, got, want)
			}
		}
	}
	for _, v := range []uint64{0, 1, 0xf, 0x10, 0xdeadbeef, math.MaxUint64} {
		for _, w := range []int{0, 2, 8} {
			var b Builder
			b.HexPad(v, w)
			if got, want := b.String(), fmt.Sprintf("%0*x", w, v); got != want {
				t.Errorf("HexPad(%#x, %d) = %s, want %s", v, w, got, want)
			}
		}
	}
}

// BenchmarkBuilderRow is one inspector-like row: the Builder writes it
// into its buffer; the allocations are the buffer's growth and the result.
func BenchmarkBuilderRow(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var w Builder
		w.Grow(256)
		for j := range 8 {
			w.Open("tr").AttrInt("data-sec", 1).AttrUint("data-off", uint64(j*40)).Attr("data-x", "DW_AT_name")
			w.Open("td").Class("off").Text("0x").Hex(uint64(j * 40)).Close()
			w.Open("td").Class("val").Text(`"origin"`).Close()
			w.Close()
		}
		_ = w.String()
	}
}
