#!/bin/sh
# Browser benchmarks of the explorer: WASM size, time to first interactive
# map, keystroke-to-updated-views at 200 and 2,000 declarations in headless
# Chromium (keys typed as the keyboard does, and the text replaced by
# script as before session 8, which makes Chromium lay out the whole
# textarea again), with the page's own phase times, and the same edit
# natively. Arguments go to the test: -bench-load-only measures only the
# module's sizes and the first map.
set -e
cd "$(dirname "$0")/.."
go test -count=1 ./internal/browsertest/ -run TestBenchBrowser -bench-browser -v "$@" | grep -v '^=== RUN\|^--- \|^PASS\|^ok'
