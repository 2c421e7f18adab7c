package model

import (
	"fmt"
	"strconv"
	"strings"
	"unsafe"

	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// GutterHTML is the editor's line numbers, the lines with errors marked.
// The numbers are one text node (a line each, as the textarea's lines),
// not an element per line: a program of thousands of lines would make
// every added line cost the browser thousands of elements. A line with an
// error gets a marker laid over its number.
func (a *App) GutterHTML() string {
	n := a.lines.count(a.S.Source)
	marks := a.Marks()
	key := strconv.AppendInt(nil, int64(n), 10)
	for _, m := range marks {
		key = append(key, ',')
		key = strconv.AppendInt(key, int64(m.Line), 10)
	}
	return a.view("gutter", string(key), func() string {
		var sb strings.Builder
		sb.Grow(n*6 + 32)
		sb.WriteString(`<div class="lns">`)
		for i := 1; i <= n; i++ {
			if i > 1 {
				sb.WriteByte('\n')
			}
			sb.WriteString(itoa(i))
		}
		sb.WriteString(`</div>`)
		bad := map[int]bool{}
		for _, m := range marks {
			if m.Line < 1 || m.Line > n || bad[m.Line] {
				continue
			}
			bad[m.Line] = true
			fmt.Fprintf(&sb, `<div class="ln bad" style="--line:%d">%d</div>`, m.Line-1, m.Line)
		}
		return sb.String()
	})
}

// MarksHTML underlines each error at its line and column (the layer
// scrolls with the textarea).
func (a *App) MarksHTML() string {
	var out []el.HTML
	if l := a.SelectedDeclLine(); l > 0 {
		// the selected entry's declaration
		out = append(out, el.New("div").Class("decl-hl").Attr("style", fmt.Sprintf("--line:%d", l-1)).AttrInt("data-decl-line", int64(l)).HTML())
	}
	for _, m := range a.Marks() {
		msg := fmt.Sprintf("%s:%d:%d: %s", a.S.Name, m.Line, m.Col, m.Msg)
		out = append(out, el.New("div").Class("mark").
			Attr("style", fmt.Sprintf("--line:%d;--col:%d;--len:%d;--gap:%d", m.Line-1, m.Col-1, m.Len, m.Gap)).
			AttrInt("data-line", int64(m.Line)).AttrInt("data-col", int64(m.Col)).
			Add(el.New("span").Class("mark-msg").Text(msg)).HTML())
	}
	return el.Join(out...).String()
}

// lineCounter counts a source's lines, once per source: the page asks
// for the gutter after every change (a hover, a selection), and the
// source changes only with an edit.
type lineCounter struct {
	src   string
	lines int
}

// count returns the number of lines of src (its newlines plus one).
// Counting goes from newline to newline with strings.IndexByte, which
// has a word-at-a-time form in WebAssembly; strings.Count has not, and
// took about 1 ms a keystroke at 2,000 declarations (170 KB) there.
func (c *lineCounter) count(src string) int {
	if c.counted(src) {
		return c.lines
	}
	n := 1
	for rest := src; ; n++ {
		i := strings.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		rest = rest[i+1:]
	}
	c.src, c.lines = src, n
	return n
}

// counted reports whether c holds src's count (the same string, not
// only the same text: comparing texts would cost a pass over them).
func (c *lineCounter) counted(src string) bool {
	return c.lines > 0 && len(src) == len(c.src) && unsafe.StringData(src) == unsafe.StringData(c.src)
}

// edited moves a count of old over to src, old with removed replaced by
// inserted (App.EditRange), without a pass over src; nothing when old's
// count is not held.
func (c *lineCounter) edited(old, src, removed, inserted string) {
	if c.counted(old) {
		c.src, c.lines = src, c.lines-strings.Count(removed, "\n")+strings.Count(inserted, "\n")
	}
}

func itoa(i int) string {
	var b [20]byte
	n := len(b)
	for {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
		if i == 0 {
			break
		}
	}
	return string(b[n:])
}
