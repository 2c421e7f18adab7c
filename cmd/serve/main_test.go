package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// TestServeBinary builds cmd/serve, runs it on a loopback port, exports a
// program while a slow request is in flight, then sends SIGTERM: the slow
// request still completes and the server exits cleanly.
func TestServeBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	bin := filepath.Join(t.TempDir(), "serve")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, "-addr", addr, "-max-body", "4096", "-page", "none")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	url := "http://" + addr
	for i := 0; ; i++ {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if i > 100 {
			t.Fatalf("server did not start: %v\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	src := "const Pair = struct { a: u16 = 7, b: ?u32 = null };\nvar pair: Pair = .{};\n"
	resp, err := http.Post(url+"/api/build?name=pair.zig&format=64", "text/plain", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	opts, _ := buildopts.Parse(map[string]string{"format": "64"})
	want, err := linkcore.Build("pair.zig", []byte(src), opts)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || !bytes.Equal(got, want.ELF) {
		t.Fatalf("export: status %d, %d bytes, want %d", resp.StatusCode, len(got), len(want.ELF))
	}
	resp, err = http.Post(url+"/api/build", "text/plain", strings.NewReader(strings.Repeat("x", 5000)))
	if err != nil || resp.StatusCode != 413 {
		t.Fatalf("-max-body: %v %v", resp, err)
	}
	resp.Body.Close()

	// A slow upload in flight when SIGTERM arrives still gets its answer.
	pr, pw := io.Pipe()
	answered := make(chan int, 1)
	go func() {
		resp, err := http.Post(url+"/api/build?name=pair.zig", "text/plain", pr)
		if err != nil {
			answered <- -1
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	pw.Write([]byte(src[:20]))
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(200 * time.Millisecond)
	pw.Write([]byte(src[20:]))
	pw.Close()
	if code := <-answered; code != 200 {
		t.Errorf("in-flight request during shutdown: %d", code)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("exit: %v\n%s", err, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("no exit after SIGTERM\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "shutting down") {
		t.Errorf("logs: %s", logs.String())
	}
}
