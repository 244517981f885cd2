# The console's pages of social organizations and charity (issue #17) in
# the browser: the public query from the landing page, the register and an
# organization's page, campaigns with their overdue disclosures, the
# annual-report review refusing 合格 for a
# foundation under its spending floor, a social-work organization's
# referral inbox (accept, record help) and the household's assistance
# chain. Sets up a small city with the command line, starts the real
# `mz serve` and runs tests/e2e/web_org.mjs (dates are today's, as the
# browser's).
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
[ -x /usr/bin/chromium ] || fail "chromium missing: run scripts/bootstrap.sh"
[ -f "$MZ_REPO/build/web/index.html" ] || fail "the console is not built: run make"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=w.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
opts=(--feeds "$MZ_REPO/feeds")
T=$(date +%Y-%m-%d) Y=$(date +%Y)
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 2000 --seed 5 --date "$((Y - 1))-01-01" >/dev/null
mkdir csv && "$MZ" gen --persons 2000 --seed 5 --date "$((Y - 1))-01-01" --csv csv >/dev/null
q() { sqlite3 w.db "$1"; }
"$MZ" monitor sweep --as-of "$T" "${opts[@]}" >/dev/null
read -r W HH DIV <<< "$(q "select w.id, w.household_id, substr(h.division, 1, 6) from warnings w join households h on h.id = w.household_id where w.rule = 'found_edge' order by w.id limit 1" | tr '|' ' ')"
[ -n "$W" ] || fail "no found_edge warning"
REP=$(sed -n 2p csv/persons.csv | cut -d, -f1)
uscc() {
    node -e 'const A="0123456789ABCDEFGHJKLMNPQRTUWXY"; const c="5"+process.argv[1]+process.argv[3]+process.argv[2];
      let s=0, w=1; for (const ch of c) { s += A.indexOf(ch)*w; w = w*3%31; } const r = 31 - s%31;
      console.log(c + A[r === 31 ? 0 : r])' "$1" "$2" "$DIV"
}
org() { # org NAME KIND TYPE SERIAL FUNDS YEARS_AGO
    printf 'name = %s\nkind = %s\nuscc = %s\nfield = 公益慈善\nsupervisor = 区民政局\ndivision = %s\naddress = 民生路1号\nlegal_rep = %s\nfunds = %s\nmembers_individual = 60\nfiled_on = %s\n' \
        "$1" "$2" "$(uscc "$3" "$4")" "$DIV" "$REP" "$5" "$(($Y - $6))-03-01" > form.txt
    "$MZ" org apply form.txt "${opts[@]}" >/dev/null || fail "apply $1"
    "$MZ" org decide --org "$1" --approve --date "$(($Y - $6))-03-20" "${opts[@]}" >/dev/null
}
org 重庆市志愿服务协会 association 1 MJ0000001 30000 2
org 重庆市助学基金会 foundation 3 MA0000002 2000000 3
org 重庆市慈善基金会 foundation 3 MA0000004 4000000 3
"$MZ" charity recognize --org 重庆市慈善基金会 --date "$(($Y - 3))-04-01" "${opts[@]}" >/dev/null
"$MZ" charity qualify --org 重庆市慈善基金会 --date "$(($Y - 1))-04-01" "${opts[@]}" >/dev/null
printf 'org = 重庆市慈善基金会\nname = 助学圆梦\npurpose = 资助困难学生\nplatform = 腾讯公益\nfiled_on = %s\nstarts_on = %s\nends_on = %s\ngoal = 500000\n' \
    "$(($Y - 1))-04-01" "$(($Y - 1))-04-20" "$Y-12-31" > camp.txt
"$MZ" charity campaign camp.txt "${opts[@]}" >/dev/null || fail "campaign"
"$MZ" org credit sweep --date "$T" "${opts[@]}" >/dev/null
org 重庆市阳光社会工作服务中心 service 2 MJ0000003 30000 2
printf 'year = %s\nsubmitted_on = %s\nincome = 10000\ncharitable = 100000\nadmin = 5000\nspending = 105000\nnet_assets = 1900000\nprev_net_assets = 2000000\n' \
    "$((Y - 1))" "$T" > f.txt
"$MZ" org report --org 重庆市助学基金会 f.txt "${opts[@]}" >/dev/null
"$MZ" charity project --org 重庆市阳光社会工作服务中心 --name 困难家庭微心愿 --division "$DIV" \
    --rules "found_edge found_rigid" --help-text 物资帮扶 "${opts[@]}" >/dev/null
"$MZ" charity offer --warning "$W" --project 1 --consent 同意 --consent-by 户主本人同意，经办人小李 --date "$T" \
    "${opts[@]}" >/dev/null
"$MZ" charity point --name 社区慈善超市 --kind 慈善超市 --division "$DIV" --date "$T" \
    --org 重庆市阳光社会工作服务中心 "${opts[@]}" >/dev/null
for u in "dis district $DIV" "org1 org $DIV"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
"$MZ" org bind org1 --org 重庆市阳光社会工作服务中心 "${opts[@]}" >/dev/null
ASSOC=$(q "select id from organizations where kind = 'association'")
"$MZ" serve --listen 127.0.0.1:0 "${opts[@]}" > serve.out 2> serve.err &
serve_wait $!
cd "$MZ_REPO"
URL=$URL HH=$HH ASSOC=$ASSOC node --test tests/e2e/web_org.mjs
