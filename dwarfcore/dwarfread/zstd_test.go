package dwarfread

import (
	"io"
	"strings"
	"testing"
)

// TestZstdReader decodes hand-made zstd frames through the standard
// decoder, and turns broken ones into errors.
func TestZstdReader(t *testing.T) {
	// Magic, frame header (single segment, 1-byte content size 5), one
	// last raw block of 5 bytes.
	const hello = "\x28\xb5\x2f\xfd\x20\x05\x29\x00\x00hello"
	for _, tc := range []struct {
		name, payload, want, err string
	}{
		{"raw block", hello, "hello", ""},
		{"truncated block", hello[:len(hello)-2], "", "EOF"},
		{"bad magic", "\x00\x00\x00\x00" + hello[4:], "", "invalid magic"},
		{"empty", "", "", "EOF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := zstdReader([]byte(tc.payload), uint64(len(tc.want)))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(r)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %q, %v; want an error containing %q", got, err, tc.err)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
