package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dwarfscope/dwarfscope/dwarfcore"
	"github.com/dwarfscope/dwarfscope/internal/buildopts"
	"github.com/dwarfscope/dwarfscope/wasm/model"
	"github.com/vugu/vugu"
)

// Host is what the page needs from the browser (implemented in wasm/).
type Host interface {
	// Export downloads the ELF object the server builds for the source
	// (a fresh build: the command line's bytes).
	Export(query, source, filename string)
	// DownloadImage downloads the page's own incremental ELF image.
	DownloadImage(filename string, image []byte)
	// Share puts the state into the URL fragment.
	Share()
	// SetSource replaces the editor's text (after a sample or option load).
	SetSource(src string)
	// Changed is called after every change of source or options.
	Changed()
}

// RootClass dims the page while the source has errors, and marks the
// presentation mode and a maximised panel.
func (c *Root) RootClass() string {
	cls := "app"
	if c.App.Dimmed() {
		cls += " dimmed"
	}
	if c.App.Present {
		cls += " present"
	}
	if c.App.Maximized != "" {
		cls += " has-max"
	}
	if c.App.Opened != nil {
		cls += " opened"
	}
	return cls
}

// panelClass is a panel's class: "panel NAME-panel", and "maximized".
func panelClass(a *model.App, name string) string {
	if a.Maximized == name {
		return "panel " + name + "-panel maximized"
	}
	return "panel " + name + "-panel"
}

func pressed(on bool) string {
	if on {
		return "true"
	}
	return "false"
}

// PanelClass is a panel's class (maximised or not).
func (c *Root) PanelClass(name string) string { return panelClass(c.App, name) }

// MaxPressed is a panel's maximise button's aria-pressed.
func (c *Root) MaxPressed(name string) string { return pressed(c.App.Maximized == name) }

// PresentPressed is the presentation button's aria-pressed.
func (c *Root) PresentPressed() string { return pressed(c.App.Present) }

// Options lists the build options the page offers: buildopts' options
// but "kind" (the page shows objects).
func (c *Root) Options() []*buildopts.Option {
	var out []*buildopts.Option
	for _, o := range buildopts.All {
		if o.Name != "kind" {
			out = append(out, o)
		}
	}
	return out
}

// OptionValue is the current value of the named option.
func (c *Root) OptionValue(name string) string { return c.App.S.Opts.Values()[name] }

// OptionDisabled reports whether an option's menu is disabled: the
// other options make it ineffective (the WebAssembly container has a
// target of its own).
func (c *Root) OptionDisabled(name string) bool { return c.App.S.OptionOverride(name) != "" }

// OptionTitle is an option menu's tooltip: its usage, or why it is
// disabled.
func (c *Root) OptionTitle(name, usage string) string {
	if why := c.App.S.OptionOverride(name); why != "" {
		return why
	}
	return usage
}

// OptionLabel is the text of one value in an option's menu.
func (c *Root) OptionLabel(name, v string) string {
	if name == "format" {
		return "DWARF" + v
	}
	return v
}

// Samples lists the samples menu.
func (c *Root) Samples() []model.Sample { return model.Samples }

// SampleLabel is an option's text.
func (c *Root) SampleLabel(s model.Sample) string {
	return fmt.Sprintf("%s — %s", s.Group, s.Title)
}

// Tabs lists the lower panel's tabs.
func (c *Root) Tabs() []string { return c.App.ShownTabs() }

// TabTitle names a tab.
func (c *Root) TabTitle(t string) string { return model.TabTitle(t) }

// TabClass marks the active tab.
func (c *Root) TabClass(t string) string {
	if t == c.App.Tab {
		return "tab active"
	}
	return "tab"
}

// HexSecValue is the hex section select's value.
func (c *Root) HexSecValue() string {
	if c.App.Opened != nil {
		return strconv.Itoa(c.App.Opened.HexSec)
	}
	return strconv.Itoa(c.App.HexSec)
}

// OnClick handles every click of the page by what the clicked element
// (or its closest marked ancestor) carries.
func (c *Root) OnClick(e vugu.DOMEvent) {
	t := e.JSEventTarget()
	if c.App.Opened != nil && c.openedClick(t) {
		return
	}
	el := t.Call("closest", "[data-sec],[data-tab],[data-export],[data-hexmove],[data-foff],[data-line],[data-arrows],[data-mapscale],[data-mapzoom],[data-maximize],[data-present],[data-nav],[data-pin],[data-compare]")
	if el.IsNull() || el.IsUndefined() {
		return
	}
	attr := attrOf(el)
	switch {
	case attr("data-tab") != "":
		c.App.Tab = attr("data-tab")
	case attr("data-compare") != "":
		c.App.SetCompareMode(attr("data-compare"))
	case attr("data-nav") == "back":
		c.App.GoBack()
	case attr("data-nav") == "forward":
		c.App.GoForward()
	case attr("data-pin") != "":
		c.App.TogglePin()
	case attr("data-maximize") != "":
		c.App.ToggleMaximized(attr("data-maximize"))
	case attr("data-present") != "":
		c.App.Present = !c.App.Present
	case attr("data-mapscale") != "":
		c.App.SetMapScale(attr("data-mapscale"))
	case attr("data-mapzoom") == "in":
		c.App.ZoomMap(2, 0.5)
	case attr("data-mapzoom") == "out":
		c.App.ZoomMap(0.5, 0.5)
	case attr("data-mapzoom") == "reset":
		c.App.ResetMapZoom()
	case attr("data-arrows") != "":
		c.App.ToggleArrows(attr("data-arrows"))
	case attr("data-export") == "image":
		name := strings.TrimSuffix(c.App.S.Name, ".zig") + ".page.o"
		if img := c.App.S.Image(); img != nil {
			c.Host.DownloadImage(name, img)
		}
	case attr("data-export") != "":
		name := strings.TrimSuffix(c.App.S.Name, ".zig") + ".o"
		c.Host.Export(c.App.S.Opts.Query(c.App.S.Name), c.App.S.Source, name)
	case attr("data-hexmove") != "":
		d, _ := strconv.Atoi(attr("data-hexmove"))
		start := c.App.HexStart
		if start < 0 {
			start = 0
			if c.App.Sel.Item != nil && int(c.App.Sel.Sec) == c.App.HexSec && c.App.Sel.Item.Off >= 64 {
				start = int64(c.App.Sel.Item.Off/16)*16 - 64
			}
		}
		start += int64(d)
		if start < 0 {
			start = 0
		}
		c.App.HexStart = start
	case attr("data-sec") != "":
		sec, _ := strconv.Atoi(attr("data-sec"))
		off, _ := strconv.ParseUint(attr("data-off"), 10, 64)
		c.App.Select(dwarfcore.SectionID(sec), off)
	}
}

// OnHover updates the explanation panel for the byte or field under the
// mouse.
func (c *Root) OnHover(e vugu.DOMEvent) {
	if c.App.Pinned != nil {
		return
	}
	el := e.JSEventTarget().Call("closest", "[data-sec]")
	if el.IsNull() || el.IsUndefined() {
		return
	}
	sec, _ := strconv.Atoi(el.Call("getAttribute", "data-sec").String())
	off, _ := strconv.ParseUint(el.Call("getAttribute", "data-off").String(), 10, 64)
	c.App.SetHover(dwarfcore.SectionID(sec), off)
}

// OnLeave forgets the hovered byte when the mouse leaves the page.
func (c *Root) OnLeave(e vugu.DOMEvent) { c.App.ClearHover() }

// OnSample loads a sample.
func (c *Root) OnSample(e vugu.DOMEvent) {
	name := e.JSEventTarget().Get("value").String()
	if name == "" {
		return
	}
	if c.App.LoadSample(name) == nil {
		c.Host.SetSource(c.App.S.Source)
		c.Host.Changed()
	}
}

// OnOption switches one option.
func (c *Root) OnOption(e vugu.DOMEvent) {
	t := e.JSEventTarget()
	c.App.SetOption(t.Call("getAttribute", "data-opt").String(), t.Get("value").String())
	c.Host.Changed()
}

// OnHexSec switches the hex view's section.
func (c *Root) OnHexSec(e vugu.DOMEvent) {
	v, _ := strconv.Atoi(e.JSEventTarget().Get("value").String())
	if c.App.Opened != nil {
		c.App.Opened.SetHexSec(v)
		return
	}
	c.App.HexSec = v
	c.App.HexStart = -1
}

// OnShare writes the share link.
func (c *Root) OnShare(e vugu.DOMEvent) { c.Host.Share() }

// View marks an element the wasm main patches (model.App.Patches) rather
// than vugu: the attribute makes vugugen treat it as dynamic, so vugu
// leaves its children alone instead of resetting them as static HTML.
func (c *Root) View(id string) string { return id }

// RenderKey is every value the page's components (root.vugu and the
// editor.vugu it holds) show, in one string: the wasm main renders them
// again only when it changed. vugu 0.4 writes every attribute and text
// node of its components on each render, which makes the browser restyle,
// lay out and repaint the whole page: with a big program's map on it, that
// costs a keystroke more than the edit. A binding added to either .vugu
// file must be added here. What changes on most keystrokes (the status
// line, the error list) is not bound in the .vugu files but patched like
// the views (model.App.Patches), so that typing renders the components
// only when their structure or the options change.
func (c *Root) RenderKey() string {
	a := c.App
	var sb strings.Builder
	field := func(s string) {
		sb.WriteString(s)
		sb.WriteByte(0)
	}
	field(c.RootClass())
	field(a.Sample)
	field(a.Maximized)
	field(fmt.Sprint(a.CanGoBack(), a.CanGoForward()))
	o := a.S.Opts
	field(o.Format)
	field(o.Target)
	field(o.Profile)
	field(o.Lines)
	for _, h := range a.HexSections() {
		field(h[0])
		field(h[1])
	}
	field(c.HexSecValue())
	field(a.Tab)
	field(a.S.Name)
	field(c.OpenedSummary())
	field(a.OpenErr)
	for _, t := range a.ShownTabs() {
		field(t)
	}
	return sb.String()
}
