# Upgrades: a database written by each released schema version of mz
# (tests/data/upgrade/vN.db.gz, see the README there) opens under this mz,
# is migrated to the current schema without losing or changing a row, keeps
# an intact audit chain, and goes on working: evaluation, explanation, the
# open case, the approved roll, a sweep, a backup and its restore.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
q() { sqlite3 "$1" "$2"; }

current=$("$MZ" db check --db fresh.db | sed -n 's/.*结构版本 \([0-9]*\).*/\1/p')
[ -n "$current" ] || fail "no schema version from a fresh database"
tables="persons households memberships facts divisions users cases case_steps enrolments rolls roll_lines audit_log"
fixtures=("$MZ_REPO"/tests/data/upgrade/v*.db.gz)
[ ${#fixtures[@]} -ge 2 ] || fail "fixtures missing"
for fx in "${fixtures[@]}"; do
    v=$(basename "$fx" .db.gz)
    gunzip -c "$fx" > $v.db
    from=$(q $v.db "pragma user_version")
    [ "$from" -lt "$current" ] || [ "$v" = "v$current" ] || fail "$v: fixture at version $from"
    declare -A before=()
    for t in $tables; do before[$t]=$(q $v.db "select count(*) from $t"); done
    sum_before=$(q $v.db "select group_concat(id || hh_no || division, ',') from households")
    # a verified warning's finding was kept in outcome before version 37
    verified=$(q $v.db "select group_concat(id || ':' || outcome, ',') from warnings
                        where state = 'verified' and outcome is not null")

    "$MZ" db check --db $v.db > check.txt || fail "$v: db check: $(cat check.txt)"
    grep -q "结构版本 $current" check.txt || fail "$v: not migrated: $(cat check.txt)"
    for t in $tables; do
        [ "$(q $v.db "select count(*) from $t")" = "${before[$t]}" ] || fail "$v: $t changed in the upgrade"
    done
    [ "$(q $v.db "select group_concat(id || hh_no || division, ',') from households")" = "$sum_before" ] \
        || fail "$v: households changed"
    [ "$(q $v.db "select group_concat(id || ':' || finding, ',') from warnings
                  where state = 'verified' and finding is not null and outcome is null")" = "$verified" ] \
        || fail "$v: the findings of verified warnings not moved"
    "$MZ" audit verify --db $v.db > /dev/null || fail "$v: audit chain after the upgrade"

    # The old records go on working under this mz.
    hh=$(q $v.db "select hh_no from households order by id limit 1")
    "$MZ" eval --as-of 2026-11-02 --db $v.db > eval.txt || fail "$v: eval: $(cat eval.txt)"
    grep -q '城乡居民最低生活保障' eval.txt || fail "$v: eval output: $(cat eval.txt)"
    "$MZ" explain "$hh" --program dibao --as-of 2026-11-02 --db $v.db > explain.txt \
        || fail "$v: explain: $(cat explain.txt)"
    "$MZ" case show 1 --db $v.db > case.txt || fail "$v: case show: $(cat case.txt)"
    case_hh=$(q $v.db "select h.hh_no from cases c join households h on h.id = c.household_id where c.id = 1")
    [ -n "$case_hh" ] && grep -q "$case_hh" case.txt || fail "$v: case 1 lost its household: $(cat case.txt)"
    "$MZ" roll show 1 --db $v.db > roll.txt || fail "$v: roll show: $(cat roll.txt)"
    [ "$(q $v.db "select count(*) from roll_lines where roll_id = 1")" -gt 0 ] || fail "$v: roll 1 empty"
    "$MZ" monitor sweep --as-of 2026-11-02 --feeds "$MZ_REPO/feeds" --db $v.db > sweep.txt \
        || fail "$v: sweep: $(cat sweep.txt)"
    "$MZ" backup $v-b.db --db $v.db > /dev/null || fail "$v: backup"
    "$MZ" restore $v-b.db --db $v-r.db > /dev/null || fail "$v: restore"
    "$MZ" audit verify --db $v-r.db > /dev/null || fail "$v: restored chain"
    unset before
done
echo "upgrade ok"
