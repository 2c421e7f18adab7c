package model

import (
	"fmt"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/dwarfcore/dwarfread"
	"github.com/dwarfscope/dwarfscope/wasm/el"
)

// VerifyChecks names the checks dwarfread's verifier runs (those of
// `dwarfscope verify` and llvm-dwarfdump --verify that it can make), for
// the Verify tab's legend.
var VerifyChecks = []string{
	"unit header chain", "abbreviation codes and forms", "references inside their unit or section, at a DIE",
	"DW_AT_type names a type", "DW_AT_high_pc not below DW_AT_low_pc", "string and section offsets",
	"line table file indexes and sequences", "location expressions decode",
}

// SectionLink says how a renderer links a finding to a byte: the element
// attributes that select byte off of the named section (nil: no link).
type SectionLink func(section string, off uint64) map[string]string

// ownSectionLink links to our output's debug sections.
func ownSectionLink(section string, off uint64) map[string]string {
	for id := dwarfcore.SectionID(0); id < dwarfcore.NumSections; id++ {
		if id.Name() == section {
			return map[string]string{"data-sec": fmt.Sprint(int(id)), "data-off": fmt.Sprint(off)}
		}
	}
	return nil
}

// FindingsHTML renders the verifier's findings, one row each (section,
// offset, check, message; data-fsec and data-foff carry the place),
// linked through link to the byte they name; with no findings it says
// so plainly.
func FindingsHTML(fs []dwarfread.Finding, link SectionLink, limit int) string {
	if len(fs) == 0 {
		return `<div class="verify-clean" id="verify-result" data-findings="0">✓ No findings: every check passes.</div>`
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<div class="verify-bad" id="verify-result" data-findings="%d">✗ %d finding%s</div>`, len(fs), len(fs), map[bool]string{true: "", false: "s"}[len(fs) == 1])
	tb := el.New("tbody")
	for i, f := range fs {
		if limit > 0 && i == limit {
			tb.Add(el.New("tr").Add(el.New("td").Class("dim").Attr("colspan", "4").Text(fmt.Sprintf("… %d more", len(fs)-i))))
			break
		}
		tr := el.New("tr").Class("finding").Attr("data-fsec", f.Section).Attr("data-foff", fmt.Sprint(f.Off)).Attr("title", "select the byte")
		if link != nil {
			if m := link(f.Section, f.Off); m != nil {
				tr.Attr("data-sec", m["data-sec"]).Attr("data-off", m["data-off"])
			}
		}
		tb.Add(tr.Add(el.New("td").Text(f.Section), el.New("td").Class("off").Text(fmt.Sprintf("0x%x", f.Off)),
			el.New("td").Class("tag").Text(f.Check), el.New("td").Class("msg").Text(f.Message)))
	}
	t := el.New("table").Class("grid findings").Add(el.New("thead").Add(el.New("tr").Add(
		el.New("th").Text("section"), el.New("th").Text("offset"), el.New("th").Text("check"), el.New("th").Text("finding"))), tb)
	sb.WriteString(t.HTML().String())
	return sb.String()
}

// verifyTabHTML is the Verify tab: dwarfread's checks on the page image,
// run when the tab is shown, once per change of the image's bytes.
func (a *App) verifyTabHTML(b *Build) string {
	r := a.verifyOwn(b)
	var sb strings.Builder
	sb.WriteString(`<div class="tools-head"><b>Verifier</b> <span class="dim small">the checks of <code>dwarfscope verify</code> (those of <code>llvm-dwarfdump --verify</code> the reader can make) on the page image, after each edit</span></div>`)
	if r.err != nil {
		fmt.Fprintf(&sb, `<div class="empty">%s</div>`, esc(r.err.Error()))
		return sb.String()
	}
	sb.WriteString(FindingsHTML(r.findings, ownSectionLink, 500))
	sb.WriteString(`<div class="dim small verify-checks">checks: ` + esc(strings.Join(VerifyChecks, " · ")) + `</div>`)
	return sb.String()
}
