package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dwarfscope/dwarfscope/internal/samples"

	"github.com/dwarfscope/dwarfscope/dwarfcore/lang"
	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/internal/export"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

const source = `const Pair = struct { a: u16 = 7, b: ?u32 = null };
var pair: Pair = .{};
pub fn main() void {
    _ = &pair;
}
`

// newServer starts the real handler on a loopback port, with the http.Server
// settings cmd/serve uses.
func newServer(t testing.TB, cfg Config) *httptest.Server {
	t.Helper()
	// A stand-in page: the explorer's own tests (internal/browsertest)
	// serve the real one; here it only has to stay reachable.
	cfg.Page = http.FileServerFS(fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>dwarfscope</title>")}})
	srv := httptest.NewUnstartedServer(New(cfg))
	hs := NewHTTPServer("", srv.Config.Handler, cfg)
	srv.Config = hs
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

func post(t testing.TB, client *http.Client, srv *httptest.Server, query string, body []byte) (*http.Response, []byte) {
	t.Helper()
	resp, err := client.Post(srv.URL+"/api/build?"+query, "text/plain", bytes.NewReader(body))
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

// variants returns option sets to export with: the defaults, then every
// non-default value of every option once, each combined with every kind
// (so kind=exe joins as soon as buildopts accepts it).
func variants() []map[string]string {
	kinds := buildopts.Lookup("kind").Values
	var out []map[string]string
	for _, kind := range kinds {
		out = append(out, map[string]string{"kind": kind})
		for _, opt := range buildopts.All {
			if opt.Name == "kind" {
				continue
			}
			for _, v := range opt.Values {
				if v != opt.Default {
					out = append(out, map[string]string{"kind": kind, opt.Name: v})
				}
			}
		}
	}
	return out
}

func query(name string, opts map[string]string) string {
	v := url.Values{"name": {name}}
	for k, x := range opts {
		v.Set(k, x)
	}
	return v.Encode()
}

// cliBuild is what `dwarfscope build` writes: linkcore.Build with the
// parsed options and no server limits.
func cliBuild(t testing.TB, name string, src []byte, opts map[string]string) ([]byte, error) {
	o, err := buildopts.Parse(opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := linkcore.Build(name, src, o)
	if err != nil {
		return nil, err
	}
	return res.ELF, nil
}

// TestExportEqualsBuild exports every sample and corpus program through
// the server on a loopback port, with every kind and option value, and
// requires the bytes linkcore.Build (the CLI) writes.
func TestExportEqualsBuild(t *testing.T) {
	srv := newServer(t, Config{})
	client := srv.Client()
	n := 200
	if testing.Short() {
		n = 10
	}
	srcs := append([]samples.Program{{Name: "pair.zig", Src: []byte(source)}}, corpus.WithSamples(n)...)
	count, refused := 0, 0
	for _, s := range srcs {
		for i, opts := range variants() {
			if i > 0 && strings.HasPrefix(s.Name, "gen_") && len(opts) > 1 {
				// Corpus programs: every kind with default options;
				// samples: every option value.
				continue
			}
			want, werr := cliBuild(t, s.Name, s.Src, opts)
			resp, got := post(t, client, srv, query(s.Name, opts), s.Src)
			if werr != nil {
				// The CLI refuses it too: source errors are 400s,
				// options the core cannot build yet 422s.
				wantStatus := 422
				var list lang.ErrorList
				if errors.As(werr, &list) {
					wantStatus = 400
				}
				if resp.StatusCode != wantStatus {
					t.Errorf("%s %v: CLI fails (%v) but server answers %d", s.Name, opts, werr, resp.StatusCode)
				}
				refused++
				continue
			}
			if resp.StatusCode != 200 {
				t.Fatalf("%s %v: status %d: %s", s.Name, opts, resp.StatusCode, got)
			}
			kind, _ := buildopts.Parse(map[string]string{"kind": opts["kind"]})
			wantName := export.OutputName(s.Name, kind.Kind)
			if cd := resp.Header.Get("Content-Disposition"); cd != fmt.Sprintf("attachment; filename=%q", wantName) {
				t.Errorf("%s: Content-Disposition %q", s.Name, cd)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s %v: export differs from linkcore.Build (%d vs %d bytes)", s.Name, opts, len(got), len(want))
			}
			count++
		}
	}
	t.Logf("%d exports byte-identical to linkcore.Build, %d refused like the CLI (%d sources, kinds %v)",
		count, refused, len(srcs), buildopts.Lookup("kind").Values)
}

// hostile is a request the server must refuse with a 4xx and a clear message.
type hostile struct {
	name   string
	query  string
	body   string
	status int
	option string // the option the answer names
	msgHas string // a part of the message
	line   int    // the source line of the first error, 0: none
}

func deep(open, leaf, close string, n int) string {
	return strings.Repeat(open, n) + leaf + strings.Repeat(close, n)
}

// hostileRequests lists malformed, truncated, huge, deeply nested and
// pathological sources and options. maxBody is the server's body limit.
func hostileRequests(maxBody int) []hostile {
	return []hostile{
		{"type error", "name=x.zig", "const a: u8 = 300;\n", 400, "", "x.zig:1:", 1},
		{"bad format", "format=16", source, 400, "format", "invalid value", 0},
		{"bad kind", "kind=dll", source, 400, "kind", "invalid value", 0},
		{"bad target", "target=vax", source, 400, "target", "invalid value", 0},
		{"unknown option", "colour=blue", source, 400, "colour", "unknown option", 0},
		{"path name", "name=../etc/passwd.zig", source, 400, "name", ".zig", 0},
		{"header injection name", "name=a%22%0d%0aX:%20y.zig", source, 400, "name", ".zig", 0},
		{"too large body", "", strings.Repeat("// padding\n", maxBody/11+1), 413, "", "larger than", 0},
		{"empty", "", "", 200, "", "", 0},
		{"binary", "", "\x00\xff\xfe\x7fELF garbage", 400, "", "invalid byte", 1},
		{"truncated struct", "", "const S = struct { a: u8, b: ", 400, "", "expected", 1},
		{"truncated string", "", "const s = \"abc", 400, "", "", 1},
		{"truncated sample", "", source[:len(source)/2], 400, "", "", 0},
		{"unbalanced braces", "", deep("{", "", "", 5000), 400, "", "", 1},
		{"1<<62 array", "", "var x: [1 << 62]u8 = undefined;\n", 400, "", "too large", 1},
		{"1<<30 array", "", "var x: [1 << 30]u8 = undefined;\n", 400, "", "too large", 1},
		{"many 1MiB arrays", "", strings.Repeat("var a0: [1 << 20]u8 = undefined;\n", 1) +
			"var a1: [1 << 20]u8 = undefined;\nvar a2: [1 << 20]u8 = undefined;\nvar a3: [1 << 20]u8 = undefined;\nvar a4: [1 << 20]u8 = undefined;\n",
			400, "", "global data too large", 5},
		{"nested arrays 10000", "", "var x: " + deep("[1]", "u8", "", 10000) + " = undefined;\n", 400, "", "nesting too deep", 1},
		{"nested optionals 10000", "", "var x: " + deep("?", "u8", "", 10000) + " = null;\n", 400, "", "nesting too deep", 1},
		{"nested pointers 10000", "", "var x: " + deep("*const ", "u8", "", 10000) + " = undefined;\n", 400, "", "nesting too deep", 1},
		{"nested structs 10000", "", "var x: " + deep("struct { a: ", "u8", " }", 10000) + " = undefined;\n", 400, "", "nesting too deep", 1},
		{"nested parens 100000", "", "const y = " + deep("(", "1", ")", 100000) + ";\n", 400, "", "nesting too deep", 1},
		{"nested blocks 10000", "", "fn f() void " + deep("{", "", "}", 10000) + "\n", 400, "", "nesting too deep", 1},
		{"u65535 arithmetic", "", "const y: u65535 = (1 << 65534) * 3 / 7 + (1 << 65000);\nvar z: u65535 = y * y;\n", 400, "", "overflow", 2},
		{"u65536", "", "var z: u65536 = 0;\n", 400, "", "", 1},
		{"huge shift", "", "const y = 1 << (1 << 40);\nvar z: u8 = y;\n", 400, "", "", 1},
		{"division by zero", "", "const y = 1 / 0;\nvar z: u8 = y;\n", 400, "", "", 1},
		{"self reference", "", "const A = struct { a: A };\nvar x: A = undefined;\n", 400, "", "", 1},
		{"too many decls", "", strings.Repeat("const c = 1;\n", 1) + manyDecls(25000), 400, "", "", 0},
	}
}

func manyDecls(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "var v%d: u8 = 0;\n", i)
	}
	return b.String()
}

// TestExportRejects sends every hostile request and requires a 4xx with
// a JSON message (and error positions for source errors), then checks the
// server still answers.
func TestExportRejects(t *testing.T) {
	const maxBody = 1 << 20
	srv := newServer(t, Config{MaxBody: maxBody})
	client := srv.Client()
	for _, tt := range hostileRequests(maxBody) {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := post(t, client, srv, tt.query, []byte(tt.body))
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %.300s", resp.StatusCode, tt.status, body)
			}
			if tt.status == 200 {
				return
			}
			var e export.Failure
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("body is not JSON: %.300s", body)
			}
			if e.Status != tt.status || e.Option != tt.option || !strings.Contains(e.Msg, tt.msgHas) || e.Msg == "" {
				t.Errorf("got status %d option %q error %.300q", e.Status, e.Option, e.Msg)
			}
			if tt.status == 400 && tt.option == "" {
				if len(e.Errors) == 0 {
					t.Fatalf("no positioned errors: %.300s", body)
				}
				for _, le := range e.Errors {
					if le.Line < 1 || le.Col < 1 || le.Msg == "" || le.File == "" {
						t.Errorf("error without position or message: %+v", le)
					}
				}
				if tt.line > 0 && e.Errors[0].Line != tt.line {
					t.Errorf("first error on line %d, want %d: %s", e.Errors[0].Line, tt.line, e.Errors[0].Msg)
				}
			}
		})
	}
	checkUp(t, client, srv)
}

// checkUp requires /healthz, the page and an export to still work.
func checkUp(t testing.TB, client *http.Client, srv *httptest.Server) {
	t.Helper()
	for _, path := range []string{"/healthz", "/"} {
		resp, err := client.Get(srv.URL + path)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %v %v", path, resp, err)
		}
		resp.Body.Close()
	}
	resp, got := post(t, client, srv, "name=pair.zig", []byte(source))
	want, _ := cliBuild(t, "pair.zig", []byte(source), nil)
	if resp.StatusCode != 200 || !bytes.Equal(got, want) {
		t.Fatalf("export after hostile requests: status %d, %d bytes", resp.StatusCode, len(got))
	}
}

// TestExportTimeout checks a build over the time limit gets a 422 and the
// server carries on.
func TestExportTimeout(t *testing.T) {
	srv := newServer(t, Config{Timeout: 1e6, Builder: slowBuilder{}}) // 1ms
	client := srv.Client()
	resp, body := post(t, client, srv, "", []byte(source))
	if resp.StatusCode != 422 || !strings.Contains(string(body), "time limit") {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
}

func TestMethodAndRoutes(t *testing.T) {
	srv := newServer(t, Config{})
	resp, err := srv.Client().Get(srv.URL + "/api/build")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/build: %d", resp.StatusCode)
	}
}

func TestVariantsCoverEveryValue(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range variants() {
		for k, x := range v {
			seen[k+"="+x] = true
		}
	}
	var missing []string
	for _, opt := range buildopts.All {
		for _, v := range opt.Values {
			if !seen[opt.Name+"="+v] && v != opt.Default {
				missing = append(missing, opt.Name+"="+v)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("variants miss %v", missing)
	}
}
