# A process killed (SIGKILL) in the middle of an import leaves the database
# consistent and without any row of that import; running it again loads it
# all, once.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" --db c.db >/dev/null
"$MZ" gen --persons 40000 --seed 3 --date 2026-01-05 --csv . --db c.db >/dev/null
"$MZ" import households households.csv --date 2026-01-05 --db c.db >/dev/null

"$MZ" import persons persons.csv --date 2026-01-05 --db c.db > /dev/null 2>&1 &
pid=$!
# Let the import get well under way (it takes several seconds), then kill it.
sleep 1.5
kill -0 $pid 2>/dev/null || fail "the import finished before it could be killed"
kill -9 $pid
wait $pid 2>/dev/null || true

"$MZ" db check --db c.db >/dev/null || fail "database damaged"
[ "$(sqlite3 c.db 'select count(*) from persons')" = 0 ] || fail "half an import is visible"
[ "$(sqlite3 c.db 'select count(*) from memberships')" = 0 ] || fail "memberships left behind"
"$MZ" import persons persons.csv --date 2026-01-05 --db c.db | grep -q '新增 40000' || fail "rerun"
[ "$(sqlite3 c.db 'select count(*) from persons')" = 40000 ] || fail "rerun count"
