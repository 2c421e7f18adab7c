package lang

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Error is one diagnostic at a source position.
type Error struct {
	File string `json:"file"`
	Line int    `json:"line"` // 1-based
	Col  int    `json:"col"`  // 1-based, in bytes
	Msg  string `json:"message"`
	// SourceLine is the text of line Line, without its newline, or at
	// most ExcerptWidth bytes of it around the column (SetSource).
	SourceLine string `json:"-"`
	// SourceCol is the 1-based column of the caret in SourceLine when
	// SourceLine is an excerpt; 0 means Col.
	SourceCol int `json:"-"`
}

// Bounds on error reports, so that a hostile source cannot turn a few
// kilobytes of input into megabytes of diagnostics.
const (
	// MaxErrors is the most diagnostics one report lists; the rest are
	// counted in a last "and K more errors" entry.
	MaxErrors = 20
	// ExcerptWidth is the most bytes of a source line a diagnostic
	// quotes, centred on the caret.
	ExcerptWidth = 200
	// MaxMessage is the most bytes of a diagnostic's message (a message
	// may quote a name from the source).
	MaxMessage = 300
)

// SetSource sets e.SourceLine to line, or to an excerpt of at most
// ExcerptWidth bytes around e.Col (on UTF-8 boundaries, marked with "...")
// when line is longer, and bounds e.Msg to MaxMessage bytes.
func (e *Error) SetSource(line string) {
	e.Msg = clip(e.Msg, 0, MaxMessage)
	e.SourceLine, e.SourceCol = line, 0
	if len(line) <= ExcerptWidth {
		return
	}
	caret := min(max(e.Col-1, 0), len(line))
	start := max(caret-ExcerptWidth/2, 0)
	for start > 0 && !utf8.RuneStart(line[start]) {
		start--
	}
	text := clip(line, start, ExcerptWidth)
	col := caret - start + 1
	if start > 0 {
		text = "..." + text
		col += 3
	}
	e.SourceLine, e.SourceCol = text, col
}

// clip returns at most n bytes of s from start on (start on a UTF-8
// boundary), cut back to a UTF-8 boundary and ending in "..." when cut.
func clip(s string, start, n int) string {
	s = s[start:]
	if len(s) <= n {
		return s
	}
	end := n
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end] + "..."
}

// Bound keeps the first MaxErrors diagnostics of a sorted list and, when
// there were more, adds an entry at the first one left out that says how
// many were left out ("at least" that many when the compilation stopped
// collecting errors, as it does after 100).
func (l ErrorList) Bound(atLeast bool) ErrorList {
	if len(l) <= MaxErrors {
		return l
	}
	first := l[MaxErrors]
	msg := "and %d more errors"
	if atLeast {
		msg = "and at least %d more errors"
	}
	more := &Error{File: first.File, Line: first.Line, Col: first.Col,
		Msg: fmt.Sprintf(msg, len(l)-MaxErrors)}
	return append(l[:MaxErrors:MaxErrors], more)
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
		if e.SourceCol > 0 {
			pad = e.SourceCol - 1
		}
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
