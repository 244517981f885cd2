# 专项救助 referrals from the command line (issue #12): 低保 and 特困 enrolments
# refer households and members to the medical, education, housing and
# employment departments, once; a department's file carries the full ID
# numbers it matches on (audited); its answers come back all or nothing and
# show on the household.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=r.db MZ_POLICIES="$MZ_REPO/policies/chongqing"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 4000 --seed 3 --date 2025-01-01 >/dev/null
q() { sqlite3 r.db "$1"; }
# wang, a county account, lets the OS user running this script act for it
county=$(q "select substr(division, 1, 6) from households order by id limit 1")
MZ_PASSWORD=pw-wang-12345 "$MZ" user add wang --role district --division "$county" >/dev/null
MZ_PASSWORD=pw-wang-12345 "$MZ" user delegate wang >/dev/null
"$MZ" roll enrol --eligible --program dibao --from 2025-07 >/dev/null
"$MZ" roll enrol --eligible --program tekun --from 2025-07 >/dev/null
"$MZ" referral refresh --date 2025-07-15 > out.txt || fail "refresh"
n=$(sed -n 's/^新增专项救助转介 \([0-9]*\) 条$/\1/p' out.txt)
[ "$n" -gt 0 ] && [ "$n" = "$(q "select count(*) from referrals")" ] || fail "refresh: $(cat out.txt)"
hh=$(q "select count(distinct household_id) from enrolments where program in ('dibao', 'tekun')")
[ "$(q "select count(*) from referrals where department = 'yibao' and person_id = 0")" = "$hh" ] \
    || fail "every enrolled household referred to 医疗救助 once"
[ "$(q "select count(*) from referrals where department = 'zhujian'")" = "$hh" ] || fail "housing"
[ "$(q "select count(*) from referrals r where department = 'jiaoyu' and not exists (select 1
        from facts f where f.entity = 'person' and f.entity_id = r.person_id and f.variable = 'schooling')")" = 0 ] \
    || fail "education referrals of members not in school"
"$MZ" referral refresh --date 2025-07-15 | grep -q '新增专项救助转介 0 条' || fail "referred twice"

"$MZ" referral export yibao --csv yibao.csv --as wang | grep -q "已导出 $hh 条" || fail "export"
head -1 yibao.csv | grep -q '转介编号,救助类别,户编号,姓名,身份证号,依据,事由,转介日期,答复' || fail "header"
[ "$(tail -n +2 yibao.csv | cut -d, -f5 | grep -cvE '^[0-9]{17}[0-9X]$' || true)" = 0 ] || fail "full ID numbers"
[ "$(q "select count(*) from referrals where department = 'yibao' and exported_at is null")" = 0 ] \
    || fail "exported not marked"
[ "$(q "select count(*) from audit_log where action = 'referral.export'")" = 1 ] || fail "export audited"
set +e
"$MZ" referral export nosuch --csv x.csv 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'yibao' err.txt || fail "unknown department: $(cat err.txt)"

first=$(sed -n 2p yibao.csv | cut -d, -f1) second=$(sed -n 3p yibao.csv | cut -d, -f1)
printf '转介编号,结果,说明\n%s,已救助,资助参保 380 元\n%s,不知道,\n' "$first" "$second" > bad.csv
set +e
"$MZ" referral answer yibao bad.csv 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'bad.csv:3: 结果应为' err.txt || fail "bad answer: $(cat err.txt)"
[ "$(q "select count(*) from referrals where answer is not null")" = 0 ] || fail "half an answer file"
printf '转介编号,结果,说明\n%s,已救助,资助参保 380 元\n%s,办理中,\n' "$first" "$second" > ans.csv
"$MZ" referral answer yibao ans.csv | grep -q '已记录部门答复 2 条' || fail "answers"
hno=$(q "select h.hh_no from referrals r join households h on h.id = r.household_id where r.id = $first")
"$MZ" referral list --household "$hno" > out.txt
grep -q '医疗救助.*已送达部门.*已救助：资助参保 380 元' out.txt || fail "answer on the household: $(cat out.txt)"
"$MZ" audit verify >/dev/null || fail "audit chain"

# A department's system pulls its referrals with a machine token granted
# that department, and posts its answers, all or nothing.
"$MZ" token add yibao-sys --referrals yibao > out.txt || fail "token"
TOKEN=$(sed -n 's/^令牌（只显示这一次）：//p' out.txt)
"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
req() { curl -s -o body -w '%{http_code}' -X "$1" -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' ${3:+--data-binary "$3"} "$URL$2"; }
[ "$(req GET /api/v1/referrals/yibao)" = 200 ] || fail "pull: $(cat body)"
[ "$(json o.items.length)" = "$hh" ] && [ "$(json "o.items.every(i => /^[0-9]{17}[0-9X]$/.test(i.id_number))")" = true ] \
    || fail "pulled items: $(head -c 400 body)"
[ "$(q "select count(*) from audit_log where action = 'referral.export' and actor = 'machine:yibao-sys'")" = 1 ] \
    || fail "pull audited"
third=$(json o.items[2].id)
[ "$(req GET /api/v1/referrals/jiaoyu)" = 403 ] && [ "$(json o.code)" = forbidden_feed ] || fail "another department"
[ "$(curl -s -o body -w '%{http_code}' "$URL/api/v1/referrals/yibao")" = 401 ] || fail "no token"
[ "$(req POST /api/v1/referrals/yibao/answers "{\"answers\":[{\"id\":$third,\"answer\":\"不符合\"},{\"id\":$third,\"answer\":\"?\"}]}")" = 422 ] \
    && json o.detail | grep -q 'answers:2: 结果应为' || fail "bad answers: $(cat body)"
[ "$(q "select count(*) from referrals where id = $third and answer is not null")" = 0 ] || fail "half the answers"
[ "$(req POST /api/v1/referrals/yibao/answers "{\"answers\":[{\"id\":$third,\"answer\":\"不符合\",\"note\":\"已参保\"}]}")" = 200 ] \
    && [ "$(json o.recorded)" = 1 ] || fail "answers: $(cat body)"
[ "$(q "select answer || answer_note || answered_by from referrals where id = $third")" = "不符合已参保machine:yibao-sys" ] \
    || fail "answer stored"
