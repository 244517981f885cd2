# Spot checks (随机抽查, issue #20): a 30 % sample of the households enrolled
# in 低保 under a county, drawn from a seed; the same seed draws the same
# households again; the sample is exactly the households with the smallest
# SM3("seed|户编号"), recomputed here with OpenSSL alone from the enrolled
# list; bad input names its field; every draw is audited.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_POLICIES="$MZ_REPO/policies/chongqing"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db t.db >/dev/null
"$MZ" gen --persons 4000 --seed 21 --date 2026-01-05 --db t.db >/dev/null
"$MZ" eval --as-of 2026-02-01 --db t.db >/dev/null
"$MZ" roll enrol --eligible --program dibao --from 2026-02 --db t.db >/dev/null
C=$(sqlite3 t.db "select substr(h.division, 1, 6) c from enrolments e join households h on h.id = e.household_id
                  group by c order by count(*) desc limit 1")
draw() { "$MZ" spotcheck draw --program dibao --division "$C" --share 30 --as-of 2026-03-10 --db t.db "$@"; }
draw --seed 2026-03-lottery > a.txt || fail "draw: $(cat a.txt)"
read -r pop n <<< "$(sed -n 's/.*在册 \([0-9]*\) 户，抽中 \([0-9]*\) 户.*/\1 \2/p' a.txt)"
[ "$pop" -ge 10 ] || fail "population $pop: $(head -2 a.txt)"
[ "$n" = $(((pop * 30 + 99) / 100)) ] || fail "sample of $n from $pop is not 30 % rounded up"
grep -oE '[0-9]{12}-[0-9]{8}' a.txt > sample.txt
[ "$(wc -l < sample.txt)" = "$n" ] || fail "listed $(wc -l < sample.txt) of $n"
# the same seed, the same households; another seed, another sample
draw --seed 2026-03-lottery > b.txt
cmp -s sample.txt <(grep -oE '[0-9]{12}-[0-9]{8}' b.txt) || fail "the same seed drew another sample"
draw > c.txt
cmp -s sample.txt <(grep -oE '[0-9]{12}-[0-9]{8}' c.txt) && fail "a random seed drew the same sample"
# independently: rank every enrolled household by SM3 with OpenSSL
sqlite3 t.db "select distinct h.hh_no from enrolments e join households h on h.id = e.household_id
              where e.program = 'dibao' and h.division like '$C%'" |
    while read -r hh; do printf '%s %s\n' "$(printf '%s' "2026-03-lottery|$hh" | openssl dgst -sm3 -r | cut -d' ' -f1)" "$hh"; done |
    sort | head -n "$n" | cut -d' ' -f2 > expected.txt
cmp -s sample.txt expected.txt || fail "not the SM3-ranked sample: $(diff sample.txt expected.txt | head)"
"$MZ" spotcheck show 1 --db t.db | grep -oE '[0-9]{12}-[0-9]{8}' | cmp -s - sample.txt || fail "show 1"
[ "$(sqlite3 t.db "select count(*) from audit_log where action = 'spotcheck.draw'")" = 3 ] || fail "draws not audited"
# bad input
bad() { set +e; "$MZ" spotcheck draw --db t.db "$@" 2> err.txt; rc=$?; set -e; [ $rc -ne 0 ] || fail "accepted: $*"; }
bad --program dibao --division "$C" --share 0;        grep -q '抽查比例' err.txt || fail "share 0: $(cat err.txt)"
bad --program dibao --division 5001x --share 30;      grep -q '区划代码' err.txt || fail "division: $(cat err.txt)"
bad --program dibao --division "$C" --share 30 --seed 'a|b'; grep -q '随机种子' err.txt || fail "seed: $(cat err.txt)"
bad --program nosuch --division "$C" --share 30;      grep -q '没有 nosuch 的在册家庭' err.txt || fail "program: $(cat err.txt)"
echo "spotcheck ok: $n of $pop"
