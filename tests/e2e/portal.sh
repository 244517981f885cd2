# 渝悦救助通 over HTTP on the real `mz serve`: a resident signs in with the
# code from the SMS outbox (no oracle: an unknown person and a wrong phone
# get the same answer and no message; tries and throttling), is refused on
# every staff route (403), applies online with consent, uploads a PDF (an
# .exe renamed .pdf and an oversized file refused), the street office sees
# the case and its file, another household's case is 404, a community
# worker applies on a resident's behalf (代办), a step that needs material
# takes the upload, the decision's notice is read online and an objection
# filed.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 800 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_TODAY=2026-03-20
P="$MZ_REPO/policies/chongqing"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db p.db >/dev/null
"$MZ" gen --persons 600 --seed 5 --date 2025-01-01 --db p.db >/dev/null
mkdir csv && "$MZ" gen --persons 600 --seed 5 --date 2025-01-01 --csv csv --db p.db >/dev/null
q() { sqlite3 p.db "$1"; }

# Two heads of household in two streets, A and B, with phones on record.
HA=$(q "select hh_no from households order by id limit 1")
HB=$(q "select hh_no from households where substr(division, 1, 9) <> substr('$HA', 1, 9) order by id limit 1")
A=${HA:0:9} B=${HB:0:9}
rowa=$(grep ",$HA,户主" csv/persons.csv) rowb=$(grep ",$HB,户主" csv/persons.csv)
IDA=$(cut -d, -f1 <<< "$rowa") NAMEA=$(cut -d, -f2 <<< "$rowa") IDB=$(cut -d, -f1 <<< "$rowb")
{ echo 身份证号,姓名,性别,出生日期,户籍性质,区划代码,户编号,与户主关系,联系电话,入户日期
  echo "$rowa,13800001111,2025-01-01"; echo "$rowb,13900002222,2025-01-01"; } > phones.csv
"$MZ" import persons phones.csv --db p.db >/dev/null

for u in "sta street $A" "stb street $B" "coma community $(q "select division from households where hh_no = '$HA'")" \
         "dis district ${A:0:6}"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" --db p.db >/dev/null
    MZ_PASSWORD="pw-$1-123" "$MZ" user delegate "$1" --db p.db >/dev/null
done
"$MZ" serve --listen 127.0.0.1:0 --db p.db --policies "$P" > serve.out 2> serve.err &
serve_wait $!

# req METHOD PATH [TOKEN] [BODY] [extra curl args…]: status on stdout, body in ./body
req() {
    local args=(-s -o body -w '%{http_code}' -X "$1" -D headers)
    [ -n "${3:-}" ] && args+=(-H "Authorization: Bearer $3")
    if [ -n "${4-}" ]; then args+=(-H 'Content-Type: application/json' --data-binary "$4"); fi
    curl "${args[@]}" "${@:5}" "$URL$2"
}
expect() { # expect STATUS CODE(or -) description: checks the last response
    [ "$1" = "$got" ] || fail "$3: status $got, want $1"
    [ "$2" = - ] || [ "$(json o.code)" = "$2" ] || fail "$3: code $(json o.code), want $2"
}
outbox() { "$MZ" sms outbox --db p.db; }
login() {
    [ "$(req POST /api/v1/login '' "{\"name\":\"$1\",\"password\":\"pw-$1-123\"}")" = 200 ] || fail "login $1"
    json o.token
}
STA=$(login sta); STB=$(login stb); COMA=$(login coma)

# ---- sign-in: the same answer whether or not the person and phone match
got=$(req POST /api/v1/portal/code '' "{\"id_number\":\"$IDA\",\"name\":\"$NAMEA\",\"phone\":\"138 0000 1111\"}")
expect 202 - "code for A"; cp body right.json
got=$(req POST /api/v1/portal/code '' "{\"id_number\":\"$IDA\",\"name\":\"$NAMEA\",\"phone\":\"13800009999\"}")
expect 202 - "wrong phone"; cmp -s body right.json || fail "a wrong phone is told apart"
got=$(req POST /api/v1/portal/code '' "{\"id_number\":\"11010519491231002X\",\"name\":\"某人\",\"phone\":\"13800001111\"}")
expect 202 - "unknown person"; cmp -s body right.json || fail "an unknown person is told apart"
got=$(req POST /api/v1/portal/code '' "{\"id_number\":\"500115196909200028\",\"name\":\"x\",\"phone\":\"1\"}")
expect 422 invalid_id_number "bad check digit"
outbox > box.txt
[ "$(grep -c '渝悦救助通' box.txt)" = 1 ] || fail "one message expected: $(cat box.txt)"
grep -q '13800001111' box.txt || fail "sent to the phone on record"
CODE=$(grep -o '验证码为 [0-9]\{6\}' box.txt | grep -o '[0-9]\{6\}')
[ "$(q "select count(*) from sms_outbox where cast(sealed as text) like '%$CODE%'")" = 0 ] || fail "code stored in clear"
got=$(req POST /api/v1/portal/login '' "{\"id_number\":\"$IDA\",\"code\":\"000000\"}")
[ "$CODE" = 000000 ] || expect 401 bad_code "wrong code"
got=$(req POST /api/v1/portal/login '' "{\"id_number\":\"$IDB\",\"code\":\"$CODE\"}")
expect 401 bad_code "B has no code: the same answer"
got=$(req POST /api/v1/portal/login '' "{\"id_number\":\"$IDA\",\"code\":\"$CODE\"}")
expect 200 - "sign in with the code"
RA=$(json o.token)
grep -qi 'set-cookie: mz_session=' headers || fail "session cookie"
[ "$(json o.resident.household_no)" = "$HA" ] || fail "resident's household"
got=$(req POST /api/v1/portal/login '' "{\"id_number\":\"$IDA\",\"code\":\"$CODE\"}")
expect 401 bad_code "a code is used once"
[ "$(q "select count(*) from audit_log where action = 'resident.login'")" = 1 ] || fail "login audited"

# ---- a resident's session opens no staff route
for path in /api/v1/me /api/v1/households /api/v1/cases /api/v1/queue "/api/v1/households/1"; do
    got=$(req GET "$path" "$RA"); expect 403 resident_forbidden "staff route $path"
done
got=$(req POST /api/v1/cases "$RA" "{\"type\":\"dibao\",\"household_no\":\"$HA\"}")
expect 403 resident_forbidden "staff write"
got=$(req GET /api/v1/portal/me "$STA"); expect 401 unauthenticated "staff on the portal"
got=$(req GET /api/v1/portal/me "$RA"); expect 200 - "my household"
[ "$(json "o.members.filter(m => m.is_self).length")" = 1 ] || fail "self marked"
[ "$(json "o.members.every(m => /\*{8}/.test(m.id_number_masked))")" = true ] || fail "members masked"

# ---- applying online, with consent
got=$(req GET /api/v1/portal/programs "$RA"); expect 200 - "programs"
VERSION=$(json o.consent.version)
json o.consent.text | grep -q '授权' || fail "consent text"
got=$(req POST /api/v1/portal/cases "$RA" '{"type":"temporary","consent":false,"consent_version":"'"$VERSION"'"}')
expect 422 consent_required "no consent"
got=$(req POST /api/v1/portal/cases "$RA" '{"type":"temporary","consent":true,"consent_version":"old"}')
expect 422 consent_outdated "old consent"
got=$(req POST /api/v1/portal/cases "$RA" '{"type":"temporary","consent":"yes"}')
expect 400 wrong_type "consent as text"
got=$(req POST /api/v1/portal/cases "$RA" '{"type":"temporary","consent":true,"consent_version":"'"$VERSION"'","note":"家中突发重病"}')
expect 201 - "apply"
C1=$(json o.id)
[ "$(json o.channel_label)" = 网上申请 ] && [ "$(json o.state_label)" = 已申请 ] || fail "application: $(cat body)"
got=$(req POST /api/v1/portal/cases "$RA" '{"type":"temporary","consent":true,"consent_version":"'"$VERSION"'"}')
expect 409 already_applied "a second open application"
[ "$(q "select channel || '|' || applied_by || '|' || consent_version from case_applications where case_id = $C1")" \
  = "online|resident:$(q "select person_id from memberships m join households h on h.id = m.household_id where h.hh_no = '$HA' and relation = '户主'")|$VERSION" ] \
    || fail "application recorded"

# ---- files: a PDF, a renamed .exe, an oversized file
printf '%%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' > proof.pdf
printf 'MZ\x90\x00\x03\x00\x00\x00\x04\x00' > tool.pdf
{ printf '%%PDF-1.4\n'; head -c $((10 * 1024 * 1024)) /dev/zero; } > big.pdf
got=$(req POST "/api/v1/portal/cases/$C1/attachments" "$RA" '' -F "file=@proof.pdf;type=application/pdf")
expect 201 - "upload a PDF"
F1=$(json o.id)
[ "$(json o.mime)" = application/pdf ] || fail "type"
got=$(req POST "/api/v1/portal/cases/$C1/attachments" "$RA" '' -F "file=@tool.pdf;type=application/pdf")
expect 415 unsupported_type "an .exe renamed .pdf"
got=$(req POST "/api/v1/portal/cases/$C1/attachments" "$RA" '' -F "file=@big.pdf")
expect 413 too_large "a file over 10 MB"
head -c $((12 * 1024 * 1024)) /dev/zero > huge.pdf
got=$(req POST "/api/v1/portal/cases/$C1/attachments" "$RA" '' -F "file=@huge.pdf")
expect 413 body_too_large "a body over the upload limit"
[ "$(q "select count(*) from case_attachments where case_id = $C1")" = 1 ] || fail "refused files stored"
[ "$(q "select instr(content, '%PDF') from case_attachments where id = $F1")" = 0 ] || fail "stored in clear"
got=$(req GET "/api/v1/portal/cases/$C1/attachments/$F1" "$RA"); expect 200 - "download own file"
cmp -s body proof.pdf || fail "downloaded file differs"

# ---- the street office sees it in its work; another household's case is 404
got=$(req GET /api/v1/queue "$STA"); expect 200 - "queue"
[ "$(json "o.items.some(i => i.kind === 'case' && i.id === $C1)")" = true ] || fail "case not in A's queue"
got=$(req GET "/api/v1/cases/$C1" "$STA"); expect 200 - "case page"
[ "$(json o.application.channel_label)" = 网上申请 ] || fail "channel on the case page"
[ "$(json o.files[0].uploaded_by_label)" = "${NAMEA}（居民本人，网上办理）" ] || fail "uploader: $(json o.files)"
got=$(req GET "/api/v1/cases/$C1/attachments/$F1" "$STA"); expect 200 - "staff download"
cmp -s body proof.pdf || fail "staff download differs"
got=$(req GET "/api/v1/cases/$C1/attachments/$F1" "$STB"); expect 404 not_found "another street's file"
[ "$(q "select count(*) from audit_log where action = 'case.attach_read'")" = 2 ] || fail "downloads audited"
[ "$(q "select count(*) from audit_log where action = 'case.attach'")" = 1 ] || fail "upload audited"

# 代办: a community worker applies for A's household with the signed form
got=$(req POST /api/v1/cases "$COMA" "{\"type\":\"dibao\",\"household_no\":\"$HA\",\"applicant_id_number\":\"$IDA\",\"consent_ref\":\"SQ-2026-0042\"}")
expect 201 - "代办"
C2=$(json o.id)
[ "$(json o.application.channel_label),$(json o.application.consent_ref)" = "代办,SQ-2026-0042" ] || fail "代办 recorded"
got=$(req POST /api/v1/cases "$COMA" "{\"type\":\"dibao\",\"household_no\":\"$HA\",\"consent_ref\":\"\"}")
expect 422 missing_field "代办 without the form"

# The resident's second session (B) sees neither A's case nor its file.
outbox_count=$(outbox | wc -l)
got=$(req POST /api/v1/portal/code '' "{\"id_number\":\"$IDB\",\"name\":\"$(cut -d, -f2 <<< "$rowb")\",\"phone\":\"13900002222\"}")
CODEB=$(outbox | grep '13900002222' | grep -o '验证码为 [0-9]\{6\}' | grep -o '[0-9]\{6\}')
got=$(req POST /api/v1/portal/login '' "{\"id_number\":\"$IDB\",\"code\":\"$CODEB\"}"); expect 200 - "B signs in"
RB=$(json o.token)
got=$(req GET "/api/v1/portal/cases/$C1" "$RB"); expect 404 not_found "another household's case"
got=$(req GET "/api/v1/portal/cases/$C1/attachments/$F1" "$RB"); expect 404 not_found "another household's file"
got=$(req POST "/api/v1/portal/cases/$C1/attachments" "$RB" '' -F "file=@proof.pdf"); expect 404 not_found "upload to another's case"
got=$(req GET /api/v1/portal/cases "$RB"); expect 200 - "B's cases"
[ "$(json o.items.length)" = 0 ] || fail "B lists A's cases"

# ---- the case moves: 先行救助 then the uploaded material documents it
got=$(req POST "/api/v1/cases/$C1/steps" "$STA" '{"action":"accept"}'); expect 200 - accept
got=$(req POST "/api/v1/cases/$C1/steps" "$STA" '{"action":"emergency_pay","reason":"突发重病，先行救助"}')
expect 200 - "先行救助"
got=$(req POST "/api/v1/cases/$C1/steps" "$STA" '{"action":"document"}'); expect 200 - "document takes the upload"
[ "$(q "select count(*) from case_attachments where case_id = $C1 and step_id is not null")" = 1 ] || fail "upload bound to the step"

# the county decides: not confirmed (the engine finds no emergency), with
# the signed notice issued from the registry
DIS=$(login dis)
got=$(req POST "/api/v1/cases/$C1/steps" "$DIS" '{"action":"reject","reason":"经核实不符合急难型临时救助条件"}')
expect 200 - "county decision"
"$MZ" notice keygen --key k.pem --pubkey k.pub.pem >/dev/null
"$MZ" notice issue "$HA" --program temp_emergency --decision reject --out n.pdf --key k.pem \
    --policies "$P" --db p.db > out.txt || fail "notice: $(cat out.txt)"

# ---- the resident follows the case, reads the notice, files an objection
got=$(req GET /api/v1/portal/cases "$RA"); expect 200 - "my cases"
[ "$(json "o.items.map(c => c.id).sort().join()")" = "$(printf '%s\n' "$C1" "$C2" | sort | paste -sd,)" ] \
    || fail "my cases: $(cat body)"
got=$(req GET "/api/v1/portal/cases/$C1" "$RA"); expect 200 - "my case"
[ "$(json o.state_label)" = 不予确认，待书面告知 ] || fail "state in Chinese: $(json o.state_label)"
[ "$(json "o.steps.map(s => s.by).join()")" = "本人,民政部门,民政部门,民政部门,民政部门" ] || fail "steps: $(json o.steps)"
json o.steps | grep -q 'user:' && fail "staff accounts shown to the resident"
[ "$(json o.notices.length)" = 1 ] || fail "notice online: $(json o.notices)"
[ "$(json o.notices[0].sm3)" = "$(q "select sm3 from notices")" ] || fail "notice SM3"
json o.notices[0].text | grep -q '不予' || fail "notice text"
[ "$(json o.may_object)" = true ] || fail "may object"
got=$(req POST "/api/v1/portal/cases/$C1/objection" "$RA" '{"reason":""}'); expect 422 reason_required "objection without a reason"
got=$(req POST "/api/v1/portal/cases/$C1/objection" "$RA" '{"reason":"家中病人住院费用未计入"}')
expect 201 - "objection filed"
C3=$(json o.id)
[ "$(json o.type_label)" = 对救助决定的异议 ] || fail "objection case: $(cat body)"
got=$(req GET "/api/v1/portal/cases/$C1" "$RA"); expect 200 - "case after objection"
[ "$(json o.objections[0].id),$(json o.may_object)" = "$C3,false" ] || fail "objection listed"
got=$(req POST "/api/v1/portal/cases/$C2/objection" "$RA" '{"reason":"x"}'); expect 409 not_decided "objection before a decision"
got=$(req GET "/api/v1/cases/$C3" "$STA"); expect 200 - "the office sees the objection"

# ---- throttling: five attempts per ID number and source in 15 minutes
for _ in 1 2 3 4 5; do req POST /api/v1/portal/login '' "{\"id_number\":\"$IDB\",\"code\":\"123456\"}" >/dev/null; done
got=$(req POST /api/v1/portal/login '' "{\"id_number\":\"$IDB\",\"code\":\"$CODEB\"}")
expect 429 throttled "throttled"
grep -qi '^retry-after: 900' headers || fail "Retry-After"

# ---- logout ends the session
got=$(req POST /api/v1/portal/logout "$RA"); expect 204 - logout
got=$(req GET /api/v1/portal/me "$RA"); expect 401 unauthenticated "after logout"
echo "portal: ok"
