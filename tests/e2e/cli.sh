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

# Memberships start on --date or on the file's 入户日期, never silently today:
# else an evaluation of a past day finds no one (issue #12).
"$MZ" divisions import --dir "$DIVS" --db c.db --key-file a.db.key >/dev/null
"$MZ" import households households.csv --db c.db --key-file a.db.key >/dev/null
set +e
"$MZ" import persons persons.csv --db c.db --key-file a.db.key 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q '入户日期' err.txt && grep -q -- '--date' err.txt || fail "persons without a start: $(cat err.txt)"
[ "$(sqlite3 c.db 'select count(*) from persons')" = 0 ] || fail "persons written without a start"
sed 's/\r$//' persons.csv | awk 'NR == 1 { print $0 ",入户日期"; next } { print $0 ",2026-01-05" }' > since.csv
"$MZ" import persons since.csv --db c.db --key-file a.db.key >/dev/null || fail "import with 入户日期"
[ "$(sqlite3 c.db "select min(valid_from) || max(valid_from) from memberships")" = 2026-01-052026-01-05 ] \
    || fail "membership start from the file"
set +e
"$MZ" eval --as-of 2025-12-31 --db c.db --key-file a.db.key > out.txt 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q '成员关系的起始日' err.txt || fail "empty evaluation silent: rc=$rc $(cat err.txt)"
hh=$(sed -n 2p households.csv | cut -d, -f1 | tr -d '\357\273\277')
set +e
"$MZ" explain "$hh" --as-of 2025-12-31 --db c.db --key-file a.db.key 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "户编号 $hh 在 2025-12-31 没有成员" err.txt || fail "explain of no one: $(cat err.txt)"
"$MZ" explain "$hh" --as-of 2026-01-05 --db c.db --key-file a.db.key > out.txt
grep -q '^家庭（区划 [0-9]*，[城镇农村]*，在世成员 [0-9]* 人' out.txt && ! grep -q '城市' out.txt \
    || fail "explain header: $(head -2 out.txt)"
set +e
"$MZ" explain "$hh" --program 低保 --db c.db --key-file a.db.key 2> err.txt; rc=$?
set -e
[ $rc -eq 2 ] && grep -q 'dibao  *城乡居民最低生活保障' err.txt || fail "programs not listed: $(cat err.txt)"
"$MZ" explain "$hh" --program 城乡居民最低生活保障 --as-of 2026-01-05 --db c.db --key-file a.db.key \
    | grep -q '城乡居民最低生活保障' || fail "program by its Chinese name"
"$MZ" policy check "$MZ_REPO/policies/chongqing" | grep -q '^  tekun  *特困人员救助供养（按人）' \
    || fail "policy check lists the programs"

# One vocabulary, listed by mz vars: enum values, the death fact, 城镇/农村
# on import and on output.
"$MZ" vars > out.txt
grep -q '^employment .*（在业、' out.txt && grep -q '^death .*（YYYY-MM-DD）' out.txt \
    && grep -q '城镇、农村' out.txt && grep -q 'is_dead、death_date' out.txt || fail "mz vars: $(cat out.txt)"
"$MZ" person find "$(sed -n 2p persons.csv | cut -d, -f1 | tr -d '\357\273\277')" --db c.db \
    --key-file a.db.key | grep -qE '，(城镇|农村)户籍，' || fail "hukou words on output"

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
