#!/bin/sh
# Size of the explorer's WebAssembly module, attributed to Go packages:
# builds ./wasm as the page does (stripped) for the served sizes, then with
# its name section for the attribution (scripts/wasmsize). With package
# arguments it also prints why the linker keeps each of them, e.g.
#   scripts/wasm-size.sh regexp compress/flate encoding/json
set -e
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$tmp/app.wasm" ./wasm
echo "served module (-s -w): $(go run ./scripts/wasmsize -served "$tmp/app.wasm")"
GOOS=js GOARCH=wasm go build -trimpath -o "$tmp/names.wasm" ./wasm
go run ./scripts/wasmsize "$tmp/names.wasm"
if [ $# -gt 0 ]; then
	GOOS=js GOARCH=wasm go build -a -trimpath -ldflags=-dumpdep -o "$tmp/deps.wasm" ./wasm 2>"$tmp/deps.txt"
	for p in "$@"; do
		echo
		go run ./scripts/wasmsize -deps "$tmp/deps.txt" -why "$p"
	done
fi
