package browsertest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/dwarfscope/dwarfscope/internal/pahole"
	"github.com/dwarfscope/dwarfscope/wasm/model"
)

// holey.zig has an extern struct with two holes and trailing padding;
// holey.c the same struct in C, for pahole (which reads gcc's DWARF).
const holeyZig, holeyC = "../../wasm/model/testdata/holey.zig", "../../wasm/model/testdata/holey.c"

var (
	cliOnce sync.Once
	cliPath string
	cliErr  error
)

// dwarfscopeCLI builds the command line once per test run.
func dwarfscopeCLI(t *testing.T) string {
	t.Helper()
	cliOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dwarfscope-cli")
		if err != nil {
			cliErr = err
			return
		}
		cliPath = filepath.Join(dir, "dwarfscope")
		if out, err := exec.Command("go", "build", "-o", cliPath, "../../cmd/dwarfscope").CombinedOutput(); err != nil {
			cliErr = fmt.Errorf("go build ./cmd/dwarfscope: %v\n%s", err, out)
		}
	})
	if cliErr != nil {
		t.Fatal(cliErr)
	}
	return cliPath
}

// pageLayoutFactsJS reads a type's rows from the Layout tab as drawn:
// the facts of pahole.Facts, from the rows' data attributes.
const pageLayoutFactsJS = `((name) => {
  const t = document.querySelector('#tab table.pahole[data-type="' + name + '"]');
  if (!t) return "";
  const f = [];
  for (const r of t.querySelectorAll("tr")) {
    const d = r.dataset;
    if (d.member !== undefined) f.push(d.member + "@" + d.moff + (d.mbit ? ":" + d.mbit.split(":")[0] : "") + "+" + d.msize);
    else if (d.bithole) f.push("hole " + d.bithole + " bits");
    else if (d.hole) f.push("hole " + d.hole + " bytes");
  }
  f.push("size " + t.dataset.size);
  if (t.dataset.padding !== "0") f.push("padding " + t.dataset.padding);
  if (t.dataset.bitpadding !== "0") f.push("bit_padding " + t.dataset.bitpadding);
  return f.join("; ");
})`

func paholeFacts(t *testing.T, path string) (map[string]string, string) {
	t.Helper()
	facts, out, err := pahole.Run(path)
	if err != nil {
		t.Fatal(err)
	}
	return facts, out
}

// TestTools drives the Layout, Verify and Export tabs (issue 14 items 2,
// 4 and 5 in the page): the layout of a struct with holes as pahole
// gives it, the verifier clean on the samples, and the map's SVG, PNG and
// JSON downloads, with screenshots at 1280×800 and 1920×1080.
func TestTools(t *testing.T) {
	ctx, cancel := openPage(t, chromedp.EmulateViewport(1280, 800))
	defer cancel()
	url := startServer(t)
	src, err := os.ReadFile(holeyZig)
	if err != nil {
		t.Fatal(err)
	}
	holeZig := string(src)
	state := model.State{Name: "hole.zig", Source: holeZig, Opts: model.DefaultOptions()}
	// A query makes this a navigation, not a change of fragment.
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"?tools#s="+model.EncodeState(state))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, pageReady+` && document.getElementById("src").value.includes("Holey") && document.getElementById("status").textContent.startsWith("ok")`)
	dir := t.TempDir()

	t.Run("layout tab matches pahole", func(t *testing.T) {
		clickSVG(t, ctx, `[data-tab="layout"]`)
		waitJS(t, ctx, `document.querySelector('#tab table.pahole[data-type="struct Holey"]') !== null`)
		got := eval[string](t, ctx, pageLayoutFactsJS+`("struct Holey")`)
		// The server's export of the same source: pahole, if it reads it.
		resp, err := http.Post(url+"api/build?"+state.Opts.Query("hole.zig"), "text/plain", strings.NewReader(holeZig))
		if err != nil {
			t.Fatal(err)
		}
		obj, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("export: %s %s", resp.Status, obj)
		}
		ours := filepath.Join(dir, "hole.o")
		os.WriteFile(ours, obj, 0o644)
		if direct, out := paholeFacts(t, ours); direct["struct Holey"] != "" {
			if direct["struct Holey"] != got {
				t.Errorf("pahole on the exported object: %s\nthe Layout tab:            %s", direct["struct Holey"], got)
			}
		} else {
			t.Logf("pahole cannot read the exported object (%s); comparing with gcc's build of the same struct in C", strings.TrimSpace(out))
		}
		cobj := filepath.Join(dir, "holey.o")
		if out, err := exec.Command("gcc", "-g", "-c", holeyC, "-o", cobj).CombinedOutput(); err != nil {
			t.Fatalf("gcc: %v\n%s", err, out)
		}
		want, _ := paholeFacts(t, cobj)
		if want["struct Holey"] == "" || got != want["struct Holey"] {
			t.Errorf("struct Holey:\npahole (gcc's C struct): %s\nthe Layout tab:          %s", want["struct Holey"], got)
		}
		if !strings.Contains(text(t, ctx, "#tab"), "XXX 7 bytes hole, try to pack") {
			t.Error("the Layout tab does not say 7 bytes hole")
		}
		screenshot(t, ctx, "tools-layout-1280x800")
	})

	t.Run("a member row selects its DIE, the inspector shows the layout beside it", func(t *testing.T) {
		row := `#tab table.pahole[data-type="struct Holey"] tr.ph-member[data-member="b"]`
		off := eval[int](t, ctx, `+document.querySelector(`+jsString(row)+`).dataset.off`)
		clickSVG(t, ctx, row)
		waitJS(t, ctx, `document.querySelector(`+jsString(row)+`).classList.contains("sel") && document.querySelector("#inspector .insp-layout") !== null`)
		if first := eval[int](t, ctx, `+(document.querySelector("#hex .b.inleaf, #hex .b.insel") || {dataset: {off: -1}}).dataset.off`); first < 0 {
			t.Error("the hex view highlights nothing after clicking the row")
		}
		insp := text(t, ctx, "#inspector")
		for _, w := range []string{"DW_TAG_structure_type", "DW_TAG_member", "XXX 7 bytes hole", "padding: 7"} {
			if !strings.Contains(insp, w) {
				t.Errorf("inspector lacks %q", w)
			}
		}
		if !eval[bool](t, ctx, fmt.Sprintf(`[...document.querySelectorAll("#inspector .die-head")].some(h => +h.dataset.off === %d)`, off)) {
			t.Errorf("the inspector does not show the member DIE at 0x%x", off)
		}
		screenshot(t, ctx, "tools-inspector-layout-1280x800")
	})

	t.Run("the inspector's layout fits a narrow inspector", func(t *testing.T) {
		for _, vp := range viewports {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, vp.height, chromedp.EmulateScale(vp.scale))); err != nil {
				t.Fatal(err)
			}
			waitJS(t, ctx, `document.querySelector("#inspector .insp-layout") !== null`)
			if o := eval[string](t, ctx, `(() => { const i = document.getElementById("inspector"); const e = i.getBoundingClientRect().right; const bad = [...i.querySelectorAll(".insp-layout td")].filter(td => td.getBoundingClientRect().right > e + 0.5).map(td => td.textContent); return i.scrollWidth > i.clientWidth ? "scrolls sideways " + i.scrollWidth + " > " + i.clientWidth : bad.join(", "); })()`); o != "" {
				t.Errorf("%s: the inspector's layout is cut: %s", vp.name, o)
			}
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("exports: SVG, PNG and JSON", func(t *testing.T) {
		clickSVG(t, ctx, `[data-tab="export"]`)
		waitJS(t, ctx, `!!document.getElementById("export-svg")`)
		screenshot(t, ctx, "tools-export-1280x800")
		svg := download(t, ctx, "#export-svg")
		labels := svgLabels(t, svg)
		for _, w := range []string{".debug_abbrev", ".debug_info", ".debug_line", ".debug_str"} {
			if !labels[w] {
				t.Errorf("the SVG has no section label %s: %v", w, labels)
			}
		}
		os.WriteFile(filepath.Join(artifactsDir(t), "tools-map.svg"), svg, 0o644)

		pngData := download(t, ctx, "#export-png")
		os.WriteFile(filepath.Join(artifactsDir(t), "tools-map.png"), pngData, 0o644)
		img, err := png.Decode(bytes.NewReader(pngData))
		if err != nil {
			t.Fatalf("PNG export: %v", err)
		}
		var w, h float64
		fmt.Sscanf(svgAttr(t, svg, "width"), "%g", &w)
		fmt.Sscanf(svgAttr(t, svg, "height"), "%g", &h)
		if b := img.Bounds(); b.Dx() != int(2*w+0.999) || b.Dy() != int(2*h+0.999) {
			t.Errorf("PNG is %dx%d, the SVG %gx%g: want twice its size", b.Dx(), b.Dy(), w, h)
		}
		// The entries are drawn in their colour: the SVG's styles work
		// when it is drawn alone.
		entry := 0
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
				r, g, b, _ := img.At(x, y).RGBA()
				if r>>8 == 0x3f && g>>8 == 0xb6 && b>>8 == 0x8b {
					entry++
				}
			}
		}
		if entry < 100 {
			t.Errorf("the PNG has %d pixels of the entries' colour: the SVG did not render with its styles", entry)
		}

		got := map[string]any{}
		if err := json.Unmarshal(download(t, ctx, "#export-json"), &got); err != nil {
			t.Fatalf("JSON export: %v", err)
		}
		src := filepath.Join(dir, "hole.zig")
		os.WriteFile(src, []byte(holeZig), 0o644)
		cmd := exec.Command(dwarfscopeCLI(t), "layout", "-json", src)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("dwarfscope layout -json: %v", err)
		}
		want := map[string]any{}
		if err := json.Unmarshal(out, &want); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"layout", "file", "relocations"} {
			if want[k] == nil || !reflect.DeepEqual(got[k], want[k]) {
				g, _ := json.Marshal(got[k])
				w, _ := json.Marshal(want[k])
				t.Errorf("JSON export's %q differs from dwarfscope layout -json's:\npage: %.600s\ncli:  %.600s", k, g, w)
			}
		}
		secs, _ := got["sections"].([]any)
		if len(secs) < 5 {
			t.Fatalf("JSON export has %d sections", len(secs))
		}
		for _, s := range secs {
			m := s.(map[string]any)
			if m["size"].(float64) > 0 && m["map"] == nil {
				t.Errorf("section %v has no map", m["name"])
			}
		}
	})

	t.Run("verify tab is clean on the samples", func(t *testing.T) {
		clickSVG(t, ctx, `[data-tab="verify"]`)
		for _, s := range []string{"", "shared.zig", "tagged_union.zig", "line_program.zig"} {
			if s != "" {
				setSelect(t, ctx, "sample", s)
				waitJS(t, ctx, `document.getElementById("src").value.length > 0 && document.getElementById("status").textContent.startsWith("ok")`)
			}
			waitJS(t, ctx, `document.getElementById("verify-result") !== null`)
			if n := eval[string](t, ctx, `document.getElementById("verify-result").dataset.findings`); n != "0" {
				t.Errorf("%s: %s findings: %s", s, n, text(t, ctx, "#tab"))
			}
			if r := text(t, ctx, "#verify-result"); !strings.Contains(r, "No findings") {
				t.Errorf("%s: the Verify tab says %q", s, r)
			}
		}
		screenshot(t, ctx, "tools-verify-1280x800")
	})

	t.Run("1920x1080", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1920, 1080)); err != nil {
			t.Fatal(err)
		}
		setSelect(t, ctx, "sample", "growing.zig")
		waitJS(t, ctx, `document.getElementById("src").value.includes("Point") && document.getElementById("status").textContent.startsWith("ok")`)
		for _, tab := range []string{"layout", "verify", "export"} {
			clickSVG(t, ctx, `[data-tab="`+tab+`"]`)
			waitJS(t, ctx, `document.getElementById("tab").dataset.tabId === `+jsString(tab))
			if o := eval[float64](t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); o > 0 {
				t.Errorf("%s tab: the page is %v px wider than the window", tab, o)
			}
			screenshot(t, ctx, "tools-"+tab+"-1920x1080")
		}
		clickSVG(t, ctx, `[data-tab="layout"]`)
		clickSVG(t, ctx, `#tab table.pahole tr.ph-head`)
		waitJS(t, ctx, `document.querySelector("#inspector .insp-layout") !== null`)
		screenshot(t, ctx, "tools-inspector-layout-1920x1080")
		// Maximised, the inspector has room for the layout beside the DIE.
		clickSVG(t, ctx, `[data-maximize="insp"]`)
		waitJS(t, ctx, `document.querySelector(".panel.maximized.insp-panel") !== null`)
		l, d := `document.querySelector("#inspector .insp-layout").getBoundingClientRect()`, `document.querySelector("#inspector .die-tree").getBoundingClientRect()`
		if !eval[bool](t, ctx, `(() => { const l = `+l+`, d = `+d+`; return l.right <= d.left && l.top < d.bottom && d.top < l.bottom; })()`) {
			t.Error("the maximised inspector does not draw the layout beside the DIE tree")
		}
		screenshot(t, ctx, "tools-inspector-maximized-1920x1080")
		clickSVG(t, ctx, `[data-maximize="insp"]`)
	})
}

// svgLabels checks that data is well-formed XML and returns the texts of
// its section labels.
func svgLabels(t *testing.T, data []byte) map[string]bool {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	labels := map[string]bool{}
	in := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return labels
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			in = false
			for _, a := range tok.Attr {
				if a.Name.Local == "class" && a.Value == "sec-label" {
					in = true
				}
			}
		case xml.CharData:
			if in {
				labels[string(tok)] = true
			}
		}
	}
}

// svgAttr is an attribute of the SVG's root element.
func svgAttr(t *testing.T, data []byte, name string) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("no svg element: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "svg" {
			for _, a := range se.Attr {
				if a.Name.Local == name {
					return a.Value
				}
			}
			return ""
		}
	}
}

// TestFileMapJSONMatchesInspect: the page's JSON export of a file read
// by dwarfread (model.FileMapJSON, for files opened in the page) is byte
// for byte what `dwarfscope inspect -json` prints for it, on a gcc-built
// object.
func TestFileMapJSONMatchesInspect(t *testing.T) {
	dir := t.TempDir()
	obj := filepath.Join(dir, "holey.o")
	if out, err := exec.Command("gcc", "-g", "-c", holeyC, "-o", obj).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	out, err := exec.Command(dwarfscopeCLI(t), "inspect", "-json", obj).Output()
	if err != nil {
		t.Fatalf("dwarfscope inspect -json: %v", err)
	}
	_, d := readELF(t, obj)
	page, err := model.FileMapJSON(obj, d)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(page, out) {
		t.Errorf("model.FileMapJSON differs from dwarfscope inspect -json (%d and %d bytes)", len(page), len(out))
	}
}
