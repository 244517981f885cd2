# Payment rolls from the command line: enrolment on a case's approval and
# from the eligible caseload, rolls per paying unit (one per county), a roll
# built twice (nothing twice), four eyes within the unit, the bank file
# (refused while an account is missing; CSV with BOM, XLSX, batch reference,
# SM3 on the roll), a file of accounts, retroactive arrears, and a process
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
# reviewer) of one county, zhou of another, who each let the OS user running this script act for them
div=$(sqlite3 p.db "select division from households order by id limit 1")
# zhou works for another county
OTHER=$(q "select code from divisions where length(code) = 6 and code <> '${div:0:6}' order by code limit 1")
for u in "li street ${div:0:9}" "wang district ${div:0:6}" "zhou district $OTHER"; do
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
    role=li; [ "${a%%:*}" = approve ] && role=wang \
        && extra=(--reason "入户核实收入已中断")
    "$MZ" case step 1 "${a%%:*}" --as $role --date "${a##*:}" "${extra[@]}" >/dev/null 2>err.txt \
        || fail "case step $a: $(cat err.txt)"
done
U=$(q "select substr(division, 1, 6) from households where hh_no = '$hh'")
# the approval enrolled the household in its own transaction
[ "$(q "select start_month from enrolments where source = 'case:1'")" = 2025-07 ] \
    || fail "case enrolment must start the month after confirmation"
"$MZ" roll enrol --case 1 | grep -q '已有享受登记' || fail "enrol twice"
"$MZ" roll enrol --eligible --program dibao --from 2025-07 | grep -q '新登记享受对象' || fail "eligible"

# July: built twice, four eyes, bank file, paid.
"$MZ" roll build --program dibao --month 2025-07 --unit "$U" --as li > out.txt
grep -q "名册号：1（dibao 2025-07，发放单位 $U" out.txt || fail "build: $(cat out.txt)"
lines=$(q "select count(*) from roll_lines where roll_id = 1")
[ "$(q "select count(*) from roll_lines l join households h on h.id = l.household_id
        where l.roll_id = 1 and h.division not like '$U%'")" = 0 ] || fail "lines of another unit"
"$MZ" roll build --program dibao --month 2025-07 --unit "$U" --as li | grep -q '草稿已重新生成' \
    || fail "rebuild"
[ "$(q "select count(*) from roll_lines where roll_id = 1")" = "$lines" ] || fail "rebuild doubled"
[ "$(q "select count(*) from rolls")" = 1 ] || fail "two rolls for one month"
set +e
"$MZ" roll approve 1 --as li 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q '双人复核' err.txt || fail "four eyes: $(cat err.txt)"
set +e
"$MZ" roll approve 1 --as zhou 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "发放单位 $U" err.txt || fail "approver of another unit: $(cat err.txt)"
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
# every other transfer lacks an account: no bank file, and each is named
set +e
"$MZ" roll export 1 --csv bank.csv --as wang 2> err.txt; rc=$?
set -e
other=$(q "select h.hh_no from roll_lines l join households h on h.id = l.household_id
           where l.roll_id = 1 and l.amount > 0 and l.enrolment_id <> $eid order by h.hh_no limit 1")
[ $rc -eq 1 ] && grep -q '没有收款账号' err.txt && grep -q "$other" err.txt && [ ! -e bank.csv ] \
    || fail "export without accounts: $(cat err.txt)"
# the accounts as a file: a bad row refuses the whole file
q "select '登记号,开户银行,银行账号' union all select * from (select enrolment_id || ',中国农业银行,' ||
   ((31001000000 + enrolment_id) * 10) from roll_lines where roll_id = 1 and amount > 0
   and enrolment_id <> $eid order by 1)" > accounts.csv
printf '%s\n' '999999,中国农业银行,310019999990' >> accounts.csv
set +e
"$MZ" roll accounts accounts.csv 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "accounts.csv:$(wc -l < accounts.csv): 没有编号为 999999 的在享登记" err.txt \
    && grep -q '未登记任何账户' err.txt || fail "bad accounts file: $(cat err.txt)"
[ "$(q "select count(*) from enrolments where account_sealed is not null")" = 1 ] || fail "half a file"
sed -i '$d' accounts.csv
"$MZ" roll accounts accounts.csv | grep -q '已登记' || fail "accounts file"
"$MZ" roll export 1 --csv bank.csv --xlsx bank.xlsx --as wang > out.txt || fail "export"
for f in bank.csv bank.xlsx; do [ "$(stat -c %a $f)" = 600 ] || fail "$f (full account numbers) is not 0600"; done
grep -q "批次号：MZ-$U-dibao-202507-1" out.txt || fail "batch: $(cat out.txt)"
grep -q ",$payee,.*,城乡居民最低生活保障,2025-07" bank.csv || fail "payee in bank file"
grep -q "^MZ-$U-dibao-202507-1,[0-9]*,[^,]*,6222021234567811,中国工商银行,[0-9.]*,$payee," bank.csv \
    || fail "account in bank file: $(head -3 bank.csv)"
[ "$(q "select count(*) from audit_log where action = 'roll.export' and actor = 'user:wang'")" = 1 ] \
    || fail "export audited"
head -c 3 bank.csv | od -An -tx1 | grep -q 'ef bb bf' || fail "CSV without BOM"
head -1 bank.csv | grep -q '批次号,序号,收款人姓名,收款账号,开户银行,金额（元）,户编号,证件号码（脱敏）,项目,月份' \
    || fail "headers"
# the digest of the file the bank receives is on the roll and shown
sm3=$(openssl dgst -sm3 -r bank.csv | cut -d' ' -f1)
[ "$(q "select bank_sm3 from rolls where id = 1")" = "$sm3" ] || fail "SM3 on the roll"
"$MZ" roll show 1 > out.txt && grep -q "SM3 $sm3" out.txt || fail "SM3 shown"
[ -s bank.xlsx ] || fail "no XLSX"
"$MZ" roll paid 1 >/dev/null
set +e
"$MZ" roll build --program dibao --month 2025-07 --unit "$U" 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q '不能重新生成' err.txt || fail "paid roll rebuilt: $(cat err.txt)"

# August paid; then a standard raised from July: arrears in September, once.
"$MZ" roll build --program dibao --month 2025-08 --unit "$U" --as li >/dev/null
"$MZ" roll approve 2 --as wang >/dev/null && "$MZ" roll paid 2 >/dev/null
mkdir pol && cp "$MZ_POLICIES"/*.pol pol/
sed -i 's/2025-07-01 770.00/2025-07-01 800.00/' pol/01-params.pol
"$MZ" roll build --program dibao --month 2025-09 --unit "$U" --policies pol --as li >/dev/null
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
want=$(q "select count(*) from enrolments e join households h on h.id = e.household_id
          where e.program = 'dibao' and h.division like '$U%'")
q "pragma wal_checkpoint(truncate)" >/dev/null
"$MZ" roll build --program dibao --month 2025-10 --unit "$U" --as li >/dev/null 2>&1 &
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
"$MZ" roll build --program dibao --month 2025-10 --unit "$U" --as li >/dev/null || fail "rerun"
"$MZ" roll build --program dibao --month 2025-10 --unit "$U" --as li >/dev/null \
    || fail "rerun twice"
[ "$(q "select count(*) from rolls where month = '2025-10'")" = 1 ] || fail "two October rolls of $U"
[ "$(q "select count(*) from roll_lines l join rolls r on r.id = l.roll_id
        where r.month = '2025-10'")" = "$want" ] || fail "rerun did not complete the roll once"
[ "$(q "select lines from rolls where month = '2025-10'")" = "$want" ] || fail "roll totals"
# a street account builds its own county's roll only
set +e
"$MZ" roll build --program dibao --month 2025-10 --unit "$OTHER" --as li 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q "不能编制发放单位 $OTHER" err.txt || fail "another county's roll: $(cat err.txt)"
# without --unit and without an account (the city's operator): one roll per
# county with a caseload, none twice
"$MZ" roll build --program dibao --month 2025-10 > out.txt || fail "every unit"
[ "$(q "select count(*) from rolls where month = '2025-10'")" = \
  "$(q "select count(distinct substr(division, 1, 6)) from households")" ] || fail "a roll per unit: $(cat out.txt)"
[ "$(q "select count(*) from roll_lines l join rolls r on r.id = l.roll_id where r.month = '2025-10'")" = \
  "$(q "select count(*) from enrolments where program = 'dibao'")" ] || fail "every enrolment once"
"$MZ" audit verify >/dev/null || fail "audit chain"
