#!/usr/bin/env bash
# Runs every benchmark in BUILD/bench/ and prints their figures.
# BENCH_PERSONS sets the population size (default 1,000,000).
set -euo pipefail
build=$1
for b in "$build"/bench/bench_*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
    "$b" ${BENCH_PERSONS:-}
done
