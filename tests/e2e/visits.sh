# 探访关爱 (issue #14) from the command line and over HTTP, on a synthetic
# city: the month's schedule lists the persons the policy makes visit
# targets, with the reasons; a recorded visit writes last_contact (audited)
# and shows as visited; a target not visited for more than the interval
# raises visit_missed through the sweep; bad input is refused naming the
# option or field; the API is scoped by division, read-only roles cannot
# record, and another street's elder answers as missing.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; [ -f body ] && head -c 600 body >&2; exit 1; }
. "$MZ_REPO/tests/e2e/lib/http.bash"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=v.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_TODAY=2025-07-20
opts=(--feeds "$MZ_REPO/feeds" --holidays "$MZ_REPO/data/holidays-cn.csv")
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 3000 --seed 5 --date 2025-01-01 >/dev/null
mkdir csv && "$MZ" gen --persons 3000 --seed 5 --date 2025-01-01 --csv csv >/dev/null
q() { sqlite3 v.db "$1"; }

"$MZ" visit schedule --month 2025-07 "${opts[@]}" > sched.txt || fail "schedule"
total=$(sed -n 's/^2025-07 探访对象 \([0-9]*\) 人，已探访 0 人，探访率 0.0%$/\1/p' sched.txt)
[ -n "$total" ] && [ "$total" -gt 10 ] || fail "schedule: $(tail -1 sched.txt)"
[ "$(grep -c '独居' sched.txt)" -gt 0 ] && [ "$(grep -c '空巢' sched.txt)" -gt 0 ] || fail "reasons"
[ "$(grep -cE '[0-9]{6}\*{8}[0-9]{3}[0-9X]' sched.txt)" = "$total" ] || fail "ID numbers not masked"
# The full ID number of the n-th target (from the generator's CSV: name and masked number).
id_of() {
    local line name masked
    line=$(sed -n "${1}p" sched.txt); name=$(cut -f2 <<< "$line"); masked=$(cut -f4 <<< "$line")
    grep ",$name," csv/persons.csv | cut -d, -f1 | grep "^${masked:0:6}.*${masked:14:4}\$" | head -n 1
}
X=$(id_of 1) Y=$(id_of 2)
[ -n "$X" ] && [ -n "$Y" ] || fail "no ID numbers for the first targets"

# Bad input: refused naming the option, nothing written.
bad() { # bad OPTION ARGS…: the record fails and the message names --OPTION
    local opt=$1; shift
    set +e; "$MZ" visit record "$@" "${opts[@]}" 2> err.txt; local rc=$?; set -e
    [ $rc = 1 ] && grep -q -- "--$opt：" err.txt || fail "bad --$opt: rc $rc, $(cat err.txt)"
}
bad date --id "$X" --date 2025-07-21 --method 上门 --visitor 小张
bad date --id "$X" --date 1900-02-30 --method 上门 --visitor 小张
bad method --id "$X" --date 2025-07-01 --method 走访 --visitor 小张
bad id --id 500103199001010010 --date 2025-07-01 --method 上门 --visitor 小张
bad visitor --id "$X" --date 2025-07-01 --method 上门
[ "$(q "select count(*) from visits")" = 0 ] || fail "a refused visit was stored"

# A missed visit: after the registry's first sweep, X is visited on 1 June
# (recorded that day); 34 days later the sweep raises visit_missed.
"$MZ" monitor sweep --baseline --as-of 2025-06-01 "${opts[@]}" >/dev/null
MZ_TODAY=2025-06-01 "$MZ" visit record --id "$X" --date 2025-06-01 --method 电话 --visitor 小张 \
    --findings 身体尚可 "${opts[@]}" > out.txt || fail "record: $(cat out.txt)"
pidx=$(q "select person_id from visits")
missed() { q "select count(*) from warnings where rule = 'visit_missed' and person_id = $pidx $*"; }
[ "$(missed)" = 0 ] || fail "raised too early"
"$MZ" monitor sweep --as-of 2025-07-02 "${opts[@]}" >/dev/null
[ "$(missed)" = 0 ] || fail "raised within 31 days"
"$MZ" monitor sweep --as-of 2025-07-05 "${opts[@]}" >/dev/null
[ "$(missed "and raised_by = 'sweep'")" = 1 ] \
    || fail "missed visit not raised by the sweep: $(q "select rule, person_id, raised_by from warnings")"
[ "$(q "select value || ' ' || source from facts where variable = 'last_contact' and entity_id = $pidx")" = "2025-06-01 visit" ] \
    || fail "last_contact fact"
[ "$(q "select count(*) from audit_log where action = 'visit.record'")" = 1 ] || fail "visit audited"
"$MZ" visit record --id "$X" --date 2025-07-18 --method 上门 --visitor 小张 --needs-help \
    --findings 需要助餐 "${opts[@]}" >/dev/null
"$MZ" visit list --id "$X" > list.txt
[ "$(sed -n 1p list.txt)" = "$(printf '2025-07-18\t上门\t小张\t【需要帮助】需要助餐')" ] || fail "list: $(cat list.txt)"
"$MZ" visit schedule --month 2025-07 "${opts[@]}" | grep -q "已探访 1 人" || fail "visited this month"

# Over HTTP, scoped to the street.
street=$(q "select substr(division, 1, 9) from persons where id = $pidx")
other=$(q "select substr(division, 1, 9) from households where division not like '$street%' limit 1")
for u in "sta street $street" "stb street $other" "aud auditor 50" \
         "com community $(q "select division from persons where id = $pidx")"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
"$MZ" serve --listen 127.0.0.1:0 "${opts[@]}" > serve.out 2> serve.err &
serve_wait $!
login() {
    [ "$(req POST /api/v1/login '' "{\"name\":\"$1\",\"password\":\"pw-$1-123\"}")" = 200 ] || fail "login $1"
    json o.token
}
STA=$(login sta) STB=$(login stb) AUD=$(login aud) COM=$(login com)
expect() { # expect STATUS CODE FIELD what
    [ "$got" = "$1" ] || fail "$4: status $got, want $1"
    [ "$2" = - ] || [ "$(json o.code)" = "$2" ] || fail "$4: code $(json o.code), want $2"
    [ "$3" = - ] || [ "$(json o.field)" = "$3" ] || fail "$4: field $(json o.field), want $3"
}
[ "$(req GET /api/v1/visits/schedule)" = 401 ] || fail "no session"
got=$(req GET "/api/v1/visits/schedule?month=2025-07" "$STA"); expect 200 - - "schedule"
n=$(json o.targets)
[ "$n" = "$(json o.items.length)" ] && [ "$n" = "$(grep -c "^$street" sched.txt)" ] || fail "street's targets: $n"
[ "$(json "o.items.every(i => i.division.startsWith('$street') && /^[0-9]{6}\*{8}/.test(i.id_number))")" = true ] \
    || fail "scope or masking"
[ "$(json "o.items.find(i => i.person_id === $pidx).visited")" = true ] || fail "X visited"
Y=$(json "o.items.find(i => !i.visited).person_id")
got=$(req GET "/api/v1/visits/schedule?month=2025-13" "$STA"); expect 422 invalid_value month "bad month"
got=$(req GET "/api/v1/visits/schedule?division=$other" "$STA"); expect 200 - - "other street"
[ "$(json o.targets)" = 0 ] || fail "a filter outside the scope widened it"
body() { echo "{\"person_id\":$Y,\"visited_on\":\"$1\",\"method\":\"$2\"${3:+,$3}}"; }
got=$(req POST /api/v1/visits "$STA" "$(body 2025-07-21 上门)"); expect 422 invalid_value visited_on "future"
got=$(req POST /api/v1/visits "$STA" "$(body 2025-07-19 跑步)"); expect 422 invalid_value method "method"
got=$(req POST /api/v1/visits "$STA" "$(body 2025-07-19 上门 '"who":"x"')"); expect 400 unknown_field who "unknown field"
got=$(req POST /api/v1/visits "$STA" "$(body 2025-07-19 上门 '"needs_help":"yes"')"); expect 422 wrong_type needs_help "flag"
got=$(req POST /api/v1/visits "$STB" "$(body 2025-07-19 上门)"); expect 404 unknown_person person_id "another street"
got=$(req POST /api/v1/visits "$AUD" "$(body 2025-07-19 上门)"); expect 403 read_only - "auditor"
[ "$(q "select count(*) from visits where person_id = $Y")" = 0 ] || fail "a refused visit was stored"
got=$(req POST /api/v1/visits "$STA" "$(body 2025-07-19 视频 '"findings":"情绪稳定","needs_help":false')")
expect 201 - - "record"
got=$(req GET "/api/v1/visits?person_id=$Y" "$STA"); expect 200 - - "visits"
[ "$(json "o.items.map(v => v.method + v.visitor + v.findings).join()")" = "视频sta情绪稳定" ] || fail "visits of Y"
got=$(req GET "/api/v1/visits?person_id=$Y" "$STB"); expect 404 unknown_person - "visits of another street"
got=$(req GET "/api/v1/visits/schedule?month=2025-07" "$STA"); expect 200 - - "schedule again"
[ "$(json "o.items.find(i => i.person_id === $Y).visited")" = true ] || fail "Y visited"
[ "$(q "select actor from audit_log where action = 'visit.record' order by seq desc limit 1")" = "user:sta" ] \
    || fail "audit actor"
"$MZ" audit verify >/dev/null || fail "audit chain"

# ---- smart alarms: a station of X's community run by its street's centre
# (the provider network's tables, filled here as its import would).
now=$(date -u +%s)
q "insert into providers(code, name, kind, division, lon, lat, capacity, occupancy, slot_capacity,
     created_at, updated_at) values ('ZX-T', '测试街道养老服务中心', 'centre', '${street}', 106.5, 29.5,
     0, 0, 0, 'x', 'x'), ('ZD-T', '测试社区养老服务站', 'station', '$(q "select division from persons where id = $pidx")',
     106.5, 29.5, 0, 0, 0, 'x', 'x');
   update providers set parent_id = (select id from providers where code = 'ZX-T') where code = 'ZD-T'"
dev() { "$MZ" alarm device --no "$1" --kind "$2" --id "$X" --station ZD-T --contact 王小明 --phone "$3"; }
set +e; dev SG-T1 烟感 电话 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q -- '--phone：联系电话格式不正确' err.txt || fail "bad phone: $(cat err.txt)"
dev SG-T1 烟感 13812345678 >/dev/null || fail "device"
dev MC-T1 门磁 13812345678 >/dev/null || fail "device"
[ "$(q "select count(*) from devices where contact_phone like '%1381234%'")" = 0 ] || fail "phone not sealed"
minute() { date -u -d "@$((now + 8 * 3600 + $1 * 60))" '+%Y-%m-%d %H:%M'; }
printf '设备编号,事件编号,事件类型,发生时间\nSG-T1,E1,烟感,%s\nNOPE,E2,烟感,%s\nMC-T1,E3,烟感,%s\n' \
    "$(minute 0)" "$(minute 0)" "$(minute 0)" > ev.csv
"$MZ" alarm ingest ev.csv > out.txt 2> err.txt || fail "ingest: $(cat err.txt)"
grep -q '新报警 1 条，重复 0 条，拒收 2 条' out.txt || fail "ingest: $(cat out.txt)"
grep -q 'ev.csv:3: 未登记的设备“NOPE”' err.txt || fail "unknown device: $(cat err.txt)"
"$MZ" feed rejects alarm > rej.txt
grep -q 'NOPE/E2.*未登记的设备' rej.txt && grep -q 'MC-T1/E3.*与设备 MC-T1 的类型“门磁”不符' rej.txt \
    || fail "reject queue: $(cat rej.txt)"
"$MZ" alarm ingest ev.csv 2>/dev/null | grep -q '新报警 0 条，重复 1 条' || fail "replay"
A1=$(q "select id from alarms")
"$MZ" alarm escalate --at "$(minute 2)" | grep -q '逐级上报 0 次' || fail "escalated early"
"$MZ" alarm escalate --at "$(minute 3)" | grep -q '逐级上报 1 次' || fail "no escalation at 3 minutes"
[ "$(q "select tier from alarms where id = $A1")" = 2 ] || fail "tier 2"
grep -q '测试街道养老服务中心' <<< "$(q "select note from alarm_steps where alarm_id = $A1 and tier = 2")" || fail "centre told"

# over HTTP: the device platform, the street's board, acknowledging and closing
"$MZ" token add iot --devices > tok.txt || fail "token"
IOT=$(sed -n 's/^令牌（只显示这一次）：//p' tok.txt)
"$MZ" token add other --feed tanfang "${opts[@]}" > tok.txt || fail "token"
OTHER=$(sed -n 's/^令牌（只显示这一次）：//p' tok.txt)
evs="{\"events\":[{\"device_no\":\"MC-T1\",\"event_key\":\"D1\",\"kind\":\"门磁\",\"occurred_at\":\"$(minute 0)\"},{\"device_no\":\"X\",\"event_key\":\"D2\",\"kind\":\"门磁\",\"occurred_at\":\"$(minute 0)\"}]}"
got=$(req POST /api/v1/devices/events "$OTHER" "$evs"); expect 403 forbidden_feed - "token without devices"
got=$(req POST /api/v1/devices/events "$IOT" "$evs"); expect 200 - - "events"
[ "$(json o.opened),$(json o.rejected)" = "1,1" ] || fail "events: $(cat body)"
got=$(req POST /api/v1/devices/events "$IOT" "$evs"); expect 200 - - "events again"
[ "$(json o.opened),$(json o.unchanged)" = "0,1" ] || fail "replayed events: $(cat body)"
got=$(req GET /api/v1/alarms "$STA"); expect 200 - - "board"
[ "$(json o.items.length)" = 2 ] && [ "$(json "o.items.every(a => a.contact_phone === '13812345678' && a.station === '测试社区养老服务站')")" = true ] \
    || fail "board: $(head -c 600 body)"
got=$(req GET /api/v1/alarms "$COM"); expect 200 - - "the community's board"
[ "$(json "o.items.map(a => a.contact_phone).join()")" = "138****5678,138****5678" ] || fail "phones masked for the community"
got=$(req GET /api/v1/alarms "$STB"); expect 200 - - "another street's board"
[ "$(json o.items.length)" = 0 ] || fail "another street sees the alarms"
got=$(req POST "/api/v1/alarms/$A1/acknowledge" "$STB" '{}'); expect 404 not_found - "another street acknowledges"
got=$(req POST "/api/v1/alarms/$A1/acknowledge" "$AUD" '{}'); expect 403 read_only - "auditor acknowledges"
got=$(req POST "/api/v1/alarms/$A1/acknowledge" "$STA" '{}'); expect 200 - - "acknowledge"
got=$(req POST "/api/v1/alarms/$A1/acknowledge" "$STA" '{}'); expect 409 bad_state - "acknowledged twice"
got=$(req POST "/api/v1/alarms/$A1/close" "$STA" '{}'); expect 422 missing_text outcome "close without outcome"
got=$(req POST "/api/v1/alarms/$A1/close" "$STA" '{"outcome":"厨房油烟，已排除险情"}'); expect 200 - - "close"
[ "$(q "select state || ' ' || acknowledged_by || ' ' || closed_by from alarms where id = $A1")" = "closed user:sta user:sta" ] \
    || fail "alarm closed"
[ "$(q "select group_concat(step, ',') from (select step from alarm_steps where alarm_id = $A1 order by id)")" = "报警,升级,确认,办结" ] \
    || fail "steps: $(q "select step from alarm_steps where alarm_id = $A1")"
"$MZ" audit verify >/dev/null || fail "audit chain"

# ---- 银龄 volunteers: a younger elder of X's community registered, the
# month's targets paired, a visit by the volunteer credited in the time bank
comm=$(q "select division from persons where id = $pidx")
V=$(awk -F, -v c="$comm" '$6 == c && $4 >= "1957-08-01" && $4 <= "1964-07-01" { print $1; exit }' csv/persons.csv)
[ -n "$V" ] || fail "no person of 61–67 in $comm"
set +e; "$MZ" volunteer add --id "$V" --skills 跳舞 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q -- '--skills：技能应为' err.txt || fail "bad skill: $(cat err.txt)"
"$MZ" volunteer add --id "$V" --skills 探访、助餐 | grep -q '已登记银龄志愿者' || fail "volunteer add"
"$MZ" volunteer match --month 2025-07 > out.txt || fail "match"
pairs=$(sed -n 's/^新结对 \([0-9]*\) 对$/\1/p' out.txt)
[ "$pairs" -ge 1 ] && [ "$pairs" -le 3 ] || fail "pairs: $(cat out.txt)"
T=$(q "select target_id from volunteer_pairs limit 1")
VP=$(q "select person_id from volunteers")
got=$(req POST /api/v1/visits "$STA" "{\"person_id\":$T,\"visited_on\":\"2025-07-19\",\"method\":\"上门\",\"volunteer_id\":$VP}")
expect 201 - - "a visit by the volunteer"
[ "$(q "select v.visitor = p.name from visits v, persons p where v.person_id = $T and p.id = $VP order by v.id desc limit 1")" = 1 ] \
    || fail "the volunteer is the visitor"
"$MZ" volunteer hours --id "$V" --date 2025-07-18 --activity 助餐 --minutes 45 >/dev/null || fail "hours"
"$MZ" volunteer list | grep -q "探访、助餐	结对 $pairs 人	时间银行 105 分钟" || fail "list: $("$MZ" volunteer list)"
set +e; "$MZ" volunteer hours --id "$V" --date 2025-07-18 --activity 助餐 --minutes 0 2> err.txt; rc=$?; set -e
[ $rc = 1 ] && grep -q -- '--minutes：' err.txt || fail "bad minutes: $(cat err.txt)"
got=$(req GET /api/v1/volunteers "$STA"); expect 200 - - "volunteers"
[ "$(json "o.items.map(v => v.minutes + '/' + v.pairs).join()")" = "105/$pairs" ] || fail "volunteers: $(cat body)"
got=$(req GET /api/v1/volunteers "$STB"); expect 200 - - "another street's volunteers"
[ "$(json o.items.length)" = 0 ] || fail "volunteers of another street"
got=$(req POST /api/v1/volunteers/match "$AUD" '{"month":"2025-07"}'); expect 403 read_only - "auditor matches"
got=$(req POST /api/v1/volunteers/match "$STA" '{"month":"2025-7"}'); expect 422 invalid_value month "bad month"
got=$(req POST /api/v1/volunteers/match "$STA" '{"month":"2025-07"}'); expect 200 - - "match again"
[ "$(json o.paired)" = 0 ] || fail "paired twice"
"$MZ" audit verify >/dev/null || fail "audit chain"
