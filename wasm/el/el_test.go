package el

import "testing"

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
		{"attribute name dropped", New("span").Attr(`x onclick`, "1").Attr("data-line", "3").HTML(),
			`<span data-line="3"></span>`},
		{"bad tag writes nothing", New("div><script").Text("x").HTML(), ``},
		{"nested", New("p").Add(New("b").Text("<1>"), Text(" & "), New("i").Text("2").HTML()).HTML(),
			`<p><b>&lt;1&gt;</b> &amp; <i>2</i></p>`},
		{"int attribute", New("div").AttrInt("data-off", -12).HTML(), `<div data-off="-12"></div>`},
		{"void", New("br").HTML(), `<br>`},
		{"join", Join(New("a").HTML(), New("b").HTML()), `<a></a><b></b>`},
	}
	for _, tc := range tests {
		if tc.got.String() != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, tc.got, tc.want)
		}
	}
}
