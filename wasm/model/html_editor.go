package model

import (
	"fmt"
	"strings"
)

// GutterHTML is the editor's line numbers, the lines with errors marked.
// The numbers are one text node (a line each, as the textarea's lines),
// not an element per line: a program of thousands of lines would make
// every added line cost the browser thousands of elements. A line with an
// error gets a marker laid over its number.
func (a *App) GutterHTML() string {
	n := strings.Count(a.S.Source, "\n") + 1
	marks := a.Marks()
	var key strings.Builder
	fmt.Fprintf(&key, "%d", n)
	for _, m := range marks {
		fmt.Fprintf(&key, ",%d", m.Line)
	}
	return a.view("gutter", key.String(), func() string {
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
	var sb strings.Builder
	if l := a.SelectedDeclLine(); l > 0 {
		// the selected entry's declaration
		fmt.Fprintf(&sb, `<div class="decl-hl" style="--line:%d" data-decl-line="%d"></div>`, l-1, l)
	}
	for _, m := range a.Marks() {
		fmt.Fprintf(&sb, `<div class="mark" style="--line:%d;--col:%d;--len:%d;--gap:%d" data-line="%d" data-col="%d"><span class="mark-msg">%s:%d:%d: %s</span></div>`,
			m.Line-1, m.Col-1, m.Len, m.Gap, m.Line, m.Col, esc(a.S.Name), m.Line, m.Col, esc(m.Msg))
	}
	return sb.String()
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
