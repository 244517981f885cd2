# The demo city is a running city (issue #12): `mz demo` leaves every
# program with a caseload, last month's rolls approved by a second person
# of each county and paid, open warnings from this month's records, and
# applications at every step of the 低保 procedure.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
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
# 老年人能力评估 (issue #14): assessments at every level, some reassessments
# overdue (a warning each), the disabled placed under 长护险 by 医保
[ "$(q "select count(distinct final_level) from assessments")" = 5 ] \
    || fail "assessments at every level: $(q "select final_level, count(*) from assessments group by 1")"
[ "$(q "select count(*) from warnings where rule = 'reassess_overdue'")" -gt 0 ] || fail "no overdue reassessment"
[ "$(q "select count(*) from facts where variable = 'ltc_insured'")" -gt 0 ] || fail "no 长护险 placements"
# 探访关爱: most of this month's targets visited, a few visits missed (not a flood)
month=$(date -d "${MZ_TODAY:-today}" +%Y-%m)
"$MZ" visit schedule --month "$month" > visits.txt
read -r targets visited <<< "$(sed -n 's/.*探访对象 \([0-9]*\) 人，已探访 \([0-9]*\) 人.*/\1 \2/p' visits.txt)"
[ "$targets" -gt 0 ] && [ $((visited * 10)) -ge $((targets * 8)) ] || fail "visits: $(tail -1 visits.txt)"
missed=$(q "select count(*) from warnings where rule = 'visit_missed'")
[ "$missed" -gt 0 ] && [ "$missed" -lt $((targets / 10)) ] || fail "visit_missed warnings: $missed of $targets"
# smart alarms: one escalated to the family, one new, one acknowledged, one closed
[ "$(q "select group_concat(state || tier, ',') from (select state, tier from alarms order by id)")" \
    = "open3,open1,acknowledged1,closed1" ] || fail "alarms: $(q "select id, state, tier from alarms")"
# 银龄 volunteers: paired with targets, some visits by them credited in the time bank
[ "$(q "select count(*) from volunteers")" -gt 0 ] && [ "$(q "select count(*) from volunteer_pairs")" -gt 0 ] \
    && [ "$(q "select count(*) from volunteer_hours where visit_id is not null")" -gt 0 ] \
    || fail "volunteers: $(q "select count(*) from volunteers"), pairs $(q "select count(*) from volunteer_pairs")"
# the resident of 渝悦救助通: signs in with what the demo printed, an online application with its file
grep -q '演示居民（渝悦救助通登录）：身份证号 [0-9X]\{18\}，姓名 .*，手机 13800138000' err.txt || fail "demo resident: $(cat err.txt)"
[ "$(q "select count(*) from case_applications a join cases c on c.id = a.case_id
        where a.channel = 'online' and c.state = 'accepted'")" = 1 ] || fail "online application"
[ "$(q "select count(*) from case_attachments where content is not null")" = 1 ] || fail "its material"
# social organizations and charity (issue #17): an association on the abnormal list for its
# missing report, a campaign overdue on disclosure, referrals of warned households, one helped
[ "$(q "select count(*) from organizations where status = 'registered'")" = 3 ] || fail "organizations"
[ "$(q "select count(*) from org_credit c join organizations o on o.id = c.org_id
        where o.kind = 'association' and c.list = 'abnormal' and c.exited_on is null")" = 1 ] || fail "abnormal list"
[ "$(q "select count(*) from charity_disclosures where disclosed_on is null and due_on < date('now')")" -ge 1 ] \
    || fail "no overdue disclosure"
[ "$(q "select count(*) from charity_referrals")" -ge 2 ] && [ "$(q "select count(*) from charity_help")" = 1 ] \
    || fail "referrals: $(q "select state, count(*) from charity_referrals group by 1")"
[ "$(q "select count(*) from charity_points")" = 1 ] && [ "$(q "select count(*) from charity_unions")" = 1 ] \
    || fail "慈善阵地 and 联合体"
# child welfare: 困境儿童 recorded and visited, some overdue, guidance and referrals
kids=$(q "select count(*) from child_records")
[ "$kids" -gt 0 ] && [ "$(q "select count(distinct person_id) from child_visits")" = "$kids" ] \
    || fail "children: $kids recorded, $(q "select count(distinct person_id) from child_visits") visited"
[ "$(q "select count(*) from child_visits where kind = '心理健康转介'")" -gt 0 ] \
    && [ "$(q "select count(*) from child_visits where kind = '监护指导'")" -gt 0 ] || fail "guidance, referrals"
[ "$(q "select count(*) from warnings where rule = 'child_visit_overdue'")" -gt 0 ] || fail "no overdue child visit"
# 精康融合行动: referrals at every step of their progress
[ "$(q "select count(distinct state) from rehab_referrals")" = 4 ] \
    || fail "rehab referrals: $(q "select state, count(*) from rehab_referrals group by 1")"
# supervision: a village committee member's household enrolled without 备案,
# a finding for its county (6 digits) with the values it rests on
[ "$(q "select count(*) from warnings where rule = 'staff_relative_unfiled' and length(office) = 6
        and evidence like '%近亲属的成员数=1%'")" = 1 ] || fail "no staff-relative finding"
# and two more of its 低保 households: businesses reported by 市场监管 above
# the limit, a charity's spending to the household missing from its chain
[ "$(q "select count(*) from warnings where rule = 'business_over_limit' and length(office) = 6
        and evidence like '%注册资本合计=300000.00%'")" = 1 ] || fail "no business finding"
[ "$(q "select count(*) from warnings where rule = 'charity_gift_unrecorded' and length(office) = 6
        and evidence like '%未记入一户一链的金额=2000.00%'")" = 1 ] || fail "no charity finding"
# and a spot check of the county's 低保 with three results (监督看板 has data)
[ "$(q "select group_concat(result, ',') from spot_check_items where result is not null")" = 合格,合格,不合格 ] \
    || fail "spot check results: $(q "select * from spot_check_items limit 5")"
"$MZ" audit verify >/dev/null || fail "audit chain"
# decision notices (issue #12): the decided cases and the 免申即享 confirmations have their
# notices — PDF and sealed OFD in notices/ beside the database, each on record, verified
# with the key the demo made, and its code answered by the public verification route
grep -q '演示决定书 [1-9][0-9]* 份' err.txt || fail "no notices: $(cat err.txt)"
[ -s notice-key.pem ] && [ -s notice-key.pub.pem ] || fail "the demo's notice key"
n=$(q "select count(*) from notices where ofd_sm3 <> '' and verify_code <> ''")
[ "$n" -ge 1 ] && [ "$n" = "$(ls notices/*.ofd | wc -l)" ] || fail "notices: $n on record, $(ls notices)"
[ "$(q "select count(*) from seals")" -ge 1 ] || fail "no seal"
for f in notices/*.ofd notices/*.pdf; do
    "$MZ" notice verify "$f" --db d.db > verify.txt 2>&1 || fail "$f does not verify: $(cat verify.txt)"
    grep -q '本局签发记录' verify.txt || fail "$f not on record: $(cat verify.txt)"
done
# 免申即享 in the demo county: the sweep's findings, two confirmed with their notices, one
# consented and waiting, one declined (when the county has four findings)
if [ "$(q "select count(*) from autogrant_findings where state <> 'found'")" -gt 0 ]; then
    [ "$(q "select count(*) from autogrant_findings where state = 'enrolled' and notice_number in
            (select number from notices where program = 'dibao_edge' and decision = 'approve')")" = 2 ] \
        || fail "免申即享 confirmations: $(q "select state, notice_number from autogrant_findings where state <> 'found'")"
    [ "$(q "select count(*) from enrolments where source = '免申即享' and program = 'dibao_edge'")" = 2 ] \
        || fail "免申即享 enrolments"
fi
[ "$(q "select count(*) from autogrant_findings")" -gt 0 ] || fail "no 免申即享 findings"
code=$(q "select verify_code from notices order by id limit 1")
"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
curl -s "$URL/api/v1/verify/$code" > verify.json
kill "$pid"; wait "$pid" 2>/dev/null || true
[ "$(jq -r .sm3 verify.json)" = "$(q "select sm3 from notices order by id limit 1")" ] \
    || fail "public verification: $(cat verify.json)"
