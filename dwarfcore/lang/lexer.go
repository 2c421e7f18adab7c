package lang

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// tokKind says what sort of token a token is.
type tokKind uint8

const (
	tEOF     tokKind = iota
	tIdent           // names, including @"quoted" ones (text is the name)
	tKeyword         // const, var, fn, struct, ...
	tInt             // integer literal (text as written)
	tFloat           // float literal (text as written)
	tString          // string literal (text is the decoded bytes)
	tChar            // character literal (text is the decoded code point as decimal)
	tBuiltin         // @name (text without the @)
	tPunct           // operators and punctuation
	tInvalid         // a character the language does not have (text: message)
)

// token is one lexical token; Line and Col are 1-based.
type token struct {
	kind tokKind
	text string
	pos  Pos
	// end is the column just after the token (on pos.Line).
	end int
}

// isKeyword reports whether w is a keyword.
func isKeyword(w string) bool {
	switch w {
	case "const", "var", "fn", "pub", "export", "extern",
		"threadlocal", "struct", "enum", "union", "opaque",
		"error", "packed", "align", "callconv", "return",
		"comptime", "volatile", "allowzero", "inline", "noinline",
		"and", "or", "if", "else", "while", "for",
		"switch", "defer", "errdefer", "try", "catch",
		"orelse", "break", "continue", "test", "usingnamespace",
		"anytype", "asm", "linksection", "noalias", "nosuspend",
		"suspend", "resume", "await", "async", "unreachable",
		"anyframe", "addrspace":
		return true
	}
	return false
}

// puncts lists the multi-byte operators, longest first.
var puncts = []string{
	"<<=", ">>=", "+%=", "-%=", "*%=", "...",
	"+%", "-%", "*%", "<<", ">>", "==", "!=", "<=", ">=", "=>", "..", ".*", ".?",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "||", "++",
}

// punctSet maps every operator to itself, so that the lexer gets an
// interned string without allocating.
var punctSet = func() map[string]string {
	m := map[string]string{}
	for _, p := range puncts {
		m[p] = p
	}
	for _, c := range "+-*/%&|^~!=<>(){}[];:,.?" {
		m[string(c)] = string(c)
	}
	return m
}()

// lexer splits a source into tokens on demand, so that no token array
// is ever built: the parser keeps the current token and at most two
// tokens of lookahead. Lexical errors become tInvalid tokens, which the
// parser reports where it meets them.
type lexer struct {
	src []byte
	// text is the source as one string: identifiers and numbers are
	// substrings of it, so no token allocates its own text.
	text            string
	i               int
	line, lineStart int
}

func newLexer(src []byte) lexer {
	return lexer{src: src, text: string(src), line: 1}
}

// next returns the next token; at the end of the source it returns
// tEOF tokens forever.
func (l *lexer) next() token {
	src, text := l.src, l.text
	i := l.i
	// skip white space and comments
	for i < len(src) {
		c := src[i]
		if c == '\n' {
			i++
			l.line++
			l.lineStart = i
		} else if c == ' ' || c == '\t' || c == '\r' {
			i++
		} else if c == '/' && i+1 < len(src) && src[i+1] == '/' {
			for i < len(src) && src[i] != '\n' {
				i++
			}
		} else {
			break
		}
	}
	pos := Pos{l.line, i - l.lineStart + 1}
	if i >= len(src) {
		l.i = i
		return token{kind: tEOF, pos: pos}
	}
	c := src[i]
	start := i
	var t token
	switch {
	case isIdentStart(c):
		for i < len(src) && isIdentChar(src[i]) {
			i++
		}
		w := text[start:i]
		k := tIdent
		if c >= 'a' && c <= 'z' && isKeyword(w) {
			k = tKeyword
		}
		t = token{kind: k, text: w, pos: pos}
	case c >= '0' && c <= '9':
		k, end := scanNumber(src, i)
		i = end
		t = token{kind: k, text: text[start:i], pos: pos}
	case c == '"':
		s, end, msg := scanQuoted(src, i, '"')
		i = end
		if msg != "" {
			t = token{kind: tInvalid, text: msg, pos: pos}
		} else {
			t = token{kind: tString, text: s, pos: pos}
		}
	case c == '\'':
		s, end, msg := scanQuoted(src, i, '\'')
		i = end
		r, n := utf8.DecodeRuneInString(s)
		if msg == "" && (len(s) == 0 || n != len(s) || r == utf8.RuneError && n <= 1) {
			msg = "invalid character literal"
		}
		if msg != "" {
			t = token{kind: tInvalid, text: msg, pos: pos}
		} else {
			t = token{kind: tChar, text: strconv.Itoa(int(r)), pos: pos}
		}
	case c == '@':
		if i+1 < len(src) && src[i+1] == '"' {
			s, end, msg := scanQuoted(src, i+1, '"')
			i = end
			if msg == "" && s == "" {
				msg = "identifier cannot be empty"
			}
			if msg != "" {
				t = token{kind: tInvalid, text: msg, pos: pos}
			} else {
				t = token{kind: tIdent, text: s, pos: pos}
			}
		} else if i+1 < len(src) && isIdentStart(src[i+1]) {
			i++
			for i < len(src) && isIdentChar(src[i]) {
				i++
			}
			t = token{kind: tBuiltin, text: text[start+1 : i], pos: pos}
		} else {
			i++
			t = token{kind: tInvalid, text: "expected identifier after '@'", pos: pos}
		}
	default:
		p := matchPunct(src, i)
		if p == "" {
			r, n := utf8.DecodeRune(src[i:])
			i += max(n, 1)
			msg := "invalid character: '" + string(r) + "'"
			if r == utf8.RuneError || r < ' ' {
				msg = "invalid byte: '" + strconv.QuoteToASCII(string(src[start:i])) + "'"
			}
			t = token{kind: tInvalid, text: msg, pos: pos}
		} else {
			i += len(p)
			t = token{kind: tPunct, text: p, pos: pos}
		}
	}
	l.i = i
	t.end = i - l.lineStart + 1
	return t
}

// matchPunct returns the longest operator at src[i], or "". Every
// three-byte operator ends in '=' or '.', and every two-byte one has one
// of a few second bytes, which skips most map look-ups.
func matchPunct(src []byte, i int) string {
	if i+2 < len(src) && (src[i+2] == '=' || src[i+2] == '.') {
		if p := punctSet[string(src[i:i+3])]; p != "" { // no allocation for map keys
			return p
		}
	}
	if i+1 < len(src) {
		switch src[i+1] {
		case '%', '<', '>', '=', '.', '*', '?', '|', '+':
			if p := punctSet[string(src[i:i+2])]; p != "" {
				return p
			}
		}
	}
	return punct1[src[i]]
}

// punct1 maps each single-byte operator's byte to its interned string.
var punct1 = func() (t [256]string) {
	for _, c := range "+-*/%&|^~!=<>(){}[];:,.?" {
		t[c] = punctSet[string(c)]
	}
	return t
}()

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

// scanNumber scans an integer or float literal starting at src[i].
func scanNumber(src []byte, i int) (tokKind, int) {
	k := tInt
	hex := false
	if src[i] == '0' && i+1 < len(src) && (src[i+1] == 'x' || src[i+1] == 'o' || src[i+1] == 'b') {
		hex = src[i+1] == 'x'
		i += 2
	}
	digit := func(c byte) bool {
		return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	}
	for i < len(src) {
		c := src[i]
		switch {
		case (c == 'e' || c == 'E') && !hex || (c == 'p' || c == 'P') && hex:
			k = tFloat
			i++
			if i < len(src) && (src[i] == '+' || src[i] == '-') {
				i++
			}
		case c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9' ||
			c == '.' && hex && i+1 < len(src) && isHexDigit(src[i+1]):
			k = tFloat
			i++
		case digit(c):
			i++
		default:
			return k, i
		}
	}
	return k, i
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// scanQuoted decodes a quoted literal starting at the quote src[i].
func scanQuoted(src []byte, i int, quote byte) (string, int, string) {
	var b strings.Builder
	i++
	for i < len(src) {
		c := src[i]
		switch {
		case c == quote:
			return b.String(), i + 1, ""
		case c == '\n':
			return "", i, "unterminated literal"
		case c == '\\':
			if i+1 >= len(src) {
				return "", i + 1, "unterminated literal"
			}
			e := src[i+1]
			i += 2
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '\\', '\'', '"':
				b.WriteByte(e)
			case 'x':
				if i+2 > len(src) || !isHexDigit(src[i]) || !isHexDigit(src[i+1]) {
					return "", i, "invalid escape sequence"
				}
				v, _ := strconv.ParseUint(string(src[i:i+2]), 16, 8)
				b.WriteByte(byte(v))
				i += 2
			case 'u':
				end := i
				for end < len(src) && src[end] != '}' && src[end] != '\n' {
					end++
				}
				if i >= len(src) || src[i] != '{' || end >= len(src) || src[end] != '}' {
					return "", i, "invalid escape sequence"
				}
				v, err := strconv.ParseUint(string(src[i+1:end]), 16, 32)
				if err != nil || v > utf8.MaxRune || v >= 0xd800 && v < 0xe000 {
					return "", i, "invalid unicode escape"
				}
				b.WriteRune(rune(v))
				i = end + 1
			default:
				return "", i, "invalid escape sequence"
			}
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", i, "unterminated literal"
}
