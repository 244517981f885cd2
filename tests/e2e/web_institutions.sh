# The pages of child-welfare institutions and disability welfare in the
# browser (issue #16): a small city with two institutions of one county
# (one full), children placed, an orphan's entitlements, a 托养 provider,
# a consent and a referral; accounts of a county, a street and two
# institutions; the real `mz serve` on a loopback port;
# tests/e2e/web_institutions.mjs drives chromium through the institution
# list with occupancy, one institution's children (an admission refused
# by the full institution), a child's placement history (a service, a
# move), an institution account kept to its own children, the child's
# entitlements, and the 免申即享, 精康融合 and 托养 pages.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
[ -x /usr/bin/chromium ] || fail "chromium missing: run scripts/bootstrap.sh"
[ -d "$MZ_REPO/node_modules/playwright-core" ] || fail "node_modules missing: run scripts/bootstrap.sh"
[ -f "$MZ_REPO/build/web/index.html" ] || fail "the console is not built: run make"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=$PWD/k.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 2000 --seed 11 >/dev/null
mkdir csv && "$MZ" gen --persons 2000 --seed 11 --csv csv >/dev/null
q() { sqlite3 "$MZ_DB" "$1"; }
# a severely disabled adult: their street and county are the accounts'
S=$(awk -F, 'NR == FNR { if ($2 == "disability_grade" && ($3 == 1 || $3 == 2)) sev[$1] = 1; next }
    sev[$1] && $4 < "2000-01-01" { print $1; exit }' csv/facts.csv csv/persons.csv)
[ -n "$S" ] || fail "no severely disabled adult"
V=$(awk -F, -v s="$S" '$1 == s { print $6 }' csv/persons.csv)
county=${V:0:6} street=${V:0:9}
mapfile -t kids < <(awk -F, -v c="$county" 'NR == FNR { if ($2 ~ /orphan|de_facto/) had[$1] = 1; next }
    substr($6, 1, 6) == c && $4 > "2012-01-01" && $4 < "2018-01-01" && !had[$1] { print $1 }' csv/facts.csv csv/persons.csv | head -n 4)
[ "${#kids[@]}" = 4 ] || fail "four children in $county"
"$MZ" institution add --name 区儿童福利院 --kind welfare --division "$county" --capacity 2 --licence 渝民发〔2001〕18号 >/dev/null
"$MZ" institution add --name 区未成年人救助保护中心 --kind protection --division "$county" --capacity 6 --licence 渝编〔2019〕7号 >/dev/null
A=$(q "select id from child_institutions where kind = 'welfare'") B=$(q "select id from child_institutions where kind = 'protection'")
"$MZ" institution admit "$A" --id "${kids[0]}" --date 2026-01-05 --reason 孤儿 --source 民政部门送交 >/dev/null
"$MZ" institution admit "$A" --id "${kids[1]}" --date 2026-01-06 --reason 事实无人抚养儿童 --source 乡镇街道转介 >/dev/null
"$MZ" institution admit "$B" --id "${kids[2]}" --date 2026-01-07 --reason 监护缺失临时监护 --source 公安机关护送 >/dev/null
"$MZ" institution service --id "${kids[0]}" --kind medical --date 2026-01-10 --note 入院体检 >/dev/null
{ echo 身份证号,指标,值,生效日期,来源; echo "${kids[0]},orphan,true,2026-01-02,民政"; } > o.csv
"$MZ" import facts o.csv >/dev/null && "$MZ" children entitlements >/dev/null
"$MZ" provider put --code TY1 --name 街道托养中心 --kind 养老机构 --division "$V" --lon 106.5 --lat 29.5 --capacity 50 >/dev/null
C=$(awk -F, -v s="$street" 'substr($6, 1, 9) == s && $4 < "1990-01-01" { print $1 }' csv/persons.csv | sed -n 2p)
"$MZ" disability consent --id "$C" --date 2026-01-03 --by 本人 >/dev/null
for u in "dis district $county" "sta street $street" "insta child_institution $county" "instb child_institution $county"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
"$MZ" institution bind insta "$A" >/dev/null && "$MZ" institution bind instb "$B" >/dev/null
"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
K0=$(q "select person_id from child_placements where institution_id = $A order by id limit 1")
K2=$(q "select person_id from child_placements where institution_id = $B")
DB=$MZ_DB
cd "$MZ_REPO"
URL=$URL DB=$DB A=$A B=$B K0=$K0 K2=$K2 K3=${kids[3]} S=$S C=$C node --test tests/e2e/web_institutions.mjs
