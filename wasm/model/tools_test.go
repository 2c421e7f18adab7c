package model

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dw"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/internal/pahole"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// holeZig has an extern struct with two holes and trailing padding;
// testdata/holey.c has the same struct in C, for pahole.
func holeZig(t testing.TB) string {
	b, err := os.ReadFile("testdata/holey.zig")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var (
	phTable = regexp.MustCompile(`<table class="pahole" data-type="([^"]+)" data-size="(\d+)" data-padding="(\d+)" data-bitpadding="(\d+)">`)
	phRow   = regexp.MustCompile(`<tr [^>]*>`)
	phAttr  = regexp.MustCompile(`(data-[a-z]+)="([^"]*)"`)
)

// htmlFacts reads the facts LayoutHTML's tables carry (their data
// attributes) in pahole.Facts' form, by type.
func htmlFacts(page string) map[string]string {
	out := map[string]string{}
	locs := phTable.FindAllStringSubmatchIndex(page, -1)
	for i, loc := range locs {
		end := len(page)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		name := page[loc[2]:loc[3]]
		var facts []string
		for _, row := range phRow.FindAllString(page[loc[1]:end], -1) {
			attrs := map[string]string{}
			for _, m := range phAttr.FindAllStringSubmatch(row, -1) {
				attrs[m[1]] = m[2]
			}
			switch {
			case attrs["data-member"] != "" && attrs["data-mbit"] != "":
				bo := strings.SplitN(attrs["data-mbit"], ":", 2)[0]
				facts = append(facts, fmt.Sprintf("%s@%s:%s+%s", attrs["data-member"], attrs["data-moff"], bo, attrs["data-msize"]))
			case attrs["data-member"] != "":
				facts = append(facts, fmt.Sprintf("%s@%s+%s", attrs["data-member"], attrs["data-moff"], attrs["data-msize"]))
			case attrs["data-bithole"] != "":
				facts = append(facts, "hole "+attrs["data-bithole"]+" bits")
			case attrs["data-hole"] != "":
				facts = append(facts, "hole "+attrs["data-hole"]+" bytes")
			}
		}
		facts = append(facts, "size "+page[loc[4]:loc[5]])
		if p := page[loc[6]:loc[7]]; p != "0" {
			facts = append(facts, "padding "+p)
		}
		if p := page[loc[8]:loc[9]]; p != "0" {
			facts = append(facts, "bit_padding "+p)
		}
		out[name] = strings.Join(facts, "; ")
	}
	return out
}

func runPahole(t *testing.T, path string) (map[string]string, string) {
	t.Helper()
	facts, out, err := pahole.Run(path)
	if err != nil {
		t.Fatal(err)
	}
	return facts, out
}

// gccCompile compiles the C file src with gcc -g into an object in dir
// and returns its path.
func gccCompile(t *testing.T, dir, src string) string {
	t.Helper()
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Fatal("gcc is not installed (scripts/test.sh installs it)")
	}
	obj := filepath.Join(dir, strings.TrimSuffix(filepath.Base(src), ".c")+".o")
	if out, err := exec.Command("gcc", "-g", "-O0", "-c", src, "-o", obj).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	return obj
}

// TestLayoutViewMatchesPahole holds the page's type layout view to
// pahole: on a gcc-built C object read through the same function the
// page uses (LayoutHTML of dwarfread's layouts), and on the page image of
// the same struct written in Zig. pahole 1.24 cannot read our output (it
// stops at DW_TAG_module), so the Zig struct is compared with pahole's
// view of the C struct of the same layout; if a pahole reads our image,
// it is compared directly too.
func TestLayoutViewMatchesPahole(t *testing.T) {
	dir := t.TempDir()
	obj := gccCompile(t, dir, "testdata/holey.c")
	want, _ := runPahole(t, obj)
	if want["struct Holey"] == "" || want["struct Bits"] == "" {
		t.Fatalf("pahole shows %v", want)
	}
	data, err := os.ReadFile(obj)
	if err != nil {
		t.Fatal(err)
	}
	d, err := dwarfread.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	got := htmlFacts(LayoutsHTML(el.HTML{}, d.Layouts(), nil, ^uint64(0), 0).String())
	for name, w := range want {
		if got[name] != w {
			t.Errorf("gcc object, %s:\npahole: %s\npage:   %s", name, w, got[name])
		}
	}

	a := NewApp()
	if err := a.Load("hole.zig", holeZig(t), DefaultOptions()); err != nil || a.S.Good == nil {
		t.Fatalf("load: %v %v", err, a.S.Errors)
	}
	a.Tab = "layout"
	tab := a.TabHTML()
	ours := htmlFacts(tab)
	if ours["struct Holey"] != want["struct Holey"] {
		t.Errorf("page image, struct Holey:\npahole (gcc's C struct): %s\npage:                    %s", want["struct Holey"], ours["struct Holey"])
	}
	if !strings.Contains(tab, "XXX 7 bytes hole, try to pack") {
		t.Errorf("the Layout tab does not show the 7-byte hole:\n%s", tab)
	}
	img := filepath.Join(dir, "hole.o")
	os.WriteFile(img, a.S.Image(), 0o644)
	direct, out := runPahole(t, img)
	if direct["struct Holey"] != "" {
		if direct["struct Holey"] != ours["struct Holey"] {
			t.Errorf("pahole reads the page image: %s\npage: %s", direct["struct Holey"], ours["struct Holey"])
		}
	} else {
		t.Logf("pahole does not read the page image (compared with the C struct instead): %s", strings.TrimSpace(out))
	}

	// Each member row selects its member DIE: a .debug_info offset that
	// is a DW_TAG_member DIE of the image.
	r := a.readOwn(a.S.Good)
	members := memberDIEs(r.d)
	rows := regexp.MustCompile(`<tr class="ph-member" data-off="(\d+)" data-sec="(\d+)" data-member="`).FindAllStringSubmatch(tab, -1)
	if len(rows) < 5 {
		t.Fatalf("%d member rows link to DIEs", len(rows))
	}
	for _, m := range rows {
		off, _ := strconv.ParseUint(m[1], 10, 64)
		if m[2] != strconv.Itoa(int(dwarfcore.DebugInfo)) || !members[off] {
			t.Errorf("member row links to section %s offset 0x%x, not a member DIE", m[2], off)
		}
	}
	// Selecting a member DIE marks its row and shows its struct's layout
	// beside the DIE in the inspector.
	off, _ := strconv.ParseUint(rows[1][1], 10, 64)
	a.Select(dwarfcore.DebugInfo, off)
	if tab := a.TabHTML(); !strings.Contains(tab, `<tr class="ph-member sel" data-off="`+rows[1][1]+`"`) {
		t.Error("the selected member's row is not marked")
	}
	if insp := a.InspectorHTML(); !strings.Contains(insp, `class="insp-layout"`) || htmlFacts(insp)["struct Holey"] != ours["struct Holey"] {
		t.Errorf("the inspector does not show Holey's layout beside its DIE:\n%s", insp)
	}
}

// memberDIEs returns the .debug_info offsets of d's DW_TAG_member DIEs.
func memberDIEs(d *dwarfread.Data) map[uint64]bool {
	members := map[uint64]bool{}
	for _, u := range d.Units {
		for _, die := range u.DIEs {
			if die.Tag == dw.TagMember {
				members[die.Off] = true
			}
		}
	}
	return members
}

// findAttr returns the first attribute of d's DIEs that ok accepts (nil:
// none).
func findAttr(d *dwarfread.Data, ok func(dwarfread.Attr) bool) *dwarfread.Attr {
	for _, u := range d.Units {
		for i := range u.DIEs {
			for j, x := range u.DIEs[i].Attrs {
				if ok(x) {
					return &u.DIEs[i].Attrs[j]
				}
			}
		}
	}
	return nil
}

// TestVerifyView: the Verify tab says plainly that the samples are
// clean, and a byte corrupted in the image gives a finding at its offset
// that selects that byte.
func TestVerifyView(t *testing.T) {
	a := NewApp()
	for _, s := range Samples {
		if s.Group != "teaching" {
			continue
		}
		if err := a.LoadSample(s.File); err != nil {
			t.Fatal(err)
		}
		a.Tab = "verify"
		if tab := a.TabHTML(); !strings.Contains(tab, `data-findings="0"`) || !strings.Contains(tab, "No findings") {
			t.Errorf("%s: the Verify tab is not clean:\n%s", s.File, tab)
		}
	}
	if err := a.LoadSample(DefaultSample); err != nil {
		t.Fatal(err)
	}
	img := append([]byte(nil), a.S.Image()...)
	d, err := dwarfread.Read(img)
	if err != nil {
		t.Fatal(err)
	}
	// The compile unit's DW_AT_decl_file (DW_FORM_udata, one byte):
	// name a file the line table does not have.
	at := findAttr(d, func(x dwarfread.Attr) bool { return x.Attr == dw.AttrDeclFile && x.Form == dw.FormUdata && x.Len == 1 })
	if at == nil {
		t.Fatal("no one-byte DW_AT_decl_file in the image")
	}
	info := d.File.Sections[d.File.SectionByName(".debug_info")]
	img[info.Offset+at.Off] = 0x7f
	bad, err := dwarfread.Read(img)
	if err != nil {
		t.Fatal(err)
	}
	html := FindingsHTML(bad.Verify(), ownSectionLink, 0).String()
	row := fmt.Sprintf(`<tr class="finding" data-fsec=".debug_info" data-foff="%d" title="select the byte" data-sec="%d" data-off="%d">`, at.Off, dwarfcore.DebugInfo, at.Off)
	if !strings.Contains(html, row) || !strings.Contains(html, "line table file index") {
		t.Errorf("corrupted DW_AT_decl_file at .debug_info 0x%x: no finding there:\n%s", at.Off, html)
	}
}

// leafCover checks that the leaves of a span tree cover [0, size) once.
func leafCover(s *dwarfread.Span, size uint64) error {
	var leaves []*dwarfread.Span
	var walk func(*dwarfread.Span)
	walk = func(s *dwarfread.Span) {
		if len(s.Children) == 0 {
			leaves = append(leaves, s)
		}
		for _, c := range s.Children {
			walk(c)
		}
	}
	for _, c := range s.Children {
		walk(c)
	}
	sort.SliceStable(leaves, func(i, j int) bool { return leaves[i].Off < leaves[j].Off })
	at := uint64(0)
	for _, l := range leaves {
		if l.Off != at {
			return fmt.Errorf("leaf %s %q at 0x%x, want 0x%x", l.Kind, l.Name, l.Off, at)
		}
		at += l.Len
	}
	if at != size {
		return fmt.Errorf("leaves end at 0x%x, the section at 0x%x", at, size)
	}
	return nil
}

// TestMapExports: the SVG export is well-formed XML with its styles in
// it and every section's label; the JSON export's maps cover every byte
// of every section once and its layout is the emitter's.
func TestMapExports(t *testing.T) {
	a := NewApp()
	a.LoadSample(DefaultSample)
	a.SelectEntry("growing.Point")
	svg, err := a.ExportMap("svg")
	if err != nil {
		t.Fatal(err)
	}
	// Well-formed XML (the browser test parses its labels too).
	for dec := xml.NewDecoder(strings.NewReader(svg.Text)); ; {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("SVG export is not well-formed XML: %v", err)
		}
	}
	for id := dwarfcore.SectionID(0); id < dwarfcore.NumSections; id++ {
		if len(a.S.Good.Out.Sections[id]) > 0 && !strings.Contains(svg.Text, `">`+id.Name()+`</text>`) {
			t.Errorf("the SVG has no label %s", id.Name())
		}
	}
	if strings.Contains(svg.Text, "var(--") || !strings.Contains(svg.Text, "<style>") {
		t.Error("the SVG's styles are not written out")
	}
	js, err := a.ExportMap("json")
	if err != nil {
		t.Fatal(err)
	}
	var rep MapReport
	if err := json.Unmarshal([]byte(js.Text), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Sections) != int(dwarfcore.NumSections) || rep.Layout == nil || len(rep.Relocations) == 0 || len(rep.File) == 0 {
		t.Fatalf("JSON export lacks fields: %d sections, layout %v, %d relocations, %d file sections", len(rep.Sections), rep.Layout != nil, len(rep.Relocations), len(rep.File))
	}
	for i, s := range rep.Sections {
		if s.Size != int(rep.Layout.Sections[i].Size) {
			t.Errorf("%s: %d bytes, the layout says %d", s.Name, s.Size, rep.Layout.Sections[i].Size)
		}
		if s.Size == 0 {
			continue
		}
		if err := leafCover(s.Map, uint64(s.Size)); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
	}
}

// BenchmarkToolsTabs is a keystroke with the Layout or Verify tab shown
// (relocs: the default tab, for comparison): the edit, reading the page
// image back with dwarfread, the layouts or the checks, and the DOM
// patches. "const" types into a constant's value (the image's data
// changes, no debug section does: nothing is read again), "decl" adds
// and removes a declaration in turn (.debug_info changes: the image is
// read again). export-svg and export-json make the map exports of the
// same program.
func BenchmarkToolsTabs(b *testing.B) {
	for _, n := range []int{200, 2000} {
		for _, tab := range []string{"relocs/const", "relocs/decl", "layout/const", "layout/decl", "verify/const", "verify/decl", "export-svg", "export-json"} {
			b.Run(fmt.Sprintf("decls=%d/%s", n, tab), func(b *testing.B) {
				ty, a := benchApp(b, n)
				a.Tab, _, _ = strings.Cut(tab, "/")
				if strings.HasPrefix(tab, "export") {
					a.Tab = "export"
				}
				a.Patches()
				src := ty.Src
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					switch tab {
					case "export-svg", "export-json":
						if _, err := a.ExportMap(strings.TrimPrefix(tab, "export-")); err != nil {
							b.Fatal(err)
						}
						continue
					}
					if strings.HasSuffix(tab, "/decl") {
						if i%2 == 0 {
							a.Edit(src + "\nconst tools_extra: u32 = 1;\n")
						} else {
							a.Edit(src)
						}
					} else {
						a.Edit(ty.Key())
					}
					if a.S.Good == nil || len(a.S.Errors) > 0 {
						b.Fatal(a.S.Errors)
					}
					a.Patches()
				}
			})
		}
	}
}
