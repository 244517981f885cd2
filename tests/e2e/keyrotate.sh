# Key rotation while the server works: `mz key add` puts a new master key in
# the key file, `mz key rotate` re-seals every ID number (and its blind
# index), phone and bank account under it in short transactions while
# clients look persons up by ID number and add persons with phones. No
# request fails, nothing is under the old key afterwards, every person is
# still found by ID number and none is doubled, the audit chain (written
# under both keys) verifies, a backup made before the rotation still opens
# with the new key file, and MZ_KEY cannot be added to.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
unset MZ_KEY
P="$MZ_REPO/policies/chongqing"
opts=(--db r.db --policies "$P" --feeds "$MZ_REPO/feeds" --holidays "$MZ_REPO/data/holidays-cn.csv")
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db r.db >/dev/null
mkdir csv && "$MZ" gen --persons 20000 --seed 9 --date 2025-01-01 --csv csv --db r.db >/dev/null
"$MZ" gen --persons 20000 --seed 9 --date 2025-01-01 --db r.db >/dev/null
[ -f r.db.key ] || fail "no key file made"
q() { sqlite3 r.db "$1"; }
MZ_PASSWORD=pw-admin-123 "$MZ" user add admin --role city_admin --division 50 --db r.db >/dev/null
"$MZ" backup before.db --db r.db >/dev/null
cp r.db.key before.key

"$MZ" serve --listen 127.0.0.1:0 "${opts[@]}" > serve.out 2> serve.err &
spid=$!
trap 'kill $spid 2>/dev/null || true' EXIT
for _ in $(seq 600); do grep -q "http://" serve.out 2>/dev/null && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.:]*' serve.out) || fail "server did not start: $(cat serve.err)"
token=$(curl -s -X POST "$URL/api/v1/login" -H 'Content-Type: application/json' \
    -d '{"name":"admin","password":"pw-admin-123"}' |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))')
[ -n "$token" ] || fail "login"
hh=$(sed -n 2p csv/households.csv | cut -d, -f1 | tr -d '\357\273\277')
div=$(q "select division from households where hh_no = '$hh'")

# Until ./stop appears: one client looks persons up by full ID number, one
# adds persons (with a phone) to a household; every status goes to status.*.
reader() {
    while [ ! -e stop ]; do
        awk -F, 'NR > 1 && NR % 97 == 0 { print $1 }' csv/persons.csv | while read -r id; do
            curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $token" \
                "$URL/api/v1/persons?id_number=$id" >> status.read
            [ -e stop ] && break
        done
    done
}
# valid ID numbers 110101198001010001… (GB 11643 check digit)
awk 'BEGIN { split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
             for (n = 1; n <= 999; n++) { b = sprintf("11010119800101%03d", n); t = 0
                 for (i = 1; i <= 17; i++) t += substr(b, i, 1) * w[i]
                 print b substr("10X98765432", t % 11 + 1, 1) } }' > new_ids
writer() {
    local n=0
    while [ ! -e stop ] && read -r id; do
        n=$((n + 1))
        echo "$id" >> added
        curl -s -o /dev/null -w '%{http_code}\n' -X POST -H "Authorization: Bearer $token" \
            -H 'Content-Type: application/json' "$URL/api/v1/persons" \
            -d "{\"id_number\":\"$id\",\"name\":\"轮换测试$n\",\"hukou\":\"城镇\",\"division\":\"$div\",\"household_no\":\"$hh\",\"relation\":\"其他\",\"phone\":\"1380000$(printf %04d $n)\"}" >> status.write
    done < new_ids
}
reader & rpid=$!
writer & wpid=$!
sleep 1
"$MZ" key add --db r.db > add.txt || fail "key add: $(cat add.txt)"
grep -q '第 2 把主密钥' add.txt || fail "key add: $(cat add.txt)"
[ "$(wc -l < r.db.key)" = 2 ] || fail "key file does not hold two keys"
[ "$(stat -c %a r.db.key)" = 600 ] || fail "key file mode $(stat -c %a r.db.key)"
"$MZ" key rotate --batch 500 --db r.db > rotate.txt || fail "rotate: $(cat rotate.txt)"
grep -q '全部密文均在当前密钥下' rotate.txt || fail "rotate: $(cat rotate.txt)"
sleep 1
touch stop
wait $rpid $wpid
kill $spid; wait $spid 2>/dev/null || true

reads=$(wc -l < status.read) writes=$(wc -l < status.write)
bad=$(cat status.read status.write | { grep -cv '^20[01]$' || true; })
[ "$bad" = 0 ] || fail "$bad of $reads reads and $writes writes failed during the rotation: $(sort status.* | uniq -c)"
[ "$writes" -gt 0 ] && [ "$reads" -gt 0 ] || fail "the clients did nothing"
echo "during the rotation: $reads look-ups and $writes additions, none failed"

"$MZ" key status --db r.db > status.txt
grep -q '第 1 把' status.txt && fail "values left under the old key: $(cat status.txt)"
grep -q '身份证号.*第 2 把（当前）' status.txt || fail "status: $(cat status.txt)"
grep -q '联系电话.*第 2 把（当前）' status.txt || fail "phones not under the new key: $(cat status.txt)"
"$MZ" key rotate --db r.db | grep -q '已把 0 个密文' || fail "a second rotation re-sealed something"
[ "$(q "select count(*) from persons")" = "$(q "select count(distinct id_index) from persons")" ] \
    || fail "blind indexes doubled"
total=$(($(wc -l < csv/persons.csv) - 1 + $(sort -u added | wc -l)))
[ "$(q "select count(*) from persons")" -le "$total" ] || fail "a person was added twice"
for id in $(awk -F, 'NR > 1 && NR % 1000 == 0 { print $1 }' csv/persons.csv) $(tail -3 added); do
    "$MZ" person find "$id" --db r.db > found.txt 2>&1 || fail "$id not found after the rotation: $(cat found.txt)"
done
"$MZ" audit verify --db r.db > verify.txt 2>&1 || fail "audit chain: $(cat verify.txt)"
[ "$(q "select count(*) from audit_log where key_epoch = 2 and action = 'key.rotate'")" -gt 0 ] \
    || fail "no rotation entries under the new key"
# The old backup opens with the new ring (it holds the old key too), not
# the other way round.
id=$(sed -n 2p csv/persons.csv | cut -d, -f1 | tr -d '\357\273\277')
"$MZ" person find "$id" --db before.db --key-file r.db.key >/dev/null || fail "old backup with the new ring"
"$MZ" person find "$id" --db r.db --key-file before.key > old.txt 2>&1 && fail "the old key opened the rotated database"
grep -q '第 2 把' old.txt || fail "the old ring's refusal says nothing useful: $(cat old.txt)"
MZ_KEY=$(head -1 r.db.key) "$MZ" key add --db r.db 2> env.txt && fail "key add with MZ_KEY"
grep -q 'MZ_KEY' env.txt || fail "key add with MZ_KEY: $(cat env.txt)"
echo ok
