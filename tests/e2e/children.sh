# Child welfare (issue #16) from the command line and over HTTP, on a
# synthetic city: the 困境儿童 list with the categories the policy finds and
# masked ID numbers; dated records kept once per change; a visit refused
# naming the option, then recorded (last_contact, audited) and shown; a
# child's page audited as a full view; over HTTP a 儿童主任 sees the children
# of their own community only (another's answer as missing), cannot use the
# other staff pages, and roles outside child welfare cannot see children.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 600 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=c.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_TODAY=2025-07-20
opts=(--feeds "$MZ_REPO/feeds" --holidays "$MZ_REPO/data/holidays-cn.csv")
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 3000 --seed 5 --date 2025-01-01 >/dev/null
mkdir csv && "$MZ" gen --persons 3000 --seed 5 --date 2025-01-01 --csv csv >/dev/null
q() { sqlite3 c.db "$1"; }

"$MZ" children list "${opts[@]}" > list.txt || fail "list"
total=$(sed -n 's/^困境儿童 \([0-9]*\) 名，探访逾期 \([0-9]*\) 名（.*$/\1/p' list.txt)
[ -n "$total" ] && [ "$total" -gt 10 ] || fail "list: $(tail -1 list.txt)"
[ "$(grep -cE '[0-9]{6}\*{8}[0-9]{3}[0-9X]' list.txt)" = "$total" ] || fail "ID numbers not masked"
grep -q '残疾儿童' list.txt && grep -q '低保、特困、低保边缘家庭儿童' list.txt || fail "categories"
[ "$(grep -c '【探访逾期】' list.txt)" = "$total" ] || fail "never visited, all overdue"
"$MZ" children classify "${opts[@]}" | grep -q "已建立或变更困境儿童档案 $total 份" || fail "classify"
"$MZ" children classify "${opts[@]}" | grep -q "已建立或变更困境儿童档案 0 份" || fail "classify again"
[ "$(q "select count(*) from child_records")" = "$total" ] || fail "records"

# The full ID number of the n-th child (from the generator's CSV: name and masked number).
id_of() {
    local line name masked
    line=$(sed -n "${1}p" list.txt); name=$(cut -f2 <<< "$line"); masked=$(cut -f4 <<< "$line")
    grep ",$name," csv/persons.csv | cut -d, -f1 | grep "^${masked:0:6}.*${masked:14:4}\$" | head -n 1
}
X=$(id_of 1)
[ -n "$X" ] || fail "no ID number for the first child"
adult=$(awk -F, '$4 < "1990-01-01" { print $1; exit }' csv/persons.csv)

bad() { # bad OPTION ARGS…: the visit fails and the message names --OPTION
    local opt=$1; shift
    set +e; "$MZ" children visit "$@" "${opts[@]}" 2> err.txt; local rc=$?; set -e
    [ $rc = 1 ] && grep -q -- "--$opt：" err.txt || fail "bad --$opt: rc $rc, $(cat err.txt)"
}
bad date --id "$X" --date 2025-07-21 --kind 入户探访 --visitor 李主任
bad kind --id "$X" --date 2025-07-01 --kind 走访 --visitor 李主任
bad id --id "$adult" --date 2025-07-01 --kind 入户探访 --visitor 李主任
bad visitor --id "$X" --date 2025-07-01 --kind 入户探访
[ "$(q "select count(*) from child_visits")" = 0 ] || fail "a refused visit was stored"
"$MZ" children visit --id "$X" --date 2025-07-18 --kind 监护指导 --visitor 李主任 \
    --findings 指导祖父母按时接送 "${opts[@]}" | grep -q '已登记监护指导记录' || fail "visit"
pidx=$(q "select person_id from child_visits")
comm=$(q "select division from persons where id = $pidx")
[ "$(q "select value || ' ' || source from facts where variable = 'last_contact' and entity_id = $pidx")" = "2025-07-18 child_visit" ] \
    || fail "last_contact fact"
"$MZ" children show --id "$X" "${opts[@]}" > show.txt || fail "show"
grep -q "$(printf '2025-07-18\t监护指导\t李主任\t指导祖父母按时接送')" show.txt || fail "show: $(cat show.txt)"
grep -q '最近探访 2025-07-18' show.txt || fail "last visit shown"
[ "$(q "select count(*) from audit_log where action = 'child.view'")" = 1 ] || fail "view audited"
[ "$(q "select count(*) from audit_log where action = 'child.visit'")" = 1 ] || fail "visit audited"

# 免申即享: an adult given a grade-1 certificate by 残联 is enrolled in the
# 护理补贴 once consent is recorded, from the certificate's month.
printf '身份证号,残疾人证号,发证日期,残疾等级,残疾类别\n%s,C%s,2025-06-01,1,视力\n' "$adult" "$adult" > canlian.csv
"$MZ" feed ingest canlian canlian.csv --as-of 2025-06-01 "${opts[@]}" >/dev/null || fail "canlian feed"
"$MZ" disability enrol --date 2025-07-20 "${opts[@]}" | grep -q '新纳入两项补贴 0 项' || fail "enrolled without consent"
set +e; "$MZ" disability consent --id "$adult" --date 2025-05-20 --by 邻居 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q -- '--by：' err.txt || fail "bad --by: $(cat err.txt)"
"$MZ" disability consent --id "$adult" --date 2025-05-20 --by 本人 | grep -q '已登记' || fail "consent"
"$MZ" disability enrol --date 2025-07-20 "${opts[@]}" | grep -q '新纳入两项补贴 [12] 项' || fail "enrol"
[ "$(q "select start_month from enrolments where program = 'disability_care' and source = '免申即享'")" = 2025-06 ] \
    || fail "enrolment: $(q "select program, start_month, source from enrolments")"
[ "$(q "select count(*) from audit_log where action = 'autogrant.consent'")" = 1 ] || fail "consent audited"

# The yearly adjustment of the two subsidies, and a 低保 rise carrying the
# orphan standards with it (自然增长), simulated before they are set.
"$MZ" simulate --set care_rate_grade1=95 --set care_rate_grade2=85 --from 2025-08-01 > sim.txt \
    || fail "simulate the subsidies"
grep -qE '^重度残疾人护理补贴 +0 +0 +[0-9.]+ +[0-9.]+ +[1-9][0-9]*\.00$' sim.txt || fail "subsidy cost: $(cat sim.txt)"
"$MZ" simulate --set dibao_standard.urban=800 --set dibao_standard.rural=660 --from 2025-08-01 > sim.txt \
    || fail "simulate the 低保 standard"
orphans=$(q "select count(*) from facts where variable = 'orphan' and value in ('是', 'true', '1')")
if [ "$orphans" -gt 0 ]; then
    grep -qE '^孤儿基本生活费 .* [1-9][0-9]*\.00$' sim.txt || fail "orphans follow the 低保 standard: $(cat sim.txt)"
fi

# 精康融合行动: the adult, recorded as 精神 disabled by 残联, referred and followed.
printf '身份证号,残疾人证号,发证日期,残疾等级,残疾类别\n%s,D%s,2025-06-10,3,精神\n' "$adult" "$adult" > canlian2.csv
"$MZ" feed ingest canlian canlian2.csv --as-of 2025-06-10 "${opts[@]}" >/dev/null || fail "canlian feed 2"
set +e; "$MZ" disability refer --id "$X" --date 2025-07-01 --service 阳光家园 "${opts[@]}" 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q -- '--id：.*不是精康融合行动服务对象' err.txt || fail "refer a child: $(cat err.txt)"
"$MZ" disability refer --id "$adult" --date 2025-07-01 --service 阳光家园 "${opts[@]}" | grep -q '已登记康复转介 1' \
    || fail "refer"
set +e; "$MZ" disability progress --referral 1 --date 2025-06-30 --state received 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q -- '--date：' err.txt || fail "progress before the referral: $(cat err.txt)"
"$MZ" disability progress --referral 1 --date 2025-07-03 --state received --note 已接收 > out.txt \
    && grep -q "$(printf '2025-07-03\t机构已接收\t已接收')" out.txt || fail "progress: $(cat out.txt)"
"$MZ" disability referrals | grep -q "阳光家园	转介 2025-07-01	机构已接收" || fail "referrals: $("$MZ" disability referrals)"
[ "$(q "select count(*) from audit_log where action like 'rehab.%'")" = 2 ] || fail "rehab audited"

# Monitoring: the father of a child of X's community goes to prison; the
# sweep raises child_parent_change for the child (the 督导员 sees it below).
read -r HZ Z <<< "$(awk -F, -v c="$comm" '$6 == c && $8 == "子女" && $4 > "2010-01-01" { print $7, $1; exit }' csv/persons.csv)"
[ -n "$Z" ] || fail "no child of a head in $comm"
F=$(awk -F, -v h="$HZ" '$7 == h && $8 == "户主" { print $1; exit }' csv/persons.csv)
"$MZ" monitor sweep --baseline --as-of 2025-07-01 "${opts[@]}" >/dev/null
{ echo 身份证号,指标,值,生效日期,来源
  echo "$F,custody,服刑在押,2025-07-05,公安"
  echo "$F,custody_since,2025-07-05,2025-07-05,公安"; } > custody.csv
"$MZ" import facts custody.csv >/dev/null || fail "custody facts"
"$MZ" monitor sweep --as-of 2025-07-10 "${opts[@]}" >/dev/null
pz=$(q "select m.person_id from memberships m join households h on h.id = m.household_id
        where h.hh_no = '$HZ' and m.relation = '子女' order by m.person_id limit 1")
[ "$(q "select count(*) from warnings where rule = 'child_parent_change' and state = 'open' and person_id = $pz")" = 1 ] \
    || fail "parent change: $(q "select rule, person_id from warnings where rule like 'child%' limit 5")"

# Over HTTP.
street=${comm:0:9}
other=$(q "select h.division from households h where h.division not like '$street%' limit 1")
for u in "dira child_director $comm" "dirb child_director $other" "sup child_supervisor $street" \
         "dis district ${comm:0:6}" "com community $comm" "aud auditor 50" "adm city_admin 50"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
"$MZ" serve --listen 127.0.0.1:0 "${opts[@]}" > serve.out 2> serve.err &
serve_wait $!
login() {
    [ "$(req POST /api/v1/login '' "{\"name\":\"$1\",\"password\":\"pw-$1-123\"}")" = 200 ] || fail "login $1"
    json o.token
}
DIRA=$(login dira) DIRB=$(login dirb) SUP=$(login sup) DIS=$(login dis) COM=$(login com) AUD=$(login aud)
expect() { # expect STATUS CODE FIELD what
    [ "$got" = "$1" ] || fail "$4: status $got, want $1"
    [ "$2" = - ] || [ "$(json o.code)" = "$2" ] || fail "$4: code $(json o.code), want $2"
    [ "$3" = - ] || [ "$(json o.field)" = "$3" ] || fail "$4: field $(json o.field), want $3"
}
[ "$(req GET /api/v1/children)" = 401 ] || fail "no session"
got=$(req GET /api/v1/children "$DIRA"); expect 200 - - "the director's list"
n=$(json o.total)
[ "$n" = "$("$MZ" children list --division "$comm" "${opts[@]}" | grep -c "^$comm")" ] && [ "$(json o.items.length)" = "$n" ] \
    || fail "community's children: $n"
[ "$(json "o.items.some(i => i.person_id === $pz && /监护缺失/.test(i.reasons))")" = true ] \
    || fail "the prisoner's child is now one in difficulty"
[ "$(json "o.items.some(i => i.person_id === $pidx && !i.overdue && i.last_contact === '2025-07-18')")" = true ] \
    || fail "X visited"
[ "$(json "o.items.every(i => /^[0-9]{6}\*{8}/.test(i.id_number) && !('division' in i))")" = true ] \
    || fail "masked, no codes"
got=$(req GET "/api/v1/children?overdue=true" "$DIRA"); expect 200 - - "overdue"
[ "$(json o.items.length)" = "$((n - 1))" ] || fail "overdue list"
got=$(req GET /api/v1/children "$DIS"); expect 200 - - "the county's dashboard"
[ "$(json o.total)" -ge "$n" ] && [ "$(json o.categories.length)" = 6 ] || fail "dashboard"
got=$(req GET /api/v1/children "$SUP"); expect 200 - - "the street's list"
[ "$(json o.total)" -ge "$n" ] || fail "street's children"
[ "$(json "o.warnings.some(w => w.person_id === $pz && /父母情况变化/.test(w.label))")" = true ] \
    || fail "the 督导员 sees the parent-change warning: $(json o.warnings)"
got=$(req GET /api/v1/children "$DIRB"); expect 200 - - "another community's list"
[ "$(json "o.warnings.some(w => w.person_id === $pz)")" = false ] || fail "another community sees the warning"
got=$(req GET "/api/v1/children/$pidx" "$DIRB"); expect 404 unknown_person - "another community's child"
got=$(req GET "/api/v1/children/$pidx" "$COM"); expect 403 forbidden_role - "community staff"
got=$(req GET /api/v1/children "$AUD"); expect 403 forbidden_role - "auditor"
got=$(req GET /api/v1/households "$DIRA"); expect 403 forbidden_role - "the director on other pages"
views=$(q "select count(*) from audit_log where action = 'child.view'")
got=$(req GET "/api/v1/children/$pidx" "$DIRA"); expect 200 - - "child's page"
[ "$(json o.visits[0].kind)" = 监护指导 ] && [ "$(json o.in_difficulty)" = true ] || fail "page: $(cat body)"
[ "$(q "select count(*) from audit_log where action = 'child.view' and actor = 'user:dira'")" = 1 ] \
    || fail "full view audited"
body() { echo "{\"visited_on\":\"$1\",\"kind\":\"$2\"${3:+,$3}}"; }
got=$(req POST "/api/v1/children/$pidx/visits" "$DIRA" "$(body 2025-07-19 走访)"); expect 422 invalid_value kind "kind"
got=$(req POST "/api/v1/children/$pidx/visits" "$DIRA" "$(body 2025-07-21 入户探访)"); expect 422 invalid_value visited_on "future"
got=$(req POST "/api/v1/children/$pidx/visits" "$DIRA" "$(body 2025-07-19 入户探访 '"who":1')"); expect 400 unknown_field who "unknown field"
got=$(req POST "/api/v1/children/$pidx/visits" "$DIRB" "$(body 2025-07-19 入户探访)"); expect 404 unknown_person - "another community"
got=$(req POST "/api/v1/children/$pidx/visits" "$DIRA" "$(body 2025-07-19 心理健康转介 '"findings":"转介区心理健康服务站"')")
expect 201 - - "referral"
[ "$(q "select kind || visitor from child_visits order by id desc limit 1")" = "心理健康转介dira" ] || fail "referral stored"

# 精康融合行动 and 免申即享 over HTTP: managers and streets only
R1=$(q "select id from rehab_referrals limit 1")
got=$(req GET /api/v1/rehab/referrals "$DIS"); expect 200 - - "referrals (county)"
[ "$(json "o.items.filter(r => r.id === $R1).length")" = "$(q "select count(*) from rehab_referrals r join persons p on p.id = r.person_id where p.division like '${comm:0:6}%'")" ] \
    || fail "referrals in the county's scope"
got=$(req GET /api/v1/rehab/referrals "$COM"); expect 403 forbidden_role - "community staff"
got=$(req GET /api/v1/rehab/referrals "$DIRA"); expect 403 forbidden_role - "a 儿童主任"
MZ_ADMIN=$(login adm)
got=$(req POST "/api/v1/rehab/referrals/$R1/progress" "$MZ_ADMIN" '{"on_day":"2025-07-10","state":"in_rehab","note":"日间康复"}')
expect 200 - - "progress"
got=$(req POST "/api/v1/rehab/referrals/$R1/progress" "$MZ_ADMIN" '{"on_day":"2025-07-11","state":"received"}')
expect 409 bad_state state "backwards"
got=$(req POST "/api/v1/rehab/referrals/99/progress" "$MZ_ADMIN" '{"on_day":"2025-07-11","state":"closed"}')
expect 404 not_found - "unknown referral"
P1=$(q "select person_id from rehab_referrals where id = $R1")
got=$(req POST /api/v1/rehab/referrals "$MZ_ADMIN" "{\"person_id\":\"$P1\",\"referred_on\":\"2025-07-12\",\"service\":\"另一机构\"}")
expect 409 already_referred person "a second open referral"
got=$(req POST "/api/v1/persons/$pidx/disability-consent" "$MZ_ADMIN" '{"given_on":"2025-07-01","given_by":"邻居"}')
expect 422 invalid_value given_by "consent by a neighbour"
got=$(req POST "/api/v1/persons/$pidx/disability-consent" "$MZ_ADMIN" '{"given_on":"2025-07-01","given_by":"监护人"}')
expect 200 - - "consent"
[ "$(q "select given_by from autogrant_consents where person_id = $pidx")" = 监护人 ] || fail "consent stored"
"$MZ" audit verify >/dev/null || fail "audit chain"
