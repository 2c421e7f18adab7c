#!/usr/bin/env bash
# Measures exports per second and p50/p99 latency for one sample, for
# BENCHMARKS.md: the core in-process, inside wazero (instance per request),
# the Cloudflare Worker under a local workerd, and Zig 0.11 compiling per
# request (comparison only). Loopback only.
#
#   scripts/bench-server.sh [seconds-per-row] [clients]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
clients=${2:-4}
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

workerd=${DWARFSCOPE_WORKERD:-${XDG_CACHE_HOME:-$HOME/.cache}/dwarfscope/workerd/node_modules/@cloudflare/workerd-linux-64/bin/workerd}
if [ ! -x "$workerd" ]; then
  dir=${XDG_CACHE_HOME:-$HOME/.cache}/dwarfscope/workerd
  mkdir -p "$dir"
  npm install --no-save --no-audit --no-fund --prefix "$dir" @cloudflare/workerd-linux-64@1.20261117.1 >/dev/null
fi
scripts/worker-build.sh "$work/worker"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$workerd" serve "$work/worker/workerd.capnp" --socket-addr "http=127.0.0.1:$port" >"$work/workerd.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
go test -count=1 -timeout 30m -run '^TestCompare$' -v ./internal/sandbox \
  -compare -compare.duration="${secs}s" -compare.clients="$clients" -compare.workerd="http://127.0.0.1:$port"
