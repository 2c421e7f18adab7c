package sandbox

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/internal/corpus"
	"github.com/dwarfscope/dwarfscope/internal/export"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// moduleBytes builds cmd/dwarfscope-wasi for GOOS=wasip1 once per test run.
var moduleBytes = sync.OnceValues(func() ([]byte, error) { return ModuleBytes(context.Background(), ".") })

func module(t testing.TB) []byte {
	t.Helper()
	b, err := moduleBytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newSandbox(t testing.TB, cfg Config) *Sandbox {
	t.Helper()
	s, err := New(context.Background(), module(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s
}

// optionSets returns every kind with default options, and for the samples
// every non-default value of every option.
func optionSets(all bool) []map[string]string {
	var out []map[string]string
	for _, kind := range buildopts.Lookup("kind").Values {
		out = append(out, map[string]string{"kind": kind})
		if !all {
			continue
		}
		for _, opt := range buildopts.All {
			for _, v := range opt.Values {
				if opt.Name != "kind" && v != opt.Default {
					out = append(out, map[string]string{"kind": kind, opt.Name: v})
				}
			}
		}
	}
	return out
}

// TestParity runs the wasip1 build of the core inside wazero over the
// samples and the corpus and requires the bytes of the native build
// (linkcore.Build, what the CLI writes), or the same refusal.
func TestParity(t *testing.T) {
	s := newSandbox(t, Config{})
	n := 60
	if testing.Short() {
		n = 10
	}
	ctx := context.Background()
	same, refused := 0, 0
	for _, src := range corpus.WithSamples(n) {
		for _, opts := range optionSets(!strings.HasPrefix(src.Name, "gen_")) {
			req := &export.Request{Name: src.Name, Options: opts, Source: src.Src}
			got, gf := s.Build(ctx, req, export.Limits{})
			want, wf := export.Build(req, export.Limits{})
			if wf != nil {
				if gf == nil || gf.Status != wf.Status || gf.Msg != wf.Msg {
					t.Errorf("%s %v: native refuses (%d %s), wasm gives %+v", src.Name, opts, wf.Status, wf.Msg, gf)
				}
				refused++
				continue
			}
			if gf != nil {
				t.Fatalf("%s %v: wasm refuses: %d %s", src.Name, opts, gf.Status, gf.Msg)
			}
			o, _ := buildopts.Parse(opts)
			cli, err := linkcore.Build(src.Name, src.Src, o)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.ELF, want.ELF) || !bytes.Equal(want.ELF, cli.ELF) || got.FileName != want.FileName {
				t.Errorf("%s %v: wasm %d bytes %s, native %d bytes %s, CLI %d bytes", src.Name, opts,
					len(got.ELF), got.FileName, len(want.ELF), want.FileName, len(cli.ELF))
			}
			same++
		}
	}
	t.Logf("%d wasm exports byte-identical to native, %d refused identically", same, refused)
}

// TestSourceErrors checks errors come back from the sandbox positioned and
// identical to the native ones.
func TestSourceErrors(t *testing.T) {
	s := newSandbox(t, Config{})
	for _, src := range []string{
		"const a: u8 = 300;\n",
		"var x: [1 << 62]u8 = undefined;\n",
		"var x: " + strings.Repeat("?", 10000) + "u8 = null;\n",
		"const S = struct { a: u8, b: ",
	} {
		req := &export.Request{Name: "bad.zig", Source: []byte(src)}
		_, gf := s.Build(context.Background(), req, export.Limits{})
		_, wf := export.Build(req, export.Limits{})
		if gf == nil || wf == nil || gf.Status != 400 || gf.Msg != wf.Msg || len(gf.Errors) != len(wf.Errors) ||
			gf.Errors[0].Line != wf.Errors[0].Line || gf.Errors[0].Col != wf.Errors[0].Col {
			t.Errorf("%.40q: wasm %+v, native %+v", src, gf, wf)
		}
	}
}

// TestMemoryLimit gives instances 32 MiB and a program whose build needs
// more: the build is refused with 422 and the next one works.
func TestMemoryLimit(t *testing.T) {
	s := newSandbox(t, Config{MemoryLimit: 32 << 20})
	var big strings.Builder
	for i := 0; i < 8; i++ {
		big.WriteString("var a" + string(rune('0'+i)) + ": [1 << 20]u8 = undefined;\n")
	}
	lim := export.Limits{MaxData: 64 << 20, MaxOutput: 64 << 20}
	_, f := s.Build(context.Background(), &export.Request{Source: []byte(big.String())}, lim)
	if f == nil || f.Status != 422 || !strings.Contains(f.Msg, "out of memory") {
		t.Fatalf("over the memory limit: %+v", f)
	}
	res, f := s.Build(context.Background(), &export.Request{Source: []byte("var x: u8 = 1;\n")}, lim)
	if f != nil || len(res.ELF) == 0 {
		t.Fatalf("after the limit: %+v", f)
	}
}

// TestDeadline checks a build is stopped when its context ends.
func TestDeadline(t *testing.T) {
	s := newSandbox(t, Config{})
	src := []byte(corpus.Sized(5000, 1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	start := time.Now()
	_, f := s.Build(ctx, &export.Request{Source: src}, export.Limits{})
	if f == nil || f.Status != 422 || !strings.Contains(f.Msg, "time limit") {
		t.Fatalf("got %+v", f)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("stopping took %v", d)
	}
}

func TestArgs(t *testing.T) {
	got := Args(&export.Request{Name: "a.zig", Options: map[string]string{"format": "64", "bogus": "x"}}, export.Limits{})
	if strings.Join(got[:5], " ") != "dwarfscope-wasi -name a.zig -format 64" || strings.Contains(strings.Join(got, " "), "bogus") {
		t.Errorf("args %q", got)
	}
}
