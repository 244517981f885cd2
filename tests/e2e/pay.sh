# Payment rolls from the command line: enrolment on a case's approval and
# from the eligible caseload, a roll built twice (nothing twice), four eyes,
# the bank file (CSV with BOM, XLSX), retroactive arrears, and a process
# killed (SIGKILL) while a large roll is being written: the database then
# holds the whole roll or none of it, and a rerun completes it once.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=p.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 30000 --date 2025-01-01 >/dev/null
q() { sqlite3 p.db "$1"; }
# the caseworkers, as accounts: li (a street clerk) and wang (a county
# reviewer), who each let the OS user running this script act for them
div=$(sqlite3 p.db "select division from households order by id limit 1")
for u in "li street ${div:0:9}" "wang district ${div:0:6}"; do
    set -- $u
    MZ_PASSWORD="pw-$1-12345" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
    MZ_PASSWORD="pw-$1-12345" "$MZ" user delegate "$1" >/dev/null
done

# An approved 低保 case: paid from the month after confirmation.
hh=$(q "select hh_no from households order by id limit 1")
"$MZ" case open dibao --household "$hh" --as li --date 2025-06-02 >/dev/null
printf '入户调查记录\n' > visit.txt
for a in accept:2025-06-02 investigate:2025-06-03 visit:2025-06-04 start_posting:2025-06-05 \
         end_posting:2025-06-13 approve:2025-06-16; do
    extra=(); [ "${a%%:*}" = visit ] && extra=(--attach visit.txt)
    role=li; [ "${a%%:*}" = approve ] && role=wang
    "$MZ" case step 1 "${a%%:*}" --as $role --date "${a##*:}" "${extra[@]}" >/dev/null 2>err.txt \
        || fail "case step $a: $(cat err.txt)"
done
# the approval enrolled the household in its own transaction
[ "$(q "select start_month from enrolments where source = 'case:1'")" = 2025-07 ] \
    || fail "case enrolment must start the month after confirmation"
"$MZ" roll enrol --case 1 | grep -q '已有享受登记' || fail "enrol twice"
"$MZ" roll enrol --eligible --program dibao --from 2025-07 | grep -q '新登记享受对象' || fail "eligible"

# July: built twice, four eyes, bank file, paid.
"$MZ" roll build --program dibao --month 2025-07 --as li > out.txt
grep -q '名册号：1' out.txt || fail "build: $(cat out.txt)"
lines=$(q "select count(*) from roll_lines where roll_id = 1")
"$MZ" roll build --program dibao --month 2025-07 --as li | grep -q '草稿已重新生成' || fail "rebuild"
[ "$(q "select count(*) from roll_lines where roll_id = 1")" = "$lines" ] || fail "rebuild doubled"
[ "$(q "select count(*) from rolls")" = 1 ] || fail "two rolls for one month"
set +e
"$MZ" roll approve 1 --as li 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q '双人复核' err.txt || fail "four eyes: $(cat err.txt)"
"$MZ" roll approve 1 --as wang >/dev/null
# the payee's account: refused when mistyped, masked in lists, in full only in the bank file
eid=$(q "select enrolment_id from roll_lines where roll_id = 1 and amount > 0 limit 1")
payee=$(q "select hh_no from households h join enrolments e on e.household_id = h.id where e.id = $eid")
set +e
"$MZ" roll account "$eid" --bank 中国工商银行 --account 6222021234567812 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'Luhn' err.txt || fail "account check: $(cat err.txt)"
"$MZ" roll account "$eid" --bank 中国工商银行 --account 6222021234567811 | grep -q '6222 \*\*\*\* \*\*\*\* 7811' \
    || fail "account masked"
"$MZ" roll enrolments --household "$payee" > out.txt
grep -q '中国工商银行 6222 \*\*\*\* \*\*\*\* 7811' out.txt && ! grep -q 6222021234567811 out.txt \
    || fail "enrolments list: $(cat out.txt)"
"$MZ" roll export 1 --csv bank.csv --xlsx bank.xlsx --as wang | grep -q '已导出' || fail "export"
for f in bank.csv bank.xlsx; do [ "$(stat -c %a $f)" = 600 ] || fail "$f (full account numbers) is not 0600"; done
grep -q "^$payee,.*,中国工商银行,6222021234567811" bank.csv || fail "account in bank file"
[ "$(q "select count(*) from audit_log where action = 'roll.export' and actor = 'user:wang'")" = 1 ] \
    || fail "export audited"
head -c 3 bank.csv | od -An -tx1 | grep -q 'ef bb bf' || fail "CSV without BOM"
head -1 bank.csv | grep -q '户编号,户主姓名,证件号码（脱敏）,金额（元）,月份,项目,开户银行,银行账号' || fail "headers"
[ -s bank.xlsx ] || fail "no XLSX"
"$MZ" roll paid 1 >/dev/null
set +e
"$MZ" roll build --program dibao --month 2025-07 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q '不能重新生成' err.txt || fail "paid roll rebuilt: $(cat err.txt)"

# August paid; then a standard raised from July: arrears in September, once.
"$MZ" roll build --program dibao --month 2025-08 --as li >/dev/null
"$MZ" roll approve 2 --as wang >/dev/null && "$MZ" roll paid 2 >/dev/null
mkdir pol && cp "$MZ_POLICIES"/*.pol pol/
sed -i 's/2025-07-01 770.00/2025-07-01 800.00/' pol/01-params.pol
"$MZ" roll build --program dibao --month 2025-09 --policies pol --as li >/dev/null
for i in 1 2; do
    "$MZ" roll arrears --program dibao --month 2025-09 --from 2025-07 --policies pol > out.txt \
        || fail "arrears"
done
n=$(q "select count(*) from roll_lines where roll_id = 3 and kind = 'arrears'")
[ "$n" -gt 0 ] || fail "no arrears: $(cat out.txt)"
[ "$(q "select count(distinct household_id || '/' || origin_month) from roll_lines
        where roll_id = 3 and kind = 'arrears'")" = "$n" ] || fail "arrears twice"
[ "$(q "select count(*) from roll_lines where roll_id = 3 and kind = 'arrears'
        and amount <> due - paid_before")" = 0 ] || fail "arrears must be due minus paid"

# Periodic review: every interval is a year at most, so the case household
# is due by July 2026; recording the review takes it off the list.
"$MZ" roll reviews --month 2026-07 > out.txt
grep -q "$hh" out.txt || fail "review not due: $(head -5 out.txt)"
eid=$(q "select id from enrolments where source = 'case:1'")
"$MZ" roll reviewed "$eid" --month 2026-07 >/dev/null
"$MZ" roll reviews --month 2026-07 > out.txt
grep -q "$hh" out.txt && fail "reviewed enrolment still due"

# A large roll killed while it is written. Every household is on the
# caseload (those no longer eligible get a 0 line for re-check).
q "insert into enrolments(program, household_id, person_id, start_month, source, created_at)
   select 'dibao', id, 0, '2025-07', 'manual', '2025-06-30' from households
   where id not in (select household_id from enrolments)"
want=$(q "select count(*) from enrolments where program = 'dibao'")
[ "$want" -gt 5000 ] || fail "caseload too small: $want"
q "pragma wal_checkpoint(truncate)" >/dev/null
"$MZ" roll build --program dibao --month 2025-10 --as li >/dev/null 2>&1 &
pid=$!
# Kill as soon as the transaction's pages start reaching the WAL.
for _ in $(seq 1 20000); do
    [ -s p.db-wal ] && break
    kill -0 $pid 2>/dev/null || break
done
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
"$MZ" db check >/dev/null || fail "database damaged"
got=$(q "select count(*) from roll_lines l join rolls r on r.id = l.roll_id where r.month = '2025-10'")
rolls=$(q "select count(*) from rolls where month = '2025-10'")
[ "$got" = 0 ] && [ "$rolls" = 0 ] || [ "$got" = "$want" ] || fail "half a roll: $got of $want"
echo "killed roll: $got of $want lines present"
"$MZ" roll build --program dibao --month 2025-10 --as li >/dev/null || fail "rerun"
"$MZ" roll build --program dibao --month 2025-10 --as li >/dev/null || fail "rerun twice"
[ "$(q "select count(*) from rolls where month = '2025-10'")" = 1 ] || fail "two October rolls"
[ "$(q "select count(*) from roll_lines l join rolls r on r.id = l.roll_id
        where r.month = '2025-10'")" = "$want" ] || fail "rerun did not complete the roll once"
[ "$(q "select lines from rolls where month = '2025-10'")" = "$want" ] || fail "roll totals"
"$MZ" audit verify >/dev/null || fail "audit chain"
