#!/usr/bin/env bash
# Benchmark of the HTTP API with wrk: authenticated reads of household pages
# (GET /api/v1/households/{id}, random ids, bearer token) and writes of
# household facts (POST /api/v1/facts: a transaction with its audit entry)
# against `mz serve` on a synthetic city, then single-record 医保 feed posts
# (POST /api/v1/feeds/yibao with a machine token, one connection: each
# stores the fact, re-evaluates the household and raises its warnings
# before answering). Prints requests/s and p50/p99.
# Usage: bench/bench_http.sh [PERSONS]   (default $BENCH_PERSONS or 1,000,000)
set -euo pipefail
persons=${1:-${BENCH_PERSONS:-1000000}}
secs=${BENCH_SECONDS:-10}
repo=$(cd "$(dirname "$0")/.." && pwd)
mz=$repo/mz
command -v wrk >/dev/null || { echo "bench_http: wrk missing (apt-get install wrk)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/mz-bench-http-XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
export MZ_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
db=$tmp/bench.db

start=$(date +%s)
"$mz" divisions import --province 50 --db "$db" >/dev/null
"$mz" gen --persons "$persons" --date 2026-01-01 --db "$db" | sed 's/^/  /'
# The same seed as CSV: the ID numbers a department would send.
"$mz" gen --persons "$persons" --date 2026-01-01 --csv "$tmp" --db "$db" >/dev/null
"$mz" monitor sweep --baseline --as-of 2026-01-05 --db "$db" >/dev/null
feed_token=$("$mz" token add bench-yibao --feed yibao --db "$db" | grep -o '[0-9a-f]\{64\}')
cut -d, -f1 "$tmp/persons.csv" | tail -n +2 | shuf -n 10000 --random-source=<(yes) > "$tmp/ids.txt"
MZ_PASSWORD=bench-password "$mz" user add bench --role city_admin --division 50 --db "$db" >/dev/null
nhh=$(sqlite3 "$db" "select max(id) from households")
hh_no=$(sqlite3 "$db" "select hh_no from households where id = $((nhh / 2))")
echo "  city ready in $(($(date +%s) - start)) s: $persons persons, $nhh households"

"$mz" serve --listen 127.0.0.1:0 --db "$db" > "$tmp/serve.out" 2> "$tmp/serve.err" &
pid=$!
for _ in $(seq 100); do grep -q 'http://' "$tmp/serve.out" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$tmp/serve.out")
token=$(curl -s -H 'Content-Type: application/json' -d '{"name":"bench","password":"bench-password"}' \
        "$url/api/v1/login" | grep -o '"token":"[0-9a-f]*"' | cut -d'"' -f4)

. "$repo/bench/wrk_scripts.sh"
wrk_scripts "$tmp" "$token" "$nhh" "$hh_no" "$feed_token"

# report NAME [RPS_AIM P99_AIM_MS]: requests/s and latency percentiles from
# wrk --latency output, and with aims the two aim lines (bench/aim.h's format)
report() {
    awk -v name="$1" -v rps_aim="${2:-}" -v p99_aim="${3:-}" '
        function ms(t) { return t ~ /us$/ ? t / 1000 : t ~ /ms$/ ? t + 0 : t ~ /s$/ ? t * 1000 : t }
        /Requests\/sec/ {rps = $2} /^ +50%/ {p50 = $2} /^ +99%/ {p99 = $2}
        /Non-2xx/ {bad = $NF}
        END {printf "%-34s %10.0f req/s   p50 %8s   p99 %8s%s\n", name, rps, p50, p99,
             (bad ? "   (" bad " non-2xx!)" : "")
             if (rps_aim != "") {
                 printf "aim | %s | %.0f req/s | >= %s req/s | %s\n", name, rps, rps_aim,
                        ((rps >= rps_aim && !bad) ? "met" : "NOT MET")
                 printf "aim | %s, p99 | %.2f ms | < %s ms | %s\n", name, ms(p99), p99_aim,
                        ((ms(p99) < p99_aim + 0) ? "met" : "NOT MET")
             }}'
}
wrk -t2 -c32 -d"${secs}s" --latency -s "$tmp/read.lua" "$url" | report "GET /api/v1/households/{id}" 20000 10
wrk -t2 -c8 -d"${secs}s" --latency -s "$tmp/write.lua" "$url" | report "POST /api/v1/facts, 8 clients" 5000 20
wrk -t1 -c1 -d"${secs}s" --latency -s "$tmp/feed.lua" "$url" | report "POST /api/v1/feeds/yibao (1 record)"
