# Child-welfare institutions, orphans' entitlements and 重度残疾人托养
# (issue #16) from the command line and over HTTP, on a synthetic city:
# institutions registered and refused naming the option; a child admitted,
# a second refused by the full institution; over HTTP an institution
# account sees and changes only its own institution's children (another's
# answers 404, other pages 403), a move hands the child to the other
# institution, a leaving ends the stay; the county sees its institutions
# with occupancy, not another county's; a full view is audited; the
# entitlements of an orphan derived and shown on the child's page; a 托养
# placement by policy and its end; the audit chain verifies.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 600 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=c.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_TODAY=2025-07-20
opts=(--feeds "$MZ_REPO/feeds" --holidays "$MZ_REPO/data/holidays-cn.csv")
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 2000 --seed 7 --date 2025-01-01 >/dev/null
mkdir csv && "$MZ" gen --persons 2000 --seed 7 --date 2025-01-01 --csv csv >/dev/null
q() { sqlite3 c.db "$1"; }
county=$(q "select substr(division, 1, 6) from households order by id limit 1")
other=$(q "select substr(division, 1, 6) from households where division not like '$county%' limit 1")
# three children and an adult of the county (ID numbers from the generator's CSV)
# (none an orphan: the entitlements below come from our record)
mapfile -t kids < <(awk -F, -v c="$county" 'NR == FNR { if ($2 ~ /orphan|de_facto/) had[$1] = 1; next }
    substr($6, 1, 6) == c && $4 > "2012-01-01" && $4 < "2018-01-01" && !had[$1] { print $1 }' csv/facts.csv csv/persons.csv | head -n 3)
adult=$(awk -F, '$4 < "1990-01-01" { print $1; exit }' csv/persons.csv)
[ "${#kids[@]}" = 3 ] || fail "three children of $county"
K1=${kids[0]} K2=${kids[1]} K3=${kids[2]}

err() { # err OPTION ARGS…: the command fails and the message names OPTION
    local opt=$1; shift
    set +e; "$MZ" "$@" 2> err.txt >/dev/null; local rc=$?; set -e
    [ $rc = 1 ] && grep -q -- "$opt：" err.txt || fail "$*: rc $rc, $(cat err.txt)"
}
err --capacity institution add --name 甲福利院 --kind welfare --division "$county" --capacity 0 --licence 渝1号
err --kind institution add --name 甲福利院 --kind 孤儿院 --division "$county" --capacity 1 --licence 渝1号
"$MZ" institution add --name 甲福利院 --kind welfare --division "$county" --capacity 1 --licence 渝1号 >/dev/null
"$MZ" institution add --name 乙救助保护中心 --kind 未成年人救助保护机构 --division "$county" --capacity 3 --licence 渝2号 >/dev/null
"$MZ" institution add --name 丙福利院 --kind welfare --division "$other" --capacity 5 --licence 渝3号 >/dev/null
err --name institution add --name 甲福利院 --kind welfare --division "$county" --capacity 1 --licence 渝1号
A=$(q "select id from child_institutions where name = '甲福利院'")
B=$(q "select id from child_institutions where name = '乙救助保护中心'")
C=$(q "select id from child_institutions where name = '丙福利院'")
err --reason institution admit "$A" --id "$K1" --date 2025-03-01 --reason 外出 --source 民政部门送交
err --id institution admit "$A" --id "$adult" --date 2025-03-01 --reason 孤儿 --source 民政部门送交
"$MZ" institution admit "$A" --id "$K1" --date 2025-03-01 --reason 孤儿 --source 民政部门送交 >/dev/null
err 机构编号 institution admit "$A" --id "$K2" --date 2025-03-01 --reason 孤儿 --source 民政部门送交
grep -q '床位已满' err.txt || fail "full: $(cat err.txt)"
P1=$(q "select person_id from child_placements where institution_id = $A")
[ "$(q "select value from facts where variable = 'in_institution' and entity_id = $P1")" = 1 ] || fail "in_institution"
[ "$(q "select count(*) from audit_log where action = 'child.admit'")" = 1 ] || fail "admission audited"

for u in "insta child_institution $county" "instb child_institution $county" "dis district $county" \
         "adm city_admin 50" "dir child_director $(q "select division from households limit 1")"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
"$MZ" institution bind insta "$A" >/dev/null && "$MZ" institution bind instb "$B" >/dev/null || fail "bind"
err name institution bind dis "$A"
"$MZ" serve --listen 127.0.0.1:0 "${opts[@]}" > serve.out 2> serve.err &
serve_wait $!
login() {
    [ "$(req POST /api/v1/login '' "{\"name\":\"$1\",\"password\":\"pw-$1-123\"}")" = 200 ] || fail "login $1"
    json o.token
}
expect() { # expect STATUS CODE FIELD what
    [ "$got" = "$1" ] || fail "$4: status $got, want $1"
    [ "$2" = - ] || [ "$(json o.code)" = "$2" ] || fail "$4: code $(json o.code), want $2"
    [ "$3" = - ] || [ "$(json o.field)" = "$3" ] || fail "$4: field $(json o.field), want $3"
}
IA=$(login insta) IB=$(login instb) DIS=$(login dis) ADM=$(login adm) DIR=$(login dir)

# an institution account: its own institution and children only
got=$(req GET /api/v1/child-institutions "$IA"); expect 200 - - "A's list"
[ "$(json o.items.length)" = 1 ] && [ "$(json o.items[0].name)" = 甲福利院 ] && [ "$(json o.items[0].occupancy)" = 1 ] \
    && [ "$(json o.may_register)" = false ] || fail "A sees A only: $(cat body)"
got=$(req GET "/api/v1/child-institutions/$B" "$IA"); expect 404 unknown_institution - "A reads B"
got=$(req GET "/api/v1/child-placements/$P1" "$IA"); expect 200 - - "A's child"
[ "$(json o.placements[0].institution)" = 甲福利院 ] && [[ "$(json o.id_number)" =~ ^[0-9]{6}\*{8} ]] || fail "history: $(cat body)"
[ "$(q "select count(*) from audit_log where action = 'child.placement.view' and actor = 'user:insta'")" = 1 ] \
    || fail "full view audited"
got=$(req GET "/api/v1/child-placements/$P1" "$IB"); expect 404 unknown_person - "B reads A's child"
got=$(req POST "/api/v1/child-placements/$P1/services" "$IB" '{"kind":"medical","served_on":"2025-03-05","note":"体检"}')
expect 404 unknown_person - "B serves A's child"
got=$(req GET /api/v1/households "$IA"); expect 403 forbidden_role - "an institution on other pages"
got=$(req GET /api/v1/children "$IA"); expect 403 forbidden_role - "an institution on the 困境儿童 list"
got=$(req POST /api/v1/child-institutions "$IA" "{\"name\":\"丁\",\"kind\":\"welfare\",\"division\":\"$county\",\"capacity\":\"3\",\"licence\":\"x\"}")
expect 403 forbidden_role - "an institution registers institutions"
got=$(req GET /api/v1/child-institutions "$DIR"); expect 403 forbidden_role - "a 儿童主任"
got=$(req POST "/api/v1/child-placements/$P1/services" "$IA" '{"kind":"psych","served_on":"2025-03-05","note":"心理评估"}')
expect 201 - - "A serves its child"
got=$(req POST "/api/v1/child-institutions/$A/placements" "$IA" "{\"id_number\":\"$K2\",\"admitted_on\":\"2025-04-01\",\"reason\":\"孤儿\",\"source\":\"公安机关护送\"}")
expect 409 institution_full institution "A is full"
got=$(req POST "/api/v1/child-institutions/$B/placements" "$IB" "{\"id_number\":\"$K2\",\"admitted_on\":\"2025-04-01\",\"reason\":\"监护缺失临时监护\",\"source\":\"公安机关护送\"}")
expect 201 - - "B admits"
got=$(req POST "/api/v1/child-institutions/$B/placements" "$IB" "{\"id_number\":\"$K2\",\"admitted_on\":\"2025-04-01\",\"reason\":\"孤儿\",\"source\":\"公安机关护送\"}")
expect 409 already_placed person "placed twice"
# A sends its child to B: from then on B's, not A's
got=$(req POST "/api/v1/child-placements/$P1/move" "$IA" "{\"to_institution\":\"$B\",\"moved_on\":\"2025-02-01\"}")
expect 422 invalid_value moved_on "a move before the admission"
got=$(req POST "/api/v1/child-placements/$P1/move" "$IA" "{\"to_institution\":\"$B\",\"moved_on\":\"2025-05-01\"}")
expect 201 - - "the move"
got=$(req GET "/api/v1/child-placements/$P1" "$IA"); expect 404 unknown_person - "A after the move"
got=$(req GET "/api/v1/child-placements/$P1" "$IB"); expect 200 - - "B after the move"
[ "$(json o.placements.length)" = 2 ] && [ "$(json o.placements[0].destination)" = 转入其他机构 ] \
    && [ "$(json o.placements[1].moved_in)" = true ] && [ "$(json o.services[0].kind_label)" = 心理 ] || fail "history after the move: $(cat body)"
got=$(req POST "/api/v1/child-placements/$P1/leave" "$IB" '{"left_on":"2025-06-01","destination":"出国"}')
expect 422 invalid_value destination "unknown destination"
got=$(req POST "/api/v1/child-placements/$P1/leave" "$IB" '{"left_on":"2025-06-01","destination":"家庭寄养"}')
expect 200 - - "leaving for foster care"
[ "$(q "select value from facts where variable = 'in_institution' and entity_id = $P1 order by effective desc, id desc limit 1")" = 0 ] \
    || fail "in_institution after leaving"
# the county: its institutions with occupancy, not another county's
got=$(req GET /api/v1/child-institutions "$DIS"); expect 200 - - "the county's list"
[ "$(json "o.items.map(i => i.name + i.occupancy).sort().join()")" = "乙救助保护中心1,甲福利院0" ] || fail "county: $(cat body)"
got=$(req GET "/api/v1/child-institutions/$C" "$DIS"); expect 404 unknown_institution - "another county's"
got=$(req GET "/api/v1/child-institutions/$B?all=true" "$DIS"); expect 200 - - "B with those who left"
[ "$(json o.children.length)" = 2 ] || fail "B's children: $(cat body)"
got=$(req GET "/api/v1/child-institutions/$C" "$ADM"); expect 200 - - "the city reads every county"

# orphans' entitlements: derived from the facts, on the child's page
{ echo 身份证号,指标,值,生效日期,来源; echo "$K3,orphan,true,2025-03-01,民政"; } > o.csv
"$MZ" import facts o.csv >/dev/null
"$MZ" children entitlements "${opts[@]}" > ent.txt || fail "entitlements"
P3=$(q "select entity_id from facts where variable = 'orphan' and source = '民政'")
[ "$(q "select count(*) from child_entitlements where person_id = $P3")" -ge 1 ] \
    && grep -q "新增 $(q "select count(*) from child_entitlements") 项" ent.txt || fail "entitlements: $(cat ent.txt)"
got=$(req GET "/api/v1/children/$P3" "$DIS"); expect 200 - - "the orphan's page"
[ "$(json "o.entitlements.some(e => e.kind === 'ent_medical' && e.start_on === '2025-03-01' && !e.end_on && /国办发/.test(e.source))")" = true ] \
    || fail "entitlements on the page: $(json o.entitlements)"

# 重度残疾人托养: a severely disabled person placed, the subsidy enrolled, the end
V=$(q "select division from households where division like '$county%' limit 1")
"$MZ" provider put --code TY1 --name 托养中心 --kind 养老机构 --division "$V" --lon 106.5 --lat 29.5 --capacity 50 >/dev/null
PV=$(q "select id from providers where code = 'TY1'")
S=$(q "select f.entity_id from facts f join persons p on p.id = f.entity_id where f.variable = 'disability_grade' and f.value in ('1', '2') and p.division like '$county%' limit 1")
N=$(q "select f.entity_id from facts f join persons p on p.id = f.entity_id where f.variable = 'disability_grade' and f.value = '4' and p.division like '$county%' and f.entity_id not in (select entity_id from facts where variable = 'disability_type' and value in ('智力', '精神')) limit 1")
[ -n "$S" ] && [ -n "$N" ] || fail "disabled persons in $county"
got=$(req POST /api/v1/tuoyang "$DIS" "{\"person_id\":\"$N\",\"provider_id\":\"$PV\",\"mode\":\"寄宿\",\"start_on\":\"2025-06-15\"}")
expect 422 not_severe person "a grade-4 person"
got=$(req POST /api/v1/tuoyang "$DIS" "{\"person_id\":\"$S\",\"provider_id\":\"$PV\",\"mode\":\"寄宿\",\"start_on\":\"2025-06-15\"}")
expect 201 - - "placed"
[ "$(q "select start_month || source from enrolments where program = 'tuoyang' and person_id = $S")" = "2025-07托养安置" ] \
    || fail "enrolled from July"
got=$(req GET /api/v1/tuoyang "$DIS"); expect 200 - - "the county's placements"
[ "$(json "o.items.some(t => t.person_id === $S && t.provider === '托养中心' && !t.end_on)")" = true ] || fail "list: $(cat body)"
got=$(req GET /api/v1/tuoyang "$IA"); expect 403 forbidden_role - "an institution on 托养"
got=$(req POST "/api/v1/tuoyang/$S/end" "$DIS" '{"end_on":"2025-07-10"}'); expect 200 - - "ended"
got=$(req POST "/api/v1/tuoyang/$S/end" "$DIS" '{"end_on":"2025-07-11"}'); expect 409 not_in_care person "ended twice"
got=$(req GET /api/v1/disability/consents "$DIS"); expect 200 - - "consents"
"$MZ" audit verify >/dev/null || fail "audit chain"
echo "institutions: ok"
