package browsertest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/internal/dwarfdump"
	"github.com/dwarfscope/dwarfscope/internal/verify"
	"github.com/dwarfscope/dwarfscope/wasm/model"
)

// openC is the C program TestOpenELF compiles with gcc -g.
const openC = `struct point { int x; long y; char tag; };
struct point origin = { 1, 2, 'o' };
int area(struct point *p) { return p->x * (int)p->y; }
int main(void) { return area(&origin) - 2; }
`

// lineRows returns the rows of llvm-dwarfdump-22 --debug-line of path as
// the page's line table shows them: address, line, column, file, flags.
func lineRows(t *testing.T, path string) []string {
	t.Helper()
	var rows []string
	for _, r := range dwarfdump.Rows(dwarfdump.MustRun(t, "--debug-line", path)) {
		f := strings.Fields(r) // address line column file ISA discriminator op-index flags...
		rows = append(rows, strings.Join(append(f[:4:4], f[7:]...), " "))
	}
	return rows
}

// readELF reads the ELF file at path and what dwarfread reads in it.
func readELF(t testing.TB, path string) ([]byte, *dwarfread.Data) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dwarfread.Read(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return data, d
}

// TestOpenELF builds a C object with Debian's gcc -g, opens it in the page
// through the file input (nothing uploaded: the page reads it), selects
// the struct's DIE on the section map and checks that the inspector shows
// its tag, attributes and values exactly as llvm-dwarfdump-22 prints them;
// then the relocation records; the line program, decoded when its bar is
// clicked, with the rows llvm-dwarfdump-22 --debug-line lists; then an executable dropped on the page; a
// truncated file (a message naming the offset, the last good file kept);
// and the way back to the editor, whose source and saved state are
// untouched. Screenshots at 1280×800 and 1920×1080.
func TestOpenELF(t *testing.T) {
	verify.Require(t, "gcc", "llvm-dwarfdump-22", "pahole")
	dir := t.TempDir()
	src := filepath.Join(dir, "point.c")
	if err := os.WriteFile(src, []byte(openC), 0o644); err != nil {
		t.Fatal(err)
	}
	obj, exe := filepath.Join(dir, "point.o"), filepath.Join(dir, "point")
	for _, args := range [][]string{{"-g", "-c", src, "-o", obj}, {"-g", src, "-o", exe}} {
		if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
			t.Fatalf("gcc %v: %v\n%s", args, err, out)
		}
	}
	var point dwarfdump.DIE
	for _, d := range dwarfdump.DIEs(dwarfdump.MustRun(t, "--debug-info", "--show-form", obj), nil) {
		if d.Tag == "DW_TAG_structure_type" {
			point = d
			break
		}
	}
	if point.Tag == "" || len(point.Attrs) < 3 {
		t.Fatalf("llvm-dwarfdump-22 shows no struct point: %+v", point)
	}

	ctx, cancel := openPage(t, chromedp.EmulateViewport(1280, 800))
	defer cancel()
	source := eval[string](t, ctx, `document.getElementById("src").value`)
	eval[bool](t, ctx, `(window.dsFlushSave(), true)`)
	saved := eval[string](t, ctx, `localStorage.getItem("dwarfscope.state") || ""`)

	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("open-file"), []string{obj})); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelector(".app.opened") !== null && document.querySelector('#map [data-bar=".debug_info"] rect.seg.k-die') !== null`)
	if s := text(t, ctx, ".opened-name"); !strings.Contains(s, "point.o") || !strings.Contains(s, "ELF64 LSB ET_REL EM_X86_64") {
		t.Errorf("the opened file's line says %q", s)
	}
	if eval[bool](t, ctx, `getComputedStyle(document.querySelector(".editor-panel")).display !== "none"`) {
		t.Error("the editor is still shown beside the opened file")
	}
	// Only .debug_info is decoded for the first view.
	if n := eval[int](t, ctx, `document.querySelectorAll("#map rect.seg.k-lazy").length`); n == 0 {
		t.Error("every section was decoded before it was shown")
	}

	sel := fmt.Sprintf(`#map [data-bar=".debug_info"] rect.seg[data-off="%d"]`, point.Off)
	clickSVG(t, ctx, sel)
	waitJS(t, ctx, `(document.querySelector("#inspector .die-head .tag") || {}).textContent === "DW_TAG_structure_type"`)
	// The struct's own attribute table, row by row: name, form and value
	// as llvm-dwarfdump prints them.
	rows := eval[[][]string](t, ctx, `[...document.querySelectorAll("#inspector .die:first-child table.attrs tbody tr")].map(r => [r.querySelector(".aname").textContent, r.querySelector(".form").textContent, r.querySelector(".val .v").textContent])`)
	got := map[string]string{}
	for _, r := range rows {
		got[r[0]] = dwarfdump.Attr(r[0], r[1], strings.TrimSpace(r[2]))
	}
	for _, a := range point.Attrs {
		name := strings.Fields(a)[0]
		if g, ok := got[name]; !ok {
			t.Errorf("the inspector lacks %s (llvm-dwarfdump-22: %s)", name, a)
		} else if g != a {
			t.Errorf("the page shows %q, llvm-dwarfdump-22 prints %q", g, a)
		}
	}
	if n := eval[int](t, ctx, `[...document.querySelectorAll("#inspector .die-head .tag")].filter(e => e.textContent === "DW_TAG_member").length`); n != 3 {
		t.Errorf("%d DW_TAG_member entries under the struct, want 3", n)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#hex .b.insel").length`); n == 0 {
		t.Error("the hex view marks none of the struct's bytes")
	}
	screenshot(t, ctx, "open-gcc-object-1280")

	clickSVG(t, ctx, `[data-tab="relocs"]`)
	waitJS(t, ctx, `document.querySelectorAll("#tab .relocs-table tbody tr").length > 0`)
	relocs := text(t, ctx, "#tab")
	for _, want := range []string{"R_X86_64_32", ".debug_abbrev", "cross-section", "external", ".text"} {
		if !strings.Contains(relocs, want) {
			t.Errorf("the relocations tab lacks %q", want)
		}
	}
	// A section not decoded yet is decoded when its bar is clicked: the
	// line program, whose rows are llvm-dwarfdump-22's.
	clickSVG(t, ctx, `#map [data-bar=".debug_line"] rect.seg.k-lazy`)
	waitJS(t, ctx, `document.querySelector('#map [data-bar=".debug_line"] rect.seg.k-op') !== null`)
	clickSVG(t, ctx, `[data-tab="lines"]`)
	waitJS(t, ctx, `document.querySelectorAll("#tab .two-col > div:last-child tbody tr").length > 0`)
	pageRows := eval[[]string](t, ctx, `[...document.querySelectorAll("#tab .two-col > div:last-child tbody tr")].map(r => [...r.cells].map(c => c.textContent.trim()).join(" "))`)
	if want := lineRows(t, obj); strings.Join(pageRows, "\n") != strings.Join(want, "\n") {
		t.Errorf("line rows in the page:\n%s\nllvm-dwarfdump-22 --debug-line:\n%s", strings.Join(pageRows, "\n"), strings.Join(want, "\n"))
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1920, 1080)); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelector('#map svg.map-svg').getBoundingClientRect().width > 1000`)
	screenshot(t, ctx, "open-gcc-object-1920")

	// A file dropped on the page.
	drop := func(name string, data []byte) { dropFile(t, ctx, name, data) }
	exeBytes, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	opens := eval[int](t, ctx, `window.dsRender.opens || 0`)
	drop("point", exeBytes)
	waitJS(t, ctx, fmt.Sprintf(`(window.dsRender.opens || 0) > %d`, opens))
	if s := text(t, ctx, ".opened-name"); !strings.HasPrefix(s, "point ·") || !strings.Contains(s, "ET_EXEC") && !strings.Contains(s, "ET_DYN") {
		t.Errorf("after the drop, the opened file's line says %q", s)
	}
	clickSVG(t, ctx, `[data-tab="elf"]`)
	waitJS(t, ctx, `document.querySelectorAll("#tab .filemap .fm").length > 5`)
	screenshot(t, ctx, "open-gcc-executable-1920")

	// A truncated file: a message naming the offset; the last good file stays.
	opens = eval[int](t, ctx, `window.dsRender.opens || 0`)
	drop("broken.o", exeBytes[:100])
	waitJS(t, ctx, fmt.Sprintf(`(window.dsRender.opens || 0) > %d`, opens))
	if e := text(t, ctx, "#open-error"); !strings.Contains(e, "broken.o") || !strings.Contains(e, "offset 0x") {
		t.Errorf("the message for a truncated file is %q", e)
	}
	if s := text(t, ctx, ".opened-name"); !strings.HasPrefix(s, "point ·") {
		t.Errorf("after a bad file, the page shows %q, not the last good file", s)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "open-bad-file-1280")

	// Back to the editor: its source, its map and its saved state are as
	// they were.
	clickSVG(t, ctx, "#close-file")
	waitJS(t, ctx, `document.querySelector(".app.opened") === null && document.querySelectorAll("#map rect.seg.k-entry").length > 0`)
	if s := eval[string](t, ctx, `document.getElementById("src").value`); s != source {
		t.Error("the editor's source changed while a file was open")
	}
	// The status line (patched, not rendered by the components) is the
	// editor's build's again.
	if s := text(t, ctx, "#status"); !strings.HasPrefix(s, "ok · ") {
		t.Errorf("back in the editor, the status line reads %q", s)
	}
	if s := eval[string](t, ctx, `localStorage.getItem("dwarfscope.state") || ""`); s != saved {
		t.Error("opening a file changed the saved state")
	}

	openedToolTabs(t, ctx, dir)
}

// dropFile drops a file called name holding data on the page.
func dropFile(t *testing.T, ctx context.Context, name string, data []byte) {
	t.Helper()
	js := fmt.Sprintf(`(() => { const b = Uint8Array.from(atob(%q), c => c.charCodeAt(0)); const dt = new DataTransfer(); dt.items.add(new File([b], %q));
		document.body.dispatchEvent(new DragEvent("dragover", {bubbles: true, cancelable: true, dataTransfer: dt}));
		document.body.dispatchEvent(new DragEvent("drop", {bubbles: true, cancelable: true, dataTransfer: dt})); return true; })()`,
		base64.StdEncoding.EncodeToString(data), name)
	eval[bool](t, ctx, js)
}

// openedToolTabs shows the tools on an opened file (issue 14): gcc's
// object of testdata/holey.c opened beside the editor's build of the same
// struct in Zig (holey.zig). The Layout tab gives pahole's offsets,
// sizes, holes and padding on the same object and its rows select the
// member DIEs in the opened file's map, the Verify tab is clean, the
// Compare tab highlights where gcc's struct differs from the editor's,
// and the exports are the opened file's: its annotated map as
// dwarfscope inspect -json prints it, its map as SVG and PNG.
// Screenshots at 1280×800.
func openedToolTabs(t *testing.T, ctx context.Context, dir string) {
	src, err := os.ReadFile(holeyZig)
	if err != nil {
		t.Fatal(err)
	}
	state := model.State{Name: "hole.zig", Source: string(src), Opts: model.DefaultOptions()}
	if err := chromedp.Do(ctx, chromedp.Navigate(startServer(t)+"?opentools#s="+model.EncodeState(state))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, pageReady+` && document.getElementById("src").value.includes("Holey") && document.getElementById("status").textContent.startsWith("ok")`)
	obj := filepath.Join(dir, "holey.o")
	if out, err := exec.Command("gcc", "-g", "-c", holeyC, "-o", obj).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	want, _ := paholeFacts(t, obj)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("open-file"), []string{obj})); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelector(".app.opened") !== null && (document.querySelector(".opened-name") || {}).textContent.startsWith("holey.o")`)

	// Layout: pahole's facts; a member row selects its DIE.
	clickSVG(t, ctx, `[data-tab="layout"]`)
	waitJS(t, ctx, `document.querySelector('#tab table.pahole[data-type="struct Holey"]') !== null`)
	for _, name := range []string{"struct Holey", "struct Bits", "struct Nested"} {
		if got := eval[string](t, ctx, pageLayoutFactsJS+`(`+jsString(name)+`)`); want[name] == "" || got != want[name] {
			t.Errorf("%s in the opened file's Layout tab:\npahole: %s\npage:   %s", name, want[name], got)
		}
	}
	if !strings.Contains(text(t, ctx, "#tab"), "XXX 7 bytes hole, try to pack") {
		t.Error("the opened file's Layout tab does not say 7 bytes hole")
	}
	row := `#tab table.pahole[data-type="struct Holey"] tr.ph-member[data-member="b"]`
	off := eval[int](t, ctx, `+document.querySelector(`+jsString(row)+`).dataset.off`)
	clickSVG(t, ctx, row)
	waitJS(t, ctx, `document.querySelector(`+jsString(row)+`).classList.contains("sel") && document.querySelector("#inspector .insp-layout") !== null`)
	if tag := eval[string](t, ctx, `(document.querySelector("#inspector .die-head") || {}).dataset.off + " " + (document.querySelector("#inspector .die-head .tag") || {}).textContent`); tag != fmt.Sprintf("%d DW_TAG_member", off) {
		t.Errorf("the row selected %q, want the member DIE at %d", tag, off)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#hex .b.insel").length`); n == 0 {
		t.Error("the hex view marks none of the member's bytes")
	}
	screenshot(t, ctx, "open-layout-1280")

	// Verify: clean.
	clickSVG(t, ctx, `[data-tab="verify"]`)
	waitJS(t, ctx, `document.getElementById("verify-result") !== null`)
	if n := eval[string](t, ctx, `document.getElementById("verify-result").dataset.findings`); n != "0" {
		t.Errorf("the verifier finds %s problems in gcc's object: %s", n, text(t, ctx, "#tab"))
	}
	screenshot(t, ctx, "open-verify-1280")
	verifyCorrupted(t, ctx, obj)

	// Compare: gcc's struct against the editor's, the difference
	// highlighted; a row selects the entry in the opened file's map.
	clickSVG(t, ctx, `[data-tab="compare"]`)
	waitJS(t, ctx, `document.querySelector("#tab .cmp-grid") !== null`)
	holey := `[...document.querySelectorAll("#tab .cmp-entry")].find(r => r.querySelector(".cmp-l").textContent.startsWith('DW_TAG_structure_type "Holey"') && r.querySelector(".cmp-r").textContent.startsWith('DW_TAG_structure_type "Holey"'))`
	if cls := eval[string](t, ctx, `(`+holey+` || {className: "missing"}).className`); !strings.Contains(cls, "st-changed") {
		t.Errorf("struct Holey of gcc against the editor's: row %q, want it highlighted as changed", cls)
	}
	if bg := eval[string](t, ctx, `[...document.querySelectorAll("#tab .cmp-attr.st-changed")].map(r => getComputedStyle(r).backgroundColor).find(c => c !== "rgba(0, 0, 0, 0)") || ""`); bg == "" {
		t.Error("no changed attribute is highlighted")
	}
	eval[bool](t, ctx, `(`+holey+`.scrollIntoView({block: "center"}), true)`)
	screenshot(t, ctx, "open-compare-1280")
	eval[bool](t, ctx, `(`+holey+`.click(), true)`)
	waitJS(t, ctx, `(document.querySelector("#inspector .die-head .tag") || {}).textContent === "DW_TAG_structure_type"`)

	// Exports: the annotated map exactly as dwarfscope inspect -json
	// prints it; the map as SVG and PNG.
	clickSVG(t, ctx, `[data-tab="export"]`)
	waitJS(t, ctx, `!!document.getElementById("export-json")`)
	var got, cli map[string]any
	if err := json.Unmarshal(download(t, ctx, "#export-json"), &got); err != nil {
		t.Fatalf("JSON export: %v", err)
	}
	out, err := exec.Command(dwarfscopeCLI(t), "inspect", "-json", obj).Output()
	if err != nil {
		t.Fatalf("dwarfscope inspect -json: %v", err)
	}
	if err := json.Unmarshal(out, &cli); err != nil {
		t.Fatal(err)
	}
	for k := range cli {
		if k != "file" && !reflect.DeepEqual(got[k], cli[k]) {
			g, _ := json.Marshal(got[k])
			w, _ := json.Marshal(cli[k])
			t.Errorf("the JSON export's %q differs from dwarfscope inspect -json's:\npage: %.600s\ncli:  %.600s", k, g, w)
		}
	}
	svg := download(t, ctx, "#export-svg")
	if labels := svgLabels(t, svg); !labels[".debug_info"] || !labels[".debug_abbrev"] {
		t.Errorf("the SVG export's section labels: %v", labels)
	}
	pngData := download(t, ctx, "#export-png")
	os.WriteFile(filepath.Join(artifactsDir(t), "open-map.png"), pngData, 0o644)
	if _, err := png.Decode(bytes.NewReader(pngData)); err != nil {
		t.Errorf("PNG export: %v", err)
	}
	screenshot(t, ctx, "open-export-1280")
}

// verifyCorrupted drops a copy of the object at path with a
// DW_AT_decl_file naming a file its line table lacks: the Verify tab
// lists the finding at that offset, and a click on it selects the
// attribute in the opened file's map. It opens path again after.
func verifyCorrupted(t *testing.T, ctx context.Context, path string) {
	data, d := readELF(t, path)
	var at *dwarfread.Attr
	for _, u := range d.Units {
		for i := range u.DIEs {
			for j, x := range u.DIEs[i].Attrs {
				if at == nil && x.Attr == dw.AttrDeclFile && x.Len == 1 {
					at = &u.DIEs[i].Attrs[j]
				}
			}
		}
	}
	if at == nil {
		t.Fatal("no one-byte DW_AT_decl_file in gcc's object")
	}
	bad := append([]byte(nil), data...)
	bad[d.File.Sections[d.File.SectionByName(".debug_info")].Offset+at.Off] = 0x7f
	opens := eval[int](t, ctx, `window.dsRender.opens || 0`)
	dropFile(t, ctx, "bad.o", bad)
	waitJS(t, ctx, fmt.Sprintf(`(window.dsRender.opens || 0) > %d && document.querySelector("#verify-result") !== null && document.querySelector("#verify-result").dataset.findings !== "0"`, opens))
	row := fmt.Sprintf(`#tab tr.finding[data-fsec=".debug_info"][data-foff="%d"]`, at.Off)
	if !eval[bool](t, ctx, `document.querySelector(`+jsString(row)+`) !== null`) {
		t.Fatalf("no finding at .debug_info 0x%x: %s", at.Off, text(t, ctx, "#tab"))
	}
	clickSVG(t, ctx, row)
	waitJS(t, ctx, fmt.Sprintf(`(document.querySelector("#inspector tr.sel") || {dataset: {}}).dataset.off === "%d"`, at.Off))
	if got := eval[string](t, ctx, `document.querySelector("#inspector tr.sel").dataset.off + " " + document.querySelector("#inspector tr.sel .aname").textContent`); got != fmt.Sprintf("%d DW_AT_decl_file", at.Off) {
		t.Errorf("the finding selected %q, want DW_AT_decl_file at %d", got, at.Off)
	}
	screenshot(t, ctx, "open-verify-finding-1280")
	opens = eval[int](t, ctx, `window.dsRender.opens || 0`)
	dropFile(t, ctx, "holey.o", data)
	waitJS(t, ctx, fmt.Sprintf(`(window.dsRender.opens || 0) > %d`, opens))
}
