package browsertest

import (
	"bytes"
	"debug/macho"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/linkcore"
)

// TestContainers switches the page's container (the top bar's container
// menu) to Mach-O and to WebAssembly and checks that the file tab's map
// draws that container's layout by name, as rendered: Mach-O's header,
// load commands and segments' sections, WebAssembly's sections and custom
// sections; that an edit that grows the debug information shows pieces
// moved (their old places drawn); that "Page image" downloads a file of
// that container and "Export .o" the command line's build in it. It saves a screenshot of each at 1280×800.
func TestContainers(t *testing.T) {
	ctx, cancel := openPage(t, chromedp.EmulateViewport(1280, 800))
	defer cancel()
	// The names the map draws (data-region), those whose label is drawn
	// visibly (in the zoomed map, at least one character wide), and the
	// table's rendered text.
	const drawnJS = `[...document.querySelectorAll("#tab .filemap [data-region]")].map(e => e.dataset.region)`
	const visibleJS = `[...document.querySelectorAll("#tab .filemap [data-region]")].filter(e => e.textContent !== "" && e.getBoundingClientRect().width >= 8).map(e => e.dataset.region)`
	for _, c := range []struct {
		container string
		drawn     []string
		visible   []string
		magic     string
		moved     string // what the regions table says of a piece that moved
	}{
		{"macho", []string{"mach_header_64", "LC_SEGMENT_64", "LC_BUILD_VERSION", "LC_SYMTAB", "LC_DYSYMTAB", "__TEXT,__text",
			"__DWARF,__debug_info", "__DWARF,__debug_abbrev", "__DWARF,__debug_line", "__DWARF,__debug_str", "symbol table", "string table"},
			[]string{"mach_header_64", "LC_SEGMENT_64", "LC_SYMTAB", "__DWARF,__debug_info"}, "\xcf\xfa\xed\xfe", "moved from 0x"},
		{"wasm", []string{"module header", "type", "import", "function", "code", ".debug_info", ".debug_abbrev", ".debug_line", "linking", "reloc..debug_info"},
			[]string{"type", "code", ".debug_info"}, "\x00asm", "shifted from 0x"},
	} {
		t.Run(c.container, func(t *testing.T) {
			setSelect(t, ctx, "opt-container", c.container)
			clickSVG(t, ctx, `[data-tab="elf"]`)
			waitJS(t, ctx, `document.getElementById("tab").dataset.tabId === "elf" && document.querySelector("#tab table.regions") !== null && document.getElementById("status").textContent.startsWith("ok")`)
			drawn := eval[[]string](t, ctx, drawnJS)
			for _, w := range c.drawn {
				if !slices.ContainsFunc(drawn, func(s string) bool { return s == w || strings.HasPrefix(s, w+" ") }) {
					t.Errorf("the file map does not draw %s; it draws %q", w, drawn)
				}
			}
			visible := eval[[]string](t, ctx, visibleJS)
			for _, w := range c.visible {
				if !slices.ContainsFunc(visible, func(s string) bool { return s == w || strings.HasPrefix(s, w+" ") }) {
					t.Errorf("no visible label for %s in the file map; visible: %q", w, visible)
				}
			}
			table := text(t, ctx, "#tab table.regions")
			for _, w := range c.drawn {
				if !strings.Contains(table, w) {
					t.Errorf("the regions table does not list %s", w)
				}
			}
			// The DWARF views follow the container's build.
			if eval[int](t, ctx, `document.querySelectorAll('#map [data-bar=".debug_info"] rect.seg.k-entry').length`) == 0 {
				t.Error("the section map shows no .debug_info entries")
			}
			// The target menu is disabled exactly where the container
			// has a target of its own, and says why.
			disabled := eval[bool](t, ctx, `document.getElementById("opt-target").disabled`)
			if want := c.container == "wasm"; disabled != want {
				t.Errorf("target menu disabled = %v, want %v", disabled, want)
			}
			if title := eval[string](t, ctx, `document.getElementById("opt-target").title`); c.container == "wasm" && !strings.Contains(title, "wasm32") {
				t.Errorf("the disabled target menu's title %q does not say wasm32", title)
			}
			screenshot(t, ctx, "container-"+c.container)
			// Grow the debug information: pieces move, their old places
			// are drawn.
			var grow strings.Builder
			grow.WriteString("const Grown_" + c.container + " = struct {\n")
			for _, f := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"} {
				grow.WriteString("    field_" + f + "_with_a_long_name: u32 = 1,\n")
			}
			grow.WriteString("};\nvar grown_" + c.container + ": Grown_" + c.container + " = .{};\n")
			eval[bool](t, ctx, `(() => { const ta = document.getElementById("src"); ta.value += `+jsString("\n"+grow.String())+`; ta.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
			waitJS(t, ctx, `document.getElementById("status").textContent.startsWith("ok") && document.querySelector("#tab table.regions").textContent.includes(`+jsString(c.moved)+`)`)
			if c.container == "macho" && eval[int](t, ctx, `document.querySelectorAll("#tab .fm-ghost").length`) == 0 {
				t.Error("no old place of a moved piece is drawn")
			}
			time.Sleep(1700 * time.Millisecond) // the moved pieces' flash ends
			screenshot(t, ctx, "container-"+c.container+"-moved")
			clickSVG(t, ctx, `[data-maximize="tabs"]`)
			waitJS(t, ctx, `document.querySelector(".panel.maximized.tabs-panel") !== null`)
			screenshot(t, ctx, "container-"+c.container+"-moved-max")
			clickSVG(t, ctx, `[data-maximize="tabs"]`)
			waitJS(t, ctx, `document.querySelector(".panel.maximized") === null`)
			img := download(t, ctx, "#export-image-top")
			if !bytes.HasPrefix(img, []byte(c.magic)) {
				t.Errorf("the page image starts % x, not a %s file", img[:min(8, len(img))], c.container)
			}
			// "Export .o" is the server's fresh build in the container:
			// the command line's bytes, with the page's profile (the
			// page teaches the seed's encoding; the command line's
			// Mach-O default is the portable one).
			exp := download(t, ctx, "#export")
			profile := eval[string](t, ctx, `document.getElementById("opt-profile").value`)
			opts, err := buildopts.Parse(map[string]string{"container": c.container, "profile": profile})
			if err != nil {
				t.Fatal(err)
			}
			src := eval[string](t, ctx, `document.getElementById("src").value`)
			res, err := linkcore.Build("growing.zig", []byte(src), opts)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(exp, res.ELF) {
				t.Errorf("exported %d bytes, linkcore.Build with container=%s gives %d; they differ", len(exp), c.container, len(res.ELF))
			}
			if c.container == "macho" {
				f, err := macho.NewFile(bytes.NewReader(img))
				if err != nil {
					t.Fatalf("page image: %v", err)
				}
				if s := f.Section("__debug_info"); s == nil {
					t.Error("page image has no __debug_info")
				}
			}
		})
	}
	setSelect(t, ctx, "opt-container", "elf")
	chromedp.Do(ctx, chromedp.ResetViewport())
}
