package model

import (
	"unicode/utf16"
	"unicode/utf8"
)

// A range edit is how the page's editor sends a keystroke: not its whole
// text (copying 175 KB from JavaScript into Go on every key at 2,000
// declarations), but what changed since the text the Go side holds. The
// editor's text is UTF-16 (JavaScript strings) and the source is UTF-8,
// so the range is given as the number of UTF-16 code units kept at the
// start and at the end of the source, and the text that replaces what is
// between them. The range names the source's Version it applies to; any
// other change of the source (a sample, a share link, an option, a
// whole-text edit) gives the source a new version, and a range for an
// older one is refused: the editor then sends its whole text (Edit), so
// the editor and the source never diverge.

// sourceUnits is what EditRange knows of the source of one version:
// whether it is valid UTF-8 (a text from the page always is) and how many
// of its bytes are not ASCII (when none, UTF-16 offsets are byte
// offsets).
type sourceUnits struct {
	version  int
	valid    bool
	nonASCII int
}

// unitsOf returns s's sourceUnits for version (one pass over s).
func unitsOf(version int, s string) sourceUnits {
	return sourceUnits{version: version, valid: utf8.ValidString(s), nonASCII: countNonASCII(s)}
}

// EditRange applies an edit of the source of version: its first prefix16
// and last suffix16 UTF-16 code units stay, and inserted replaces the text
// between them. The App ends in the state Edit of the new text gives. It
// returns the new text's Version, or false, changing nothing, when version
// is not the source's current one or the range does not fit the source
// (it is longer, or a boundary falls inside a character).
//
// Finding the range's bytes takes a pass over the source only for the
// first range edit of a version EditRange did not make, and when the
// source holds non-ASCII text; an ASCII source's offsets are its byte
// offsets.
func (a *App) EditRange(version, prefix16, suffix16 int, inserted string) (int, bool) {
	src := a.S.Source
	if version != a.S.Version || prefix16 < 0 || suffix16 < 0 || !utf8.ValidString(inserted) {
		return 0, false
	}
	if a.units.version != version {
		a.units = unitsOf(version, src)
	}
	u := a.units
	if !u.valid {
		return 0, false
	}
	start, end := prefix16, len(src)-suffix16
	if u.nonASCII > 0 {
		var ok bool
		if start, ok = offsetAfter16(src, prefix16); !ok {
			return 0, false
		}
		n, ok := offsetBefore16(src, suffix16)
		if !ok {
			return 0, false
		}
		end = len(src) - n
	}
	if start > end || end > len(src) {
		return 0, false
	}
	removed := src[start:end]
	nonASCII := u.nonASCII - countNonASCII(removed) + countNonASCII(inserted)
	next := src[:start] + inserted + src[end:]
	a.lines.edited(src, next, removed, inserted)
	a.Edit(next)
	a.units = sourceUnits{version: a.S.Version, valid: true, nonASCII: nonASCII}
	return a.S.Version, true
}

// countNonASCII counts the bytes of s at or above 0x80.
func countNonASCII(s string) int {
	n := 0
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if ascii8(s[i : i+8]) {
			continue
		}
		for _, c := range []byte(s[i : i+8]) {
			if c >= utf8.RuneSelf {
				n++
			}
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			n++
		}
	}
	return n
}

// ascii8 reports whether the eight bytes of w are ASCII.
func ascii8(w string) bool {
	_ = w[7]
	return w[0]|w[1]|w[2]|w[3]|w[4]|w[5]|w[6]|w[7] < utf8.RuneSelf
}

// offsetAfter16 returns the byte offset in the valid UTF-8 text s after
// its first n UTF-16 code units; false when s is shorter or the offset
// falls between the two units of one character.
func offsetAfter16(s string, n int) (int, bool) {
	i := 0
	for n > 0 {
		// ASCII, eight bytes at a time.
		for n >= 8 && i+8 <= len(s) && ascii8(s[i:i+8]) {
			i += 8
			n -= 8
		}
		if n == 0 {
			break
		}
		if i >= len(s) {
			return 0, false
		}
		if s[i] < utf8.RuneSelf {
			i++
			n--
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if utf16.RuneLen(r) > n {
			return 0, false
		}
		i += size
		n -= utf16.RuneLen(r)
	}
	return i, true
}

// offsetBefore16 returns how many bytes at the end of the valid UTF-8
// text s its last n UTF-16 code units take; false when s is shorter or
// the offset falls between the two units of one character.
func offsetBefore16(s string, n int) (int, bool) {
	j := len(s) // s[j:] holds the units counted so far
	for n > 0 {
		for n >= 8 && j >= 8 && ascii8(s[j-8:j]) {
			j -= 8
			n -= 8
		}
		if n == 0 {
			break
		}
		if j == 0 {
			return 0, false
		}
		if s[j-1] < utf8.RuneSelf {
			j--
			n--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(s[:j])
		if utf16.RuneLen(r) > n {
			return 0, false
		}
		j -= size
		n -= utf16.RuneLen(r)
	}
	return len(s) - j, true
}
