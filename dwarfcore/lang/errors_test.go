package lang

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestErrors checks diagnostics, with exact positions, for bad inputs.
func TestErrors(t *testing.T) {
	tests := []struct {
		src  string
		want []string // "line:col: message"
	}{
		{"const x: u8 = 256;", []string{"1:15: type 'u8' cannot represent integer value '256'"}},
		{"const x: i8 = -129;", []string{"1:15: type 'i8' cannot represent integer value '-129'"}},
		{"const S = struct { a: u8 };\nconst s: S = .{ .x = 1 };", []string{"2:18: no field named 'x' in struct 'e.S'"}},
		{"const S = struct { a: u8, b: u8 = 2 };\nconst s: S = .{ .b = 1 };", []string{"2:14: missing struct field: a"}},
		{"const b: bool = 1;", []string{"1:17: expected type 'bool', found 'comptime_int'"}},
		{"const a: u32 = x;", []string{"1:16: use of undeclared identifier 'x'"}},
		{"const a: u32 = 1;\nvar a: u32 = 2;", []string{"2:5: redeclaration of 'a'"}},
		{"const a: u32 = 1\nconst b: u32 = 2;", []string{"1:17: expected ';' at the end of the line"}},
		{"const a: u32 = 1 // one\nconst b: u32 = 2;", []string{"1:17: expected ';' at the end of the line"}},
		{"const s = \"héllo\"\nconst b: u32 = 2;", []string{"1:19: expected ';' at the end of the line"}},
		{"const a: u32 = 1 x;", []string{"1:18: expected ';', found 'x'"}},
		{"const a: u32 = ;\nconst b: u8 = 300;\nvar c: bool = 5;", []string{"1:16: expected expression, found ';'"}},
		{"const A = struct { b: B };\nconst B = struct { a: A };", []string{"2:23: struct 'e.A' depends on itself"}},
		{"const a: u32 = b;\nconst b: u32 = a;", []string{"1:1: dependency loop detected"}},
		{"var x: [1 << 62]u8 = undefined;", []string{"1:8: type '[4611686018427387904]u8' too large (limit 4294967296 bytes)"}},
		{"const x: u65536 = 0;", []string{"1:10: primitive integer type 'u65536' exceeds maximum bit width of 65535"}},
		{"const E = enum { a, b };\nconst e: E = .c;", []string{"2:14: enum 'e.E' has no member named 'c'"}},
		{"const x: u8 = 255 + 1;\nconst y: u8 = x + 1;", []string{"1:19: type 'u8' cannot represent integer value '256'"}},
		{"const x: u8 = 255;\nconst y: u8 = x + 1;", []string{"2:17: overflow of integer type 'u8' with value '256'"}},
		{"const x: u32 = 1 / 0;", []string{"1:20: division by zero here causes undefined behavior"}},
		{"var g: u32 = 1;\nconst c: u32 = g;", []string{"2:16: unable to resolve comptime value"}},
		{"fn f(a: u32) void { _ = a; }\npub fn main() void { f(1, 2); }", []string{"2:23: expected 1 argument(s), found 2"}},
		{"fn f(a: u32) void { _ = a; }\npub fn main() void { f(true); }", []string{"2:24: expected type 'u32', found 'bool'"}},
		{"pub fn main() void {\n    const x: u32 = 1;\n    x = 2;\n}", []string{"3:5: cannot assign to constant"}},
		{"pub fn main() void {\n    var x: u32 = y;\n    var w: u8 = z;\n    _ = .{ x, w };\n}", []string{"2:18: use of undeclared identifier 'y'", "3:17: use of undeclared identifier 'z'"}},
		{"pub fn main() void {\n    foo()\n}\nconst b: bool = 3;", []string{"2:10: expected ';' at the end of the line"}},
		{"const S = struct { a: u8, a: u16 };", []string{"1:27: duplicate struct member name 'a'"}},
		{"const x = @sizeOf(u8);", []string{"1:11: builtin function '@sizeOf' is not supported"}},
		{"const x: u8 = 'ab';", []string{"1:15: invalid character literal"}},
		{"const s = \"abc;", []string{"1:11: unterminated literal"}},
		{"const x: *u8 = 5;", []string{"1:16: expected type '*u8', found 'comptime_int'"}},
		{"const x: ?u8 = 300;", []string{"1:16: type 'u8' cannot represent integer value '300'"}},
		{"const x: u8 = 1.5;", []string{"1:15: fractional component prevents float value '1.5' from coercion to type 'u8'"}},
		{"const T = u32;\nvar x: T = .{ 1 };", []string{"2:12: type 'u32' does not support initializer syntax"}},
		{"const x: [2]u8 = .{ 1, 2, 3 };", []string{"1:18: expected 2 array elements; found 3"}},
		{"const S = struct {\n    const inner: u8 = 1000;\n};", []string{"2:23: type 'u8' cannot represent integer value '1000'"}},
		{"const u8 = 5;", []string{"1:7: name shadows primitive 'u8'"}},
		{"var x = 5;", []string{"1:9: variable of type 'comptime_int' must be const or comptime"}},
		{"const E = enum(u8) { a = 1, b = 1 };", []string{"1:29: enum tag value 1 already taken"}},
		{"pub fn main() void {\n    return 5;\n}", []string{"2:12: expected type 'void', found 'comptime_int'"}},
		{"const x: u8 = -%1;", []string{"1:15: type 'u8' cannot represent integer value '-1'"}},
		{"const S = struct { a: u8 };\nconst y = S.b;", []string{"2:13: struct 'e.S' has no member named 'b'"}},
		{"$", []string{"1:1: invalid character: '$'"}},
	}
	for _, tc := range tests {
		_, err := Compile("e.zig", []byte(tc.src), nil)
		var list ErrorList
		if !errors.As(err, &list) {
			t.Errorf("%q: error %v is not an ErrorList", tc.src, err)
			continue
		}
		var got []string
		for _, e := range list {
			got = append(got, e.Msg)
			if e.File != "e.zig" || e.SourceLine != strings.Split(tc.src, "\n")[e.Line-1] {
				t.Errorf("%q: bad file or source line in %+v", tc.src, e)
			}
		}
		gotS := fmtErrs(list)
		if gotS != strings.Join(tc.want, "\n") {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, gotS, strings.Join(tc.want, "\n"))
		}
	}
}

func fmtErrs(list ErrorList) string {
	var b []string
	for _, e := range list {
		b = append(b, strings.TrimPrefix(e.Error(), e.File+":"))
	}
	return strings.ReplaceAll(strings.Join(b, "\n"), ": error: ", ": ")
}

// TestErrorFormat checks the caret rendering.
func TestErrorFormat(t *testing.T) {
	_, err := Compile("a/b.zig", []byte("const x: u8 = 256;\n"), nil)
	want := "a/b.zig:1:15: error: type 'u8' cannot represent integer value '256'\nconst x: u8 = 256;\n              ^"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

// TestNoPanics runs the inputs that once reached unchecked paths.
func TestNoPanics(t *testing.T) {
	for _, src := range uncheckedPaths(t) {
		_, err := Compile("p.zig", []byte(src), nil)
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Errorf("%q: %v", src, err)
		}
	}
}

// uncheckedPaths returns the inputs that once reached unchecked paths:
// the unchecked-* files of FuzzCompile's corpus, which go test also runs
// as that fuzz test's seeds.
func uncheckedPaths(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/fuzz/FuzzCompile/unchecked-*")
	if err != nil || len(files) == 0 {
		t.Fatalf("no unchecked-path inputs: %v", err)
	}
	var srcs []string
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		// a corpus file: "go test fuzz v1", then []byte("...")
		header, arg, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
		src, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(arg, "[]byte("), ")"))
		if header != "go test fuzz v1" || err != nil {
			t.Fatalf("%s: not a corpus file of one []byte: %v", name, err)
		}
		srcs = append(srcs, src)
	}
	return srcs
}
