#!/usr/bin/env bash
# Builds the Cloudflare Worker (cmd/worker) into OUT (default build/worker):
#   app.wasm                          GOOS=js GOARCH=wasm build of cmd/worker
#   worker.mjs runtime.mjs wasm_exec.js  shims from syumai/workers' workers-assets-gen
#   public/                           the explorer page: index.html, explorer.css, explorer.js,
#                                     wasm_exec.js and app.wasm (GOOS=js build of ./wasm), served as
#                                     Workers static assets (they do not count toward the bundle)
#   router.mjs                        for the local run only: serves public/ the way Workers
#                                     assets do and hands every other request to the Go worker
#   workerd.capnp                     config for a local `workerd serve` (socket "http")
#   wrangler.jsonc                    config for `wrangler dev` / `wrangler deploy`
# and prints the bundle size, raw and gzip-compressed (Workers' limit applies
# to the compressed size: 3 MB free, 10 MB paid).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/build/worker}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$root"
go run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o "$out"
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/app.wasm" ./cmd/worker
mkdir -p "$out/public"
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/public/app.wasm" ./wasm
cp static/index.html static/explorer.css static/explorer.js "$out/public/"
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/public/"
cat > "$out/router.mjs" <<'JS'
// Local stand-in for Workers static assets: GET and HEAD of a page file
// are served from public/, everything else goes to the Go worker.
const types = { html: "text/html; charset=utf-8", css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8", wasm: "application/wasm" };
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const path = url.pathname === "/" ? "/index.html" : url.pathname;
    const m = /^\/[\w.-]+\.(html|css|js|wasm)$/.exec(path);
    if (m && (request.method === "GET" || request.method === "HEAD")) {
      const r = await env.ASSETS.fetch(new URL(path, url), { method: request.method });
      if (r.ok) {
        return new Response(r.body, { headers: { "Content-Type": types[m[1]], "Cache-Control": "no-cache" } });
      }
    }
    return env.APP.fetch(request);
  },
};
JS
cat > "$out/workerd.capnp" <<CAPNP
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "router", worker = .router),
    (name = "dwarfscope", worker = .worker),
    (name = "assets", disk = (path = "$out/public")),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "router") ],
);

const router :Workerd.Worker = (
  modules = [ (name = "router.mjs", esModule = embed "router.mjs") ],
  bindings = [ (name = "ASSETS", service = "assets"), (name = "APP", service = "dwarfscope") ],
  compatibilityDate = "2025-01-01",
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "runtime.mjs", esModule = embed "runtime.mjs"),
    (name = "wasm_exec.js", esModule = embed "wasm_exec.js"),
    (name = "app.wasm", wasm = embed "app.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
CAPNP
cat > "$out/wrangler.jsonc" <<'JSON'
{
  "name": "dwarfscope",
  "main": "./worker.mjs",
  "compatibility_date": "2025-01-01",
  "assets": { "directory": "./public" },
  "rules": [{ "type": "CompiledWasm", "globs": ["**/*.wasm"], "fallthrough": true }]
}
JSON
bundle=("$out/app.wasm" "$out/worker.mjs" "$out/runtime.mjs" "$out/wasm_exec.js")
raw=$(cat "${bundle[@]}" | wc -c)
gz=$(cat "${bundle[@]}" | gzip -9 | wc -c)
echo "worker bundle in $out: $raw bytes, $gz bytes gzip -9 (Workers limits: 3 MB free, 10 MB paid, compressed)"
echo "page assets in $out/public: $(cat "$out"/public/* | wc -c) bytes (static assets: 25 MiB per file, not part of the bundle)"
