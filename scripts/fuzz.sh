#!/usr/bin/env bash
# Builds every fuzz/fuzz_NAME.c as a libFuzzer binary (clang, with ASan and
# UBSan) linked with all of src/ except main.c, and runs each for
# FUZZ_SECONDS (default 60) on its corpus fuzz/corpus/NAME, which keeps what
# it finds. Afterwards the corpus is minimised (-merge) so that it stays
# small enough to commit. Crashes are left in build/fuzz/NAME/.
# Usage: scripts/fuzz.sh [NAME...]   (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."

clang=
for c in clang-14 clang; do command -v "$c" >/dev/null && { clang=$c; break; }; done
if [ -z "$clang" ] || ! "$clang" -fsanitize=fuzzer -x c -o /dev/null - <<<'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' 2>/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "fuzz: needs clang with libFuzzer: sudo apt-get install clang-14 libclang-rt-14-dev" >&2
        exit 1
    fi
    echo "fuzz: installing clang-14 libclang-rt-14-dev" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-14 libclang-rt-14-dev >/dev/null
    clang=clang-14
fi

seconds=${FUZZ_SECONDS:-60}
pkgs=$(sed -n 's/^PKGS *:= *//p' Makefile)
flags="-std=c11 -D_GNU_SOURCE -g -O1 -Isrc -pthread -fno-omit-frame-pointer $(pkg-config --cflags $pkgs)"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
libs="$(pkg-config --libs $pkgs) -lm"
out=build/fuzz
mkdir -p "$out/obj"

# The project sources, compiled once with coverage instrumentation.
objs=()
while read -r src; do
    obj="$out/obj/${src//\//_}.o"
    if [ ! -e "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find src -name '*.h' -newer "$obj" -print -quit)" ]; then
        "$clang" $flags $san -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
    fi
    objs+=("$obj")
done < <(find src -name '*.c' ! -name main.c | sort)

if (($#)); then names=("$@"); else
    names=(); for f in fuzz/fuzz_*.c; do n=${f#fuzz/fuzz_}; names+=("${n%.c}"); done
fi
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for name in "${names[@]}"; do
    bin="$out/fuzz_$name"
    "$clang" $flags $san -fsanitize=fuzzer "fuzz/fuzz_$name.c" "${objs[@]}" $libs -o "$bin"
    corpus=fuzz/corpus/$name
    mkdir -p "$corpus" "$out/$name"
    echo "fuzz: $name for ${seconds}s" >&2
    if ! "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$out/$name/" -print_final_stats=1 "$corpus" 2>"$out/$name/log"; then
        tail -60 "$out/$name/log" >&2
        echo "fuzz: $name FAILED; inputs in $out/$name/" >&2
        status=1
        continue
    fi
    grep -E '^stat::(number_of_executed_units|peak_rss)' "$out/$name/log" >&2 || true
    # Minimise: keep only inputs that add coverage.
    rm -rf "$out/$name/min" && mkdir -p "$out/$name/min"
    "$bin" -merge=1 -max_len=65536 "$out/$name/min" "$corpus" 2>>"$out/$name/log"
    rm -rf "$corpus" && mv "$out/$name/min" "$corpus"
    echo "fuzz: $name corpus $(ls "$corpus" | wc -l) files, $(du -sh "$corpus" | cut -f1)" >&2
done
exit $status
