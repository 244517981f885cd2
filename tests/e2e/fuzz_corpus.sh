# The fuzz corpora replayed (the short version of `make fuzz`): every
# committed input of every target, through the target built with a plain
# main under ASan and UBSan beside $MZ (fuzz/replay.c). A crash, a
# sanitizer report or a target's own check failing on any of them fails.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
bin=$(dirname "$MZ")/fuzz
export ASAN_OPTIONS=detect_leaks=1
targets=0
for src in "$MZ_REPO"/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c); name=${name#fuzz_}
    [ -x "$bin/fuzz_$name" ] || fail "fuzz_$name not built (make $bin/fuzz_$name)"
    [ -d "$MZ_REPO/fuzz/corpus/$name" ] || fail "no corpus for $name"
    # the targets read shipped files relative to the repository
    (cd "$MZ_REPO" && "$bin/fuzz_$name" "fuzz/corpus/$name") > "out.$name" 2>&1 \
        || { tail -30 "out.$name" >&2; fail "fuzz_$name on its corpus"; }
    grep -q 'inputs replayed' "out.$name" || fail "fuzz_$name replayed nothing"
    echo "$name: $(cat "out.$name" | tail -1)"
    targets=$((targets + 1))
done
[ "$targets" -ge 10 ] || fail "only $targets fuzz targets"
