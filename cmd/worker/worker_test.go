package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/internal/samples"
)

// workerdVersion is the npm package the test runs; scripts/test.sh installs
// the same one (DWARFSCOPE_WORKERD names another binary).
const workerdPackage = "@cloudflare/workerd-linux-64@1.20261117.1"

// workerd returns the path of the workerd binary, installing the npm
// package into the user cache directory when it is missing. Without npm it
// fails when CI=true and skips loudly otherwise.
func workerd(t *testing.T) string {
	if p := os.Getenv("DWARFSCOPE_WORKERD"); p != "" {
		return p
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(cache, "dwarfscope", "workerd")
	bin := filepath.Join(dir, "node_modules", "@cloudflare", "workerd-linux-64", "bin", "workerd")
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	if _, err := exec.LookPath("npm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("workerd missing and npm not found (install Node.js/npm, or set DWARFSCOPE_WORKERD)")
		}
		t.Skip("SKIPPED: workerd missing and npm not found; install npm or set DWARFSCOPE_WORKERD")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", dir, workerdPackage)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm install %s: %v\n%s", workerdPackage, err, out)
	}
	return bin
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startWorker builds the worker with scripts/worker-build.sh and runs it
// under workerd on a loopback port; it returns the base URL and the build
// directory.
func startWorker(t *testing.T) (string, string) {
	bin := workerd(t)
	dir := t.TempDir()
	build := exec.Command("bash", "../../scripts/worker-build.sh", dir)
	out, err := build.CombinedOutput()
	if err != nil {
		t.Fatalf("worker-build.sh: %v\n%s", err, out)
	}
	t.Logf("%s", bytes.TrimSpace(out))
	addr := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "serve", filepath.Join(dir, "workerd.capnp"), "--socket-addr", "http="+addr)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			t.Logf("workerd output:\n%s", logs.String())
		}
	})
	url := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return url, dir
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("workerd did not answer /healthz within 30s: %v\n%s", err, logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func sampleSources(t *testing.T) map[string][]byte {
	out := map[string][]byte{"pair.zig": []byte("const Pair = struct { a: u16 = 7, b: ?u32 = null };\nvar pair: Pair = .{};\n" +
		"pub fn main() void {\n    _ = &pair;\n}\n")}
	for _, p := range samples.Programs() {
		out[p.Name] = p.Src
	}
	return out
}

// TestWorkerd runs the Worker under a real workerd on a loopback port and
// requires its exports to equal the native handler's, byte for byte, and
// its errors to be the same JSON.
func TestWorkerd(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: workerd test skipped")
	}
	url, dir := startWorker(t)
	native := handler()
	for name, src := range sampleSources(t) {
		for _, q := range []string{"name=" + name, "name=" + name + "&format=64&target=aarch64", "name=" + name + "&kind=exe"} {
			resp, err := http.Post(url+"/api/build?"+q, "text/plain", bytes.NewReader(src))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			want := serveNative(native, q, src)
			if resp.StatusCode != want.StatusCode || !bytes.Equal(got, want.Body) ||
				resp.Header.Get("Content-Disposition") != want.Header.Get("Content-Disposition") {
				t.Errorf("%s: worker %d (%d bytes), native %d (%d bytes)", q, resp.StatusCode, len(got), want.StatusCode, len(want.Body))
			}
		}
	}
	for _, bad := range []string{"const a: u8 = 300;\n", "var x: [1 << 62]u8 = undefined;\n"} {
		resp, err := http.Post(url+"/api/build?name=bad.zig", "text/plain", strings.NewReader(bad))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		want := serveNative(native, "name=bad.zig", []byte(bad))
		if resp.StatusCode != 400 || !bytes.Equal(got, want.Body) {
			t.Errorf("bad source: worker %d %s, native %d %s", resp.StatusCode, got, want.StatusCode, want.Body)
		}
	}
	// The explorer page: index.html and the page's WebAssembly module.
	for path, want := range map[string]string{"/": "text/html", "/app.wasm": "application/wasm", "/explorer.js": "text/javascript"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), want) || len(body) == 0 {
			t.Errorf("GET %s: %d %q, %d bytes", path, resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
		if path == "/" && !bytes.Contains(body, []byte("dwarfscope")) {
			t.Errorf("GET /: not the explorer page")
		}
	}
	t.Logf("bundle: %s", bundleSize(t, dir))
}

type answer struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

func serveNative(h http.Handler, query string, src []byte) answer {
	r, _ := http.NewRequest("POST", "/api/build?"+query, bytes.NewReader(src))
	w := &recorder{header: http.Header{}, status: 200}
	h.ServeHTTP(w, r)
	return answer{w.status, w.header, w.body.Bytes()}
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(code int)        { r.status = code }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }

// bundleSize reports the Worker's upload size, raw and gzip-compressed.
func bundleSize(t *testing.T, dir string) string {
	var raw int64
	var files []string
	for _, f := range []string{"app.wasm", "worker.mjs", "runtime.mjs", "wasm_exec.js"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		raw += st.Size()
		files = append(files, filepath.Join(dir, f))
	}
	out, err := exec.Command("sh", "-c", "cat "+strings.Join(files, " ")+" | gzip -9 | wc -c").Output()
	if err != nil {
		t.Fatal(err)
	}
	gz := strings.TrimSpace(string(out))
	var n int64
	fmt.Sscan(gz, &n)
	if n > 10<<20 {
		t.Errorf("compressed bundle %d bytes is over the 10 MB paid-plan limit", n)
	}
	return fmt.Sprintf("%d bytes raw, %d bytes gzip -9 (limits: 3 MB free, 10 MB paid, compressed)", raw, n)
}
