package lang

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestErrorReportsBounded compiles sources made to amplify their error
// reports and requires at most MaxErrors errors plus one "and K more",
// excerpts of at most ExcerptWidth bytes (plus the "..." marks) on UTF-8
// boundaries with the caret under the right byte, and bounded messages.
func TestErrorReportsBounded(t *testing.T) {
	long := strings.Repeat("é", 5000) // 2 bytes a rune
	tests := []struct {
		name   string
		src    string
		errors int    // the errors listed, the "more" entry included
		last   string // the last entry's message
	}{
		{"5 errors", manyTypeErrors(5, ""), 5, "cannot represent"},
		{"30 errors", manyTypeErrors(30, ""), MaxErrors + 1, "and 10 more errors"},
		{"300 errors", manyTypeErrors(300, ""), MaxErrors + 1, "and at least 80 more errors"},
		{"errors on long lines", manyTypeErrors(30, long), MaxErrors + 1, "and 10 more errors"},
		{"an error after a long prefix", strings.Repeat(" ", 5000) + "const a: u8 = 300; // " + long + "\n", 1, "cannot represent"},
		{"error far into a long line", "// " + long + "\n" + "const " + strings.Repeat("x", 100000) + ": u8 = 300;\n", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile("b.zig", []byte(tt.src), nil)
			list, ok := err.(ErrorList)
			if !ok {
				t.Fatalf("no ErrorList: %v", err)
			}
			if tt.errors > 0 && (len(list) != tt.errors || !strings.Contains(list[len(list)-1].Msg, tt.last)) {
				t.Errorf("%d errors, the last %q; want %d, %q", len(list), list[len(list)-1].Msg, tt.errors, tt.last)
			}
			if len(list) > MaxErrors+1 {
				t.Errorf("%d errors listed", len(list))
			}
			text := list.Error()
			if max := (MaxErrors + 1) * (2*ExcerptWidth + MaxMessage + 100); len(text) > max {
				t.Errorf("report of %d bytes, want at most %d", len(text), max)
			}
			for _, e := range list {
				if len(e.SourceLine) > ExcerptWidth+6 || !utf8.ValidString(e.SourceLine) || len(e.Msg) > MaxMessage+3 {
					t.Errorf("excerpt of %d bytes (valid UTF-8: %v), message of %d", len(e.SourceLine), utf8.ValidString(e.SourceLine), len(e.Msg))
				}
				caret := e.Caret()
				lines := strings.Split(caret, "\n")
				if len(lines) < 3 {
					continue
				}
				// The caret sits under the byte at e.Col of the full line.
				pad := strings.Index(lines[2], "^")
				full := strings.Split(tt.src, "\n")[e.Line-1]
				if pad < 0 || pad >= len(lines[1]) || full[e.Col-1] != lines[1][pad] {
					t.Errorf("%s: the caret at %d is not under column %d", e.Error(), pad, e.Col)
				}
			}
		})
	}
}

func manyTypeErrors(n int, pad string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "const a%d: u8 = 300; // %s\n", i, pad)
	}
	return b.String()
}

// TestCompileLimits checks the limits a compilation stops at: a done
// context, the name bytes and the token budget, each with its message.
func TestCompileLimits(t *testing.T) {
	var decls strings.Builder
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&decls, "const c%d: u32 = %d + 1;\n", i, i)
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	long := "const " + strings.Repeat("N", 10000) + " = struct {\n"
	for i := 0; i < 200; i++ {
		long += fmt.Sprintf("pub var v%d: u8 = 0;\n", i)
	}
	long += "};\n"
	tests := []struct {
		name string
		src  string
		cfg  Config
		msg  string
	}{
		{"done context", decls.String(), Config{Context: done}, "build stopped: context canceled"},
		{"names", long, Config{MaxNameBytes: 1 << 20}, "names take more than 1048576 bytes"},
		{"tokens", decls.String(), Config{MaxTokens: 1000}, "program too large: more than 1000 tokens"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := CompileConfig("l.zig", []byte(tt.src), tt.cfg)
			list, ok := err.(ErrorList)
			if !ok || len(list) != 1 || !strings.Contains(list[0].Msg, tt.msg) {
				t.Fatalf("got %v, want one error %q", err, tt.msg)
			}
		})
	}
	// Under the limits, the same programs compile.
	for _, src := range []string{decls.String(), long} {
		if _, err := CompileConfig("l.zig", []byte(src), Config{Context: context.Background(), MaxNameBytes: 4 << 20, MaxTokens: 1 << 20}); err != nil {
			t.Errorf("%.200v", err)
		}
	}
}
