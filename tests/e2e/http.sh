# End to end over loopback: the real `mz serve` (sanitizer build) on a free
# port, driven with curl. Covers authentication (bearer and cookie, logout,
# throttling), each role's scope (404 out of scope by id, in lists and in
# search), masking, the audit entry of each change and full view, rejected
# bodies and queries (nothing written), metrics, a graceful stop, and
# `mz audit verify` catching a tampered row.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 600 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
D=2026-01-05
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db t.db >/dev/null
"$MZ" gen --persons 3000 --seed 7 --date $D --db t.db >/dev/null
"$MZ" gen --persons 3000 --seed 7 --date $D --csv . --db t.db >/dev/null
q() { sqlite3 t.db "$1"; }

# Two streets with households, A and B; a village of A.
read -r A B <<< "$(q "select group_concat(s, ' ') from (select distinct substr(division,1,9) s from households order by 1 limit 2)")"
VA=$(q "select division from households where division like '$A%' limit 1")
for u in "admin city_admin 50" "sta street $A" "stb street $B" "aud auditor 50" \
         "com community $VA" "prov provider 50"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" --db t.db >/dev/null
done
[ "$(q "select count(*) from audit_log where action='user.add'")" = 6 ] || fail "user.add audited"

"$MZ" serve --listen 127.0.0.1:0 --db t.db > serve.out 2> serve.err &
serve_wait $!

# req METHOD PATH [TOKEN] [BODY] [extra curl args…]: status on stdout, body in ./body
req() {
    local m=$1 p=$2 t=${3:-} b=${4-} args=(-s -o body -w '%{http_code}' -X "$1" -D headers)
    [ -n "$t" ] && args+=(-H "Authorization: Bearer $t")
    if [ -n "$b" ]; then args+=(-H 'Content-Type: application/json' --data-binary "$b"); fi
    curl "${args[@]}" "${@:5}" "$URL$p"
}
login() {
    [ "$(req POST /api/v1/login '' "{\"name\":\"$1\",\"password\":\"pw-$1-123\"}")" = 200 ] || fail "login $1"
    json o.token
}
expect() { # expect STATUS CODE(or -) description: checks the last response
    [ "$1" = "$got" ] || fail "$3: status $got, want $1"
    [ "$2" = - ] || [ "$(json o.code)" = "$2" ] || fail "$3: code $(json o.code), want $2"
}

# ---- service endpoints and authentication
got=$(req GET /healthz); expect 200 - healthz
got=$(req GET /api/v1/me); expect 401 unauthenticated "me without session"
grep -qi 'content-type: application/problem+json' headers || fail "problem content type"
[ "$(json o.title)" = "未登录或会话已过期" ] || fail "Chinese title"
got=$(req GET /api/v1/nothing); expect 404 not_found "unknown route"
got=$(req DELETE /api/v1/households); expect 405 method_not_allowed "wrong method"
got=$(req POST /api/v1/login '' '{"name":"sta","password":"wrong-password"}'); expect 401 bad_credentials "bad password"
got=$(req POST /api/v1/login '' '{"name":"nobody","password":"wrong-password"}'); expect 401 bad_credentials "unknown user"
ADMIN=$(login admin); STA=$(login sta); STB=$(login stb); AUD=$(login aud); COM=$(login com)
got=$(req POST /api/v1/login '' '{"name":"sta","password":"pw-sta-123"}')
grep -qi '^set-cookie: mz_session=[0-9a-f]\{64\}; .*HttpOnly; SameSite=Strict' headers || fail "session cookie"
C=$(grep -io 'mz_session=[0-9a-f]*' headers)
got=$(req GET /api/v1/me '' '' -H "Cookie: $C"); expect 200 - "cookie session"
[ "$(json o.name),$(json o.role),$(json o.division)" = "sta,street,$A" ] || fail "me: $(cat body)"
got=$(req GET /api/v1/me 0000000000000000000000000000000000000000000000000000000000000000); expect 401 - "forged token"
# throttling: 5 failures, then even the right password gets 429
for _ in 1 2 3 4 5; do req POST /api/v1/login '' '{"name":"prov","password":"nope-nope"}' >/dev/null; done
got=$(req POST /api/v1/login '' '{"name":"prov","password":"pw-prov-123"}'); expect 429 throttled "throttled login"
grep -qi '^retry-after: 900' headers || fail "Retry-After"

# ---- scope: lists, by id, search
NA=$(q "select count(*) from households where division like '$A%'")
got=$(req GET "/api/v1/households?per_page=100" "$STA"); expect 200 - "list A"
[ "$(json o.total)" = "$NA" ] || fail "list total $(json o.total), want $NA"
[ "$(json "o.items.filter(h => !h.division.startsWith('$A')).length")" = 0 ] || fail "list leaks other streets"
got=$(req GET "/api/v1/households?division=$B" "$STA"); expect 200 - "filter to B"
[ "$(json o.total),$(json o.items.length)" = "0,0" ] || fail "B visible to A in list"
got=$(req GET "/api/v1/households?division=$VA&per_page=5&page=1" "$STA")
[ "$(json "o.items.every(h => h.division === '$VA')")" = true ] || fail "village filter"
got=$(req GET "/api/v1/households?per_page=1000" "$STA"); expect 400 invalid_parameter "per_page bound"
HB=$(q "select id from households where division like '$B%' limit 1")
HA=$(q "select id from households where division like '$A%' limit 1")
got=$(req GET /api/v1/households/$HB "$STA"); expect 404 not_found "household of B by id"
got=$(req GET /api/v1/households/999999 "$STA"); expect 404 not_found "missing household"
got=$(req GET /api/v1/households/$HB "$STB"); expect 200 - "own household"
got=$(req GET /api/v1/households/$HB "$AUD"); expect 200 - "auditor reads all"
PB=$(q "select id from persons where division like '$B%' limit 1")
got=$(req GET /api/v1/persons/$PB "$STA"); expect 404 not_found "person of B by id"
NAME_B=$(q "select name from persons where division like '$B%' and name not in (select name from persons where division like '$A%') limit 1")
got=$(req GET "/api/v1/persons?name=$(node -p "encodeURIComponent('$NAME_B')")" "$STA"); expect 200 - "search by name"
[ "$(json o.items.length)" = 0 ] || fail "name search leaks B"
got=$(req GET "/api/v1/persons?name=$(node -p "encodeURIComponent('$NAME_B')")" "$STB")
[ "$(json o.items.length)" -ge 1 ] || fail "name search in own scope"
ID_B=$(awk -F, -v b="$B" 'NR>1 && substr($6,1,9)==b {print $1; exit}' persons.csv)
ID_A=$(awk -F, -v a="$A" 'NR>1 && substr($6,1,9)==a {print $1; exit}' persons.csv)
got=$(req GET "/api/v1/persons?id_number=$ID_B" "$STA"); expect 200 - "search by id number"
[ "$(json o.items.length)" = 0 ] || fail "id search leaks B"
got=$(req GET "/api/v1/persons?id_number=$ID_A" "$STA")
[ "$(json o.items.length)" = 1 ] || fail "id search in scope"
PA=$(json o.items[0].id)
got=$(req GET "/api/v1/divisions/$B" "$STA"); expect 404 not_found "division of B"
got=$(req GET "/api/v1/divisions/${A:0:6}" "$STA"); expect 200 - "own district (ancestor)"
[ "$(json "o.children.map(c => c.code).join()")" = "$A" ] || fail "children limited to scope"

# ---- masking and full views
got=$(req GET /api/v1/households/$HA "$STA")
grep -qE '[0-9]{17}[0-9X]' body && fail "household page shows a full ID number"
[ "$(json "o.members.every(m => /^[0-9]{6}\\*{8}[0-9]{3}[0-9X]$/.test(m.id_number_masked))")" = true ] || fail "masked members"
grep -qE '[0-9]{17}[0-9X]' <(req GET "/api/v1/persons?id_number=$ID_A" "$STA" >/dev/null; cat body) && fail "search shows a full ID number"
views=$(q "select count(*) from audit_log where action='person.view_full'")
got=$(req GET /api/v1/persons/$PA "$STA"); expect 200 - "person page"
[ "$(json o.id_number)" = "$ID_A" ] || fail "full ID on the record page"
[ "$(q "select count(*) from audit_log where action='person.view_full' and actor='user:sta' and entity_id='$PA'")" = 1 ] \
    || fail "full view not audited"
got=$(req GET /api/v1/persons/$PA "$COM"); expect 200 - "community sees the person"
[ "$(json o.id_number_masked)" != undefined ] && [ "$(json o.id_number)" = undefined ] || fail "community sees full ID"
[ "$(q "select count(*) from audit_log where action='person.view_full'")" = $((views + 1)) ] || fail "masked view audited"

# ---- writes, scope and the audit log
counts() { q "select (select count(*) from facts)||','||(select count(*) from households)||','||(select count(*) from persons)||','||(select count(*) from audit_log)"; }
FACT_A="{\"id_number\":\"$ID_A\",\"variable\":\"disability_grade\",\"value\":\"2\",\"effective\":\"2026-01-01\"}"
before=$(counts)
got=$(req POST /api/v1/facts "$AUD" "$FACT_A"); expect 403 read_only "auditor writes"
got=$(req POST /api/v1/facts "$STB" "$FACT_A"); expect 404 unknown_person "fact out of scope"
[ "$(counts)" = "$before" ] || fail "refused writes wrote something"
got=$(req POST /api/v1/facts "$STA" "$FACT_A"); expect 201 - "fact in scope"
[ "$(q "select count(*) from audit_log where action='fact.add' and actor='user:sta' and entity_id='$PA'")" = 1 ] || fail "fact audited"
[ "$(q "select source from facts order by id desc limit 1")" = "api:sta" ] || fail "fact source"
got=$(req POST /api/v1/facts "$STA" "$FACT_A"); expect 200 - "same fact again"
[ "$(json o.result)" = unchanged ] || fail "re-sent fact changed something"
got=$(req POST /api/v1/households "$STA" "{\"household_no\":\"T-1\",\"division\":\"$VA\",\"rural\":\"城镇\",\"address\":\"解放路1号\"}")
expect 201 - "household added"; HNEW=$(json o.id)
got=$(req POST /api/v1/households "$STA" "{\"household_no\":\"T-2\",\"division\":\"${B}001\",\"rural\":\"城镇\"}")
expect 403 out_of_scope "household outside scope"
HB_NO=$(q "select hh_no from households where id=$HB")
got=$(req POST /api/v1/households "$STA" "{\"household_no\":\"$HB_NO\",\"division\":\"$VA\",\"rural\":\"城镇\"}")
expect 409 registered_elsewhere "moving B's household into A" # told only once the body is complete
[ "$(q "select division from households where id=$HB")" != "$VA" ] || fail "B's household was moved"
got=$(req POST /api/v1/persons "$STA" "{\"id_number\":\"11010519491231002X\",\"name\":\"王芳\",\"hukou\":\"城镇\",\"division\":\"$VA\",\"household_no\":\"T-1\",\"relation\":\"户主\",\"phone\":\"13812345678\"}")
expect 201 - "person added"; PNEW=$(json o.id)
[ "$(q "select count(*) from audit_log where actor='user:sta' and action in ('household.add','person.add')")" = 2 ] || fail "adds audited"
got=$(req GET /api/v1/households/$HNEW "$STA")
[ "$(json o.members[0].phone_masked)" = "138****5678" ] || fail "masked phone: $(cat body)"
got=$(req GET /api/v1/persons/$PNEW "$STA")
[ "$(json o.phone)" = 13812345678 ] || fail "full phone on the record page"
got=$(req POST /api/v1/persons "$STA" "{\"id_number\":\"11010519491231002X\",\"name\":\"王芳\",\"hukou\":\"城镇\",\"division\":\"$VA\",\"household_no\":\"T-1\",\"relation\":\"户主\",\"sex\":\"男\"}")
expect 422 inconsistent "sex contradicts the ID number"
[ "$(json o.field)" = sex ] || fail "field of a validation error"

# ---- rejected bodies and queries: a clear 4xx, nothing written
before=$(counts)
got=$(req POST /api/v1/facts "$STA" '{"id_number": "x",'); expect 400 malformed_json "malformed JSON"
got=$(req POST /api/v1/facts "$STA" "$(printf '{"id_number":"%s","variable":"disability_grade","value":"\xff\xfe","effective":"2026-01-01"}' "$ID_A")")
expect 400 invalid_utf8 "bad UTF-8 body"
got=$(req POST /api/v1/facts "$STA" "{\"id_number\":\"$ID_A\",\"variable\":\"disability_grade\",\"value\":\"3\",\"effective\":\"2026-01-01\",\"colour\":\"red\"}")
expect 400 unknown_field "unknown field"; [ "$(json o.field)" = colour ] || fail "unknown field named"
got=$(req POST /api/v1/facts "$STA" "{\"id_number\":\"$ID_A\",\"variable\":\"disability_grade\",\"value\":3,\"effective\":\"2026-01-01\"}")
expect 400 wrong_type "wrong type"
got=$(req POST /api/v1/facts "$STA" '[1,2]'); expect 400 malformed_json "array body"
got=$(req POST /api/v1/facts "$STA" "{\"id_number\":\"$ID_A\",\"variable\":\"no_such\",\"value\":\"1\",\"effective\":\"2026-01-01\"}")
expect 422 unknown_variable "unknown variable"
got=$(req POST /api/v1/facts "$STA" "{\"id_number\":\"$ID_A\",\"variable\":\"disability_grade\",\"value\":\"3\",\"effective\":\"2026-13-01\"}")
expect 422 invalid_value "bad date"
got=$(curl -s -o body -w '%{http_code}' -X POST -H "Authorization: Bearer $STA" -H 'Content-Type: text/plain' --data-binary "$FACT_A" "$URL/api/v1/facts")
expect 415 unsupported_media_type "wrong content type"
head -c 2100000 /dev/zero | tr '\0' ' ' > huge.json
got=$(curl -s -o body -w '%{http_code}' -X POST -H "Authorization: Bearer $STA" -H 'Content-Type: application/json' --data-binary @huge.json "$URL/api/v1/facts")
expect 413 body_too_large "huge body"
got=$(curl -s -o body -w '%{http_code}' -X POST -H "Authorization: Bearer $STA" -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @huge.json "$URL/api/v1/facts")
expect 413 body_too_large "huge chunked body"
got=$(req GET "/api/v1/persons?name=%FF%FE" "$STA"); expect 400 invalid_utf8 "bad UTF-8 query"
[ "$(counts)" = "$before" ] || fail "rejected requests wrote something: $before -> $(counts)"

# ---- OpenAPI document, metrics, logout
got=$(req GET /api/openapi.json); expect 200 - "openapi"
cmp -s body "$MZ_REPO/docs/openapi.json" || fail "served OpenAPI differs from docs/openapi.json"
got=$(req GET /metrics); expect 200 - metrics
grep -q 'mz_http_requests_total{method="GET",route="/api/v1/households/{id}",status="404"}' body || fail "metrics by route and status"
grep -q 'mz_http_request_seconds_bucket{method="POST",route="/api/v1/facts",le="+Inf"}' body || fail "latency histogram"
got=$(req POST /api/v1/logout "$STA"); expect 204 - logout
got=$(req GET /api/v1/me "$STA"); expect 401 unauthenticated "after logout"

# ---- scope after a division change: the successor district sees the
# records that keep the retired codes, by id, in lists and in search
D1=${A:0:6}
D2=$(q "select code from divisions where level = 3 and code <> '$D1' and valid_to is null order by code limit 1")
"$MZ" divisions change --date 2026-01-06 --from "$D1,$D2" --to 500198 --name 两江新区 --db t.db >/dev/null
MZ_PASSWORD=pw-lj-123 "$MZ" user add lj --role district --division 500198 --db t.db >/dev/null
LJ=$(login lj)
in_old="(division like '$D1%' or division like '$D2%')"
got=$(req GET "/api/v1/households?per_page=100&page=2" "$LJ"); expect 200 - "merged scope list"
[ "$(json o.total)" = "$(q "select count(*) from households where $in_old")" ] || fail "merged scope total $(json o.total)"
[ "$(json o.items.length)" = "$(q "select min(100, max(0, count(*) - 100)) from households where $in_old")" ] || fail "merged scope page 2"
HOLD=$(q "select id from households where division like '$D2%' order by id desc limit 1")
got=$(req GET "/api/v1/households/$HOLD" "$LJ"); expect 200 - "household under a retired code"
NOLD=$(q "select substr(name, 1, 1) from persons where division like '$D1%' limit 1")
got=$(req GET "/api/v1/persons?name=$(node -e "console.log(encodeURIComponent('$NOLD'))")&per_page=100" "$LJ"); expect 200 - "merged scope search"
[ "$(json o.items.length)" = "$(q "select min(100, count(*)) from persons where name like '$NOLD%' and $in_old")" ] || fail "merged scope search count $(json o.items.length)"
got=$(req GET "/api/v1/households/$HOLD" "$STB")
[ "${B:0:6}" = "$D1" ] || [ "${B:0:6}" = "$D2" ] || expect 404 not_found "other scopes unchanged"

# ---- the request log: one line per request with the id the client got, the
# account, the route's pattern (never the query, which may hold ID numbers)
T=$(login aud)
got=$(req GET "/api/v1/persons?name=%E7%8E%8B&id_number=500103199001011234" "$T")
rid=$(sed -n 's/^[Xx]-[Rr]equest-[Ii]d: \([0-9]*\).*/\1/p' headers)
[ -n "$rid" ] || fail "no X-Request-Id: $(cat headers)"
for _ in $(seq 50); do grep -q "mz-request .* id=$rid " serve.err && break; sleep 0.1; done
line=$(grep "mz-request .* id=$rid " serve.err) || fail "request $rid not logged: $(tail -3 serve.err)"
grep -q "account=user:aud method=GET route=/api/v1/persons status=$got ms=[0-9.]* client=127.0.0.1$" <<< "$line" \
    || fail "log line: $line"
grep -q '500103199001011234\|%E7' serve.err && fail "the log holds a query: $(grep -m1 '500103199001011234\|%E7' serve.err)"
got=$(req GET /api/v1/me); grep -q "id=$(sed -n 's/^[Xx]-[Rr]equest-[Ii]d: \([0-9]*\).*/\1/p' headers) account=- method=GET route=/api/v1/me status=401" \
    <(sleep 0.3; cat serve.err) || fail "anonymous request not logged as account=-"

# ---- graceful stop, then the audit chain: intact, and tampering is caught
kill -TERM $pid; wait $pid || fail "serve exited with $?"
trap - EXIT
grep -q '已停止' serve.err || fail "no clean stop: $(cat serve.err)"
"$MZ" audit verify --db t.db > verify.txt 2>&1 || fail "audit verify: $(cat verify.txt)"
grep -q '审计日志完整' verify.txt || fail "audit verify: $(cat verify.txt)"
q "update audit_log set actor='user:mallory' where seq=3"
set +e
"$MZ" audit verify --db t.db 2> err.txt; rc=$?
set -e
[ $rc = 1 ] && grep -q '第 3 条' err.txt || fail "tampering not caught: rc=$rc $(cat err.txt)"
