# The place-name pages in the browser (issue #15): the real `mz serve` on a
# small city with a gazetteer, a street split and an account of 长寿区; then
# tests/e2e/web_placename.mjs drives chromium through the public search
# (no account), the gazetteer, a naming case to announcement and the
# division changes with a report as of a day.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x /usr/bin/chromium ] || fail "chromium missing: run scripts/bootstrap.sh"
[ -f "$MZ_REPO/build/web/index.html" ] || fail "the console is not built: run make"
export MZ_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff
export MZ_DB=t.db MZ_POLICIES="$MZ_REPO/policies/chongqing" MZ_HOLIDAYS="$MZ_REPO/data/holidays-cn.csv"
"$MZ" divisions import --dir "$MZ_REPO/tests/data/divisions" >/dev/null
"$MZ" gen --persons 2000 --seed 7 --date 2026-01-05 >/dev/null
for u in "cs district 500115" "fc street 500115001"; do
    set -- $u
    MZ_PASSWORD="pw-$1-123" "$MZ" user add "$1" --role "$2" --division "$3" >/dev/null
done
printf '标准名称,类别,所在区划,含义,地名文化,特色物产,经度,纬度\n' > names.csv
printf '长滨路,road,500115001,沿长江之滨,,,107.08,29.85\n' >> names.csv
printf '复元村,village,500115001200,复兴元气,清代石碑一通,柑橘,,\n' >> names.csv
"$MZ" placename import names.csv >/dev/null || fail "gazetteer"
printf 'date 2026-01-10\ntitle 凤城街道析出凤岭街道\ndocument 长寿府〔2026〕1号\napproved 重庆市人民政府\n' > split.txt
printf 'create 500115099 凤岭街道 500115\nmove 500115001004 500115099\n' >> split.txt
"$MZ" divisions change --file split.txt >/dev/null || fail "split"
"$MZ" serve --listen 127.0.0.1:0 --feeds "$MZ_REPO/feeds" > serve.out 2> serve.err &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 200); do grep -q 'http://' serve.out 2>/dev/null && break; sleep 0.1; done
URL=$(grep -o 'http://[0-9.:]*' serve.out) || fail "server did not start: $(cat serve.err)"
cd "$MZ_REPO"
URL=$URL node --test tests/e2e/web_placename.mjs
