#!/usr/bin/env bash
# Sets up and runs every test suite: installs dependencies, configures and builds
# in build/, runs `meson test` (unit, component, integration, e2e), and prints a
# closing "tests: N passed, N failed, N skipped" line.
#   BUILD_DIR   build directory (default: build)
#   SUITES      space-separated suites to run (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
scripts/install-deps.sh
if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$@"
fi
ninja -C "$build"
suite_args=()
for s in ${SUITES:-}; do suite_args+=(--suite "$s"); done
rc=0
meson test -C "$build" --print-errorlogs --num-processes 2 "${suite_args[@]}" || rc=$?
python3 scripts/test_summary.py "$build/meson-logs/testlog.json"
exit $rc
