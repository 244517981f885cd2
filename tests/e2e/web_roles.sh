# 三权分立 in the console (tests/e2e/web_roles.mjs): the system, security and
# audit administrators each sign in, see only their own page and use it.
# Sets up a small city and the accounts with the command line, locks st1
# by five wrong passwords, starts the real `mz serve`.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
[ -x /usr/bin/chromium ] || fail "chromium missing: run scripts/bootstrap.sh"
[ -f "$MZ_REPO/build/web/index.html" ] || fail "the console is not built: run make"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff MZ_DB=w.db
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 200 --seed 3 --date 2026-01-05 >/dev/null
add() { MZ_PASSWORD="pw-$1-123" "$MZ" user add "$@" >/dev/null; }
add sysa --role sys_admin --division 50 --holder 500103198001010016
add seca --role sec_admin --division 50 --holder 500103198502020028
add auda --role audit_admin --division 50 --holder 500103199003030015
add st1 --role street --division 500103001
add st2 --role street --division 500103001
"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
for _ in 1 2 3 4 5; do req POST /api/v1/login '' '{"name":"st1","password":"wrong-pass"}' >/dev/null; done
cd "$MZ_REPO" && URL=$URL node --test tests/e2e/web_roles.mjs
[ "$(sqlite3 "$OLDPWD/w.db" "select disabled from users where name = 'st2'")" = 1 ] || fail "st2 not disabled"
