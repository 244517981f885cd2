# Supervision dashboards and the integrity report for 纪检 (issue #20,
# docs/supervision.md): findings planted, handled and a spot check drawn
# with a result by tests/e2e/lib/supervise_plant.bash; bad results are
# refused (CLI and API), the roles kept apart; the summary's numbers are
# checked against what was planted, and the workbook (the console's
# download and `mz supervise report`) by unzipping its XML.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$MZ_REPO/tests/e2e/lib/http.bash"
source "$MZ_REPO/tests/e2e/lib/supervise_plant.bash"
bad() { set +e; "$MZ" spotcheck result "$@" 2> err.txt; rc=$?; set -e; [ $rc -ne 0 ] || fail "accepted: $*"; }
bad --check 1 --household "$s1" --result 良好; grep -q '合格、不合格或未核查' err.txt || fail "bad result: $(cat err.txt)"
bad --check 1 --household 000000000000-99999999 --result 合格; grep -q '没有抽中' err.txt || fail "unknown household: $(cat err.txt)"
bad --check 9 --household "$s1" --result 合格
bad --check x --household "$s1" --result 合格; grep -q -- '--check' err.txt || fail "bad check: $(cat err.txt)"
"$MZ" spotcheck show 1 | grep -q "$s1.*合格：入户核实" || fail "show: no result"

"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
login() { curl -s -o body -H 'Content-Type: application/json' -d "{\"name\":\"$1\",\"password\":\"pw-$1-123\"}" "$URL/api/v1/login"; json o.token; }
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
[ "$(req GET /api/v1/spotchecks "$A")" = 200 ] || fail "spot checks: $(cat body)"
[ "$(json '[o.items.length, o.items[0].passed, o.items[0].failed, o.items[0].pending, o.items[0].division_name].join(" ")')" \
    = "1 1 1 $(( $(q "select sample from spot_checks where id = 1") - 2 )) $(q "select name from divisions where code = '$U'")" ] \
    || fail "spot check list: $(cat body)"
# a street sees the check's households of its own street only
mine=$(q "select count(*) from spot_check_items i join households h on h.id = i.household_id
          where i.check_id = 1 and h.division like '${hh1:0:9}%'")
code=$(req GET /api/v1/spotchecks/1 "$L")
if [ "$mine" = 0 ]; then [ "$code" = 404 ] || fail "a street saw a check of none of its households"
else [ "$code" = 200 ] && [ "$(json o.items.length)" = "$mine" ] || fail "street's view: $(cat body)"
     [ "$(json o.items[0].ordinal)" = "$(q "select min(i.ordinal) from spot_check_items i join households h
          on h.id = i.household_id where i.check_id = 1 and h.division like '${hh1:0:9}%'")" ] \
         || fail "the street's households lost their places in the sample: $(cat body)"; fi

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
echo "supervise_report ok: resolved in $days days; the street sees $mine of the sample"
