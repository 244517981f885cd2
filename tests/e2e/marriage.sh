# 婚姻登记 (issue #15) from the command line and over HTTP, on a synthetic
# city: a legal marriage of parties from Beijing and Guangdong registered in
# Chongqing; each illegal one refused naming its rule and article — under
# age on the day (legal the day after), already married, 直系血亲 and
# 三代以内旁系血亲 from the registry's recorded relations; certificate
# numbers distinct and gapless per office and year when registrations of
# two offices arrive at once (parallel requests to the real server); a
# divorce whose cooling-off period ends in the 国庆 holiday, refused before
# its window and registered in it; a replacement; the 户口 move joined with
# 公安 ending with the mover in the registry; appointments; scope.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 600 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=m.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 2000 --seed 11 --date 2025-01-01 >/dev/null
mkdir csv && "$MZ" gen --persons 2000 --seed 11 --date 2025-01-01 --csv csv >/dev/null
q() { sqlite3 m.db "$1"; }
# A valid ID number from its first 17 digits (GB 11643 check character).
idn() { node -e 'const s = process.argv[1], w = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2];
  let t = 0; for (let i = 0; i < 17; i++) t += Number(s[i]) * w[i]; process.stdout.write(s + "10X98765432"[t % 11]);' "$1"; }
refused() { # refused WHAT ARTICLE… : the last command failed, its message names each article
    [ "$rc" = 1 ] || fail "$1: not refused (rc $rc): $(cat out.txt err.txt)"
    local what=$1; shift
    for a in "$@"; do grep -q -- "$a" err.txt || fail "$what: no “$a” in: $(cat err.txt)"; done
}
reg() { set +e; "$MZ" marriage register --office "$1" --date "$2" --a-id "$3" --a-name "$4" --b-id "$5" \
          --b-name "$6" "${@:7}" > out.txt 2> err.txt; rc=$?; set -e; }

# ---- a legal marriage across provinces, in 渝中区
M1=$(idn 11010519900101001) W1=$(idn 44052419920202002)
reg 500103 2025-06-16 "$W1" 陈女 "$M1" 王男
[ $rc = 0 ] && grep -q '结婚证字号 J500103-2025-000001' out.txt || fail "legal marriage: $(cat out.txt err.txt)"
[ "$(q "select group_concat(sex || ':' || name || ':' || id_masked || ':' || ifnull(person_id, 0), ',')
        from marriage_parties")" = "1:王男:110105********${M1:14}:0,2:陈女:440524********${W1:14}:0" ] \
    || fail "parties: $(q "select * from marriage_parties")"
[ "$(q "select count(*) from marriage_parties where id_sealed like '%$M1%'")" = 0 ] || fail "ID number not sealed"
"$MZ" marriage status "$M1" | grep -q '已婚，自 2025-06-16' || fail "status"

# ---- under age on the registration day; a day later he is 22
Y=$(idn 51010720030615001) Z=$(idn 51010720010101002)
reg 500103 2025-06-14 "$Y" 张男 "$Z" 刘女
refused "under age" '未满22周岁' '2025-06-15 年满' '《民法典》第一千零四十七条' '第一千零五十一条第（三）项' \
    '《婚姻登记条例》第九条第（一）项'
reg 500103 2025-06-15 "$Y" 张男 "$Z" 刘女
[ $rc = 0 ] || fail "22 on the day: $(cat err.txt)"

# ---- already married: 王男 again
W2=$(idn 31010419930303004)
reg 500105 2025-07-01 "$M1" 王男 "$W2" 沪女
refused "bigamy" '已有配偶' 'J500103-2025-000001' '第一千零四十二条' '《婚姻登记条例》第九条第（三）项'
# and by the registry's status (已婚 from 公安), for someone of the city
L=$(awk -F, 'NR > 1 && $8 == "户主" && $3 == "男" && $4 > "1985" && $4 < "2000" { print $1 "," $2; exit }' csv/persons.csv)
printf '身份证号,指标,值,生效日期,来源\n%s,marital_status,已婚,2019-05-01,公安\n' "${L%,*}" > status.csv
"$MZ" import facts status.csv >/dev/null
reg 500103 2025-07-01 "${L%,*}" "${L#*,}" "$(idn 44052419950505008)" 粤女
refused "registry status" '已有配偶' '登记库：婚姻状况“已婚”'

# ---- prohibited kinship from the registry's relations
# 直系血亲: a head and an adult child of the other sex, in one household
read -r P C <<< "$(awk -F, 'NR > 1 { hh[$7] = hh[$7] " " $0 }
    $8 == "户主" { head[$7] = $1 "," $2 "," $3 }
    $8 == "子女" && $4 < "2000" { child[$7] = child[$7] ";" $1 "," $2 "," $3 }
    END { for (h in head) { split(head[h], a, ","); n = split(child[h], cs, ";");
          for (i = 2; i <= n; i++) { split(cs[i], b, ","); if (b[3] != a[3]) { print head[h], cs[i]; exit } } } }' csv/persons.csv)"
[ -n "$C" ] || fail "no head with an adult child of the other sex"
reg 500103 2025-08-01 "${P%%,*}" "$(cut -d, -f2 <<< "$P")" "${C%%,*}" "$(cut -d, -f2 <<< "$C")"
refused "direct blood" '直系血亲' '父母子女' '中与户主关系为“子女”' '《民法典》第一千零四十八条' \
    '《婚姻登记条例》第九条第（四）项'
# 三代以内旁系血亲: a brother and a sister (two children of one head)
read -r S1 S2 <<< "$(awk -F, '$8 == "子女" && $4 < "2003" { k = $7 "," $3; if (!(k in seen)) { seen[k] = $1 "," $2 }
    other = $7 "," ($3 == "男" ? "女" : "男"); if (other in seen) { print seen[other], $1 "," $2; exit } }' csv/persons.csv)"
[ -n "$S2" ] || fail "no brother and sister"
reg 500103 2025-08-01 "${S1%%,*}" "${S1#*,}" "${S2%%,*}" "${S2#*,}"
refused "siblings" '三代以内旁系血亲' '兄弟姐妹' '《民法典》第一千零四十八条'
# a recorded parent link makes a grandparent of someone in another household
G=$(awk -F, 'NR > 1 && $4 < "1950" { print $1; exit }' csv/persons.csv)
"$MZ" marriage parent "${P%%,*}" --parent "$G" --source 出生医学证明 >/dev/null || fail "parent link"
"$MZ" marriage kin "$G" "${C%%,*}" > kin.txt
grep -q '直系血亲：祖孙' kin.txt && grep -q '亲子关系登记（出生医学证明）' kin.txt || fail "kin: $(cat kin.txt)"
set +e; "$MZ" marriage parent "$G" --parent "${C%%,*}" --source 错误 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q '不能再登记为其父母\|出生日期不早于' err.txt || fail "a cycle of parents: $(cat err.txt)"
# every refusal is kept with its rule and article
[ "$(q "select group_concat(rule, ',') from (select rule from marriage_refusals order by id)")" \
    = "under_age,already_married,already_married,prohibited_kinship,prohibited_kinship" ] \
    || fail "refusals: $(q "select rule from marriage_refusals")"
"$MZ" marriage refusals | grep -q '依据：《民法典》第一千零四十八条' || fail "refusals listed"

# ---- a divorce over the national holiday, on the command line
"$MZ" divorce timeline --date 2025-09-01 --office 500103 > tl.txt
grep -q '冷静期 2025-10-09 届满' tl.txt && grep -q '2025-10-10 至 2025-11-10' tl.txt || fail "timeline: $(cat tl.txt)"
echo '双方自愿离婚；无子女；各自财产归各自所有；无共同债务。' > agreement.txt
"$MZ" divorce apply --office 500103 --date 2025-09-01 --cert J500103-2025-000001 --a-id "$M1" --b-id "$W1" \
    --agreement agreement.txt > out.txt || fail "apply"
grep -q '冷静期至 2025-10-09；2025-10-10 至 2025-11-10' out.txt || fail "apply: $(cat out.txt)"
D=$(q "select max(id) from divorces")
set +e; "$MZ" divorce register "$D" --office 500103 --date 2025-10-09 --a-id "$M1" --b-id "$W1" > out.txt 2> err.txt; rc=$?; set -e
refused "too early" '冷静期至 2025-10-09 届满' '第一千零七十七条第一款'
"$MZ" divorce counsel "$D" --outcome held --counsellor 周静 --note 双方坚持离婚 --date 2025-09-10 >/dev/null || fail "counsel"
"$MZ" divorce register "$D" --office 500103 --date 2025-11-10 --a-id "$W1" --b-id "$M1" | grep -q 'L500103-2025-000001' \
    || fail "register on the last day"
"$MZ" marriage status "$M1" | grep -q '离婚，自 2025-11-10' || fail "status after divorce"
"$MZ" marriage show J500103-2025-000001 > show.txt
grep -q 'L500103-2025-000001' show.txt && grep -q '已登记离婚' show.txt || fail "show: $(cat show.txt)"
# the certificate as the bureau issues documents: a PDF and an OFD under its seal (issue #22)
"$MZ" notice keygen --key seal.pem --pubkey seal.pub.pem >/dev/null
"$MZ" marriage certificate L500103-2025-000001 --out cert.pdf --key seal.pem > out.txt || fail "certificate: $(cat out.txt)"
[ -s cert.pdf ] && [ -s cert.ofd ] || fail "certificate files: $(cat out.txt)"
"$MZ" notice verify cert.ofd --pubkey seal.pub.pem > v.txt || fail "certificate seal: $(cat v.txt)"
grep -q '✓ 电子签章有效：印章“重庆市.*民政局”' v.txt || fail "certificate seal: $(cat v.txt)"
"$MZ" marriage verify cert.pdf --pubkey seal.pub.pem > v.txt || fail "marriage verify: $(cat v.txt)"
pdftotext -enc UTF-8 cert.pdf - > cert.txt
grep -q '离婚登记证明' cert.txt && grep -q 'L500103-2025-000001' cert.txt || fail "certificate text: $(cat cert.txt)"

# ---- over HTTP
for u in "admin city_admin 50" "d103 district 500103" "d105 district 500105" "aud auditor 50"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
"$MZ" serve --listen 127.0.0.1:0 > serve.out 2> serve.err &
serve_wait $!
login() {
    [ "$(req POST /api/v1/login '' "{\"name\":\"$1\",\"password\":\"pw-$1-123\"}")" = 200 ] || fail "login $1"
    json o.token
}
ADMIN=$(login admin) D103=$(login d103) D105=$(login d105) AUD=$(login aud)
couple() { # couple K OFFICE: the body of a legal registration of couple K
    echo "{\"office\":\"$2\",\"a_id\":\"$(idn "42010219900101$(printf %02d "$1")1")\",\"a_name\":\"甲$1\",
      \"b_id\":\"$(idn "43010219920202$(printf %02d "$1")2")\",\"b_name\":\"乙$1\",\"a_declaration\":true,
      \"b_declaration\":true,\"a_voluntary\":true,\"b_voluntary\":true}"
}
# Two offices registering at once: 16 requests in parallel, to the real server.
year=$(date +%Y)
curls=()
for k in $(seq 1 16); do
    office=$([ $((k % 2)) = 0 ] && echo 500103 || echo 500105)
    tok=$([ $((k % 2)) = 0 ] && echo "$D103" || echo "$D105")
    curl -s -o "reg$k.json" -w '%{http_code}\n' -X POST -H "Authorization: Bearer $tok" \
        -H 'Content-Type: application/json' --data-binary "$(couple "$k" "$office")" "$URL/api/v1/marriages" > "code$k" &
    curls+=($!)
done
wait "${curls[@]}"
for k in $(seq 1 16); do [ "$(cat "code$k")" = 201 ] || fail "parallel registration $k: $(cat "code$k") $(cat "reg$k.json")"; done
for office in 500103 500105; do
    [ "$(q "select count(distinct number) || '/' || count(*) || '/' || min(seq) || '/' || max(seq) from marriage_certs
            where kind = 'J' and office = '$office' and year = $year")" = "8/8/1/8" ] \
        || fail "numbers of $office: $(q "select number from marriage_certs where office = '$office' and year = $year")"
done
[ "$(cat reg*.json | grep -o '"cert_no":"J[0-9-]*"' | sort -u | wc -l)" = 16 ] || fail "numbers answered twice"
# a refusal answers 422 with its rule and article, and is kept
got=$(req POST /api/v1/marriages "$D103" "$(couple 3 500103)")
[ "$got" = 422 ] && [ "$(json o.code)" = already_married ] && [ "$(json o.rule)" = already_married ] \
    && [ "$(json "o.article.includes('第九条第（三）项')")" = true ] && [ "$(json "o.refusal_id > 0")" = true ] \
    || fail "refusal over HTTP: $got"
got=$(req POST /api/v1/marriages "$D103" '{"a_id":"1","a_name":"x","b_id":"2","b_name":"y"}')
[ "$got" = 422 ] && [ "$(json o.field)" = a_id ] || fail "bad ID number: $got"
got=$(req POST /api/v1/marriages "$D103" "$(couple 40 500105)")
[ "$got" = 403 ] || fail "another county's office: $got"
got=$(req POST /api/v1/marriages "$AUD" "$(couple 41 500103)")
[ "$got" = 403 ] && [ "$(json o.code)" = read_only ] || fail "auditor registers: $got"
got=$(req GET "/api/v1/marriages?registered_only=1" "$D105")
[ "$got" = 200 ] && [ "$(json "o.items.every(m => m.office_name === '江北区')")" = true ] \
    && [ "$(json o.total)" -ge 8 ] || fail "list of 500105: $(head -c 300 body)"
got=$(req GET "/api/v1/marriage-refusals?kind=marriage" "$ADMIN")
[ "$got" = 200 ] && [ "$(json o.total)" = 6 ] && [ "$(json "o.rules.length")" -ge 19 ] || fail "refusals: $(json o.total)"
got=$(req GET "/api/v1/divorce-timeline?date=2025-09-01" "$D103")
[ "$(json "o.cooling_ends + ' ' + o.appear_from + ' ' + o.appear_by")" = "2025-10-09 2025-10-10 2025-11-10" ] \
    || fail "timeline over HTTP: $(cat body)"

# a divorce over HTTP: received, too early, registered in the window
A1=$(idn 42010219900101011) B1=$(idn 43010219920202012)
CERT=$(grep -o '"cert_no":"J[0-9-]*"' reg1.json | cut -d'"' -f4)
got=$(req POST /api/v1/divorces "$D105" "{\"date\":\"2025-12-31\",\"cert_no\":\"$CERT\",\"a_id\":\"$A1\",\"b_id\":\"$B1\",\"agreement\":\"协议\",\"capacity\":true}")
[ "$got" = 422 ] || fail "a divorce before the marriage: $got"
today=$(TZ=Asia/Shanghai date +%F)
got=$(req POST /api/v1/divorces "$D105" "{\"cert_no\":\"$CERT\",\"a_id\":\"$A1\",\"b_id\":\"$B1\",\"capacity\":true}")
[ "$got" = 422 ] && [ "$(json o.code)" = no_agreement ] && [ "$(json "o.detail.includes('第十四条第（一）项')")" = true ] \
    || fail "no agreement: $got $(cat body)"
got=$(req POST /api/v1/divorces "$D105" "{\"cert_no\":\"$CERT\",\"a_id\":\"$A1\",\"b_id\":\"$B1\",\"agreement\":\"协议\",\"capacity\":true}")
[ "$got" = 201 ] && [ "$(json o.phase)" = cooling ] && [ "$(json o.applied_on)" = "$today" ] || fail "apply over HTTP: $got"
DV=$(json o.id)
got=$(req POST "/api/v1/divorces/$DV/register" "$D105" "{\"a_id\":\"$A1\",\"b_id\":\"$B1\"}")
[ "$got" = 422 ] && [ "$(json o.rule)" = cooling_off ] || fail "register in the cooling-off period: $got"
got=$(req POST "/api/v1/divorces/$DV/counsel" "$D105" '{"outcome":"offered","counsellor":"周静"}')
[ "$got" = 200 ] && [ "$(json o.counselling.length)" = 1 ] || fail "counsel: $got"
got=$(req POST "/api/v1/divorces/$DV/withdraw" "$D105" "{\"by_id\":\"$A1\"}")
[ "$got" = 200 ] && [ "$(json o.phase)" = withdrawn ] && [ "$(json o.withdrawn_by)" = 男方 ] || fail "withdraw: $got"
# a replacement, and the archive's refusal
got=$(req POST "/api/v1/marriages/$(q "select marriage_id from marriage_certs where number = '$CERT'")/replacements" "$D103" \
    "{\"id_number\":\"$B1\",\"office\":\"500103\"}")
[ "$got" = 201 ] && [ "$(json o.cert_no)" = "BJ500103-$year-000001" ] || fail "replacement: $got $(cat body)"
got=$(req POST "/api/v1/marriages/1/replacements" "$D103" "{\"id_number\":\"$M1\",\"cert_no\":\"J500103-2025-000001\"}")
[ "$got" = 422 ] && [ "$(json o.rule)" = dissolved ] || fail "a 结婚证 after the divorce: $got"

# ---- 结婚落户一件事: a man from Beijing moves into his wife's household
H=$(awk -F, 'NR > 1 && $8 == "户主" && $3 == "女" && $4 > "1980" && $4 < "2001" { print $1 "," $2 "," $7; exit }' csv/persons.csv)
[ -n "$H" ] || fail "no woman heading a household"
MB=$(idn 11010819920808001)
got=$(req POST /api/v1/marriages "$ADMIN" "{\"office\":\"500103\",\"a_id\":\"$MB\",\"a_name\":\"京男\",\"b_id\":\"${H%%,*}\",
  \"b_name\":\"$(cut -d, -f2 <<< "$H")\",\"a_declaration\":true,\"b_declaration\":true,\"a_voluntary\":true,\"b_voluntary\":true,\"hukou\":\"man\"}")
[ "$got" = 201 ] && [ "$(json "o.hukou_id > 0")" = true ] || fail "registration with a 户口 move: $got $(cat body)"
K=$(json o.hukou_id)
got=$(req GET /api/v1/hukou-moves "$ADMIN")
[ "$(json "o.items.find(k => k.id === $K).state")" = queued ] || fail "queued"
got=$(req GET "/api/v1/hukou-moves/$K/message" "$ADMIN")
[ "$got" = 200 ] && [ "$(json o.mover.id_number)" = "$MB" ] && [ "$(json o.to.household_no)" = "${H##*,}" ] || fail "message: $got"
[ "$(q "select count(*) from audit_log where action = 'hukou.view_message'")" = 1 ] || fail "message view audited"
got=$(req POST "/api/v1/hukou-moves/$K/done" "$ADMIN" '{}')
[ "$got" = 409 ] || fail "done before sent: $got"
got=$(req POST "/api/v1/hukou-moves/$K/send" "$ADMIN" '{}'); [ "$got" = 200 ] || fail "send: $got"
got=$(req POST "/api/v1/hukou-moves/$K/done" "$ADMIN" '{"note":"已迁入"}')
[ "$got" = 200 ] && [ "$(json o.state)" = done ] || fail "done: $got"
"$MZ" person find "$MB" | grep -q '京男' || fail "the mover is in the registry"
[ "$(q "select m.relation from memberships m join households h on h.id = m.household_id
        where h.hh_no = '${H##*,}' and m.valid_to is null and m.person_id = (select max(id) from persons)")" = 配偶 ] \
    || fail "the mover's membership"

# ---- appointments: a slot of six, a seventh refused
day=$(node -e 'const d = new Date(Date.now() + 8 * 3600e3); do d.setUTCDate(d.getUTCDate() + 1); while ([0, 6].includes(d.getUTCDay())); console.log(d.toISOString().slice(0, 10))')
for k in $(seq 1 6); do
    got=$(req POST /api/v1/marriage-appointments "$D103" "{\"date\":\"$day\",\"slot\":\"10:00\",\"kind\":\"marriage\",\"parties\":\"甲$k、乙$k\"}")
    [ "$got" = 201 ] || [ "$(json o.field)" = day ] || fail "appointment $k: $got $(cat body)"
done
if [ "$got" = 201 ]; then
    got=$(req POST /api/v1/marriage-appointments "$D103" "{\"date\":\"$day\",\"slot\":\"10:00\",\"kind\":\"marriage\",\"parties\":\"丙、丁\"}")
    [ "$got" = 409 ] && [ "$(json o.code)" = no_capacity ] || fail "a full slot: $got"
fi
"$MZ" audit verify >/dev/null || fail "audit chain"
echo ok
