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
func FindingsHTML(fs []dwarfread.Finding, link SectionLink, limit int) el.HTML {
	var w el.Builder
	if len(fs) == 0 {
		w.Open("div").Class("verify-clean").Attr("id", "verify-result").Attr("data-findings", "0").Text("✓ No findings: every check passes.")
		return w.HTML()
	}
	w.Open("div").Class("verify-bad").Attr("id", "verify-result").AttrInt("data-findings", int64(len(fs))).Text("✗ ").Int(int64(len(fs))).Text(" finding")
	if len(fs) != 1 {
		w.Text("s")
	}
	w.Close()
	openGrid(&w, "grid findings", "section", "offset", "check", "finding")
	for i, f := range fs {
		if limit > 0 && i == limit {
			w.Open("tr").Open("td").Class("dim").Attr("colspan", "4").Text("… ").Int(int64(len(fs) - i)).Text(" more").Close().Close()
			break
		}
		w.Open("tr").Class("finding").Attr("data-fsec", f.Section).AttrUint("data-foff", f.Off).Attr("title", "select the byte")
		if link != nil {
			if m := link(f.Section, f.Off); m != nil {
				w.Attr("data-sec", m["data-sec"]).Attr("data-off", m["data-off"])
			}
		}
		cell(&w, "", f.Section)
		offCell(&w, f.Off)
		cell(&w, "tag", f.Check)
		cell(&w, "msg", f.Message)
		w.Close()
	}
	return w.HTML()
}

// verifyHead is the Verify tab's head: what runs (on what).
func verifyHead(w *el.Builder, what el.HTML) {
	w.Open("div").Class("tools-head").Open("b").Text("Verifier").Close().Text(" ").Open("span").Class("dim small").Add(what).Close().Close()
}

// verifyResult writes the findings, or the error that stopped the
// verifier, then the checks it makes.
func verifyResult(w *el.Builder, fs []dwarfread.Finding, link SectionLink, err string) {
	if err != "" {
		w.Open("div").Class("empty").Text(err).Close()
		return
	}
	w.Add(FindingsHTML(fs, link, 500))
	w.Open("div").Class("dim small verify-checks").Text("checks: ").Text(strings.Join(VerifyChecks, " · ")).Close()
}

// verifyTabHTML is the Verify tab: dwarfread's checks on the page image,
// run when the tab is shown, once per change of the image's bytes.
func (a *App) verifyTabHTML(b *Build) string {
	r := a.verifyOwn(b)
	var w el.Builder
	var what el.Builder
	what.Text("the checks of ").Open("code").Text("dwarfscope verify").Close().Text(" (those of ").Open("code").Text("llvm-dwarfdump --verify").Close().
		Text(" the reader can make) on the page image, after each edit")
	verifyHead(&w, what.HTML())
	errText := ""
	if r.err != nil {
		errText = r.err.Error()
	}
	verifyResult(&w, r.findings, ownSectionLink, errText)
	return w.String()
}
