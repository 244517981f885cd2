# 殡葬 (issue #15) over HTTP and from the command line, on a synthetic city:
# a death reported twice by the 公安 feed and once more from the medical
# certificate cascades once — the household's two benefits stopped after
# the month of death, the open application closed, the home-service order
# cancelled, the 身后一件事 summary kept, every report recorded; a death
# imported without policies is cascaded by the sweep; funeral facilities
# with their price list and complaints; a cremation charged at listed fees
# with the basic services waived by the policy, unlisted fees refused; the
# ashes placed by tree burial and rewarded; scope and read-only roles.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 600 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=f.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
opts=(--feeds "$MZ_REPO/feeds")
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 2000 --seed 13 --date 2025-01-01 >/dev/null
mkdir csv && "$MZ" gen --persons 2000 --seed 13 --date 2025-01-01 --csv csv >/dev/null
q() { sqlite3 f.db "$1"; }
month=$(TZ=Asia/Shanghai date +%Y-%m) today=$(TZ=Asia/Shanghai date +%F)
died=$(TZ=Asia/Shanghai date -d "$today -10 days" +%F)
dm=${died:0:7} next=$(date -d "${dm}-01 +1 month" +%Y-%m)

# A household of two living alone together: both elders, enrolled in 低保
# (the household) and 重度残疾人护理补贴 (the elder), with an open 特困
# application and a home-service order of the elder.
# (one the policy finds eligible for 低保 the day before the death: the
# basic funeral services are then waived)
"$MZ" eval --as-of "$(date -d "$died -1 day" +%F)" >/dev/null || fail "eval"
q "select h.hh_no from eval_results r join households h on h.id = r.household_id where r.program = 'dibao'" > eligible.txt
read -r X HH <<< "$(awk -F, 'FNR == NR { ok[$1] = 1; next } FNR > 1 { n[$7]++; if ($8 == "户主" && $4 < "1955") h[$7] = $1 }
    END { for (k in h) if (n[k] == 1 && (k in ok)) { print h[k], k; exit } }' eligible.txt csv/persons.csv)"
[ -n "$HH" ] || fail "no elder living alone in a 低保 household"
printf '身份证号,指标,值,生效日期,来源\n%s,disability_grade,1,2024-01-01,残联\n' "$X" > grade.csv
"$MZ" import facts grade.csv >/dev/null
"$MZ" roll enrol --program dibao --household "$HH" --from 2026-01 >/dev/null || fail "enrol dibao"
"$MZ" roll enrol --program disability_care --household "$HH" --person "$X" --from 2026-01 >/dev/null \
    || fail "enrol disability_care"
"$MZ" case open tekun --household "$HH" --person "$X" --date 2026-02-02 >/dev/null 2> err.txt || fail "case open: $(cat err.txt)"
CASE=$(q "select max(id) from cases")
PX=$(q "select person_id from memberships m join households h on h.id = m.household_id where h.hh_no = '$HH'")
q "insert into providers(code, name, kind, division, lon, lat, capacity, occupancy, slot_capacity, created_at, updated_at)
   values ('ZD-F', '测试社区养老服务站', 'station', (select division from households where hh_no = '$HH'), 106.5, 29.5, 0, 0, 3, 'x', 'x');
   insert into care_orders(person_id, household_id, division, provider_id, service, price, slot, orderer, orderer_name,
     ordered_by, distance, located, state, created_at)
   select $PX, h.id, h.division, (select id from providers where code = 'ZD-F'), '助浴', 6000, '$today' || 'T09', 'caseworker',
     '张社工', 'user:zhang', 100, 'derived', 'dispatched', 'x' from households h where h.hh_no = '$HH'"

street=$(q "select substr(division, 1, 9) from households where hh_no = '$HH'")
county=${street:0:6}
for u in "sta street $street" "stb street $(q "select substr(division, 1, 9) from households where division not like '$street%' limit 1")" \
         "dist district $county" "aud auditor 50"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
"$MZ" token add gongan --feed gongan "${opts[@]}" > tok.txt || fail "token"
GA=$(sed -n 's/^令牌（只显示这一次）：//p' tok.txt)
"$MZ" serve --listen 127.0.0.1:0 "${opts[@]}" > serve.out 2> serve.err &
serve_wait $!
login() {
    [ "$(req POST /api/v1/login '' "{\"name\":\"$1\",\"password\":\"pw-$1-123\"}")" = 200 ] || fail "login $1"
    json o.token
}
STA=$(login sta) STB=$(login stb) DIST=$(login dist) AUD=$(login aud)

# ---- the death, reported by 公安 twice (the same record, then a correction
# of the certificate number), and from the medical certificate
rec() { echo "[{\"身份证号\":\"$X\",\"死亡证明编号\":\"$1\",\"死亡日期\":\"$died\"}]"; }
got=$(req POST /api/v1/feeds/gongan "$GA" "$(rec GA-1)"); [ "$got" = 200 ] || fail "feed: $got"
got=$(req POST /api/v1/feeds/gongan "$GA" "$(rec GA-1)"); [ "$got" = 200 ] || fail "feed again: $got"
got=$(req POST /api/v1/feeds/gongan "$GA" "$(rec GA-2)"); [ "$got" = 200 ] || fail "another record: $got"
got=$(req POST /api/v1/deaths "$STA" "{\"id_number\":\"$X\",\"died_on\":\"$died\",\"source\":\"medical\",\"certificate_no\":\"YX-1\",\"place\":\"家中\"}")
[ "$got" = 200 ] && [ "$(json o.cascaded)" = false ] || fail "a second report cascaded: $got $(cat body)"
[ "$(q "select count(*) from deaths")" = 1 ] || fail "deaths: $(q "select count(*) from deaths")"
[ "$(q "select count(*) from audit_log where action = 'death.cascade'")" = 1 ] || fail "cascaded more than once"
[ "$(q "select count(*) || '/' || sum(first) from death_reports where person_id = $PX")" = "2/1" ] \
    || fail "reports: $(q "select source, first from death_reports")"
# every benefit stops after the month of death, the case closed, the order cancelled
[ "$(q "select group_concat(program || ':' || end_month, ',') from (select * from enrolments order by id)")" \
    = "dibao:$dm,disability_care:$dm" ] || fail "enrolments: $(q "select program, end_month from enrolments")"
[ "$(q "select state from cases where id = $CASE")" = closed ] || fail "case: $(q "select state from cases where id = $CASE")"
[ "$(q "select actor from case_steps where case_id = $CASE order by id desc limit 1")" = "system:身后一件事" ] || fail "closed by"
[ "$(q "select state from care_orders")" = cancelled ] || fail "order"
got=$(req GET "/api/v1/deaths/$PX" "$STA")
[ "$got" = 200 ] || fail "death: $got"
[ "$(json "o.summary.map(i => i.kind).join()")" = "benefit_stopped,benefit_stopped,case_closed,order_cancelled,household_ended,waiver" ] \
    || fail "summary: $(json o.summary)"
[ "$(json "o.summary[0].detail")" = "登记号 1：发放至 $dm，自 $next 起停发" ] || fail "stopped from: $(json o.summary[0])"
[ "$(json "o.reports.map(r => r.source_label + (r.first ? '*' : '')).join()")" = "公安户籍注销*,死亡医学证明" ] \
    || fail "reports: $(json o.reports)"
got=$(req GET "/api/v1/deaths/$PX" "$STB"); [ "$got" = 404 ] || fail "another street's death: $got"
got=$(req GET /api/v1/deaths "$STA"); [ "$(json o.total)" = 1 ] || fail "list"

# ---- a death imported without the hook: the sweep cascades it, once
Y=$(awk -F, -v x="$X" 'NR > 1 && $1 != x && $4 < "1945" { print $1; exit }' csv/persons.csv)
printf '身份证号,指标,值,生效日期,来源\n%s,death,%s,%s,import\n' "$Y" "$died" "$died" > death.csv
"$MZ" import facts death.csv >/dev/null
[ "$(q "select count(*) from deaths")" = 1 ] || fail "the import cascaded"
"$MZ" death sweep "${opts[@]}" | grep -q '补办身后一件事：1 人' || fail "sweep"
"$MZ" death sweep "${opts[@]}" | grep -q '补办身后一件事：0 人' || fail "sweep twice"
"$MZ" death show "$Y" "${opts[@]}" | grep -q '身后一件事' || fail "death show"

# ---- facilities: a funeral home with its price list, a cemetery
got=$(req POST /api/v1/funeral/facilities "$DIST" "{\"code\":\"BYG-T\",\"name\":\"测试殡仪馆\",\"kind\":\"funeral_home\",\"division\":\"$county\",\"licence_no\":\"渝民殡批〔2020〕1号\",\"licence_until\":\"2035-12-31\",\"approved_by\":\"重庆市人民政府\"}")
[ "$got" = 201 ] || fail "facility: $got"
FH=$(json o.id)
got=$(req POST /api/v1/funeral/facilities "$DIST" "{\"code\":\"GM-T\",\"name\":\"测试公墓\",\"kind\":\"公墓\",\"division\":\"$county\",\"licence_no\":\"渝民殡批〔2018〕2号\",\"capacity\":100}")
[ "$got" = 201 ] || fail "cemetery: $got"
GM=$(json o.id)
got=$(req POST /api/v1/funeral/facilities "$AUD" "{\"code\":\"X\",\"name\":\"X\",\"kind\":\"公墓\",\"division\":\"$county\"}")
[ "$got" = 403 ] || fail "auditor adds a facility: $got"
for p in "遗体接运 300 次 true" "遗体冷藏 50 天 true" "火化 400 具 true" "骨灰盒 350 个 true" "告别厅 600 场 false"; do
    set -- $p
    got=$(req POST "/api/v1/funeral/facilities/$FH/prices" "$DIST" "{\"service\":\"$1\",\"price\":\"$2\",\"unit\":\"$3\",\"basic\":$4}")
    [ "$got" = 204 ] || fail "price $1: $got"
done
got=$(req POST "/api/v1/funeral/facilities/$FH/prices" "$DIST" '{"service":"火化","price":"-1"}')
[ "$got" = 422 ] && [ "$(json o.field)" = price ] || fail "negative price: $got"
# ---- cremation: listed fees only; the basic services waived (a 低保 household)
crem() { req POST /api/v1/funeral/cremations "$DIST" "{\"person_id\":$PX,\"facility_id\":$FH,\"services\":\"$1\",\"date\":\"$today\"}"; }
got=$(crem "火化,水晶棺"); [ "$got" = 422 ] && [ "$(json o.code)" = not_listed ] || fail "unlisted fee: $got"
got=$(crem "遗体接运,遗体冷藏*3,火化,骨灰盒,告别厅")
[ "$got" = 201 ] || fail "cremation: $got"
[ "$(json "o.fees + '/' + o.waived")" = "1800.00/1050.00" ] || fail "fees and waiver: $(cat body)"
[ "$(json "o.basis.startsWith('符合')")" = true ] || fail "waiver basis: $(json o.basis)"
got=$(crem "火化"); [ "$got" = 409 ] || fail "cremated twice: $got"
living=$(q "select id from persons where id not in (select person_id from deaths) and division like '$county%' limit 1")
got=$(req POST /api/v1/funeral/cremations "$DIST" "{\"person_id\":$living,\"facility_id\":$FH,\"services\":\"火化\"}")
[ "$got" = 422 ] && [ "$(json o.code)" = not_dead ] || fail "the living cremated: $got"
# ---- tree burial, rewarded
got=$(req POST /api/v1/funeral/placements "$DIST" "{\"person_id\":$PX,\"facility_id\":$GM,\"method\":\"树葬\",\"plot\":\"A区1号\"}")
[ "$got" = 201 ] && [ "$(json o.reward)" = 3000.00 ] || fail "tree burial: $got $(cat body)"
[ "$(q "select value from facts where variable = 'burial_method' and entity_id = $PX")" = 树葬 ] || fail "burial_method fact"
got=$(req POST /api/v1/funeral/placements "$DIST" "{\"person_id\":$PX,\"method\":\"跳舞\"}")
[ "$got" = 409 ] || [ "$got" = 422 ] || fail "a second placement: $got"
# ---- complaints
got=$(req POST "/api/v1/funeral/facilities/$FH/complaints" "$DIST" '{"complainant":"吴女士","text":"告别厅收费未公示"}')
[ "$got" = 201 ] || fail "complaint: $got"
CID=$(json o.id)
got=$(req POST "/api/v1/funeral/complaints/$CID/close" "$DIST" '{"outcome":"已责令公示"}')
[ "$got" = 200 ] && [ "$(json o.state)" = closed ] || fail "close complaint: $got"
got=$(req GET "/api/v1/funeral/facilities/$FH" "$DIST")
[ "$got" = 200 ] && [ "$(json "o.prices.length + '/' + o.records.length + '/' + o.complaints.length")" = "5/1/1" ] \
    || fail "facility: $(head -c 400 body)"
got=$(req GET "/api/v1/funeral/facilities/$FH" "$STB"); [ "$got" = 404 ] || fail "another street's facility: $got"
got=$(req GET /api/v1/funeral/records "$DIST")
[ "$(json "o.items[0].placement.method")" = 树葬 ] || fail "records"
"$MZ" audit verify >/dev/null || fail "audit chain"
echo ok
