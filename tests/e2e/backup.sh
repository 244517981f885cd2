# Online backup and restore: `mz backup` while a feed writes record by
# record (one transaction each) gives a copy that verifies (integrity,
# foreign keys, audit chain) and holds a consistent state between the
# writer's start and end; `mz restore` checks a backup before it replaces
# anything, refuses a damaged copy, the wrong key and an existing database
# without --force, and the restored database verifies and is audited.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
opts=(--policies "$MZ_REPO/policies/chongqing" --feeds "$MZ_REPO/feeds" --holidays "$MZ_REPO/data/holidays-cn.csv")
q() { sqlite3 "$1" "$2"; }

"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db a.db >/dev/null
"$MZ" gen --persons 3000 --seed 7 --date 2025-01-01 --db a.db >/dev/null
mkdir csv && "$MZ" gen --persons 3000 --seed 7 --date 2025-01-01 --csv csv --db a.db >/dev/null
# The writer: batches of 100 医保 records, one transaction per record,
# until told to stop.
feed() {
    echo 身份证号,结算单号,结算日期,近12个月自付金额
    sed -n '2,101p' csv/persons.csv | awk -F, -v b="$1" '{printf "%s,YB-%d-%03d,2025-02-20,%d.00\n", $1, b, NR, 100 * b + NR}'
}
f0=$(q a.db "select count(*) from facts")
(for b in $(seq 1 200); do
     [ -e stop ] && break
     feed $b > yb$b.csv
     "$MZ" feed ingest yibao yb$b.csv --as-of 2025-03-03 --batch 1 --db a.db "${opts[@]}" >> ingest.txt 2>&1
 done) &
writer=$!
# Waits (at most a minute) until the registry holds more than $1 facts.
facts_over() {
    for _ in $(seq 600); do
        [ "$(q a.db "select count(*) from facts")" -gt "$1" ] && return 0
        sleep 0.1
    done
    touch stop
    fail "the writer stopped writing (facts stay at $1): $(tail -3 ingest.txt)"
}
facts_over "$f0"
"$MZ" backup b1.db --db a.db > b1.txt || fail "backup while writing: $(cat b1.txt)"
fb=$(q b1.db "select count(*) from facts")
facts_over "$fb"
touch stop
wait $writer || fail "writer: $(cat ingest.txt)"
f2=$(q a.db "select count(*) from facts")
# The copy is the state of one moment while the writer ran.
[ "$fb" -gt "$f0" ] && [ "$fb" -lt "$f2" ] || fail "backup facts $fb outside ($f0, $f2)"
grep -q '审计链完整' b1.txt && grep -q "facts  *$fb" b1.txt || fail "backup report: $(cat b1.txt)"
[ "$(stat -c %a b1.db)" = 600 ] || fail "backup mode $(stat -c %a b1.db)"
[ -z "$(ls | grep 'tmp-')" ] || fail "temporary files left: $(ls)"
# The backup is audited in the source, and a second backup to the same name is refused.
[ "$(q a.db "select count(*) from audit_log where action = 'database.backup'")" = 1 ] || fail "backup not audited"
if "$MZ" backup b1.db --db a.db 2> err.txt; then fail "overwrote a backup"; fi
grep -q '已存在' err.txt || fail "overwrite message: $(cat err.txt)"

# Restore into a new database: the same content plus the restore's audit entry.
"$MZ" restore b1.db --db r.db > r.txt || fail "restore: $(cat r.txt)"
for t in persons households facts memberships warnings feed_records; do
    [ "$(q r.db "select count(*) from $t")" = "$(q b1.db "select count(*) from $t")" ] || fail "restored $t differs"
done
[ "$(q r.db "select count(*) from audit_log")" = "$(( $(q b1.db "select count(*) from audit_log") + 1 ))" ] \
    || fail "restore not audited once"
"$MZ" audit verify --db r.db > /dev/null || fail "restored chain"
"$MZ" db check --db r.db > /dev/null || fail "restored db check"

# Refusals leave the target as it was.
sum_r=$(q r.db "select count(*) || ':' || max(seq) from audit_log")
if "$MZ" restore b1.db --db r.db 2> err.txt; then fail "replaced without --force"; fi
grep -q -- '--force' err.txt || fail "force message: $(cat err.txt)"
cp b1.db bad.db
size=$(stat -c %s bad.db)
printf 'garbage-garbage-garbage-garbage' | dd of=bad.db bs=1 seek=$((size / 2)) conv=notrunc status=none
printf 'garbage-garbage-garbage-garbage' | dd of=bad.db bs=1 seek=$((size / 3)) conv=notrunc status=none
if "$MZ" restore bad.db --db r.db --force 2> err.txt >/dev/null; then fail "restored a damaged backup"; fi
grep -q '未通过校验\|复制' err.txt || fail "damaged message: $(cat err.txt)"
if MZ_KEY=ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100 \
    "$MZ" restore b1.db --db r.db --force 2> err.txt >/dev/null; then fail "restored under the wrong key"; fi
grep -q '审计' err.txt || fail "wrong key message: $(cat err.txt)"
[ "$(q r.db "select count(*) || ':' || max(seq) from audit_log")" = "$sum_r" ] || fail "a refused restore changed r.db"
[ -z "$(ls | grep 'tmp-')" ] || fail "temporary files left: $(ls)"

# A forced restore replaces a database that has moved on.
"$MZ" feed ingest yibao yb1.csv --as-of 2025-03-03 --db r.db "${opts[@]}" >/dev/null
"$MZ" restore b1.db --db r.db --force > /dev/null || fail "forced restore"
[ "$(q r.db "select count(*) from facts")" = "$fb" ] || fail "forced restore kept later facts"
"$MZ" audit verify --db r.db > /dev/null || fail "chain after forced restore"

# Without the key nothing is restored, and the message says what to do.
unset MZ_KEY
if "$MZ" restore b1.db --db n.db 2> err.txt; then fail "restored without a key"; fi
grep -q '密钥' err.txt && [ ! -e n.db ] || fail "missing key: $(cat err.txt)"
echo "backup ok"
