# Killed (SIGKILL) at random points of roll building and of case steps.
# Afterwards the database is intact and its audit chain verifies; a roll is
# all there or not at all, never twice for a unit and month, and no
# household is paid twice in a month; every case step the command
# acknowledged (exit status 0) is there once, each case's state is its last
# step's, an approval and its enrolment are stored together; and rerunning
# completes the work once. CRASH_ROUNDS (default 2) rounds of each; kill
# times come from CRASH_SEED (printed with a failure, to repeat it).
set -euo pipefail
seed=${CRASH_SEED:-$(date +%s)}
rounds=${CRASH_ROUNDS:-2}
fail() { echo "FAIL (CRASH_SEED=$seed): $*" >&2; exit 1; }
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=k.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 12000 --seed 11 --date 2025-01-01 >/dev/null
q() { sqlite3 k.db "$1"; }
# at I T: a kill time in seconds for round I, within T seconds, from the seed
at() { awk -v s="$seed" -v i="$1" -v t="$2" 'BEGIN { srand(s + i); printf "%.2f", 0.05 + rand() * t }'; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { print b - a }'; }
intact() {
    "$MZ" db check >/dev/null || fail "$1: database damaged"
    "$MZ" audit verify >/dev/null 2>&1 || fail "$1: audit chain broken"
}
# killed T CMD…: runs CMD in the background in a process group of its own
# and kills the group (CMD and the mz it runs) after T seconds.
killed() {
    local t=$1; shift
    set -m
    "$@" >/dev/null 2>&1 &
    local pid=$!
    set +m
    sleep "$t"
    kill -9 -- -$pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
}

div=$(q "select division from households order by id limit 1")
U=${div:0:6}
for u in "li street ${div:0:9}" "wang district $U"; do
    set -- $u
    MZ_PASSWORD="pw-$1-12345" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
    MZ_PASSWORD="pw-$1-12345" "$MZ" user delegate "$1" >/dev/null
done

# 1. Case steps: households of one street, each walked from application to
# approval, one command a step, killed at a random point.
printf '入户调查记录\n' > visit.txt
steps="accept:2025-06-02 investigate:2025-06-03 visit:2025-06-04 start_posting:2025-06-05
       end_posting:2025-06-13 approve:2025-06-16"
# walk_case HH: opens a case for HH and takes it to approval, writing
# "CASE ACTION" to acked for each step acknowledged.
walk_case() {
    "$MZ" case open dibao --household "$1" --as li --date 2025-06-02 > open.txt || return 1
    local id
    id=$(sed -n 's/.*已登记案件 \([0-9]*\).*/\1/p' open.txt)
    echo "$id open" >> acked
    for a in $steps; do
        local act=${a%%:*} extra=() who=li
        [ "$act" = visit ] && extra=(--attach visit.txt)
        [ "$act" = approve ] && who=wang && extra=(--reason "入户核实")
        "$MZ" case step "$id" "$act" --as $who --date "${a##*:}" "${extra[@]}" >/dev/null 2>&1 \
            || return 1
        echo "$id $act" >> acked
    done
}
walk_cases() { for hh in $(tail -n +2 households.txt); do walk_case "$hh" || return 1; done; }
q "select hh_no from households h where division like '${div:0:9}%' and exists
   (select 1 from memberships m where m.household_id = h.id) order by id limit 40" > households.txt
cases_intact() {
    intact "$1"
    local n
    while read -r id act; do
        if [ "$act" = open ]; then n=$(q "select count(*) from cases where id = $id")
        else n=$(q "select count(*) from case_steps where case_id = $id and action = '$act'"); fi
        [ "$n" = 1 ] || fail "$1: acknowledged step $act of case $id stored $n times"
    done < acked
    [ "$(q "select count(*) from cases c where state <> coalesce((select to_state from case_steps s
            where s.case_id = c.id order by s.id desc limit 1), state)")" = 0 ] \
        || fail "$1: a case whose state is not its last step's"
    [ "$(q "select count(*) from case_steps s where action = 'approve' and (select count(*)
            from enrolments e where e.source = 'case:' || s.case_id) <> 1")" = 0 ] \
        || fail "$1: an approval without its one enrolment"
}
t0=$(now); walk_case "$(head -1 households.txt)" || fail "a case step failed"
per_case=$(since "$t0")
: > acked
cp k.db base.db
for round in $(seq "$rounds"); do
    rm -f k.db-wal k.db-shm acked; cp base.db k.db; touch acked
    d=$(at "$round" "$(awk -v t="$per_case" 'BEGIN { print 4 * t }')")
    killed "$d" walk_cases
    cases_intact "case round $round (killed after ${d}s)"
    echo "case round $round: killed after ${d}s, $(wc -l < acked) acknowledged steps all stored once"
    # the case cut short goes on from where it stopped
    last=$(q "select id from cases order by id desc limit 1")
    state=$(q "select state from cases where id = $last")
    [ "$state" = approved ] || for a in $steps; do
        act=${a%%:*}
        [ "$(q "select count(*) from case_steps where case_id = $last and action = '$act'")" = 0 ] \
            || continue
        extra=(); who=li
        [ "$act" = visit ] && extra=(--attach visit.txt)
        [ "$act" = approve ] && who=wang && extra=(--reason "入户核实")
        "$MZ" case step "$last" "$act" --as $who --date "${a##*:}" "${extra[@]}" >/dev/null \
            || fail "case round $round: case $last cannot go on with $act after the kill"
    done
    cases_intact "case round $round, after going on"
done
cp base.db k.db; rm -f k.db-wal k.db-shm

# 2. A roll killed while it is built (from nothing, and rebuilt over its
# draft): every household of the unit on the caseload.
q "insert into enrolments(program, household_id, person_id, start_month, source, created_at)
   select 'dibao', id, 0, '2025-07', 'manual', '2025-06-30' from households
   where id not in (select household_id from enrolments)"
want=$(q "select count(*) from enrolments e join households h on h.id = e.household_id
          where e.program = 'dibao' and h.division like '$U%'")
build() { "$MZ" roll build --program dibao --month 2025-07 --unit "$U" --as li; }
t0=$(now); build >/dev/null; full=$(since "$t0")
q "delete from roll_lines; delete from rolls"
cp k.db base.db
rolls_intact() {
    intact "$1"
    local rolls lines
    rolls=$(q "select count(*) from rolls where month = '2025-07'")
    lines=$(q "select count(*) from roll_lines")
    if [ "$rolls" = 0 ]; then
        [ "$lines" = 0 ] || fail "$1: $lines lines without their roll"
    else
        [ "$rolls" = 1 ] && [ "$lines" = "$want" ] || fail "$1: $rolls rolls with $lines lines of $want"
        [ "$(q "select lines from rolls")" = "$want" ] || fail "$1: the roll's count is not its lines'"
    fi
    [ "$(q "select count(*) from (select 1 from roll_lines l join rolls r on r.id = l.roll_id
            group by r.month, l.household_id, l.person_id, l.origin_month, l.kind
            having count(*) > 1)")" = 0 ] || fail "$1: a household paid twice in a month"
}
for round in $(seq "$rounds"); do
    rm -f k.db-wal k.db-shm; cp base.db k.db
    ((round % 2 == 0)) && build >/dev/null # even rounds: killed rebuilding the draft
    d=$(at $((round + 100)) "$full")
    killed "$d" build
    rolls_intact "roll round $round (killed after ${d}s of ${full}s)"
    echo "roll round $round: killed after ${d}s of ${full}s, $(q 'select count(*) from roll_lines') of $want lines"
    build >/dev/null || fail "roll round $round: rebuild after the kill"
    rolls_intact "roll round $round, rebuilt"
    [ "$(q 'select count(*) from rolls')" = 1 ] || fail "roll round $round: not one roll after the rebuild"
done
