# Supervision dashboards and the integrity report for 纪检 (issue #20,
# docs/supervision.md): a small city with 低保 and 特困 enrolled; findings
# planted as tests/e2e/supervise.sh plants them (a car over the limit on
# two 低保 households, a 特困 household also drawing 低保, village
# committee members heading 低保 households, one filed as 近亲属备案);
# the sweep finds them; one is confirmed and closed, one dismissed with a
# reason; a spot check is drawn and results recorded (CLI and API). The
# summary's numbers are checked against what was planted, and the
# workbook (CLI and console download) by unzipping its XML.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=s.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
q() { sqlite3 s.db "$1"; }
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 1500 --seed 11 --date 2025-01-01 >/dev/null
mkdir csv && "$MZ" gen --persons 1500 --seed 11 --date 2025-01-01 --csv csv >/dev/null
idof() { grep ",$1,$2" csv/persons.csv | head -1 | cut -d, -f1; }
"$MZ" eval --as-of 2025-06-01 >/dev/null
"$MZ" roll enrol --eligible --program dibao --from 2025-07 >/dev/null
"$MZ" roll enrol --eligible --program tekun --from 2025-07 >/dev/null
dibao() { q "select h.hh_no from enrolments e join households h on h.id = e.household_id
             where e.program = 'dibao' and h.division like '$U%' order by h.id limit 1 offset $1"; }
hh1=$(q "select h.hh_no from enrolments e join households h on h.id = e.household_id
         where e.program = 'dibao' order by h.id limit 1")
U=${hh1:0:6}
for u in "li street ${hh1:0:9}" "wang district $U" "aud auditor 50"; do
    set -- $u
    MZ_PASSWORD="pw-$1-12345" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
    MZ_PASSWORD="pw-$1-12345" "$MZ" user delegate "$1" >/dev/null
done
# cars over the limit on two 低保 households; a village committee member
# heading two others, one with a case filed as a staff relative
a1=$(dibao 0) a2=$(dibao 1) k1=$(dibao 2) k2=$(dibao 3)
printf '身份证号,指标,值,生效日期,来源\n' > car.csv
for h in "$a1" "$a2"; do printf '%s,vehicle_value,150000.00,2025-08-01,公安车管\n' "$(idof "$h" 户主)" >> car.csv; done
"$MZ" import facts car.csv > car.txt 2>&1 || fail "car: $(cat car.txt)"
for h in "$k1" "$k2"; do
    "$MZ" staff add --id "$(idof "$h" 户主)" --kind village --post 村委会委员 --division "${h:0:12}" \
        --date 2025-01-01 >/dev/null
done
"$MZ" case open dibao --household "$k2" --staff-relative --as li --date 2025-08-02 >/dev/null
"$MZ" monitor sweep --as-of 2025-08-20 > sweep.txt || fail "sweep: $(cat sweep.txt)"
wid() { q "select w.id from warnings w join households h on h.id = w.household_id
           where w.rule = '$1' and h.hh_no = '$2'"; }
w1=$(wid assets_over_limit "$a1") w2=$(wid assets_over_limit "$a2") w3=$(wid staff_relative_unfiled "$k1")
[ -n "$w1" ] && [ -n "$w2" ] && [ -n "$w3" ] || fail "planted findings not raised: $(cat sweep.txt)"
[ -z "$(wid staff_relative_unfiled "$k2")" ] || fail "a filed staff relative raised a finding"
"$MZ" warning assign "$w1" 区县监督员 >/dev/null
"$MZ" warning verify "$w1" "经核实，车辆登记属实，启动复核" >/dev/null
"$MZ" warning close "$w1" "已终止低保并追回" >/dev/null
"$MZ" warning dismiss "$w2" "车辆已于7月过户，部门数据滞后" >/dev/null

# A spot check of 低保 in the county; results by the CLI, bad ones refused.
"$MZ" spotcheck draw --program dibao --division "$U" --share 50 --seed jj-2025 --as-of 2025-08-10 > draw.txt
s1=$(q "select h.hh_no from spot_check_items i join households h on h.id = i.household_id where check_id = 1 and ordinal = 1")
s2=$(q "select h.hh_no from spot_check_items i join households h on h.id = i.household_id where check_id = 1 and ordinal = 2")
[ -n "$s2" ] || fail "sample too small: $(cat draw.txt)"
"$MZ" spotcheck result --check 1 --household "$s1" --result 合格 --note 入户核实，与登记一致 > r1.txt \
    || fail "result: $(cat r1.txt)"
bad() { set +e; "$MZ" spotcheck result "$@" 2> err.txt; rc=$?; set -e; [ $rc -ne 0 ] || fail "accepted: $*"; }
bad --check 1 --household "$s1" --result 良好; grep -q '合格、不合格或未核查' err.txt || fail "bad result: $(cat err.txt)"
bad --check 1 --household 000000000000-99999999 --result 合格; grep -q '没有抽中' err.txt || fail "unknown household: $(cat err.txt)"
bad --check 9 --household "$s1" --result 合格
bad --check x --household "$s1" --result 合格; grep -q -- '--check' err.txt || fail "bad check: $(cat err.txt)"
"$MZ" spotcheck show 1 | grep -q "$s1.*合格：入户核实" || fail "show: no result"

"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
login() { curl -s -o body -H 'Content-Type: application/json' -d "{\"name\":\"$1\",\"password\":\"pw-$1-12345\"}" "$URL/api/v1/login"; json o.token; }
W=$(login wang) A=$(login aud) L=$(login li)
# an auditor records nothing; a street sees no dashboard; the district records
[ "$(req POST /api/v1/spotchecks/1/results "$A" "{\"household\":\"$s2\",\"result\":\"不合格\"}")" = 403 ] || fail "auditor recorded"
[ "$(req GET /api/v1/supervision/summary "$L")" = 403 ] || fail "street read the dashboard"
[ "$(req POST /api/v1/spotchecks/1/results "$W" "{\"household\":\"$s2\",\"result\":\"差\"}")" = 422 ] || fail "bad result: $(cat body)"
[ "$(json o.field)" = result ] || fail "bad result names no field: $(cat body)"
[ "$(req POST /api/v1/spotchecks/1/results "$W" "{\"household\":\"nobody\",\"result\":\"合格\"}")" = 404 ] || fail "unknown household: $(cat body)"
[ "$(req POST /api/v1/spotchecks/1/results "$W" "{\"household\":\"$s2\",\"result\":\"不合格\",\"note\":\"实际共同生活人口与登记不符\"}")" = 200 ] \
    || fail "record: $(cat body)"
[ "$(json 'o.items[1].result + o.items[1].checked_by')" = 不合格wang ] || fail "recorded result: $(cat body)"
[ "$(q "select count(*) from audit_log where action = 'spotcheck.result'")" = 2 ] || fail "results not audited"
[ "$(req GET '/api/v1/supervision/summary?from=2025-13-01' "$W")" = 400 ] || fail "bad from"

[ "$(req GET '/api/v1/supervision/summary?from=2025-01-01&to=2025-12-31' "$W")" = 200 ] || fail "summary: $(cat body)"
days=$(( ( $(date -u +%s) - $(date -ud 2025-08-20 +%s) ) / 86400 ))
r=$(json 'JSON.stringify(o.rules.find((x) => x.rule === "assets_over_limit"))')
[ "$(json 'o.rules.find((x) => x.rule === "assets_over_limit").label')" = 低保家庭资产超过限额 ] || fail "rule label: $r"
[ "$(json '["raised","open","confirmed","dismissed","resolved","median_days","slowest_days"].map((k) => o.rules.find((x) => x.rule === "assets_over_limit")[k]).join(" ")')" \
    = "2 0 1 1 2 $days $days" ] || fail "assets_over_limit by rule (resolved in $days days): $r"
[ "$(json 'o.rules.find((x) => x.rule === "staff_relative_unfiled").open')" -ge 1 ] || fail "staff finding: $(cat body)"
plabel=$(sed -n 's/^program dibao "\([^"]*\)".*/\1/p' "$MZ_REPO"/policies/chongqing/*.pol)
cname=$(q "select name from divisions where code = '$U'")
[ "$(json "o.counties.map((c) => c.county_name).join()")" = "$cname" ] || fail "counties: $(json o.counties)"
[ "$(json "o.counties[0].raised")" = "$(json 'o.rules.reduce((n, x) => n + x.raised, 0)')" ] || fail "county and rule totals differ"
[ "$(json "o.staff_relatives.find((x) => x.household === '$k1').filed")" = false ] || fail "k1 filed: $(json o.staff_relatives)"
[ "$(json "o.staff_relatives.find((x) => x.household === '$k2').filed_label")" = 已按近亲属备案 ] || fail "k2 not filed"
[ "$(json 'o.staff_relatives_filed + o.staff_relatives_unfiled')" = "$(json o.staff_relatives.length)" ] || fail "staff counts"
[ "$(json '[o.spot_checks.length, o.spot_checks[0].program_label, o.spot_checks[0].passed, o.spot_checks[0].failed, o.spot_checks[0].seed].join(" ")')" \
    = "1 $plabel 1 1 jj-2025" ] || fail "spot checks: $(json o.spot_checks)"
# a period before the findings has none of them
req GET '/api/v1/supervision/summary?from=2025-01-01&to=2025-06-30' "$W" >/dev/null
[ "$(json 'o.rules.reduce((n, x) => n + x.raised, 0) + o.spot_checks.length')" = 0 ] || fail "period ignored"

# The workbook: the console's download (the auditor) and the command,
# the audit chain checked against a signed checkpoint.
"$MZ" notice keygen >/dev/null
"$MZ" audit checkpoint > cp.txt || fail "checkpoint: $(cat cp.txt)"
curl -s -o web.xlsx -w '%{http_code}' -H "Authorization: Bearer $A" \
    "$URL/api/v1/supervision/report.xlsx?from=2025-01-01&to=2025-12-31" > code.txt
[ "$(cat code.txt)" = 200 ] || fail "report download: $(cat web.xlsx)"
"$MZ" supervise report --division "$U" --from 2025-01-01 --to 2025-12-31 --xlsx cli.xlsx > rep.txt || fail "report: $(cat rep.txt)"
for f in web cli; do
    mkdir "$f" && (cd "$f" && unzip -q "../$f.xlsx")
    x=$(cat "$f"/xl/sharedStrings.xml "$f"/xl/worksheets/*.xml)
    for want in 审计日志校验 "完整：已校验" 低保家庭资产超过限额 已核实 已撤销 "车辆已于7月过户" "已终止低保并追回" \
                "$a1" "$k1" 未备案 已按近亲属备案 jj-2025 "$plabel" "实际共同生活人口与登记不符" 处理用时中位数 "$cname" 与签名检查点一致; do
        grep -q -- "$want" <<< "$x" || fail "$f.xlsx lacks $want"
    done
    grep -q 'sheet name="封面"' "$f"/xl/workbook.xml || fail "$f.xlsx: no cover sheet"
done
grep -q '<t>aud</t>' web/xl/sharedStrings.xml || fail "web report names no producer"
grep -q '全市\|重庆' web/xl/sharedStrings.xml || fail "web report names no scope"
[ "$(q "select count(*) from audit_log where action = 'supervise.report'")" = 2 ] || fail "reports not audited"
bad2() { set +e; "$MZ" supervise report "$@" 2> err.txt; rc=$?; set -e; [ $rc -ne 0 ] || fail "accepted: $*"; }
bad2 --division "$U" --from 2025-12-31 --to 2025-01-01 --xlsx x.xlsx
bad2 --division 5 --from 2025-01-01 --to 2025-12-31 --xlsx x.xlsx; grep -q -- '--division' err.txt || fail "bad division"
[ ! -e x.xlsx ] || fail "a refused report left a file"
"$MZ" audit verify >/dev/null 2>&1 || fail "audit chain"
echo "supervise_report ok: $(json o.rules.length) rules, resolved in $days days"
