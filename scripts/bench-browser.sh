#!/bin/sh
# Browser benchmarks of the explorer: WASM size, time to first interactive
# map, keystroke-to-updated-views at 200 and 2,000 declarations in headless
# Chromium, and the same edit natively.
set -e
cd "$(dirname "$0")/.."
go test -count=1 ./internal/browsertest/ -run TestBenchBrowser -bench-browser -v | grep -v '^=== RUN\|^--- \|^PASS\|^ok'
