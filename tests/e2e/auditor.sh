# The auditor changes nothing (等保 level 3, 三权分立): signed in as an
# auditor, every route that writes — every POST of the route table for
# staff or service accounts, whatever its handler checks and whatever the
# body — answers 403 (read_only; a POST that only reads may refuse the role
# itself), and no table but the sessions and the audit
# log changes; the auditor still reads (households, the audit-relevant
# pages) and can sign out. The audit log's retention is six months at least.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db t.db >/dev/null
"$MZ" gen --persons 500 --seed 9 --date 2026-01-05 --db t.db >/dev/null
MZ_PASSWORD=pw-aud-123 "$MZ" user add aud --role auditor --division 50 --db t.db >/dev/null
# the state of every table but the session's own traces
snapshot() { for t in $(sqlite3 t.db "select name from sqlite_schema where type = 'table' and
                          name not in ('sessions', 'audit_log', 'login_failures') order by name"); do
                 echo "$t $(sqlite3 t.db "select * from \"$t\"" | sha256sum)"; done; }

"$MZ" serve --listen 127.0.0.1:0 --db t.db > serve.out 2> serve.err &
serve_wait $!
curl -s -o body -H 'Content-Type: application/json' -d '{"name":"aud","password":"pw-aud-123"}' "$URL/api/v1/login"
TOKEN=$(node -e 'console.log(JSON.parse(require("fs").readFileSync("body", "utf8")).token)')
call() { curl -s -o body -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
[ "$(call "$URL/api/v1/households")" = 200 ] || fail "the auditor cannot read: $(cat body)"
before=$(snapshot) # (the server's start loads the calendar)

n=0
while read -r method path who; do
    [ "$method" = POST ] && { [ "$who" = staff ] || [ "$who" = service ] || [ "$who" = org ]; } || continue
    [ "$path" = /api/v1/logout ] && continue
    url=$(sed 's/{[a-z_]*}/1/g' <<< "$path")
    for data in '{}' '{"name":"x","division":"500103","text":"x","amount":"1"}'; do
        st=$(call -d "$data" "$URL$url")
        [ "$st" = 403 ] || fail "POST $path as the auditor: $st $(cat body)"
    done
    n=$((n + 1))
done < <("$MZ" serve --routes)
[ "$n" -ge 25 ] || fail "only $n write routes tried"
[ "$(snapshot)" = "$before" ] || fail "the auditor changed: $(diff <(echo "$before") <(snapshot) | head)"
[ "$(call -X POST "$URL/api/v1/logout")" = 204 ] || fail "the auditor cannot sign out"

# retention: fewer than six months is refused; nothing is six months old yet,
# so nothing is purged and no archive is left behind
"$MZ" notice keygen --key k.pem --pubkey k.pub.pem >/dev/null
set +e
"$MZ" audit purge --archive old.jsonl --keep-months 3 --key k.pem --db t.db 2> err.txt; rc=$?
set -e
[ $rc = 1 ] && grep -q '至少保存 6 个月' err.txt && [ ! -e old.jsonl ] || fail "3 months kept: $(cat err.txt)"
"$MZ" audit purge --archive old.jsonl --key k.pem --db t.db > out.txt || fail "purge: $(cat out.txt)"
grep -q '没有早于保存期限' out.txt && [ ! -e old.jsonl ] || fail "purge of nothing: $(cat out.txt)"
"$MZ" audit verify --pubkey k.pub.pem --db t.db > out.txt 2>/dev/null || fail "verify: $(cat out.txt)"
echo "auditor ok: $n write routes refused"
