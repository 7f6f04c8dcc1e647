#!/usr/bin/env bash
# Runs each libFuzzer target of a fuzz build briefly (CI's fuzz stage): symbolized reports,
# findings kept with their reproducer command, non-zero exit on any crash, leak or timeout.
#
#   scripts/fuzz.sh [BUILD_DIR [SECONDS [ARTIFACT_DIR]]] [-- TARGET...]
#
# BUILD_DIR defaults to build-fuzz (set up with CXX=clang++-16 meson setup build-fuzz
# -Dfuzz=enabled), SECONDS to 30 per target, ARTIFACT_DIR to fuzz-artifacts. Each target
# starts from a copy of tests/fuzz/corpus/<name> (the committed seeds are never changed)
# and uses tests/fuzz/dict/<name>.dict when there is one. A finding leaves
# ARTIFACT_DIR/<name>_fuzz/{crash,leak,timeout,oom}-<sha1> and ARTIFACT_DIR/<name>_fuzz.log; the log
# (with the symbolized stack) and the command that reproduces it are printed. A timeout is
# run again alone before it counts: one that then finishes in time was the machine stalling.
set -uo pipefail
cd "$(dirname "$0")/.."

build=${1:-build-fuzz}
seconds=${2:-30}
artifacts=${3:-fuzz-artifacts}
targets=()
if [ "$#" -gt 3 ] && [ "$4" = "--" ]; then
    targets=("${@:5}")
fi

# clang-16's sanitizer runtime looks for "llvm-symbolizer" on PATH and finds LLVM 14's in
# /usr/bin, which cannot read clang 16's DWARF 5: point every runtime at LLVM 16's
# (Debian package llvm-16).
symbolizer=${LLVM_SYMBOLIZER:-/usr/lib/llvm-16/bin/llvm-symbolizer}
if [ ! -x "$symbolizer" ]; then
    echo "fuzz: $symbolizer is missing (apt-get install llvm-16): stacks would be raw addresses" >&2
    exit 1
fi
export ASAN_SYMBOLIZER_PATH=$symbolizer
export UBSAN_SYMBOLIZER_PATH=$symbolizer
export LSAN_SYMBOLIZER_PATH=$symbolizer
export PATH="$(dirname "$symbolizer"):$PATH"
# Leaks are findings; UBSan reports stop the run (otherwise libFuzzer would not see them).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}:detect_leaks=1:symbolize=1:handle_abort=1
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-}:halt_on_error=1:print_stacktrace=1:symbolize=1

# A meson.build changed since the last build: regenerate first, so new targets are listed.
ninja -C "$build" build.ninja >/dev/null || exit 1
if [ "${#targets[@]}" -eq 0 ]; then
    mapfile -t targets < <(cd "$build" && ninja -t targets all |
        sed -n 's|^tests/fuzz/\([a-z_]*_fuzz\): .*|\1|p' | sort -u)
fi
if [ "${#targets[@]}" -eq 0 ]; then
    echo "fuzz: no targets in $build" >&2
    exit 1
fi
ninja -C "$build" "${targets[@]/#/tests/fuzz/}" || exit 1

mkdir -p "$artifacts"
artifacts=$(cd "$artifacts" && pwd)
rc=0
findings=0
for name in "${targets[@]}"; do
    short=${name%_fuzz}
    exe="$PWD/$build/tests/fuzz/$name"
    corpus=tests/fuzz/corpus/$short
    dict=tests/fuzz/dict/$short.dict
    work=$(mktemp -d)
    [ -d "$corpus" ] && cp -r "$corpus"/. "$work"/
    mkdir -p "$artifacts/$name"
    args=(-max_total_time="$seconds" -max_len=4096 -timeout=25 -rss_limit_mb=2048
          -print_final_stats=1 -artifact_prefix="$artifacts/$name/")
    [ -f "$dict" ] && args+=(-dict="$PWD/$dict")
    echo "--- $name ${args[*]}"
    log=$artifacts/$name.log
    "$exe" "${args[@]}" "$work" >"$log" 2>&1
    status=$?
    rm -rf "$work"
    found=$(find "$artifacts/$name" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' \) | sort)
    if [ "$status" -eq 0 ] && [ -z "$found" ]; then
        grep -E '^(#[0-9]+.*DONE|stat::)' "$log" | tail -n 8
        rm -f "$log"
        rmdir "$artifacts/$name" 2>/dev/null
        continue
    fi
    # A timeout alone may be the VM stalling, not the input: each timeout input is run once
    # more on its own; one that finishes within the limit is a stall (reported, not a finding).
    if [ -n "$found" ] && ! grep -qv '/timeout-' <<<"$found"; then
        stalls=0
        for f in $found; do
            if timeout 120 "$exe" -timeout=25 -rss_limit_mb=2048 "$f" >"$log.rerun" 2>&1; then
                stalls=$((stalls + 1))
                echo "--- $name: $(basename "$f") ran in time on its own: a machine stall, not a finding"
                rm -f "$f"
            fi
        done
        rm -f "$log.rerun"
        if [ "$stalls" -eq "$(wc -l <<<"$found")" ]; then
            grep -E '^(#[0-9]+.*DONE|stat::)' "$log" | tail -n 8
            rm -f "$log"
            rmdir "$artifacts/$name" 2>/dev/null
            continue
        fi
        found=$(find "$artifacts/$name" -type f -name 'timeout-*' | sort)
    fi
    rc=1
    findings=$((findings + 1))
    echo "!!! $name: finding (exit $status); the whole log is $log"
    # The report: from the sanitizer's or libFuzzer's first line of it to the end.
    awk '/^==[0-9]+==|runtime error:|^ALARM:|^==[0-9]+== ERROR: libFuzzer/ {on=1} on' "$log" | head -n 150
    for f in $found; do
        echo "!!! reproduce: ASAN_SYMBOLIZER_PATH=$symbolizer UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 $build/tests/fuzz/$name $f"
        if [ "$(stat -c %s "$f")" -le 4096 ]; then
            echo "!!! $(basename "$f") as base64 (base64 -d > input; then the command above on it):"
            base64 -w 100 "$f"
        fi
    done
done
if [ "$findings" -gt 0 ]; then
    echo "fuzz: ${#targets[@]} targets, $findings with findings (kept in $artifacts)"
else
    echo "fuzz: ${#targets[@]} targets, no finding"
fi
exit $rc
