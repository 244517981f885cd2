#!/usr/bin/env bash
# Runs every benchmark in BUILD/bench/ and every bench/bench_*.sh script
# (which use ./mz), prints their figures, and closes with the table of
# aims (the lines "aim | what | figure | aim | met" the benchmarks print).
# BENCH_PERSONS sets the population size (default 1,000,000). BENCH_LARGE
# (e.g. 32000000, Chongqing's population) adds a policy-engine run and a
# registry load, evaluation and roll at that size — about 15 GB of memory
# and an hour or more.
set -euo pipefail
build=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
{
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
    if [ -n "${BENCH_LARGE:-}" ]; then
        for b in bench_policy bench_registry bench_roll; do
            echo "== $b at $BENCH_LARGE persons"
            "$build/bench/$b" "$BENCH_LARGE"
        done
    fi
} | tee "$out"
echo
echo "== aims"
grep '^aim | ' "$out" | cut -d'|' -f2- | column -t -s '|' -o ' |'
