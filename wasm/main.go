//go:build js && wasm

// Command wasm is the explorer page's WebAssembly module: the dwarfcore
// and linkcore code, the view model (wasm/model) and the vugu components
// (web/) rendered into #app. Build it with
//
//	GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -o app.wasm ./wasm
//
// internal/page does this when the server starts.
package main

import (
	"runtime/debug"
	"sync"
	"syscall/js"
	"time"

	"github.com/dwarfscope/dwarfscope/wasm/model"
	"github.com/dwarfscope/dwarfscope/web"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"
)

const storageKey = "dwarfscope.state"

// host implements web.Host with the browser.
type host struct {
	app *model.App
	// pendingSource is written into the textarea after the next render;
	// previousSource, the saved source a share link replaced, is put
	// there first, so that undo brings it back. pendingVersion is
	// pendingSource's model.Session.Version (-1 when it is not the
	// source's text), which the editor's range edits of it name.
	pendingSource  *string
	pendingVersion int
	previousSource *string
}

func (h *host) Export(query, source, filename string) {
	js.Global().Call("dsExport", query, source, filename)
}

func (h *host) DownloadImage(filename string, image []byte) {
	arr := js.Global().Get("Uint8Array").New(len(image))
	js.CopyBytesToJS(arr, image)
	js.Global().Call("dsDownload", filename, arr)
}

// Share hands the state to explorer.js, which compresses it into the URL
// fragment.
func (h *host) Share() {
	js.Global().Call("dsShare", h.app.State().Text())
}

func (h *host) SetSource(src string) {
	h.pendingSource = &src
	h.pendingVersion = -1
	if src == h.app.S.Source {
		h.pendingVersion = h.app.S.Version
	}
}

// Changed asks explorer.js to save the state soon (it calls dsSave when
// typing pauses, and when the page is hidden): compressing the source on
// every keystroke would cost the keystroke's frame.
func (h *host) Changed() { js.Global().Call("dsScheduleSave") }

// save keeps the state in localStorage, as its text (explorer.js also
// reads the compressed form older pages saved).
func (h *host) save() {
	js.Global().Get("localStorage").Call("setItem", storageKey, h.app.State().Text())
}

// initialState picks the share link, then the saved state, then the
// default sample. explorer.js decompresses both before the module starts
// (dsInitial.link, dsInitial.saved: state texts, or null). When a link
// replaces a different saved source, that source is returned, for the
// editor's undo.
func initialState(app *model.App) (previous *string) {
	init := js.Global().Get("dsInitial")
	state := func(key string) (model.State, bool) {
		if init.IsUndefined() || init.IsNull() {
			return model.State{}, false
		}
		v := init.Get(key)
		if v.Type() != js.TypeString {
			return model.State{}, false
		}
		st, err := model.ParseState(v.String())
		return st, err == nil
	}
	link, haveLink := state("link")
	saved, haveSaved := state("saved")
	if haveLink && app.Load(link.Name, link.Source, link.Opts) == nil {
		if haveSaved && saved.Source != link.Source {
			return &saved.Source
		}
		return nil
	}
	if haveSaved && app.Load(saved.Name, saved.Source, saved.Opts) == nil {
		return nil
	}
	app.LoadSample(model.DefaultSample)
	return nil
}

// page renders the vugu components, then patches the big views (map,
// hex, inspector, explanation, tab, gutter) into their elements: only
// those whose HTML changed, so an edit that touches one section redraws
// one bar of the map, and hovering redraws almost nothing.
type page struct {
	mu       sync.Mutex
	renderer *domrender.JSRenderer
	env      *vugu.BuildEnv
	root     *web.Root
	app      *model.App
	h        *host
	t0       time.Time
	doc      js.Value
	after    js.Value
	// renderedKey is the components' web.Root.RenderKey at their last
	// render.
	renderedKey string
	// editMs is how long the last edit took (the model's Edit), for the
	// phase times dsAfterRender receives.
	editMs float64
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (p *page) render() {
	p.mu.Lock()
	defer p.mu.Unlock()
	t0 := time.Now()
	// The components are rendered only when what they show changed (see
	// web.Root.RenderKey); the views are patched below either way.
	if key := p.root.RenderKey(); key != p.renderedKey {
		if err := p.renderer.Render(p.env.RunBuild(p.root)); err != nil {
			panic(err)
		}
		p.renderedKey = key
	}
	t1 := time.Now()
	patches := p.app.Patches()
	t2 := time.Now()
	for _, pt := range patches {
		if el := p.doc.Call("getElementById", pt.ID); el.Truthy() {
			el.Set("innerHTML", pt.HTML)
		}
	}
	t3 := time.Now()
	pending, previous, version := js.Undefined(), js.Undefined(), -1
	if p.h.pendingSource != nil {
		pending = js.ValueOf(*p.h.pendingSource)
		version = p.h.pendingVersion
		p.h.pendingSource = nil
	}
	if p.h.previousSource != nil {
		previous = js.ValueOf(*p.h.previousSource)
		p.h.previousSource = nil
	}
	if p.after.Type() == js.TypeFunction {
		// The phases of this render: the edit before it (0 when it was
		// not an edit), the vugu render, building the patches, applying
		// them.
		phases := []any{p.editMs, ms(t1.Sub(t0)), ms(t2.Sub(t1)), ms(t3.Sub(t2))}
		p.editMs = 0
		p.after.Invoke(p.app.Generation, pending, time.Since(p.t0).Milliseconds(), phases, previous, version)
	}
}

func main() {
	// When main started, for the benchmarks: from dsRender.runMs to here
	// is the Go runtime's and the packages' initialisation.
	js.Global().Get("dsRender").Set("mainMs", js.Global().Get("performance").Call("now"))
	// The annotated map of a big program is many small objects, and a
	// WebAssembly program collects garbage on the page's only thread,
	// inside the keystroke's frame: collecting less often trades memory
	// for shorter edits.
	debug.SetGCPercent(400)
	renderer, err := domrender.New("#app")
	if err != nil {
		panic(err)
	}
	defer renderer.Release()
	env, err := vugu.NewBuildEnv(renderer.EventEnv())
	if err != nil {
		panic(err)
	}
	app := model.NewApp()
	h := &host{app: app}
	p := &page{renderer: renderer, env: env, app: app, h: h, t0: time.Now(),
		doc: js.Global().Get("document"), after: js.Global().Get("dsAfterRender")}
	// How long loading the first source took (for the benchmarks).
	tLoad := time.Now()
	h.previousSource = initialState(app)
	js.Global().Get("dsRender").Set("loadMs", ms(time.Since(tLoad)))
	h.SetSource(app.S.Source)
	p.root = &web.Root{App: app, Host: h}
	// dsEditRange and dsEdit are the editor's input: explorer.js calls
	// them inside the key's input event (or, when more input is waiting,
	// once for a burst of keys), and the edit is rendered before the frame
	// that shows the key is painted.
	events := renderer.EventEnv()
	// A big unit of an opened file is mapped in a goroutine that gives
	// the browser the thread back every few ms (time.Sleep returns to
	// the JavaScript event loop), so the page paints and takes input
	// meanwhile; it redraws the page now and then to show how far it got
	// and takes the event lock only to patch the map in when done.
	app.Run = func(work func(pause func()), finish func()) {
		go func() {
			slice, shown := time.Now(), time.Now()
			work(func() {
				if time.Since(slice) < 8*time.Millisecond {
					return
				}
				if time.Since(shown) > 150*time.Millisecond {
					events.Lock()
					events.UnlockRender()
					shown = time.Now()
				}
				time.Sleep(time.Millisecond)
				slice = time.Now()
			})
			events.Lock()
			finish()
			events.UnlockRender()
		}()
	}
	// dsEdit takes the textarea's whole text and returns its source
	// version (model.Session.Version).
	js.Global().Set("dsEdit", js.FuncOf(func(this js.Value, args []js.Value) any {
		events.Lock()
		t0 := time.Now()
		app.Edit(args[0].String())
		version := app.S.Version
		p.editMs = ms(time.Since(t0))
		events.UnlockOnly()
		h.Changed()
		p.render()
		return version
	}))
	// dsEditRange(version, prefix16, suffix16, inserted) takes only what
	// changed since the text of that version (model.App.EditRange) and
	// returns the new text's version, or -1, having changed nothing, when
	// the source is no longer that version: explorer.js then sends the
	// whole text with dsEdit.
	js.Global().Set("dsEditRange", js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) != 4 || args[0].Type() != js.TypeNumber || args[1].Type() != js.TypeNumber ||
			args[2].Type() != js.TypeNumber || args[3].Type() != js.TypeString {
			return -1
		}
		events.Lock()
		t0 := time.Now()
		version, ok := app.EditRange(args[0].Int(), args[1].Int(), args[2].Int(), args[3].String())
		if !ok {
			events.UnlockOnly()
			return -1
		}
		p.editMs = ms(time.Since(t0))
		events.UnlockOnly()
		h.Changed()
		p.render()
		return version
	}))
	// dsMap is the section map's pointer and keyboard input (explorer.js):
	// ("width", px) when its panel is resized, ("zoom", factor, x) for the
	// wheel at map pixel x, ("pan", fraction of the view), ("reset").
	js.Global().Set("dsMap", js.FuncOf(func(this js.Value, args []js.Value) any {
		arg := func(i int) float64 {
			if i < len(args) && args[i].Type() == js.TypeNumber {
				return args[i].Float()
			}
			return 0
		}
		events.Lock()
		switch args[0].String() {
		case "width":
			if !app.SetMapWidth(arg(1)) {
				events.UnlockOnly()
				return nil
			}
		case "zoom":
			app.ZoomMap(arg(1), app.MapBarFraction(arg(2)))
		case "pan":
			app.PanMap(arg(1))
		case "reset":
			app.ResetMapZoom()
		}
		events.UnlockOnly()
		p.render()
		return nil
	}))
	// dsCaret is the editor's caret line (explorer.js, when the caret
	// moves without an edit): it selects that declaration's entry.
	js.Global().Set("dsCaret", js.FuncOf(func(this js.Value, args []js.Value) any {
		events.Lock()
		changed := len(args) > 0 && app.SelectAtLine(args[0].Int())
		events.UnlockOnly()
		if changed {
			p.render()
		}
		return nil
	}))
	// dsMapExport makes a map export for explorer.js to download:
	// ("svg") the map as a standalone SVG, ("json") the annotated map;
	// {name, type, text}, or {error}.
	js.Global().Set("dsMapExport", js.FuncOf(func(this js.Value, args []js.Value) any {
		events.Lock()
		defer events.UnlockOnly()
		kind := ""
		if len(args) > 0 {
			kind = args[0].String()
		}
		f, err := app.ExportMap(kind)
		if err != nil {
			return map[string]any{"error": err.Error()}
		}
		return map[string]any{"name": f.Name, "type": f.Type, "text": f.Text}
	}))
	// dsOpen opens an ELF file the user chose or dropped (explorer.js
	// reads it with FileReader: it never leaves the browser): (name,
	// Uint8Array). It returns what it cost, for the benchmarks: ms in
	// all, readMs in dwarfread.Read, mapMs building the first map,
	// renderMs drawing the views, debugBytes decoded; or error.
	js.Global().Set("dsOpen", js.FuncOf(func(this js.Value, args []js.Value) any {
		data := make([]byte, args[1].Get("length").Int())
		js.CopyBytesToGo(data, args[1])
		events.Lock()
		t0 := time.Now()
		err := app.OpenFile(args[0].String(), data)
		openMs := ms(time.Since(t0))
		events.UnlockOnly()
		t1 := time.Now()
		p.render()
		res := map[string]any{"ms": openMs, "renderMs": ms(time.Since(t1))}
		if err != nil {
			res["error"] = app.OpenErr
			return res
		}
		var mapTime time.Duration
		for _, d := range app.Opened.MapTime {
			mapTime += d
		}
		res["readMs"] = ms(app.Opened.ReadTime)
		res["mapMs"] = ms(mapTime)
		res["debugBytes"] = app.Opened.DebugBytes
		return res
	}))
	// dsBenchRead reads the opened file again with dwarfread.Read (every
	// unit and DIE, as the command line does) and returns the ms it took:
	// the reader's throughput in the page, for scripts/bench-open.sh.
	js.Global().Set("dsBenchRead", js.FuncOf(func(this js.Value, args []js.Value) any {
		events.Lock()
		defer events.UnlockOnly()
		return ms(app.Opened.BenchRead())
	}))
	js.Global().Set("dsSave", js.FuncOf(func(this js.Value, args []js.Value) any {
		events.RLock()
		defer events.RUnlock()
		h.save()
		return nil
	}))
	for ok := true; ok; ok = renderer.EventWait() {
		p.render()
	}
}
