package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

const source = `const Pair = struct { a: u16 = 7, b: ?u32 = null };
var pair: Pair = .{};
pub fn main() void {
    _ = &pair;
}
`

// newServer starts the real handler on a loopback port.
func newServer(t *testing.T, cfg Config) *httptest.Server {
	t.Helper()
	cfg.Static = fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>dwarfscope</title>")}}
	srv := httptest.NewServer(New(cfg))
	t.Cleanup(srv.Close)
	return srv
}

func post(t *testing.T, srv *httptest.Server, query, body string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Post(srv.URL+"/api/build?"+query, "text/plain", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, data
}

func TestExportEqualsBuild(t *testing.T) {
	srv := newServer(t, Config{})
	for _, q := range []map[string]string{
		{},
		{"format": "64"},
		{"target": "x86"},
		{"target": "s390x", "lines": "plain"},
		{"target": "aarch64"},
		{"target": "riscv64"},
	} {
		vals := []string{"name=pair.zig"}
		for k, v := range q {
			vals = append(vals, k+"="+v)
		}
		resp, got := post(t, srv, strings.Join(vals, "&"), source)
		if resp.StatusCode != 200 {
			t.Fatalf("%v: status %d: %s", q, resp.StatusCode, got)
		}
		if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="pair.o"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		opts, err := buildopts.Parse(q)
		if err != nil {
			t.Fatal(err)
		}
		want, err := linkcore.Build("pair.zig", []byte(source), opts)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.ELF) {
			t.Errorf("%v: export differs from linkcore.Build (%d vs %d bytes)", q, len(got), len(want.ELF))
		}
	}
}

func TestExportRejects(t *testing.T) {
	srv := newServer(t, Config{MaxBody: 4096})
	tests := []struct {
		name, query, body string
		status            int
		option            string
		msgHas            string
		errLine, errCol   int
	}{
		{"bad source", "name=x.zig", "const a: u8 = 300;\n", 400, "", "x.zig:1:", 1, 0},
		{"bad format", "format=16", source, 400, "format", "invalid value", 0, 0},
		{"unknown option", "colour=blue", source, 400, "colour", "unknown option", 0, 0},
		{"bad name", "name=../etc/passwd", source, 400, "name", ".zig", 0, 0},
		{"too large", "", strings.Repeat("// padding\n", 1000), 413, "", "larger than", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := post(t, srv, tt.query, tt.body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.status, body)
			}
			var e apiError
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("body is not JSON: %s", body)
			}
			if e.Option != tt.option || !strings.Contains(e.Error, tt.msgHas) {
				t.Errorf("got option %q error %q", e.Option, e.Error)
			}
			if tt.errLine > 0 && (len(e.Errors) == 0 || e.Errors[0].Line != tt.errLine || e.Errors[0].Col < 1) {
				t.Errorf("errors %+v", e.Errors)
			}
		})
	}
	// The server is still up after all of that.
	resp, err := http.Get(srv.URL + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = http.Get(srv.URL + "/")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("page: %v %v", resp, err)
	}
	resp.Body.Close()
}
