#!/usr/bin/env bash
# Runs every unit test binary (cmocka) and every end-to-end script in
# tests/e2e/, then prints one closing line "N passed, N failed".
# Usage: scripts/run-tests.sh BUILD_DIR TEST_NAME...
set -uo pipefail
build=$1; shift
export MZ="$PWD/$build/mz" MZ_REPO="$PWD"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
passed=0 failed=0 failures=()
for t in "$@"; do
    out=$("$build/tests/$t" 2>&1); rc=$?
    p=$(grep -c '^\[       OK \]' <<< "$out"); f=$(grep -c '^\[  FAILED  \]' <<< "$out" | head -1)
    f=$(grep -cE '^\[  (FAILED|ERROR)  \] [a-z_0-9]+$' <<< "$out")
    passed=$((passed + p)); failed=$((failed + f))
    if [ $rc -ne 0 ]; then
        [ "$f" -eq 0 ] && failed=$((failed + 1))
        failures+=("$t"); printf '%s\n' "$out" | tail -40
    fi
    printf '%-28s %3d passed, %d failed\n' "$t" "$p" "$f"
done
for s in tests/e2e/*.sh; do
    [ -e "$s" ] || continue
    name=$(basename "$s" .sh)
    tmp=$(mktemp -d)
    if out=$(cd "$tmp" && bash "$OLDPWD/$s" 2>&1); then
        passed=$((passed + 1)); printf '%-28s ok\n' "e2e/$name"
    else
        failed=$((failed + 1)); failures+=("e2e/$name"); printf '%s\n' "$out" | tail -40
        printf '%-28s FAILED\n' "e2e/$name"
    fi
    rm -rf "$tmp"
done
((${#failures[@]})) && echo "failing: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
