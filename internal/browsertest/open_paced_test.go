package browsertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/dwarfscope/dwarfscope/internal/verify"
)

// mapLastUnitJS clicks the last unit of .debug_info (not mapped yet) and
// resolves when its map is drawn, with what it cost: ms from the click to
// the map drawn, the longest main-thread task meanwhile (the page's
// PerformanceObserver "longtask": tasks over 50 ms) and how many there
// were; sawMapping when the unit's place said "mapping unit N… x%" in
// between. With TAB (a data-tab name, "" none), once the mapping shows it
// clicks that tab and records whether the tab was drawn (tabShown, by
// the selector TABDONE) while the unit was still being mapped.
const mapLastUnitJS = `(async (TAB, TABDONE) => {
	const longs = [];
	const obs = new PerformanceObserver(l => { for (const e of l.getEntries()) longs.push(e.duration); });
	obs.observe({type: "longtask"});
	const bar = '#map [data-bar=".debug_info"] ';
	const segs = [...document.querySelectorAll(bar + 'rect.seg.k-unit')];
	const off = segs[segs.length - 1].dataset.off;
	const mapped = () => document.querySelector(bar + 'rect.seg.k-mapping') === null &&
		document.querySelector(bar + 'rect.seg.k-unit[data-off="' + off + '"]') === null;
	const t0 = performance.now();
	segs[segs.length - 1].dispatchEvent(new MouseEvent("click", {bubbles: true}));
	let sawMapping = false, tabShown = false, tabClicked = false;
	while (!mapped() && performance.now() - t0 < 120000) {
		const label = document.querySelector('#map .mapping-label');
		if (label && /^mapping unit \d+… \d+%$/.test(label.textContent)) {
			sawMapping = true;
			if (TAB && !tabClicked) {
				tabClicked = true;
				document.querySelector('[data-tab="' + TAB + '"]').dispatchEvent(new MouseEvent("click", {bubbles: true}));
			}
		}
		if (tabClicked && !tabShown && document.querySelector(TABDONE) !== null && !mapped()) tabShown = true;
		await new Promise(r => setTimeout(r, 5));
	}
	const ms = performance.now() - t0;
	await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
	obs.disconnect();
	return {ms, longest: Math.max(0, ...longs), longTasks: longs.length, sawMapping, tabShown};
})`

// mapCost is what mapLastUnitJS returns.
type mapCost struct {
	MS         float64 `json:"ms"`
	Longest    float64 `json:"longest"`
	LongTasks  int     `json:"longTasks"`
	SawMapping bool    `json:"sawMapping"`
	TabShown   bool    `json:"tabShown"`
}

// TestOpenBigUnitResponsive opens an executable whose second unit is a
// big gcc unit (2,000 structures, globals and functions: about 450 KB of
// .debug_info, 30,000 DIEs) and clicks it: while it is mapped the map
// says "mapping unit N… x%", a click on the File tab is taken and drawn,
// and then the unit's map is drawn with its compile unit selected. The
// cost (time to map, longest main-thread task) is logged; scripts/
// bench-open.sh measures it on bigger files.
func TestOpenBigUnitResponsive(t *testing.T) {
	verify.Require(t, "gcc")
	dir := t.TempDir()
	for name, src := range map[string]string{"main.c": "int main(void) { return 0; }\n", "unit.c": benchUnitC(2000)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exe := filepath.Join(dir, "bigunit")
	cmd := exec.Command("gcc", "-g", "-O0", "main.c", "unit.c", "-o", exe)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	ctx, cancel := openPage(t, chromedp.EmulateViewport(1280, 800))
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("open-file"), []string{exe})); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `document.querySelector(".app.opened") !== null && document.querySelectorAll('#map [data-bar=".debug_info"] rect.seg.k-unit').length > 0`)
	c := eval[mapCost](t, ctx, mapLastUnitJS+`("elf", "#tab .filemap .fm")`)
	t.Logf("big unit mapped in %.0f ms; longest main-thread task %.0f ms (%d over 50 ms)", c.MS, c.Longest, c.LongTasks)
	if !c.SawMapping {
		t.Error(`the map never said "mapping unit N… x%" while the unit was mapped`)
	}
	if !c.TabShown {
		t.Error("a click on the File tab was not drawn while the unit was mapped")
	}
	waitJS(t, ctx, `document.querySelectorAll('#map [data-bar=".debug_info"] rect.seg.k-die').length > 100`)
	if tag := text(t, ctx, "#inspector .die-head .tag"); tag != "DW_TAG_compile_unit" {
		t.Errorf("after the mapping the inspector shows %q, not the unit's compile unit", tag)
	}
	screenshot(t, ctx, "open-big-unit-mapped")

	// The file opened again (its units not mapped), for a look at the
	// page while the big unit is mapped.
	opens := eval[int](t, ctx, `window.dsRender.opens || 0`)
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.ID("open-file"), []string{exe})); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, fmt.Sprintf(`(window.dsRender.opens || 0) > %d`, opens))
	if !eval[bool](t, ctx, `(() => { const segs = [...document.querySelectorAll('#map [data-bar=".debug_info"] rect.seg.k-unit')];
		if (segs.length === 0) return false; segs[segs.length - 1].dispatchEvent(new MouseEvent("click", {bubbles: true})); return true; })()`) {
		t.Fatal("the file opened again has no unit left to map")
	}
	waitJS(t, ctx, `document.querySelector("#map .mapping-label") !== null`)
	screenshot(t, ctx, "open-big-unit-mapping")
	waitJS(t, ctx, `document.querySelector("#map .mapping-label") === null`)
}
