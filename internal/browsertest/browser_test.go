// Package browsertest drives the explorer page in headless Chromium
// (Debian's chromium) against the real server on a loopback port.
//
//	go test ./internal/browsertest/            # the "Must show" tests, 2-3 minutes
//	go test ./internal/browsertest/ -bench-browser -run Bench -v   # the browser benchmarks
//
// Screenshots go to $ARTIFACTS_DIR (or a temporary directory printed in the
// log).
package browsertest

import (
	"bytes"
	"context"
	"debug/dwarf"
	"debug/elf"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/internal/page"
	"github.com/dwarfscope/dwarfscope/internal/server"
	"github.com/dwarfscope/dwarfscope/internal/verify"
	"github.com/dwarfscope/dwarfscope/linkcore"
	"github.com/dwarfscope/dwarfscope/wasm/model"
)

var (
	srvOnce sync.Once
	srvURL  string
	srvErr  error
	pageH   http.Handler
)

// startServer serves the real server (API + page) on a loopback port.
func startServer(t testing.TB) string {
	t.Helper()
	srvOnce.Do(func() {
		pageH, srvErr = page.New(page.Config{OutDir: os.TempDir() + "/dwarfscope-browsertest"})
		if srvErr != nil {
			return
		}
		s := httptest.NewServer(server.New(server.Config{Page: pageH}))
		srvURL = s.URL + "/"
	})
	if srvErr != nil {
		t.Fatal(srvErr)
	}
	return srvURL
}

func artifactsDir(t testing.TB) string {
	dir := os.Getenv("ARTIFACTS_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "dwarfscope-screenshots")
	}
	dir = filepath.Join(dir, "browser")
	os.MkdirAll(dir, 0o755)
	return dir
}

// newBrowser starts headless chromium with a fresh profile.
func newBrowser(t testing.TB) (context.Context, context.CancelFunc) {
	t.Helper()
	verify.Require(t, "chromium")
	profile := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath("/usr/bin/chromium"),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1600, 1000),
	}
	if p, err := filepath.Abs("/usr/bin/chromium"); err == nil {
		opts[0] = chromedp.ExecPath(p)
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	if err := chromedp.Do(ctx); err != nil { // start the browser
		t.Fatal(err)
	}
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleException || m.Type == "error" || os.Getenv("BROWSER_CONSOLE") != "" {
				fmt.Fprintf(os.Stderr, "browser console %s: %s\n", m.Type, m.Text)
			}
		}
	}()
	return ctx, func() { cancelT(); cancelC(); cancelA() }
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	saveShot(t, ctx, name+".png", chromedp.CaptureScreenshot())
}

// fullScreenshot saves the whole page, beyond the viewport (narrow windows
// stack the panels and scroll down), as JPEG.
func fullScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	saveShot(t, ctx, name+".jpg", chromedp.FullScreenshot(90))
}

// saveShot runs a screenshot action and saves its image as file in the
// artifacts directory.
func saveShot(t *testing.T, ctx context.Context, file string, shot chromedp.Action[[]byte]) {
	t.Helper()
	buf, err := chromedp.Run(ctx, shot)
	if err != nil {
		t.Errorf("screenshot %s: %v", file, err)
		return
	}
	p := filepath.Join(artifactsDir(t), file)
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Error(err)
	}
	t.Logf("screenshot: %s", p)
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("eval %s: %v", js, err)
	}
	return v
}

// waitJS polls until js is true.
func waitJS(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", js)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// typeAfter places the caret after the first occurrence of anchor and
// types text key by key (each key is an input event: a re-emit).
func typeAfter(t *testing.T, ctx context.Context, anchor, text string) {
	t.Helper()
	js := fmt.Sprintf(`(() => { const ta = document.getElementById("src"); const i = ta.value.indexOf(%q); if (i < 0) return false; ta.focus(); ta.setSelectionRange(i + %d, i + %d); return true; })()`, anchor, len(anchor), len(anchor))
	if !eval[bool](t, ctx, js) {
		t.Fatalf("anchor %q not in the source", anchor)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("src"), text)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.getElementById("src").value.includes(`+jsString(text)+`)`)
	time.Sleep(100 * time.Millisecond)
}

// clickSVG clicks an SVG element (chromedp's Click needs a box model that
// SVG shapes scaled by a viewBox do not always report).
func clickSVG(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if !eval[bool](t, ctx, `(() => { const el = document.querySelector(`+jsString(sel)+`); if (!el) return false; el.dispatchEvent(new MouseEvent("click", {bubbles: true})); return true; })()`) {
		t.Fatalf("no %s to click", sel)
	}
}

func ptr[T any](v T) *T { return &v }

func jsString(s string) string { return fmt.Sprintf("%q", s) }

// setSelect chooses a value in a <select> and fires change.
func setSelect(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	eval[bool](t, ctx, fmt.Sprintf(`(() => { const s = document.getElementById(%q); s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, id, value))
}

func text(t *testing.T, ctx context.Context, sel string) string {
	return eval[string](t, ctx, fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel))
}

// download clicks sel and returns the bytes of the file it downloads.
func download(t *testing.T, ctx context.Context, sel string) []byte {
	t.Helper()
	dl := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dl, EventsEnabled: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 1)
	dctx, dcancel := context.WithTimeout(ctx, 30*time.Second)
	defer dcancel()
	go func() {
		for e, err := range chromedp.BrowserEvents(dctx, browser.DownloadProgress) {
			if err != nil {
				break
			}
			if e.State == browser.DownloadProgressStateCompleted {
				done <- e.GUID
				return
			}
		}
		close(done)
	}()
	time.Sleep(100 * time.Millisecond)
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatal(err)
	}
	guid, ok := <-done
	if !ok {
		t.Fatalf("%s: no download", sel)
	}
	got, err := os.ReadFile(filepath.Join(dl, guid))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

const pointSel = `rect.seg[data-entry="declaration growing.Point"]`

func TestExplorer(t *testing.T) {
	url := startServer(t)
	ctx, cancel := newBrowser(t)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}

	t.Run("loads with the map of the default sample", func(t *testing.T) {
		waitJS(t, ctx, `window.dsRender && window.dsRender.ready && document.querySelectorAll("#map rect.seg.k-entry").length > 0`)
		if n := eval[int](t, ctx, `document.querySelectorAll("#map [data-bar]").length`); n < 5 {
			t.Errorf("%d section bars, want the debug sections", n)
		}
		if eval[int](t, ctx, `document.querySelectorAll(`+jsString(pointSel)+`).length`) != 1 {
			t.Error("the default sample's Point entry is not on the map")
		}
		if !strings.Contains(eval[string](t, ctx, `document.getElementById("src").value`), "const Point = struct") {
			t.Error("editor does not hold the default sample")
		}
		screenshot(t, ctx, "01-loaded")
	})

	t.Run("relocation arrows for each kind", func(t *testing.T) {
		// Nothing selected and every kind off: the map is not cluttered.
		if n := eval[int](t, ctx, `document.querySelectorAll("#map path.arrow").length`); n != 0 {
			t.Errorf("%d arrows with nothing selected and every kind switched off", n)
		}
		for _, k := range []string{"cross-entry", "cross-unit", "cross-section", "external"} {
			clickSVG(t, ctx, `#map [data-arrows="`+k+`"]`)
			waitJS(t, ctx, `document.querySelectorAll("#map path.arrow.k-`+k+`").length > 0`)
			if k == "cross-unit" {
				screenshot(t, ctx, "01b-arrows")
			}
			clickSVG(t, ctx, `#map [data-arrows="`+k+`"]`)
			waitJS(t, ctx, `document.querySelectorAll("#map path.arrow.k-`+k+`").length == 0`)
		}
	})

	t.Run("clicking an entry highlights its bytes and attributes", func(t *testing.T) {
		clickSVG(t, ctx, pointSel)
		waitJS(t, ctx, `document.querySelectorAll("#hex .b.insel").length > 0`)
		off := eval[int](t, ctx, `+document.querySelector(`+jsString(pointSel)+`).dataset.off`)
		first := eval[int](t, ctx, `+document.querySelector("#hex .b.insel").dataset.off`)
		if first != off {
			t.Errorf("first highlighted byte at %d, entry at %d", first, off)
		}
		insp := text(t, ctx, "#inspector")
		for _, want := range []string{"DW_TAG_structure_type", "DW_AT_name", "DW_FORM_strp", "DW_AT_byte_size", "DW_TAG_member", `"x"`} {
			if !strings.Contains(insp, want) {
				t.Errorf("inspector lacks %q", want)
			}
		}
		if !eval[bool](t, ctx, `document.querySelector(`+jsString(pointSel)+`).classList.contains("sel")`) {
			t.Error("the entry is not marked selected in the map")
		}
		// Its relocations (the member types, its name string) are drawn.
		if n := eval[int](t, ctx, `document.querySelectorAll("#map path.arrow.hot").length`); n == 0 {
			t.Error("the selected entry's relocation arrows are not drawn")
		}
		screenshot(t, ctx, "02-entry-selected")
	})

	var oldOff int
	t.Run("a growing struct moves to the end of its unit", func(t *testing.T) {
		oldOff = eval[int](t, ctx, `+document.querySelector(`+jsString(pointSel)+`).dataset.off`)
		lastBefore := eval[int](t, ctx, `Math.max(...[...document.querySelectorAll('#map [data-bar=".debug_info"] rect.seg.k-entry')].map(s => +s.dataset.off))`)
		oldLen := eval[int](t, ctx, `document.querySelectorAll("#hex .b.insel").length`)
		typeAfter(t, ctx, "y: i32 = 0,\n", "    z: i32 = 0,\n")
		// Each field adds a DW_TAG_member; keep typing until the entry has
		// outgrown its slack.
		moved := false
		for i := 0; i < 6 && !moved; i++ {
			newOff := eval[int](t, ctx, `+document.querySelector(`+jsString(pointSel)+`).dataset.off`)
			moved = newOff != oldOff
			if !moved {
				typeAfter(t, ctx, "z: i32 = 0,\n", fmt.Sprintf("    w%d: u64 = 0,\n", i))
			}
		}
		if !moved {
			t.Fatal("Point never moved")
		}
		newOff := eval[int](t, ctx, `+document.querySelector(`+jsString(pointSel)+`).dataset.off`)
		if newOff <= lastBefore {
			t.Errorf("Point at %d (was %d); it should be after every entry that was there before (last at %d)", newOff, oldOff, lastBefore)
		}
		if n := eval[int](t, ctx, fmt.Sprintf(`[...document.querySelectorAll('#map [data-bar=".debug_info"] rect.seg.k-padding')].filter(r => +r.dataset.off <= %d && %d < +r.dataset.off + +r.dataset.len).length`, oldOff, oldOff)); n != 1 {
			t.Errorf("no padding left behind at %d", oldOff)
		}
		if grown := eval[int](t, ctx, `document.querySelectorAll("#hex .b.insel").length`); grown <= oldLen && grown < 24*16 {
			t.Errorf("entry did not grow: %d → %d bytes", oldLen, grown)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-tab="log"]`))); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `document.getElementById("tab").dataset.tabId === "log"`)
		log := text(t, ctx, "#tab")
		for _, want := range []string{"growing.Point", "moved to the end of its unit", fmt.Sprintf("0x%x", oldOff), "padding now"} {
			if !strings.Contains(log, want) {
				t.Errorf("edit log lacks %q:\n%s", want, log)
			}
		}
		screenshot(t, ctx, "03-moved")
	})

	t.Run("an error shows at its place and keeps the last layout", func(t *testing.T) {
		entries := eval[int](t, ctx, `document.querySelectorAll("#map rect.seg.k-entry").length`)
		typeAfter(t, ctx, "pub fn main() void {}\n", "const broken: u32 = ;\n")
		waitJS(t, ctx, `document.querySelectorAll("#marks .mark").length > 0`)
		wantLine := eval[int](t, ctx, `document.getElementById("src").value.split("\n").findIndex(l => l.startsWith("const broken")) + 1`)
		line := eval[int](t, ctx, `+document.querySelector("#marks .mark").dataset.line`)
		col := eval[int](t, ctx, `+document.querySelector("#marks .mark").dataset.col`)
		if line != wantLine || col != len("const broken: u32 = ")+1 {
			t.Errorf("error marked at %d:%d, want %d:%d", line, col, wantLine, len("const broken: u32 = ")+1)
		}
		if e := text(t, ctx, "#errors"); !strings.Contains(e, fmt.Sprintf("%d:%d", line, col)) || len(e) < 10 {
			t.Errorf("error list %q", e)
		}
		if !eval[bool](t, ctx, `document.querySelector(".app").classList.contains("dimmed")`) {
			t.Error("layout not dimmed")
		}
		if n := eval[int](t, ctx, `document.querySelectorAll("#map rect.seg.k-entry").length`); n != entries {
			t.Errorf("map has %d entries during the error, had %d", n, entries)
		}
		if eval[int](t, ctx, `document.querySelectorAll("#gutter .ln.bad").length`) != 1 {
			t.Error("gutter does not mark the bad line")
		}
		screenshot(t, ctx, "04-error")
		// Fix it.
		eval[bool](t, ctx, `(() => { const ta = document.getElementById("src"); ta.value = ta.value.replace("const broken: u32 = ;\n", "const fixed: u32 = 7;\n"); ta.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
		waitJS(t, ctx, `!document.querySelector(".app").classList.contains("dimmed")`)
	})

	t.Run("DWARF64 changes the unit header sizes", func(t *testing.T) {
		before := text(t, ctx, `#map [data-bar=".debug_info"] .unit-label`)
		setSelect(t, ctx, "opt-format", "64")
		waitJS(t, ctx, `(document.querySelector('#map [data-bar=".debug_info"] .unit-label')||{}).textContent !== `+jsString(before))
		after := text(t, ctx, `#map [data-bar=".debug_info"] .unit-label`)
		var hb, ha int
		fmt.Sscanf(before[strings.Index(before, "header ")+7:], "%d", &hb)
		fmt.Sscanf(after[strings.Index(after, "header ")+7:], "%d", &ha)
		if ha <= hb {
			t.Errorf(".debug_info unit header %d bytes in DWARF32, %d in DWARF64", hb, ha)
		}
		t.Logf("unit header: %q → %q", before, after)
		screenshot(t, ctx, "05-dwarf64")
	})

	var source string
	t.Run("reload restores the source", func(t *testing.T) {
		source = eval[string](t, ctx, `document.getElementById("src").value`)
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `window.dsRender && window.dsRender.ready && document.getElementById("src").value.length > 0`)
		if got := eval[string](t, ctx, `document.getElementById("src").value`); got != source {
			t.Errorf("after reload the source is\n%s\nwant\n%s", got, source)
		}
		if f := eval[string](t, ctx, `document.getElementById("opt-format").value`); f != "64" {
			t.Errorf("format after reload %q", f)
		}
	})

	t.Run("a share link reproduces the state", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("share"))); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `location.hash.startsWith("#s=")`)
		link := eval[string](t, ctx, `location.href`)
		// A fresh browser profile: nothing saved, only the link.
		ctx2, cancel2 := newBrowser(t)
		defer cancel2()
		if err := chromedp.Do(ctx2, chromedp.Navigate(link)); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx2, `window.dsRender && window.dsRender.ready && document.querySelectorAll("#map rect.seg").length > 0`)
		if got := eval[string](t, ctx2, `document.getElementById("src").value`); got != source {
			t.Errorf("shared source differs:\n%s", got)
		}
		if f := eval[string](t, ctx2, `document.getElementById("opt-format").value`); f != "64" {
			t.Errorf("shared format %q", f)
		}
		if n := eval[int](t, ctx2, `document.getElementById("src").value.length`); n == 0 {
			t.Error("shared page has no source")
		}
		if n := eval[int](t, ctx2, `document.querySelectorAll(`+jsString(pointSel)+`).length`); n != 1 {
			t.Error("shared page has no Point entry")
		}
		// The browser's compression and model.EncodeState agree: a link
		// written by Go (tools, older pages) opens too.
		goLink := url + "#s=" + model.EncodeState(model.State{Name: "mine.zig", Source: "const answer: u32 = 42;\n",
			Opts: model.Options{Format: "32", Target: "aarch64", Lines: "plain", Profile: "zig"}})
		ctx3, cancel3 := newBrowser(t)
		defer cancel3()
		if err := chromedp.Do(ctx3, chromedp.Navigate(goLink)); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx3, `window.dsRender && window.dsRender.ready && document.querySelectorAll("#map rect.seg").length > 0`)
		if got := eval[string](t, ctx3, `document.getElementById("src").value`); got != "const answer: u32 = 42;\n" {
			t.Errorf("a link from model.EncodeState opened %q", got)
		}
		if got := eval[string](t, ctx3, `document.getElementById("opt-target").value`); got != "aarch64" {
			t.Errorf("a link from model.EncodeState opened target %q", got)
		}
	})

	t.Run("export downloads the CLI's bytes", func(t *testing.T) {
		got := download(t, ctx, "#export")
		opts, err := buildopts.Parse(map[string]string{"format": "64"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := linkcore.Build("growing.zig", []byte(source), opts)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, res.ELF) {
			t.Errorf("downloaded %d bytes, linkcore.Build gives %d; they differ", len(got), len(res.ELF))
		}
	})

	t.Run("download what you see is the page's incremental image", func(t *testing.T) {
		// Back to the state of the edits: the shared page (ctx) holds the
		// moved Point; its image has Point where the map draws it.
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-tab="export"]`))); err != nil {
			t.Fatal(err)
		}
		waitJS(t, ctx, `!!document.getElementById("export-image")`)
		// One more edit, so the image is patched, not fresh from the reload.
		typeAfter(t, ctx, "z: i32 = 0,\n", "    extra: u64 = 0,\n")
		waitJS(t, ctx, `document.getElementById("status").textContent.startsWith("ok")`)
		got := download(t, ctx, "#export-image")
		f, err := elf.NewFile(bytes.NewReader(got))
		if err != nil {
			t.Fatalf("page image: %v", err)
		}
		d, err := f.DWARF()
		if err != nil {
			t.Fatalf("page image DWARF: %v", err)
		}
		off := eval[int](t, ctx, `+document.querySelector(`+jsString(pointSel)+`).dataset.off`)
		r := d.Reader()
		r.Seek(dwarf.Offset(off))
		e, err := r.Next()
		if err != nil || e == nil || e.Tag != dwarf.TagStructType || e.Val(dwarf.AttrName) != "Point" {
			t.Errorf("the map draws Point at 0x%x; the downloaded image has %v there (%v)", off, e, err)
		}
		info := f.Section(".debug_info")
		if n := eval[int](t, ctx, `+document.querySelector('#map [data-bar=".debug_info"] .sec-size').textContent.split(" ")[0]`); info == nil || int(info.Size) != n {
			t.Errorf("image .debug_info %v, the map says %d bytes", info, n)
		}
		screenshot(t, ctx, "06-export")
	})
}
