# The demo city is a running city (issue #12): `mz demo` leaves every
# program with a caseload, last month's rolls approved by a second person
# of each county and paid, open warnings from this month's records, and
# applications at every step of the 低保 procedure.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=d.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" demo --persons 6000 > out.txt 2> err.txt || fail "demo: $(cat err.txt)"
grep -q '演示城市本月办理' err.txt || fail "no month of work: $(cat err.txt)"
q() { sqlite3 d.db "$1"; }
# every program of the policy files has a caseload in the demo's evaluation
programs=$(sed -n 's/^  \([a-z_]*\)  .*/\1/p' <("$MZ" policy check "$MZ_POLICIES"))
[ "$(wc -w <<< "$programs")" -ge 10 ] || fail "programs: $programs"
for p in $programs; do
    n=$(awk -v p="$p" '$1 == p { print $(NF - 1) }' out.txt)
    [ -n "$n" ] && [ "$n" -gt 0 ] || fail "program $p has no caseload: $(grep "^$p " out.txt)"
done
last=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m)
[ "$(q "select count(*) from rolls where month = '$last' and state = 'paid'
        and approved_by <> prepared_by and unit <> ''")" -gt 0 ] || fail "last month's rolls"
[ "$(q "select count(*) from rolls where month = '$last' and state <> 'paid'")" = 0 ] \
    || fail "a roll of last month not paid"
[ "$(q "select count(distinct program) from rolls where month = '$last'")" -ge 5 ] || fail "rolls per program"
[ "$(q "select count(*) from warnings where state = 'open'")" -gt 0 ] || fail "no open warnings"
[ "$(q "select count(distinct state) from warnings")" -ge 4 ] || fail "warnings never handled"
for s in applied accepted investigating visited posting submitted approved notified; do
    [ "$(q "select count(*) from cases where type = 'dibao' and state = '$s'")" -ge 1 ] \
        || fail "no 低保 case at $s: $(q "select state from cases")"
done
[ "$(q "select count(*) from enrolments where end_month is null")" -gt 0 ] || fail "no enrolments"
# the resident of 渝悦救助通: signs in with what the demo printed, an online application with its file
grep -q '演示居民（渝悦救助通登录）：身份证号 [0-9X]\{18\}，姓名 .*，手机 13800138000' err.txt || fail "demo resident: $(cat err.txt)"
[ "$(q "select count(*) from case_applications a join cases c on c.id = a.case_id
        where a.channel = 'online' and c.state = 'accepted'")" = 1 ] || fail "online application"
[ "$(q "select count(*) from case_attachments where content is not null")" = 1 ] || fail "its material"
"$MZ" audit verify >/dev/null || fail "audit chain"
