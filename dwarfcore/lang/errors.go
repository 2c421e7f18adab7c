package lang

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one diagnostic at a source position.
type Error struct {
	File string `json:"file"`
	Line int    `json:"line"` // 1-based
	Col  int    `json:"col"`  // 1-based, in bytes
	Msg  string `json:"message"`
	// SourceLine is the text of line Line, without its newline.
	SourceLine string `json:"-"`
}

// Error formats the diagnostic as `file:line:col: error: message`.
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: error: %s", e.File, e.Line, e.Col, e.Msg)
}

// Caret formats the diagnostic with its source line and a caret under the
// column, as compilers print it.
func (e *Error) Caret() string {
	var b strings.Builder
	b.WriteString(e.Error())
	b.WriteString("\n")
	if e.SourceLine != "" || e.Line > 0 {
		b.WriteString(e.SourceLine)
		b.WriteString("\n")
		pad := e.Col - 1
		if pad > len(e.SourceLine) {
			pad = len(e.SourceLine)
		}
		for i := 0; i < pad; i++ {
			if e.SourceLine[i] == '\t' {
				b.WriteByte('\t')
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString("^\n")
	}
	return b.String()
}

// ErrorList is every diagnostic of one compilation, in source order.
type ErrorList []*Error

// Error formats all diagnostics with source lines and carets.
func (l ErrorList) Error() string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(e.Caret())
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Sort orders the list by position and drops exact duplicates.
func (l *ErrorList) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Line != s[j].Line {
			return s[i].Line < s[j].Line
		}
		return s[i].Col < s[j].Col
	})
	out := s[:0]
	for i, e := range s {
		if i > 0 && e.Line == s[i-1].Line && e.Col == s[i-1].Col && e.Msg == s[i-1].Msg {
			continue
		}
		out = append(out, e)
	}
	*l = out
}
