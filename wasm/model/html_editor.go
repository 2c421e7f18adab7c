package model

import (
	"fmt"
	"strings"
)

// GutterHTML is the editor's line numbers, the lines with errors marked.
func (a *App) GutterHTML() string {
	n := strings.Count(a.S.Source, "\n") + 1
	marks := a.Marks()
	var key strings.Builder
	fmt.Fprintf(&key, "%d", n)
	for _, m := range marks {
		fmt.Fprintf(&key, ",%d", m.Line)
	}
	return a.view("gutter", key.String(), func() string {
		bad := map[int]bool{}
		for _, m := range marks {
			bad[m.Line] = true
		}
		var sb strings.Builder
		sb.Grow(n * 24)
		for i := 1; i <= n; i++ {
			if bad[i] {
				fmt.Fprintf(&sb, `<div class="ln bad">%d</div>`, i)
			} else {
				sb.WriteString(`<div class="ln">`)
				sb.WriteString(itoa(i))
				sb.WriteString(`</div>`)
			}
		}
		return sb.String()
	})
}

// MarksHTML underlines each error at its line and column (the layer
// scrolls with the textarea).
func (a *App) MarksHTML() string {
	var sb strings.Builder
	for _, m := range a.Marks() {
		fmt.Fprintf(&sb, `<div class="mark" style="--line:%d;--col:%d" data-line="%d" data-col="%d"><span class="mark-msg">%s</span></div>`,
			m.Line-1, m.Col-1, m.Line, m.Col, esc(m.Msg))
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
