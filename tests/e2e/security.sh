# The findings of issue 13 over loopback, against the real `mz serve`:
# long and malformed text (422 naming the field and the limit, never 500),
# household number format, NUL in the path or query (400), ambiguous
# message lengths (400), the security headers and the Secure cookie behind
# a trusted proxy, login throttling by account and source address, and no
# existence oracle when registering a person of another area.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 600 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
D=2026-01-05
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db t.db >/dev/null
"$MZ" gen --persons 600 --seed 7 --date $D --db t.db >/dev/null
q() { sqlite3 t.db "$1"; }
read -r A B <<< "$(q "select group_concat(s, ' ') from (select distinct substr(division,1,9) s from households order by 1 limit 2)")"
VA=$(q "select division from households where division like '$A%' limit 1")
HA=$(q "select hh_no from households where division like '$A%' limit 1")
for u in "admin city_admin 50" "sta street $A"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" --db t.db >/dev/null
done

"$MZ" serve --listen 127.0.0.1:0 --trusted-proxy 127.0.0.1 --db t.db > serve.out 2> serve.err &
serve_wait $!
PORT=${URL##*:}
# files mz creates are its owner's only: the database, -wal, -shm, CSV exports
mkdir out && "$MZ" gen --persons 20 --seed 3 --date $D --csv out --db t.db >/dev/null
for f in t.db t.db-wal t.db-shm out/*.csv; do
    [ "$(stat -c %a "$f")" = 600 ] || fail "$f has mode $(stat -c %a "$f")"
done

req() { # req METHOD PATH [TOKEN] [BODY] [curl args…]: status on stdout, body in ./body
    local args=(-s -o body -w '%{http_code}' -X "$1" -D headers)
    [ -n "${3:-}" ] && args+=(-H "Authorization: Bearer $3")
    if [ -n "${4-}" ]; then args+=(-H 'Content-Type: application/json' --data-binary "$4"); fi
    curl "${args[@]}" "${@:5}" "$URL$2"
}
expect() { # expect STATUS CODE(or -) description
    [ "$1" = "$got" ] || fail "$3: status $got, want $1"
    [ "$2" = - ] || [ "$(json o.code)" = "$2" ] || fail "$3: code $(json o.code), want $2"
}
login() {
    [ "$(req POST /api/v1/login '' "{\"name\":\"$1\",\"password\":\"pw-$1-123\"}")" = 200 ] || fail "login $1"
    json o.token
}
ADMIN=$(login admin); STA=$(login sta)
rep() { printf "%.0s$1" $(seq "$2"); } # rep TEXT N: TEXT N times

# ---- long text: 422 naming the field and its limit, nothing written
persons=$(q "select count(*) from persons")
ID=$(node -e 'const b="50010519800101"+"123";const w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2];let s=0;for(let i=0;i<17;i++)s+=b[i]*w[i];console.log(b+"10X98765432"[s%11])')
person() { printf '{"id_number":"%s","name":"%s","hukou":"城镇","division":"%s","household_no":"%s","relation":"%s"}' "$ID" "$1" "$VA" "$HA" "${2:-子女}"; }
got=$(req POST /api/v1/persons "$STA" "$(person "$(rep 王 166)")"); expect 422 invalid_value "166-character name"
[ "$(json o.field)" = name ] && json o.detail | grep -q '最多 30 个字符' || fail "name limit named: $(cat body)"
got=$(req POST /api/v1/persons "$STA" "$(person 王小明 "$(rep 关 1000)")"); expect 422 invalid_value "long relation"
[ "$(json o.field)" = relation ] || fail "relation field"
got=$(req POST /api/v1/persons "$STA" "$(person '王\u202e明')"); expect 422 invalid_value "bidi override in a name"
got=$(req POST /api/v1/persons "$STA" "$(person '\u3000 ')"); expect 422 invalid_value "blank name"
got=$(req POST /api/v1/persons "$STA" "$(person '王\u0007明')"); expect 422 invalid_value "control character in a name"
[ "$(q "select count(*) from persons")" = "$persons" ] || fail "a rejected person was written"
got=$(req POST /api/v1/households "$STA" "{\"household_no\":\"T-1\",\"division\":\"$VA\",\"rural\":\"$(rep 农 300)\"}")
expect 422 invalid_value "long rural"; [ "$(json o.field)" = rural ] || fail "rural field"
got=$(req POST /api/v1/households "$STA" "{\"household_no\":\"T-1\",\"division\":\"$VA\",\"rural\":\"农村\",\"address\":\"$(rep 路 30000)\"}")
expect 422 invalid_value "100 KB address"; json o.detail | grep -q '最多 200 个字符' || fail "address limit"
got=$(req POST /api/v1/households "$STA" "{\"household_no\":\"'; DROP TABLE persons;--\",\"division\":\"$VA\",\"rural\":\"农村\"}")
expect 422 invalid_value "household number format"; [ "$(json o.field)" = household_no ] || fail "hh field"
got=$(req POST /api/v1/facts "$STA" "{\"household_no\":\"$HA\",\"variable\":\"monthly_income\",\"value\":\"$(rep 9 1000)\",\"effective\":\"2025-01-01\"}")
expect 422 invalid_value "1000-character fact value"; [ "$(json o.field)" = value ] || fail "value field"
got=$(req POST /api/v1/households "$STA" "{\"household_no\":\"T-1\",\"division\":\"$VA\",\"rural\":\"农村\",\"address\":\"$(rep 路 200)\"}")
expect 201 - "an address at the limit"
! grep -q out_of_memory serve.err || fail "an answer failed to encode"

# ---- implausible dates and query values
got=$(req POST /api/v1/cases "$STA" "{\"type\":\"dibao\",\"household_no\":\"$HA\",\"date\":\"2999-01-01\"}")
expect 422 invalid_value "a case dated 2999"; [ "$(json o.field)" = date ] || fail "date field"
got=$(req POST /api/v1/facts "$STA" "{\"household_no\":\"$HA\",\"variable\":\"housing_count\",\"value\":\"1\",\"effective\":\"1899-01-01\"}")
expect 422 invalid_value "a fact before 1900"
got=$(req POST /api/v1/simulations "$ADMIN" '{"from":"0001-01-01","changes":[{"param":"dibao_standard","value":"800"}]}')
expect 422 invalid_value "a simulation from year 1"
got=$(req POST /api/v1/simulations "$ADMIN" '{"changes":[{"param":"dibao_standard","value":"-5"}]}')
expect 422 invalid_value "a negative standard"
got=$(req GET "/api/v1/rolls/1?change=bogus" "$ADMIN"); expect 400 invalid_parameter "?change=bogus"
got=$(req GET "/api/v1/warnings?state=bogus" "$ADMIN"); expect 400 invalid_parameter "?state=bogus (warnings)"
got=$(req GET "/api/v1/cases?state=bogus" "$ADMIN"); expect 400 invalid_parameter "?state=bogus (cases)"
got=$(req GET "/api/v1/cases?state=accepted" "$ADMIN"); expect 200 - "a known case state"

# ---- NUL anywhere in the path or the query: 400
HID=$(q "select id from households where division like '$A%' limit 1")
got=$(req GET "/api/v1/households/$HID" "$STA"); expect 200 - "household by id"
got=$(req GET "/api/v1/households/$HID%00" "$STA"); expect 400 nul_in_url "NUL in the path"
got=$(req GET "/web/app.js%00.png"); expect 400 nul_in_url "NUL in a static path"
got=$(req GET "/api/v1/persons?name=%E7%8E%8B%00x" "$STA"); expect 400 nul_in_url "NUL in the query"

# ---- ambiguous message length: 400 and the connection closes
raw() { # the server may close before the whole request is written: no SIGPIPE
    ( trap '' PIPE; exec 3<>"/dev/tcp/127.0.0.1/$PORT"; printf "$1" >&3 2>/dev/null
      timeout 5 cat <&3 ) > raw.txt || true
}
raw 'POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}'
head -1 raw.txt | grep -q ' 400 ' && grep -q ambiguous_length raw.txt || fail "two Content-Length: $(head -c 300 raw.txt)"
raw 'POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'
head -1 raw.txt | grep -q ' 400 ' && grep -q ambiguous_length raw.txt || fail "Content-Length with chunked: $(head -c 300 raw.txt)"

# ---- security headers on every answer; Secure cookie only when the trusted proxy says https
for p in /healthz /web/ /api/v1/me; do
    req GET $p >/dev/null
    grep -qi "^content-security-policy: default-src 'self'; script-src 'self'; .*frame-ancestors 'none'" headers || fail "CSP on $p"
    grep -qi '^x-frame-options: DENY' headers || fail "X-Frame-Options on $p"
    grep -qi '^x-content-type-options: nosniff' headers || fail "nosniff on $p"
    grep -qi '^referrer-policy: no-referrer' headers || fail "Referrer-Policy on $p"
done
req POST /api/v1/login '' '{"name":"sta","password":"pw-sta-123"}' >/dev/null
grep -i '^set-cookie' headers | grep -qi secure && fail "Secure over plain http"
req POST /api/v1/login '' '{"name":"sta","password":"pw-sta-123"}' -H 'X-Forwarded-Proto: https' >/dev/null
grep -i '^set-cookie: mz_session=' headers | grep -qi '; Secure' || fail "Secure behind the proxy"

# ---- throttling by account and source: a stranger cannot lock the administrator out
for _ in 1 2 3 4 5; do
    req POST /api/v1/login '' '{"name":"admin","password":"wrong-guess"}' -H 'X-Forwarded-For: 203.0.113.9' >/dev/null
done
got=$(req POST /api/v1/login '' '{"name":"admin","password":"pw-admin-123"}' -H 'X-Forwarded-For: 203.0.113.9')
expect 429 throttled "the stranger's address is throttled"
got=$(req POST /api/v1/login '' '{"name":"admin","password":"pw-admin-123"}' -H 'X-Forwarded-For: 198.51.100.20')
expect 200 - "the administrator logs in from elsewhere"

# ---- no existence oracle: another area's ID number answers like an absent one until the body is complete
IB=$(q "select p.id from persons p where p.division like '$B%' limit 1")
got=$(req GET "/api/v1/persons/$IB" "$ADMIN"); NB=$(json o.id_number)
ABSENT=$(node -e 'const b="50010519800101"+"135";const w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2];let s=0;for(let i=0;i<17;i++)s+=b[i]*w[i];console.log(b+"10X98765432"[s%11])')
probe() { printf '{"id_number":"%s","name":"王五","hukou":"城镇","division":"%s","household_no":"%s","relation":"%s"}' "$1" "$VA" "$HA" "$2"; }
got=$(req POST /api/v1/persons "$STA" "$(probe "$NB" 邻居)"); cp body b1; s1=$got
got=$(req POST /api/v1/persons "$STA" "$(probe "$ABSENT" 邻居)"); s2=$got
[ "$s1" = "$s2" ] && cmp -s b1 body || fail "an incomplete probe tells: $s1 $(cat b1) / $s2 $(cat body)"
[ "$s1" = 422 ] || fail "probe status $s1"
got=$(req POST /api/v1/persons "$STA" "$(probe "$NB" 子女)"); expect 409 registered_elsewhere "a complete body"
q "select division from persons where id=$IB" | grep -q "^$B" || fail "the other area's person was moved"
HBNO=$(q "select hh_no from households where division like '$B%' limit 1")
hprobe() { printf '{"household_no":"%s","division":"%s","rural":"%s"}' "$1" "$VA" "$2"; }
got=$(req POST /api/v1/households "$STA" "$(hprobe "$HBNO" 山区)"); cp body b1; s1=$got
got=$(req POST /api/v1/households "$STA" "$(hprobe T-404 山区)"); s2=$got
[ "$s1" = "$s2" ] && cmp -s b1 body || fail "an incomplete household probe tells: $(cat b1) / $(cat body)"
got=$(req POST /api/v1/households "$STA" "$(hprobe "$HBNO" 农村)"); expect 409 registered_elsewhere "B's household, complete"
got=$(req POST /api/v1/persons "$STA" "$(printf '{"id_number":"%s","name":"王五","hukou":"城镇","division":"%s","household_no":"%s","relation":"子女"}' "$ABSENT" "$VA" "$HBNO")")
cp body b1; s1=$got
got=$(req POST /api/v1/persons "$STA" "$(printf '{"id_number":"%s","name":"王五","hukou":"城镇","division":"%s","household_no":"T-404","relation":"子女"}' "$ABSENT" "$VA")")
[ "$s1" = "$got" ] && [ "$got" = 404 ] && cmp -s b1 body || fail "a person's household tells: $(cat b1) / $(cat body)"

# a connection dropped inside its headers holds nothing: the server stops at once
raw 'GET /healthz HTTP/1.1\r\nHost: x\r\n'
start=$SECONDS; kill $pid; wait $pid || true
[ $((SECONDS - start)) -lt 5 ] || fail "a dropped connection held the stop for $((SECONDS - start)) s"

# ---- the command line acts as the OS user it runs as; --as an account must be proven
me=$(id -un)
USER=mallory "$MZ" person find "$NB" --full --db t.db >/dev/null
[ "$(q "select actor from audit_log where action = 'person.view_full' order by seq desc limit 1")" = "cli:$me" ] \
    || fail "the CLI is audited as \$USER"
set +e; "$MZ" case list --as sta --db t.db < /dev/null > /dev/null 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q '须证明身份' err.txt || fail "--as without proof: $rc $(cat err.txt)"
set +e; MZ_PASSWORD=wrong-guess "$MZ" case list --as sta --db t.db > /dev/null 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q '账户名或密码不正确' err.txt || fail "--as with a wrong password"
MZ_PASSWORD=pw-sta-123 "$MZ" case list --as sta --db t.db > /dev/null || fail "--as with the password"
MZ_PASSWORD=pw-sta-123 "$MZ" user delegate sta --db t.db | grep -q '已委托' || fail "delegate"
"$MZ" case list --as sta --db t.db < /dev/null > /dev/null || fail "--as by delegation"
proofs=$(q "select group_concat(action) from audit_log where actor = 'user:sta' and action like 'user.%'")
[[ $proofs == *user.cli_password,user.delegate,user.cli_delegated ]] || fail "proofs audited: $(q "select group_concat(action) from audit_log where actor = 'user:sta'")"
"$MZ" user undelegate sta --db t.db > /dev/null
set +e; "$MZ" case list --as sta --db t.db < /dev/null > /dev/null 2>&1; rc=$?; set -e
[ $rc = 1 ] || fail "--as after the delegation ended"

# ---- the audit chain anchored by a signed checkpoint: emptying the log is found
"$MZ" notice keygen --key seal.pem --pubkey seal.pub.pem >/dev/null
"$MZ" audit checkpoint --db t.db --key seal.pem | grep -q '已写入签名检查点' || fail "checkpoint"
[ "$(stat -c %a t.db.audit)" = 600 ] || fail "checkpoint file mode"
"$MZ" audit verify --db t.db --pubkey seal.pub.pem | grep -q '与签名检查点一致' || fail "verify with checkpoint"
q "DELETE FROM audit_log"
set +e; "$MZ" audit verify --db t.db --pubkey seal.pub.pem 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q '被删除或截断' err.txt || fail "emptied log passed: $rc $(cat err.txt)"
echo ok
