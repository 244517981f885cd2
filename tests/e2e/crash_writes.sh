# Killed (SIGKILL) at a random point: a feed ingest in the middle of its
# batches, and the server while four clients write over HTTP. Afterwards
# the database is intact, the audit chain verifies, every feed record that
# counts as received has its fact (a batch is all or nothing), every write
# the server acknowledged (2xx) is there, and rerunning the feed applies
# each record exactly once. The kill times come from CRASH_SEED (printed;
# rerun with it to repeat a failure).
set -euo pipefail
seed=${CRASH_SEED:-$(date +%s)}
fail() { echo "FAIL (CRASH_SEED=$seed): $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
P="$MZ_REPO/policies/chongqing"
opts=(--db k.db --policies "$P" --feeds "$MZ_REPO/feeds" --holidays "$MZ_REPO/data/holidays-cn.csv")
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db k.db >/dev/null
mkdir csv && "$MZ" gen --persons 20000 --seed 5 --date 2025-01-01 --csv csv --db k.db >/dev/null
"$MZ" gen --persons 20000 --seed 5 --date 2025-01-01 --db k.db >/dev/null
"$MZ" monitor sweep --baseline --as-of 2025-03-03 "${opts[@]}" >/dev/null
q() { sqlite3 k.db "$1"; }
# at I T: a kill time in seconds for round I, within T seconds, from the seed
at() { awk -v s="$seed" -v i="$1" -v t="$2" 'BEGIN { srand(s + i); printf "%.2f", 0.1 + rand() * t }'; }
intact() {
    "$MZ" db check --db k.db >/dev/null || fail "$1: database damaged"
    "$MZ" audit verify --db k.db >/dev/null 2>&1 || fail "$1: audit chain broken"
}

# 1. The 医保 feed, one settlement per person, 1,000 records a batch, killed
# at a random point of a full run, three times, each from the same start.
awk -F, 'NR > 1 { printf "%s,JS%06d,2025-02-20,%d.00\n", $1, NR, 100 + NR % 5000 }' csv/persons.csv |
    sed '1i 身份证号,结算单号,结算日期,近12个月自付金额' > yb.csv
want=$(($(wc -l < yb.csv) - 1))
cp k.db base.db
# exec: the background job's pid is mz itself, not a subshell around it
ingest() { exec "$MZ" feed ingest yibao yb.csv --as-of 2025-03-03 --batch 1000 "${opts[@]}"; }
t0=$(date +%s.%N); (ingest >/dev/null); full=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
for round in 1 2 3; do
    cp base.db k.db; rm -f k.db-wal k.db-shm
    d=$(at $round "$full")
    ingest >/dev/null 2>&1 &
    pid=$!
    sleep "$d"
    kill -9 $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    intact "feed round $round (killed after ${d}s)"
    keys=$(q "select count(*) from feed_records where feed = 'yibao'")
    facts=$(q "select count(*) from facts where variable = 'medical_spending_12m' and source = 'feed:yibao'")
    [ "$keys" = "$facts" ] || fail "feed round $round: $keys record keys but $facts facts"
    [ $((keys % 1000)) -eq 0 ] || [ "$keys" = "$want" ] || fail "feed round $round: half a batch ($keys)"
    echo "feed round $round: killed after ${d}s of ${full}s with $keys of $want records in"
    (ingest >/dev/null)
    [ "$(q "select count(*) from feed_records where feed = 'yibao'")" = "$want" ] || fail "feed rerun"
    [ "$(q "select count(*) from facts where source = 'feed:yibao'")" = "$want" ] || fail "a record applied twice"
    intact "after the feed rerun"
done

# 2. The server killed while four clients post facts; what it acknowledged stays.
MZ_PASSWORD=pw-admin-123 "$MZ" user add admin --role city_admin --division 50 --db k.db >/dev/null
serve() {
    "$MZ" serve --listen 127.0.0.1:0 "${opts[@]}" > serve.out 2> serve.err &
    spid=$!
    for _ in $(seq 600); do grep -q "http://" serve.out 2>/dev/null && break; sleep 0.1; done
    URL=$(grep -o 'http://[0-9.:]*' serve.out) || fail "server did not start: $(cat serve.err)"
}
serve
trap 'kill $spid 2>/dev/null || true' EXIT
token=$(curl -s -X POST "$URL/api/v1/login" -H 'Content-Type: application/json' \
    -d '{"name":"admin","password":"pw-admin-123"}' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
[ -n "$token" ] || fail "login"
# Client C posts wage facts for its own slice of persons, one at a time,
# and writes each acknowledged one (ID number and value) to acked.C.
client() {
    local c=$1 n=0
    awk -F, -v c="$c" 'NR > 1 && NR % 4 == c { print $1 }' csv/persons.csv | while read -r id; do
        n=$((n + 1))
        v=$((3000 + c * 100000 + n))
        code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/api/v1/facts" \
            -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
            -d "{\"id_number\":\"$id\",\"variable\":\"wage_income\",\"value\":\"$v\",\"effective\":\"2025-03-01\"}" \
            || true)
        case $code in 2??) echo "$id $v" >> "acked.$c" ;; esac
        [ "$code" = 000 ] && break
    done
}
for c in 0 1 2 3; do client $c & done
d=$(at 9 3)
sleep "$d"
kill -9 $spid
wait $spid 2>/dev/null || true
wait
intact "server killed"
cat acked.* > acked 2>/dev/null || true
n=$(wc -l < acked)
[ "$n" -gt 0 ] || fail "no write was acknowledged before the kill"
# every acknowledged value (unique per write) is stored: money in fen
vals=$(awk '{ printf "%s\x27%d\x27", (NR > 1 ? "," : ""), $2 * 100 }' acked)
found=$(q "select count(distinct value) from facts where variable = 'wage_income'
           and source = 'api:admin' and value in ($vals)")
[ "$found" = "$n" ] || fail "$n writes acknowledged, $found of them stored"
echo "server killed after ${d}s: $n writes acknowledged, all stored"
serve
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")
[ "$code" = 200 ] || fail "the server does not start again on the database"
echo ok
