#!/usr/bin/env bash
# Runs every benchmark in BUILD/bench/ and every bench/bench_*.sh script
# (which use ./mz), and prints their figures.
# BENCH_PERSONS sets the population size (default 1,000,000).
set -euo pipefail
build=$1
for b in "$build"/bench/bench_*; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b")"
    "$b" ${BENCH_PERSONS:-}
done
for b in bench/bench_*.sh; do
    [ -x "$b" ] || continue
    echo "== $(basename "$b" .sh)"
    "$b" ${BENCH_PERSONS:-}
done
