// Command worker serves dwarfscope's handler (internal/server: the export
// API; the page comes from Workers static assets) as a Cloudflare Worker, through
// github.com/syumai/workers. Build it with scripts/worker-build.sh, which
// writes build/: app.wasm (GOOS=js GOARCH=wasm) and the JavaScript shims
// from workers-assets-gen (worker.mjs, runtime.mjs, wasm_exec.js), plus a
// workerd config for a local run. Deploy with wrangler (see README).
//
// Built natively (go run ./cmd/worker -addr localhost:8787) it serves the
// same handler on a local port, for debugging.
package main

import (
	"net/http"

	"github.com/dwarfscope/dwarfscope/internal/server"
)

// config is the worker's server configuration: the export API with one
// build at a time (a Worker isolate runs one request's Go code at a time
// anyway) and the default limits; Workers' own CPU-time and memory
// (128 MB) limits apply on top. The explorer page is not served from Go:
// scripts/worker-build.sh puts it in public/, which Cloudflare serves as
// static assets (wrangler.jsonc "assets") and the local workerd config
// serves through router.mjs.
func config() server.Config {
	return server.Config{MaxConcurrent: 1}
}

// handler is the worker's HTTP handler.
func handler() http.Handler { return server.New(config()) }
