#!/usr/bin/env bash
# Runs every unit test binary (cmocka) and every end-to-end script in
# tests/e2e/, then prints one closing line "N passed, N failed".
# Usage: scripts/run-tests.sh BUILD_DIR TEST_NAME...
#
# MZ_TEST_JOBS tests run at a time (default 2, one a core of the CI
# machine), each script in a temp dir of its own; at most MZ_TEST_BROWSERS
# of them (default 1) drive chromium, whose journeys wait on the page and
# would slow down beside another. The results are printed in the order of
# the arguments and of tests/e2e/*.sh, as if the tests ran one after another.
set -uo pipefail
build=$1; shift
export MZ="$PWD/$build/mz" MZ_REPO="$PWD"
# quarantine_size_mb: ASan keeps freed memory from reuse until this much more
# has been freed. At its default of 256 MB a short `mz` run never reuses any,
# and the fresh pages it touches instead made city setups two to three times slower;
# a use after free within the next 64 MB freed is still caught.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:quarantine_size_mb=64
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
jobs=${MZ_TEST_JOBS:-2} browsers=${MZ_TEST_BROWSERS:-1}
res=$(mktemp -d)
trap 'rm -rf "$res"' EXIT
passed=0 failed=0 failures=()

# Each test's output goes to $res/I.out, its start and end times to
# $res/I.time and its exit status, once it has ended, to $res/I.rc. With
# MZ_TEST_TIMES=FILE, each test's seconds are added to FILE.
finish() { echo "$3 $EPOCHREALTIME" > "$res/$1.time"; echo "$2" > "$res/$1.st" && mv "$res/$1.st" "$res/$1.rc"; }
start_unit() { local t0=$EPOCHREALTIME; "$build/tests/$2" > "$res/$1.out" 2>&1; finish "$1" $? "$t0"; }
start_e2e() {
    local tmp rc t0=$EPOCHREALTIME
    tmp=$(mktemp -d)
    (cd "$tmp" && bash "$MZ_REPO/$2") > "$res/$1.out" 2>&1; rc=$?
    rm -rf "$tmp"
    finish "$1" $rc "$t0"
}
report_unit() {
    local t=$2 rc=$3 out p f
    out=$(< "$res/$1.out")
    p=$(grep -c '^\[       OK \]' <<< "$out")
    f=$(grep -cE '^\[  (FAILED|ERROR)  \] [a-z_0-9]+$' <<< "$out")
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$rc" -ne 0 ]; then
        [ "$f" -eq 0 ] && failed=$((failed + 1))
        failures+=("$t"); tail -40 "$res/$1.out"
    fi
    printf '%-28s %3d passed, %d failed\n' "$t" "$p" "$f"
}
report_e2e() {
    local name
    name=$(basename "$2" .sh)
    if [ "$3" -eq 0 ]; then
        passed=$((passed + 1)); printf '%-28s ok\n' "e2e/$name"
    else
        failed=$((failed + 1)); failures+=("e2e/$name"); tail -40 "$res/$1.out"
        printf '%-28s FAILED\n' "e2e/$name"
    fi
}

# run KIND ITEM...: runs start_KIND on the items, $jobs at a time and
# $browsers browser scripts at most, and report_KIND on each in turn as it
# ends.
run() {
    local kind=$1; shift
    local items=("$@") n=$# started=() browser=() shown=0 i k running inbrowser rc
    for ((i = 0; i < n; i++)); do
        started[i]=0 browser[i]=0
        [ "$kind" = e2e ] && grep -qE 'chromium|web[a-z_]*\.mjs' "${items[i]}" && browser[i]=1
    done
    while ((shown < n)); do
        while :; do # start the next that may start, a browser script first
            running=0 inbrowser=0 k=-1
            for ((i = 0; i < n; i++)); do
                ((started[i])) && [ ! -e "$res/$kind.$i.rc" ] || continue
                running=$((running + 1)) inbrowser=$((inbrowser + browser[i]))
            done
            ((running < jobs)) || break
            for ((i = 0; i < n; i++)); do
                ((started[i])) && continue
                ((browser[i] && inbrowser >= browsers)) && continue
                ((k < 0 || (browser[i] && !browser[k]))) && k=$i
            done
            ((k >= 0)) || break
            started[k]=1
            start_"$kind" "$kind.$k" "${items[k]}" &
        done
        wait -n 2>/dev/null || sleep 0.1
        while ((shown < n)) && [ -e "$res/$kind.$shown.rc" ]; do
            rc=$(< "$res/$kind.$shown.rc")
            report_"$kind" "$kind.$shown" "${items[shown]}" "$rc"
            [ -z "${MZ_TEST_TIMES:-}" ] || awk -v n="${items[shown]}" '{ printf "%8.1f %s\n", $2 - $1, n }' \
                "$res/$kind.$shown.time" >> "$MZ_TEST_TIMES"
            shown=$((shown + 1))
        done
    done
}

run unit "$@"
e2e=()
for s in tests/e2e/*.sh; do [ -e "$s" ] && e2e+=("$s"); done
((${#e2e[@]})) && run e2e "${e2e[@]}"
((${#failures[@]})) && echo "failing: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
