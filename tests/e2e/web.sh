# The web UI end to end: the real `mz serve` (sanitizer build) on a free
# loopback port with a small city and accounts of two streets and the city;
# curl checks the static files (types, caching, no way out of web/), then
# tests/e2e/web.mjs drives Debian's chromium headless through playwright-core
# and saves screenshots to docs/screenshots/.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x /usr/bin/chromium ] || fail "chromium missing: run scripts/bootstrap.sh"
[ -d "$MZ_REPO/node_modules/playwright-core" ] || fail "node_modules missing: run scripts/bootstrap.sh"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
D=2026-01-05
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db t.db >/dev/null
"$MZ" gen --persons 3000 --seed 7 --date $D --db t.db >/dev/null
q() { sqlite3 t.db "$1"; }
read -r A B <<< "$(q "select group_concat(s, ' ') from (select distinct substr(division,1,9) s from households order by 1 limit 2)")"
for u in "admin city_admin 50" "sta street $A" "stb street $B"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" --db t.db >/dev/null
done

"$MZ" serve --listen 127.0.0.1:0 --db t.db > serve.out 2> serve.err &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.:]*' serve.out) || fail "server did not start: $(cat serve.err)"

# ---- static files: type, caching, and nothing outside web/
get() { curl -s --path-as-is -o body -D headers -w '%{http_code}' "$URL$1"; }
[ "$(get /)" = 200 ] && grep -qi '^content-type: text/html; charset=utf-8' headers || fail "/ is not the HTML home"
grep -qi '^cache-control: no-cache' headers || fail "HTML cache-control"
cmp -s body "$MZ_REPO/web/index.html" || fail "/ is not web/index.html"
[ "$(get /web/app.js)" = 200 ] && grep -qi '^content-type: text/javascript' headers || fail "JavaScript type"
[ "$(get /web/app.css)" = 200 ] && grep -qi '^content-type: text/css' headers || fail "CSS type"
for p in /web/.. /web/%2e%2e /web/%2E%2E/Makefile /web/..%2fMakefile /web/%2e%2e%2fMakefile \
         /web/..%2f..%2fetc%2fpasswd /web/.hidden.js /web/nope.html /web/app.js.bak /web/ /web; do
    st=$(get "$p")
    [ "$st" = 404 ] || fail "$p: status $st, want 404"
    grep -q 'root:\|CFLAGS' body && fail "$p leaked a file"
done
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/web/app.js")" = 405 ] || fail "POST to a static file"

# ---- the public self-check stores nothing and checks its input strictly
# js EXPR: whether the JavaScript expression holds of the JSON in body (as b)
js() { node -e "const b = JSON.parse(require('fs').readFileSync('body', 'utf8')); process.exit(($1) ? 0 : 1)"; }
post() { curl -s -o body -w '%{http_code}' -H 'Content-Type: application/json' --data-binary "$2" "$URL$1"; }
before=$(sqlite3 t.db .dump | sha256sum)
H='{"county":"500103","rural":false,"members":[{"relation":"户主","age":72,"pension_income":"500","basic_pension":"150"},{"relation":"配偶","age":70,"disability_grade":2}]}'
[ "$(post /api/v1/selfcheck "$H")" = 200 ] || fail "self-check: $(cat body)"
js 'b.stored === false && b.programs.some((p) => p.program === "dibao" && p.eligible)' \
    || fail "self-check: the couple should qualify for 低保: $(cat body)"
js 'b.programs.some((p) => p.program === "dibao" && p.amount === 1350 && p.apply.where && p.explanation.startsWith("【"))' \
    || fail "self-check: 低保 amount, how to apply or explanation"
curl -s -o body "$URL/api/v1/selfcheck"
js 'b.inputs.some((i) => i.name === "wage_income") && !b.inputs.some((i) => i.name === "is_dead") && b.counties.length > 0' \
    || fail "self-check form: inputs"
[ "$(sqlite3 t.db .dump | sha256sum)" = "$before" ] || fail "self-check changed the database"
chk() { st=$(post /api/v1/selfcheck "$1"); [ "$st" = "$2" ] || fail "self-check $1: status $st, want $2: $(cat body)"
        [ -z "${3:-}" ] || js "b.field === '$3' && /[一-龥]/.test(b.detail)" || fail "self-check $1: field $3: $(cat body)"; }
chk '{"county":"500103","rural":false,"members":[{"age":200}]}' 422 'members[0].age'
chk '{"county":"500103","rural":false,"members":[{"age":30},{"age":3,"wage_income":"abc"}]}' 422 'members[1].wage_income'
chk '{"county":"500103","rural":false,"members":[{"age":30,"wage_income":"-5"}]}' 422 'members[0].wage_income'
chk '{"county":"500103","rural":false,"members":[{"age":30,"disability_grade":9}]}' 422 'members[0].disability_grade'
chk '{"county":"500103","rural":false,"members":[{"age":30,"is_dead":true}]}' 422 'members[0].is_dead'
chk '{"county":"500103","rural":false,"members":[{"age":30,"sex":"未知"}]}' 422 'members[0].sex'
chk '{"county":"999999","rural":false,"members":[{"age":30}]}' 422 county
chk '{"county":"500103","members":[{"age":30}]}' 422 rural
chk '{"county":"500103","rural":true,"members":[]}' 422 members
chk "{\"county\":\"500103\",\"rural\":true,\"members\":[$(printf '{"age":30},%.0s' $(seq 20)){\"age\":1}]}" 422 members
chk '{"county":"500103","rural":true,"members":[{"age":30}],"name":"张三"}' 422
chk '[1]' 400
chk "{\"county\":\"$(head -c 70000 /dev/zero | tr '\0' 1)\"}" 413
[ "$(sqlite3 t.db .dump | sha256sum)" = "$before" ] || fail "a refused self-check changed the database"

# ---- the browser
NA=$(q "select count(*) from households where division like '$A%'")
NALL=$(q "select count(*) from households")
HB=$(q "select id from households where division like '$B%' limit 1")
cd "$MZ_REPO"
URL=$URL A=$A B=$B NA=$NA NALL=$NALL HB=$HB node --test tests/e2e/web.mjs
