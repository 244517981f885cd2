# End to end through the sanitized mz binary: divisions, synthetic city into
# the database and into CSV, import of those files into a second database,
# idempotent re-import, look-up, key file creation and errors for people.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
DIVS="$MZ_REPO/tests/data/divisions"

# First run without MZ_KEY: the key file is created next to the database, 0600.
unset MZ_KEY
"$MZ" divisions import --dir "$DIVS" --db a.db | grep -q '新增 4[0-9] 条（50，' || fail "divisions import"
# Chongqing unless told: another province is loaded only with --province all
mkdir divs && cp "$DIVS"/*.csv divs/ && echo '11,"北京市"' >> divs/provinces.csv
"$MZ" divisions import --dir divs --db z.db >/dev/null
[ "$(sqlite3 z.db "select count(*) from divisions where code = '11'")" = 0 ] || fail "all of China by default"
"$MZ" divisions import --dir divs --db z.db --province all | grep -q '新增 1 条（全国' || fail "--province all"
[ "$(sqlite3 z.db "select count(*) from divisions where code = '11'")" = 1 ] || fail "--province all: no 11"
[ "$(stat -c %a a.db.key)" = 600 ] || fail "key file mode"

out=$("$MZ" gen --persons 3000 --seed 7 --date 2026-01-05 --db a.db)
grep -q '3000 人' <<< "$out" || fail "gen: $out"
"$MZ" gen --persons 3000 --seed 7 --date 2026-01-05 --csv . --db a.db >/dev/null
[ "$(wc -l < persons.csv)" -eq 3001 ] || fail "persons.csv lines"

"$MZ" divisions import --dir "$DIVS" --db b.db --key-file a.db.key >/dev/null
for kind in households persons facts; do
    "$MZ" import $kind $kind.csv --date 2026-01-05 --db b.db --key-file a.db.key > out.txt
    grep -q '拒收 0' out.txt || fail "import $kind: $(cat out.txt)"
done
for t in persons households facts memberships; do
    a=$(sqlite3 a.db "select count(*) from $t"); b=$(sqlite3 b.db "select count(*) from $t")
    [ "$a" = "$b" ] || fail "$t: $a in the generated db, $b imported"
done
# Same sealed identities: every blind index of one is in the other.
[ "$(sqlite3 b.db "attach 'a.db' as a; select count(*) from persons p join a.persons q using(id_index)")" = 3000 ] \
    || fail "blind indexes differ"
"$MZ" import persons persons.csv --date 2026-01-05 --db b.db --key-file a.db.key | grep -q '新增 0，更新 0，未变 3000' \
    || fail "re-import changed something"

id=$(sed -n 2p persons.csv | cut -d, -f1)
"$MZ" person find "$id" --db b.db --key-file a.db.key | grep -q '\*\*\*\*\*\*\*\*' || fail "masked find"
"$MZ" person find "$id" --full --db b.db --key-file a.db.key | grep -q "$id" || fail "full find"

# Errors name the problem; usage errors exit 2, failures 1.
set +e
"$MZ" import persons nowhere.csv --db b.db --key-file a.db.key 2> err.txt; rc=$?
[ $rc -eq 1 ] && grep -q 'nowhere.csv' err.txt || fail "missing file: rc=$rc $(cat err.txt)"
"$MZ" import people persons.csv --db b.db 2>/dev/null; [ $? -eq 2 ] || fail "bad kind"
"$MZ" gen --persons abc --db b.db 2>/dev/null; [ $? -eq 2 ] || fail "bad count"
"$MZ" gen --persons 10 --colour red --db b.db 2> err.txt; [ $? -eq 2 ] && grep -q colour err.txt || fail "unknown option"
"$MZ" person find 123 --db b.db --key-file a.db.key 2> err.txt; [ $? -eq 1 ] && grep -q '18位' err.txt || fail "bad id"
MZ_KEY=zz "$MZ" db check --db b.db 2> err.txt; [ $? -eq 1 ] || fail "bad MZ_KEY accepted"
set -e
"$MZ" db check --db b.db --key-file a.db.key | grep -q '完整' || fail "db check"
