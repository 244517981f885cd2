# The roll page's signed bank file in the browser (docs/supervision.md):
# a district officer of the paying unit downloads the bank file, the page
# says it is signed with the bureau's seal key and downloads the
# signature, which OpenSSL checks against the file (tests/e2e/web_rules.mjs).
# Sets up a small city with 低保 enrolled, an approved roll with accounts
# and the seal key (mz notice keygen), then starts the real `mz serve`.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
[ -x /usr/bin/chromium ] || fail "chromium missing: run scripts/bootstrap.sh"
[ -f "$MZ_REPO/build/web/index.html" ] || fail "the console is not built: run make"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=w.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
q() { sqlite3 w.db "$1"; }
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 1500 --seed 7 --date 2025-01-01 >/dev/null
"$MZ" eval --as-of 2025-06-01 >/dev/null
"$MZ" roll enrol --eligible --program dibao --from 2025-07 >/dev/null
U=$(q "select substr(h.division, 1, 6) from enrolments e join households h on h.id = e.household_id
       where e.program = 'dibao' order by h.id limit 1")
for u in "sta street ${U}001" "dis district $U"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
    MZ_PASSWORD="pw-$1-123" "$MZ" user delegate "$1" >/dev/null
done
"$MZ" roll build --program dibao --month 2025-07 --unit "$U" --as sta >/dev/null
R=$(q "select id from rolls where unit = '$U'")
"$MZ" roll approve "$R" --as dis >/dev/null
{ echo '登记号,开户银行,银行账号'
  q "select distinct enrolment_id from roll_lines where roll_id = $R" |
      while read -r e; do printf '%s,中国工商银行,6222%08d\n' "$e" "$e"; done; } > accounts.csv
"$MZ" roll accounts accounts.csv >/dev/null || fail "accounts"
"$MZ" notice keygen >/dev/null
"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
PUB=$PWD/notice-key.pub.pem
cd "$MZ_REPO"
URL=$URL ROLL=$R PUB=$PUB node --test tests/e2e/web_rules.mjs
