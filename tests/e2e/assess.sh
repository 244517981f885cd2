# 老年人能力评估 and 长期护理保险 (issue #14) from the command line and over
# HTTP on the real `mz serve`: an import of assessments scored item by item
# by the policy's scale, the final level written as the dated registry fact
# with the reassessment due date; bad rows (an item out of range, a missing
# item, one assessor, a person under 60, an unknown reason) refused naming
# file, line and column, nothing stored; the LTC status from the 医保 feed;
# the API's form, 422 naming the item, scope (another district's person is
# 404), a read-only role (403), the report and the person's care page.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 800 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
P="$MZ_REPO/policies/chongqing"
export MZ_DB=a.db MZ_POLICIES="$P" MZ_FEEDS="$MZ_REPO/feeds" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 3000 --seed 5 --date 2025-01-01 >/dev/null
mkdir csv && "$MZ" gen --persons 3000 --seed 5 --date 2025-01-01 --csv csv >/dev/null
q() { sqlite3 a.db "$1"; }

# Two heads of household born before 1955 in one district, one child, and
# an elderly person of another district.
old=$(awk -F, 'NR > 1 && $4 < "1955" && $8 == "户主" { print $1 }' csv/persons.csv | sed -n 1p)
county=$(grep "^$old," csv/persons.csv | cut -d, -f6 | cut -c1-6)
old2=$(awk -F, -v c="$county" 'NR > 1 && $4 < "1955" && $8 == "户主" && index($6, c) == 1 { print $1 }' csv/persons.csv | sed -n 2p)
other=$(awk -F, -v c="$county" 'NR > 1 && $4 < "1955" && index($6, c) != 1 { print $1 }' csv/persons.csv | sed -n 1p)
young=$(awk -F, -v c="$county" 'NR > 1 && $4 > "2010" && index($6, c) == 1 { print $1 }' csv/persons.csv | sed -n 1p)
[ -n "$old2" ] && [ -n "$other" ] && [ -n "$young" ] || fail "test persons not found"
for u in "a1 street ${old:6:0}$(grep "^$old," csv/persons.csv | cut -d, -f6 | cut -c1-9)" \
         "a2 community $(grep "^$old," csv/persons.csv | cut -d, -f6)" "wang district $county" \
         "aud auditor 50" "far district $(grep "^$other," csv/persons.csv | cut -d, -f6 | cut -c1-6)"; do
    set -- $u
    MZ_PASSWORD="pw-$1-12345" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
MZ_PASSWORD=pw-wang-12345 "$MZ" user delegate wang >/dev/null

"$MZ" policy check "$P" | grep -q '^量表 ability：老年人能力评估，26 个项目，满分 90 分，5 个等级，3 条调整规则$' \
    || fail "policy check does not list the scale"
"$MZ" assess form > form.txt
grep -q '满分 90 分' form.txt && grep -q '上下楼梯 *0–3 分' form.txt && grep -q '66 *– *89 分  轻度失能' form.txt \
    || fail "form: $(cat form.txt)"

H="身份证号,评估日期,评估原因,评估员1,评估员2,进食,修饰,洗澡,穿/脱上衣,穿/脱裤子和鞋袜,小便控制,大便控制,如厕,床上体位转移,床椅转移,平地行走,上下楼梯,时间定向,空间定向,人物定向,记忆,理解能力,表达能力,攻击行为,抑郁症状,意识水平,视力,听力,执行日常事务,使用交通工具外出,社会交往能力,昏迷,确诊痴呆或其他精神和行为障碍,近30天照护风险事件次数"
FULL="4,4,4,4,4,4,4,4,4,4,4,3,4,4,4,4,4,4,1,1,2,2,2,4,3,4"   # 90
LOW="0,0,0,0,0,0,0,0,0,0,0,0,4,4,4,4,4,4,1,1,2,2,2,4,3,4"    # 43
{ echo "$H"
  echo "$old,2025-06-01,首次,a1,a2,$FULL,否,否,0"
  echo "$old,2025-07-01,复评,a1,a2,$FULL,否,否,31"
  echo "$old,2025-07-02,即时,a1,a1,$FULL,否,否,0"
  echo "$young,2025-07-01,首次,a1,a2,$FULL,否,否,0"
  echo "$old2,2025-07-01,年检,a1,a2,$FULL,否,否,0"
  echo "$old2,2025-07-01,首次,a1,a2,,4,4,4,4,4,4,4,4,4,4,3,4,4,4,4,4,4,1,1,2,2,2,4,3,4,否,否,0"
  echo "$old2,2025-07-01,首次,a1,a2,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,1,1,2,2,2,4,3,4,否,否,0"
  echo "$old2,2025-07-01,首次,a1,aud,$FULL,否,否,0"; } > bad.csv
set +e
"$MZ" assess import bad.csv --as wang 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] || fail "bad import accepted"
grep -q "^bad.csv:3: 列“近30天照护风险事件次数”：“近30天照护风险事件次数”应为 0 到 30 次，却是 31" err.txt || fail "risk events: $(cat err.txt)"
grep -q '^bad.csv:4: 列“评估员2”：须由两名不同的评估员评估' err.txt || fail "one assessor: $(cat err.txt)"
grep -q '^bad.csv:5: 列“身份证号”：.*未满 60 周岁' err.txt || fail "a child: $(cat err.txt)"
grep -q '^bad.csv:6: 列“评估原因”' err.txt || fail "reason: $(cat err.txt)"
grep -q '^bad.csv:7: 列“进食”：缺少评估项目“进食”' err.txt || fail "missing item: $(cat err.txt)"
grep -q '^bad.csv:8: 列“上下楼梯”：评估项目“上下楼梯”的评分 4 超出范围（0–3 分）' err.txt || fail "range: $(cat err.txt)"
grep -q '^bad.csv:9: 列“评估员2”：评估员“aud”不是在用的工作人员账户' err.txt || fail "auditor: $(cat err.txt)"
grep -q '7 行有误，未登记任何评估' err.txt || fail "summary: $(cat err.txt)"
[ "$(q "select count(*) from assessments")" = 0 ] || fail "half an import stored"
[ "$(q "select count(*) from facts where variable = 'ability_level'")" = 0 ] || fail "facts of a refused import"

{ echo "$H"
  echo "$old,2025-06-01,首次,a1,a2,$FULL,否,否,0"
  echo "$old2,2025-06-02,首次,a1,a2,$LOW,否,是,0"; } > ok.csv
"$MZ" assess import ok.csv --as wang | grep -q '已登记能力评估 2 份' || fail "import"
"$MZ" assess show "$old2" > show.txt
grep -q '总分 43，初步等级 重度失能，最终等级 完全失能；下次复评 2026-06-02' show.txt \
    && grep -q '等级变更依据：确诊痴呆' show.txt || fail "report: $(cat show.txt)"
pid2=$(q "select person_id from assessments where assessed_on = '2025-06-02'")
[ "$(q "select value || ' ' || effective || ' ' || source from facts where entity_id = $pid2 and variable = 'ability_level'")" \
  = "完全失能 2025-06-02 能力评估#2" ] || fail "ability_level fact"
[ "$(q "select value from facts where entity_id = $pid2 and variable = 'ability_reassess_due'")" = 2026-06-02 ] \
    || fail "reassessment due"
[ "$(q "select count(*) from audit_log where action = 'assessment.add' and actor = 'user:wang'")" = 2 ] \
    || fail "assessments audited"
[ "$(q "select count(*) from audit_log where action = 'fact.add' and actor = 'user:wang'")" = 4 ] \
    || fail "facts audited"

# 医保 pushes the LTC status: 机构集中护理 for the fully disabled person.
printf '身份证号,认定编号,认定日期,享受待遇,护理方式\n%s,LTC-1,2025-06-10,是,机构集中护理\n' "$old2" > ltc.csv
"$MZ" feed ingest yibao_ltc ltc.csv --as-of 2025-06-10 >/dev/null
"$MZ" ltc show "$old2" --date 2025-07-01 > ltc.txt
grep -q '能力等级：完全失能' ltc.txt && grep -q '护理方式 机构集中护理' ltc.txt \
    && grep -q '长护险月待遇：1800.00 元（日待遇 60.00 元' ltc.txt || fail "ltc: $(cat ltc.txt)"

# An overdue reassessment raises a warning through the monitor.
"$MZ" monitor sweep --as-of 2026-06-03 >/dev/null
[ "$(q "select count(*) from warnings where rule = 'reassess_overdue'")" -ge 2 ] || fail "overdue warning"
"$MZ" audit verify >/dev/null || fail "audit chain"

# ---- HTTP
"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
spid=$!
trap 'kill $spid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.:]*' serve.out) || fail "server did not start: $(cat serve.err)"
login() {
    [ "$(req POST /api/v1/login '' "{\"name\":\"$1\",\"password\":\"pw-$1-12345\"}")" = 200 ] || fail "login $1"
    json o.token
}
WANG=$(login wang); AUD=$(login aud); FAR=$(login far)
[ "$(req GET /api/v1/care/assessment-form)" = 401 ] || fail "form without a session"
[ "$(req GET /api/v1/care/assessment-form "$WANG")" = 200 ] || fail "form"
[ "$(json 'o.dimensions.map(d => d.label + d.items.length + "/" + d.max).join(" ")')" \
  = "自理能力8/32 基础运动能力4/15 精神状态9/28 感知觉与社会参与5/15" ] || fail "dimensions: $(json o.dimensions)"

pid=$(q "select person_id from assessments where assessed_on = '2025-06-01'")
scores() { node -e 'const v=process.argv[1].split(",").map(Number); const n=["eating","grooming","bathing","dress_upper","dress_lower","urine","bowel","toileting","bed_mobility","transfer","walking","stairs","time_orientation","place_orientation","person_orientation","memory","comprehension","expression","aggression","depression","consciousness","vision","hearing","daily_affairs","transport","social"]; const o={}; n.forEach((k,i)=>{ if (!Number.isNaN(v[i])) o[k]=v[i]; }); console.log(JSON.stringify(o))' "$1"; }
body() { echo "{\"person_id\":$1,\"assessed_on\":\"$2\",\"reason\":\"即时\",\"assessor1\":\"a1\",\"assessor2\":\"$3\",\"scores\":$4,\"conditions\":{\"risk_events\":$5}}"; }
n0=$(q "select count(*) from assessments")
got=$(req POST /api/v1/care/assessments "$WANG" "$(body "$pid" 2025-08-01 a2 "$(scores 4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,1,1,2,2,2,4,3,4)" 0)")
[ "$got" = 422 ] && [ "$(json o.code)" = score_out_of_range ] && [ "$(json o.field)" = stairs ] \
    && json o.detail | grep -q '上下楼梯' || fail "out of range over HTTP"
got=$(req POST /api/v1/care/assessments "$WANG" "$(body "$pid" 2025-08-01 a2 "$(scores x,4,4,4,4,4,4,4,4,4,4,3,4,4,4,4,4,4,1,1,2,2,2,4,3,4)" 0)")
[ "$got" = 422 ] && [ "$(json o.code)" = missing_item ] && [ "$(json o.field)" = eating ] || fail "missing item over HTTP"
got=$(req POST /api/v1/care/assessments "$WANG" "$(body "$pid" 2025-08-01 a1 "$(scores $FULL)" 0)")
[ "$got" = 422 ] && [ "$(json o.code)" = one_assessor ] || fail "one assessor over HTTP"
[ "$(q "select count(*) from assessments")" = "$n0" ] || fail "refused assessment stored"
got=$(req POST /api/v1/care/assessments "$AUD" "$(body "$pid" 2025-08-01 a2 "$(scores $FULL)" 0)")
[ "$got" = 403 ] || fail "auditor wrote: $got"
got=$(req POST /api/v1/care/assessments "$FAR" "$(body "$pid" 2025-08-01 a2 "$(scores $FULL)" 0)")
[ "$got" = 404 ] && [ "$(json o.code)" = unknown_person ] || fail "another district's person: $got"
# 66 with two care-risk events: 轻度 → 中度
got=$(req POST /api/v1/care/assessments "$WANG" "$(body "$pid" 2025-08-01 a2 "$(scores 0,0,0,0,0,0,4,4,4,4,4,3,4,4,4,4,4,4,1,1,2,2,2,4,3,4)" 2)")
[ "$got" = 201 ] || fail "record over HTTP: $got"
[ "$(json '[o.total, o.preliminary, o.final_level, o.reasons.length].join(" ")')" = "66 轻度失能 中度失能 1" ] \
    || fail "report: $(cat body)"
aid=$(json o.id)
[ "$(req GET "/api/v1/care/assessments/$aid" "$WANG")" = 200 ] || fail "report read"
json 'o.dimensions[0].score + "/" + o.dimensions[0].max' | grep -qx '8/32' || fail "dimension subtotal"
[ "$(req GET "/api/v1/care/assessments/$aid" "$FAR")" = 404 ] || fail "report out of scope"
[ "$(req GET /api/v1/care/assessments "$FAR")" = 200 ] && [ "$(json o.items.length)" = 0 ] || fail "list out of scope"
[ "$(req GET /api/v1/care/assessments "$WANG")" = 200 ] && [ "$(json o.items.length)" = 3 ] || fail "list"
[ "$(req GET "/api/v1/care/assessments?division=x'" "$WANG")" = 400 ] || fail "a bad division filter"
[ "$(req GET "/api/v1/persons/$pid2/care" "$WANG")" = 200 ] || fail "care page"
[ "$(json '[o.assessments.length, o.ltc.insured, o.ltc.mode, o.ltc.level, o.ltc.daily_rate, o.ltc.monthly].join(" ")')" \
  = "1 true 机构集中护理 完全失能 60 1800" ] || fail "care: $(cat body)"
[ "$(json o.id_number_masked)" != "$old2" ] || fail "ID number not masked"
[ "$(req GET "/api/v1/persons/$pid2/care" "$FAR")" = 404 ] || fail "care page out of scope"
echo "assess ok"
