package page

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/andybalholm/brotli"
)

// TestEncodings checks each file is served brotli to browsers that accept
// it, gzip to those that accept only gzip, and plain otherwise, and that
// each form decodes to the same bytes.
func TestEncodings(t *testing.T) {
	dir := t.TempDir()
	// Any real file stands in for the module: the handler only compresses it.
	mod, err := os.ReadFile("page.go")
	if err != nil {
		t.Fatal(err)
	}
	mod = bytes.Repeat(mod, 20)
	wasm := filepath.Join(dir, "app.wasm")
	if err := os.WriteFile(wasm, mod, 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := New(Config{Wasm: wasm, OutDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	WaitCompressed(h)
	raw, gz, br := Sizes(h)
	if raw != len(mod) || gz == 0 || br == 0 || br >= gz {
		t.Errorf("sizes raw %d gzip %d brotli %d: want brotli smaller than gzip", raw, gz, br)
	}
	cached, _ := filepath.Glob(filepath.Join(dir, "app.wasm.*.br"))
	if len(cached) != 1 {
		t.Errorf("brotli cache files %v, want one", cached)
	}
	for _, tc := range []struct{ accept, want string }{
		{"gzip, deflate, br, zstd", "br"},
		{"br", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"BR;q=0.5", "br"},
		{"gzip;q=0", ""},
		{"", ""},
		{"identity", ""},
	} {
		for _, path := range []string{"/app.wasm", "/explorer.css", "/"} {
			req := httptest.NewRequest("GET", path, nil)
			if tc.accept != "" {
				req.Header.Set("Accept-Encoding", tc.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", path, res.StatusCode)
			}
			if got := res.Header.Get("Content-Encoding"); got != tc.want {
				t.Errorf("%s with Accept-Encoding %q: Content-Encoding %q, want %q", path, tc.accept, got, tc.want)
				continue
			}
			var body io.Reader = res.Body
			switch tc.want {
			case "br":
				body = brotli.NewReader(res.Body)
			case "gzip":
				zr, err := gzip.NewReader(res.Body)
				if err != nil {
					t.Fatal(err)
				}
				body = zr
			}
			got, err := io.ReadAll(body)
			if err != nil {
				t.Fatalf("%s %s: %v", path, tc.want, err)
			}
			if path == "/app.wasm" && !bytes.Equal(got, mod) {
				t.Errorf("%s %s: decoded body differs from the module", path, tc.want)
			}
			if len(got) == 0 {
				t.Errorf("%s %s: empty body", path, tc.want)
			}
		}
	}
	// A second handler finds the brotli form on disk.
	h2, err := New(Config{Wasm: wasm, OutDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, br2 := Sizes(h2); br2 != br {
		t.Errorf("cached brotli size %d, want %d", br2, br)
	}
}
