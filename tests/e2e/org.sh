# Social organizations and charity (issue #17) from the command line and
# over HTTP, on a synthetic city: USCC checks naming the character at
# fault; an association registered, listed as abnormal for a late annual
# report and removed on the computed day; figures that do not add up
# refused naming them; a foundation failing its spending floor; a campaign
# overdue on disclosure; a warned household referred to a charity project
# with its consent (none without), the help recorded and shown in the
# household's chain; organization accounts see only their own data; the
# public query needs no account.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 600 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=o.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_TODAY=2025-06-10
opts=(--feeds "$MZ_REPO/feeds" --holidays "$MZ_REPO/data/holidays-cn.csv")
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 2000 --seed 5 --date 2025-01-01 >/dev/null
mkdir csv && "$MZ" gen --persons 2000 --seed 5 --date 2025-01-01 --csv csv >/dev/null
q() { sqlite3 o.db "$1"; }
REP=$(sed -n 2p csv/persons.csv | cut -d, -f1)
# A valid 民政 code of type $1 with serial $2 (9 characters): the check character computed here.
uscc() {
    node -e 'const A="0123456789ABCDEFGHJKLMNPQRTUWXY"; const c="5"+process.argv[1]+"500103"+process.argv[2];
      let s=0, w=1; for (const ch of c) { s += A.indexOf(ch)*w; w = w*3%31; } const r = 31 - s%31;
      console.log(c + A[r === 31 ? 0 : r])' "$1" "$2"
}
A=$(uscc 1 MJ0000001) F=$(uscc 3 MA0000002) S=$(uscc 2 MJ0000003)

# ---- USCC checks name the character at fault
"$MZ" org uscc "$A" --kind association >/dev/null || fail "valid code refused"
bad=${A:0:17}$([ "${A:17}" = 0 ] && echo 1 || echo 0)
set +e; "$MZ" org uscc "$bad" 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q "第18位（校验码）应为“${A:17}”" err.txt || fail "bad check character: $(cat err.txt)"
set +e; "$MZ" org uscc "$A" --kind foundation 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q "第2位（机构类别）应为“3”" err.txt || fail "wrong type digit: $(cat err.txt)"

# ---- an association: a form with a bad code names file, line and field
cat > assoc.txt <<FORM
# 成立登记申请

name = 重庆市渝中区志愿服务协会
kind = association
uscc = $bad
field = 公益慈善
supervisor = 重庆市渝中区民政局
division = 500103
address = 渝中区解放碑路2号
legal_rep = $REP
funds = 30000
members_individual = 60
filed_on = 2024-03-01
FORM
set +e; "$MZ" org apply assoc.txt "${opts[@]}" 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q "^assoc.txt:5:uscc: 统一社会信用代码第18位" err.txt || fail "form error: $(cat err.txt)"
sed -i "s/^uscc = .*/uscc = $A/" assoc.txt
"$MZ" org apply assoc.txt "${opts[@]}" | grep -q "已受理" || fail "apply"
"$MZ" org decide --org "$A" --approve --date 2024-03-20 "${opts[@]}" >/dev/null
[ "$(q "select status || ' ' || registered_on from organizations where uscc = '$A'")" = "registered 2024-03-20" ] \
    || fail "registered"
[ "$(q "select due_on from org_events where kind = 'establish'")" = 2024-04-30 ] || fail "60-day limit"
# its registration certificate: PDF and OFD under the registering bureau's seal (issue #22)
"$MZ" notice keygen --key seal.pem --pubkey seal.pub.pem >/dev/null
"$MZ" org certificate --org "$A" --out cert.pdf --date 2024-03-20 --key seal.pem "${opts[@]}" > out.txt \
    || fail "certificate: $(cat out.txt)"
[ -s cert.pdf ] && [ -s cert.ofd ] || fail "certificate files"
"$MZ" notice verify cert.ofd --pubkey seal.pub.pem > v.txt || fail "certificate seal: $(cat v.txt)"
grep -q '✓ 电子签章有效：印章“重庆市.*民政局”' v.txt || fail "certificate seal: $(cat v.txt)"
pdftotext -enc UTF-8 cert.pdf - > cert.txt
grep -q '社会团体法人登记证书' cert.txt && grep -q "统一社会信用代码：$A" cert.txt && grep -q '大写：' cert.txt \
    || fail "certificate text: $(cat cert.txt)"
if sed -E "s/$A//" cert.txt | grep -P '(?<![\d*\-])(\d{12}|\d{9}|\d{6})(?![\d*\-])'; then fail "a division code on the certificate"; fi
[ "$(q "select count(*) from audit_log where action = 'org.certificate'")" = 1 ] || fail "certificate not audited"

# the 2024 report is due 2025-05-31: listed the day after, removed 5 working days after it came
"$MZ" org credit sweep --date 2025-05-31 "${opts[@]}" | grep -q "列入活动异常名录 0 个" || fail "listed early"
"$MZ" org credit sweep --date 2025-06-01 "${opts[@]}" | grep -q "列入活动异常名录 1 个" || fail "not listed"
cat > report.txt <<FORM
year = 2024
submitted_on = 2025-06-10
income = 50000
charitable = 30000
admin = 5000
other_spending = 1000
spending = 36100
net_assets = 44000
FORM
set +e; "$MZ" org report --org "$A" report.txt "${opts[@]}" 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q "^report.txt:7:spending: 本年总支出 36100.00 元不等于.*36000.00 元" err.txt \
    || fail "figures: $(cat err.txt)"
sed -i 's/^spending = .*/spending = 36000/' report.txt
"$MZ" org report --org "$A" report.txt "${opts[@]}" | grep -q "逾期报送" || fail "late report"
[ "$(q "select exit_on from org_credit where list = 'abnormal'")" = 2025-06-17 ] || fail "exit day"
"$MZ" org credit sweep --date 2025-06-16 "${opts[@]}" | grep -q "移出 0 个" || fail "removed early"
"$MZ" org credit sweep --date 2025-06-17 "${opts[@]}" | grep -q "移出 1 个" || fail "not removed"
[ "$(q "select exited_on from org_credit")" = 2025-06-17 ] || fail "exited_on"

# ---- a non-public foundation spending 5 % of its net assets (floor 8 %)
sed -e "s/^name = .*/name = 重庆市渝中区助学基金会/" -e "s/^kind = .*/kind = foundation/" \
    -e "s/^uscc = .*/uscc = $F/" -e "s/^funds = .*/funds = 2000000/" -e "s/^filed_on = .*/filed_on = 2023-01-10/" \
    assoc.txt > found.txt
"$MZ" org apply found.txt "${opts[@]}" >/dev/null
"$MZ" org decide --org "$F" --approve --date 2023-01-10 "${opts[@]}" >/dev/null
printf 'year = 2024\nsubmitted_on = 2025-03-01\nincome = 10000\ncharitable = 100000\nadmin = 5000\nspending = 105000\nnet_assets = 1900000\nprev_net_assets = 2000000\n' > f.txt
"$MZ" org report --org "$F" f.txt "${opts[@]}" >/dev/null
"$MZ" org show --org "$F" "${opts[@]}" > show.txt
grep -q "公益支出比例 5.00%（下限 8.00%）未达标" show.txt || fail "ratio: $(cat show.txt)"
set +e; "$MZ" org review --org "$F" --year 2024 --result 合格 "${opts[@]}" 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q "公益支出比例低于下限" err.txt || fail "review passed a failing ratio"

# ---- a charity's campaign overdue on disclosure
"$MZ" charity recognize --org "$F" --date 2023-02-01 "${opts[@]}" >/dev/null
"$MZ" charity qualify --org "$F" --date 2024-10-01 "${opts[@]}" >/dev/null
printf 'org = %s\nname = 助学圆梦\npurpose = 资助困难学生\nplatform = 腾讯公益\nfiled_on = 2024-10-01\nstarts_on = 2024-10-05\nends_on = 2025-06-30\ngoal = 500000\n' "$F" > camp.txt
set +e; "$MZ" charity campaign camp.txt "${opts[@]}" 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q "^camp.txt:5:filed_on: .*最迟 2024-09-25" err.txt || fail "filed late: $(cat err.txt)"
sed -i 's/^starts_on = .*/starts_on = 2024-10-20/' camp.txt
"$MZ" charity campaign camp.txt "${opts[@]}" >/dev/null
"$MZ" charity overdue --date 2025-06-10 "${opts[@]}" > overdue.txt
[ "$(wc -l < overdue.txt)" = 2 ] && grep -q "应于 2025-01-20 前公开" overdue.txt || fail "overdue: $(cat overdue.txt)"
cid=$(q "select id from charity_campaigns")
"$MZ" charity disclose --campaign "$cid" --date 2025-02-01 "${opts[@]}" >/dev/null
[ "$("$MZ" charity overdue --date 2025-06-10 "${opts[@]}" | wc -l)" = 1 ] || fail "disclosed"

# ---- a referral: a warned household, a social-work organization's project
"$MZ" monitor sweep --as-of 2025-06-10 "${opts[@]}" >/dev/null
read -r W HH DIV <<< "$(q "select w.id, w.household_id, substr(h.division, 1, 6) from warnings w join households h on h.id = w.household_id where w.rule = 'found_edge' order by w.id limit 1" | tr '|' ' ')"
[ -n "$W" ] || fail "no found_edge warning"
sed -e "s/^name = .*/name = 重庆市阳光社会工作服务中心/" -e "s/^kind = .*/kind = service/" \
    -e "s/^uscc = .*/uscc = $S/" -e "s/^division = .*/division = $DIV/" assoc.txt > sw.txt
"$MZ" org apply sw.txt "${opts[@]}" >/dev/null
"$MZ" org decide --org "$S" --approve --date 2024-03-20 "${opts[@]}" >/dev/null
"$MZ" charity project --org "$S" --name 困难家庭微心愿 --division "$DIV" --rules "found_edge found_rigid" \
    --help-text 物资帮扶 "${opts[@]}" >/dev/null
P=$(q "select id from charity_projects")
# 慈善阵地 run by the centre
set +e; "$MZ" charity point --name 社区慈善超市 --kind 慈善商店 --division "$DIV" --date 2025-05-01 --org "$S" "${opts[@]}" 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q "阵地类型应为" err.txt || fail "point kind: $(cat err.txt)"
"$MZ" charity point --name 社区慈善超市 --kind 慈善超市 --division "$DIV" --date 2025-05-01 --org "$S" "${opts[@]}" >/dev/null
"$MZ" charity points --division "$DIV" | grep -q "慈善超市	社区慈善超市	重庆市阳光社会工作服务中心" || fail "points"

for u in "dis district $DIV" "oth district $(q "select substr(division, 1, 6) from households where division not like '$DIV%' limit 1")" \
         "org1 org $DIV" "org2 org $DIV"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
"$MZ" org bind org1 --org "$S" "${opts[@]}" >/dev/null
"$MZ" org bind org2 --org "$A" "${opts[@]}" >/dev/null
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
DIS=$(login dis) OTH=$(login oth) ORG1=$(login org1) ORG2=$(login org2)

# an application over HTTP: the code's fault named
app() { echo "{\"uscc\":\"$1\",\"name\":\"重庆市渝北区摄影家协会\",\"kind\":\"association\",\"field\":\"文化\",\"supervisor\":\"区文旅委\",\"division\":\"$DIV\",\"address\":\"民生路3号\",\"legal_rep_id_number\":\"$REP\",\"funds\":30000,\"members_individual\":55,\"filed_on\":\"2025-06-01\"}"; }
N=$(uscc 1 MJ0000009)
got=$(req POST /api/v1/orgs "$DIS" "$(app "${N:0:17}$([ "${N:17}" = 0 ] && echo 1 || echo 0)")"); expect 422 wrong_check uscc "bad check character"
got=$(req POST /api/v1/orgs "$DIS" "$(app "$F")"); expect 422 wrong_type uscc "a foundation's code"
got=$(req POST /api/v1/orgs "$ORG1" "$(app "$N")"); expect 403 forbidden_role - "an org account applies"
got=$(req POST /api/v1/orgs "$DIS" "$(app "$N")"); expect 201 - - "application"

# the public query: no account, by name or code
got=$(req GET "/api/v1/public/orgs?q=%E5%BF%97%E6%84%BF"); expect 200 - - "public query by name"
[ "$(json "o.items.map(i => i.name + i.status_label + i.credit.length).join()")" = "重庆市渝中区志愿服务协会已登记0" ] \
    || fail "public query: $(cat body)"
got=$(req GET "/api/v1/public/orgs?q=$F"); expect 200 - - "public query by code"
[ "$(json "o.items[0].charity && o.items[0].public_fundraising")" = true ] || fail "charity status public"
got=$(req GET "/api/v1/public/orgs?q=x"); expect 422 invalid_value q "too short"

# organization accounts: their own organization only
Sid=$(q "select id from organizations where uscc = '$S'") Aid=$(q "select id from organizations where uscc = '$A'")
got=$(req GET /api/v1/me "$ORG1"); expect 200 - - "me"
[ "$(json o.org.name)" = 重庆市阳光社会工作服务中心 ] || fail "me.org"
got=$(req GET "/api/v1/orgs/$Sid" "$ORG1"); expect 200 - - "own organization"
got=$(req GET "/api/v1/orgs/$Aid" "$ORG1"); expect 404 unknown_org - "another organization"
got=$(req GET /api/v1/orgs "$ORG1"); expect 200 - - "list"
[ "$(json o.items.length)" = 1 ] || fail "an organization account lists others"
got=$(req GET /api/v1/warnings "$ORG1"); expect 403 forbidden_role - "staff route"
got=$(req GET /api/v1/households/$HH/overview "$ORG1"); expect 403 forbidden_role - "household"

# staff offer the household: refused consent refers nothing
offer() { echo "{\"warning_id\":$W,\"project_id\":$P,\"consent\":$1,\"consent_by\":\"户主本人，经办人小李\",\"date\":\"2025-06-10\"}"; }
got=$(req POST /api/v1/charity-referrals "$OTH" "$(offer true)"); expect 404 unknown_warning - "another district's warning"
got=$(req POST /api/v1/charity-referrals "$DIS" "$(offer false)"); expect 409 consent_refused - "consent refused"
[ "$(q "select count(*) from charity_referrals")" = 0 ] || fail "a refused offer was stored"
[ "$(q "select count(*) from audit_log where action = 'charity.consent_refused'")" = 1 ] || fail "refusal audited"
got=$(req POST /api/v1/charity-referrals "$DIS" "$(offer true)"); expect 201 - - "offer"
R=$(json o.id)
got=$(req GET /api/v1/charity-referrals "$ORG2"); expect 200 - - "another org's inbox"
[ "$(json o.items.length)" = 0 ] || fail "another organization sees the referral"
got=$(req POST /api/v1/charity-referrals/$R/accept "$ORG2" '{"date":"2025-06-10"}'); expect 404 unknown_referral - "another org answers"
got=$(req GET /api/v1/charity-referrals "$ORG1"); expect 200 - - "inbox"
[ "$(json "o.items[0].state_label + (o.items[0].household_id === undefined)")" = "待承接true" ] || fail "inbox: $(cat body)"
[ "$(json "/^[0-9]{6}\\*{8}/.test(o.items[0].id_number)")" = true ] || fail "ID number not masked"
got=$(req POST /api/v1/charity-referrals/$R/accept "$ORG1" '{"date":"2025-06-10"}'); expect 204 - - "accept"
got=$(req POST /api/v1/charity-referrals/$R/help "$ORG1" '{"date":"2025-06-10","kind":"物资","amount":300,"note":"米面油"}')
expect 204 - - "help"
got=$(req GET /api/v1/households/$HH/overview "$DIS"); expect 200 - - "overview"
[ "$(json "o.chain.filter(l => l.source === '慈善').map(l => l.by + l.amount + l.state).join()")" \
    = "重庆市阳光社会工作服务中心0已帮扶,重庆市阳光社会工作服务中心300已帮扶" ] || fail "chain: $(json o.chain)"
[ "$(q "select count(*) from facts where variable = 'charity_income'")" = 0 ] || fail "help written as income"

# annual report over HTTP by the organization, figures refused naming them
rep='{"year":2024,"submitted_on":"2025-06-10","income":1000,"charitable":500,"admin":100,"spending":700}'
got=$(req POST "/api/v1/orgs/$Sid/reports" "$ORG1" "$rep"); expect 422 figures_mismatch spending "figures"
got=$(req POST "/api/v1/orgs/$Aid/reports" "$ORG1" "$rep"); expect 404 unknown_org - "another org's report"
got=$(req POST "/api/v1/orgs/$Sid/reports" "$ORG1" "${rep/700/600}"); expect 201 - - "report"
[ "$(json o.late)" = true ] || fail "late over HTTP"
got=$(req POST "/api/v1/orgs/$Sid/reports/2024" "$ORG1" '{"result":"合格"}'); expect 403 forbidden_role - "org reviews itself"
got=$(req POST "/api/v1/orgs/$Sid/reports/2024" "$DIS" '{"result":"合格"}'); expect 200 - - "review"
got=$(req GET "/api/v1/org-reports" "$DIS"); expect 200 - - "reports"
[ "$(json "o.items.some(r => r.org_name === '重庆市阳光社会工作服务中心' && r.result === '合格')")" = true ] || fail "reports list"
got=$(req POST "/api/v1/orgs/$Sid/join" "$DIS" '{"union":"社区慈善联合体","date":"2025-06-01"}'); expect 200 - - "join a union"
got=$(req POST "/api/v1/orgs/$Sid/join" "$DIS" '{"union":"社区慈善联合体","date":"2025-06-02"}'); expect 409 already_member - "twice"
got=$(req GET "/api/v1/orgs/$Sid" "$ORG1"); expect 200 - - "own page"
[ "$(json "o.unions.map(u => u.name).join()")" = 社区慈善联合体 ] || fail "unions"
got=$(req GET /api/v1/charity-points "$ORG1"); expect 200 - - "points of org1"
[ "$(json "o.items.map(p => p.name + p.kind).join()")" = 社区慈善超市慈善超市 ] || fail "org1's points"
got=$(req GET /api/v1/charity-points "$ORG2"); expect 200 - - "points of org2"
[ "$(json o.items.length)" = 0 ] || fail "org2 sees another's point"
got=$(req GET "/api/v1/campaigns" "$ORG1"); expect 200 - - "campaigns of org1"
[ "$(json o.items.length)" = 0 ] || fail "org1 sees another's campaign"
"$MZ" audit verify >/dev/null || fail "audit chain"
echo "org: ok"
