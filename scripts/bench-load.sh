#!/usr/bin/env bash
# The reported load test (issue 10): 64 clients, 30% hostile requests, for
# SECONDS (default 60) against the real server on a loopback port, in
# process (the p99 goal asserted, as in the test command), then with every
# build in wazero (reported).
# Run it on an otherwise idle machine: it measures latency.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
DWARFSCOPE_LOAD_SECONDS=$secs \
  go test -count=1 -v -timeout 30m -run '^TestLoad$' ./internal/server
DWARFSCOPE_LOAD_SECONDS=$secs DWARFSCOPE_LOAD_ISOLATE=wazero \
  go test -count=1 -v -timeout 30m -run '^TestLoad$' ./internal/server || true
