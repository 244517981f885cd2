# 免申即享 in the browser (issue #12): a small city whose sweep finds the
# households eligible for 低保边缘家庭 (a program granted without
# application) and not enrolled; a street caseworker of the street with
# the most findings, another street's, and a resident of that street with a
# phone on record; the real `mz serve` with the bureau's notice key;
# tests/e2e/web_autogrant.mjs drives chromium through the street's list, a
# consent recorded from the household page and the confirmation, and the
# resident's online consent and reading of the notice with its SM3.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
[ -x /usr/bin/chromium ] || fail "chromium missing: run scripts/bootstrap.sh"
[ -d "$MZ_REPO/node_modules/playwright-core" ] || fail "node_modules missing: run scripts/bootstrap.sh"
[ -f "$MZ_REPO/build/web/index.html" ] || fail "the console is not built: run make"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=$PWD/a.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
q() { sqlite3 "$MZ_DB" "$1"; }
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 2000 --seed 7 --date 2025-01-01 >/dev/null
mkdir csv && "$MZ" gen --persons 2000 --seed 7 --date 2025-01-01 --csv csv >/dev/null
"$MZ" monitor sweep > sweep.txt
grep -q '免申即享新发现 [1-9]' sweep.txt || fail "the sweep found nobody: $(cat sweep.txt)"
# again: nothing found twice
"$MZ" monitor sweep > sweep2.txt
if grep -q '免申即享新发现' sweep2.txt; then fail "found twice: $(cat sweep2.txt)"; fi
S=$(q "select office from autogrant_findings group by office order by count(*) desc, office limit 1")
[ "$(q "select count(*) from autogrant_findings where office = '$S'")" -ge 2 ] || fail "street $S: fewer than 2 findings"
# H1: consent recorded from the household page; H2: the resident's own, online
read -r F1 F2 <<< "$(q "select group_concat(id, ' ') from (select id from autogrant_findings where office = '$S' order by id limit 2)")"
H2=$(q "select h.hh_no from autogrant_findings f join households h on h.id = f.household_id where f.id = $F2")
row=$(grep ",$H2,户主" csv/persons.csv) || fail "no head of $H2"
RID=$(cut -d, -f1 <<< "$row") RNAME=$(cut -d, -f2 <<< "$row")
{ echo 身份证号,姓名,性别,出生日期,户籍性质,区划代码,户编号,与户主关系,联系电话,入户日期
  echo "$row,13700005678,2025-01-01"; } > phone.csv
"$MZ" import persons phone.csv >/dev/null
# the command line: confirming without consent is refused, nothing enrolled
set +e; "$MZ" autogrant confirm "$F2" --out no.pdf 2> err.txt; rc=$?; set -e
[ "$rc" -ne 0 ] && grep -q '尚未授权核对' err.txt || fail "confirmed without consent: $(cat err.txt)"
[ ! -e no.pdf ] && [ "$(q "select count(*) from enrolments where source = '免申即享'")" = 0 ] || fail "enrolled without consent"
O=$(q "select office from autogrant_findings where office <> '$S' limit 1")
for u in "sta street $S" "stb street $O"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
"$MZ" notice keygen >/dev/null
"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
DB=$MZ_DB WORK=$PWD
cd "$MZ_REPO"
URL=$URL DB=$DB WORK=$WORK F1=$F1 F2=$F2 RID=$RID RNAME=$RNAME S=$S node --test tests/e2e/web_autogrant.mjs
