#!/usr/bin/env bash
# Runs every benchmark in BUILD/bench/ and every bench/bench_*.sh script
# (which use ./mz), and prints their figures.
# BENCH_PERSONS sets the population size (default 1,000,000). BENCH_LARGE
# (e.g. 32000000, Chongqing's population) adds a policy-engine run at that
# size — about 15 GB of memory.
set -euo pipefail
build=$1
for b in "$build"/bench/bench_*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
    "$b" ${BENCH_PERSONS:-}
done
if [ -n "${BENCH_LARGE:-}" ]; then
    echo "== bench_policy at $BENCH_LARGE persons"
    "$build/bench/bench_policy" "$BENCH_LARGE"
fi
for b in bench/bench_*.sh; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b" .sh)"
    "$b" ${BENCH_PERSONS:-}
done
