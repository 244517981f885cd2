# The console's long lists in the browser (issue #11): a small city as
# tests/e2e/web.sh makes it — a street caseworker's street with more than
# a page of households, the sweep's warnings and a page and a half of
# 低保 cases —, the real `mz serve`, then tests/e2e/web_lists.mjs sorts
# and pages the households, the cases and 工作台 by the server, comes Back
# and reloads, and reads the same lists as cards on a phone.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
[ -x /usr/bin/chromium ] || fail "chromium missing: run scripts/bootstrap.sh"
[ -d "$MZ_REPO/node_modules/playwright-core" ] || fail "node_modules missing: run scripts/bootstrap.sh"
[ -f "$MZ_REPO/build/web/index.html" ] || fail "the console is not built: run make"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=$PWD/t.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
q() { sqlite3 "$MZ_DB" "$1"; }
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 3000 --seed 7 --date 2026-01-05 >/dev/null
A=$(q "select substr(division, 1, 9) s from households group by s order by count(*) desc limit 1")
MZ_PASSWORD=pw-sta-123 "$MZ" user add sta --role street --division "$A" >/dev/null
MZ_PASSWORD=pw-sta-123 "$MZ" user delegate sta >/dev/null
"$MZ" monitor sweep --as-of 2026-02-02 --feeds "$MZ_REPO/feeds" >/dev/null
[ "$(q "select count(*) from households where division like '$A%'")" -gt 40 ] || fail "street $A: 40 households or fewer"
# 30 cases of the street's households, opened on different days
i=0
for hh in $(q "select hh_no from households where division like '$A%' order by id desc limit 30"); do
    i=$((i + 1))
    "$MZ" case open dibao --household "$hh" --as sta --date "2026-02-$(printf %02d $((i % 27 + 1)))" >/dev/null \
        || fail "case open $hh"
done
[ "$(q "select count(*) from warnings where office like '$A%'")" -gt 0 ] || fail "no warnings in street $A"
"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
DB=$MZ_DB
cd "$MZ_REPO"
URL=$URL DB=$DB A=$A node --test tests/e2e/web_lists.mjs
