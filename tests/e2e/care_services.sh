# Elderly-care services over HTTP on the real `mz serve` (sanitizer build):
# the provider network imported from a file (a bad row named by file, line
# and column, nothing written), provider accounts bound to one provider and
# scoped to it (403 on the registry, warnings and rolls; another provider's
# orders 404; of the persons served only name, masked ID, address and
# service), an order dispatched to the nearest provider with room, a full
# slot refused with the next free one (409 JSON), check-in and check-out by
# the provider account, rating and complaint, and the month settled once
# however often the settlement reruns, with four eyes through the rolls.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 800 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_TODAY=2026-03-20
P="$MZ_REPO/policies/chongqing"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db c.db >/dev/null
"$MZ" gen --persons 3000 --seed 7 --date 2025-01-01 --db c.db >/dev/null
q() { sqlite3 c.db "$1"; }

# ---- the network from a file: a bad row refuses the whole file
cat > providers.csv <<'EOF'
机构编码,机构名称,类型,区划代码,地址,经度,纬度,床位或座位数,已入住,每时段接单数,上级机构编码
ZX-JB,华新街街道养老服务中心,街道养老服务中心,500105001,建新北路1号,106.5400,29.5800,60,20,2,
ZD-A,桥北社区养老服务站,社区养老服务站,500105001001,桥北村8号,106.5450,29.5850,10,3,1,ZX-JB
ZD-B,三洞桥社区养老服务站,社区养老服务站,500105002001,三洞桥12号,106.5600,29.5700,10,3,1,ZD-A
EOF
if "$MZ" provider import providers.csv --db c.db 2> err.txt; then fail "a station run by a station imported"; fi
grep -q "providers.csv:4: 列 K（上级机构编码）" err.txt || fail "import error: $(cat err.txt)"
[ "$(q 'select count(*) from providers')" = 0 ] || fail "half an import written"
sed -i 's/,ZD-A$/,ZX-JB/' providers.csv
"$MZ" provider import providers.csv --db c.db >/dev/null
[ "$(q 'select count(*) from providers')" = 3 ] || fail "import"
A=$(q "select id from providers where code = 'ZD-A'"); B=$(q "select id from providers where code = 'ZD-B'")
"$MZ" provider service "$A" 助浴 80 --db c.db >/dev/null
"$MZ" provider service "$B" 助洁 40 --db c.db >/dev/null
WA=$("$MZ" provider worker "$A" 李护理 --db c.db | awk '{print $2}')

# two elderly persons living alone in 江北区; the first poor and moderately disabled
read -r P1 P2 <<< "$(q "select group_concat(id, ' ') from (select p.id from persons p
    join memberships m on m.person_id = p.id join households h on h.id = m.household_id
    where h.division like '500105%' and p.birth < '1950-01-01'
    and (select count(*) from memberships m2 where m2.household_id = h.id) = 1 order by p.id limit 2)")"
[ -n "$P2" ] || fail "no elderly persons living alone"
mkdir csv && "$MZ" gen --persons 3000 --seed 7 --date 2025-01-01 --csv csv --db c.db >/dev/null
HH1=$(q "select h.hh_no from memberships m join households h on h.id = m.household_id where m.person_id = $P1")
ID1=$(grep -F ",$HH1," csv/persons.csv | cut -d, -f1)
[ -n "$ID1" ] || fail "ID number of the first person"
{ echo 身份证号,指标,值,生效日期,来源
  for v in "ability_level,中度失能" "pension_income,300" "wage_income,0" "other_income,0" "deposits,0"; do
      echo "$ID1,$v,2025-01-02,test"
  done; } > facts.csv
"$MZ" import facts facts.csv --db c.db >/dev/null
CNTY=500105
for u in "admin city_admin 50" "dis district $CNTY" "dis2 district $CNTY" "sta street 500105001" \
         "zhan provider $CNTY" "zhanb provider $CNTY" "loose provider $CNTY"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" --db c.db >/dev/null
done
"$MZ" provider bind zhan "$A" --db c.db >/dev/null
"$MZ" provider bind zhanb "$B" --db c.db >/dev/null
if "$MZ" provider bind sta "$A" --db c.db 2>/dev/null; then fail "a street account bound to a provider"; fi

"$MZ" serve --listen 127.0.0.1:0 --db c.db --policies "$P" > serve.out 2> serve.err &
serve_wait $!
login() {
    [ "$(req POST /api/v1/login '' "{\"name\":\"$1\",\"password\":\"pw-$1-123\"}")" = 200 ] || fail "login $1"
    json o.token
}
expect() {
    [ "$1" = "$got" ] || fail "$3: status $got, want $1"
    [ "$2" = - ] || [ "$(json o.code)" = "$2" ] || fail "$3: code $(json o.code), want $2"
}
DIS=$(login dis); DIS2=$(login dis2); ZHAN=$(login zhan); ZHANB=$(login zhanb); LOOSE=$(login loose)
STA=$(login sta)

# ---- a provider account sees its provider's work only
got=$(req GET /api/v1/me "$ZHAN"); expect 200 - "me"
[ "$(json o.provider.id)" = "$A" ] || fail "me: provider"
HH=$(q "select household_id from memberships where person_id = $P1")
for path in /api/v1/warnings /api/v1/households "/api/v1/households/$HH" \
            "/api/v1/households/$HH/overview" "/api/v1/persons/$P1" /api/v1/rolls /api/v1/queue \
            /api/v1/stats /api/v1/settlements; do
    got=$(req GET "$path" "$ZHAN"); expect 403 forbidden_role "provider account on $path"
done
got=$(req GET /api/v1/providers "$ZHAN"); expect 200 - "providers"
[ "$(json "o.items.map(p => p.id).join()")" = "$A" ] || fail "provider list: $(json 'o.items.length')"
got=$(req GET "/api/v1/providers/$B" "$ZHAN"); expect 404 not_found "another provider"
got=$(req GET /api/v1/orders "$LOOSE"); expect 200 - "unbound provider account"
[ "$(json o.total)" = 0 ] || fail "an unbound provider account sees orders"
got=$(req POST /api/v1/orders "$ZHAN" '{"person_id":"1","service":"助浴","slot":"2026-03-20 08:00"}')
expect 403 forbidden_role "a provider account places an order"

# ---- an order dispatched; the slot full: the next free one
got=$(req POST /api/v1/orders "$DIS" "{\"person_id\":\"$P1\",\"service\":\"助浴\",\"slot\":\"2026-03-20 08:00\",\"orderer\":\"家属\",\"orderer_name\":\"王小\"}")
expect 201 - "order placed"
O1=$(json o.id)
[ "$(json o.provider_id)" = "$A" ] || fail "dispatched to $(json o.provider_id)"
[ "$(json o.state_label)" = 已派单 ] || fail "state label"
got=$(req POST /api/v1/orders "$DIS" "{\"person_id\":\"$P2\",\"service\":\"助浴\",\"slot\":\"2026-03-20 08:00\"}")
expect 409 no_capacity "full slot"
[ "$(json o.next_slot)" = 2026-03-20T10 ] || fail "next slot $(json o.next_slot)"
[ "$(json o.next_slot_label)" = "2026-03-20 10:00–12:00" ] || fail "next slot label"
got=$(req POST /api/v1/orders "$DIS" "{\"person_id\":\"$P2\",\"service\":\"助浴\",\"slot\":\"2026-03-20 09:00\"}")
expect 422 invalid_value "a slot that is none"
[ "$(json o.field)" = slot ] || fail "field of the bad slot"
got=$(req POST /api/v1/orders "$STA" "{\"person_id\":\"$P1\",\"service\":\"助浴\",\"slot\":\"2026-03-20 10:00\"}")
[ "$got" = 201 ] || [ "$got" = 404 ] || fail "street order: $got"
if [ "$got" = 201 ]; then req POST "/api/v1/orders/$(json o.id)/cancel" "$DIS" '{}' >/dev/null; fi

# ---- the provider's view: the person served, and only what the service needs
got=$(req GET /api/v1/orders "$ZHAN"); expect 200 - "provider's orders"
[ "$(json "o.items.some(i => i.id === $O1)")" = true ] || fail "own order not listed"
[ "$(json "o.items[0].id_masked.includes('*')")" = true ] || fail "ID number not masked"
[ "$(json "Object.keys(o.items[0]).some(k => /income|deposit|id_number|phone/.test(k))")" = false ] \
    || fail "order shows more than the service needs"
got=$(req GET "/api/v1/providers/$A/clients" "$ZHAN"); expect 200 - "clients"
[ "$(json "o.items.map(i => i.person_id).join()")" = "$P1" ] || fail "clients: $(json o.items)"
[ "$(json "Object.keys(o.items[0]).sort().join()")" = "address,id_masked,name,person_id,services" ] \
    || fail "client fields: $(json o.items[0])"
got=$(req GET "/api/v1/orders/$O1" "$ZHANB"); expect 404 not_found "another provider's order"
got=$(req POST "/api/v1/orders/$O1/checkin" "$ZHANB" "{\"worker_id\":\"$WA\",\"lon\":\"106.54\",\"lat\":\"29.58\"}")
expect 404 not_found "another provider checks in"

# ---- served by the provider account, rated with a complaint by the district
got=$(req POST "/api/v1/orders/$O1/checkin" "$ZHAN" "{\"worker_id\":\"$WA\",\"lon\":\"106.5450\",\"lat\":\"29.5850\",\"at\":\"2026-03-20 08:05\"}")
expect 200 - "check-in"
[ "$(json o.state)" = serving ] || fail "state after check-in"
got=$(req POST "/api/v1/orders/$O1/checkout" "$ZHAN" '{"lon":"106.5450","lat":"29.5850","at":"2026-03-20 09:10"}')
expect 200 - "check-out"
[ "$(json o.done_on)" = 2026-03-20 ] || fail "completed on"
got=$(req POST "/api/v1/orders/$O1/rate" "$ZHAN" '{"rating":"5"}'); expect 403 forbidden_role "provider rates"
got=$(req POST "/api/v1/orders/$O1/rate" "$DIS" '{"rating":"2","complaint":"迟到"}'); expect 200 - "rate"
got=$(req GET "/api/v1/orders?complaints=1" "$DIS"); expect 200 - "complaints"
[ "$(json o.total)" = 1 ] || fail "complaint routed to the district"

# ---- settled once, however often the settlement reruns
got=$(req POST /api/v1/settlements "$DIS" '{"month":"2026-03"}'); expect 201 - "settle"
ROLL=$(json o.roll.id)
[ "$(json o.total)" = 40.00 ] || fail "subsidy $(json o.total), want 40.00 (80 × 50%)"
got=$(req POST /api/v1/settlements "$DIS" '{"month":"2026-03"}'); expect 200 - "settle again"
[ "$(json o.roll.id)" = "$ROLL" ] && [ "$(json o.total)" = 40.00 ] && [ "$(json o.rebuilt)" = true ] \
    || fail "rerun: $(cat body)"
got=$(req POST "/api/v1/rolls/$ROLL/approve" "$DIS" '{}'); expect 409 four_eyes "preparer approves"
got=$(req POST "/api/v1/rolls/$ROLL/approve" "$DIS2" '{}'); expect 200 - "second person approves"
got=$(req POST /api/v1/settlements "$DIS" '{"month":"2026-03"}'); expect 200 - "settle after approval"
[ "$(json o.closed)" = true ] || fail "approved month settled again"
got=$(req GET "/api/v1/settlements/$ROLL" "$DIS"); expect 200 - "settlement"
[ "$(json "o.lines.map(l => l.provider_name + ':' + l.amount).join()")" = "桥北社区养老服务站:40.00" ] \
    || fail "lines $(json o.lines)"
[ "$(q "select count(*) from care_orders where settle_roll = $ROLL")" = 1 ] || fail "orders settled"
[ "$(q "select sum(subsidy) from care_orders")" = 4000 ] || fail "subsidy paid twice"
got=$(req POST /api/v1/settlements "$ZHAN" '{"month":"2026-03"}'); expect 403 forbidden_role "provider settles"
[ "$(q "select count(*) from audit_log where actor = 'user:zhan' and action in ('order.checkin', 'order.checkout')")" = 2 ] \
    || fail "check-in/out not audited under the provider account"
# ---- a provider closed by the district: staff of its scope only, a date
# and a reason, once, audited; the provider's page says so
got=$(req POST "/api/v1/providers/$B/close" "$ZHANB" '{"date":"2026-04-01","reason":"停业"}')
expect 403 forbidden_role "a provider account closes its provider"
got=$(req POST "/api/v1/providers/$B/close" "$STA" '{"date":"2026-04-01","reason":"停业"}')
expect 404 not_found "another street closes it"
got=$(req POST "/api/v1/providers/$B/close" "$DIS" '{"date":"2026-04-31","reason":"停业"}')
expect 422 invalid_date "closing on a day that is none"
[ "$(json o.field)" = date ] || fail "field of the bad closing date"
got=$(req POST "/api/v1/providers/$B/close" "$DIS" '{"date":"2026-04-01"}')
expect 422 missing_field "closing without a reason"
[ "$(json o.field)" = reason ] || fail "field of the missing reason"
[ "$(q "select count(*) from providers where id = $B and closed_on is not null")" = 0 ] || fail "closed by a refused request"
got=$(req POST "/api/v1/providers/$B/close" "$DIS" '{"date":"2026-04-01","reason":"停业整顿"}')
expect 200 - "close"
[ "$(json o.closed_on)" = 2026-04-01 ] && [ "$(json o.closed_reason)" = 停业整顿 ] && [ "$(json o.id)" = "$B" ] \
    || fail "closed provider: $(cat body)"
got=$(req POST "/api/v1/providers/$B/close" "$DIS" '{"date":"2026-04-02","reason":"再次"}')
expect 409 provider_closed "closed twice"
got=$(req GET "/api/v1/providers/$B" "$ZHANB"); expect 200 - "the closed provider's own page"
[ "$(json o.closed_on)" = 2026-04-01 ] || fail "provider account does not see the closure"
[ "$(q "select count(*) from audit_log where action = 'provider.close' and entity_id = '$B' and actor = 'user:dis'")" = 1 ] \
    || fail "closing not audited once under the district account"
echo "care_services: ok"
