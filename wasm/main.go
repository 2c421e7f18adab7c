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
	// pendingSource is written into the textarea after the next render.
	pendingSource *string
}

func (h *host) Export(query, source, filename string) {
	js.Global().Call("dsExport", query, source, filename)
}

func (h *host) Share() {
	js.Global().Call("dsShare", model.EncodeState(h.app.State()))
}

func (h *host) SetSource(src string) { h.pendingSource = &src }

func (h *host) Changed() {
	js.Global().Get("localStorage").Call("setItem", storageKey, model.EncodeState(h.app.State()))
}

// initialState picks the share link, then the saved state, then the
// default sample.
func initialState(app *model.App) {
	hash := js.Global().Get("location").Get("hash").String()
	if len(hash) > 3 && hash[:3] == "#s=" {
		if st, err := model.DecodeState(hash[3:]); err == nil {
			if app.Load(st.Name, st.Source, st.Opts) == nil {
				return
			}
		}
	}
	if v := js.Global().Get("localStorage").Call("getItem", storageKey); !v.IsNull() {
		if st, err := model.DecodeState(v.String()); err == nil {
			if app.Load(st.Name, st.Source, st.Opts) == nil {
				return
			}
		}
	}
	app.LoadSample(model.DefaultSample)
}

func main() {
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
	web.SetHost(h)
	t0 := time.Now()
	initialState(app)
	src := app.S.Source
	h.pendingSource = &src
	root := &web.Root{App: app, Host: h}
	after := js.Global().Get("dsAfterRender")
	for ok := true; ok; ok = renderer.EventWait() {
		if err := renderer.Render(env.RunBuild(root)); err != nil {
			panic(err)
		}
		pending := js.Undefined()
		if h.pendingSource != nil {
			pending = js.ValueOf(*h.pendingSource)
			h.pendingSource = nil
		}
		if after.Type() == js.TypeFunction {
			after.Invoke(app.Generation, pending, time.Since(t0).Milliseconds())
		}
	}
}
