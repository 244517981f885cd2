# 婚姻登记 and 殡葬 in the browser (issue #15): the real `mz serve`
# (sanitizer build) over the demo city, whose county office has this
# month's marriages, refusals, divorces at every phase, appointments, the
# joined 户口 cases, deaths with their 身后一件事, funeral facilities and
# records; a district registrar, a street caseworker and an auditor; then
# tests/e2e/web_marriage.mjs and web_funeral.mjs drive Debian's chromium
# through playwright-core and save screenshots to docs/screenshots/.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
[ -x /usr/bin/chromium ] || fail "chromium missing: run scripts/bootstrap.sh"
[ -d "$MZ_REPO/node_modules/playwright-core" ] || fail "node_modules missing: run scripts/bootstrap.sh"
[ -f "$MZ_REPO/build/web/index.html" ] || fail "the console is not built: run make"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=w.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" demo --persons 4000 > demo.txt 2> err.txt || fail "demo: $(cat err.txt)"
mkdir csv && "$MZ" gen --persons 4000 --seed 1 --date 2025-01-01 --csv csv >/dev/null
q() { sqlite3 w.db "$1"; }
idn() { node -e 'const s = process.argv[1], w = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2];
  let t = 0; for (let i = 0; i < 17; i++) t += Number(s[i]) * w[i]; process.stdout.write(s + "10X98765432"[t % 11]);' "$1"; }
COUNTY=$(q "select office from marriages where archived = 0 limit 1")
[ -n "$COUNTY" ] || fail "the demo registered no marriage"
[ "$(q "select count(*) from deaths where division like '$COUNTY%'")" -gt 0 ] || fail "the demo has no death in $COUNTY"
# the street of a 低保 household of the county, one of whose members dies in the browser
HD=$(q "select h.hh_no from households h join enrolments e on e.household_id = h.id and e.program = 'dibao'
        and e.end_month is null where h.division like '$COUNTY%' and h.id not in (select household_id from deaths
        where household_id is not null) order by h.id desc limit 1")
[ -n "$HD" ] || fail "no 低保 household in $COUNTY"
DIES=$(awk -F, -v h="$HD" '$7 == h { print $1 "," $2; exit }' csv/persons.csv)
STREET=$(q "select substr(division, 1, 9) from households where hh_no = '$HD'")
for u in "dist district $COUNTY" "sta street $STREET" "aud auditor 50"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
# a couple registered in 2024 whose divorce, received 40 days ago, awaits
# both to come back for the certificate
DA=$(idn 31010419850505001) DB=$(idn 44052419870707002)
"$MZ" marriage register --office "$COUNTY" --date 2024-05-20 --a-id "$DA" --a-name 沈男 --b-id "$DB" --b-name 林女 >/dev/null \
    || fail "the divorcing couple's marriage"
echo '双方自愿离婚；无子女；财产各自所有；无共同债务。' > agreement.txt
"$MZ" divorce apply --office "$COUNTY" --date "$(TZ=Asia/Shanghai date -d '-40 days' +%F)" \
    --cert "$(q "select cert_no from marriages where registered_on = '2024-05-20'")" --a-id "$DA" --b-id "$DB" \
    --agreement agreement.txt >/dev/null || fail "the divorce"
"$MZ" db check >/dev/null

"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
cd "$MZ_REPO"
URL=$URL DA=$DA DB=$DB DIES=$DIES MAN=$(idn 61011319910303001) WOMAN=$(idn 37010219930404002) \
    YOUNG=$(idn "5001032008$(TZ=Asia/Shanghai date +%m%d)001") \
    node --test tests/e2e/web_marriage.mjs tests/e2e/web_funeral.mjs
