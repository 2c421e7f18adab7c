#!/usr/bin/env bash
# Builds the Cloudflare Worker (cmd/worker) into OUT (default build/worker):
#   app.wasm                          GOOS=js GOARCH=wasm build of cmd/worker
#   worker.mjs runtime.mjs wasm_exec.js  shims from syumai/workers' workers-assets-gen
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
cat > "$out/workerd.capnp" <<'CAPNP'
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "dwarfscope", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "dwarfscope") ],
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
  "rules": [{ "type": "CompiledWasm", "globs": ["**/*.wasm"], "fallthrough": true }]
}
JSON
raw=$(cat "$out"/app.wasm "$out"/*.mjs "$out"/wasm_exec.js | wc -c)
gz=$(cat "$out"/app.wasm "$out"/*.mjs "$out"/wasm_exec.js | gzip -9 | wc -c)
echo "worker bundle in $out: $raw bytes, $gz bytes gzip -9 (Workers limits: 3 MB free, 10 MB paid, compressed)"
