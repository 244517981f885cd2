# Out of memory on the main write paths: each command is run with its N-th
# allocation (and every later one) failing (MZ_FAIL_ALLOC, read by the
# sanitizer build), for N from 0 to the command's last allocation. Every
# failure must exit with status 1 and say 内存不足, without a sanitizer report
# (no crash, no leak), and leave the database exactly as it was (its whole
# content compared); the command then succeeds once memory is there, and the
# database checks and its audit chain verifies.
# NOMEM_DENSE (default 6) is how many allocations before the last are each
# tried; below them N steps by a third down to 0, so a run costs about 20
# failures a command. NOMEM_DENSE=100000 tries every N.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=n.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_FEEDS="$MZ_REPO/feeds" \
    MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
dense=${NOMEM_DENSE:-6}
q() { sqlite3 n.db "$1"; }
# The database's content, but for the audit entries of the command line
# acting for an account (--as), which are written before the command runs,
# and the generation of the whole city's snapshot (registry_gen), which a
# command reading the city advances before it fails (docs/performance.md).
state() { sqlite3 n.db .dump | grep -v "'user.cli_delegated'" | grep -v '^INSERT INTO registry_gen' | md5sum; }

# run N CMD…: runs CMD with allocations failing after the N-th; 0 if it
# succeeded, 1 if it failed cleanly, and fails the test otherwise.
run() {
    local n=$1; shift
    local rc=0
    MZ_FAIL_ALLOC=$n "$@" >out.txt 2>err.txt || rc=$?
    if grep -q -E 'Sanitizer|runtime error' err.txt; then
        cat err.txt >&2; fail "$* with allocation $n failing: sanitizer report"
    fi
    [ $rc -eq 0 ] && return 0
    [ $rc -eq 1 ] || { cat err.txt >&2; fail "$* with allocation $n failing: exit status $rc"; }
    grep -q '内存不足' err.txt || fail "$* with allocation $n failing does not say so: $(head -3 err.txt)"
    [ "$(state)" = "$before" ] || fail "$* with allocation $n failing changed the database"
    return 1
}

# walk CMD…: counts CMD's allocations (N, on a copy of the database), then
# runs it failing from allocation N-1, N-2, … N-dense each, then down by
# thirds to 0; finally CMD itself.
walk() {
    before=$(state)
    sqlite3 n.db ".backup walk.db"
    rm -rf walk-snap && mkdir walk-snap && { cp n.db-snapshot-* walk-snap/ 2>/dev/null || true; }
    local n tried=0 all
    MZ_FAIL_ALLOC=count "$@" >out.txt 2>err.txt || { cat err.txt >&2; fail "$*"; }
    all=$(sed -n 's/^mz-allocations //p' err.txt)
    [ -n "$all" ] || fail "$*: no count of allocations"
    restore
    for ((n = all - 1; n >= 0; n = n > all - dense ? n - 1 : n - n / 3 - 1)); do
        restore
        ! run $n "$@" || fail "$* succeeded with allocation $n of $all failing"
        tried=$((tried + 1))
    done
    restore
    rm -r walk.db walk-snap
    "$@" >out.txt 2>err.txt || { cat err.txt >&2; fail "$*"; }
    "$MZ" db check >/dev/null || fail "db check after $*"
    "$MZ" audit verify >/dev/null 2>&1 || fail "audit verify after $*"
    echo "${*:2:3}: $all allocations, $tried failures clean"
}
# Puts back the database walk started from.
# The database and the snapshot files beside it as walk found them: each
# run starts from the same state, so it makes the same allocations as the
# counted run (a snapshot file left current by one run would spare the next
# the reading of the city).
restore() {
    rm -f n.db-wal n.db-shm n.db-snapshot-*
    cp walk.db n.db
    cp walk-snap/* . 2>/dev/null || true
}

"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" calendar import "$MZ_HOLIDAYS" >/dev/null
"$MZ" gen --persons 150 --seed 5 --date 2025-01-01 --csv . >/dev/null
walk "$MZ" import households households.csv --date 2025-01-01
walk "$MZ" import persons persons.csv --date 2025-01-01
walk "$MZ" import facts facts.csv --date 2025-01-01
[ "$(q 'select count(*) from persons')" = 150 ] || fail "persons after the import"

{ echo 身份证号,结算单号,结算日期,近12个月自付金额
  sed -n '2,41p' persons.csv | awk -F, '{printf "%s,YB-%03d,2025-02-20,%d.00\n", $1, NR, 300 * NR}'; } > yb.csv
walk "$MZ" feed ingest yibao yb.csv --as-of 2025-03-03
[ "$(q "select count(*) from facts where source = 'feed:yibao'")" = 40 ] || fail "feed facts"

walk "$MZ" policy check "$MZ_REPO/policies/chongqing"

hh=$(q "select hh_no from households h where exists
        (select 1 from memberships m where m.household_id = h.id) order by id limit 1")
div=$(q "select division from households where hh_no = '$hh'")
for u in "li street ${div:0:9}" "wang district ${div:0:6}"; do
    set -- $u
    MZ_PASSWORD="pw-$1-12345" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
    MZ_PASSWORD="pw-$1-12345" "$MZ" user delegate "$1" >/dev/null
done
walk "$MZ" case open dibao --household "$hh" --as li --date 2025-06-02
walk "$MZ" case step 1 accept --as li --date 2025-06-02
[ "$(q 'select count(*) from cases')" = 1 ] || fail "one case"

walk "$MZ" roll enrol --eligible --program dibao --from 2025-07
walk "$MZ" roll build --program dibao --month 2025-07 --unit "${div:0:6}" --as li
[ "$(q 'select count(*) from rolls')" = 1 ] || fail "one roll"
