# The policy engine from the command line: policy tests pass, a whole-city
# evaluation is stored, a household's explanation names the failing
# criterion with its numbers, and errors point at file:line:column.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
P="$MZ_REPO/policies/chongqing"
"$MZ" policy test "$P" > out.txt || fail "policy test: $(tail -5 out.txt)"
"$MZ" policy check "$P" > /dev/null || fail "policy check"

"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db e.db >/dev/null
"$MZ" gen --persons 4000 --seed 11 --date 2025-01-01 --db e.db >/dev/null
"$MZ" eval --as-of 2025-07-01 --policies "$P" --db e.db > eval.txt
grep -q '城乡居民最低生活保障' eval.txt || fail "eval output: $(cat eval.txt)"
n=$(sqlite3 e.db "select eligible from eval_totals where program = 'dibao'")
[ "$n" -gt 0 ] || fail "no 低保 household in a city of 4000"
[ "$(sqlite3 e.db "select count(*) from eval_results where program = 'dibao'")" = "$n" ] || fail "results"

# A household that is not eligible for 低保: its explanation names a failing criterion.
hh=$(sqlite3 e.db "select hh_no from households where id not in
      (select household_id from eval_results where program = 'dibao') limit 1")
"$MZ" explain "$hh" --program dibao --as-of 2025-07-01 --policies "$P" --db e.db > ex.txt
grep -q '不符合' ex.txt && grep -q '不成立' ex.txt && grep -q '元' ex.txt || fail "explain: $(cat ex.txt)"
# An eligible one says so, with its amount.
hh=$(sqlite3 e.db "select h.hh_no from households h join eval_results r on r.household_id = h.id
      where r.program = 'dibao' limit 1")
"$MZ" explain "$hh" --program dibao --as-of 2025-07-01 --policies "$P" --db e.db | grep -q '本户：符合' \
    || fail "eligible explain"

# Errors for people.
mkdir bad && printf 'program x "X" on household\n  criterion "c" cite "d" = nosuch > 1\n' > bad/x.pol
set +e
"$MZ" policy check bad 2> err.txt; rc=$?
set -e
[ $rc -ne 0 ] && grep -q 'bad/x.pol:2:' err.txt || fail "policy error location: $(cat err.txt)"
set +e
"$MZ" explain NOPE --policies "$P" --db e.db 2> err.txt; rc=$?
set -e
[ $rc -eq 1 ] && grep -q 'NOPE' err.txt || fail "unknown household"
