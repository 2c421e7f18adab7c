#!/bin/sh
# Opening ELF files in the explorer page (headless Chromium): gcc -g
# executables of about 10 MB and 100 MB built at benchmark time (nothing
# big is committed); dwarfread natively and llvm-dwarfdump-22 --debug-info
# on the same files in the same run; in the page, the reader's throughput
# and the time from choosing a file to its first map. See TestBenchOpen.
set -e
cd "$(dirname "$0")/.."
go test -count=1 -timeout 30m ./internal/browsertest/ -run TestBenchOpen -bench-browser -v | grep -v '^=== RUN\|^--- \|^PASS\|^ok'
