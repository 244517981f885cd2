# The feed API over loopback: a machine token issued by `mz token add`
# posts a 医保 record as JSON lines and a warning appears for the
# household; the token may post only to its feeds (403), opens no other
# route, is refused once revoked; no token, a user's session or a bad body
# are refused (401, 400); re-sending changes nothing; a JSON array's
# rejects come back with their position and reason; every ingest is
# audited as machine:NAME.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 600 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
opts=(--db t.db --policies "$MZ_REPO/policies/chongqing" --feeds "$MZ_REPO/feeds"
      --holidays "$MZ_REPO/data/holidays-cn.csv")
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db t.db >/dev/null
"$MZ" gen --persons 2000 --seed 7 --date 2025-01-01 --db t.db >/dev/null
mkdir csv && "$MZ" gen --persons 2000 --seed 7 --date 2025-01-01 --csv csv --db t.db >/dev/null
"$MZ" monitor sweep --baseline --as-of 2025-03-03 "${opts[@]}" >/dev/null
q() { sqlite3 t.db "$1"; }

hh=$(q "select h.hh_no from households h where (select count(*) from memberships m
        where m.household_id = h.id) = 1 limit 1")
id=$(grep ",$hh,户主" csv/persons.csv | cut -d, -f1)
[ -n "$id" ] || fail "no person"

"$MZ" token add yibao-sys --feed yibao "${opts[@]}" > tok.txt
TOK=$(grep -o '[0-9a-f]\{64\}' tok.txt) || fail "no token printed: $(cat tok.txt)"
[ "$(q "select count(*) from machine_tokens where token_hash like '%$TOK%'")" = 0 ] || fail "token stored"
"$MZ" token list "${opts[@]}" | grep -q 'yibao-sys.*yibao.*有效' || fail "token list"
set +e; "$MZ" token add x --feed nosuchfeed "${opts[@]}" 2>/dev/null; rc=$?; set -e
[ $rc = 1 ] || fail "token for a feed without definition"
MZ_PASSWORD=pw-admin-123 "$MZ" user add admin --role city_admin --division 50 --db t.db >/dev/null

"$MZ" serve --listen 127.0.0.1:0 "${opts[@]}" > serve.out 2> serve.err &
serve_wait $!

# post PATH TOKEN TYPE BODY: status on stdout, body in ./body
post() {
    local args=(-s -o body -w '%{http_code}' -X POST -H "Content-Type: $3" --data-binary "$4")
    [ -n "$2" ] && args+=(-H "Authorization: Bearer $2")
    curl "${args[@]}" "$URL$1"
}
expect() { # expect STATUS CODE(or -) description
    [ "$1" = "$got" ] || fail "$3: status $got, want $1"
    [ "$2" = - ] || [ "$(json o.code)" = "$2" ] || fail "$3: code $(json o.code), want $2"
}
P="/api/v1/feeds/yibao?as_of=2025-03-03"
REC="{\"身份证号\":\"$id\",\"结算单号\":\"API-1\",\"结算日期\":\"2025-02-20\",\"近12个月自付金额\":\"52000.00\"}"

got=$(post "$P" "$TOK" application/x-ndjson "$REC"); expect 200 - "token posts"
[ "$(json o.accepted)" = 1 ] && [ "$(json o.rejected)" = 0 ] || fail "counts: $(cat body)"
[ "$(json o.warnings)" -ge 1 ] || fail "no warning counted: $(cat body)"
"$MZ" warning list --rule large_medical "${opts[@]}" > w.txt
grep -q "户$hh" w.txt || fail "no warning for $hh: $(cat w.txt)"
wid=$(grep "户$hh" w.txt | cut -f1)
q "select raised_by from warnings where id = $wid" | grep -q 'feed:yibao' || fail "raised_by"
[ "$(q "select count(*) from audit_log where actor = 'machine:yibao-sys' and action = 'feed.ingest'")" = 1 ] \
    || fail "ingest not audited"
[ "$(q "select count(*) from audit_log where actor = 'machine:yibao-sys' and action = 'fact.add'")" -ge 1 ] \
    || fail "fact not audited under the machine"

# the warning as staff read it: raised by the feed named by its label, the application it proposes
TA=$(curl -s -H 'Content-Type: application/json' -d '{"name":"admin","password":"pw-admin-123"}' "$URL/api/v1/login" \
     | node -e "process.stdout.write(JSON.parse(require('fs').readFileSync(0, 'utf8')).token)")
[ "$(curl -s -o body -w '%{http_code}' -H "Authorization: Bearer $TA" "$URL/api/v1/warnings/$wid")" = 200 ] || fail "warning $wid"
node -e "const w = JSON.parse(require('fs').readFileSync('body', 'utf8'));
  process.exit(w.raised_by_label === '部门数据推送（医保局·近12个月自付医疗费用）' && w.case_type === 'temporary'
    && w.evidence.includes('触发：部门数据推送（医保局') && !w.evidence.includes('feed:') ? 0 : 1)" \
    || fail "warning raised by a feed, in words: $(cat body)"

got=$(post "$P" "$TOK" application/x-ndjson "$REC"); expect 200 - "resend"
[ "$(json o.unchanged)" = 1 ] && [ "$(json o.accepted)" = 0 ] && [ "$(json o.warnings)" = 0 ] \
    || fail "resend changed something: $(cat body)"

got=$(post "/api/v1/feeds/gongan?as_of=2025-03-03" "$TOK" application/x-ndjson "$REC")
expect 403 forbidden_feed "wrong feed"
got=$(post "$P" "" application/x-ndjson "$REC"); expect 401 unauthenticated "no token"
got=$(post /api/v1/login "" application/json '{"name":"admin","password":"pw-admin-123"}')
SES=$(json o.token)
got=$(post "$P" "$SES" application/x-ndjson "$REC"); expect 401 unauthenticated "user session"
got=$(curl -s -o body -w '%{http_code}' -H "Authorization: Bearer $TOK" "$URL/api/v1/me")
expect 401 unauthenticated "machine token on a user route"
got=$(post "$P" "$TOK" application/json '[{"身份证号": broken'); expect 400 malformed_json "bad body"
got=$(post "$P" "$TOK" text/csv "a,b"); expect 415 unsupported_media_type "csv body"

# A JSON array: the second record has no such person, the third a bad amount.
got=$(post "$P" "$TOK" application/json "[$REC,
  {\"身份证号\":\"500103199005050079\",\"结算单号\":\"API-2\",\"结算日期\":\"2025-02-21\",\"近12个月自付金额\":100},
  {\"身份证号\":\"$id\",\"结算单号\":\"API-3\",\"结算日期\":\"2025-02-22\",\"近12个月自付金额\":\"很多\"}]")
expect 200 - "array"
[ "$(json o.unchanged)" = 1 ] && [ "$(json o.rejected)" = 2 ] || fail "array counts: $(cat body)"
[ "$(json 'o.rejects[0].line')" = 2 ] && json 'o.rejects[0].reason' | grep -q '没有此人' \
    || fail "reject 1: $(cat body)"
[ "$(json 'o.rejects[1].line')" = 3 ] && [ "$(json 'o.rejects[1].key')" = API-3 ] || fail "reject 2: $(cat body)"
"$MZ" feed rejects yibao "${opts[@]}" | grep -q 'api:yibao-sys:3.*API-3' || fail "reject queue"

"$MZ" token revoke yibao-sys "${opts[@]}" >/dev/null
got=$(post "$P" "$TOK" application/x-ndjson "$REC"); expect 401 unauthenticated "revoked token"
"$MZ" token list "${opts[@]}" | grep -q 'yibao-sys.*已吊销' || fail "revoked in list"
"$MZ" audit verify --db t.db >/dev/null || fail "audit chain"
